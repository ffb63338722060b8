/**
 * A bulk load: millions of rows written in one transaction (a restore, a move to PostgreSQL, demo
 * seeding) without the triggers that derive state from each statement (migration 023), then one
 * set-based pass that derives it all — each person's status and place, the tallies, and a "read
 * everyone again" in the change logs — before the transaction commits. The database refuses the
 * commit of a bulk load whose pass did not run, so a stored status can never contradict its
 * timeline, however the load ends.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { AppError } from '../shared/app-error.js';
import type { Store } from './database.js';
import type { Database } from './schema.js';
import { recountTallies } from './tallies.js';

type Trx = Transaction<Database>;

/**
 * From this many persons on, a write is large enough to be a bulk load (demo seeding) or to refresh
 * the planner's statistics before it commits (imports): below it, the triggers' own work and the
 * statistics already there are the cheaper way.
 */
export const LARGE_WRITE = 10_000;

/**
 * From here to `finishBulkLoad`, this transaction's writes skip the deriving triggers. Writers of
 * persons, events and levels wait until it ends: the pass at its end recounts what they would
 * change, and locks taken only then, after minutes of writing, could close a cycle with a writer
 * that holds one of these tables and waits for another (a deadlock that would undo the whole load).
 */
export async function startBulkLoad(trx: Trx): Promise<void> {
  await sql`lock table persons, events, verification_levels in share mode`.execute(trx);
  await sql`insert into bulk_loads default values on conflict do nothing`.execute(trx);
  await sql`select set_config('recuento.bulk', 'on', true)`.execute(trx);
}

/**
 * Derives everything the skipped triggers would have — each person's status and place, every
 * tally, "read everyone again" in both change logs — then lets them run again. `afterStatuses`
 * runs once the statuses are written; `deferredIndexes` are built around the status pass, and
 * `deferredForeignKeys` added back (every row checked) before it.
 */
export async function finishBulkLoad(
  trx: Trx,
  options: { afterStatuses?: () => Promise<void>; deferredIndexes?: RebuildIndexes | null; deferredForeignKeys?: (() => Promise<void>) | null } = {},
): Promise<void> {
  // indexes deferred by `deferIndexes`: what the pass looks up first, the persons' own after it
  // (each status it writes would otherwise update them all)
  await options.deferredIndexes?.((table) => table !== 'persons');
  // every reference checked before anything is derived from the rows
  await options.deferredForeignKeys?.();
  // the planner learns the new contents of what the pass looks up person by person
  await sql`analyze events, verification_levels`.execute(trx);
  await rederiveStatuses(trx);
  await options.afterStatuses?.();
  await options.deferredIndexes?.();
  await recountTallies(trx);
  await sql`insert into link_changes (person_id) values (null)`.execute(trx);
  await sql`insert into fact_changes (person_id) values (null)`.execute(trx);
  // and of every table of the registry, the statuses and tallies as they now are (PGlite has no
  // autovacuum to do it later: without this, a restored million is queried with plans made for
  // empty tables — seconds instead of milliseconds)
  await analyzeAll(trx);
  await sql`select set_config('recuento.bulk', 'off', true)`.execute(trx);
  await sql`delete from bulk_loads where xid = pg_current_xact_id()`.execute(trx);
}

