/**
 * The transparency log (docs/TRANSPARENCY.md): its entries in order with their leaf hashes,
 * the signed checkpoints and the witnesses' cosignatures, the witnesses the log accepts, the
 * publications that appended entries, and — for persons who appear only as a commitment —
 * the salt and committed details from which a family's receipt is made (staff only).
 *
 * Entries and checkpoints can be added, never changed or removed: triggers refuse it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table log_publications (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('list', 'eligibility', 'counts', 'verification')),
    title text not null,
    first_index bigint not null check (first_index >= 0),
    entries integer not null check (entries >= 0),
    created_by text not null,
    created_at timestamptz not null default now()
  )`.execute(db);

  await sql`create table log_entries (
    index bigint primary key check (index >= 0),
    kind text not null,
    data text not null,
    leaf_hash text not null check (leaf_hash ~ '^[0-9a-f]{64}$'),
    publication_id uuid references log_publications (id),
    appended_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index log_entries_publication on log_entries (publication_id)`.execute(db);

  await sql`create table log_checkpoints (
    size bigint primary key check (size >= 0),
    root text not null check (root ~ '^[0-9a-f]{64}$'),
    note text not null,
    signed_at timestamptz not null default now()
  )`.execute(db);

  await sql`create table log_witnesses (
    key text primary key,
    name text not null,
    added_by text not null,
    added_at timestamptz not null default now()
  )`.execute(db);

  await sql`create table log_cosignatures (
    size bigint not null references log_checkpoints (size),
    witness_key text not null references log_witnesses (key),
    line text not null,
    cosigned_at timestamptz not null,
    received_at timestamptz not null default now(),
    primary key (size, witness_key)
  )`.execute(db);

  // person_id: whose entry it was when published (a later merge does not rewrite history)
  await sql`create table log_commitments (
    index bigint primary key references log_entries (index),
    publication_id uuid not null references log_publications (id),
    person_id uuid not null,
    salt text not null,
    subject text not null
  )`.execute(db);
  await sql`create index log_commitments_person on log_commitments (person_id)`.execute(db);

  await sql`create function log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'the transparency log is append-only: % on % refused', tg_op, tg_table_name using errcode = '55000';
    end
  $$`.execute(db);
  for (const table of ['log_entries', 'log_checkpoints', 'log_commitments', 'log_publications']) {
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function log_refuse_change()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['log_commitments', 'log_cosignatures', 'log_witnesses', 'log_checkpoints', 'log_entries', 'log_publications']) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
  await sql`drop function log_refuse_change()`.execute(db);
}
