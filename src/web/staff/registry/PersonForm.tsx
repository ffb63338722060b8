/**
 * A person's identity as a form, validated in the browser by the same zod schema the API applies
 * (shared/schemas.ts), with the API's own refusals shown beside the fields they name.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_LEVELS, DATE_PRECISIONS, IDENTIFIER_KINDS, OCCUPATION_GROUPS, SEXES } from '../../../domain/registry/vocabulary.js';
import { type Identifier, type Person, type PersonFields, PersonInputSchema } from '../../../shared/schemas.js';
import type { ApiProblem } from '../../session-api.js';
import { asProblem, ProblemText } from '../ApiState.js';
import { formWords } from '../staff-i18n.js';
import { check } from '../validate.js';

type Draft = {
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  aliases: string;
  identifiers: { kind: Identifier['kind']; value: string }[];
  nationality: string;
  sex: string;
  birthDate: string;
  birthDatePrecision: string;
  occupationGroup: string;
  consent: string;
  externalId: string;
};

export const EMPTY_PERSON: PersonFields = {
  givenNames: '',
  firstSurname: '',
  secondSurname: null,
  aliases: [],
  identifiers: [],
  nationality: 'VE',
  sex: 'unknown',
  birthDate: null,
  birthDatePrecision: null,
  occupationGroup: 'other',
  consent: 'private',
  externalId: null,
};

const toDraft = (p: PersonFields | Person): Draft => ({
  givenNames: p.givenNames,
  firstSurname: p.firstSurname,
  secondSurname: p.secondSurname ?? '',
  aliases: (p.aliases ?? []).join('\n'),
  identifiers: (p.identifiers ?? []).map((i) => ({ ...i })),
  nationality: p.nationality ?? '',
  sex: p.sex,
  birthDate: p.birthDate ?? '',
  birthDatePrecision: p.birthDatePrecision ?? 'day',
  occupationGroup: p.occupationGroup,
  consent: p.consent,
  externalId: p.externalId ?? '',
});

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** What the form holds, as the API's fields. */
function fromDraft(d: Draft): PersonFields {
  return {
    givenNames: d.givenNames,
    firstSurname: d.firstSurname,
    secondSurname: orNull(d.secondSurname),
    aliases: d.aliases
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean),
    identifiers: d.identifiers.filter((i) => i.value.trim() !== ''),
    nationality: orNull(d.nationality)?.toUpperCase() ?? null,
    sex: d.sex as PersonFields['sex'],
    birthDate: orNull(d.birthDate),
    birthDatePrecision: orNull(d.birthDate) ? (d.birthDatePrecision as PersonFields['birthDatePrecision']) : null,
    occupationGroup: d.occupationGroup as PersonFields['occupationGroup'],
    consent: d.consent as PersonFields['consent'],
    externalId: orNull(d.externalId),
  };
}

/** The fields a person's form shows, in order, for the form and for comparing two versions. */
export const PERSON_FIELDS = [
  'givenNames',
  'firstSurname',
  'secondSurname',
  'aliases',
  'identifiers',
  'nationality',
  'sex',
  'birthDate',
  'occupationGroup',
  'consent',
  'externalId',
] as const;

