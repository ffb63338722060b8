/**
 * Bulk loads (a restore, a move to PostgreSQL, demo seeding) write millions of rows in one
 * transaction; the triggers that keep derived state — each person's status (015), the tallies
 * (018, 020), the change logs of linkage and facts (021, 022) — would redo their work for every
 * statement. A transaction that sets `recuento.bulk` to 'on' (set_config, local to it) skips them,
 * and then recomputes all of it in one set-based pass before it commits (store/bulk-load.ts).
 * It cannot commit without that pass: starting a bulk load writes a row in `bulk_loads`, the pass
 * removes it, and a deferred constraint trigger refuses the commit of a transaction whose row is
 * still there. Other transactions, and this one before and after, run every trigger as before.
 */
import { type Kysely, sql } from 'kysely';

/** The triggers a bulk load skips: every one that derives something from the rows written. */
export const SKIPPED_IN_BULK = [
  // 015: stored status
  ['events', ['events_status_insert', 'events_status_update', 'events_status_delete']],
  ['verification_levels', ['verification_levels_status', 'verification_levels_tally']],
  // 018, 020: tallies
  ['persons', ['persons_tally_insert', 'persons_tally_update', 'persons_tally_delete', 'persons_tally_events', 'persons_untally_events']],
  ['events', ['events_tally_insert', 'events_tally_update', 'events_tally_delete']],
  // 021: linkage changes
  ['persons', ['persons_link_insert', 'persons_link_delete', 'persons_link_update']],
  [
    'person_identifiers',
    ['person_identifiers_link_insert', 'person_identifiers_link_update', 'person_identifiers_link_delete', 'person_identifiers_link_update_old'],
  ],
  // 022: fact changes
  ...['events', 'detentions', 'detention_charges', 'detention_judgments'].map(
    (table) => [table, ['insert', 'update', 'update_old', 'delete'].map((event) => `${table}_facts_${event}`)] as const,
  ),
  ['facilities', ['facilities_facts_name']],
  ['sources', ['sources_facts_organisation']],
  ['offences', ['offences_facts_category']],
] as const;

const GUARD = "current_setting('recuento.bulk', true) IS DISTINCT FROM 'on'";

/** Re-creates each trigger as the database itself describes it, with its condition changed. */
async function rewriteTriggers(db: Kysely<unknown>, change: (definition: string) => string): Promise<void> {
  for (const [table, names] of SKIPPED_IN_BULK) {
    for (const name of names) {
      const { rows } = await sql<{ definition: string }>`select pg_get_triggerdef(t.oid) as definition from pg_trigger t
        where t.tgname = ${name} and t.tgrelid = ${table}::regclass`.execute(db);
      const definition = rows[0]?.definition;
      if (!definition) throw new Error(`trigger ${name} on ${table} not found`);
      await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
      await sql.raw(change(definition)).execute(db);
    }
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table bulk_loads (xid xid8 primary key default pg_current_xact_id())`.execute(db);
  await sql`create function refuse_unfinished_bulk_load() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from bulk_loads where xid = new.xid) then
        raise exception 'a bulk load was not finished: its derived state (statuses, tallies, change logs) was not recomputed';
      end if;
      return null;
    end $$`.execute(db);
  await sql`create constraint trigger bulk_loads_finished after insert on bulk_loads
    deferrable initially deferred for each row execute function refuse_unfinished_bulk_load()`.execute(db);
  await rewriteTriggers(db, (definition) =>
    definition.includes(' WHEN (')
      ? definition.replace(' WHEN (', ` WHEN (${GUARD} AND `)
      : definition.replace(' EXECUTE FUNCTION ', ` WHEN (${GUARD}) EXECUTE FUNCTION `),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // the guard as the database prints it back, alone or before a trigger's own condition
  const guard = String.raw`\(current_setting\('recuento\.bulk'::text, true\) IS DISTINCT FROM 'on'::text\)`;
  await rewriteTriggers(db, (definition) =>
    definition
      .replace(new RegExp(` WHEN \\(\\(${guard} AND (.*)\\)\\) EXECUTE FUNCTION `), ' WHEN ($1) EXECUTE FUNCTION ')
      .replace(new RegExp(` WHEN \\(${guard}\\) `), ' '),
  );
  await sql`drop trigger bulk_loads_finished on bulk_loads`.execute(db);
  await sql`drop function refuse_unfinished_bulk_load()`.execute(db);
  await sql`drop table bulk_loads`.execute(db);
}
