#!/usr/bin/env node
// Reconciliation at registry scale: a claimed list of 10,000 rows (8,000 drawn from the registry
// with the noise lists carry — no cédula, a cédula one digit off, a surname misspelt, names in one
// cell in capitals without accents — and 2,000 persons it does not hold) reconciled against a
// registry written by bench/scale/registry.mjs (60 given names × 60 × 60 surnames: many namesakes).
// Prints the seconds of the first reconciliation, of the report again, of a report after a review
// decision, and the peak memory; and how many rows found their own person (the bench knows the truth).
//   node bench/reconcile/scale.mjs [--persons 1000000] [--list 10000] [--data DIR [--reuse]]   (PGlite)
//   DATABASE_URL=postgres://… node bench/reconcile/scale.mjs …                             (PostgreSQL)
// After npm run build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openStore } from '../../dist/store/database.js';
import { migrateToLatest } from '../../dist/store/migrate.js';
import { recordDecision } from '../../dist/store/reconciliations.js';
import { computeReconciliationReport, readClaimedList, storeClaimedList } from '../../dist/usecases/reconcile-list.js';
import { registryLinkIndex } from '../../dist/usecases/registry-link-index.js';
import { BIN, serveRecuento } from '../../scripts/serve-process.mjs';
import { fold, GIVEN, SURNAMES, writeRegistry } from '../scale/registry.mjs';

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    list: { type: 'string', default: '10000' },
    data: { type: 'string' },
    reuse: { type: 'boolean', default: false },
  },
});
const N = Number(args.persons);
const LIST = Number(args.list);
const DATABASE_URL = process.env.DATABASE_URL;
// on PostgreSQL the folder holds the server's keys only, kept for --reuse (the log they sign is in the database)
const data = args.data ?? (DATABASE_URL ? join(tmpdir(), 'recuento-reconcile-scale-keys') : mkdtempSync(join(tmpdir(), 'recuento-reconcile-scale-')));
mkdirSync(data, { recursive: true });
const kind = DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const store = await openStore(DATABASE_URL ? { databaseUrl: DATABASE_URL } : { dataDir: join(data, 'pglite') });
await migrateToLatest(store.db);
const [{ n }] = (await sql`select count(*)::int as n from persons`.execute(store.db)).rows;
if (n > 0 && !args.reuse) throw new Error(`the database already holds ${n} persons: give the bench an empty one (or --reuse its registry)`);
if (n === 0) {
  console.log(`${kind}: writing ${N.toLocaleString('en')} persons`);
  await writeRegistry(store.db, N);
} else console.log(`${kind}: reusing the ${n.toLocaleString('en')} persons already written`);
const total = n || N;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

// — the list: persons drawn by their cédula, every 125th for 8,000 of a million
const known = Math.round(LIST * 0.8);
const step = Math.max(1, Math.floor(total / known));
const drawn = (
  await sql`select p.id, p.given_names, p.first_surname, p.second_surname, i.value as cedula
    from person_identifiers i join persons p on p.id = i.person_id
    where i.kind = 'cedula_v' and (i.value::int - 5000000) % ${step} = 7 order by i.value::int limit ${known}`.execute(store.db)
).rows;
const typo = (s) => (s.length > 4 ? s.slice(0, 2) + s.slice(3) : s);
const rows = [];
const truth = new Map();
drawn.forEach((p, k) => {
  let cedula = p.cedula;
  if (k % 4 === 0) cedula = '';
  else if (k % 5 === 1) cedula = cedula.slice(0, -1) + String((Number(cedula.at(-1)) + 1) % 10);
  const second = k % 7 === 2 ? typo(p.secondSurname ?? '') : (p.secondSurname ?? '');
  let name = `${p.givenNames} ${p.firstSurname} ${second}`.trim();
  if (k % 3 === 0) name = fold(name).toUpperCase();
  if (k % 11 === 5) name = `${p.firstSurname} ${second}, ${p.givenNames}`;
  const id = `L${rows.length + 1}`;
  rows.push([id, name, cedula]);
  truth.set(id, p.id);
});
for (let k = 0; rows.length < LIST; k++) {
  const h = (k * 2654435761) % 1000003;
  const name = `${GIVEN[h % 60]} ${SURNAMES[(h >> 3) % 60]} ${SURNAMES[(h >> 7) % 60]}`;
  const id = `L${rows.length + 1}`;
  rows.push([id, name, k % 2 ? String(30_000_000 + k) : '']);
  truth.set(id, null);
}
const file = join(data, 'lista.csv');
writeFileSync(file, ['N°,Nombre completo,Cédula', ...rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(','))].join('\n'));
const entries = await readClaimedList('lista.csv', undefined, file);
const reconciliation = await storeClaimedList(store.db, entries, { label: 'bench', periodFrom: '2026-01-01', periodTo: '2026-12-31' });

