/**
 * One subject under verification (an event such as a release, a detention, an identity, an act):
 * its level and what the next one needs, the four-eyes rule in words (who confirmed first; nobody
 * is second to themself), the evidence — dropped in, kept with its SHA-256, shown inline after
 * this browser checks the hash — the review form, every review, and the level's history.
 */

import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiState, asProblem, type Note, Notice, useApi, usePageTitle } from '../ApiState.js';
import { DropZone } from '../DropZone.js';
import { fullName } from '../registry/names.js';
import {
  addEvidence,
  EVIDENCE_KINDS,
  type Level,
  linkEvidence,
  type PersonRecord,
  personRecord,
  review,
  type SubjectKind,
  type SubjectView,
  subjectView,
  type Verdict,
} from '../staff-api.js';
import { EvidenceRow } from './EvidenceRow.js';
import { subjectWords } from './QueuePage.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

const KINDS: readonly SubjectKind[] = ['event', 'detention', 'person', 'act'];

export function SubjectPage({ may, me }: { may: ReadonlySet<string>; me: string }) {
  const params = useParams();
  const kind = KINDS.find((k) => k === params.kind) ?? 'event';
  const id = params.id ?? '';
  const { t: s } = useTranslation('staff');
  usePageTitle(s('verify.subjectTitle'));
  const [loaded, reload] = useApi(() => subjectView(kind, id), [kind, id]);
  return (
    <>
      <p>
        <Link to="/verificar">{s('verify.back')}</Link>
      </p>
      <ApiState loaded={loaded} retry={reload}>
        {(view) => <Subject view={view} reload={reload} may={may} me={me} />}
      </ApiState>
    </>
  );
}

/** Each reviewer's latest verdict (reviews come oldest first). */
function latestVerdicts(view: SubjectView): Map<string, Verdict> {
  const latest = new Map<string, Verdict>();
  for (const r of view.reviews) latest.set(r.reviewerName, r.verdict);
  return latest;
}

function Subject({ view, reload, may, me }: { view: SubjectView; reload: () => void; may: ReadonlySet<string>; me: string }) {
  const { t, i18n } = useTranslation();
  const { t: s } = useTranslation('staff');
  const [record] = useApi(() => personRecord(view.personId), [view.personId]);
  const data = record.state === 'ok' ? record.data : null;
  const what = subjectWords({ subjectKind: view.kind, subjectType: view.subjectType, subjectDate: view.subjectDate }, i18n.language, s);
  const latest = latestVerdicts(view);
  const iConfirmed = latest.get(me) === 'confirms';
  return (
    <>
      <h1>
        {s('verify.subjectTitle')}: {what}
      </h1>
      {data && (
        <p>
          {s('verify.person')}: <strong>{fullName(data.person)}</strong> · <Link to={`/registro/${view.personId}`}>{s('verify.openRecord')}</Link>
        </p>
      )}
      <div className="boxed" data-testid="four-eyes">
        <p>
          {s('verify.level')}:{' '}
          <span className={`level level-${view.level}`} data-testid="subject-level">
            {t(`levels.${view.level}`)}
          </span>{' '}
          · {s('verify.sources')}: {view.independentSources}
        </p>
        <p>{fourEyes(view, latest, s)}</p>
        {view.level === 'reported' && view.confirmedBy.length < 2 && <p>{s('verify.four.source')}</p>}
      </div>
      <section aria-labelledby="evidence">
        <h2 id="evidence">{s('verify.evidence')}</h2>
        {view.evidence.length === 0 ? (
          <p className="note">{s('verify.noEvidence')}</p>
        ) : (
          <ul className="cards evidence-list" data-testid="evidence">
            {view.evidence.map((e) => (
              <EvidenceRow key={e.id} evidence={e} />
            ))}
          </ul>
        )}
        {may.has('evidence.write') && <AddEvidence view={view} sources={data?.sources ?? []} onAdded={reload} />}
      </section>
      {may.has('verification.review') ? (
        <ReviewForm view={view} iConfirmed={iConfirmed} onReviewed={reload} />
      ) : (
        <p className="note">{s('verify.cannotReview')}</p>
      )}
      <Reviews view={view} />
      <History view={view} />
    </>
  );
}

