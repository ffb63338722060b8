/**
 * Measures and facilities: the presentations of a week (Monday to Sunday of the date chosen) by
 * court, each met, missed or pending — a documenter records one made —, who is overdue or in breach,
 * the re-arrest rate with its definition, and for each facility whose closure was announced, where
 * each person held there went, the unknowns first. The date is in the address; names never are.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiState, asProblem, type Note, Notice, useApi, usePageTitle } from '../ApiState.js';
import { formatDate, localToday } from '../registry/dates.js';
import { closure, dueBetween, facilities, overdue, rearrests, recordPresentation } from '../staff-api.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

/** Monday and Sunday of the week a date falls in (yyyy-mm-dd). */
export function weekOf(iso: string): [string, string] {
  const day = new Date(`${iso}T12:00:00Z`);
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return [monday.toISOString().slice(0, 10), sunday.toISOString().slice(0, 10)];
}

export function ConditionsPage({ may }: { may: ReadonlySet<string> }) {
  const { t: s, i18n } = useTranslation('staff');
  usePageTitle(s('conditions.title'));
  const [params, setParams] = useSearchParams();
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get('fecha') ?? '') ? params.get('fecha')! : localToday();
  const day = (iso: string | null) => (iso ? formatDate(iso, 'day', i18n.language) : '—');
  return (
    <>
      <h1>{s('conditions.title')}</h1>
      <p className="lede">{s('conditions.intro')}</p>
      <div className="filters">
        <label>
          {s('conditions.asOf')}
          <input type="date" value={asOf} onChange={(e) => e.target.value && setParams({ fecha: e.target.value }, { replace: true })} />
        </label>
      </div>
      <Week asOf={asOf} day={day} mayRecord={may.has('measures.write')} />
      <Overdue asOf={asOf} day={day} />
      <Rearrested asOf={asOf} />
      {/* a closure is accounted as of today: the week chosen may be before it was announced */}
      <Closures asOf={localToday()} day={day} />
    </>
  );
}

