/** Aggregate counts claimed by each party, with their citation. */
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { AppError } from '../shared/app-error.js';
import type { Claim, ClaimInputSchema } from '../shared/schemas.js';
import { definedOnly } from './defined-only.js';
import type { Database } from './schema.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;
export type ClaimFields = Omit<Claim, 'id'>;
export type ClaimFilter = { metric?: string | undefined; claimantKind?: string | undefined; from?: string | undefined; to?: string | undefined };

/** A validated claim input as the fields stored (what it leaves out is null). */
export function claimFields(input: z.output<typeof ClaimInputSchema>): ClaimFields {
  return {
    ...input,
    valueHigh: input.valueHigh ?? null,
    publishedOn: input.publishedOn ?? null,
    countedFrom: input.countedFrom ?? null,
    basis: input.basis ?? null,
    url: input.url ?? null,
  };
}

export async function createClaim(db: Db, fields: ClaimFields): Promise<Claim> {
  const row = await translateErrors(() => db.insertInto('claims').values(fields).returning('id').executeTakeFirstOrThrow());
  return (await getClaim(db, row.id))!;
}

/** Inserts many claims at once (the demo data and claim imports). */
export async function createClaims(db: Db, claims: readonly ClaimFields[]): Promise<number> {
  if (claims.length === 0) return 0;
  await translateErrors(() =>
    db
      .insertInto('claims')
      .values([...claims])
      .execute(),
  );
  return claims.length;
}

export async function updateClaim(db: Db, id: string, patch: Partial<ClaimFields>): Promise<Claim> {
  const current = await getClaim(db, id);
  if (!current) throw new AppError('not_found', 'claim not found');
  const { id: _id, ...rest } = { ...current, ...definedOnly(patch) };
  await translateErrors(() => db.updateTable('claims').set(rest).where('id', '=', id).execute());
  return (await getClaim(db, id))!;
}

export async function getClaim(db: Db, id: string): Promise<Claim | undefined> {
  const row = await selectClaims(db).where('id', '=', id).executeTakeFirst();
  return row && toClaim(row);
}

/** Claims in date order (as of, then publication), optionally filtered. */
export async function listClaims(db: Db, filter: ClaimFilter = {}): Promise<Claim[]> {
  let q = selectClaims(db);
  if (filter.metric) q = q.where('metric', '=', filter.metric);
  if (filter.claimantKind) q = q.where('claimantKind', '=', filter.claimantKind);
  if (filter.from) q = q.where('asOf', '>=', filter.from);
  if (filter.to) q = q.where('asOf', '<=', filter.to);
  const rows = await q.orderBy('asOf').orderBy('publishedOn').orderBy('claimant').execute();
  return rows.map(toClaim);
}

export async function countClaims(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('claims')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

function selectClaims(db: Db) {
  return db
    .selectFrom('claims')
    .select([
      'id',
      'claimant',
      'claimantKind',
      'metric',
      'qualifier',
      'value',
      'valueHigh',
      'asOf',
      'asOfPrecision',
      'publishedOn',
      'scope',
      'countedFrom',
      'basis',
      'citation',
      'url',
    ]);
}

function toClaim(row: Omit<Selectable<Database['claims']>, 'createdAt'>): Claim {
  return {
    id: row.id,
    claimant: row.claimant,
    claimantKind: row.claimantKind as Claim['claimantKind'],
    metric: row.metric as Claim['metric'],
    qualifier: row.qualifier as Claim['qualifier'],
    value: row.value,
    valueHigh: row.valueHigh,
    asOf: row.asOf,
    asOfPrecision: row.asOfPrecision as Claim['asOfPrecision'],
    publishedOn: row.publishedOn,
    scope: row.scope,
    countedFrom: row.countedFrom,
    basis: row.basis as Claim['basis'],
    citation: row.citation,
    url: row.url,
  };
}
