/**
 * The audit trail: every write through the API and every staff read of non-public data — who,
 * when, which action on which records, from where, with what result — as a hash chain
 * (domain/audit/chain.ts). Append-only: a trigger refuses updates and deletes; the chain reveals
 * changes made by someone who bypassed it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table audit_events (
    seq bigint primary key check (seq >= 1),
    at timestamptz not null,
    actor text not null,
    actor_name text not null,
    action text not null,
    method text not null,
    route text not null,
    targets text[] not null,
    status integer not null,
    ip text not null,
    prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
    hash text not null check (hash ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`create index audit_events_actor on audit_events (actor, seq)`.execute(db);
  await sql`create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function log_refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_events`.execute(db);
}
