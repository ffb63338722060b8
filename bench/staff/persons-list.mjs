#!/usr/bin/env node
// The registry screen in the browser at registry scale: how long a person at the keyboard waits for
// the persons list, a page turn, a filter and a name search, measured in Debian's Chromium against
// `recuento serve` on the PostgreSQL in DATABASE_URL (after npm run build). Prints figures; records nothing.
//   DATABASE_URL=postgres://… node bench/staff/persons-list.mjs [--persons 1000000] [--runs 5] [--data DIR [--reuse]]
// The database must be empty (a throwaway one: scripts/pg-test-server.sh). Its registry is written in
// SQL (generate_series), with its own rules, not the demo's: names drawn from 60 given names and 60
// surnames by hashes (so a two-surname search matches about 1 in 3,600), one detention per person
// (arrested 2014–2026, one of 40 facilities, one of five protest waves), a release for a third of them.
// Each step's time runs from the click or key to the new count on screen (what the person sees),
// first (cold: the list's total is not yet cached) and the median of the next --runs, each with a
// different search or filter so no answer is served from the cache.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { BIN, serveRecuento } from '../../scripts/serve-process.mjs';

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    reuse: { type: 'boolean', default: false },
    data: { type: 'string' },
  },
});
const N = Number(args.persons);
const RUNS = Number(args.runs);
const URL_ = process.env.DATABASE_URL;
if (!URL_) throw new Error('set DATABASE_URL to an empty PostgreSQL database (scripts/pg-test-server.sh start DIR PORT)');
const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = JSON.parse(readFileSync(join(ROOT, 'e2e', 'chromium.json'), 'utf8'));
const PASSWORD = 'la ceiba del patio da sombra';
const ACCOUNT = `bench-${process.pid}`; // a new documenter each run (a reused registry keeps the old ones)
const GIVEN = `José,María,Luis,Ana,Carlos,Carmen,Jesús,Rosa,Pedro,Luisa,Miguel,Elena,Juan,Isabel,Rafael,Teresa,Andrés,Yusmary,Jhonny,Yolimar,
  Wilmer,Deisy,Freddy,Maryori,Nelson,Yenny,Orlando,Zuleima,Ramón,Xiomara,Héctor,Gladys,Víctor,Yraida,Óscar,Nohemí,Alexis,Belkis,Darwin,Mileidy,
  Henry,Yaneth,Edgar,Lisbeth,Gustavo,Marbelis,Richard,Yusbelis,Leonardo,Coromoto,Franklin,Dayana,Ronald,Karelis,Kevin,Génesis,Ángel,Yelitza,Omar,Iris`
  .split(',')
  .map((n) => n.trim());
const SURNAMES = `González,Rodríguez,Pérez,Hernández,García,Martínez,López,Sánchez,Ramírez,Díaz,Torres,Rojas,Flores,Morales,Suárez,Castillo,
  Álvarez,Gutiérrez,Romero,Mendoza,Chacón,Medina,Vargas,Silva,Guzmán,Reyes,Contreras,Rivas,Blanco,Núñez,Acosta,Paredes,Márquez,Bracho,Urdaneta,
  Zambrano,Salazar,Figueroa,Peña,Quintero,Mujica,Carrasquel,Colmenares,Villalobos,Briceño,Aponte,Lugo,Tovar,Barrios,Chirinos,Pacheco,Nieves,
  Graterol,Escalona,Camacaro,Piñero,Yépez,Mora,Bastidas,Ochoa`
  .split(',')
  .map((n) => n.trim());
