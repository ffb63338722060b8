/**
 * One reconciled list: the gap between what it claims and what the registry confirms, explained
 * class by class (a bar per class, the numbers beside it), the rows filterable by class (in the
 * address) and by name (in memory only), the report as CSV, and the way into the review queue.
 */
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { normalizeForSearch } from '../../../domain/registry/normalize-name.js';
import { ApiState, useApi, usePageTitle } from '../ApiState.js';
import { formatDate } from '../registry/dates.js';
import { RECONCILIATION_CLASSES, type ReconciliationClass, type ReconciliationReport, type ReportEntry, reconciliationReport } from '../staff-api.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

const PAGE = 200;

export function ReportPage() {
  const { id = '' } = useParams();
  const { t: s } = useTranslation('staff');
  usePageTitle(s('reconcile.title'));
  const [loaded, retry] = useApi(() => reconciliationReport(id), [id]);
  return (
    <>
      <p>
        <Link to="/conciliar">{s('reconcile.back')}</Link>
      </p>
      <ApiState loaded={loaded} retry={retry}>
        {(report) => <Report report={report} />}
      </ApiState>
    </>
  );
}

function Report({ report }: { report: ReconciliationReport }) {
  const { t: s, i18n } = useTranslation('staff');
  const { reconciliation: r, counts } = report;
  const day = (iso: string) => formatDate(iso, 'day', i18n.language);
  const total = report.entries.length;
  const confirmed = counts.released_in_period;
  return (
    <>
      <h1>{r.label}</h1>
      <section aria-labelledby="gap">
        <h2 id="gap">{s('reconcile.gapTitle')}</h2>
        <p className="gap" data-testid="claim">
          {s(confirmed === total ? 'reconcile.claimNoGap' : 'reconcile.claim', {
            count: total,
            from: day(r.periodFrom),
            to: day(r.periodTo),
            confirmed,
            gap: total - confirmed,
          })}
        </p>
        <ClassCounts counts={counts} total={total} />
        <p className="note">{s('reconcile.against', { count: report.registrySize })}</p>
        {report.warnings.length > 0 && (
          <div className="boxed">
            <h3>{s('reconcile.warnings')}</h3>
            <ul>
              {report.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        )}
        <p className="actions">
          {counts.ambiguous > 0 ? (
            <Link className="button primary" to={`/conciliar/${r.id}/revisar`}>
              {s('reconcile.review', { count: counts.ambiguous })}
            </Link>
          ) : (
            <span className="note">{s('reconcile.reviewDone')}</span>
          )}
          <a className="button" href={`/api/reconciliations/${r.id}/report.csv`} download>
            {s('reconcile.download')}
          </a>
        </p>
      </section>
      <Rows report={report} />
    </>
  );
}

/** A bar per class with its count and share: the chart and its table in one. */
export function ClassCounts({ counts, total, caption }: { counts: Record<ReconciliationClass, number>; total: number; caption?: string }) {
  const { t: s, i18n } = useTranslation('staff');
  const largest = Math.max(1, ...Object.values(counts));
  return (
    <TableWrap>
      <table className="class-counts" data-testid="class-counts">
        <caption className={caption ? undefined : 'visually-hidden'}>{caption ?? s('reconcile.chartLabel')}</caption>
        <thead>
          <tr>
            <th scope="col">{s('reconcile.class')}</th>
            <th scope="col" className="num">
              {s('reconcile.count')}
            </th>
            <th scope="col" className="num">
              {s('reconcile.share')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{s('reconcile.chartLabel')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {RECONCILIATION_CLASSES.map((c) => (
            <tr key={c} data-class={c}>
              <th scope="row">{s(`reconcile.classes.${c}`)}</th>
              <td className="num">{counts[c].toLocaleString(i18n.language)}</td>
              <td className="num">{total > 0 ? ((100 * counts[c]) / total).toLocaleString(i18n.language, { maximumFractionDigits: 1 }) : '0'}</td>
              <td className="bar-cell" aria-hidden="true">
                <svg viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" aria-hidden="true">
                  <rect className={`bar class-${c}`} x="0" y="1" height="8" width={(100 * counts[c]) / largest} />
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Why an entry got its class, in the screen's language (the API's own sentence is English). */
export function reasonOf(
  entry: Pick<ReportEntry, 'class' | 'reason' | 'releasedOn' | 'basis' | 'duplicateOfRow' | 'status'>,
  periodFrom: string,
  language: string,
  s: TFunction<'staff'>,
  status: (key: string) => string,
) {
  if (language === 'en') return entry.reason;
  const day = (iso: string) => formatDate(iso, 'day', language);
  const how = entry.status ? ` (${status(entry.status).toLowerCase()})` : '';
  switch (entry.class) {
    case 'released_in_period':
      return `${entry.releasedOn ? s('reconcile.reasons.released_in_period', { on: day(entry.releasedOn) }) : s('reconcile.reasons.released_in_period_undated')}${how}`;
    case 'released_earlier':
      return `${s('reconcile.reasons.released_earlier', { on: entry.releasedOn ? day(entry.releasedOn) : '?', from: day(periodFrom) })}${how}`;
    case 'still_detained':
      return s(`reconcile.reasons.still_${entry.status ?? 'detained'}`, { defaultValue: s('reconcile.reasons.still_detained') });
    case 'common_crime_only':
      return entry.basis === 'judgment'
        ? s('reconcile.reasons.common_crime_only_judgment', { by: entry.reason.replace(/^judged a common-crime case by /, '') })
        : s('reconcile.reasons.common_crime_only_charges');
    case 'listed_twice':
      return s('reconcile.reasons.listed_twice', { row: entry.duplicateOfRow ?? '?' });
    case 'unknown':
      return s(entry.reason.startsWith('a reviewer rejected') ? 'reconcile.reasons.unknown_rejected' : 'reconcile.reasons.unknown');
    default:
      return s(`reconcile.reasons.${entry.class}`);
  }
}

/** The list's name as written, or its parts joined. */
export const listName = (e: ReportEntry['entry']) => e.fullName || [e.givenNames, e.firstSurname, e.secondSurname].filter(Boolean).join(' ');

function Rows({ report }: { report: ReconciliationReport }) {
  const { t } = useTranslation();
  const { t: s, i18n } = useTranslation('staff');
  const [params, setParams] = useSearchParams();
  const [name, setName] = useState(''); // a name stays in memory, never in the address
  const [shown, setShown] = useState(PAGE);
  const only = params.get('clase') ?? '';
  const folded = normalizeForSearch(name);
  const rows = report.entries.filter((e) => (!only || e.class === only) && (!folded || normalizeForSearch(listName(e.entry)).includes(folded)));
  return (
    <section aria-labelledby="rows">
      <h2 id="rows">{s('reconcile.rows')}</h2>
      <div className="filters">
        <label>
          {s('reconcile.filterClass')}
          <select
            value={only}
            onChange={(e) => {
              setShown(PAGE);
              setParams(e.target.value ? { clase: e.target.value } : {}, { replace: true });
            }}
          >
            <option value="">{s('reconcile.all')}</option>
            {RECONCILIATION_CLASSES.map((c) => (
              <option key={c} value={c}>
                {s(`reconcile.classes.${c}`)} ({report.counts[c]})
              </option>
            ))}
          </select>
        </label>
        <label>
          {s('reconcile.filterName')}
          <input type="search" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </label>
      </div>
      <p aria-live="polite">{s('reconcile.shown', { shown: Math.min(shown, rows.length), total: rows.length })}</p>
      <TableWrap>
        <table data-testid="report-rows">
          <thead>
            <tr>
              <th scope="col" className="num">
                {s('reconcile.row')}
              </th>
              <th scope="col">{s('reconcile.listId')}</th>
              <th scope="col">{s('reconcile.nameAsWritten')}</th>
              <th scope="col">{s('reconcile.class')}</th>
              <th scope="col">{s('reconcile.why')}</th>
              <th scope="col">{s('reconcile.person')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map((e) => (
              <tr key={e.entryId} data-class={e.class}>
                <td className="num">{e.entry.rowNumber}</td>
                <td>{e.entry.externalId}</td>
                <td>{listName(e.entry)}</td>
                <td>
                  <span className={`tag class-${e.class}`}>{s(`reconcile.classes.${e.class}`)}</span>
                </td>
                <td>{reasonOf(e, report.reconciliation.periodFrom, i18n.language, s, (k) => t(`statuses.${k}`))}</td>
                <td>
                  {e.personId ? (
                    <>
                      <Link to={`/registro/${e.personId}`}>{e.personExternalId ?? s('reconcile.open')}</Link>
                      {e.matchedBy === 'reviewer' && <> ({s('reconcile.byReviewer')})</>}
                    </>
                  ) : (
                    s('reconcile.missing')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {rows.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {s('reconcile.more', { count: Math.min(PAGE, rows.length - shown) })}
        </button>
      )}
    </section>
  );
}
