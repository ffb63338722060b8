/**
 * Acts committed against a person in custody (domain/violations): one row per act within a
 * detention — its kind, dates with their precision (none for the kinds the timeline gives:
 * incommunicado and enforced disappearance), facility, the agency and unit as reported, who gave
 * the account. The account itself and any individual named as responsible are stored only sealed
 * with the person's data key (like the sensitive fields, migration 008): erasing that key erases
 * them. An act is a subject of verification like an event: sources link to it (`source_links.act_id`),
 * evidence and reviews name it (`subject_kind = 'act'`).
 */
import { type Kysely, sql } from 'kysely';
import { DATE_PRECISIONS } from '../../domain/registry/vocabulary.js';
import { EVIDENCE_KINDS } from '../../domain/verification/derive-level.js';
import { ACCOUNT_GIVERS, ACT_KIND_CODES } from '../../domain/violations/vocabulary.js';

function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`);
}

const SUBJECT_TABLES = ['evidence_links', 'verification_reviews', 'verification_levels'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table acts (
    id uuid primary key,
    detention_id uuid not null references detentions (id) on delete cascade,
    kind text not null check (${oneOf('kind', ACT_KIND_CODES)}),
    from_on date,
    from_precision text not null default 'day' check (${oneOf('from_precision', DATE_PRECISIONS)}),
    to_on date,
    to_precision text not null default 'day' check (${oneOf('to_precision', DATE_PRECISIONS)}),
    facility_id uuid references facilities (id),
    agency text check (length(agency) between 1 and 100),
    unit text check (length(unit) between 1 and 200),
    account_by text check (${oneOf('account_by', ACCOUNT_GIVERS)}),
    account text check (account like 'rcx1.%'),
    named_perpetrators text check (named_perpetrators like 'rcx1.%'),
    external_id text,
    recorded_by uuid references accounts (id),
    recorded_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (to_on is null or from_on is null or to_on >= from_on)
  )`.execute(db);
  await sql`create index acts_detention on acts (detention_id)`.execute(db);
  await sql`create index acts_kind on acts (kind)`.execute(db);
  await sql`create unique index acts_external on acts (detention_id, external_id) where external_id is not null`.execute(db);

  await sql`alter table source_links add column act_id uuid references acts (id) on delete cascade`.execute(db);
  await sql`alter table source_links drop constraint source_links_check`.execute(db);
  await sql`alter table source_links add constraint source_links_one_subject check (num_nonnulls(person_id, detention_id, event_id, measure_id, act_id) = 1)`.execute(
    db,
  );
  await sql`create index source_links_act_id on source_links (act_id)`.execute(db);

  for (const table of SUBJECT_TABLES) {
    await sql.raw(`alter table ${table} drop constraint ${table}_subject_kind_check`).execute(db);
    await sql
      .raw(`alter table ${table} add constraint ${table}_subject_kind_check check (subject_kind in ('event', 'detention', 'person', 'act'))`)
      .execute(db);
  }
  // A medical examiner's report (the Istanbul Protocol's findings) is evidence of its own kind.
  await sql`alter table evidence drop constraint evidence_kind_check`.execute(db);
  await sql`alter table evidence add constraint evidence_kind_check check (${oneOf('kind', EVIDENCE_KINDS)})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of SUBJECT_TABLES) {
    await sql.raw(`alter table ${table} drop constraint ${table}_subject_kind_check`).execute(db);
    await sql.raw(`alter table ${table} add constraint ${table}_subject_kind_check check (subject_kind in ('event', 'detention', 'person'))`).execute(db);
  }
  await sql`alter table source_links drop constraint source_links_one_subject`.execute(db);
  await sql`alter table source_links drop column act_id`.execute(db);
  await sql`alter table source_links add constraint source_links_check check (num_nonnulls(person_id, detention_id, event_id, measure_id) = 1)`.execute(db);
  await sql`drop table acts`.execute(db);
}
