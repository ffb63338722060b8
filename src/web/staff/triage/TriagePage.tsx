/**
 * Triage of the reports sent through the public form (documenters, verifiers): what each says, the
 * reporter's contact shown on demand (the reading is audited), and one decision — accept into the
 * registry as a private person with the detention described, join to a person recorded, or reject
 * with a reason. Nothing here is published.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiState, asProblem, type Note, Notice, useApi, usePageTitle } from '../ApiState.js';
import { formatDate } from '../registry/dates.js';
import { decideReport, reportContactOf, reports, type TriageDecision, type TriageReport } from '../staff-api.js';
import './words.js';

const STATUSES = ['new', 'accepted', 'linked', 'rejected', 'all'] as const;

export function TriagePage({ may }: { may: ReadonlySet<string> }) {
  const { t: s } = useTranslation('staff');
  usePageTitle(s('triage.title'));
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((x) => x === params.get('estado')) ?? 'new';
  const [list, reload] = useApi(() => reports(status === 'all' ? undefined : status), [status]);
  return (
    <>
      <h1>{s('triage.title')}</h1>
      <p className="lede">{s('triage.intro')}</p>
      <div className="filters">
        <label>
          {s('triage.show')}
          <select value={status} onChange={(e) => setParams(e.target.value === 'new' ? {} : { estado: e.target.value }, { replace: true })}>
            {STATUSES.map((x) => (
              <option key={x} value={x}>
                {s(`triage.statuses.${x}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ApiState loaded={list} retry={reload}>
        {(found) =>
          found.length === 0 ? (
            <p className="note">{s('triage.none')}</p>
          ) : (
            <ol className="cards" data-testid="reports">
              {found.map((report) => (
                <ReportCard key={report.id} report={report} may={may} onDecided={reload} />
              ))}
            </ol>
          )
        }
      </ApiState>
    </>
  );
}

/** A first guess at given names and surnames from a name as typed: of four words or more the last two are surnames, else the last one. */
function splitName(name: string): { givenNames: string; firstSurname: string; secondSurname: string } {
  const words = name.trim().split(/\s+/);
  if (words.length <= 1) return { givenNames: name.trim(), firstSurname: '', secondSurname: '' };
  if (words.length <= 3) return { givenNames: words.slice(0, -1).join(' '), firstSurname: words.at(-1)!, secondSurname: '' };
  return { givenNames: words.slice(0, -2).join(' '), firstSurname: words.at(-2)!, secondSurname: words.at(-1)! };
}

function ReportCard({ report, may, onDecided }: { report: TriageReport; may: ReadonlySet<string>; onDecided: () => void }) {
  const { t: s, i18n } = useTranslation('staff');
  const [contact, setContact] = useState<string | null | undefined>(undefined);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const [names, setNames] = useState(() => splitName(report.details.name));
  const [personId, setPersonId] = useState('');
  const [reason, setReason] = useState('');
  const [keepCedula, setKeepCedula] = useState(true);
  const d = report.details;
  const when = (iso: string) => formatDate(iso.slice(0, 10), 'day', i18n.language);
  async function act(decision: TriageDecision, done: string) {
    setBusy(true);
    setNote(null);
    try {
      await decideReport(report.id, decision);
      setNote({ ok: true, text: done });
      onDecided();
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    } finally {
      setBusy(false);
    }
  }
  async function showContact() {
    try {
      setContact((await reportContactOf(report.id)).contact);
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    }
  }
  const submit = (decision: () => TriageDecision, done: string) => (event: FormEvent) => {
    event.preventDefault();
    void act(decision(), done);
  };
  const rows: [string, string | null | undefined][] = [
    [s('triage.cedula'), d.cedula],
    [s('triage.arrestedOn'), d.arrestedOn ? formatDate(d.arrestedOn, 'day', i18n.language) : null],
    [s('triage.place'), d.place],
    [s('triage.agency'), d.agency],
    [s('triage.relation'), s(`triage.relations.${d.relation}`, { defaultValue: d.relation })],
  ];
  return (
    <li data-testid="report">
      <h2>{d.name}</h2>
      <p className="note">{s('triage.received', { when: when(report.receivedAt) })}</p>
      <dl className="facts">
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {d.account && (
        <>
          <h3>{s('triage.account')}</h3>
          <p className="account">{d.account}</p>
        </>
      )}
      <h3>{s('triage.contact')}</h3>
      {!report.hasContact ? (
        <p className="note">{s('triage.noContact')}</p>
      ) : contact === undefined ? (
        may.has('reports.contact') && (
          <button type="button" className="small" onClick={showContact}>
            {s('triage.showContact')}
          </button>
        )
      ) : (
        <p data-testid="report-contact">{contact}</p>
      )}
      <Notice note={note} />
      {report.status !== 'new' ? (
        <p className="note">
          {s('triage.decided', {
            status: s(`triage.status.${report.status}`),
            who: report.decidedBy ?? '',
            when: report.decidedAt ? when(report.decidedAt) : '',
          })}
          {report.reason ? ` — ${report.reason}` : ''}
          {report.personId && (
            <>
              {' '}
              <Link to={`/registro/${report.personId}`}>{s('triage.openPerson')}</Link>
            </>
          )}
        </p>
      ) : (
        <div className="decisions">
          <details>
            <summary>{s('triage.accept')}</summary>
            <form onSubmit={submit(() => ({ decision: 'accept', ...names, secondSurname: names.secondSurname || null, keepCedula }), s('triage.accepted'))}>
              {(['givenNames', 'firstSurname', 'secondSurname'] as const).map((field) => (
                <label key={field}>
                  {s(`triage.${field}`)}
                  <input value={names[field]} required={field !== 'secondSurname'} onChange={(e) => setNames({ ...names, [field]: e.target.value })} />
                </label>
              ))}
              {d.cedula && (
                <label className="check">
                  <input type="checkbox" checked={keepCedula} onChange={(e) => setKeepCedula(e.target.checked)} />
                  {s('triage.keepCedula', { cedula: d.cedula })}
                </label>
              )}
              <button type="submit" disabled={busy}>
                {s('triage.acceptIt')}
              </button>
            </form>
          </details>
          <details>
            <summary>{s('triage.link')}</summary>
            <form onSubmit={submit(() => ({ decision: 'link', personId: personId.trim() }), s('triage.linked'))}>
              <label>
                {s('triage.personId')}
                <input value={personId} required onChange={(e) => setPersonId(e.target.value)} spellCheck={false} />
              </label>
              <button type="submit" disabled={busy}>
                {s('triage.linkIt')}
              </button>
            </form>
          </details>
          <details>
            <summary>{s('triage.reject')}</summary>
            <form onSubmit={submit(() => ({ decision: 'reject', reason: reason.trim() }), s('triage.rejected'))}>
              <label>
                {s('triage.reason')}
                <input value={reason} required maxLength={500} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit" disabled={busy}>
                {s('triage.rejectIt')}
              </button>
            </form>
          </details>
        </div>
      )}
    </li>
  );
}
