/**
 * What makes two claims comparable: the first day of the period a cumulative figure counts
 * (`counted_from`) and what it counts under (`basis`, e.g. releases under the amnesty law).
 * The public site computes a gap only between claims of the same metric, basis and period.
 */
import { type Kysely, sql } from 'kysely';
import { CLAIM_BASES } from '../../domain/registry/vocabulary.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table claims add column counted_from date`.execute(db);
  await sql.raw(`alter table claims add column basis text check (basis in (${CLAIM_BASES.map((b) => `'${b}'`).join(', ')}))`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table claims drop column basis`.execute(db);
  await sql`alter table claims drop column counted_from`.execute(db);
}
