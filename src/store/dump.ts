/**
 * A logical dump of the whole database as JSON lines: the one mechanism behind
 * `backup`, `restore` and `migrate --to` (PGlite → PostgreSQL). Rows are read in a
 * repeatable-read snapshot in key order with the time zone pinned to UTC, so the same
 * data gives the same bytes on PGlite and on PostgreSQL 15 — which lets a move be
 * checked table by table with SHA-256 digests. Restore replaces the target's contents
 * in one transaction: it either completes or leaves the target as it was.
 *
 * Format (version 1), one JSON value per line:
 *   {"format":"recuento-dump","version":1,"schema":"001-registry","tables":[...]}
 *   {"table":"persons"}            then one line per row (the row as a JSON object)
 *   {"end":"persons","rows":N,"sha256":"…"}
 *   {"complete":true}
 */
import { createHash } from 'node:crypto';
import { type Kysely, type QueryResult, type RawBuilder, sql } from 'kysely';
import { AppError } from '../shared/app-error.js';
import { deferForeignKeys, deferIndexes, finishBulkLoad, insertFromJson, startBulkLoad } from './bulk-load.js';
import type { Database } from './schema.js';
import { erasedPersonIds, reErase } from './sensitive.js';

/** Tables in an order that satisfies foreign keys, each with its key columns. */
export const DUMP_TABLES = [
  { name: 'settings', key: ['key'] },
  // accounts first: acts, evidence and reviews name who recorded them
  { name: 'accounts', key: ['id'] },
  { name: 'event_kinds', key: ['kind'] },
  { name: 'offences', key: ['code'] },
  { name: 'facilities', key: ['id'] },
  { name: 'sources', key: ['id'] },
  { name: 'persons', key: ['id'] },
  { name: 'person_identifiers', key: ['kind', 'value'] },
  { name: 'detentions', key: ['id'] },
  { name: 'detention_charges', key: ['detention_id', 'offence_code'] },
  { name: 'events', key: ['id'] },
  { name: 'measures', key: ['id'] },
  { name: 'measure_changes', key: ['id'] },
  { name: 'presentations', key: ['id'] },
  { name: 'measure_breaches', key: ['id'] },
  { name: 'facility_status_changes', key: ['id'] },
  { name: 'acts', key: ['id'] },
  { name: 'import_mappings', key: ['name'] },
  { name: 'source_links', key: ['id'] },
  { name: 'detention_judgments', key: ['detention_id', 'source_id'] },
  { name: 'claims', key: ['id'] },
  { name: 'reconciliations', key: ['id'] },
  { name: 'reconciliation_entries', key: ['id'] },
  { name: 'link_decisions', key: ['id'] },
  { name: 'person_merges', key: ['id'] },
  { name: 'eligibility_runs', key: ['id'] },
  { name: 'eligibility_results', key: ['run_id', 'detention_id'] },
  { name: 'log_publications', key: ['id'] },
  { name: 'log_entries', key: ['index'] },
  { name: 'log_checkpoints', key: ['size'] },
  { name: 'log_witnesses', key: ['key'] },
  { name: 'log_cosignatures', key: ['size', 'witness_key'] },
  { name: 'log_commitments', key: ['index'] },
  { name: 'api_tokens', key: ['id'] },
  { name: 'recovery_codes', key: ['id'] },
  { name: 'evidence', key: ['id'] },
  { name: 'evidence_links', key: ['id'] },
  { name: 'verification_reviews', key: ['id'] },
  { name: 'verification_levels', key: ['id'] },
  { name: 'audit_events', key: ['seq'] },
  { name: 'person_keys', key: ['person_id'] },
  { name: 'person_sensitive', key: ['person_id', 'field'] },
  { name: 'erasures', key: ['person_id'] },
  { name: 'reports', key: ['id'] },
] as const;

/**
 * Columns the database derives itself (by trigger): never dumped, recomputed on restore, so a
 * backup cannot carry a status its timeline does not give.
 */
const DERIVED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  persons: ['status', 'status_event_id', 'status_level', 'place_event_id', 'place_facility_id', 'place_level'],
};