const time = async (label, f) => {
  const started = performance.now();
  const result = await f();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${label.padEnd(44)} ${seconds.toFixed(seconds < 1 ? 3 : 1).padStart(8)} s`);
  return result;
};
console.log(`${kind}: a list of ${rows.length.toLocaleString('en')} rows against ${total.toLocaleString('en')} persons`);
await time("the registry's linkage index (once per server)", () => registryLinkIndex(store.db));
const first = await time('reconcile (first report)', () => computeReconciliationReport(store.db, reconciliation.id));
await time('the report again', () => computeReconciliationReport(store.db, reconciliation.id));
const ambiguous = first.entries.find((e) => e.class === 'ambiguous' && e.candidates.length > 0);
if (ambiguous) {
  const chosen = ambiguous.candidates[0];
  await time('a review decision, then the report', async () => {
    await recordDecision(store.db, { entryId: ambiguous.entry.id, personId: chosen.personId, match: true, note: null, decidedBy: 'bench' });
    const after = await computeReconciliationReport(store.db, reconciliation.id);
    const entry = after.entries.find((e) => e.entry.id === ambiguous.entry.id);
    if (entry.personId !== chosen.personId) throw new Error('the decision is not in the report');
  });
}
// a surname corrected (as the store writes an edit), then put back
const person = drawn[1];
await sql`update persons set second_surname = ${`${person.secondSurname}x`}, updated_at = now() where id = ${person.id}`.execute(store.db);
await time('a person edited, then the report', () => computeReconciliationReport(store.db, reconciliation.id));
await sql`update persons set second_surname = ${person.secondSurname}, updated_at = now() where id = ${person.id}`.execute(store.db);
await time('the edit undone, then the report', () => computeReconciliationReport(store.db, reconciliation.id));
clearInterval(sampler);

// what a reviewer would notice: a row given someone else is an error; a row left unmatched is a miss
const tally = { right: 0, missed: 0, wrongPerson: 0, review: 0, unknownRight: 0, unknownMatched: 0 };
for (const e of first.entries) {
  const expected = truth.get(e.entry.externalId);
  if (e.class === 'ambiguous') tally.review++;
  else if (expected === null) tally[e.personId === null ? 'unknownRight' : 'unknownMatched']++;
  else if (e.personId === expected) tally.right++;
  else tally[e.personId === null ? 'missed' : 'wrongPerson']++;
}
console.log(`  rows drawn from the registry ${known}: their own person ${tally.right}, left unmatched ${tally.missed}, someone else ${tally.wrongPerson}`);
console.log(`  rows the registry does not hold ${rows.length - known}: said unknown ${tally.unknownRight}, matched to someone ${tally.unknownMatched}`);
console.log(`  sent to review ${tally.review}`);
console.log(`  peak RSS ${Math.round(peak / 2 ** 20)} MB`);
await store.close();

// — the same through the API, as the review screen asks it: a server of its own (its index built at
// the first report), then a decision and the report that follows it, as a reviewer waits for them
const env = { ...process.env, RECUENTO_LOG_LEVEL: 'warn', RECUENTO_DEMO_PERSONS: '0' };
const made = spawnSync(process.execPath, [BIN, 'user', 'add', `bench-${process.pid}`, '--role', 'administrator', '--data', data], { env, encoding: 'utf8' });
if (made.status !== 0) throw new Error(`user add: ${made.stderr}`);
const headers = { authorization: `Bearer ${made.stdout.trim().split('\n').at(-1)}` };
const server = await serveRecuento(data, env);
try {
  const api = async (method, path, body) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  console.log(`${kind}, through the API (recuento serve):`);
  const report = await time('GET the report, a fresh server', () => api('GET', `/api/reconciliations/${reconciliation.id}`));
  await time('GET the report again', () => api('GET', `/api/reconciliations/${reconciliation.id}`));
  const queue = await time('GET the review queue', () => api('GET', `/api/reconciliations/${reconciliation.id}/review`));
  // as the review screen: a decision, then the first doubtful rows with the list's counts — eight
  // decisions on eight rows, each timed (the first comes right after the megabytes of the whole report)
  const times = [];
  for (const entry of queue.filter((e) => e.candidates.length > 0).slice(0, 8)) {
    const started = performance.now();
    await api('POST', `/api/reconciliations/${reconciliation.id}/decisions`, { entryId: entry.entry.id, personId: entry.candidates[0].personId, match: true });
    await api('GET', `/api/reconciliations/${reconciliation.id}?entries=ambiguous&limit=40`);
    times.push((performance.now() - started) / 1000);
  }
  if (times.length > 0) {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `  POST a decision, then GET what the review screen shows: ${times.map((t) => t.toFixed(3)).join(', ')} s (median ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} s)`,
    );
  }
  console.log(`  the report: ${(JSON.stringify(report).length / 1e6).toFixed(1)} MB of JSON; the queue: ${(JSON.stringify(queue).length / 1e6).toFixed(1)} MB`);
} finally {
  await server.stop();
}
