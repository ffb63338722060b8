/**
 * The review queue of a reconciled list: each doubtful row beside its candidates, field by field,
 * the weight each field contributed drawn as a waterfall, and the class the row would get with
 * each candidate. Decisions by keyboard (M is this person, N is not, S skip, 1–9 choose a
 * candidate); each is saved at once and the report's counts follow it on the same screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { normalizeForSearch } from '../../../domain/registry/normalize-name.js';
import { ApiState, asProblem, type Note, Notice, useApi, usePageTitle } from '../ApiState.js';
import { formatDate } from '../registry/dates.js';
import { fullName } from '../registry/names.js';
import { type Candidate, decide, type ReconciliationReport, type ReportEntry, reconciliationReport } from '../staff-api.js';
import { ClassCounts, listName } from './ReportPage.js';
import { Waterfall } from './Waterfall.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

export function ReviewPage({ may }: { may: ReadonlySet<string> }) {
  const { id = '' } = useParams();
  const { t: s } = useTranslation('staff');
  usePageTitle(s('reconcile.queueTitle'));
  // the first doubtful rows only (those skipped, and some ahead), with the whole list's counts: a long
  // list's queue is megabytes of candidates and explanations
  const [skipped, setSkipped] = useState<string[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another list's skipped rows are not this one's
  useEffect(() => setSkipped([]), [id]);
  const skippedNow = useRef(skipped);
  skippedNow.current = skipped;
  const [loaded, reload] = useApi(() => reconciliationReport(id, { only: 'ambiguous', limit: ROWS_AHEAD + skippedNow.current.length }), [id]);
  return (
    <>
      <p>
        <Link to={`/conciliar/${id}`}>← {s('reconcile.rows')}</Link>
      </p>
      <ApiState loaded={loaded} retry={reload}>
        {(report) => <Queue report={report} reload={reload} mayDecide={may.has('reconciliations.write')} skipped={skipped} setSkipped={setSkipped} />}
      </ApiState>
    </>
  );
}

/** Doubtful rows asked for beyond those skipped. */
const ROWS_AHEAD = 40;

function Queue({
  report,
  reload,
  mayDecide,
  skipped,
  setSkipped,
}: {
  report: ReconciliationReport;
  reload: () => void;
  mayDecide: boolean;
  skipped: string[];
  setSkipped: (change: (list: string[]) => string[]) => void;
}) {
  const { t: s } = useTranslation('staff');
  const doubtful = report.entries.filter((e) => e.class === 'ambiguous');
  const waiting = report.counts.ambiguous; // all of them, of which the first are here
  const total = useRef(waiting); // the queue as first shown: progress is measured against it
  total.current = Math.max(total.current, waiting);
  const [chosenId, setChosenId] = useState<string | null>(null); // a candidate by person, never by position
  const [busy, setBusy] = useState(false);
  // a decision saved locks the queue until the report that follows it arrives: a key pressed in
  // between must not fall on the row just decided
  const [decidedOn, setDecidedOn] = useState<ReconciliationReport | null>(null);
  const [keys, setKeys] = useState(true);
  const [note, setNote] = useState<Note | null>(null);
  // every row here skipped, and more wait beyond them: ask for those (the queue waits meanwhile)
  const exhausted = doubtful.length > 0 && doubtful.every((e) => skipped.includes(e.entryId)) && report.counts.ambiguous > doubtful.length;
  const locked = busy || decidedOn === report || exhausted;
  // skipped rows come back after the others, in the order they were skipped
  const ordered = [...doubtful.filter((e) => !skipped.includes(e.entryId)), ...skipped.flatMap((id) => doubtful.filter((e) => e.entryId === id))];
  const current = ordered[0];
  const done = total.current - waiting;
  useEffect(() => {
    if (exhausted) reload();
  }, [exhausted, reload]);
  // the candidate chosen, or the first when it is gone (rejected, or a new row)
  const chosen = Math.max(0, current?.candidates.findIndex((c) => c.personId === chosenId) ?? 0);

  const act = useCallback(
    async (what: 'match' | 'not' | 'skip') => {
      if (!current || locked) return;
      if (what === 'skip') {
        setSkipped((list) => [...list.filter((id) => id !== current.entryId), current.entryId]);
        setNote(null);
        return;
      }
      const candidate = current.candidates[chosen];
      if (!candidate) return;
      if (!mayDecide) return setNote({ ok: false, problem: { status: 403, code: 'forbidden', message: '', details: [] } });
      setBusy(true);
      try {
        await decide(report.reconciliation.id, current.entryId, candidate.personId, what === 'match');
        setNote({ ok: true, text: s(what === 'match' ? 'reconcile.decidedMatch' : 'reconcile.decidedNot', { row: current.entry.rowNumber }) });
        setDecidedOn(report);
        reload();
      } catch (error) {
        setNote({ ok: false, problem: asProblem(error) });
      } finally {
        setBusy(false);
      }
    },
    [current, chosen, locked, mayDecide, report, reload, s, setSkipped],
  );

  useEffect(() => {
    if (!keys) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
      const key = event.key.toLowerCase();
      if (key === 'm') act('match');
      else if (key === 'n') act('not');
      else if (key === 's') act('skip');
      else if (/^[1-9]$/.test(key) && current && Number(key) <= current.candidates.length) setChosenId(current.candidates[Number(key) - 1]!.personId);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act, current, keys]);

  return (
    <>
      <h1>
        {s('reconcile.queueTitle')}: {report.reconciliation.label}
      </h1>
      <p>
        <progress value={done} max={Math.max(1, total.current)} aria-labelledby="queue-progress" />{' '}
        <span id="queue-progress" data-testid="queue-progress">
          {s('reconcile.progress', { done, total: total.current })}
        </span>
        {skipped.length > 0 && <> · {s('reconcile.skipped', { count: skipped.filter((id) => doubtful.some((e) => e.entryId === id)).length })}</>}
      </p>
      <Notice note={note} />
      {current ? (
        <Entry entry={current} chosen={chosen} onChoose={(n) => setChosenId(current.candidates[n]!.personId)} />
      ) : (
        <p className="note" data-testid="queue-empty">
          {s('reconcile.queueEmpty')}
        </p>
      )}
      {current && (
        <>
          <label className="note">
            <input type="checkbox" checked={keys} onChange={(e) => setKeys(e.target.checked)} /> {s('reconcile.keys')}
          </label>
          <div className="actions decide">
            <button type="button" className="primary" disabled={locked || !mayDecide} onClick={() => act('match')}>
              {s('reconcile.match')}
            </button>
            <button type="button" disabled={locked || !mayDecide} onClick={() => act('not')}>
              {s('reconcile.notMatch')}
            </button>
            <button type="button" disabled={locked} onClick={() => act('skip')}>
              {s('reconcile.skip')}
            </button>
          </div>
        </>
      )}
      <section aria-labelledby="now-counts">
        <h2 id="now-counts">{s('reconcile.nowCounts')}</h2>
        <ClassCounts counts={report.counts} total={Object.values(report.counts).reduce((n, c) => n + c, 0)} />
      </section>
    </>
  );
}