/** The table's columns a dump carries, in the table's order. */
async function dumpedColumns(db: Kysely<Database>, table: string): Promise<string[]> {
  const result = await sql<{ name: string }>`select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  const derived = DERIVED_COLUMNS[table] ?? [];
  return result.rows.map((r) => r.name).filter((c) => !derived.includes(c));
}

const ADDITIVE_SINCE_009 = [
  '009-case-histories',
  '010-conditions',
  '011-acts',
  '012-import-mappings',
  '013-claim-periods',
  '014-reports',
  '015-stored-status',
  '016-change-notices',
  '017-shared-limits',
  '018-person-tallies',
  '019-log-tiles',
  '020-event-tallies',
  '021-link-changes',
  '022-fact-changes',
  '023-bulk-loads',
];

/**
 * Older schemas whose backups restore into a newer one as they are: the migrations since
 * only added tables (which such a backup leaves empty) or columns that may be null.
 */
const OLDER_COMPATIBLE_SCHEMAS: Readonly<Record<string, readonly string[]>> = {
  '002-reconciliation': ['001-registry'],
  '003-eligibility': ['001-registry', '002-reconciliation'],
  '004-translog': ['001-registry', '002-reconciliation', '003-eligibility'],
  '005-verification': ['001-registry', '002-reconciliation', '003-eligibility', '004-translog'],
  '006-audit': ['001-registry', '002-reconciliation', '003-eligibility', '004-translog', '005-verification'],
  '007-sign-in': ['001-registry', '002-reconciliation', '003-eligibility', '004-translog', '005-verification', '006-audit'],
  '008-sensitive': ['001-registry', '002-reconciliation', '003-eligibility', '004-translog', '005-verification', '006-audit', '007-sign-in'],
  // since 009, each migration only added tables, nullable or derived columns, or triggers: a backup
  // from any of them restores into any later one (010 conditions, 011 acts, 012 import mappings,
  // 013 claim periods, 014 reports, 015 stored status, 016 change notices, 017 shared limits,
  // 018 person tallies, 019 log tiles, 020 event tallies, 021 link changes, 022 fact changes, 023 bulk loads — the derived ones left out of backups)
  ...Object.fromEntries(ADDITIVE_SINCE_009.slice(1).map((name, i) => [name, ADDITIVE_SINCE_009.slice(0, i + 1)])),
};

export const DUMP_FORMAT = 'recuento-dump';
export const DUMP_VERSION = 1;
const PAGE = 5000;
/** Rows written per statement by a restore. */
const BATCH = 5000;

export type TableDigest = { rows: number; sha256: string };
export type DumpHeader = { format: string; version: number; schema: string | null; tables: string[] };

/**
 * Writes the dump's lines (without newlines) from one repeatable-read snapshot, so a
 * server that keeps writing during a backup cannot make it inconsistent.
 */
export async function dumpDatabase(
  db: Kysely<Database>,
  schema: string | null,
  write: (line: string) => Promise<void> | void,
): Promise<Record<string, TableDigest>> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set local time zone 'UTC'`.execute(trx);
      await write(JSON.stringify({ format: DUMP_FORMAT, version: DUMP_VERSION, schema, tables: DUMP_TABLES.map((t) => t.name) } satisfies DumpHeader));
      const digests: Record<string, TableDigest> = {};
      for (const table of DUMP_TABLES) {
        await write(JSON.stringify({ table: table.name }));
        const hash = createHash('sha256');
        let rows = 0;
        for await (const page of readTable(trx, table)) {
          for (const row of page) {
            hash.update(row);
            hash.update('\n');
            rows++;
            await write(row);
          }
        }
        digests[table.name] = { rows, sha256: hash.digest('hex') };
        await write(JSON.stringify({ end: table.name, rows, sha256: digests[table.name]!.sha256 }));
      }
      await write(JSON.stringify({ complete: true }));
      return digests;
    });
}

