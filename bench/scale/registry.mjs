/**
 * A large registry written by SQL (generate_series) into an empty, migrated Recuento database, with
 * its own rules rather than the demo's (a second generator, so a figure is not met on one only):
 * names from 60 given names and 60 surnames by hashes (accented as written, folded for search), a
 * cédula each, one detention each (2014–2026, one of 200 facilities of very unequal size by a
 * squared hash, one of five protest waves), a detention event; then a release with measures for
 * 30 %, a plain release for half of those, a re-arrest for 4 %, an amnesty for 5 % and a
 * disappearance for 1 %; the status-setting event of 12 % corroborated and of 3 % verified.
 * Consent: 45 % public, 35 % aggregate only, 20 % private. The stored status is kept by the
 * database's own triggers as the rows go in, as for any writer.
 */
import { sql } from 'kysely';

export const GIVEN = `José,María,Luis,Ana,Carlos,Carmen,Jesús,Rosa,Pedro,Luisa,Miguel,Elena,Juan,Isabel,Rafael,Teresa,Andrés,Yusmary,Jhonny,Yolimar,
  Wilmer,Deisy,Freddy,Maryori,Nelson,Yenny,Orlando,Zuleima,Ramón,Xiomara,Héctor,Gladys,Víctor,Yraida,Óscar,Nohemí,Alexis,Belkis,Darwin,Mileidy,
  Henry,Yaneth,Edgar,Lisbeth,Gustavo,Marbelis,Richard,Yusbelis,Leonardo,Coromoto,Franklin,Dayana,Ronald,Karelis,Kevin,Génesis,Ángel,Yelitza,Omar,Iris`
  .split(',')
  .map((n) => n.trim());
export const SURNAMES = `González,Rodríguez,Pérez,Hernández,García,Martínez,López,Sánchez,Ramírez,Díaz,Torres,Rojas,Flores,Morales,Suárez,Castillo,
  Álvarez,Gutiérrez,Romero,Mendoza,Chacón,Medina,Vargas,Silva,Guzmán,Reyes,Contreras,Rivas,Blanco,Núñez,Acosta,Paredes,Márquez,Bracho,Urdaneta,
  Zambrano,Salazar,Figueroa,Peña,Quintero,Mujica,Carrasquel,Colmenares,Villalobos,Briceño,Aponte,Lugo,Tovar,Barrios,Chirinos,Pacheco,Nieves,
  Graterol,Escalona,Camacaro,Piñero,Yépez,Mora,Bastidas,Ochoa`
  .split(',')
  .map((n) => n.trim());
export const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const list = (names, f = (x) => x) => `array[${names.map((n) => `'${f(n)}'`).join(', ')}]`;
// a valid version-7 UUID from a hash (the API checks ids' form)
const uuid = (text) => `overlay(overlay(md5(${text}) placing '7' from 13 for 1) placing '8' from 17 for 1)::uuid`;

