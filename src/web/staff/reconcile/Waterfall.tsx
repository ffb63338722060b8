/**
 * A pair's match weight as a waterfall, as Splink draws it: from the prior (any two records),
 * each compared field adds or takes away bits, and the total is the probability. A table whose
 * last column draws the running total, so the numbers are read and the shape is seen.
 */
import { useTranslation } from 'react-i18next';
import type { Candidate } from '../staff-api.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

export function Waterfall({ caption, explanation }: { caption: string; explanation: Candidate['explanation'] }) {
  const { t: s, i18n } = useTranslation('staff');
  const bits = (w: number) => `${w > 0 ? '+' : w < 0 ? '−' : ''}${Math.abs(w).toLocaleString(i18n.language, { maximumFractionDigits: 2 })}`;
  // the engine's labels are keys of their own (spaces, parentheses): looked up in the object, not as a path
  const words = s('reconcile.levels', { returnObjects: true }) as Record<string, string>;
  const steps = [
    { key: 'prior', label: s('reconcile.prior'), detail: '', weight: explanation.prior, adj: 0 },
    ...explanation.steps.map((step) => ({
      key: step.comparison,
      label: s(`reconcile.comparisons.${step.comparison}`, { defaultValue: step.comparison }),
      detail: words[step.label] ?? step.label,
      weight: step.weight + step.frequencyAdjustment,
      adj: step.frequencyAdjustment,
    })),
  ];
  // the running total before and after each step, and the span the bars must fit
  let running = 0;
  const spans = steps.map((step) => {
    const from = running;
    running += step.weight;
    return { from, to: running };
  });
  const low = Math.min(0, ...spans.flatMap((x) => [x.from, x.to]));
  const high = Math.max(0, ...spans.flatMap((x) => [x.from, x.to]));
  const scale = (w: number) => (100 * (w - low)) / Math.max(1e-9, high - low);
  const zero = scale(0);
  return (
    <TableWrap>
      <table className="waterfall" data-testid="waterfall">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s('reconcile.field')}</th>
            <th scope="col" className="num">
              {s('reconcile.weight')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{s('reconcile.weight')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step, i) => {
            const { from, to } = spans[i]!;
            return (
              <tr key={step.key}>
                <th scope="row">
                  {step.label}
                  {step.detail && <span className="step-detail"> · {step.detail}</span>}
                  {step.adj !== 0 && <span className="step-detail"> ({s('reconcile.frequency', { adj: bits(step.adj) })})</span>}
                </th>
                <td className="num">{bits(step.weight)}</td>
                <td className="bar-cell" aria-hidden="true">
                  <svg viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" aria-hidden="true">
                    <line className="zero" x1={zero} x2={zero} y1="0" y2="10" />
                    <rect
                      className={step.weight >= 0 ? 'up' : 'down'}
                      x={Math.min(scale(from), scale(to))}
                      width={Math.max(0.5, Math.abs(scale(to) - scale(from)))}
                      y="1.5"
                      height="7"
                    />
                  </svg>
                </td>
              </tr>
            );
          })}
          <tr className="total">
            <th scope="row">
              {s('reconcile.total')} · {s('reconcile.fields.probability')}{' '}
              {explanation.probability.toLocaleString(i18n.language, { style: 'percent', maximumFractionDigits: 1 })}
            </th>
            <td className="num">{bits(explanation.weight)}</td>
            <td className="bar-cell" aria-hidden="true">
              <svg viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" aria-hidden="true">
                <line className="zero" x1={zero} x2={zero} y1="0" y2="10" />
                <rect
                  className="sum"
                  x={Math.min(zero, scale(explanation.weight))}
                  width={Math.max(0.5, Math.abs(scale(explanation.weight) - zero))}
                  y="1.5"
                  height="7"
                />
              </svg>
            </td>
          </tr>
        </tbody>
      </table>
    </TableWrap>
  );
}
