/**
 * One eligibility run: each detention's outcome with whose it is, filtered by outcome, the state of
 * its deadlines, protest wave and facility, overdue first; one case's decision as sentences with
 * their articles. Filters stay in the screen (a wave or a facility is not personal, but a filtered
 * list is not worth an address).
 */
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiState, useApi, usePageTitle } from '../ApiState.js';
import { eligibilityRun, facilities, type RunResult } from '../staff-api.js';
import { TableWrap } from '../TableWrap.js';
import { OUTCOMES } from './EligibilityPage.js';

const DEADLINE_STATES = ['overdue', 'late', 'pending', 'met'] as const;
const PAGE = 100;
/** Overdue first, then late, then pending; the rest after. */
const urgency = (r: RunResult) => {
  const states = r.result.deadlines.map((d) => d.status);
  const i = DEADLINE_STATES.findIndex((s) => states.includes(s));
  return i === -1 ? DEADLINE_STATES.length : i;
};

export function RunPage() {
  const { id = '' } = useParams();
  const { t: s, i18n } = useTranslation('staff');
  usePageTitle(s('eligibility.runTitle'));
  const [loaded, retry] = useApi(() => eligibilityRun(id, i18n.language), [id, i18n.language]);
  const [outcome, setOutcome] = useState('');
  const [deadline, setDeadline] = useState('');
  const [wave, setWave] = useState('');
  const [facility, setFacility] = useState('');
  const [places] = useApi(facilities, []);
  const placeName = (id: string) => (places.state === 'ok' ? (places.data.find((f) => f.id === id)?.name ?? id) : id);
  const [open, setOpen] = useState<string | null>(null);
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      <p>
        <Link to="/elegibilidad">{s('eligibility.back')}</Link>
      </p>
      <h1>{s('eligibility.runTitle')}</h1>
      <ApiState loaded={loaded} retry={retry}>
        {({ run, results }) => {
          const rows = results
            .filter((r) => !outcome || r.outcome === outcome)
            .filter((r) => !deadline || r.result.deadlines.some((d) => d.status === deadline))
            .filter((r) => !wave || r.protestWave === wave)
            .filter((r) => !facility || r.facilityId === facility)
            .sort((a, b) => urgency(a) - urgency(b));
          return (
            <>
              <p>
                {[run.ruleSetId, ...run.variants].join(' @ ')} · {s('eligibility.asOf')} {run.asOf} ·{' '}
                {OUTCOMES.map((o) => `${s(`eligibility.outcomes.${o}`)}: ${run[o]}`).join(' · ')}
              </p>
              <fieldset className="filters">
                <legend>{s('registry.filters')}</legend>
                <label>
                  {s('eligibility.outcome')}
                  <select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
                    <option value="">{s('registry.any')}</option>
                    {OUTCOMES.map((o) => (
                      <option key={o} value={o}>
                        {s(`eligibility.outcomes.${o}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {s('eligibility.deadline')}
                  <select value={deadline} onChange={(e) => setDeadline(e.target.value)}>
                    <option value="">{s('registry.any')}</option>
                    {DEADLINE_STATES.map((d) => (
                      <option key={d} value={d}>
                        {s(`eligibility.deadlines.${d}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {s('registry.wave')}
                  <select value={wave} onChange={(e) => setWave(e.target.value)}>
                    <option value="">{s('registry.any')}</option>
                    {[...new Set(results.flatMap((r) => (r.protestWave ? [r.protestWave] : [])))].sort().map((w) => (
                      <option key={w} value={w}>
                        {s(`waves.${w}`, { defaultValue: w })}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {s('registry.facility')}
                  <select value={facility} onChange={(e) => setFacility(e.target.value)}>
                    <option value="">{s('registry.any')}</option>
                    {[...new Set(results.flatMap((r) => (r.facilityId ? [r.facilityId] : [])))]
                      .map((f) => [f, placeName(f)] as const)
                      .sort((a, b) => a[1].localeCompare(b[1]))
                      .map(([f, name]) => (
                        <option key={f} value={f}>
                          {name}
                        </option>
                      ))}
                  </select>
                </label>
              </fieldset>
              <p aria-live="polite" data-testid="results-count">
                {s('eligibility.resultsCount', { count: rows.length })}
              </p>
              <TableWrap>
                <table data-testid="results">
                  <thead>
                    <tr>
                      <th scope="col">{s('eligibility.case')}</th>
                      <th scope="col">{s('registry.facility')}</th>
                      <th scope="col">{s('eligibility.outcome')}</th>
                      <th scope="col">{s('eligibility.article')}</th>
                      <th scope="col">{s('eligibility.deadline')}</th>
                      <th scope="col">{s('eligibility.why')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.slice(0, shown).map((r) => (
                      <Fragment key={r.detentionId}>
                        <tr>
                          <td>
                            <Link to={`/registro/${r.personId}`}>{r.personName ?? s('eligibility.openRecord')}</Link>
                          </td>
                          <td>
                            {r.facilityId ? placeName(r.facilityId) : '—'}
                            {r.protestWave && <span className="hint"> · {s(`waves.${r.protestWave}`, { defaultValue: r.protestWave })}</span>}
                          </td>
                          <td>
                            <span className={`outcome outcome-${r.outcome}`}>{s(`eligibility.outcomes.${r.outcome}`)}</span>
                            {r.result.missingFacts.length > 0 && (
                              <span className="hint"> · {s('eligibility.missing', { count: r.result.missingFacts.length })}</span>
                            )}
                          </td>
                          <td>{r.decisiveArticle ?? '—'}</td>
                          <td>
                            {r.result.deadlines.map((d) => (
                              <span key={d.deadline} className={`tag deadline-${d.status}`}>
                                {s(`eligibility.deadlines.${d.status}`, { defaultValue: d.status })} {d.due}
                              </span>
                            ))}
                          </td>
                          <td>
                            <button
                              type="button"
                              className="small"
                              aria-expanded={open === r.detentionId}
                              onClick={() => setOpen(open === r.detentionId ? null : r.detentionId)}
                            >
                              {s('eligibility.explain')}
                            </button>
                          </td>
                        </tr>
                        {open === r.detentionId && (
                          <tr className="definition">
                            <td colSpan={6} data-testid="explanation">
                              {r.result.explanation ? (
                                <ol>
                                  {r.result.explanation.map((sentence) => (
                                    <li key={sentence}>{sentence}</li>
                                  ))}
                                </ol>
                              ) : (
                                <p>{s('eligibility.noExplanation')}</p>
                              )}
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              {rows.length > shown && (
                <button type="button" onClick={() => setShown(shown + PAGE)}>
                  {s('eligibility.more')}
                </button>
              )}
            </>
          );
        }}
      </ApiState>
    </>
  );
}