/** Row count and SHA-256 of every table, computed the way the dump computes them. */
export async function tableDigests(db: Kysely<Database>): Promise<Record<string, TableDigest>> {
  return dumpDatabase(db, null, () => {});
}

/** Pages of a table as JSON text, in key order (keyset pagination; the caller pins UTC). */
async function* readTable(db: Kysely<Database>, table: (typeof DUMP_TABLES)[number]): AsyncGenerator<string[]> {
  const keys = table.key.join(', ');
  const from = DERIVED_COLUMNS[table.name]
    ? sql`(select ${sql.join((await dumpedColumns(db, table.name)).map((c) => sql.ref(c)))} from ${sql.table(table.name)})`
    : sql.table(table.name);
  let after: unknown[] | null = null;
  for (;;) {
    const where: RawBuilder<unknown> = after ? sql`where (${sql.raw(keys)}) > (${sql.join(after)})` : sql``;
    const result: QueryResult<{ row: string; k: unknown[] }> = await sql<{ row: string; k: unknown[] }>`
      select row_to_json(t)::text as row, json_build_array(${sql.raw(keys)}) as k
      from ${from} t ${where}
      order by ${sql.raw(keys)} limit ${PAGE}`.execute(db);
    const page = result.rows;
    if (page.length === 0) return;
    yield page.map((p) => p.row);
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.k;
  }
}

export type RestoreReport = { tables: Record<string, TableDigest>; reErased: number };

/**
 * Replaces the target's contents with the dump, in one transaction, checking each
 * table's row count and digest against the dump's own. `force` is needed when the
 * target already holds persons.
 */