export function PersonForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: PersonFields | Person;
  submitLabel: string;
  onSubmit: (fields: PersonFields) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t: s, i18n } = useTranslation('staff');
  const [draft, setDraft] = useState(() => toDraft(initial));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLElement>('input, select')?.focus(), []);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = fromDraft(draft);
    const checked = check(PersonInputSchema, fields, i18n.language, formWords(s));
    if (!checked.ok) {
      setFieldErrors(checked.errors);
      setProblem(null);
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      await onSubmit(fields);
      setProblem(null);
    } catch (error) {
      const p = asProblem(error);
      setProblem(p);
      setFieldErrors(Object.fromEntries(p.details.filter((d) => d.path?.startsWith('body.')).map((d) => [d.path!.slice(5).split('.')[0]!, d.reason])));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof Draft, label: string, input: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode) => {
    const id = `person-${name}`;
    const error = fieldErrors[name];
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {input({ id, 'aria-invalid': Boolean(error), ...(error ? { 'aria-describedby': `${id}-error` } : {}) })}
        {error && (
          <span id={`${id}-error`} className="error">
            {error}
          </span>
        )}
      </div>
    );
  };
  const text = (name: 'givenNames' | 'firstSurname' | 'secondSurname' | 'nationality' | 'externalId', label: string, extra: object = {}) =>
    field(name, label, (props) => <input {...props} {...extra} value={draft[name]} onChange={(e) => set(name, e.target.value)} />);
  const choice = (name: 'sex' | 'occupationGroup' | 'consent', label: string, options: readonly (readonly [string, string])[]) =>
    field(name, label, (props) => (
      <select {...props} value={draft[name]} onChange={(e) => set(name, e.target.value)}>
        {options.map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
    ));

  return (
    <form ref={form} className="grid-form" onSubmit={submit} noValidate data-testid="person-form">
      {problem && (
        <div className="error" role="alert">
          <ProblemText problem={problem} />
        </div>
      )}
      {text('givenNames', s('person.givenNames'), { required: true, autoComplete: 'off' })}
      {text('firstSurname', s('person.firstSurname'), { required: true, autoComplete: 'off' })}
      {text('secondSurname', s('person.secondSurname'), { autoComplete: 'off' })}
      {field('aliases', s('person.aliases'), (props) => (
        <textarea {...props} rows={2} value={draft.aliases} onChange={(e) => set('aliases', e.target.value)} />
      ))}
      <fieldset className="field wide">
        <legend>{s('person.identifiers')}</legend>
        {draft.identifiers.map((identifier, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own while being typed
          <div key={index} className="inline">
            <select
              aria-label={`${s('person.identifiers')} ${index + 1}`}
              value={identifier.kind}
              onChange={(e) =>
                set(
                  'identifiers',
                  draft.identifiers.map((x, i) => (i === index ? { ...x, kind: e.target.value as Identifier['kind'] } : x)),
                )
              }
            >
              {IDENTIFIER_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {s(`person.identifierKinds.${kind}`)}
                </option>
              ))}
            </select>
            <input
              aria-label={`${s('person.identifiers')} ${index + 1}: ${s(`person.identifierKinds.${identifier.kind}`)}`}
              value={identifier.value}
              onChange={(e) =>
                set(
                  'identifiers',
                  draft.identifiers.map((x, i) => (i === index ? { ...x, value: e.target.value } : x)),
                )
              }
            />
          </div>
        ))}
        <button type="button" className="add" onClick={() => set('identifiers', [...draft.identifiers, { kind: 'cedula_v', value: '' }])}>
          {s('person.addIdentifier')}
        </button>
        {fieldErrors.identifiers && <span className="error">{fieldErrors.identifiers}</span>}
      </fieldset>
      {text('nationality', s('person.nationality'), { maxLength: 2, autoComplete: 'off' })}
      {choice(
        'sex',
        s('person.sex'),
        SEXES.map((v) => [v, s(`person.sexes.${v}`)]),
      )}
      {field('birthDate', s('person.birthDate'), (props) => (
        <input {...props} type="date" value={draft.birthDate} onChange={(e) => set('birthDate', e.target.value)} />
      ))}
      {field('birthDatePrecision', s('person.birthDatePrecision'), (props) => (
        <select {...props} value={draft.birthDatePrecision} onChange={(e) => set('birthDatePrecision', e.target.value)}>
          {DATE_PRECISIONS.map((p) => (
            <option key={p} value={p}>
              {s(`event.precisions.${p}`)}
            </option>
          ))}
        </select>
      ))}
      {choice(
        'occupationGroup',
        s('person.occupation'),
        OCCUPATION_GROUPS.map((v) => [v, s(`occupations.${v}`)]),
      )}
      {choice(
        'consent',
        s('person.consent'),
        CONSENT_LEVELS.map((v) => [v, s(`consents.${v}`)]),
      )}
      {text('externalId', s('person.externalId'), { autoComplete: 'off' })}
      <div className="actions wide">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {s('person.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** One field's value in words, for the read view and the two-versions table. */
export function shownValue(p: PersonFields | Person, name: (typeof PERSON_FIELDS)[number], s: (key: string) => string): string {
  switch (name) {
    case 'aliases':
      return (p.aliases ?? []).join(', ');
    case 'identifiers':
      return (p.identifiers ?? []).map((i) => `${s(`person.identifierKinds.${i.kind}`)} ${i.value}`).join(', ');
    case 'sex':
      return s(`person.sexes.${p.sex}`);
    case 'occupationGroup':
      return s(`occupations.${p.occupationGroup}`);
    case 'consent':
      return s(`consents.${p.consent}`);
    default:
      return (p[name] as string | null | undefined) ?? '';
  }
}
