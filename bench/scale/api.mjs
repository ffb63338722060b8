#!/usr/bin/env node
// The API at registry scale: requests/s and latency (p50, p99; autocannon, 10 connections) of the
// persons list under every filter, the accent-blind name search and the counts, against
// `recuento serve` over a registry written by bench/scale/registry.mjs, beside a bare Fastify
// route on the same machine (the ceiling). Counts are measured uncached (each after a write that
// empties every cache, as a colleague's edit does) and cached. Prints figures; records nothing.
//   node bench/scale/api.mjs [--persons 1000000] [--seconds 10] [--data DIR [--reuse]]   (PGlite in DIR)
//   DATABASE_URL=postgres://… node bench/scale/api.mjs …                              (an empty PostgreSQL)
// After npm run build. With --reuse, the registry already in DIR / DATABASE_URL is measured again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { openStore } from '../../dist/store/database.js';
import { migrateToLatest } from '../../dist/store/migrate.js';
import { BIN, serveRecuento } from '../../scripts/serve-process.mjs';
import { fold, SURNAMES, writeRegistry } from './registry.mjs';

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    data: { type: 'string' },
    reuse: { type: 'boolean', default: false },
  },
});
const N = Number(args.persons);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const DATABASE_URL = process.env.DATABASE_URL;
const data = args.data ?? mkdtempSync(join(tmpdir(), 'recuento-scale-'));
// behind a load balancer (one trusted hop), as in production: each request comes from one of many
// readers' addresses, so the public gate's per-address share (docs/SECURITY.md) is not what is measured
const env = { ...process.env, RECUENTO_LOG_LEVEL: 'warn', RECUENTO_DEMO_PERSONS: '0', RECUENTO_TRUST_PROXY: '1' };
const reader = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
const kind = DATABASE_URL ? 'PostgreSQL' : 'PGlite';

