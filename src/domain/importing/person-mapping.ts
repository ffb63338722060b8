/**
 * Mapping a spreadsheet row to a person. The mapping file names, for each field, the
 * column that holds it, translations of cell values (e.g. "F" → female) and defaults.
 * Format and example: docs/IMPORT.md. Every problem comes back with its column, value
 * and reason, so the person who made the spreadsheet can fix it.
 */
import { z } from 'zod';
import { parseCedula } from '../registry/identifiers.js';
import { parseFlexibleDate } from '../registry/parse-date.js';
import { CONSENT_LEVELS, OCCUPATION_GROUPS, SEXES } from '../registry/vocabulary.js';

/** The fields a column can be mapped to. */
export const MAPPABLE_FIELDS = [
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
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Values for empty cells: consent (private when not said), nationality, occupation group. */
export const MappingDefaultsSchema = z
  .object({
    consent: z.enum(CONSENT_LEVELS).optional(),
    nationality: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    occupationGroup: z.enum(OCCUPATION_GROUPS).optional(),
  })
  .default({});

export const PersonMappingSchema = z
  .object({
    idColumn: z.string().min(1),
    columns: z.partialRecord(z.enum(MAPPABLE_FIELDS), z.string().min(1)),
    values: z.partialRecord(z.enum(['sex', 'occupationGroup', 'consent', 'nationality']), z.record(z.string(), z.string())).default({}),
    defaults: MappingDefaultsSchema,
    listSeparator: z.string().min(1).max(3).default(';'),
  })
  .refine((m) => m.columns.givenNames && m.columns.firstSurname, {
    message: 'columns.givenNames and columns.firstSurname are required',
    path: ['columns'],
  });
export type PersonMapping = z.infer<typeof PersonMappingSchema>;

/** The mapping used when none is given: columns named like the fields (snake_case accepted). */
export function defaultMapping(header: readonly string[]): PersonMapping {
  const find = (field: string) => {
    const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    return header.find((h) => h === field || h.toLowerCase() === snake || h.toLowerCase() === field.toLowerCase());
  };
  const columns: Partial<Record<MappableField, string>> = {};
  for (const field of MAPPABLE_FIELDS) {
    const column = find(field);
    if (column) columns[field] = column;
  }
  return { idColumn: find('externalId') ?? find('id') ?? 'external_id', columns, values: {}, defaults: {}, listSeparator: ';' };
}

/** Column names the mapping needs that the header lacks. */
export function findMissingColumns(mapping: PersonMapping, header: readonly string[]): string[] {
  const needed = [mapping.idColumn, ...Object.values(mapping.columns)];
  return [...new Set(needed)].filter((column) => !header.includes(column));
}

/** A person as imported: the fields the registry stores, identifiers normalised. */
export type ImportedPerson = {
  externalId: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string | null;
  aliases: string[];
  identifiers: { kind: 'cedula_v' | 'cedula_e' | 'passport'; value: string }[];
  nationality: string | null;
  sex: (typeof SEXES)[number];
  birthDate: string | null;
  birthDatePrecision: 'day' | 'month' | 'year' | null;
  occupationGroup: (typeof OCCUPATION_GROUPS)[number];
  consent: (typeof CONSENT_LEVELS)[number];
};

export type RowProblem = { column: string; value: string; reason: string };
/** A row that fails still gives the identifiers it could read: a later row repeating one is still caught. */
export type MappedRow = { ok: true; person: ImportedPerson } | { ok: false; problems: RowProblem[]; identifiers: ImportedPerson['identifiers'] };

const MAX_LENGTHS: Partial<Record<MappableField, number>> = { givenNames: 200, firstSurname: 100, secondSurname: 100, aliases: 1000 };

/** Maps and validates one row; collects every problem rather than stopping at the first. */
export function mapPersonRow(record: Readonly<Record<string, string | undefined>>, mapping: PersonMapping): MappedRow {
  const problems: RowProblem[] = [];
  const cell = (field: MappableField): { column: string; value: string } | null => {
    const column = mapping.columns[field];
    if (!column) return null;
    const value = (record[column] ?? '').trim();
    const max = MAX_LENGTHS[field];
    if (max && value.length > max) {
      problems.push({ column, value: value.slice(0, 40), reason: `longer than ${max} characters` });
    }
    return { column, value };
  };
  const translate = (field: 'sex' | 'occupationGroup' | 'consent' | 'nationality', value: string) =>
    mapping.values[field]?.[value] ?? mapping.values[field]?.[value.toLowerCase()] ?? value;
  const required = (field: MappableField): string => {
    const c = cell(field);
    if (c && c.value === '') problems.push({ column: c.column, value: '', reason: 'required and empty' });
    return c?.value ?? '';
  };
  const enumField = <T extends string>(field: 'sex' | 'occupationGroup' | 'consent', allowed: readonly T[], fallback: T): T => {
    const c = cell(field);
    if (!c || c.value === '') return fallback;
    const value = translate(field, c.value);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push({ column: c.column, value: c.value, reason: `expected one of ${allowed.join(', ')} (or a translation in the mapping's values)` });
    return fallback;
  };

  const externalId = (record[mapping.idColumn] ?? '').trim();
  if (externalId === '') problems.push({ column: mapping.idColumn, value: '', reason: 'the id column is empty' });
  else if (externalId.length > 100) problems.push({ column: mapping.idColumn, value: externalId.slice(0, 40), reason: 'id longer than 100 characters' });

  const givenNames = required('givenNames');
  const firstSurname = required('firstSurname');
  const secondSurname = cell('secondSurname')?.value || null;
  const aliasesCell = cell('aliases');
  const aliases = aliasesCell?.value
    ? aliasesCell.value
        .split(mapping.listSeparator)
        .map((a) => a.trim())
        .filter(Boolean)
    : [];

  const identifiers: ImportedPerson['identifiers'] = [];
  const cedula = cell('cedula');
  if (cedula && cedula.value !== '') {
    const parsed = parseCedula(cedula.value);
    if (parsed.ok) identifiers.push({ kind: parsed.kind as 'cedula_v' | 'cedula_e', value: parsed.value });
    else problems.push({ column: cedula.column, value: cedula.value, reason: parsed.reason });
  }
  const passport = cell('passport');
  if (passport && passport.value !== '') {
    const value = passport.value.toUpperCase().replace(/\s+/g, '');
    if (/^[A-Z0-9-]{4,20}$/.test(value)) identifiers.push({ kind: 'passport', value });
    else problems.push({ column: passport.column, value: passport.value, reason: 'a passport number has 4–20 letters or digits' });
  }

  let nationality: string | null = mapping.defaults.nationality ?? null;
  const nat = cell('nationality');
  if (nat && nat.value !== '') {
    const value = translate('nationality', nat.value).toUpperCase();
    if (/^[A-Z]{2}$/.test(value)) nationality = value;
    else problems.push({ column: nat.column, value: nat.value, reason: 'expected a two-letter country code such as VE (or a translation in the mapping)' });
  }

  let birthDate: string | null = null;
  let birthDatePrecision: ImportedPerson['birthDatePrecision'] = null;
  const birth = cell('birthDate');
  if (birth && birth.value !== '') {
    const parsed = parseFlexibleDate(birth.value);
    if (parsed.ok) {
      birthDate = parsed.date;
      birthDatePrecision = parsed.precision;
    } else problems.push({ column: birth.column, value: birth.value, reason: parsed.reason });
  }

  const person: ImportedPerson = {
    externalId,
    givenNames,
    firstSurname,
    secondSurname,
    aliases,
    identifiers,
    nationality,
    sex: enumField('sex', SEXES, 'unknown'),
    birthDate,
    birthDatePrecision,
    occupationGroup: enumField('occupationGroup', OCCUPATION_GROUPS, mapping.defaults.occupationGroup ?? 'other'),
    consent: enumField('consent', CONSENT_LEVELS, mapping.defaults.consent ?? 'private'),
  };
  return problems.length > 0 ? { ok: false, problems, identifiers } : { ok: true, person };
}
