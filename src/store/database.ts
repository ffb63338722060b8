/**
 * Opens the database: an embedded PGlite in a data folder by default, or a PostgreSQL
 * server when a URL is given. Both go through Kysely's PostgresDialect and node-postgres
 * (PGlite through its node-postgres adapter), so every query takes one code path and
 * values come back with the same types on both.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/** An open database and what it runs on. */
export type Store = {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** A description safe to print: the data folder, or the server without its password. */
  location: string;
  /**
   * Calls `onChange` after each committed write by any process (the table's name; `*` when
   * notices may have been missed, after a lost connection): what keeps several servers' cached
   * answers current. Returns how to stop. PGlite has one process only: it never calls.
   */
  watchChanges(onChange: (table: string) => void): () => Promise<void>;
  close(): Promise<void>;
};

/** The channel PostgreSQL announces committed changes on (the triggers of migration 016). */
export const CHANGE_CHANNEL = 'recuento_changes';

/** LISTENs on its own connection, reconnecting after a second when it is lost. */
function listenForChanges(connectionString: string, onChange: (table: string) => void): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    c.end().catch(() => {});
    if (stopped) return;
    onChange('*'); // what was written meanwhile was not announced to us
    retry = setTimeout(connect, 1000);
    retry.unref();
  };
  const connect = async () => {
    if (stopped) return;
    // keepalive: a connection that silently died would otherwise stop the notices without a word
    const c = new pg.Client({ connectionString, types, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client = c;
    c.on('notification', (n) => onChange(n.payload || '*'));
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    try {
      await c.connect();
      await c.query(`listen ${CHANGE_CHANNEL}`);
      if (client === c) onChange('*');
    } catch {
      lost(c);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}

export type StoreOptions = { databaseUrl?: string | undefined; dataDir?: string | undefined; poolSize?: number };

const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Dates stay yyyy-mm-dd strings (no time-zone shifts), timestamps ISO strings, counts numbers. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID) return (value: string) => new Date(value).toISOString();
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

/** Opens PostgreSQL when `databaseUrl` is set, otherwise PGlite in `dataDir` (or memory://). */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, types });
    pool.on('error', () => {}); // an idle client's error is surfaced by the next query
    // a client in use when the server goes away (a shutdown, a restart) errors too: surfaced by
    // its query, never an uncaught exception that would stop the whole server
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    const url = options.databaseUrl;
    return {
      db,
      kind: 'postgres',
      location: describeUrl(url),
      watchChanges: (onChange) => listenForChanges(url, onChange),
      close: () => db.destroy(),
    };
  }
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const pool = new pg.Pool({ ...createPgConfig(lite), types });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    watchChanges: () => async () => {},
    async close() {
      await db.destroy();
      await lite.close();
    },
  };
}

/** The server address without credentials, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'postgres (unparseable URL)';
  }
}