/** The four-eyes rule for this subject, in words. */
function fourEyes(view: SubjectView, latest: Map<string, Verdict>, s: TFunction<'staff'>): string {
  if (view.level === 'verified') return s('verify.four.verified', { names: view.confirmedBy.join(', ') });
  if (view.level === 'refuted') return s('verify.four.refuted');
  if (view.level === 'disputed' || [...latest.values()].some((v) => v !== 'confirms')) return s('verify.four.disputed');
  if (view.confirmedBy.length === 1) return s('verify.four.one', { name: view.confirmedBy[0] });
  return s('verify.four.none');
}

function AddEvidence({ view, sources, onAdded }: { view: SubjectView; sources: NonNullable<PersonRecord['sources']>; onAdded: () => void }) {
  const { t } = useTranslation();
  const { t: s } = useTranslation('staff');
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<string>('document');
  const [title, setTitle] = useState('');
  const [sourceId, setSourceId] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [round, setRound] = useState(0); // a new file input after each item kept
  const distinct = [...new Map(sources.map((l) => [l.source.id, l.source])).values()];
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setNote(null);
    setProgress(0);
    try {
      const kept = await addEvidence(file, { kind, title: title || file.name, sourceId }, (sent, total) => setProgress(total ? sent / total : 0));
      const linked = await linkEvidence(view.kind, view.id, kept.evidence.id);
      setNote({ ok: true, text: s(kept.created ? 'verify.added' : 'verify.addedAgain', { level: t(`levels.${linked.level}`) }) });
      // each item is described afresh: a source carried over would count the wrong organisation
      setFile(null);
      setTitle('');
      setKind('document');
      setSourceId('');
      setRound((n) => n + 1);
      onAdded();
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    } finally {
      setProgress(null);
    }
  }
  return (
    <form className="grid-form boxed" onSubmit={submit} data-testid="add-evidence">
      <h3 className="wide">{s('verify.add')}</h3>
      <DropZone key={round} id="evidence-file" legend={s('verify.file')} label={s('verify.drop')} file={file} onFile={setFile} />
      <div className="field">
        <label htmlFor="evidence-kind">{s('verify.kind')}</label>
        <select id="evidence-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {EVIDENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {s(`verify.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="evidence-source">{s('verify.source')}</label>
        <select id="evidence-source" value={sourceId} onChange={(e) => setSourceId(e.target.value)}>
          <option value="">{s('verify.noSource')}</option>
          {distinct.map((source) => (
            <option key={source.id} value={source.id}>
              {source.organisation} — {source.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field wide">
        <label htmlFor="evidence-title">{s('verify.titleField')}</label>
        <input id="evidence-title" maxLength={300} value={title} placeholder={file?.name ?? ''} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="wide">
        <Notice note={note} />
      </div>
      <div className="actions wide">
        <button type="submit" disabled={!file || progress !== null}>
          {progress !== null ? s('verify.adding') : s('verify.addButton')}
        </button>
        {progress !== null && <progress value={progress} max={1} aria-label={s('verify.adding')} />}
      </div>
    </form>
  );
}

function ReviewForm({ view, iConfirmed, onReviewed }: { view: SubjectView; iConfirmed: boolean; onReviewed: () => void }) {
  const { t } = useTranslation();
  const { t: s } = useTranslation('staff');
  const [cited, setCited] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  const needsEvidence = cited.length === 0;
  async function send(verdict: Verdict) {
    setBusy(true);
    setNote(null);
    try {
      const done = await review(view.kind, view.id, verdict, cited, text);
      setNote({
        ok: true,
        text:
          s('verify.done', { level: t(`levels.${done.level}`) }) +
          (done.logIndex !== null ? s('verify.logged', { index: done.logIndex }) : s('verify.unlogged')),
      });
      setCited([]);
      setText('');
      onReviewed();
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="review" className="boxed" data-testid="review-form">
      <h2 id="review">{s('verify.reviewTitle')}</h2>
      {view.evidence.length > 0 && (
        <fieldset>
          <legend>{s('verify.reviewed')}</legend>
          {view.evidence.map((e) => (
            <label key={e.id} className="inline">
              <input
                type="checkbox"
                checked={cited.includes(e.id)}
                onChange={(event) => setCited(event.target.checked ? [...cited, e.id] : cited.filter((c) => c !== e.id))}
              />{' '}
              {e.title}
            </label>
          ))}
        </fieldset>
      )}
      <div className="field stacked">
        <label htmlFor="review-note">{s('verify.note')}</label>
        <textarea id="review-note" rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {iConfirmed && <p className="note">{s('verify.four.yours')}</p>}
      {needsEvidence && <p className="note">{s('verify.reviewNeedsEvidence')}</p>}
      <Notice note={note} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy || needsEvidence || iConfirmed} onClick={() => send('confirms')}>
          {s('verify.confirm')}
        </button>
        <button type="button" disabled={busy} onClick={() => send('disputes')}>
          {s('verify.dispute')}
        </button>
        <button type="button" disabled={busy || needsEvidence} onClick={() => send('refutes')}>
          {s('verify.refute')}
        </button>
      </div>
    </section>
  );
}

function Reviews({ view }: { view: SubjectView }) {
  const { t: s, i18n } = useTranslation('staff');
  const titleOf = (id: string) => view.evidence.find((e) => e.id === id)?.title ?? id;
  return (
    <section aria-labelledby="reviews">
      <h2 id="reviews">{s('verify.reviews')}</h2>
      {view.reviews.length === 0 ? (
        <p className="note">{s('verify.noReviews')}</p>
      ) : (
        <TableWrap>
          <table data-testid="reviews">
            <thead>
              <tr>
                <th scope="col">{s('verify.who')}</th>
                <th scope="col">{s('verify.verdict')}</th>
                <th scope="col">{s('verify.evidence')}</th>
                <th scope="col">{s('verify.note')}</th>
                <th scope="col">{s('verify.when')}</th>
              </tr>
            </thead>
            <tbody>
              {view.reviews.map((r) => (
                <tr key={r.id}>
                  <td>{r.reviewerName}</td>
                  <td>{s(`verify.verdicts.${r.verdict}`)}</td>
                  <td>{r.evidenceIds.map(titleOf).join('; ')}</td>
                  <td>{r.note}</td>
                  <td>{new Date(r.reviewedAt).toLocaleString(i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function History({ view }: { view: SubjectView }) {
  const { t } = useTranslation();
  const { t: s, i18n } = useTranslation('staff');
  const level = (l: Level | null) => (l ? t(`levels.${l}`) : '—');
  if (view.history.length === 0) return null;
  return (
    <section aria-labelledby="history">
      <h2 id="history">{s('verify.history')}</h2>
      <TableWrap>
        <table data-testid="level-history">
          <thead>
            <tr>
              <th scope="col">{s('verify.when')}</th>
              <th scope="col">{s('verify.previous')}</th>
              <th scope="col">{s('verify.level')}</th>
              <th scope="col">{s('verify.cause')}</th>
              <th scope="col">{s('verify.who')}</th>
              <th scope="col" className="num">
                {s('verify.logEntry')}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.history.map((h) => (
              <tr key={`${h.changedAt}:${h.level}:${h.cause}:${h.logIndex}`}>
                <td>{new Date(h.changedAt).toLocaleString(i18n.language)}</td>
                <td>{level(h.previous)}</td>
                <td>{level(h.level)}</td>
                <td>{s(`verify.causes.${h.cause}`, { defaultValue: h.cause })}</td>
                <td>{h.changedBy === 'local administrator' ? s('verify.localAdmin') : h.changedBy}</td>
                <td className="num">{h.logIndex ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
