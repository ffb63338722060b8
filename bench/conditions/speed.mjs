#!/usr/bin/env node
// Conditions and facilities at registry scale, on PGlite (default, in memory) or the PostgreSQL in
// DATABASE_URL (after npm run build). Prints figures; records nothing.
//   node bench/conditions/speed.mjs [--persons 1000000] [--runs 7] [--data DIR]
// With --data (PGlite) or DATABASE_URL, a registry already written there by an earlier run is reused.
// The registry is written inside the database (generate_series), shaped like the demo but with its
// own, different rules: 1M persons over 200 facilities of very unequal size (the largest holds
// about a tenth of everyone ever detained, the median a few thousand), 60 % released with measures
// (reporting every 8, 15 or 30 days to one of 100 courts, a travel ban), 5 % of those re-arrested,
// transfers, presentations for the last 90 days (9 in 10 made), and 500 persons held in El Helicoide
// when its closure was announced on 2026-01-30 (then transferred, released or no move recorded).
// Timed, through the same use cases the API and the CLI call (no HTTP): the list of presentations
// due at one court in the next week; a facility's population by day over three years (the median
// facility, the largest, El Helicoide); the closure accounting of El Helicoide's 500. Each: the
// first run (cold) and the median of the next --runs.
import { parseArgs } from 'node:util';
import { openStore } from '../../dist/store/database.js';
import { migrateToLatest } from '../../dist/store/migrate.js';
import { dueBetween } from '../../dist/usecases/conditions.js';
import { facilityClosure, facilityPopulation, findFacility } from '../../dist/usecases/facility-history.js';

const { values: args } = parseArgs({
  options: { persons: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '7' }, data: { type: 'string' } },
});
const N = Number(args.persons);
const RUNS = Number(args.runs);
const TODAY = '2026-12-01';
const ms = (started) => Number(process.hrtime.bigint() - started) / 1e6;

const store = await openStore(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: args.data ?? 'memory://' });
const kind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
await migrateToLatest(store.db);
const { sql } = await import('kysely');
const run = (text) => sql.raw(text).execute(store.db);

const started = process.hrtime.bigint();
// A database that already holds the bench registry (a PostgreSQL kept between runs) is used as it is.
const present = await sql.raw(`select count(*)::int as n from persons where external_id like 'BENCH-%'`).execute(store.db);
const reuse = present.rows[0].n === N;
if (!reuse) {
  // Person i: id md5(i)::uuid; arrested on day a(i) since 2014; facility skewed by h(i)².
  await run(`create temporary table bench_people as
  select i, md5('bench' || i)::uuid as id,
    date '2014-01-01' + ((i::bigint * 7919) % 4300)::int as arrested_on,
    ((i::bigint * 2654435761) % 1000003)::float8 / 1000003 as h,
    ((i::bigint * 40503) % 1000)::int as r
  from generate_series(1, ${N}) i`);
  await run(`insert into facilities (id, code, name, kind, status)
  select md5('bench-facility' || k)::uuid, 'bench-' || k, 'Bench facility ' || k, 'prison', 'open' from generate_series(1, 200) k
  on conflict (code) do nothing`);
  await run(`insert into persons (id, external_id, given_names, first_surname, consent, synthetic, name_search)
  select id, 'BENCH-' || i, 'Persona ' || i, 'Banco', case when i % 3 = 0 then 'public' else 'private' end, true, 'persona ' || i from bench_people`);
  const helicoide = (await findFacility(store.db, 'el-helicoide')).id;
  // Detention: El Helicoide for the first 500 (held there since 2025-06-01), else a bench facility.
  await run(`insert into events (id, person_id, kind, occurred_on, facility_id)
  select gen_random_uuid(), id, 'detained', case when i <= 500 then date '2025-06-01' else arrested_on end,
    case when i <= 500 then '${helicoide}'::uuid else md5('bench-facility' || (1 + floor(200 * h * h)::int))::uuid end
  from bench_people`);
  // A tenth transferred 10–300 days later to another facility.
  await run(`insert into events (id, person_id, kind, occurred_on, facility_id)
  select gen_random_uuid(), id, 'transferred', arrested_on + 10 + r % 290, md5('bench-facility' || (1 + (i * 31) % 200))::uuid
  from bench_people where i > 500 and r < 100`);
  // 60 % released with measures 30–700 days after arrest (not after 2026-11-30).
  await run(`create temporary table bench_releases as
  select i, id, least(arrested_on + 330 + r % 400, date '2026-11-30') as released_on, (array[8, 15, 30])[1 + i % 3] as every_days,
    'Tribunal ' || (i % 100) as court, md5('bench-release' || i)::uuid as event_id, md5('bench-measure' || i)::uuid as measure_id
  from bench_people where i > 500 and r >= 400`);
  await run(`insert into events (id, person_id, kind, occurred_on) select event_id, id, 'released_with_measures', released_on from bench_releases`);
  await run(`insert into measures (id, event_id, kind, every_days, court, starts_on)
  select measure_id, event_id, 'periodic_reporting', every_days, court, released_on from bench_releases`);
  await run(
    `insert into measures (id, event_id, kind, court, starts_on) select gen_random_uuid(), event_id, 'travel_ban', court, released_on from bench_releases`,
  );
  // 5 % of them re-arrested 3–40 days later.
  await run(`insert into events (id, person_id, kind, occurred_on, facility_id)
  select gen_random_uuid(), id, 're_arrested', released_on + 3 + i % 38, md5('bench-facility' || (1 + i % 200))::uuid
  from bench_releases where i % 20 = 0`);
  // Presentations for the due dates of the last 90 days, 9 in 10 made on the day.
  await run(`insert into presentations (id, measure_id, presented_on, court)
  select gen_random_uuid(), measure_id, released_on + k * every_days, court
  from bench_releases, generate_series(1, 400) k
  where i % 20 <> 0 and released_on + k * every_days between date '${TODAY}' - 90 and date '${TODAY}' and (i + k) % 10 <> 0`);
  // El Helicoide after the announcement: a quarter transferred, a quarter released, the rest no move recorded.
  await run(`insert into events (id, person_id, kind, occurred_on, facility_id)
  select gen_random_uuid(), id, case when i % 4 = 0 then 'transferred' else 'released_with_measures' end,
    date '2026-02-01' + i % 40, case when i % 4 = 0 then md5('bench-facility' || (1 + i % 200))::uuid end
  from bench_people where i <= 500 and i % 4 in (0, 1)`);
  await run('analyze');
}
const loadSeconds = reuse ? 0 : ms(started) / 1000;

