/**
 * The check that writes nothing: every problem in a table (and as a CSV download), and each value
 * the registry's vocabulary does not know, to translate by choosing an entry (never by resemblance);
 * then check again, or import.
 */
import { useTranslation } from 'react-i18next';
import { EVENT_KINDS, OCCUPATION_GROUPS, SEXES } from '../../../domain/registry/vocabulary.js';
import { ACT_KINDS } from '../../../domain/violations/vocabulary.js';
import type { ErrorDetail } from '../../../shared/app-error.js';
import { csvCell } from '../../../shared/csv-cell.js';

/** An organisation's own judgment of a case (the import's `judgment` column). */
const JUDGMENTS = ['political', 'common', 'undetermined'] as const;

import type { ApiProblem } from '../../session-api.js';
import { ProblemText, useApi } from '../ApiState.js';
import { type CaseMapping, facilities, type ImportSummary, offences } from '../staff-api.js';
import { TableWrap } from '../TableWrap.js';

export type CheckResult = { ok: true; summary: ImportSummary } | { ok: false; problem: ApiProblem };

export function CheckStep({
  result,
  mapping,
  fileName,
  onChange,
  onBack,
  onAgain,
  onImport,
}: {
  result: CheckResult | null;
  mapping: CaseMapping;
  fileName: string;
  onChange: (mapping: CaseMapping) => void;
  onBack: () => void;
  onAgain: (mapping: CaseMapping) => void;
  onImport: () => void;
}) {
  const { t: s } = useTranslation('staff');
  const values = mapping.values ?? {};
  if (!result)
    return (
      <p role="status" aria-live="polite">
        {s('imports.checking')}
      </p>
    );
  const back = (
    <button type="button" onClick={onBack}>
      {s('imports.back')}
    </button>
  );
  if (result.ok) {
    const r = result.summary;
    return (
      <>
        <p className="note" role="status" data-testid="check-clean">
          {s('imports.clean', { rows: r.rows, persons: r.persons, detentions: r.detentions, events: r.events })}
        </p>
        {r.categoryChanges.length > 0 && <p className="note">{s('imports.categoryChanges', { count: r.categoryChanges.length })}</p>}
        <div className="actions">
          {back}
          <button type="button" className="primary" onClick={onImport}>
            {s('imports.import')}
          </button>
        </div>
      </>
    );
  }
  const { problem } = result;
  const rowProblems = problem.details.filter((d) => !d.path?.startsWith('values.'));
  const toMap = problem.details.filter((d): d is ErrorDetail & { path: string; value: string } =>
    Boolean(d.path?.startsWith('values.') && d.value !== undefined),
  );
  const count = Number(/(\d+) problem/.exec(problem.message)?.[1] ?? rowProblems.length);
  return (
    <>
      <div className="error" role="alert">
        {problem.code === 'import_rejected' && rowProblems.some((d) => d.row !== undefined) ? (
          `${s('imports.problems', { count })}${count > rowProblems.length ? ` ${s('imports.firstListed', { listed: rowProblems.length })}` : ''}`
        ) : (
          <ProblemText problem={problem} />
        )}
      </div>
      {toMap.length > 0 && (
        <ValuesToMap
          toMap={toMap}
          values={values}
          onChoose={(field, value, code) => {
            const table = { ...(values[field] ?? {}) };
            if (code) table[value] = code;
            else delete table[value];
            onChange({ ...mapping, values: { ...values, [field]: table } });
          }}
        />
      )}
      {rowProblems.length > 0 && (
        <>
          <h3>{s('imports.problemsTable')}</h3>
          <TableWrap className="problems" label={s('imports.problemsTable')}>
            <table data-testid="problems">
              <thead>
                <tr>
                  <th scope="col">{s('imports.row')}</th>
                  <th scope="col">{s('imports.column')}</th>
                  <th scope="col">{s('imports.value')}</th>
                  <th scope="col">{s('imports.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {rowProblems.map((d, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: problems are listed as the import found them
                  <tr key={i}>
                    <td className="num">{d.row ?? ''}</td>
                    <td>{d.column ?? d.path ?? ''}</td>
                    <td>{d.value ?? ''}</td>
                    <td>{d.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <button type="button" onClick={() => download(`${fileName.replace(/\.[a-z]+$/i, '')}.problems.csv`, rowProblems)}>
            {s('imports.download')}
          </button>
        </>
      )}
      <div className="actions">
        {back}
        <button type="button" className="primary" onClick={() => onAgain(mapping)}>
          {s('imports.again')}
        </button>
      </div>
    </>
  );
}

/** Each unknown value once, with a choice of entries: the closest first, then all of a list. */
function ValuesToMap({
  toMap,
  values,
  onChoose,
}: {
  toMap: (ErrorDetail & { path: string; value: string })[];
  values: Record<string, Record<string, string>>;
  onChoose: (field: string, value: string, code: string) => void;
}) {
  const { t: s, i18n } = useTranslation('staff');
  const [places] = useApi(facilities, []);
  const [charges] = useApi(offences, []);
  /** Every entry a value of the field may be translated to. */
  const everything = (field: string): [string, string][] => {
    if (field === 'facility' && places.state === 'ok') return places.data.map((f) => [f.code, f.name]);
    if (field === 'charges' && charges.state === 'ok') return charges.data.map((o) => [o.code, i18n.language === 'en' ? o.labelEn : o.labelEs]);
    if (field === 'status') return EVENT_KINDS.map((k) => [k, s(`event.kinds.${k}`)]);
    if (field === 'sex') return SEXES.map((k) => [k, s(`person.sexes.${k}`)]);
    if (field === 'occupationGroup') return OCCUPATION_GROUPS.map((k) => [k, s(`occupations.${k}`)]);
    if (field === 'judgment') return JUDGMENTS.map((k) => [k, s(`imports.judgments.${k}`)]);
    if (field === 'actKind') return ACT_KINDS.map((k) => [k.code, i18n.language === 'en' ? k.label.en : k.label.es]);
    return [];
  };
  return (
    <>
      <h3>{s('imports.toMap')}</h3>
      <p className="hint">{s('imports.toMapNote')}</p>
      <TableWrap>
        <table data-testid="values-to-map">
          <thead>
            <tr>
              <th scope="col">{s('imports.column')}</th>
              <th scope="col">{s('imports.asWritten')}</th>
              <th scope="col">{s('imports.where')}</th>
              <th scope="col">{s('imports.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {toMap.map((d) => {
              const field = d.path.slice('values.'.length);
              const id = `value-${field}-${d.value}`;
              return (
                <tr key={id}>
                  <td>{s(`imports.fields.${field}`, { defaultValue: field })}</td>
                  <td>
                    <label htmlFor={id}>{d.value}</label>
                  </td>
                  <td>{s('imports.fromRow', { row: d.row })}</td>
                  <td>
                    <select id={id} value={values[field]?.[d.value] ?? ''} onChange={(e) => onChoose(field, d.value, e.target.value)}>
                      <option value="">{s('imports.leave')}</option>
                      {(d.suggestions ?? []).length > 0 && (
                        <optgroup label={s('imports.closest')}>
                          {d.suggestions!.map((x) => (
                            <option key={x.code} value={x.code}>
                              {x.label} ({x.code})
                            </option>
                          ))}
                        </optgroup>
                      )}
                      {everything(field).length > 0 && (
                        <optgroup label={s('imports.all')}>
                          {everything(field).map(([code, label]) => (
                            <option key={code} value={code}>
                              {label} ({code})
                            </option>
                          ))}
                        </optgroup>
                      )}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

/**
 * The problems as a CSV file the browser saves: row, column, value, reason, each cell guarded as the
 * command line guards it (a cell from the sheet never runs as a formula), with a byte-order mark so
 * a spreadsheet on Spanish Windows reads the accents.
 */
function download(name: string, problems: readonly ErrorDetail[]) {
  const lines = ['row,column,value,reason', ...problems.map((d) => [d.row, d.column ?? d.path, d.value, d.reason].map(csvCell).join(','))];
  const url = URL.createObjectURL(new Blob([`\uFEFF${lines.join('\n')}\n`], { type: 'text/csv;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
