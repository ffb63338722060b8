/**
 * Reconciliation: upload a list that claims releases (with what it is and the period it covers)
 * and go to its report; the lists already reconciled, newest first.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ApiProblem } from '../../session-api.js';
import { ApiState, asProblem, ProblemText, useApi, usePageTitle } from '../ApiState.js';
import { DropZone } from '../DropZone.js';
import { formatDate } from '../registry/dates.js';
import { reconcileList, reconciliations } from '../staff-api.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

export function ReconciliationsPage({ may }: { may: ReadonlySet<string> }) {
  const { t: s, i18n } = useTranslation('staff');
  usePageTitle(s('reconcile.title'));
  const [lists, retry] = useApi(reconciliations, []);
  return (
    <>
      <h1>{s('reconcile.title')}</h1>
      <p className="lede">{s('reconcile.intro')}</p>
      {may.has('reconciliations.write') && <UploadForm />}
      <h2>{s('reconcile.lists')}</h2>
      <ApiState loaded={lists} retry={retry}>
        {(list) =>
          list.length === 0 ? (
            <p className="note">{s('reconcile.none')}</p>
          ) : (
            <TableWrap>
              <table data-testid="reconciliations">
                <thead>
                  <tr>
                    <th scope="col">{s('reconcile.as')}</th>
                    <th scope="col">{s('reconcile.period')}</th>
                    <th scope="col" className="num">
                      {s('reconcile.entries')}
                    </th>
                    <th scope="col">{s('reconcile.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link to={`/conciliar/${r.id}`}>{r.label}</Link>
                      </td>
                      <td>
                        {formatDate(r.periodFrom, 'day', i18n.language)} – {formatDate(r.periodTo, 'day', i18n.language)}
                      </td>
                      <td className="num">{r.entries.toLocaleString(i18n.language)}</td>
                      <td>{new Date(r.createdAt).toLocaleString(i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </ApiState>
    </>
  );
}

function UploadForm() {
  const { t: s } = useTranslation('staff');
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [fields, setFields] = useState({ as: '', organisation: '', from: '', to: '', mapping: '' });
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setProblem(null);
    setProgress(0);
    try {
      const report = await reconcileList(file, fields, (sent, total) => setProgress(total > 0 ? sent / total : 0));
      navigate(`/conciliar/${report.reconciliation.id}`);
    } catch (error) {
      setProblem(asProblem(error));
      setProgress(null);
    }
  }
  return (
    <form className="grid-form boxed" onSubmit={submit} data-testid="reconcile-form">
      <h2 className="wide">{s('reconcile.upload')}</h2>
      <DropZone
        id="reconcile-file"
        legend={s('reconcile.file')}
        label={s('reconcile.drop')}
        accept=".csv,.xlsx,.json,.jsonl,text/csv,application/json"
        file={file}
        onFile={setFile}
      />
      <div className="field wide">
        <label htmlFor="reconcile-as">{s('reconcile.as')}</label>
        <input id="reconcile-as" required maxLength={200} value={fields.as} onChange={set('as')} aria-describedby="reconcile-as-hint" />
        <small id="reconcile-as-hint">{s('reconcile.asHint')}</small>
      </div>
      <div className="field">
        <label htmlFor="reconcile-from">{s('reconcile.from')}</label>
        <input id="reconcile-from" type="date" required value={fields.from} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor="reconcile-to">{s('reconcile.to')}</label>
        <input id="reconcile-to" type="date" required min={fields.from || undefined} value={fields.to} onChange={set('to')} />
      </div>
      <div className="field wide">
        <label htmlFor="reconcile-organisation">{s('reconcile.organisation')}</label>
        <input id="reconcile-organisation" maxLength={200} value={fields.organisation} onChange={set('organisation')} />
      </div>
      <details className="wide">
        <summary>{s('reconcile.mapping')}</summary>
        <div className="field">
          <label htmlFor="reconcile-mapping">{s('reconcile.mapping')}</label>
          <textarea
            id="reconcile-mapping"
            className="json"
            rows={5}
            spellCheck={false}
            value={fields.mapping}
            onChange={set('mapping')}
            aria-describedby="reconcile-mapping-hint"
          />
          <small id="reconcile-mapping-hint">{s('reconcile.mappingHint')}</small>
        </div>
      </details>
      {problem && (
        <div className="error wide" role="alert">
          <ProblemText problem={problem} />
        </div>
      )}
      <div className="actions wide">
        <button type="submit" disabled={!file || progress !== null}>
          {progress !== null ? s('reconcile.sending') : s('reconcile.send')}
        </button>
        {progress !== null && <progress value={progress} max={1} aria-label={s('reconcile.sending')} />}
      </div>
    </form>
  );
}
