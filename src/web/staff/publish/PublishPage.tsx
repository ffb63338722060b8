/**
 * Publication into the transparency log (administrators): a list of persons, the counts, or an
 * eligibility run — each shown before it is published (a list's preview says who goes by name, how
 * many as commitments, how many are left out, and nothing is published until it was seen) — and
 * what was published.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERSON_STATUSES } from '../../../domain/registry/vocabulary.js';
import { ApiState, asProblem, type Note, Notice, useApi, usePageTitle } from '../ApiState.js';
import { localToday } from '../registry/dates.js';
import {
  eligibilityRuns,
  type ListChoice,
  type Published,
  previewListPublication,
  publications,
  publishCountsNow,
  publishListNow,
  publishRunNow,
  statusCounts,
} from '../staff-api.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

export function PublishPage() {
  const { t: s, i18n } = useTranslation('staff');
  usePageTitle(s('publish.title'));
  const [done, reload] = useApi(publications, []);
  const published = (result: Published) => {
    reload();
    return s('publish.published', { first: result.firstIndex, last: result.size - 1 });
  };
  return (
    <>
      <h1>{s('publish.title')}</h1>
      <p className="lede">{s('publish.intro')}</p>
      <ListForm published={published} />
      <CountsForm published={published} />
      <RunForm published={published} />
      <section aria-labelledby="published">
        <h2 id="published">{s('publish.done')}</h2>
        <ApiState loaded={done} retry={reload}>
          {(list) =>
            list.length === 0 ? (
              <p className="note">{s('publish.none')}</p>
            ) : (
              <TableWrap>
                <table data-testid="publications">
                  <thead>
                    <tr>
                      <th scope="col">{s('publish.listTitle')}</th>
                      <th scope="col">{s('verify.kind')}</th>
                      <th scope="col" className="num">
                        {s('publish.first')}
                      </th>
                      <th scope="col" className="num">
                        {s('publish.entries')}
                      </th>
                      <th scope="col">{s('publish.when')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((p) => (
                      <tr key={p.id}>
                        <td>{p.title === p.kind ? '—' : p.title}</td>
                        <td>{s(`publish.kinds.${p.kind}`, { defaultValue: p.kind })}</td>
                        <td className="num">{p.firstIndex}</td>
                        <td className="num">{p.entries}</td>
                        <td>{new Date(p.createdAt).toLocaleString(i18n.language)}</td>
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

type Preview = Awaited<ReturnType<typeof previewListPublication>>;

function ListForm({ published }: { published: (result: Published) => string }) {
  const { t, i18n } = useTranslation();
  const { t: s } = useTranslation('staff');
  const [choice, setChoice] = useState<ListChoice>({ title: '', statuses: ['released', 'released_with_measures'], asOf: localToday() });
  const [preview, setPreview] = useState<{ of: string; preview: Preview } | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  // the preview is of these criteria: publishing waits for a preview of exactly what is chosen
  const criteria = JSON.stringify([choice.statuses, choice.minLevel ?? '', choice.asOf]);
  const seen = preview?.of === criteria;
  async function look() {
    setBusy(true);
    setNote(null);
    try {
      const { title: _, ...rest } = choice;
      setPreview({ of: criteria, preview: await previewListPublication(rest) });
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    } finally {
      setBusy(false);
    }
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!seen) return;
    setBusy(true);
    setNote(null);
    try {
      setNote({ ok: true, text: published(await publishListNow(choice)) });
      setPreview(null);
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    } finally {
      setBusy(false);
    }
  }
  const toggle = (status: string, on: boolean) =>
    setChoice({ ...choice, statuses: on ? [...choice.statuses, status] : choice.statuses.filter((x) => x !== status) });
  return (
    <form className="grid-form boxed" onSubmit={submit} data-testid="publish-list">
      <h2 className="wide">{s('publish.list')}</h2>
      <div className="field wide">
        <label htmlFor="publish-title">{s('publish.listTitle')}</label>
        <input id="publish-title" required maxLength={200} value={choice.title} onChange={(e) => setChoice({ ...choice, title: e.target.value })} />
      </div>
      <fieldset className="wide">
        <legend>{s('publish.statuses')}</legend>
        {PERSON_STATUSES.filter((x) => x !== 'unknown').map((status) => (
          <label key={status} className="inline">
            <input type="checkbox" checked={choice.statuses.includes(status)} onChange={(e) => toggle(status, e.target.checked)} /> {t(`statuses.${status}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="publish-level">{s('publish.minLevel')}</label>
        <select id="publish-level" value={choice.minLevel ?? ''} onChange={(e) => setChoice({ ...choice, minLevel: e.target.value || undefined })}>
          <option value="">{s('publish.anyLevel')}</option>
          {(['corroborated', 'verified'] as const).map((level) => (
            <option key={level} value={level}>
              {s('publish.levelOrBetter', { level: t(`levels.${level}`) })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="publish-asof">{s('publish.asOf')}</label>
        <input id="publish-asof" type="date" required value={choice.asOf} onChange={(e) => setChoice({ ...choice, asOf: e.target.value })} />
      </div>
      <div className="actions wide">
        <button type="button" disabled={busy || choice.statuses.length === 0} onClick={look}>
          {busy && !preview ? s('publish.previewing') : s('publish.preview')}
        </button>
      </div>
      {preview && (
        <div className="wide" data-testid="list-preview">
          {!seen && <p className="error">{s('publish.changedSincePreview')}</p>}
          <ul>
            <li>{s('publish.willName', { count: preview.preview.named })}</li>
            <li>{s('publish.willCommit', { count: preview.preview.committed })}</li>
            <li>{s('publish.willLeaveOut', { count: preview.preview.leftOut })}</li>
          </ul>
          {preview.preview.names.length > 0 && (
            <details>
              <summary>{s('publish.names')}</summary>
              <ul className="columns">
                {preview.preview.names.map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
              {preview.preview.named > preview.preview.names.length && (
                <p>{s('publish.moreNames', { count: (preview.preview.named - preview.preview.names.length).toLocaleString(i18n.language) })}</p>
              )}
            </details>
          )}
        </div>
      )}
      <div className="wide">
        <Notice note={note} />
      </div>
      <div className="actions wide">
        <button type="submit" disabled={busy || !seen || !choice.title.trim()}>
          {busy && seen ? s('publish.publishing') : s('publish.publishList')}
        </button>
      </div>
    </form>
  );
}

function CountsForm({ published }: { published: (result: Published) => string }) {
  const { t, i18n } = useTranslation();
  const { t: s } = useTranslation('staff');
  const [asOf, setAsOf] = useState(localToday);
  const [counts] = useApi(statusCounts, []);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNote(null);
    try {
      setNote({ ok: true, text: published(await publishCountsNow(asOf)) });
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="grid-form boxed" onSubmit={submit} data-testid="publish-counts">
      <h2 className="wide">{s('publish.counts')}</h2>
      <p className="wide note">{s('publish.countsNote')}</p>
      <div className="wide">
        <ApiState loaded={counts}>
          {({ rows }) => (
            <>
              <p>{s('publish.countsNow')}</p>
              <ul className="columns">
                {rows.map((r) => (
                  <li key={r.key}>
                    {t(`statuses.${r.key}`, { defaultValue: r.key })}: {r.count.toLocaleString(i18n.language)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </ApiState>
      </div>
      <div className="field">
        <label htmlFor="counts-asof">{s('publish.asOf')}</label>
        <input id="counts-asof" type="date" required value={asOf} onChange={(e) => setAsOf(e.target.value)} />
      </div>
      <div className="wide">
        <Notice note={note} />
      </div>
      <div className="actions wide">
        <button type="submit" disabled={busy}>
          {busy ? s('publish.publishing') : s('publish.publishCounts')}
        </button>
      </div>
    </form>
  );
}

function RunForm({ published }: { published: (result: Published) => string }) {
  const { t: s, i18n } = useTranslation('staff');
  const [runs] = useApi(eligibilityRuns, []);
  const [run, setRun] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNote(null);
    try {
      setNote({ ok: true, text: published(await publishRunNow(run)) });
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="grid-form boxed" onSubmit={submit} data-testid="publish-run">
      <h2 className="wide">{s('publish.run')}</h2>
      <p className="wide note">{s('publish.runNote')}</p>
      <ApiState loaded={runs}>
        {(list) =>
          list.length === 0 ? (
            <p className="note wide">{s('publish.noRuns')}</p>
          ) : (
            <div className="field wide">
              <label htmlFor="publish-run-id">{s('publish.chooseRun')}</label>
              <select id="publish-run-id" required value={run} onChange={(e) => setRun(e.target.value)}>
                <option value="">{s('imports.noneChosen')}</option>
                {list.map((r) => (
                  <option key={r.id} value={r.id}>
                    {[r.ruleSetId, ...r.variants].join(' @ ')} · {r.asOf} · {s('eligibility.outcomes.covered')} {r.covered.toLocaleString(i18n.language)},{' '}
                    {s('eligibility.outcomes.review')} {r.review.toLocaleString(i18n.language)}, {s('eligibility.outcomes.excluded')}{' '}
                    {r.excluded.toLocaleString(i18n.language)}
                  </option>
                ))}
              </select>
            </div>
          )
        }
      </ApiState>
      <div className="wide">
        <Notice note={note} />
      </div>
      <div className="actions wide">
        <button type="submit" disabled={busy || !run}>
          {busy ? s('publish.publishing') : s('publish.publishRun')}
        </button>
      </div>
    </form>
  );
}
