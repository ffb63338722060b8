/**
 * Every committed write to what answers are computed from is announced on the channel
 * `recuento_changes` (the table's name as payload): each server LISTENs and drops its cached
 * counts and pages, so several servers on one PostgreSQL, and the command line beside them, never
 * serve an answer older than the last commit. Statement-level triggers: one notice per statement,
 * and PostgreSQL folds equal notices within a transaction and delivers them only at commit.
 * Left out: what is written on every request or never counted (the audit trail, sessions,
 * sign-in throttles, settings, accounts' secrets, saved mappings). A later migration that adds a
 * table answers are computed from adds its trigger with `announceChanges`.
 */
import { type Kysely, sql } from 'kysely';

export const ANNOUNCED_TABLES = [
  'acts',
  'claims',
  'detention_charges',
  'detention_judgments',
  'detentions',
  'eligibility_results',
  'eligibility_runs',
  'erasures',
  'event_kinds',
  'events',
  'evidence',
  'evidence_links',
  'facilities',
  'facility_status_changes',
  'link_decisions',
  'log_checkpoints',
  'log_commitments',
  'log_cosignatures',
  'log_entries',
  'log_publications',
  'log_witnesses',
  'measure_breaches',
  'measure_changes',
  'measures',
  'offences',
  'person_identifiers',
  'person_merges',
  'persons',
  'presentations',
  'reconciliation_entries',
  'reconciliations',
  'reports',
  'source_links',
  'sources',
  'verification_levels',
  'verification_reviews',
] as const;

/** Adds the trigger that announces the table's committed changes. */
export async function announceChanges(db: Kysely<unknown>, table: string): Promise<void> {
  await sql
    .raw(`create trigger ${table}_announce after insert or update or delete or truncate on ${table}
      for each statement execute function announce_change()`)
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`create function announce_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('recuento_changes', tg_table_name);
      return null;
    end $$`)
    .execute(db);
  for (const table of ANNOUNCED_TABLES) await announceChanges(db, table);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ANNOUNCED_TABLES) await sql.raw(`drop trigger ${table}_announce on ${table}`).execute(db);
  await sql`drop function announce_change()`.execute(db);
}
