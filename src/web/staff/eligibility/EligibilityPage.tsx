/**
 * Eligibility over the registry: run an instrument (or one of its readings) on a date, the runs kept
 * with their counts, and two instruments compared as a transition matrix whose cells open the
 * cases behind them.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiProblem } from '../../session-api.js';
import { ApiState, asProblem, ProblemText, useApi, usePageTitle } from '../ApiState.js';
import { localToday } from '../registry/dates.js';
import { type Comparison, compareRuleSets, eligibilityRuns, type Outcome, type RuleSetSummary, ruleSets, startRun } from '../staff-api.js';
import { TableWrap } from '../TableWrap.js';

export const OUTCOMES: Outcome[] = ['covered', 'review', 'excluded'];

/** Each instrument and each of its readings, as the API names them (id@reading). */
function choices(sets: RuleSetSummary[], language: string): [string, string][] {
  const title = (set: RuleSetSummary) => (language === 'en' ? set.title.en : set.title.es);
  return sets.flatMap((set) => [
    [set.id, title(set)] as [string, string],
    ...set.readings.map((r) => [`${set.id}@${r.name}`, `${title(set)} — ${language === 'en' ? r.label.en : r.label.es}`] as [string, string]),
  ]);
}

export function EligibilityPage({ may }: { may: ReadonlySet<string> }) {
  const { t: s, i18n } = useTranslation('staff');
  usePageTitle(s('eligibility.title'));
  const [sets] = useApi(ruleSets, []);
  const [runs, reloadRuns] = useApi(eligibilityRuns, []);
  const options = sets.state === 'ok' ? choices(sets.data, i18n.language) : [];
  return (
    <>
      <h1>{s('eligibility.title')}</h1>
      {may.has('eligibility.run') && <RunForm options={options} onRun={reloadRuns} />}
      <h2>{s('eligibility.runs')}</h2>
      <ApiState loaded={runs} retry={reloadRuns}>
        {(list) =>
          list.length === 0 ? (
            <p className="note">{s('eligibility.noRuns')}</p>
          ) : (
            <TableWrap>
              <table data-testid="runs">
                <thead>
                  <tr>
                    <th scope="col">{s('eligibility.instrument')}</th>
                    <th scope="col">{s('eligibility.asOf')}</th>
                    {OUTCOMES.map((o) => (
                      <th key={o} scope="col" className="num">
                        {s(`eligibility.outcomes.${o}`)}
                      </th>
                    ))}
                    <th scope="col">{s('eligibility.by')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((run) => (
                    <tr key={run.id}>
                      <td>
                        <Link to={`/elegibilidad/${run.id}`}>{[run.ruleSetId, ...run.variants].join(' @ ')}</Link>
                      </td>
                      <td>{run.asOf}</td>
                      {OUTCOMES.map((o) => (
                        <td key={o} className="num">
                          {run[o].toLocaleString(i18n.language)}
                        </td>
                      ))}
                      <td>
                        {run.createdBy}, {new Date(run.createdAt).toLocaleString(i18n.language)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </ApiState>
      <Compare options={options} />
    </>
  );
}

function RunForm({ options, onRun }: { options: [string, string][]; onRun: () => void }) {
  const { t: s } = useTranslation('staff');
  const [rules, setRules] = useState('');
  const [asOf, setAsOf] = useState(localToday);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await startRun(rules, asOf);
      onRun();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="grid-form boxed" onSubmit={submit} data-testid="run-form">
      <h2 className="wide">{s('eligibility.run')}</h2>
      <div className="field">
        <label htmlFor="run-rules">{s('eligibility.instrument')}</label>
        <select id="run-rules" required value={rules} onChange={(e) => setRules(e.target.value)}>
          <option value="">{s('imports.noneChosen')}</option>
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="run-asof">{s('eligibility.asOf')}</label>
        <input id="run-asof" type="date" required value={asOf} onChange={(e) => setAsOf(e.target.value)} />
      </div>
      {problem && (
        <div className="error wide" role="alert">
          <ProblemText problem={problem} />
        </div>
      )}
      <div className="actions wide">
        <button type="submit" disabled={busy || !rules}>
          {busy ? s('eligibility.running') : s('eligibility.start')}
        </button>
      </div>
    </form>
  );
}

/** Two instruments over every detention: how many cases go from each outcome to each other. */
function Compare({ options }: { options: [string, string][] }) {
  const { t: s, i18n } = useTranslation('staff');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [result, setResult] = useState<{ loading: true } | { comparison: Comparison } | { problem: ApiProblem } | null>(null);
  const [cell, setCell] = useState<{ from: Outcome; to: Outcome } | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult({ loading: true });
    setCell(null);
    try {
      setResult({ comparison: await compareRuleSets(a, b) });
    } catch (error) {
      setResult({ problem: asProblem(error) });
    }
  }
  const pick = (id: string, value: string, set: (v: string) => void, label: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} required value={value} onChange={(e) => set(e.target.value)}>
        <option value="">{s('imports.noneChosen')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="compare">
      <h2 id="compare">{s('eligibility.compare')}</h2>
      <form className="grid-form" onSubmit={submit}>
        {pick('compare-a', a, setA, s('eligibility.a'))}
        {pick('compare-b', b, setB, s('eligibility.b'))}
        <div className="actions wide">
          <button type="submit" disabled={!a || !b}>
            {s('eligibility.compareButton')}
          </button>
        </div>
      </form>
      {result && 'loading' in result && <p role="status">{s('states.loading')}</p>}
      {result && 'problem' in result && (
        <div className="error" role="alert">
          <ProblemText problem={result.problem} />
        </div>
      )}
      {result && 'comparison' in result && (
        <>
          <p>{s('eligibility.matrixNote', { cases: result.comparison.cases, persons: result.comparison.persons })}</p>
          <TableWrap>
            <table data-testid="transition-matrix" className="matrix">
              <caption className="visually-hidden">{s('eligibility.matrixCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{s('eligibility.fromTo')}</th>
                  {OUTCOMES.map((to) => (
                    <th key={to} scope="col" className="num">
                      {s(`eligibility.outcomes.${to}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {OUTCOMES.map((from) => (
                  <tr key={from}>
                    <th scope="row">{s(`eligibility.outcomes.${from}`)}</th>
                    {OUTCOMES.map((to) => {
                      const n = result.comparison.byCase[from]?.[to] ?? 0;
                      return (
                        <td key={to} className={`num${from === to ? ' same' : ''}`}>
                          {n > 0 && from !== to ? (
                            <button
                              type="button"
                              className="linklike"
                              aria-pressed={cell?.from === from && cell.to === to}
                              onClick={() => setCell({ from, to })}
                              aria-label={s('eligibility.cell', { n, from: s(`eligibility.outcomes.${from}`), to: s(`eligibility.outcomes.${to}`) })}
                            >
                              {n.toLocaleString(i18n.language)}
                            </button>
                          ) : (
                            n.toLocaleString(i18n.language)
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {cell && (
            <TableWrap>
              <table data-testid="changed-cases">
                <caption>{s('eligibility.cell', { n: '', from: s(`eligibility.outcomes.${cell.from}`), to: s(`eligibility.outcomes.${cell.to}`) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{s('eligibility.case')}</th>
                    <th scope="col">{s('eligibility.ruleA')}</th>
                    <th scope="col">{s('eligibility.ruleB')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.comparison.changed
                    .filter((c) => c.from === cell.from && c.to === cell.to)
                    .map((c) => (
                      <tr key={c.case}>
                        <td>{c.person ? <Link to={`/registro/${c.person}`}>{s('eligibility.openRecord')}</Link> : c.case}</td>
                        <td>{c.ruleA}</td>
                        <td>{c.ruleB}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </section>
  );
}
