/**
 * Hourly limits counted in the database, so that several servers behind one load balancer count
 * together (and a restart forgets nothing): one row per admitted action — its scope (what is
 * limited), the key it is counted under (a keyed hash of the sender's address, never the address),
 * and when. Rows older than the window are deleted as new ones come. Not in backups.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rate_events (
    scope text not null,
    key text not null,
    at timestamptz not null default now()
  )`.execute(db);
  await sql`create index rate_events_key on rate_events (scope, key, at)`.execute(db);
  await sql`create index rate_events_at on rate_events (scope, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rate_events`.execute(db);
}
