/**
 * Which column holds which field: first guessed from the headers, or taken from a saved mapping;
 * the mapping can be saved under a name for next week's sheet, or edited as JSON (declarations of
 * new offences and facilities, defaults).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../session-api.js';
import { asProblem, ProblemText, useApi } from '../ApiState.js';
import { type CaseMapping, type FileInspection, savedMapping, savedMappings, saveMapping } from '../staff-api.js';

const GROUPS = {
  person: [
    'fullName',
    'givenNames',
    'firstSurname',
    'secondSurname',
    'aliases',
    'cedula',
    'passport',
    'nationality',
    'sex',
    'birthDate',
    'occupationGroup',
    'consent',
  ],
  detention: ['arrestDate', 'arrestPlace', 'agency', 'facility', 'court', 'caseNumber', 'charges', 'judgment'],
  after: ['status', 'statusDate', 'releaseDate', 'measures', 'eventKind', 'eventDate'],
  acts: ['actKind', 'actDate', 'actEndDate', 'actFacility', 'actAgency', 'actUnit', 'actAccountBy'],
} as const;

export function ColumnsStep({
  inspection,
  mapping,
  onBack,
  onCheck,
}: {
  inspection: FileInspection;
  mapping: CaseMapping;
  onBack: () => void;
  onCheck: (mapping: CaseMapping) => void;
}) {
  const { t: s } = useTranslation('staff');
  const [draft, setDraft] = useState<CaseMapping>(mapping);
  const [json, setJson] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [note, setNote] = useState<{ ok: true; text: string } | { ok: false; problem: ApiProblem } | null>(null);
  const [saved, reloadSaved] = useApi(savedMappings, []);
  const missing = [draft.idColumn, ...Object.values(draft.columns)].filter((c) => c && !inspection.header.includes(c));

  const setColumn = (field: string, header: string) => {
    const columns = { ...draft.columns };
    if (header) columns[field] = header;
    else delete columns[field];
    setDraft({ ...draft, columns });
  };
  const headerSelect = (id: string, value: string, onChange: (header: string) => void, label?: string) => (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
      <option value="">{s('imports.none')}</option>
      {inspection.header.map((h) => (
        <option key={h} value={h}>
          {h}
        </option>
      ))}
      {value && !inspection.header.includes(value) && <option value={value}>{value} ⚠</option>}
    </select>
  );

  async function applySaved(chosen: string) {
    if (!chosen) return;
    try {
      const found = await savedMapping(chosen);
      setDraft({ values: {}, ...found.mapping });
      setName(found.name);
      setNote(null);
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    }
  }

  async function save() {
    try {
      const done = await saveMapping(name.trim(), draft);
      setNote({ ok: true, text: s('imports.mappingSaved', { name: done.name }) });
      reloadSaved();
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    }
  }

  function applyJson(text: string) {
    setJson(text);
    try {
      setDraft(JSON.parse(text) as CaseMapping);
      setNote(null);
    } catch (error) {
      setNote({
        ok: false,
        problem: { status: 400, code: 'validation_failed', message: '', details: [{ reason: s('imports.jsonInvalid', { reason: String(error) }) }] },
      });
    }
  }

  return (
    <section aria-labelledby="columns">
      <h2 id="columns">{s('imports.steps.1')}</h2>
      {saved.state === 'ok' && saved.data.length > 0 && (
        <div className="field">
          <label htmlFor="saved-mapping">{s('imports.useSaved')}</label>
          <select id="saved-mapping" defaultValue="" onChange={(e) => applySaved(e.target.value)}>
            <option value="">{s('imports.none')}</option>
            {saved.data.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name} ({m.updatedBy}, {new Date(m.updatedAt).toLocaleDateString()})
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="hint">{s('imports.guessed')}</p>
      <div className="grid-form">
        <div className="field">
          <label htmlFor="map-layout">{s('imports.layout')}</label>
          <select id="map-layout" value={draft.layout} onChange={(e) => setDraft({ ...draft, layout: e.target.value as CaseMapping['layout'] })}>
            <option value="wide">{s('imports.layouts.wide')}</option>
            <option value="long">{s('imports.layouts.long')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="map-idColumn">{s('imports.idColumn')}</label>
          {headerSelect('map-idColumn', draft.idColumn, (h) => setDraft({ ...draft, idColumn: h }))}
        </div>
        {Object.entries(GROUPS).map(([group, fields]) => (
          <fieldset key={group} className="wide columns-group">
            <legend>{s(`imports.groups.${group}`)}</legend>
            {fields.map((field) => (
              <div className="field" key={field}>
                <label htmlFor={`map-${field}`}>{s(`imports.fields.${field}`)}</label>
                {headerSelect(`map-${field}`, draft.columns[field] ?? '', (h) => setColumn(field, h))}
              </div>
            ))}
          </fieldset>
        ))}
      </div>
      <details
        onToggle={(e) => {
          if ((e.target as HTMLDetailsElement).open) setJson(JSON.stringify(draft, null, 2));
        }}
      >
        <summary>{s('imports.json')}</summary>
        <textarea aria-label={s('imports.json')} className="json" rows={14} value={json ?? ''} onChange={(e) => applyJson(e.target.value)} spellCheck={false} />
      </details>
      {note &&
        (note.ok ? (
          <p className="note" role="status">
            {note.text}
          </p>
        ) : (
          <div className="error" role="alert">
            <ProblemText problem={note.problem} />
          </div>
        ))}
      <div className="actions save-mapping">
        <label htmlFor="mapping-name">{s('imports.saveAs')}</label>
        <input id="mapping-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        <button type="button" disabled={!name.trim()} onClick={save}>
          {s('imports.save')}
        </button>
      </div>
      <div className="actions">
        <button type="button" onClick={onBack}>
          {s('imports.back')}
        </button>
        <button type="button" className="primary" disabled={!draft.idColumn || missing.length > 0} onClick={() => onCheck(draft)}>
          {s('imports.check')}
        </button>
      </div>
    </section>
  );
}
