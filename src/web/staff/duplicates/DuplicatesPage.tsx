/**
 * Duplicates in the registry: likely pairs side by side with the waterfall of their weights, merged
 * into the record to keep (two different cédulas need a second, explicit "merge anyway"), and the
 * merges done, each undoable.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiState, asProblem, type Note, Notice, useApi, usePageTitle } from '../ApiState.js';
import { Waterfall } from '../reconcile/Waterfall.js';
import { formatDate } from '../registry/dates.js';
import { fullName } from '../registry/names.js';
import { type DuplicatePair, duplicatePairs, mergePersons, merges, undoMerge } from '../staff-api.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

/** The lowest probability a pair is shown at: likely pairs by default; lower finds more, with more noise. */
const LEAST = [0.9, 0.5, 0.2, 0.05];

export function DuplicatesPage() {
  const { t: s, i18n } = useTranslation('staff');
  usePageTitle(s('duplicates.title'));
  const [params, setParams] = useSearchParams();
  const least = LEAST.find((p) => String(p) === params.get('min')) ?? 0.5;
  const [pairs, reloadPairs] = useApi(() => duplicatePairs(least), [least]);
  const [done, reloadDone] = useApi(merges, []);
  const [note, setNote] = useState<Note | null>(null);
  const changed = (text: string) => {
    setNote({ ok: true, text });
    reloadPairs();
    reloadDone();
  };
  async function undo(id: string) {
    setNote(null);
    try {
      await undoMerge(id);
      changed(s('duplicates.undone'));
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    }
  }
  return (
    <>
      <h1>{s('duplicates.title')}</h1>
      <p className="lede">{s('duplicates.intro')}</p>
      <div className="filters">
        <label>
          {s('duplicates.least')}
          <select value={least} onChange={(e) => setParams(e.target.value === '0.5' ? {} : { min: e.target.value }, { replace: true })}>
            {LEAST.map((p) => (
              <option key={p} value={p}>
                {p.toLocaleString(i18n.language, { style: 'percent' })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Notice note={note} />
      <ApiState loaded={pairs} retry={reloadPairs}>
        {({ compared, pairs: list }) => (
          <>
            <p className="note">{s('duplicates.compared', { count: compared })}</p>
            {list.length === 0 ? (
              <p className="note">{s('duplicates.none')}</p>
            ) : (
              <ol className="cards" data-testid="duplicate-pairs">
                {list.map((pair, n) => (
                  <Pair key={`${pair.a.personId}:${pair.b.personId}`} n={n + 1} pair={pair} onMerged={() => changed(s('duplicates.merged'))} />
                ))}
              </ol>
            )}
          </>
        )}
      </ApiState>
      <section aria-labelledby="merges-done">
        <h2 id="merges-done">{s('duplicates.done')}</h2>
        <ApiState loaded={done} retry={reloadDone}>
          {(list) =>
            list.length === 0 ? (
              <p className="note">{s('duplicates.noneDone')}</p>
            ) : (
              <TableWrap>
                <table data-testid="merges">
                  <thead>
                    <tr>
                      <th scope="col">{s('duplicates.kept')}</th>
                      <th scope="col">{s('duplicates.by')}</th>
                      <th scope="col">{s('duplicates.when')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{s('duplicates.undo')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((m) => (
                      <tr key={m.id}>
                        <td>
                          <Link to={`/registro/${m.keptPersonId}`}>{s('duplicates.open')}</Link>
                        </td>
                        <td>{m.mergedBy}</td>
                        <td>{new Date(m.mergedAt).toLocaleString(i18n.language)}</td>
                        <td>
                          <button type="button" className="small" onClick={() => undo(m.id)}>
                            {s('duplicates.undo')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )
          }
        </ApiState>
      </section>
    </>
  );
}

function Pair({ n, pair, onMerged }: { n: number; pair: DuplicatePair; onMerged: () => void }) {
  const { t: s, i18n } = useTranslation('staff');
  const [note, setNote] = useState<Note | null>(null);
  const [needsForce, setNeedsForce] = useState<{ keep: string; merge: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const day = (iso: string) => (iso ? formatDate(iso, 'day', i18n.language) : '—');
  async function merge(keep: string, into: string, force: boolean) {
    setBusy(true);
    setNote(null);
    try {
      await mergePersons(keep, into, force);
      setNeedsForce(null);
      onMerged();
    } catch (error) {
      const problem = asProblem(error);
      if (!force && problem.status === 409 && problem.details.some((d) => d.path === 'force')) setNeedsForce({ keep, merge: into });
      else setNote({ ok: false, problem });
    } finally {
      setBusy(false);
    }
  }
  const rows: [string, (p: DuplicatePair['a']) => string][] = [
    [s('reconcile.fields.name'), (p) => fullName(p)],
    [s('reconcile.fields.cedula'), (p) => p.cedula || '—'],
    [s('reconcile.fields.birthDate'), (p) => day(p.birthDate)],
    [s('reconcile.fields.externalId'), (p) => p.externalId ?? '—'],
  ];
  const probability = pair.probability.toLocaleString(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <li data-testid="duplicate-pair">
      <h2>{s('duplicates.pair', { n, probability })}</h2>
      <TableWrap>
        <table className="side-by-side">
          <thead>
            <tr>
              <th scope="col">{s('duplicates.field')}</th>
              <th scope="col">{s('duplicates.a')}</th>
              <th scope="col">{s('duplicates.b')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, of]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{of(pair.a)}</td>
                <td>{of(pair.b)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{s('duplicates.open')}</th>
              <td>
                <Link to={`/registro/${pair.a.personId}`}>{s('duplicates.a')}</Link>
              </td>
              <td>
                <Link to={`/registro/${pair.b.personId}`}>{s('duplicates.b')}</Link>
              </td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      <details>
        <summary>{s('duplicates.why')}</summary>
        <Waterfall caption={s('duplicates.weights')} explanation={pair.explanation} />
      </details>
      <Notice note={note} />
      {needsForce ? (
        <div className="error" role="alert">
          <p>{s('duplicates.twoCedulas')}</p>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => merge(needsForce.keep, needsForce.merge, true)}>
              {s('duplicates.force')}
            </button>
            <button type="button" onClick={() => setNeedsForce(null)}>
              {s('duplicates.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => merge(pair.a.personId, pair.b.personId, false)}>
            {s('duplicates.keepA')}
          </button>
          <button type="button" disabled={busy} onClick={() => merge(pair.b.personId, pair.a.personId, false)}>
            {s('duplicates.keepB')}
          </button>
        </div>
      )}
    </li>
  );
}