function Week({ asOf, day, mayRecord }: { asOf: string; day: (iso: string | null) => string; mayRecord: boolean }) {
  const { t: s } = useTranslation('staff');
  const [from, to] = weekOf(asOf);
  const [loaded, reload] = useApi(() => dueBetween(from, to, asOf), [from, to, asOf]);
  const [court, setCourt] = useState('');
  const [note, setNote] = useState<Note | null>(null);
  async function record(measureId: string, on: string) {
    setNote(null);
    try {
      await recordPresentation(measureId, on);
      setNote({ ok: true, text: s('conditions.recorded') });
      reload();
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    }
  }
  return (
    <section aria-labelledby="week">
      <h2 id="week">{s('conditions.week', { from: day(from), to: day(to) })}</h2>
      <Notice note={note} />
      <ApiState loaded={loaded} retry={reload}>
        {({ entries }) => {
          const courts = [...new Set(entries.map((e) => e.court ?? ''))].sort();
          const shown = entries.filter((e) => !court || (e.court ?? '') === court);
          return entries.length === 0 ? (
            <p className="note">{s('conditions.noDue')}</p>
          ) : (
            <>
              <div className="filters">
                <label>
                  {s('conditions.court')}
                  <select value={court} onChange={(e) => setCourt(e.target.value)}>
                    <option value="">{s('conditions.allCourts')}</option>
                    {courts.map((c) => (
                      <option key={c} value={c}>
                        {c || '—'}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <TableWrap>
                <table data-testid="due">
                  <thead>
                    <tr>
                      <th scope="col">{s('conditions.court')}</th>
                      <th scope="col">{s('conditions.due')}</th>
                      <th scope="col">{s('conditions.person')}</th>
                      <th scope="col">{s('conditions.state')}</th>
                      <th scope="col">{s('conditions.presentedOn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...shown]
                      .sort((a, b) => (a.court ?? '').localeCompare(b.court ?? '') || a.on.localeCompare(b.on))
                      .map((e) => (
                        <tr key={`${e.measureId}:${e.on}`}>
                          <td>{e.court ?? '—'}</td>
                          <td>{day(e.on)}</td>
                          <td>
                            <Link to={`/registro/${e.personId}`}>{e.personName}</Link>
                          </td>
                          <td>
                            <span className={`tag state-${e.state}`}>{s(`conditions.states.${e.state}`)}</span>
                          </td>
                          <td>
                            {e.presentedOn
                              ? day(e.presentedOn)
                              : mayRecord &&
                                e.on <= localToday() && (
                                  <button
                                    type="button"
                                    className="small"
                                    onClick={() => record(e.measureId, e.on)}
                                    aria-label={`${s('conditions.record')}: ${day(e.on)}`}
                                  >
                                    {s('conditions.record')}
                                  </button>
                                )}
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </TableWrap>
            </>
          );
        }}
      </ApiState>
    </section>
  );
}

function Overdue({ asOf, day }: { asOf: string; day: (iso: string | null) => string }) {
  const { t: s } = useTranslation('staff');
  const [loaded, reload] = useApi(() => overdue(asOf), [asOf]);
  return (
    <section aria-labelledby="overdue">
      <h2 id="overdue">{s('conditions.overdue')}</h2>
      <ApiState loaded={loaded} retry={reload}>
        {({ entries }) =>
          entries.length === 0 ? (
            <p className="note">{s('conditions.noOverdue')}</p>
          ) : (
            <TableWrap>
              <table data-testid="overdue">
                <thead>
                  <tr>
                    <th scope="col">{s('conditions.person')}</th>
                    <th scope="col">{s('conditions.court')}</th>
                    <th scope="col">{s('conditions.missedSince')}</th>
                    <th scope="col" className="num">
                      {s('conditions.missed')}
                    </th>
                    <th scope="col">{s('conditions.last')}</th>
                    <th scope="col">{s('conditions.next')}</th>
                    <th scope="col">{s('conditions.breaches')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.measureId}>
                      <td>
                        <Link to={`/registro/${e.personId}`}>{e.personName}</Link>
                      </td>
                      <td>{e.court ?? '—'}</td>
                      <td>{day(e.missedSince)}</td>
                      <td className="num">{e.missed}</td>
                      <td>{day(e.lastPresentation)}</td>
                      <td>{day(e.next)}</td>
                      <td>{e.breaches.map((b) => `${day(b.on)} (${b.kind.replaceAll('_', ' ')})`).join('; ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </ApiState>
    </section>
  );
}

function Rearrested({ asOf }: { asOf: string }) {
  const { t: s, i18n } = useTranslation('staff');
  const [loaded, reload] = useApi(() => rearrests(asOf), [asOf]);
  const percent = (n: number | null) => (n === null ? '—' : n.toLocaleString(i18n.language, { style: 'percent', maximumFractionDigits: 1 }));
  return (
    <section aria-labelledby="rearrests">
      <h2 id="rearrests">{s('conditions.rearrests')}</h2>
      <ApiState loaded={loaded} retry={reload}>
        {(r) => (
          <>
            <p className="note">{i18n.language === 'en' ? r.definition.en : r.definition.es}</p>
            <p>{s('conditions.releases', { releases: r.releases ?? '—', rearrests: r.rearrests ?? '—' })}</p>
            <TableWrap>
              <table data-testid="rearrest-rates">
                <thead>
                  <tr>
                    {r.overall.map((rate) => (
                      <th key={rate.window} scope="col" className="num">
                        {s('conditions.within', { days: rate.window })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    {r.overall.map((rate) => (
                      <td key={rate.window} className="num">
                        {percent(rate.rate)} ({rate.rearrested ?? '—'}/{rate.releases ?? '—'})
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </TableWrap>
            {r.delay.quartiles && <p>{s('conditions.median', r.delay.quartiles)}</p>}
          </>
        )}
      </ApiState>
    </section>
  );
}

function Closures({ asOf, day }: { asOf: string; day: (iso: string | null) => string }) {
  const { t: s } = useTranslation('staff');
  const [places] = useApi(facilities, []);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="facilities">
      <h2 id="facilities">{s('conditions.facilities')}</h2>
      <ApiState loaded={places}>
        {(list) => {
          const closing = list.filter((f) => f.status !== 'open');
          return closing.length === 0 ? (
            <p className="note">{s('conditions.noClosure')}</p>
          ) : (
            <>
              <ul>
                {closing.map((f) => (
                  <li key={f.id}>
                    {f.name} · {s(`conditions.statuses.${f.status}`)}
                    {f.statusSince && <> ({day(f.statusSince)})</>}{' '}
                    <button
                      type="button"
                      className="small"
                      aria-pressed={open === f.id}
                      aria-label={`${s('conditions.openClosure')}: ${f.name}`}
                      onClick={() => setOpen(open === f.id ? null : f.id)}
                    >
                      {s('conditions.openClosure')}
                    </button>
                  </li>
                ))}
              </ul>
              {open && <ClosureTable facilityId={open} asOf={asOf} day={day} />}
            </>
          );
        }}
      </ApiState>
    </section>
  );
}

/** Whose fate is least known comes first: the order of the outcomes is the API's (unknowns first). */
function ClosureTable({ facilityId, asOf, day }: { facilityId: string; asOf: string; day: (iso: string | null) => string }) {
  const { t: s } = useTranslation('staff');
  const [loaded, reload] = useApi(() => closure(facilityId, asOf), [facilityId, asOf]);
  return (
    <ApiState loaded={loaded} retry={reload}>
      {(c) => (
        <div data-testid="closure">
          <h3>{s('conditions.closure', { name: c.facility.name })}</h3>
          <p>
            {s('conditions.announced', {
              on: day(c.announcedOn),
              closed: c.closedOn ? s('conditions.closedOn', { on: day(c.closedOn) }) : '',
              total: c.total ?? '—',
            })}
          </p>
          <TableWrap>
            <table>
              <thead>
                <tr>
                  <th scope="col">{s('conditions.outcome')}</th>
                  <th scope="col">{s('conditions.person')}</th>
                  <th scope="col">{s('conditions.path')}</th>
                  <th scope="col">{s('conditions.lastEvent')}</th>
                </tr>
              </thead>
              <tbody>
                {(c.persons ?? []).map((p) => (
                  <tr key={p.person.id} data-outcome={p.outcome}>
                    <td>{s(`conditions.outcomes.${p.outcome}`, { defaultValue: p.outcome })}</td>
                    <td>
                      <Link to={`/registro/${p.person.id}`}>{p.person.name}</Link>
                    </td>
                    <td>{p.path.map((place) => place.name).join(' → ')}</td>
                    <td>
                      {s(`event.kinds.${p.lastEvent.kind}`, { defaultValue: p.lastEvent.kind })}, {day(p.lastEvent.occurredOn)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      )}
    </ApiState>
  );
}
