/**
 * Case histories imported from spreadsheets: detentions and events carry the external
 * id an organisation gives them (so a re-import updates instead of duplicating) and the
 * cells as written beside the codes they were mapped to; an event's date may be unknown;
 * a person keeps their full name as written; and an organisation's own judgment of a
 * case — political prisoner, common crime, undetermined — is a fact of the detention,
 * with its source and level, distinct from the charges. Claimed lists may give a full
 * name in one cell.
 */
import { type Kysely, sql } from 'kysely';
import { EVENT_DATE_PRECISIONS, VERIFICATION_LEVELS } from '../../domain/registry/vocabulary.js';

function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table persons add column name_as_written text`.execute(db);
  await sql`alter table detentions add column external_id text unique, add column as_written jsonb`.execute(db);
  await sql`alter table events add column external_id text unique, add column as_written jsonb`.execute(db);
  await sql`alter table events drop constraint events_occurred_on_precision_check`.execute(db);
  await sql`alter table events add constraint events_occurred_on_precision_check check (${oneOf('occurred_on_precision', EVENT_DATE_PRECISIONS)})`.execute(db);
  await sql`create table detention_judgments (
    detention_id uuid not null references detentions (id) on delete cascade,
    source_id uuid not null references sources (id) on delete cascade,
    judgment text not null check (judgment in ('political', 'common', 'undetermined')),
    level text not null default 'reported' check (${oneOf('level', VERIFICATION_LEVELS)}),
    as_written text,
    recorded_at timestamptz not null default now(),
    primary key (detention_id, source_id)
  )`.execute(db);
  await sql`create index detention_judgments_source on detention_judgments (source_id)`.execute(db);
  await sql`alter table reconciliation_entries add column full_name text not null default ''`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table reconciliation_entries drop column full_name`.execute(db);
  await sql`drop table detention_judgments`.execute(db);
  await sql`alter table events drop constraint events_occurred_on_precision_check`.execute(db);
  await sql`alter table events add constraint events_occurred_on_precision_check check (occurred_on_precision in ('day', 'month', 'year'))`.execute(db);
  await sql`alter table events drop column as_written, drop column external_id`.execute(db);
  await sql`alter table detentions drop column as_written, drop column external_id`.execute(db);
  await sql`alter table persons drop column name_as_written`.execute(db);
}
