/**
 * Lists reconciled against the registry: the list (a source), its entries as written,
 * and reviewers' decisions on (entry, person) pairs, which every later run follows; and
 * merges of duplicate registry records, each with what it takes to undo it.
 * The report itself is computed, never stored: it changes as the registry and the
 * decisions do.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table reconciliations (
    id uuid primary key default gen_random_uuid(),
    source_id uuid not null references sources (id) on delete restrict,
    label text not null,
    claim text not null check (claim in ('released')),
    period_from date not null,
    period_to date not null check (period_to >= period_from),
    created_at timestamptz not null default now()
  )`.execute(db);

  await sql`create table reconciliation_entries (
    id uuid primary key default gen_random_uuid(),
    reconciliation_id uuid not null references reconciliations (id) on delete cascade,
    row_number integer not null,
    external_id text not null,
    given_names text not null,
    first_surname text not null,
    second_surname text not null,
    cedula text not null,
    birth_date text not null,
    unique (reconciliation_id, row_number),
    unique (reconciliation_id, external_id)
  )`.execute(db);

  await sql`create table link_decisions (
    id uuid primary key default gen_random_uuid(),
    entry_id uuid not null references reconciliation_entries (id) on delete cascade,
    person_id uuid not null references persons (id) on delete cascade,
    match boolean not null,
    decided_by text not null,
    note text,
    decided_at timestamptz not null default now(),
    unique (entry_id, person_id)
  )`.execute(db);
  await sql`create index link_decisions_person on link_decisions (person_id)`.execute(db);

  // a merge of two registry records, kept so that it can be undone exactly
  await sql`create table person_merges (
    id uuid primary key default gen_random_uuid(),
    kept_person_id uuid not null references persons (id) on delete cascade,
    merged_person_id uuid not null,
    snapshot jsonb not null,
    merged_by text not null,
    merged_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index person_merges_kept on person_merges (kept_person_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table person_merges`.execute(db);
  await sql`drop table link_decisions`.execute(db);
  await sql`drop table reconciliation_entries`.execute(db);
  await sql`drop table reconciliations`.execute(db);
}
