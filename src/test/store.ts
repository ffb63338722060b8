/**
 * Opens a fresh, migrated database for a test file: PGlite in memory, or — when
 * DATABASE_URL is set — a new database on that PostgreSQL server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';

/** Which database the suite runs on, for test names. */
export const TEST_DATABASE_KIND = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export async function openTestStore(): Promise<Store> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const store = await openStore({ dataDir: 'memory://' });
    await migrateToLatest(store.db);
    return store;
  }
  const name = `recuento_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), poolSize: 4 });
  await migrateToLatest(store.db);
  return {
    ...store,
    async close() {
      await store.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
