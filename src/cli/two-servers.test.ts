/**
 * Two `recuento serve` processes on one PostgreSQL, as behind a load balancer, behave as one:
 * a session begun on one is good on the other; a write through one is read through the other,
 * and the other's cached counts include it at once (the database announces the commit); appends
 * from both make one consistent log; sign-in failures and the report form's hourly limit are
 * counted together; a form token given by one is taken by the other. Runs on PostgreSQL only
 * (an embedded database has one process).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson } from '../test/factories.js';
import { runCli, startServe } from '../test/run-cli.js';

const SERVER_URL = process.env.DATABASE_URL;
const PASSWORD = 'la sabana de Apure no se acaba';

describe.skipIf(!SERVER_URL)('two servers on one PostgreSQL', () => {
  let dir: string;
  let databaseUrl: string;
  let name: string;
  let a: Awaited<ReturnType<typeof startServe>>;
  let b: Awaited<ReturnType<typeof startServe>>;
  let token: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-two-'));
    name = `recuento_two_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(SERVER_URL!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    const data = join(dir, 'data');
    const env = { DATABASE_URL: databaseUrl, RECUENTO_TRUST_PROXY: '1' };
    const ada = await runCli(['user', 'add', 'ada', '--role', 'administrator', '--data', data], env);
    expect(ada.code, ada.stderr).toBe(0);
    token = ada.stdout.trim().split('\n').at(-1)!;
    const dora = await runCli(['user', 'add', 'dora', '--role', 'documenter', '--password-stdin', '--data', data], env, `${PASSWORD}\n`);
    expect(dora.code, dora.stderr).toBe(0);
    // the first makes the schema and the log's key; the second finds them (the production order: docs/DEPLOY.md)
    a = await startServe(['--port', '0', '--data', data, '--no-demo'], env);
    b = await startServe(['--port', '0', '--data', data, '--no-demo'], env);
  }, 180_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await rm(dir, { recursive: true, force: true });
    if (!name) return;
    const cleanup = new pg.Client({ connectionString: SERVER_URL });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  });

  const call = (server: { url: string }, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const detainedCount = async (server: { url: string }) => {
    const answer = (await (await call(server, '/api/counts?by=status')).json()) as { rows: { key: string; count: number }[] };
    return answer.rows.find((r) => r.key === 'detained')?.count ?? 0;
  };

  it('reads through one what was written through the other, and counts it at once', async () => {
    const before = await detainedCount(b); // now cached on b
    expect(await detainedCount(b)).toBe(before);
    const made = await call(a, '/api/persons', { method: 'POST', body: buildPerson({ identifiers: [] }) });
    expect(made.status).toBe(201);
    const person = (await made.json()) as { id: string };
    const event = await call(a, '/api/events', { method: 'POST', body: { personId: person.id, kind: 'detained', occurredOn: '2026-11-02' } });
    expect(event.status).toBe(201);
    const read = await call(b, `/api/persons/${person.id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { status: string }).status).toBe('detained');
    // b's cached count is dropped by the database's notice, well within the cache's 30 s life
    const deadline = Date.now() + 5_000;
    let after = await detainedCount(b);
    while (after === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await detainedCount(b);
    }
    expect(after).toBe(before + 1);
  });

  it('takes on one server a session begun on the other, and counts sign-in failures together', async () => {
    const signIn = (server: { url: string }, password: string, from: string) =>
      fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ name: 'dora', password }),
      });
    const signedIn = await signIn(a, PASSWORD, '198.51.100.30');
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const session = await fetch(`${b.url}/api/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(JSON.stringify(await session.json())).toContain('dora');
    // five failures for the name at once, three on a and two on b (from several addresses): all count,
    // and the name is held on both
    const failures = await Promise.all(
      (
        [
          [a, '198.51.100.31'],
          [b, '198.51.100.32'],
          [a, '198.51.100.33'],
          [b, '198.51.100.34'],
          [a, '198.51.100.35'],
        ] as const
      ).map(([server, from]) => signIn(server, 'not her password at all', from)),
    );
    expect(failures.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    // the right password is now refused on both, with the same answer as a wrong one (a lock tells nothing)
    expect((await signIn(b, PASSWORD, '198.51.100.36')).status).toBe(401);
    expect((await signIn(a, PASSWORD, '198.51.100.37')).status).toBe(401);
  });

  it('makes one log of appends from both servers at once', async () => {
    // enough persons that the counts are published (small cells are not)
    for (const server of [a, b, a, b, a, b, a, b, a, b]) {
      const person = (await (await call(server, '/api/persons', { method: 'POST', body: buildPerson({ identifiers: [] }) })).json()) as { id: string };
      await call(server, '/api/events', { method: 'POST', body: { personId: person.id, kind: 'detained', occurredOn: '2026-11-03' } });
    }
    const publish = (server: { url: string }) => call(server, '/api/log/publications/counts', { method: 'POST', body: {} });
    const earlier = join(dir, 'earlier.checkpoint');
    await writeFile(earlier, await (await fetch(`${a.url}/api/log/checkpoint`)).text());
    const answers = await Promise.all([publish(a), publish(b), publish(a), publish(b), publish(a), publish(b)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const published = (await Promise.all(answers.map((r) => r.json()))) as { firstIndex: number; size: number }[];
    // no two appends took the same place
    expect(new Set(published.map((p) => p.firstIndex)).size).toBe(6);
    const size = Math.max(...published.map((p) => p.size));
    const [fromA, fromB] = (await Promise.all([a, b].map(async (s) => (await fetch(`${s.url}/api/log/checkpoint`)).text()))) as [string, string];
    expect(fromA.split('\n')[1]).toBe(String(size));
    expect(fromB).toBe(fromA);
    // b's newest checkpoint extends the one a gave before: checked as anyone would, with a's proofs
    const newer = join(dir, 'newer.checkpoint');
    await writeFile(newer, fromB);
    const key = join(dir, 'log.vkey');
    await writeFile(key, await (await fetch(`${a.url}/api/log/key`)).text());
    const verified = await runCli(['log', 'verify', '-c', newer, '-p', earlier, '-k', key, '-s', a.url]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });

  it("counts the report form's hourly limit on both servers, with a form token either takes", async () => {
    const { token: formToken } = (await (await fetch(`${a.url}/api/reports/form-token`)).json()) as { token: string };
    await new Promise((resolve) => setTimeout(resolve, 3_100)); // a person takes a few seconds to fill it
    const report = (server: { url: string }, n: number) =>
      fetch(`${server.url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.90' },
        body: JSON.stringify({ name: `Reporte ${n}`, relation: 'family', place: 'Maturín, Monagas', arrestedOn: '2026-11-30', token: formToken }),
      });
    const statuses: number[] = [];
    for (const [n, server] of [a, b, a, b, a, b].entries()) statuses.push((await report(server, n)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  }, 30_000);
});
