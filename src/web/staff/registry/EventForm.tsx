/**
 * Add an event to a timeline, or correct one: what happened, when (and how precisely that is
 * known), where, which court, which detention. Checked by the API's own schema before it is sent.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_DATE_PRECISIONS, EVENT_KINDS } from '../../../domain/registry/vocabulary.js';
import { EventInputSchema, type Facility, type TimelineEvent } from '../../../shared/schemas.js';
import type { ApiProblem } from '../../session-api.js';
import { asProblem, ProblemText } from '../ApiState.js';
import { addEvent, correctEvent, type EventFields, type PersonRecord } from '../staff-api.js';
import { formWords } from '../staff-i18n.js';
import { check } from '../validate.js';
import { formatDate } from './dates.js';

export function EventForm({
  record,
  facilities,
  event,
  onDone,
  onCancel,
}: {
  record: PersonRecord;
  facilities: Facility[];
  event?: Partial<TimelineEvent>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t: s, i18n } = useTranslation('staff');
  const [draft, setDraft] = useState({
    kind: event?.kind ?? 'detained',
    occurredOn: event?.occurredOn ?? '',
    occurredOnPrecision: event?.occurredOnPrecision ?? 'day',
    // a new event belongs to the latest detention unless told otherwise; a stored event keeps its own (or none)
    detentionId: event ? (event.detentionId ?? '') : (record.detentions.at(-1)?.id ?? ''),
    facilityId: event?.facilityId ?? '',
    court: event?.court ?? '',
    notes: event?.notes ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLElement>('select, input')?.focus(), []);
  const set = (key: keyof typeof draft, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const prefix = event?.id ? `event-${event.id}` : 'event-new';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const fields = {
      kind: draft.kind,
      occurredOn: draft.occurredOn,
      occurredOnPrecision: draft.occurredOnPrecision,
      detentionId: draft.detentionId || null,
      facilityId: draft.facilityId || null,
      court: draft.court.trim() || null,
      notes: draft.notes.trim() || null,
    } as EventFields;
    const checked = check(EventInputSchema.omit({ personId: true }), fields, i18n.language, formWords(s));
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (event?.id) await correctEvent(event.id, fields);
      else await addEvent(record.person.id, fields);
      onDone();
    } catch (error) {
      const p = asProblem(error);
      setProblem(p);
      setErrors(Object.fromEntries(p.details.filter((d) => d.path?.startsWith('body.')).map((d) => [d.path!.slice(5), d.reason])));
    } finally {
      setBusy(false);
    }
  }

  const labelled = (
    name: keyof typeof draft,
    label: string,
    control: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode,
  ) => {
    const id = `${prefix}-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {control({ id, 'aria-invalid': Boolean(errors[name]), ...(errors[name] ? { 'aria-describedby': `${id}-error` } : {}) })}
        {errors[name] && (
          <span id={`${id}-error`} className="error">
            {errors[name]}
          </span>
        )}
      </div>
    );
  };
  const options = (pairs: readonly (readonly [string, string])[]) =>
    pairs.map(([value, words]) => (
      <option key={value} value={value}>
        {words}
      </option>
    ));

  return (
    <form ref={form} className="grid-form boxed" onSubmit={submit} noValidate data-testid="event-form">
      {problem && (
        <div className="error wide" role="alert">
          <ProblemText problem={problem} />
        </div>
      )}
      {labelled('kind', s('event.kind'), (props) => (
        <select {...props} value={draft.kind} onChange={(e) => set('kind', e.target.value)}>
          {options(EVENT_KINDS.map((k) => [k, s(`event.kinds.${k}`)]))}
        </select>
      ))}
      {labelled('occurredOn', s('event.date'), (props) => (
        <input {...props} type="date" required value={draft.occurredOn} onChange={(e) => set('occurredOn', e.target.value)} />
      ))}
      {labelled('occurredOnPrecision', s('event.precision'), (props) => (
        <select {...props} value={draft.occurredOnPrecision} onChange={(e) => set('occurredOnPrecision', e.target.value)}>
          {options(EVENT_DATE_PRECISIONS.map((p) => [p, s(`event.precisions.${p}`)]))}
        </select>
      ))}
      {labelled('detentionId', s('event.detention'), (props) => (
        <select {...props} value={draft.detentionId} onChange={(e) => set('detentionId', e.target.value)}>
          {options([['', s('event.none')], ...record.detentions.map((d) => [d.id!, formatDate(d.arrestedOn, d.arrestedOnPrecision, i18n.language)] as const)])}
        </select>
      ))}
      {labelled('facilityId', s('event.facility'), (props) => (
        <select {...props} value={draft.facilityId} onChange={(e) => set('facilityId', e.target.value)}>
          {options([['', s('event.none')], ...facilities.map((f) => [f.id, f.name] as const)])}
        </select>
      ))}
      {labelled('court', s('event.court'), (props) => (
        <input {...props} value={draft.court} onChange={(e) => set('court', e.target.value)} />
      ))}
      <div className="wide">
        {labelled('notes', s('event.notes'), (props) => (
          <textarea {...props} rows={2} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
        ))}
      </div>
      <div className="actions wide">
        <button type="submit" disabled={busy}>
          {s('event.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {s('person.cancel')}
        </button>
      </div>
    </form>
  );
}
