#!/usr/bin/env node
// Counts of acts in custody at registry scale, on PGlite (default, in memory) or the PostgreSQL in
// DATABASE_URL (after npm run build). Prints figures; records nothing.
//   node bench/acts/counts.mjs [--persons 100000] [--runs 5]
// The registry is written inside the database (generate_series), with its own rules, not the demo's:
// one detention per person at one of 40 facilities (arrested 2014–2026), a third of persons each
// public, aggregate-only and private; 4 % of persons disappeared 1–20 days after the arrest and
// located 3–90 days later; 0.8 acts per person on average, kinds and agencies drawn from hashes
// (2 % of agencies typed as free text). Timed, through the use cases the API and the CLI call
// (no HTTP): staff counts and public counts by kind, facility, agency and month. Each: the first
// run (cold) and the median of the next --runs. The API caches each answer (server/answer-cache.ts):
// these are the uncached figures.
import { parseArgs } from 'node:util';
import { openStore } from '../../dist/store/database.js';
import { migrateToLatest } from '../../dist/store/migrate.js';
import { actCounts, publicActCounts } from '../../dist/usecases/acts.js';

const { values: args } = parseArgs({ options: { persons: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } } });
const N = Number(args.persons);
const RUNS = Number(args.runs);
const ms = (started) => Number(process.hrtime.bigint() - started) / 1e6;
const store = await openStore(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory://' });
const kind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
await migrateToLatest(store.db);
const { sql } = await import('kysely');
const run = (text) => sql.raw(text).execute(store.db);

const written = process.hrtime.bigint();
await run(`create temporary table bench_people as
  select i, md5('acts' || i)::uuid as id, md5('acts-d' || i)::uuid as detention,
    date '2014-01-01' + ((i::bigint * 7919) % 4500)::int as arrested_on, ((i::bigint * 2654435761) % 1000003) as h
  from generate_series(1, ${N}) i`);
await run(`insert into facilities (id, code, name, kind, status)
  select md5('acts-facility' || k)::uuid, 'acts-' || k, 'Bench facility ' || k, 'prison', 'open' from generate_series(1, 40) k on conflict (code) do nothing`);
await run(`insert into persons (id, external_id, given_names, first_surname, consent, synthetic, name_search)
  select id, 'ACTS-' || i, 'Persona ' || i, 'Banco', (array['public', 'aggregate_only', 'private'])[1 + i % 3], true, 'persona ' || i from bench_people`);
await run(`insert into detentions (id, person_id, arrested_on, agency, facility_id)
  select detention, id, arrested_on,
    case when h % 50 = 0 then 'Comisario ' || (h % 97) else (array['SEBIN', 'DGCIM', 'PNB', 'GNB', 'CICPC', 'FAES', 'DIP'])[1 + h % 7] end,
    md5('acts-facility' || (1 + h % 40))::uuid from bench_people`);
await run(`insert into events (id, person_id, detention_id, kind, occurred_on, facility_id)
  select gen_random_uuid(), id, detention, 'detained', arrested_on, case when h % 25 = 0 then null else md5('acts-facility' || (1 + h % 40))::uuid end from bench_people`);
await run(`insert into events (id, person_id, detention_id, kind, occurred_on)
  select gen_random_uuid(), id, detention, 'whereabouts_unknown', arrested_on + (1 + h % 20)::int from bench_people where h % 25 = 0`);
await run(`insert into events (id, person_id, detention_id, kind, occurred_on, facility_id)
  select gen_random_uuid(), id, detention, 'transferred', arrested_on + (24 + h % 90)::int, md5('acts-facility' || (1 + (h / 7) % 40))::uuid
  from bench_people where h % 25 = 0 and h % 3 <> 0`);
const kinds = [
  'torture',
  'cruel_treatment',
  'sexual_violence',
  'denial_of_counsel',
  'denial_of_medical_care',
  'denial_of_family_visits',
  'solitary_confinement',
  'transfer_far_from_family',
];
await run(`insert into acts (id, detention_id, kind, from_on, facility_id, agency)
  select gen_random_uuid(), p.detention, (array[${kinds.map((k) => `'${k}'`).join(', ')}])[1 + (p.h / (k + 3)) % 8],
    p.arrested_on + ((p.h / (k + 11)) % 30)::int, md5('acts-facility' || (1 + p.h % 40))::uuid, d.agency
  from bench_people p join detentions d on d.id = p.detention cross join generate_series(1, 2) k
  where (p.h / (k + 5)) % 10 < 4`);
await run('analyze');
const [{ n: acts }] = (await sql`select count(*)::int as n from acts`.execute(store.db)).rows;
console.log(`${kind}: ${N.toLocaleString()} persons, ${acts.toLocaleString()} acts written in ${(ms(written) / 1000).toFixed(1)} s`);

const asOf = '2026-12-01';
for (const by of ['kind', 'facility', 'agency', 'month']) {
  for (const [who, count] of [
    ['staff', () => actCounts(store.db, { by, asOf, consent: undefined })],
    ['public', () => publicActCounts(store.db, { by, asOf, consent: ['public', 'aggregate_only'] })],
  ]) {
    let started = process.hrtime.bigint();
    await count();
    const cold = ms(started);
    const times = [];
    for (let r = 0; r < RUNS; r++) {
      started = process.hrtime.bigint();
      await count();
      times.push(ms(started));
    }
    times.sort((a, b) => a - b);
    console.log(
      `counts by ${by.padEnd(8)} ${who.padEnd(6)}  cold ${cold.toFixed(0).padStart(6)} ms   median ${times[Math.floor(times.length / 2)].toFixed(0).padStart(6)} ms`,
    );
  }
}
await store.close();