/** Planner statistics for every table of the registry's schema (not the system's catalogs). */
export async function analyzeAll(trx: Trx): Promise<void> {
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by 1`.execute(trx);
  if (rows.length > 0) await sql`analyze ${sql.join(rows.map((r) => sql.ref(r.name)))}`.execute(trx);
}

/**
 * After a bulk load has committed, on the embedded database: its status pass left a dead version
 * of every person's row, which PGlite — without autovacuum — would otherwise keep (and scan) for
 * good. PostgreSQL's autovacuum reclaims them by itself.
 */
export async function reclaimAfterBulkLoad(store: Pick<Store, 'db' | 'kind'>): Promise<void> {
  if (store.kind === 'pglite') await sql`vacuum persons`.execute(store.db);
}

/** Builds the indexes `deferIndexes` dropped: those of the tables `only` accepts, or all those left. */
export type RebuildIndexes = (only?: (table: string) => boolean) => Promise<void>;

/**
 * Drops the indexes of these tables that back no constraint (they are rebuilt, each in one pass,
 * by the function returned, for the tables it is asked for, or all those left): far faster than
 * keeping them up to date row by row in a load of millions. Only where the transaction holds the
 * tables to itself — a restore, which has truncated them, or a seeding of the embedded database,
 * which nobody else reads — since a dropped index locks its table against readers until the commit.
 */
export async function deferIndexes(trx: Trx, tables: readonly string[]): Promise<RebuildIndexes> {
  const { rows } = await sql<{
    table: string;
    name: string;
    definition: string;
  }>`select i.tablename as table, i.indexname as name, i.indexdef as definition from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in (${sql.join([...tables])})
      and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
    order by i.tablename, i.indexname`.execute(trx);
  for (const index of rows) await sql`drop index ${sql.ref(index.name)}`.execute(trx);
  let left = rows;
  return async (only = () => true) => {
    // each index sorted in memory, not in runs spilled to disk (a trigram index of a million names
    // holds some twenty million entries)
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    for (const index of left.filter((i) => only(i.table))) await sql.raw(index.definition).execute(trx);
    left = left.filter((i) => !only(i.table));
  };
}

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Drops the foreign keys of these tables (the referencing side) and returns how to add them back:
 * each then checks every row it covers in one set-based pass — a join — instead of a lookup per row
 * inserted, which is about half of a bulk load's writing time on PGlite. A row that references
 * nothing makes the adding fail (with `refusal`'s error: the table and the key, never a value), and
 * with it the whole load. Only where the transaction holds the tables to itself, as `deferIndexes`.
 */
export async function deferForeignKeys(
  trx: Trx,
  tables: readonly string[],
  refusal: (table: string, key: string) => AppError = (table, key) =>
    new AppError('validation_failed', `foreign key ${key} fails`, {
      publicMessage: `A row of table ${table} references a row that is not there (${key}): nothing was written.`,
    }),
): Promise<() => Promise<void>> {
  const { rows } = await sql<{ table: string; name: string; definition: string }>`
    select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where c.contype = 'f' and t.relnamespace = current_schema()::regnamespace and t.relname in (${sql.join([...tables])})
    order by t.relname, c.conname`.execute(trx);
  for (const key of rows) await sql`alter table ${sql.table(key.table)} drop constraint ${sql.ref(key.name)}`.execute(trx);
  return async () => {
    for (const key of rows) {
      try {
        await sql`alter table ${sql.table(key.table)} add constraint ${sql.ref(key.name)} ${sql.raw(key.definition)}`.execute(trx);
      } catch (error) {
        if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw refusal(key.table, key.name);
        throw error;
      }
    }
  };
}

/**
 * Every stored status and place set again from the SQL fold (`person_status_derived`, the same
 * definition the triggers use), in one statement. Writers are held off by the caller.
 */
async function rederiveStatuses(trx: Trx): Promise<void> {
  await sql`update persons p set status = d.status, status_event_id = d.status_event_id, status_level = d.status_level,
      place_event_id = d.place_event_id, place_facility_id = d.place_facility_id, place_level = d.place_level
    from person_status_derived d
    where d.person_id = p.id
      and (p.status, p.status_event_id, p.status_level, p.place_event_id, p.place_facility_id, p.place_level)
        is distinct from (d.status, d.status_event_id, d.status_level, d.place_event_id, d.place_facility_id, d.place_level)`.execute(trx);
}

/**
 * Rows written in one statement from JSON text — an array of objects keyed by column name — which
 * the database parses itself: far cheaper than a statement with a parameter per value (a restore's
 * lines are such objects already). `columns`, when given, are those written (the others take their
 * defaults); otherwise every column of the table is.
 */
export function insertFromJson(db: Kysely<Database>, table: string, json: string, columns?: readonly string[]): Promise<unknown> {
  const rows = sql`json_populate_recordset(null::${sql.table(table)}, ${json}::json)`;
  if (!columns) return sql`insert into ${sql.table(table)} select * from ${rows}`.execute(db);
  const list: RawBuilder<unknown> = sql.join(columns.map((c) => sql.ref(c)));
  return sql`insert into ${sql.table(table)} (${list}) select ${list} from ${rows}`.execute(db);
}
