/**
 * The import wizard over the case-history import (docs/IMPORT.md): the file and what was detected in
 * it → its columns mapped to fields (guessed from the headers, or a saved mapping) → a check that
 * writes nothing, with every problem in a table and as a download, and the values to translate into
 * the registry's vocabulary → the import, all or nothing, with its progress → what changed.
 * The file stays in this page's memory; nothing of it goes into an address or the browser's storage.
 */
import { type DragEvent, type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiProblem } from '../../session-api.js';
import { asProblem, ProblemText, usePageTitle } from '../ApiState.js';
import { type CaseMapping, type FileInspection, type ImportSummary, importCaseHistories, inspectFile } from '../staff-api.js';
import { type CheckResult, CheckStep } from './CheckStep.js';
import { ColumnsStep } from './ColumnsStep.js';

type Step = 'file' | 'columns' | 'check' | 'import' | 'done';
const STEPS: Step[] = ['file', 'columns', 'check', 'import', 'done'];

export function ImportWizard() {
  const { t: s } = useTranslation('staff');
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState({ organisation: '', date: new Date().toISOString().slice(0, 10) });
  const [inspection, setInspection] = useState<FileInspection | null>(null);
  const [mapping, setMapping] = useState<CaseMapping | null>(null);
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const index = STEPS.indexOf(step);
  usePageTitle(s('imports.title'));

  async function read(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const seen = await inspectFile(file);
      setInspection(seen);
      setMapping({ layout: 'wide', idColumn: seen.suggested.idColumn ?? '', columns: { ...seen.suggested.columns }, values: {} });
      setStep('columns');
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  }

  async function runCheck(next: CaseMapping) {
    if (!file) return;
    setMapping(next);
    setStep('check');
    setCheck(null);
    try {
      setCheck({ ok: true, summary: await importCaseHistories(file, next, source, true) });
    } catch (error) {
      setCheck({ ok: false, problem: asProblem(error) });
    }
  }

  async function runImport() {
    if (!file || !mapping) return;
    setStep('import');
    setProgress(0);
    setProblem(null);
    try {
      const done = await importCaseHistories(file, mapping, source, false, (sent, total) => setProgress(total > 0 ? sent / total : 0));
      setSummary(done);
      setStep('done');
    } catch (error) {
      setProblem(asProblem(error));
      setStep('check');
      setCheck({ ok: false, problem: asProblem(error) });
    } finally {
      setProgress(null);
    }
  }

  function restart() {
    setStep('file');
    setFile(null);
    setInspection(null);
    setMapping(null);
    setCheck(null);
    setSummary(null);
    setProblem(null);
  }

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
      {problem && step !== 'check' && (
        <div className="error" role="alert">
          <ProblemText problem={problem} />
        </div>
      )}

      {step === 'file' && (
        <form className="grid-form" onSubmit={read}>
          <DropZone file={file} onFile={setFile} />
          <div className="field">
            <label htmlFor="import-organisation">{s('imports.organisation')}</label>
            <input id="import-organisation" value={source.organisation} onChange={(e) => setSource({ ...source, organisation: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="import-date">{s('imports.sourceDate')}</label>
            <input id="import-date" type="date" value={source.date} onChange={(e) => setSource({ ...source, date: e.target.value })} />
          </div>
          <div className="actions wide">
            <button type="submit" disabled={!file || busy}>
              {s('imports.read')}
            </button>
          </div>
        </form>
      )}

      {inspection && mapping && step === 'columns' && (
        <>
          <Detected inspection={inspection} />
          <ColumnsStep inspection={inspection} mapping={mapping} onBack={() => setStep('file')} onCheck={runCheck} />
        </>
      )}

      {step === 'check' && mapping && (
        <CheckStep
          result={check}
          mapping={mapping}
          onBack={() => setStep('columns')}
          onAgain={runCheck}
          onImport={runImport}
          fileName={file?.name ?? 'planilla'}
        />
      )}

      {step === 'import' && (
        <div role="status" aria-live="polite">
          {progress !== null && progress < 1 ? (
            <>
              <p>{s('imports.sending', { percent: Math.round(progress * 100) })}</p>
              <progress max={1} value={progress} aria-label={s('imports.sending', { percent: Math.round(progress * 100) })} />
            </>
          ) : (
            <>
              <p>{s('imports.processing')}</p>
              <progress aria-label={s('imports.processing')} />
            </>
          )}
        </div>
      )}

      {step === 'done' && summary && <Summary summary={summary} onAnother={restart} />}
    </>
  );
}

/** The file, chosen or dropped; the keyboard reaches the file input itself. */
function DropZone({ file, onFile }: { file: File | null; onFile: (file: File) => void }) {
  const { t: s } = useTranslation('staff');
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  return (
    <fieldset
      className={`dropzone wide${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="dropzone"
    >
      <legend>{s('imports.file')}</legend>
      <label htmlFor="import-file">{s('imports.drop')}</label>
      <input
        id="import-file"
        type="file"
        accept=".csv,.xlsx,.json,.jsonl,text/csv,application/json"
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          if (chosen) onFile(chosen);
        }}
      />
      {file && (
        <p>
          <strong>{file.name}</strong> ({Math.ceil(file.size / 1024).toLocaleString()} KB)
        </p>
      )}
    </fieldset>
  );
}

function Detected({ inspection }: { inspection: FileInspection }) {
  const { t: s } = useTranslation('staff');
  const separator = { ',': ', (coma)', ';': '; (punto y coma)', '\t': 'tab' }[inspection.delimiter] ?? inspection.delimiter;
  const dated = Object.entries(inspection.dateFormats);
  return (
    <section aria-labelledby="detected">
      <h2 id="detected">{s('imports.detected')}</h2>
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
          <dd>{inspection.rows.toLocaleString()}</dd>
        </div>
        <div>
          <dt>{s('imports.dates')}</dt>
          <dd>{dated.length === 0 ? s('imports.noDates') : dated.map(([column, formats]) => `${column}: ${formats.join(', ')}`).join(' · ')}</dd>
        </div>
      </dl>
      <details>
        <summary>{s('imports.preview')}</summary>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen is a region the keyboard must be able to scroll */}
        <section className="table-wrap" aria-label={s('imports.preview')} tabIndex={0}>
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
        </section>
      </details>
    </section>
  );
}

function Summary({ summary, onAnother }: { summary: ImportSummary; onAnother: () => void }) {
  const { t: s } = useTranslation('staff');
  const w = summary.written;
  const rows: [string, number, number, number?][] = w
    ? [
        ['persons', w.persons.inserted, w.persons.updated],
        ['detentions', w.detentions.inserted, w.detentions.updated],
        ['events', w.events.inserted, w.events.updated, w.events.removed],
      ]
    : [];
  return (
    <section aria-labelledby="summary" data-testid="import-summary">
      <h2 id="summary">{s('imports.done')}</h2>
      <table>
        <tbody>
          {rows.map(([name, added, updated, removed]) => (
            <tr key={name}>
              <th scope="row">{s(`imports.summary.${name}`)}</th>
              <td>
                {added} {s('imports.summary.added')}, {updated} {s('imports.summary.updated')}
                {removed ? `, ${removed} ${s('imports.summary.removed')}` : ''}
              </td>
            </tr>
          ))}
          {w && (
            <>
              <tr>
                <th scope="row">{s('imports.summary.measures')}</th>
                <td>{w.measures}</td>
              </tr>
              <tr>
                <th scope="row">{s('imports.summary.judgments')}</th>
                <td>{w.judgments}</td>
              </tr>
            </>
          )}
        </tbody>
      </table>
      {w && w.events.keptReviewed.length > 0 && <p className="note">{s('imports.kept', { ids: w.events.keptReviewed.join(', ') })}</p>}
      {summary.categoryChanges.length > 0 && <p className="note">{s('imports.categoryChanges', { count: summary.categoryChanges.length })}</p>}
      <div className="actions">
        <Link className="button" to="/registro">
          {s('imports.toRegistry')}
        </Link>
        <button type="button" onClick={onAnother}>
          {s('imports.another')}
        </button>
      </div>
    </section>
  );
}