// the registry (the embedded database is opened here, then closed for the server to take it)
{
  const store = await openStore(DATABASE_URL ? { databaseUrl: DATABASE_URL } : { dataDir: join(data, 'pglite') });
  await migrateToLatest(store.db);
  const [{ n }] = (await sql`select count(*)::int as n from persons`.execute(store.db)).rows;
  if (n > 0 && !args.reuse) throw new Error(`the database already holds ${n} persons: give the bench an empty one (or --reuse its registry)`);
  if (n === 0) {
    console.log(`${kind}: writing ${N.toLocaleString('en')} persons`);
    const started = performance.now();
    await writeRegistry(store.db, N);
    console.log(`  written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else console.log(`${kind}: reusing the ${n.toLocaleString('en')} persons already written`);
  await store.close();
}
const made = spawnSync(process.execPath, [BIN, 'user', 'add', `bench-${process.pid}`, '--role', 'administrator', '--data', data], { env, encoding: 'utf8' });
if (made.status !== 0) throw new Error(`user add: ${made.stderr}`);
const token = made.stdout.trim().split('\n').at(-1);
const staff = { authorization: `Bearer ${token}` };

const rows = [];
async function measure(label, options) {
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 60,
    requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'x-forwarded-for': reader() } }) }],
    ...options,
  });
  const errors = result.errors + result.non2xx + result.timeouts;
  const row = { label, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors };
  rows.push(row);
  console.log(
    `  ${label.padEnd(58)} ${String(row.rps).padStart(7)} req/s  p50 ${String(row.p50).padStart(4)} ms  p99 ${String(row.p99).padStart(5)} ms${errors ? `  ${errors} errors` : ''}`,
  );
  return row;
}

const bare = Fastify();
bare.get('/bare', async () => ({ ok: true }));
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
const ceiling = await measure('bare Fastify route (ceiling)', { url: `${bareUrl}/bare` });
await bare.close();

const server = await serveRecuento(data, env);
try {
  const url = server.url;
  const facility = (await (await fetch(`${url}/api/facilities`, { headers: staff })).json()).find((f) => f.code === 'scale-120');
  const get = (path, headers = {}) => ({ url: `${url}${path}`, headers });
  // one warm-up request each: the list's total is counted once and then served from the cache
  const lists = [
    ['list, no filter (public)', get('/api/persons?limit=50')],
    ['list, status=detained (public)', get('/api/persons?limit=50&status=detained')],
    ['list, status=disappeared (public; 1 %)', get('/api/persons?limit=50&status=disappeared')],
    ['list, facility (public)', get(`/api/persons?limit=50&facilityId=${facility.id}`)],
    ['list, protest wave (public)', get('/api/persons?limit=50&protestWave=2017')],
    ['list, occupation (public)', get('/api/persons?limit=50&occupationGroup=journalist')],
    ['list, level=verified (staff)', get('/api/persons?limit=50&level=verified', staff)],
    ['list, consent=private (staff)', get('/api/persons?limit=50&consent=private', staff)],
    ['list, status + facility + wave (staff)', get(`/api/persons?limit=50&status=released&facilityId=${facility.id}&protestWave=2014`, staff)],
    ['list, page 200 (staff)', get('/api/persons?limit=50&offset=10000', staff)],
  ];
  // the same page reached as the registry screen reaches it, by following each page's next (keyset)
  const page200 = await (await fetch(`${url}/api/persons?limit=1&offset=9999`, { headers: staff })).json();
  lists.push(['list, page 200 by next (staff, keyset)', get(`/api/persons?limit=50&after=${page200.items[0].id}`, staff)]);
  console.log(`\n${kind}, ${N.toLocaleString('en')} persons, ${CONNECTIONS} connections, ${SECONDS} s each`);
  for (const [label, options] of lists) {
    const first = await fetch(options.url, { headers: { ...options.headers, 'x-forwarded-for': reader() } });
    if (first.status !== 200) throw new Error(`${label}: ${first.status} ${await first.text()}`);
    await measure(label, options);
  }
  // anonymous readers asking for pages no one asked before: what the cache cannot hide
  const statuses = ['detained', 'released', 'released_with_measures', 'disappeared', 'unknown'];
  await measure('list, a new page each request (public, uncached)', {
    url: `${url}/api/persons`,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          path: `/api/persons?limit=${40 + Math.floor(Math.random() * 21)}&offset=${50 * Math.floor(Math.random() * 200)}&status=${statuses[Math.floor(Math.random() * statuses.length)]}`,
          headers: { ...request.headers, 'x-forwarded-for': reader() },
        }),
      },
    ],
  });

  // …and as a crawler following next links: each request continues after another person
  const cursors = {};
  for (const status of statuses) {
    const ids = [];
    for (let i = 0; i < 200; i++) {
      const at = await (await fetch(`${url}/api/persons?limit=1&offset=${50 * Math.floor(Math.random() * 200)}&status=${status}`, { headers: staff })).json();
      if (at.items[0]) ids.push(at.items[0].id);
    }
    if (ids.length > 0) cursors[status] = ids;
  }
  const cursorStatuses = Object.keys(cursors);
  await measure('list, a new page each request by next (public, uncached, keyset)', {
    url: `${url}/api/persons`,
    requests: [
      {
        setupRequest: (request) => {
          const status = cursorStatuses[Math.floor(Math.random() * cursorStatuses.length)];
          const after = cursors[status][Math.floor(Math.random() * cursors[status].length)];
          return {
            ...request,
            path: `/api/persons?limit=${40 + Math.floor(Math.random() * 21)}&after=${after}&status=${status}`,
            headers: { ...request.headers, 'x-forwarded-for': reader() },
          };
        },
      },
    ],
  });

  // names two surnames apart: about 1 in 3,600 persons bears both
  const q = `${fold(SURNAMES[3])} ${fold(SURNAMES[11])}`;
  await measure('search, two surnames (staff, POST)', {
    url: `${url}/api/persons/search`,
    method: 'POST',
    headers: { ...staff, 'content-type': 'application/json' },
    body: JSON.stringify({ q, limit: 50 }),
  });
  await measure('search, one given name (staff, POST)', {
    url: `${url}/api/persons/search`,
    method: 'POST',
    headers: { ...staff, 'content-type': 'application/json' },
    body: JSON.stringify({ q: 'yusmary', limit: 50 }),
  });

  // counts: uncached (after a write, which empties every cache) five times each, then cached
  console.log('\n  counts uncached (ms, each after a write): ');
  const uncached = {};
  for (const by of ['status', 'facility', 'occupation', 'month']) {
    const path = `/api/counts?by=${by}${by === 'month' ? '&event=releases' : ''}`;
    const times = [];
    for (let i = 0; i < 5; i++) {
      const wrote = await fetch(`${url}/api/claims`, {
        method: 'POST',
        headers: { ...staff, 'content-type': 'application/json' },
        body: JSON.stringify({
          claimant: 'Banco de pruebas',
          claimantKind: 'ngo',
          metric: 'held',
          qualifier: 'exact',
          value: i,
          asOf: '2026-01-01',
          scope: 'bench',
          citation: 'bench/scale/api.mjs',
        }),
      });
      if (wrote.status !== 201) throw new Error(`claim: ${wrote.status} ${await wrote.text()}`);
      const started = performance.now();
      const answer = await fetch(`${url}${path}`, { headers: { 'x-forwarded-for': reader() } });
      await answer.arrayBuffer();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    uncached[by] = times;
    console.log(`  ${`counts by ${by}`.padEnd(58)} median ${times[2].toFixed(0).padStart(5)} ms  max ${times[4].toFixed(0).padStart(5)} ms`);
  }
  for (const by of ['status', 'facility']) await measure(`counts by ${by}, cached (public)`, get(`/api/counts?by=${by}`));

  console.log(`\n| ${kind}, ${N.toLocaleString('en')} persons | req/s | p50 ms | p99 ms |\n|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.label} | ${r.rps.toLocaleString('en')} | ${r.p50} | ${r.p99} |`);
  console.log(`\n| counts, uncached | median ms | max ms |\n|---|---|---|`);
  for (const [by, times] of Object.entries(uncached)) console.log(`| by ${by} | ${times[2].toFixed(0)} | ${times[4].toFixed(0)} |`);
  const cached = rows.filter((r) => r.label.startsWith('counts') && r.label.includes('cached'));
  console.log(
    `\ncached counts: ${cached.map((r) => `${((100 * r.rps) / ceiling.rps).toFixed(0)} %`).join(', ')} of the bare route's ${ceiling.rps.toLocaleString('en')} req/s`,
  );
  console.log(
    `machine: ${readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1]}, ${(await import('node:os')).cpus().length} cores, node ${process.version}`,
  );
} finally {
  await server.stop();
}
