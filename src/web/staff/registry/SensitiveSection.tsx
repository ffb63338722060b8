/**
 * A person's sensitive fields — relatives' contacts, health, address, notes — hidden until someone
 * whose role may read them asks (each reading goes into the audit trail, so the screen says so);
 * shown only the fields the role may see; corrected in place by those who may write (a field
 * emptied is cleared). Nothing is kept once hidden or the screen is left.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SensitiveField, SensitivePatch, SensitiveValues } from '../../../shared/schemas.js';
import { asProblem, type Note, Notice } from '../ApiState.js';
import { readSensitive, type SensitiveView, writeSensitive } from '../staff-api.js';

type Relative = NonNullable<SensitiveValues['relatives']>[number];
const TEXTS = ['health', 'address', 'notes'] as const;

export function SensitiveSection({ personId, may }: { personId: string; may: ReadonlySet<string> }) {
  const { t: s, i18n } = useTranslation('staff');
  const [view, setView] = useState<SensitiveView | null>(null);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  if (!may.has('sensitive.read')) return null;
  async function reveal() {
    setBusy(true);
    setNote(null);
    try {
      setView(await readSensitive(personId));
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    } finally {
      setBusy(false);
    }
  }
  const shown = new Set<SensitiveField>(view?.shown ?? []);
  return (
    <section aria-labelledby="sensitive" className="boxed" data-testid="sensitive">
      <h2 id="sensitive">{s('sensitive.title')}</h2>
      <Notice note={note} />
      {!view ? (
        <>
          <p className="note">{s('sensitive.hidden')}</p>
          <button type="button" disabled={busy} onClick={reveal}>
            {s('sensitive.reveal')}
          </button>
        </>
      ) : view.erasedAt ? (
        <p className="note">{s('sensitive.erased', { when: new Date(view.erasedAt).toLocaleString(i18n.language) })}</p>
      ) : editing ? (
        <SensitiveForm
          personId={personId}
          view={view}
          onSaved={(next) => {
            setView(next);
            setEditing(false);
            setNote({ ok: true, text: s('person.saved') });
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <dl className="facts">
            {shown.has('relatives') && (
              <div>
                <dt>{s('sensitive.fields.relatives')}</dt>
                <dd>
                  {view.values.relatives?.length ? (
                    <ul>
                      {view.values.relatives.map((r) => (
                        <li key={`${r.name}:${r.relation}`}>
                          {r.name} ({r.relation}){r.phone && <> · {r.phone}</>}
                          {r.email && <> · {r.email}</>}
                          {r.note && <> · {r.note}</>}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  )}
                </dd>
              </div>
            )}
            {TEXTS.filter((f) => shown.has(f)).map((f) => (
              <div key={f}>
                <dt>{s(`sensitive.fields.${f}`)}</dt>
                <dd className="prewrap">{view.values[f] || '—'}</dd>
              </div>
            ))}
          </dl>
          {shown.size < 4 && <p className="note">{s('sensitive.partial')}</p>}
          <div className="actions">
            <button type="button" onClick={() => setView(null)}>
              {s('sensitive.hide')}
            </button>
            {may.has('sensitive.write') && (
              <button type="button" onClick={() => setEditing(true)}>
                {s('person.edit')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function SensitiveForm({
  personId,
  view,
  onSaved,
  onCancel,
}: {
  personId: string;
  view: SensitiveView;
  onSaved: (view: SensitiveView) => void;
  onCancel: () => void;
}) {
  const { t: s } = useTranslation('staff');
  const shown = new Set<SensitiveField>(view.shown);
  const [relatives, setRelatives] = useState<Relative[]>(view.values.relatives ?? []);
  const [texts, setTexts] = useState<Record<(typeof TEXTS)[number], string>>({
    health: view.values.health ?? '',
    address: view.values.address ?? '',
    notes: view.values.notes ?? '',
  });
  const [note, setNote] = useState<Note | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    // only what changed, and only fields this role sees: an emptied field is cleared (null)
    const patch: SensitivePatch = {};
    for (const f of TEXTS) if (shown.has(f) && texts[f].trim() !== (view.values[f] ?? '')) patch[f] = texts[f].trim() || null;
    const kept = relatives.filter((r) => r.name.trim() && r.relation.trim());
    if (shown.has('relatives') && JSON.stringify(kept) !== JSON.stringify(view.values.relatives ?? [])) patch.relatives = kept.length ? kept : null;
    try {
      if (Object.keys(patch).length > 0) await writeSensitive(personId, patch);
      const values: SensitiveValues = { ...view.values };
      for (const [f, v] of Object.entries(patch)) (values as Record<string, unknown>)[f] = v ?? undefined;
      onSaved({ ...view, values });
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    }
  }
  const setRelative = (i: number, field: keyof Relative, value: string) =>
    setRelatives(relatives.map((r, j) => (j === i ? { ...r, [field]: value || (field === 'name' || field === 'relation' ? '' : undefined) } : r)));
  return (
    <form className="grid-form" onSubmit={submit} data-testid="sensitive-form">
      {shown.has('relatives') && (
        <fieldset className="wide">
          <legend>{s('sensitive.fields.relatives')}</legend>
          {relatives.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own while typed
            <div className="inline" key={i}>
              {(['name', 'relation', 'phone', 'email'] as const).map((field) => (
                <label key={field}>
                  {s(`sensitive.relative.${field}`)}
                  <input value={r[field] ?? ''} required={field === 'name' || field === 'relation'} onChange={(e) => setRelative(i, field, e.target.value)} />
                </label>
              ))}
              <button type="button" className="small" onClick={() => setRelatives(relatives.filter((_, j) => j !== i))}>
                {s('sensitive.remove')}
              </button>
            </div>
          ))}
          <button type="button" className="small" onClick={() => setRelatives([...relatives, { name: '', relation: '' }])}>
            {s('sensitive.addRelative')}
          </button>
        </fieldset>
      )}
      {TEXTS.filter((f) => shown.has(f)).map((f) => (
        <div className="field wide" key={f}>
          <label htmlFor={`sensitive-${f}`}>{s(`sensitive.fields.${f}`)}</label>
          <textarea id={`sensitive-${f}`} rows={f === 'notes' ? 5 : 2} value={texts[f]} onChange={(e) => setTexts({ ...texts, [f]: e.target.value })} />
        </div>
      ))}
      <div className="wide">
        <Notice note={note} />
      </div>
      <div className="actions wide">
        <button type="submit">{s('person.save')}</button>
        <button type="button" onClick={onCancel}>
          {s('person.cancel')}
        </button>
      </div>
    </form>
  );
}
