/**
 * The import wizard over the case-history import (docs/IMPORT.md): the file and what was detected in
 * it → its columns mapped to fields (guessed from the headers, or a saved mapping) → a check that
 * writes nothing, with every problem in a table and as a download, and the values to translate into
 * the registry's vocabulary → the import, all or nothing, with its progress → what changed.
 * The wizard holds the file and the mapping, so going back and forth loses nothing. The file stays
 * in this page's memory; nothing of it goes into an address or the browser's storage.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiProblem } from '../../session-api.js';
import { asProblem, ProblemText, usePageTitle } from '../ApiState.js';
import { DropZone } from '../DropZone.js';
import { localToday } from '../registry/dates.js';
import { type CaseMapping, type FileInspection, type ImportSummary, importCaseHistories, inspectFile } from '../staff-api.js';
import { TableWrap } from '../TableWrap.js';
import { type CheckResult, CheckStep } from './CheckStep.js';
import { ColumnsStep } from './ColumnsStep.js';

type Step = 'file' | 'columns' | 'check' | 'import' | 'done';
const STEPS: Step[] = ['file', 'columns', 'check', 'import', 'done'];

export function ImportWizard() {
  const { t: s } = useTranslation('staff');
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState({ organisation: '', date: localToday() });
  const [inspected, setInspected] = useState<{ file: File; inspection: FileInspection } | null>(null);
  const [mapping, setMapping] = useState<CaseMapping | null>(null);
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const index = STEPS.indexOf(step);
  usePageTitle(s('imports.title'));

  // each step starts at its heading (the button pressed is gone), with no message of another step
  useEffect(() => {
    document.getElementById(`step-${step}`)?.focus();
  }, [step]);
  function goTo(next: Step) {
    setProblem(null);
    setStep(next);
  }

  // leaving the page while a sheet is being imported is asked about
  useEffect(() => {
    if (step !== 'import') return;
    const stay = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', stay);
    return () => window.removeEventListener('beforeunload', stay);
  }, [step]);

  async function read(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    if (inspected?.file === file && mapping) return goTo('columns'); // the same file: its mapping stays
    setBusy(true);
    setProblem(null);
    try {
      const inspection = await inspectFile(file);
      setInspected({ file, inspection });
      setMapping({ layout: 'wide', idColumn: inspection.suggested.idColumn ?? '', columns: { ...inspection.suggested.columns }, values: {} });
      goTo('columns');
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  }

  async function runCheck(next: CaseMapping) {
    if (!file) return;
    setMapping(next);
    goTo('check');
    setCheck(null);
    try {
      setCheck({ ok: true, summary: await importCaseHistories(file, next, source, true) });
    } catch (error) {
      setCheck({ ok: false, problem: asProblem(error) });
    }
  }

  async function runImport() {
    if (!file || !mapping) return;
    goTo('import');
    setProgress(0);
    try {
      const done = await importCaseHistories(file, mapping, source, false, (sent, total) => setProgress(total > 0 ? sent / total : 0));
      setSummary(done);
      goTo('done');
    } catch (error) {
      const failed = asProblem(error);
      if (failed.status === 0 || failed.status >= 500) {
        // the server may have finished the import after the connection was lost: say so, never "nothing changed"
        setProblem(failed);
      } else {
        goTo('check');
        setCheck({ ok: false, problem: failed });
      }
    } finally {
      setProgress(null);
    }
  }

  function restart() {
    setFile(null);
    setInspected(null);
    setMapping(null);
    setCheck(null);
    setSummary(null);
    goTo('file');
  }

  const heading = (name: Step) => (
    <h2 id={`step-${name}`} tabIndex={-1}>
      {s(`imports.steps.${STEPS.indexOf(name)}`)}
    </h2>
  );
  const needsOrganisation = !mapping?.source;

  return (
    <>
      <h1>{s('imports.title')}</h1>
      <ol className="steps" aria-label={s('imports.stepOf', { n: index + 1, name: s(`imports.steps.${index}`) })}>
        {STEPS.map((name, i) => (
          <li key={name} aria-current={i === index ? 'step' : undefined} className={i < index ? 'past' : undefined}>
            {s(`imports.steps.${i}`)}
          </li>
        ))}
      </ol>
      {problem && step !== 'import' && (
        <div className="error" role="alert">
          <ProblemText problem={problem} />
        </div>
      )}

      {step === 'file' && (
        <section aria-labelledby="step-file">
          {heading('file')}
          <form className="grid-form" onSubmit={read}>
            <DropZone
              id="import-file"
              legend={s('imports.file')}
              label={s('imports.drop')}
              accept=".csv,.xlsx,.json,.jsonl,text/csv,application/json"
              file={file}
              onFile={setFile}
            />
            <div className="field">
              <label htmlFor="import-organisation">{s('imports.organisation')}</label>
              <input
                id="import-organisation"
                required={needsOrganisation}
                value={source.organisation}
                onChange={(e) => setSource({ ...source, organisation: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="import-date">{s('imports.sourceDate')}</label>
              <input id="import-date" type="date" value={source.date} onChange={(e) => setSource({ ...source, date: e.target.value })} />
            </div>
            <div className="actions wide">
              <button type="submit" disabled={!file || busy || (needsOrganisation && !source.organisation.trim())}>
                {inspected?.file === file && mapping ? s('imports.continue') : s('imports.read')}
              </button>
            </div>
          </form>
        </section>
      )}

      {inspected && mapping && step === 'columns' && (
        <section aria-labelledby="step-columns">
          {heading('columns')}
          <Detected inspection={inspected.inspection} />
          <ColumnsStep inspection={inspected.inspection} mapping={mapping} onChange={setMapping} onBack={() => goTo('file')} onCheck={runCheck} />
        </section>
      )}

      {step === 'check' && mapping && (
        <section aria-labelledby="step-check">
          {heading('check')}
          <CheckStep
            result={check}
            mapping={mapping}
            onChange={setMapping}
            onBack={() => goTo('columns')}
            onAgain={runCheck}
            onImport={runImport}
            fileName={file?.name ?? 'planilla'}
          />
        </section>
      )}

      {step === 'import' && (
        <section aria-labelledby="step-import">
          {heading('import')}
          {problem ? (
            <div className="error" role="alert">
              <p>{s('imports.unknownOutcome')}</p>
              <ProblemText problem={problem} />
              <p>
                <Link to="/registro">{s('imports.toRegistry')}</Link>
              </p>
            </div>
          ) : (
            <>
              <p role="status">{progress !== null && progress < 1 ? s('imports.sending') : s('imports.processing')}</p>
              {progress !== null && progress < 1 ? (
                <progress max={1} value={progress} aria-label={s('imports.sending')} />
              ) : (
                <progress aria-label={s('imports.processing')} />
              )}
            </>
          )}
        </section>
      )}

      {step === 'done' && summary && (
        <section aria-labelledby="step-done">
          {heading('done')}
          <Summary summary={summary} onAnother={restart} />
        </section>
      )}
    </>
  );
}

function Detected({ inspection }: { inspection: FileInspection }) {
  const { t: s, i18n } = useTranslation('staff');
  const separator = s(`imports.separators.${{ ',': 'comma', ';': 'semicolon', '\t': 'tab' }[inspection.delimiter] ?? 'other'}`, {
    defaultValue: inspection.delimiter,
  });
  const dated = Object.entries(inspection.dateFormats);
  return (
    <>
      <h3>{s('imports.detected')}</h3>
      <dl className="facts" data-testid="detected">
        <div>
          <dt>{s('imports.format')}</dt>
          <dd>{inspection.format.toUpperCase()}</dd>
        </div>
        <div>
          <dt>{s('imports.encoding')}</dt>
          <dd>{inspection.encoding}</dd>
        </div>
        {inspection.format === 'csv' && (
          <div>
            <dt>{s('imports.separator')}</dt>
            <dd>{separator}</dd>
          </div>
        )}
        <div>
          <dt>{s('imports.rows')}</dt>
          <dd>{inspection.rows.toLocaleString(i18n.language)}</dd>
        </div>
        <div>
          <dt>{s('imports.dates')}</dt>
          <dd>{dated.length === 0 ? s('imports.noDates') : dated.map(([column, formats]) => `${column}: ${formats.join(', ')}`).join(' · ')}</dd>
        </div>
      </dl>
      <details>
        <summary>{s('imports.preview')}</summary>
        <TableWrap label={s('imports.preview')}>
          <table data-testid="preview">
            <thead>
              <tr>
                <th scope="col">{s('imports.row')}</th>
                {inspection.header.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {inspection.preview.map((line) => (
                <tr key={line.row}>
                  <td className="num">{line.row}</td>
                  {line.cells.map((cell, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells are in the header's order
                    <td key={i}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </>
  );
}

function Summary({ summary, onAnother }: { summary: ImportSummary; onAnother: () => void }) {
  const { t: s } = useTranslation('staff');
  const w = summary.written;
  return (
    <div data-testid="import-summary">
      {w && (
        <table>
          <tbody>
            {(['persons', 'detentions', 'events'] as const).map((name) => (
              <tr key={name}>
                <th scope="row">{s(`imports.summary.${name}`)}</th>
                <td>{s(`imports.summary.${name}Line`, { added: w[name].inserted, updated: w[name].updated })}</td>
              </tr>
            ))}
            {w.events.removed > 0 && (
              <tr>
                <th scope="row">{s('imports.summary.removed')}</th>
                <td>{w.events.removed}</td>
              </tr>
            )}
            <tr>
              <th scope="row">{s('imports.summary.measures')}</th>
              <td>{w.measures}</td>
            </tr>
            <tr>
              <th scope="row">{s('imports.summary.judgments')}</th>
              <td>{w.judgments}</td>
            </tr>
          </tbody>
        </table>
      )}
      {w && w.events.keptReviewed.length > 0 && <p className="note">{s('imports.kept', { ids: w.events.keptReviewed.join(', ') })}</p>}
      {summary.categoryChanges.length > 0 && <p className="note">{s('imports.categoryChanged', { count: summary.categoryChanges.length })}</p>}
      <div className="actions">
        <Link className="button" to="/registro">
          {s('imports.toRegistry')}
        </Link>
        <button type="button" onClick={onAnother}>
          {s('imports.another')}
        </button>
      </div>
    </div>
  );
}