export async function restoreDatabase(
  db: Kysely<Database>,
  lines: AsyncIterable<string>,
  options: { schema: string | null; force?: boolean; onRows?: (rows: number) => void; erased?: readonly string[] },
): Promise<RestoreReport> {
  const existing = await db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0 && !options.force) {
    throw new AppError('conflict', 'restore target not empty', {
      publicMessage: `The target database already holds ${existing.n} persons. Restoring replaces everything in it: pass --force to do so.`,
    });
  }
  const report: RestoreReport = { tables: {}, reErased: 0 };
  await db.transaction().execute(async (trx) => {
    await sql`set local time zone 'UTC'`.execute(trx);
    // Persons erased here (or in the data folder's ledger) stay erased, whatever the backup holds.
    const erased = [...new Set([...(await erasedPersonIds(trx)), ...(options.erased ?? [])])];
    await sql.raw(`truncate ${DUMP_TABLES.map((t) => t.name).join(', ')} cascade`).execute(trx);
    // statuses, tallies and change logs derived once at the end, not statement by statement; the
    // indexes no constraint needs built once the rows are in
    await startBulkLoad(trx);
    // half of each page of persons left free while they are written, so that the status pass's update
    // of every person writes each new version beside the old one, touching no index (a "HOT" update:
    // 12 s instead of 19 s at a million); the table's usual setting is put back after the pass
    await sql`alter table persons set (fillfactor = 50)`.execute(trx);
    const rebuildIndexes = await deferIndexes(
      trx,
      DUMP_TABLES.map((t) => t.name),
    );
    // every reference checked once the rows are in, one pass per key (a damaged or forged file
    // whose rows reference nothing fails there, and restores nothing)
    const addForeignKeys = await deferForeignKeys(
      trx,
      DUMP_TABLES.map((t) => t.name),
      (table, key) =>
        new AppError('validation_failed', `inconsistent dump: ${key}`, {
          publicMessage: `The backup file is inconsistent: a row of table ${table} references a row that is not in it (${key}). Nothing was restored.`,
        }),
    );
    let lineNumber = 0;
    let header: DumpHeader | null = null;
    let current: { name: string; hash: ReturnType<typeof createHash>; rows: number; buffer: string[] } | null = null;
    let complete = false;
    let total = 0;
    const columnsOf = new Map<string, string[]>();
    for (const table of Object.keys(DERIVED_COLUMNS)) columnsOf.set(table, await dumpedColumns(trx, table));
    // One batch is written while the next is read and checked (on a PostgreSQL server the two run
    // at once); at most one write is in flight, and its error surfaces at the next flush.
    let inFlight: Promise<void> = Promise.resolve();
    const flush = async () => {
      await inFlight;
      if (!current || current.buffer.length === 0) return;
      const written = current.buffer.length;
      const json = `[${current.buffer.join(',')}]`;
      current.buffer = [];
      inFlight = insertFromJson(trx, current.name, json, columnsOf.get(current.name)).then(() => {
        total += written;
        options.onRows?.(total);
      });
      inFlight.catch(() => {}); // handled when awaited; no unhandled rejection meanwhile
    };
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      if (!header) {
        header = parseLine(line, lineNumber) as DumpHeader;
        if (header.format !== DUMP_FORMAT || header.version !== DUMP_VERSION) {
          throw new AppError('validation_failed', 'not a recuento dump', {
            publicMessage: 'This file is not a Recuento backup (format recuento-dump, version 1).',
          });
        }
        if (header.schema !== options.schema && !(options.schema && OLDER_COMPATIBLE_SCHEMAS[options.schema]?.includes(header.schema ?? ''))) {
          throw new AppError('validation_failed', 'schema mismatch', {
            publicMessage: `The backup was made with schema ${header.schema}; this database has ${options.schema}. Upgrade the program that restores it.`,
          });
        }
        continue;
      }
      if (line.startsWith('{"table":')) {
        const { table } = parseLine(line, lineNumber) as { table: string };
        if (!DUMP_TABLES.some((t) => t.name === table)) throw corrupt(lineNumber, `unknown table ${table}`);
        current = { name: table, hash: createHash('sha256'), rows: 0, buffer: [] };
        continue;
      }
      if (line.startsWith('{"end":')) {
        const end = parseLine(line, lineNumber) as { end: string; rows: number; sha256: string };
        if (!current || end.end !== current.name) throw corrupt(lineNumber, 'table end without its start');
        await flush();
        await inFlight;
        const sha256 = current.hash.digest('hex');
        if (end.rows !== current.rows || end.sha256 !== sha256) throw corrupt(lineNumber, `table ${current.name} does not match its checksum`);
        report.tables[current.name] = { rows: current.rows, sha256 };
        current = null;
        continue;
      }
      if (line.startsWith('{"complete":')) {
        complete = true;
        continue;
      }
      if (!current) throw corrupt(lineNumber, 'a row outside any table');
      current.hash.update(line);
      current.hash.update('\n');
      current.rows++;
      current.buffer.push(line);
      if (current.buffer.length >= BATCH) await flush();
    }
    if (!header) throw corrupt(0, 'the file is empty');
    if (!complete || current) throw corrupt(lineNumber, 'the file ends before the dump is complete (truncated?)');
    await sql`select setval(pg_get_serial_sequence('events', 'seq'), coalesce((select max(seq) from events), 0) + 1, false)`.execute(trx);
    await finishBulkLoad(trx, {
      deferredIndexes: rebuildIndexes,
      deferredForeignKeys: addForeignKeys,
      afterStatuses: async () => {
        await sql`alter table persons reset (fillfactor)`.execute(trx);
      },
    });
    report.reErased = await reErase(trx, erased);
  });
  return report;
}

function parseLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw corrupt(lineNumber, 'not valid JSON');
  }
}

function corrupt(line: number, reason: string): AppError {
  return new AppError('validation_failed', `corrupt dump at line ${line}: ${reason}`, {
    publicMessage: `The backup file is damaged at line ${line}: ${reason}. Nothing was restored.`,
    details: [{ row: line, reason }],
  });
}

/** A quick estimate of the rows a dump will write (planner statistics; for progress bars only). */
export async function estimateDumpRows(db: Kysely<Database>): Promise<number> {
  const names = DUMP_TABLES.map((t) => t.name);
  const result = await sql<{ n: number | null }>`
    select sum(greatest(reltuples, 0))::bigint as n from pg_class
    where relkind = 'r' and relnamespace = 'public'::regnamespace and relname in (${sql.join(names)})`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
