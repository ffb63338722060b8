/**
 * Reports sent through the public form: what the reporter says about a detention (kept as sent,
 * never published), their contact sealed with the master key, the hash of the code they follow it
 * with, and the staff's triage — accepted into the registry (the person made), linked to a person
 * already recorded, or rejected with a reason.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table reports (
    id uuid primary key,
    received_at timestamptz not null default now(),
    status text not null default 'new' check (status in ('new', 'accepted', 'linked', 'rejected')),
    details jsonb not null,
    contact text,
    follow_code_hash text not null unique,
    person_id uuid references persons (id) on delete set null,
    decided_by text,
    decided_at timestamptz,
    reason text
  )`.execute(db);
  await sql`create index reports_status on reports (status, received_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table reports`.execute(db);
}