type Row = { label: string; list: string; of: (c: Candidate) => string; compare?: boolean };

function Entry({ entry, chosen, onChoose }: { entry: ReportEntry; chosen: number; onChoose: (n: number) => void }) {
  const { t: s, i18n } = useTranslation('staff');
  const e = entry.entry;
  const day = (iso: string | null) => (iso ? formatDate(iso, 'day', i18n.language) : s('reconcile.missing'));
  // a name the list gives in one cell is compared whole (its order is the list's own), else part by part
  const names: Row[] = e.fullName
    ? [{ label: s('reconcile.fields.name'), list: e.fullName, of: (c) => fullName(c.person), compare: true }]
    : [
        { label: s('reconcile.fields.givenNames'), list: e.givenNames, of: (c) => c.person.givenNames, compare: true },
        { label: s('reconcile.fields.firstSurname'), list: e.firstSurname, of: (c) => c.person.firstSurname, compare: true },
        { label: s('reconcile.fields.secondSurname'), list: e.secondSurname, of: (c) => c.person.secondSurname, compare: true },
      ];
  const rows: Row[] = [
    ...names,
    { label: s('reconcile.fields.cedula'), list: e.cedula, of: (c) => c.person.cedula, compare: true },
    {
      label: s('reconcile.fields.birthDate'),
      list: e.birthDate ? day(e.birthDate) : '',
      of: (c) => (c.person.birthDate ? day(c.person.birthDate) : ''),
      compare: true,
    },
    { label: s('reconcile.fields.externalId'), list: e.externalId, of: (c) => c.person.externalId ?? '' },
    { label: s('reconcile.fields.facility'), list: '', of: (c) => c.person.facility ?? '' },
    { label: s('reconcile.fields.releasedOn'), list: '', of: (c) => (c.person.releasedOn ? day(c.person.releasedOn) : '') },
    {
      label: s('reconcile.fields.probability'),
      list: '',
      of: (c) => c.probability.toLocaleString(i18n.language, { style: 'percent', maximumFractionDigits: 1 }),
    },
    { label: s('reconcile.fields.wouldBe'), list: '', of: (c) => s(`reconcile.classes.${c.wouldBe.class}`) },
  ];
  // the same words, whatever their order and accents
  const words = (v: string) => normalizeForSearch(v).split(/\s+/).filter(Boolean).sort().join(' ');
  const same = (a: string, b: string) => a !== '' && words(a) === words(b);
  const candidate = entry.candidates[chosen];
  return (
    <section aria-labelledby="entry" data-testid="review-entry">
      <h2 id="entry">{s('reconcile.entry', { row: e.rowNumber })}</h2>
      <p>
        <strong data-testid="entry-name">{listName(e)}</strong> · {s('reconcile.listId')}: {e.externalId}
      </p>
      <TableWrap>
        <table className="side-by-side" data-testid="candidates">
          <caption className="visually-hidden">{s('reconcile.candidates')}</caption>
          <thead>
            <tr>
              <th scope="col">{s('reconcile.field')}</th>
              <th scope="col">{s('reconcile.inList')}</th>
              {entry.candidates.map((c, n) => (
                <th key={c.personId} scope="col" className={n === chosen ? 'chosen' : undefined}>
                  <button type="button" className="linklike" aria-pressed={n === chosen} onClick={() => onChoose(n)}>
                    {s('reconcile.candidate', { n: n + 1 })}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>{row.list || s('reconcile.missing')}</td>
                {entry.candidates.map((c, n) => {
                  const value = row.of(c);
                  return (
                    <td
                      key={c.personId}
                      className={[n === chosen ? 'chosen' : '', row.compare && same(row.list, value) ? 'agrees' : ''].join(' ').trim() || undefined}
                    >
                      {value || s('reconcile.missing')}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th scope="row">{s('reconcile.person')}</th>
              <td />
              {entry.candidates.map((c, n) => (
                <td key={c.personId} className={n === chosen ? 'chosen' : undefined}>
                  <Link to={`/registro/${c.personId}`}>{s('reconcile.open')}</Link>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </TableWrap>
      {candidate && <Waterfall caption={s('reconcile.waterfall', { n: chosen + 1 })} explanation={candidate.explanation} />}
    </section>
  );
}
