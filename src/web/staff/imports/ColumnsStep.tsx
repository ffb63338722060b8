/**
 * Which column holds which field: first guessed from the headers, or taken from a saved mapping;
 * the mapping can be saved under a name for next week's sheet, or edited as JSON (declarations of
 * new offences and facilities, defaults). The wizard holds the mapping; the JSON box shows it as it
 * is, and what is typed there is taken only when it is a mapping.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAPPABLE_FIELDS } from '../../../domain/importing/person-mapping.js';
import { asProblem, type Note, Notice, useApi } from '../ApiState.js';
import { type CaseMapping, type FileInspection, savedMapping, savedMappings, saveMapping } from '../staff-api.js';

const GROUPS = {
  person: ['fullName', ...MAPPABLE_FIELDS],
  detention: ['arrestDate', 'arrestPlace', 'agency', 'facility', 'court', 'caseNumber', 'charges', 'judgment'],
  after: ['status', 'statusDate', 'releaseDate', 'measures', 'eventKind', 'eventDate'],
  acts: ['actKind', 'actDate', 'actEndDate', 'actFacility', 'actAgency', 'actUnit', 'actAccountBy'],
} as const;

/** Enough of a mapping's shape to draw it; the server checks the rest. */
function asMapping(value: unknown): CaseMapping | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const m = value as Record<string, unknown>;
  const isRecord = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (typeof m.idColumn !== 'string' || !isRecord(m.columns) || (m.layout !== undefined && m.layout !== 'wide' && m.layout !== 'long')) return null;
  if (m.values !== undefined && !isRecord(m.values)) return null;
  return { layout: 'wide', values: {}, ...m } as CaseMapping;
}

export function ColumnsStep({
  inspection,
  mapping,
  onChange,
  onBack,
  onCheck,
}: {
  inspection: FileInspection;
  mapping: CaseMapping;
  onChange: (mapping: CaseMapping) => void;
  onBack: () => void;
  onCheck: (mapping: CaseMapping) => void;
}) {
  const { t: s } = useTranslation('staff');
  const [typed, setTyped] = useState<string | null>(null); // the JSON box while it is being edited
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [note, setNote] = useState<Note | null>(null);
  const [saved, reloadSaved] = useApi(savedMappings, []);
  const missing = [mapping.idColumn, ...Object.values(mapping.columns)].filter((c) => c && !inspection.header.includes(c));

  const setColumn = (field: string, header: string) => {
    const columns = { ...mapping.columns };
    if (header) columns[field] = header;
    else delete columns[field];
    onChange({ ...mapping, columns });
  };
  const headerSelect = (id: string, value: string, onPick: (header: string) => void) => (
    <select id={id} value={value} onChange={(e) => onPick(e.target.value)}>
      <option value="">{s('imports.none')}</option>
      {inspection.header.map((h) => (
        <option key={h} value={h}>
          {h}
        </option>
      ))}
      {value && !inspection.header.includes(value) && <option value={value}>{s('imports.notInSheet', { column: value })}</option>}
    </select>
  );

  async function useChosen() {
    try {
      const found = await savedMapping(chosen);
      onChange(asMapping(found.mapping) ?? found.mapping);
      setTyped(null);
      setJsonError(null);
      setName(found.name);
      setNote(null);
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    }
  }

  async function save() {
    try {
      const done = await saveMapping(name.trim(), mapping);
      setNote({ ok: true, text: s('imports.mappingSaved', { name: done.name }) });
      reloadSaved();
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    }
  }

  function type(text: string) {
    setTyped(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return setJsonError(s('imports.jsonInvalid', { reason: (error as Error).message }));
    }
    const next = asMapping(parsed);
    if (!next) return setJsonError(s('imports.jsonNotMapping'));
    setJsonError(null);
    onChange(next);
  }

  return (
    <>
      {saved.state === 'ok' && saved.data.length > 0 && (
        <div className="actions saved-mappings">
          <label htmlFor="saved-mapping">{s('imports.useSaved')}</label>
          <select id="saved-mapping" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">{s('imports.noneChosen')}</option>
            {saved.data.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name} ({m.updatedBy}, {new Date(m.updatedAt).toLocaleDateString()})
              </option>
            ))}
          </select>
          <button type="button" disabled={!chosen} onClick={useChosen}>
            {s('imports.use')}
          </button>
        </div>
      )}
      <p className="hint">{s('imports.guessed')}</p>
      <div className="grid-form">
        <div className="field">
          <label htmlFor="map-layout">{s('imports.layout')}</label>
          <select id="map-layout" value={mapping.layout} onChange={(e) => onChange({ ...mapping, layout: e.target.value as CaseMapping['layout'] })}>
            <option value="wide">{s('imports.layouts.wide')}</option>
            <option value="long">{s('imports.layouts.long')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="map-idColumn">{s('imports.idColumn')}</label>
          {headerSelect('map-idColumn', mapping.idColumn, (h) => onChange({ ...mapping, idColumn: h }))}
        </div>
        {Object.entries(GROUPS).map(([group, fields]) => (
          <fieldset key={group} className="wide columns-group">
            <legend>{s(`imports.groups.${group}`)}</legend>
            {fields.map((field) => (
              <div className="field" key={field}>
                <label htmlFor={`map-${field}`}>{s(`imports.fields.${field}`)}</label>
                {headerSelect(`map-${field}`, mapping.columns[field] ?? '', (h) => setColumn(field, h))}
              </div>
            ))}
          </fieldset>
        ))}
      </div>
      <details>
        <summary>{s('imports.json')}</summary>
        <textarea
          aria-label={s('imports.json')}
          aria-invalid={jsonError !== null}
          aria-describedby={jsonError ? 'json-error' : undefined}
          className="json"
          rows={14}
          value={typed ?? JSON.stringify(mapping, null, 2)}
          onChange={(e) => type(e.target.value)}
          onBlur={() => jsonError === null && setTyped(null)}
          spellCheck={false}
        />
        {jsonError && (
          <p id="json-error" className="error">
            {jsonError}
          </p>
        )}
      </details>
      <Notice note={note} />
      <div className="actions save-mapping">
        <label htmlFor="mapping-name">{s('imports.saveAs')}</label>
        <input id="mapping-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        <button type="button" disabled={!name.trim() || jsonError !== null} onClick={save}>
          {s('imports.save')}
        </button>
      </div>
      <div className="actions">
        <button type="button" onClick={onBack}>
          {s('imports.back')}
        </button>
        <button type="button" className="primary" disabled={!mapping.idColumn || missing.length > 0 || jsonError !== null} onClick={() => onCheck(mapping)}>
          {s('imports.check')}
        </button>
      </div>
    </>
  );
}
