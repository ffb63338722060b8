/**
 * Streams records as CSV or JSON text, each CSV cell guarded against formula injection
 * (shared/csv-cell.ts).
 */
import { formatIdentifier } from '../domain/registry/identifiers.js';
import { formatPartialDate } from '../domain/registry/parse-date.js';
import { csvCell } from '../shared/csv-cell.js';
import type { Claim, Person, PublicPerson } from '../shared/schemas.js';

export type Row = Record<string, string | number | boolean | null | undefined>;

export { csvCell } from '../shared/csv-cell.js';

/** CSV text chunks: the header, then one line per row. */
export async function* toCsv(columns: readonly string[], pages: AsyncIterable<Row[]>): AsyncGenerator<string> {
  yield `${columns.join(',')}\n`;
  for await (const page of pages) {
    let chunk = '';
    for (const row of page) chunk += `${columns.map((c) => csvCell(row[c])).join(',')}\n`;
    yield chunk;
  }
}

/** A JSON array, streamed a page at a time. */
export async function* toJsonArray(pages: AsyncIterable<Row[]>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const page of pages) {
    let chunk = '';
    for (const row of page) {
      chunk += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
      first = false;
    }
    yield chunk;
  }
  yield '\n]\n';
}

/** Columns of a staff export; their names match the default import mapping, so a file round-trips. */
export const STAFF_PERSON_COLUMNS = [
  'external_id',
  'given_names',
  'first_surname',
  'second_surname',
  'aliases',
  'cedula',
  'passport',
  'nationality',
  'sex',
  'birth_date',
  'occupation_group',
  'consent',
  'status',
  'synthetic',
  'id',
] as const;

/** Columns of a public export: only what consent to publication covers. */
export const PUBLIC_PERSON_COLUMNS = ['id', 'given_names', 'first_surname', 'second_surname', 'occupation_group', 'status', 'synthetic'] as const;

export function staffPersonRow(p: Person): Row {
  const cedula = p.identifiers.find((i) => i.kind === 'cedula_v' || i.kind === 'cedula_e');
  return {
    external_id: p.externalId ?? null,
    given_names: p.givenNames,
    first_surname: p.firstSurname,
    second_surname: p.secondSurname ?? null,
    aliases: p.aliases.join(';'),
    cedula: cedula ? formatIdentifier(cedula.kind, cedula.value) : null,
    passport: p.identifiers.find((i) => i.kind === 'passport')?.value ?? null,
    nationality: p.nationality ?? null,
    sex: p.sex,
    // a partial birth date stays partial (1990, 1990-05), so a re-import keeps its precision
    birth_date: p.birthDate ? formatPartialDate(p.birthDate, p.birthDatePrecision) : null,
    occupation_group: p.occupationGroup,
    consent: p.consent,
    status: p.status,
    synthetic: p.synthetic,
    id: p.id,
  };
}

export function publicPersonRow(p: PublicPerson): Row {
  return {
    id: p.id,
    given_names: p.givenNames,
    first_surname: p.firstSurname,
    second_surname: p.secondSurname ?? null,
    occupation_group: p.occupationGroup,
    status: p.status,
    synthetic: p.synthetic,
  };
}

export const CLAIM_COLUMNS = [
  'as_of',
  'as_of_precision',
  'published',
  'claimant',
  'claimant_kind',
  'metric',
  'qualifier',
  'value',
  'value_high',
  'scope',
  'counted_from',
  'basis',
  'reported_by',
  'url',
] as const;

export function claimRow(c: Claim): Row {
  return {
    as_of: c.asOf,
    as_of_precision: c.asOfPrecision,
    published: c.publishedOn,
    claimant: c.claimant,
    claimant_kind: c.claimantKind,
    metric: c.metric,
    qualifier: c.qualifier,
    value: c.value,
    value_high: c.valueHigh,
    scope: c.scope,
    counted_from: c.countedFrom,
    basis: c.basis,
    reported_by: c.citation,
    url: c.url,
  };
}
