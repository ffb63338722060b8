/**
 * What PostgreSQL's autovacuum does for a server, done by the embedded database's own server:
 * PGlite runs no background workers, so a registry grown request by request through the screens
 * would otherwise keep the planner statistics of its first day (plans made for empty tables:
 * seconds a page at a million persons instead of milliseconds) and every dead row version its
 * updates left. Bulk loads and large imports analyze what they wrote themselves; this covers
 * everything else, a table at a time, once it has grown by a fifth since it was last looked at.
 */
import { type Kysely, sql } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './schema.js';

/** A table is due once its size has grown by this share since its last analysis (PostgreSQL's own default for analysis is a tenth of the rows plus 50). */
const GROWTH = 0.2;
/** …and by at least this many pages (8 kB each): small tables are not analyzed at every write. */
const MIN_PAGES = 8;

/**
 * The registry's tables whose contents have outgrown their statistics: never analyzed while
 * holding rows, or grown by a fifth (and eight pages) since.
 */
export async function tablesDueForUpkeep(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from (
      select c.relname as name, c.relpages as known, c.reltuples as tuples,
        pg_relation_size(c.oid) / current_setting('block_size')::int as pages
      from pg_class c
      where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
    ) t
    where pages > 0 and (tuples < 0 or pages >= known * ${1 + GROWTH}::float8 + ${MIN_PAGES}::int)
    order by name`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * On PGlite, vacuums and analyzes the tables that are due (`tablesDueForUpkeep`), one statement
 * each so that requests waiting for the database pass between them; returns their names. On
 * PostgreSQL, nothing: its autovacuum does this.
 */
export async function upkeepEmbedded(store: Pick<Store, 'db' | 'kind'>): Promise<string[]> {
  if (store.kind !== 'pglite') return [];
  const due = await tablesDueForUpkeep(store.db);
  for (const table of due) await sql`vacuum (analyze) ${sql.table(table)}`.execute(store.db);
  return due;
}