const counts = await sql
  .raw(`select (select count(*) from events) as events, (select count(*) from measures) as measures, (select count(*) from presentations) as presentations`)
  .execute(store.db);
const sizes = await sql
  .raw(`select f.code, count(distinct e.person_id) as persons from events e join facilities f on f.id = e.facility_id group by f.code order by 2 desc`)
  .execute(store.db);
const bySize = sizes.rows.filter((r) => r.code.startsWith('bench-'));
const largest = bySize[0];
const median = bySize[Math.floor(bySize.length / 2)];

async function time(label, work) {
  const cold = process.hrtime.bigint();
  let result = await work();
  const first = ms(cold);
  const warm = [];
  for (let k = 0; k < RUNS; k++) {
    const t = process.hrtime.bigint();
    result = await work();
    warm.push(ms(t));
  }
  warm.sort((a, b) => a - b);
  console.log(`${label.padEnd(62)} ${first.toFixed(0).padStart(7)} ms cold  ${warm[Math.floor(warm.length / 2)].toFixed(1).padStart(8)} ms median`);
  return result;
}

const c = counts.rows[0];
console.log(
  `${kind}: ${N.toLocaleString('en')} persons, ${Number(c.events).toLocaleString('en')} events, ${Number(c.measures).toLocaleString('en')} measures, ${Number(c.presentations).toLocaleString('en')} presentations; written in ${loadSeconds.toFixed(0)} s`,
);
const due = await time('due list: one court, next 7 days', () => dueBetween(store.db, { from: TODAY, to: '2026-12-07', court: 'Tribunal 7', today: TODAY }));
console.log(`  ${due.length} presentations due at that court (of ${N.toLocaleString('en')} persons)`);
for (const [label, code] of [
  [`median facility (${median.persons} persons ever)`, median.code],
  [`largest facility (${largest.persons} persons ever)`, largest.code],
  ['El Helicoide (500 persons)', 'el-helicoide'],
]) {
  const facility = await findFacility(store.db, code);
  await time(`population by day, 3 years: ${label}`, () => facilityPopulation(store.db, facility, { from: '2023-12-02', to: TODAY, step: 'day' }));
}
const closure = await time('closure accounting: El Helicoide (500 persons)', async () =>
  facilityClosure(store.db, await findFacility(store.db, 'el-helicoide'), { asOf: TODAY }),
);
console.log(
  `  ${closure.total} persons: ${Object.entries(closure.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
await store.close();
