/**
 * The root of every complete chunk of 256 log entries (a level-8 node of the tree: the entries of
 * a C2SP level-1 tile), written in the transaction that completes the chunk, so that opening the
 * log reads n/256 hashes and the last chunk's leaves instead of every leaf. Derived from the
 * entries: each tile names the last entry it covers (a truncated log takes its tiles with it),
 * nothing changes one once written, and opening the log checks them against the signed checkpoint.
 * An existing log gets its tiles at its next opening.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table log_tiles (
    chunk bigint primary key,
    last_index bigint not null unique references log_entries (index) on delete cascade,
    hash text not null check (hash ~ '^[0-9a-f]{64}$'),
    check (last_index = chunk * 256 + 255)
  )`.execute(db);
  await sql`create trigger log_tiles_append_only before update on log_tiles
    for each row execute function log_refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table log_tiles`.execute(db);
}