const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const list = (names, f = (x) => x) => `array[${names.map((n) => `'${f(n)}'`).join(', ')}]`;
const ms = (started) => Number(process.hrtime.bigint() - started) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// the data folder holds the keys of the database it was used with: keep it (--data) to --reuse a registry
const data = args.data ?? mkdtempSync(join(tmpdir(), 'recuento-bench-staff-'));
const env = { ...process.env, RECUENTO_LOG_LEVEL: 'warn', RECUENTO_DEMO_PERSONS: '0' }; // no demo persons
let server;
let browser;
const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: URL_, max: 2 }) }) });
try {
  const made = spawnSync(process.execPath, [BIN, 'user', 'add', ACCOUNT, '--role', 'documenter', '--password-stdin', '--data', data], {
    input: `${PASSWORD}\n`,
    env,
  });
  if (made.status !== 0) throw new Error(`user add: ${made.stderr}`); // also migrates the database
  const [{ n: before }] = (await sql`select count(*)::int as n from persons`.execute(db)).rows;
  if (before > 0 && !args.reuse) throw new Error(`the database already holds ${before} persons: give the bench an empty one (or --reuse its own registry)`);
  if (before === 0) await writeRegistry();
  else console.log(`PostgreSQL: reusing the ${before.toLocaleString()} persons already written`);

  server = await serveRecuento(data, env);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM.executablePath, args: CHROMIUM.args });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${server.url}/entrar`);
  await page.getByLabel('Nombre de la cuenta').fill(ACCOUNT);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByTestId('persons-count').waitFor({ timeout: 120_000 });

  const count = () => page.getByTestId('persons-count').textContent({ timeout: 120_000 });
  /** From the action to a count on screen that differs from the one before. */
  async function timed(action) {
    const shown = await page
      .getByTestId('persons-count')
      .textContent()
      .catch(() => null);
    const started = process.hrtime.bigint();
    await action();
    await page.waitForFunction(
      (before) => {
        const count = document.querySelector('[data-testid=persons-count]')?.textContent ?? null;
        const now = count === null ? null : `${count} ${document.querySelector('tbody tr')?.textContent ?? ''}`;
        return now !== null && now !== before;
      },
      shown,
      { timeout: 120_000, polling: 'raf' },
    );
    return ms(started);
  }
  const report = (label, times) =>
    console.log(
      `  ${label.padEnd(44)} first ${times[0].toFixed(0).padStart(6)} ms   median of next ${RUNS}: ${median(times.slice(1)).toFixed(0).padStart(6)} ms`,
    );

  const results = {};
  // the list, opened fresh each time: the first total is counted, the next come from the server's
  // answer cache (30 s), as for anyone opening the registry after a colleague
  results.open = [];
  for (let r = 0; r <= RUNS; r++) {
    await page.goto(`${server.url}/entrar/cuenta`);
    results.open.push(await timed(() => page.getByRole('link', { name: 'Registro', exact: true }).click()));
  }
  results.page = [];
  for (let r = 0; r <= RUNS; r++) results.page.push(await timed(() => page.getByRole('button', { name: 'Siguiente' }).click()));
  results.facility = [];
  for (let r = 0; r <= RUNS; r++) {
    results.facility.push(await timed(() => page.getByLabel('Centro de reclusión').selectOption({ label: `Centro de banco ${r + 1}` })));
  }
  await page.goto(`${server.url}/entrar/registro`);
  await count();
  results.status = [];
  for (const status of ['detained', 'released_with_measures', 'detained', 'released_with_measures', 'detained', 'released_with_measures'].slice(0, RUNS + 1)) {
    results.status.push(await timed(() => page.getByLabel('Situación').selectOption(status)));
  }
  await page.goto(`${server.url}/entrar/registro`);
  await count();
  results.search = [];
  for (let r = 0; r <= RUNS; r++) {
    const q = `${fold(SURNAMES[r * 7])} ${fold(SURNAMES[r * 7 + 3])}`;
    results.search.push(
      await timed(async () => {
        await page.getByLabel(/Buscar por nombre/).fill(q);
        await page.getByRole('button', { name: 'Buscar' }).click();
      }),
    );
  }
  console.log(`In Chromium, ${N.toLocaleString()} persons on PostgreSQL, from the action to the new count on screen:`);
  report('open the registry (first page, total)', results.open);
  report('next page', results.page);
  report('filter by facility', results.facility);
  report('filter by status (derived from timelines)', results.status);
  report('search two surnames, accent-blind', results.search);
  console.log(`  what a search returns: ${await count()}`);
} finally {
  await browser?.close();
  await server?.stop();
  await db.destroy();
  if (!args.data) rmSync(data, { recursive: true, force: true });
}

/** The bench's own registry, written in SQL. */
async function writeRegistry() {
  const written = process.hrtime.bigint();
  const run = (text) => sql.raw(text).execute(db);
  // a valid version-7 UUID from a hash (the API checks ids' form)
  const uuid = (text) => `overlay(overlay(md5(${text}) placing '7' from 13 for 1) placing '8' from 17 for 1)::uuid`;
  await run(`create table bench_people as
    select i, ${uuid("'staff' || i")} as id, ${uuid("'staff-d' || i")} as detention,
      date '2014-01-01' + ((i::bigint * 7919) % 4500)::int as arrested_on, ((i::bigint * 2654435761) % 1000003) as h
    from generate_series(1, ${N}) i`);
  await run(`insert into facilities (id, code, name, kind, status)
    select ${uuid("'staff-facility' || k")}, 'bench-' || k, 'Centro de banco ' || k, 'prison', 'open' from generate_series(1, 40) k on conflict (code) do nothing`);
  await run(`insert into persons (id, external_id, given_names, first_surname, second_surname, consent, synthetic, name_search)
    select id, 'BENCH-' || i, g, s1, s2, (array['public', 'aggregate_only', 'private'])[1 + i % 3], true, lower(fg || ' ' || f1 || ' ' || f2)
    from (select b.*, (${list(GIVEN)})[1 + h % 60] as g, (${list(SURNAMES)})[1 + (h / 60) % 60] as s1, (${list(SURNAMES)})[1 + (h / 3600) % 60] as s2,
      (${list(GIVEN, fold)})[1 + h % 60] as fg, (${list(SURNAMES, fold)})[1 + (h / 60) % 60] as f1, (${list(SURNAMES, fold)})[1 + (h / 3600) % 60] as f2
      from bench_people b) named`);
  await run(`insert into person_identifiers (person_id, kind, value) select id, 'cedula_v', (5000000 + i)::text from bench_people`);
  await run(`insert into detentions (id, person_id, arrested_on, facility_id, protest_wave)
    select detention, id, arrested_on, ${uuid("'staff-facility' || (1 + h % 40)")}, (array['2014', '2017', '2019', '2024', 'other'])[1 + h % 5] from bench_people`);
  await run(`insert into events (id, person_id, detention_id, kind, occurred_on, facility_id)
    select gen_random_uuid(), id, detention, 'detained', arrested_on, ${uuid("'staff-facility' || (1 + h % 40)")} from bench_people`);
  await run(`insert into events (id, person_id, detention_id, kind, occurred_on)
    select gen_random_uuid(), id, detention, 'released_with_measures', arrested_on + (30 + h % 400)::int from bench_people where h % 3 = 0`);
  await run('drop table bench_people');
  await run('analyze');
  console.log(`PostgreSQL: ${N.toLocaleString()} persons written in ${(ms(written) / 1000).toFixed(1)} s`);
}