/** Writes `n` persons and their histories; returns the seconds each step took. */
export async function writeRegistry(db, n, log = console.log) {
  const steps = [];
  // the events and levels are written 100,000 persons at a time, as imports write in batches (one
  // statement of a million rows holds every trigger's transition tables in memory at once)
  const run = async (label, text) => {
    const started = performance.now();
    if (!label.startsWith('events') && label !== 'levels') await sql.raw(text).execute(db);
    else {
      for (let from = 1; from <= n; from += 100_000) {
        const batch = `(select * from bench_people where i >= ${from} and i < ${from + 100_000})`;
        const batched = text.replace(/from bench_people( b)?(\s|$)/, (_, alias, space) => `from ${batch} ${alias ? 'b' : 'bench_people'}${space}`);
        if (batched === text) throw new Error(`${label}: no "from bench_people" to write in batches`);
        await sql.raw(batched).execute(db);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    steps.push([label, seconds]);
    log(`  ${label.padEnd(36)} ${seconds.toFixed(1).padStart(7)} s`);
  };
  await run(
    'draw',
    `create unlogged table bench_people as
    select i, ${uuid("'scale' || i")} as id, ${uuid("'scale-d' || i")} as detention,
      date '2014-01-01' + ((i::bigint * 7919) % 4500)::int as arrested_on, ((i::bigint * 2654435761) % 1000003) as h,
      ((i::bigint * 40503) % 100000) as r
    from generate_series(1, ${n}) i`,
  );
  await run(
    'facilities',
    `insert into facilities (id, code, name, kind, status)
    select ${uuid("'scale-facility' || k")}, 'scale-' || k, 'Centro de escala ' || k, 'prison', 'open' from generate_series(1, 200) k
    on conflict (code) do nothing`,
  );
  await run(
    'persons',
    `insert into persons (id, external_id, given_names, first_surname, second_surname, consent, occupation_group, synthetic, name_search)
    select id, 'SCALE-' || i, g, s1, s2,
      case when r % 100 < 45 then 'public' when r % 100 < 80 then 'aggregate_only' else 'private' end,
      (array['student', 'journalist', 'soldier', 'activist', 'politician', 'union_leader', 'human_rights_defender', 'other'])[1 + (h / 7) % 8],
      true, lower(fg || ' ' || f1 || ' ' || f2)
    from (select b.*, (${list(GIVEN)})[1 + h % 60] as g, (${list(SURNAMES)})[1 + (h / 60) % 60] as s1, (${list(SURNAMES)})[1 + (h / 3600) % 60] as s2,
      (${list(GIVEN, fold)})[1 + h % 60] as fg, (${list(SURNAMES, fold)})[1 + (h / 60) % 60] as f1, (${list(SURNAMES, fold)})[1 + (h / 3600) % 60] as f2
      from bench_people b) named`,
  );
  await run('identifiers', `insert into person_identifiers (person_id, kind, value) select id, 'cedula_v', (5000000 + i)::text from bench_people`);
  // facility k holds about (k/200)^2 of the detentions: a few large prisons, many small cells
  await run(
    'detentions',
    `insert into detentions (id, person_id, arrested_on, facility_id, protest_wave)
    select detention, id, arrested_on, ${uuid("'scale-facility' || (1 + floor(200 * sqrt((h % 10007) / 10007.0)))::int")},
      (array['2014', '2017', '2019', '2024', 'other'])[1 + h % 5] from bench_people`,
  );
  await run(
    'events: detained',
    `insert into events (id, person_id, detention_id, kind, occurred_on, facility_id)
    select gen_random_uuid(), id, detention, 'detained', arrested_on, ${uuid("'scale-facility' || (1 + floor(200 * sqrt((h % 10007) / 10007.0)))::int")}
    from bench_people`,
  );
  await run(
    'events: releases',
    `insert into events (id, person_id, detention_id, kind, occurred_on)
    select gen_random_uuid(), id, detention, 'released_with_measures', arrested_on + (30 + h % 400)::int from bench_people where r % 100 < 30`,
  );
  await run(
    'events: later',
    `insert into events (id, person_id, detention_id, kind, occurred_on)
    select gen_random_uuid(), id, detention,
      case when r % 100 < 15 then 'released' when r % 100 < 19 then 're_arrested' when r % 100 < 24 then 'amnestied' else 'whereabouts_unknown' end,
      arrested_on + (500 + h % 300)::int
    from bench_people where r % 100 < 24 or r % 100 = 99`,
  );
  await run(
    'levels',
    `insert into verification_levels (id, subject_kind, subject_id, level, independent_sources, cause)
    select gen_random_uuid(), 'event', p.status_event_id, case when (b.h / 1301) % 5 = 0 then 'verified' else 'corroborated' end, 2, 'review'
    from bench_people b join persons p on p.id = b.id where (b.h / 13) % 100 < 15 and p.status_event_id is not null`,
  );
  await run('tidy', 'drop table bench_people');
  await run('analyze', 'analyze');
  return steps;
}
