/**
 * PostgreSQL stopped and started again under load: while it is down every request that needs
 * it gets 503 database_unavailable with Retry-After (never a 500, never a stall), and once it is
 * back the server answers again by itself; no write is half-done. The PostgreSQL pass only: the
 * test runs its own server (scripts/pg-test-server.sh), which it stops and starts.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { json, startTestServer, type TestServer } from '../test/server.js';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'pg-test-server.sh');
const onPostgres = process.env.DATABASE_URL !== undefined;

describe.runIf(onPostgres)('a PostgreSQL outage under load', () => {
  let dir: string;
  let port: number;
  let server: TestServer;
  const pg = (action: string) => execFileSync('bash', [SCRIPT, action, join(dir, 'pg'), String(port)], { encoding: 'utf8' }).trim();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-outage-'));
    await chmod(dir, 0o755); // the postgres user runs the server
    port = 26000 + Math.floor(Math.random() * 3000);
    const url = pg('start');
    const store = await openStore({ databaseUrl: url, poolSize: 4 });
    await migrateToLatest(store.db);
    server = await startTestServer({ store });
  }, 120_000);
  afterAll(async () => {
    await server?.close().catch(() => {});
    pg('stop');
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while the database is down, and recovers by itself', async () => {
    const person = () => server.admin('/api/persons', json('POST', { givenNames: 'Sintética', firstSurname: 'Apagón', consent: 'private' }));
    expect((await person()).status).toBe(201);
    // load while the database goes away and comes back
    const statuses: number[] = [];
    let running = true;
    const load = (async () => {
      while (running) {
        const [read, write] = await Promise.all([server.get('/api/counts?by=status'), person()]);
        statuses.push(read.status, write.status);
        for (const response of [read, write]) {
          if (response.status >= 500) {
            expect(response.status).toBe(503);
            expect(response.headers.get('retry-after')).toBe('5');
            expect(((await response.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
          } else await response.arrayBuffer();
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    pg('stop');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const down = await server.admin('/api/persons?limit=1');
    expect(down.status).toBe(503);
    expect((await server.get('/api/health')).status).toBe(503);
    pg('resume');
    await expect.poll(async () => (await server.get('/api/health')).status, { timeout: 20_000, interval: 250 }).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    running = false;
    await load;
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 503 && s >= 500)).toEqual([]);
    // after it: writes work; every person the server acknowledged is there, whole. A write the
    // database committed as the connection dropped may be there too, though its answer was a 503.
    expect((await person()).status).toBe(201);
    const page = (await (await server.admin('/api/persons?limit=500')).json()) as { items: { firstSurname: string; status: string }[]; total: number };
    const writes = statuses.filter((_, i) => i % 2 === 1);
    const acknowledged = writes.filter((s) => s === 201).length + 2;
    expect(page.total).toBeGreaterThanOrEqual(acknowledged);
    expect(page.total).toBeLessThanOrEqual(acknowledged + writes.filter((s) => s === 503).length);
    expect(page.items.every((p) => p.firstSurname === 'Apagón')).toBe(true);
  }, 120_000);
});
