/**
 * Synthetic demo persons: realistic Venezuelan names (compound given names, two
 * surnames), detentions in real facilities during the protest waves of 2014, 2017,
 * 2019 and 2024, releases with precautionary measures in early 2026, and some
 * re-arrests. Every record is flagged `synthetic` and its external id starts with
 * DEMO-, so no one can mistake it for a real person.
 *
 * Deterministic: the same seed gives the same people (a mulberry32 generator, seeded by
 * the caller; no Math.random).
 */
import type { BreachKind, DatePrecision, EventKind, MeasureChangeKind, MeasureKind, OccupationGroup, ProtestWave, Sex } from '../registry/vocabulary.js';
import { NICKNAMES } from './nicknames.js';

export type DemoMeasure = {
  kind: MeasureKind;
  everyDays: number | null;
  court: string | null;
  startsOn: string;
  /** What followed, for a reporting measure (demo-conditions.ts). */
  followUp?: DemoFollowUp;
};
/** A reporting measure's planned end, presentations, changes and breaches. */
export type DemoFollowUp = {
  endsOn: string | null;
  presentations: { on: string; court: string | null }[];
  changes: { on: string; kind: MeasureChangeKind; everyDays?: number; court?: string }[];
  breaches: { on: string; kind: BreachKind }[];
};
export type DemoEvent = {
  kind: EventKind;
  occurredOn: string;
  precision: DatePrecision;
  facilityCode: string | null;
  court: string | null;
  detentionIndex: number;
  measures: DemoMeasure[];
};
export type DemoDetention = {
  arrestedOn: string;
  place: string;
  agency: string;
  facilityCode: string;
  court: string;
  caseNumber: string;
  protestWave: ProtestWave;
  charges: string[];
};
export type DemoPerson = {
  externalId: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string | null;
  aliases: string[];
  cedula: { kind: 'cedula_v' | 'cedula_e'; value: string };
  nationality: string;
  sex: Sex;
  birthDate: string;
  birthDatePrecision: DatePrecision;
  occupationGroup: OccupationGroup;
  consent: 'public' | 'aggregate_only' | 'private';
  detentions: DemoDetention[];
  events: DemoEvent[];
};

const FEMALE = [
  'María',
  'Ana',
  'Carmen',
  'Luisa',
  'Rosa',
  'Daniela',
  'Andreína',
  'Gabriela',
  'Yelitza',
  'Marisol',
  'Rocío',
  'Lorena',
  'Génesis',
  'Valentina',
  'Isabel',
  'Teresa',
  'Milagros',
  'Yusmary',
  'Nohelia',
  'Patricia',
];
const FEMALE_SECOND = ['José', 'Alejandra', 'Fernanda', 'Elena', 'Gabriela', 'Victoria', 'Teresa', 'del Carmen', 'de los Ángeles', 'Isabel'];
const MALE = [
  'José',
  'Juan',
  'Luis',
  'Carlos',
  'Jesús',
  'Pedro',
  'Miguel',
  'Rafael',
  'Francisco',
  'Antonio',
  'Alberto',
  'Javier',
  'Ángel',
  'Yorman',
  'Wilmer',
  'Freddy',
  'Óscar',
  'Ignacio',
  'Guillermo',
  'Andrés',
];
const MALE_SECOND = ['Gregorio', 'Manuel', 'Antonio', 'Luis', 'Rafael', 'Alejandro', 'David', 'Ramón', 'Enrique', 'Eduardo'];
const SURNAMES = [
  'González',
  'Rodríguez',
  'Pérez',
  'Hernández',
  'García',
  'Martínez',
  'López',
  'Díaz',
  'Sánchez',
  'Ramírez',
  'Torres',
  'Rojas',
  'Flores',
  'Romero',
  'Álvarez',
  'Medina',
  'Contreras',
  'Mendoza',
  'Gutiérrez',
  'Castillo',
  'Chacón',
  'Guevara',
  'Briceño',
  'Uzcátegui',
  'Villegas',
  'Peña',
  'Marcano',
  'Quintero',
  'Salazar',
  'Zambrano',
  'Colmenares',
  'Parra',
  'Montilla',
  'Carrasquel',
  'Añez',
  'Bracho',
  'Urdaneta',
  'Useche',
  'Key',
  'Di Giacomo',
];
const PLACES = [
  'Caracas',
  'Maracaibo',
  'Valencia',
  'Barquisimeto',
  'San Cristóbal',
  'Mérida',
  'Maturín',
  'Barcelona',
  'Ciudad Guayana',
  'Los Teques',
  'Guarenas',
  'Puerto La Cruz',
];
const COURTS = [
  'Tribunal 1.º de Control con competencia en terrorismo (Caracas)',
  'Tribunal 2.º de Control con competencia en terrorismo (Caracas)',
  'Tribunal 4.º de Control del Estado Táchira',
  'Tribunal Militar 3.º de Control (Caracas)',
  'Tribunal 5.º de Control del Estado Zulia',
];

/** Windows of each protest wave, and the agencies and charges typical of it. */
const WAVES: readonly { wave: ProtestWave; from: string; to: string; weight: number }[] = [
  { wave: '2014', from: '2014-02-12', to: '2014-06-30', weight: 2 },
  { wave: '2017', from: '2017-04-01', to: '2017-08-31', weight: 3 },
  { wave: '2019', from: '2019-01-21', to: '2019-05-31', weight: 2 },
  { wave: '2024', from: '2024-07-28', to: '2024-12-31', weight: 6 },
];
const FACILITY_BY_AGENCY: Readonly<Record<string, readonly string[]>> = {
  SEBIN: ['el-helicoide', 'sebin-plaza-venezuela'],
  DGCIM: ['dgcim-boleita', 'ramo-verde'],
  PNB: ['zona-7-boleita', 'rodeo-i', 'tocuyito', 'tocoron'],
  GNB: ['rodeo-i', 'yare-iii', 'tocuyito', 'inof', 'fenix-lara'],
};
const POLITICAL_CHARGES = [
  'incitacion_odio',
  'terrorismo',
  'traicion_patria',
  'conspiracion',
  'instigacion_publica',
  'asociacion_delinquir',
  'obstaculizacion_vias',
  'resistencia_autoridad',
  'difusion_informacion_falsa',
];
const MILITARY_CHARGES = ['rebelion_militar', 'traicion_patria', 'ultraje_fuerza_armada'];
const COMMON_CHARGES = ['robo_agravado', 'hurto', 'porte_ilicito_arma', 'trafico_drogas'];
const OCCUPATIONS: readonly [OccupationGroup, number][] = [
  ['student', 18],
  ['activist', 20],
  ['politician', 8],
  ['journalist', 5],
  ['soldier', 10],
  ['union_leader', 4],
  ['human_rights_defender', 3],
  ['other', 32],
];

/** A seeded pseudo-random source (mulberry32). */
export type Random = { next(): number; int(min: number, max: number): number; pick<T>(items: readonly T[]): T; chance(p: number): boolean };

/** Creates the seeded random source used by the generator. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** Generates `count` synthetic persons, numbered from `firstNumber`. */
export function generateDemoPersons(count: number, seed: number, firstNumber = 1): DemoPerson[] {
  const random = createRandom(seed ^ (firstNumber * 2654435761));
  const people: DemoPerson[] = [];
  for (let i = 0; i < count; i++) people.push(generateOne(random, firstNumber + i));
  return people;
}

function generateOne(random: Random, number: number): DemoPerson {
  const sex: Sex = random.chance(0.78) ? 'male' : 'female';
  const first = sex === 'male' ? random.pick(MALE) : random.pick(FEMALE);
  const compound = random.chance(0.45);
  const givenNames = compound ? `${first} ${random.pick(sex === 'male' ? MALE_SECOND : FEMALE_SECOND)}` : first;
  const occupationGroup = pickWeighted(random, OCCUPATIONS);
  const foreign = random.chance(0.06);
  const nickname = NICKNAMES[first];
  const wave = pickWeighted(
    random,
    WAVES.map((w) => [w, w.weight] as const),
  );
  const arrestedOn = randomDate(random, wave.from, wave.to);
  const agency = occupationGroup === 'soldier' ? 'DGCIM' : random.pick(['SEBIN', 'DGCIM', 'PNB', 'GNB', 'GNB', 'PNB']);
  const facilityCode = random.pick(FACILITY_BY_AGENCY[agency] ?? ['rodeo-i']);
  const commonCase = random.chance(0.08);
  const chargePool = commonCase ? COMMON_CHARGES : occupationGroup === 'soldier' ? MILITARY_CHARGES : POLITICAL_CHARGES;
  const charges = unique([random.pick(chargePool), random.pick(chargePool), ...(random.chance(0.3) ? [random.pick(chargePool)] : [])]);
  const court = random.pick(COURTS);
  const detention: DemoDetention = {
    arrestedOn,
    place: random.pick(PLACES),
    agency,
    facilityCode,
    court,
    caseNumber: `DEMO-${wave.wave}-${String(number).padStart(6, '0')}`,
    protestWave: wave.wave,
    charges,
  };
  const events = buildTimeline(random, detention, facilityCode, court);
  const birthYear = random.int(1955, 2006);
  const yearOnly = random.chance(0.1);
  return {
    externalId: `DEMO-${String(number).padStart(7, '0')}`,
    givenNames,
    firstSurname: random.pick(SURNAMES),
    secondSurname: random.chance(0.92) ? random.pick(SURNAMES) : null,
    aliases: nickname && random.chance(0.25) ? [nickname] : [],
    cedula: foreign
      ? { kind: 'cedula_e', value: String(80_000_000 + scatter(number, 4_999_999)) }
      : { kind: 'cedula_v', value: String(4_000_000 + scatter(number, 29_000_000)) },
    nationality: foreign ? random.pick(['CO', 'PE', 'ES', 'US', 'AR', 'UY']) : 'VE',
    sex,
    birthDate: yearOnly ? `${birthYear}-01-01` : randomDate(random, `${birthYear}-01-01`, `${birthYear}-12-28`),
    birthDatePrecision: yearOnly ? 'year' : 'day',
    occupationGroup,
    consent: random.chance(0.35) ? 'public' : random.chance(0.6) ? 'aggregate_only' : 'private',
    detentions: [detention],
    events,
  };
}

function buildTimeline(random: Random, detention: DemoDetention, facilityCode: string, court: string): DemoEvent[] {
  const event = (kind: EventKind, occurredOn: string, facility: string | null = null, measures: DemoMeasure[] = []): DemoEvent => ({
    kind,
    occurredOn,
    precision: 'day',
    facilityCode: facility,
    court,
    detentionIndex: 0,
    measures,
  });
  const events: DemoEvent[] = [event('detained', detention.arrestedOn, facilityCode)];
  let cursor = detention.arrestedOn;
  if (random.chance(0.12)) {
    cursor = addDays(cursor, random.int(1, 20));
    events.push(event('whereabouts_unknown', cursor));
    cursor = addDays(cursor, random.int(5, 60));
    events.push(event('transferred', cursor, random.pick(['rodeo-i', 'el-helicoide', 'tocoron', 'yare-iii'])));
  } else if (random.chance(0.25)) {
    cursor = addDays(cursor, random.int(10, 300));
    events.push(event('transferred', cursor, random.pick(['rodeo-i', 'tocuyito', 'yare-iii', 'fenix-lara'])));
  }
  const outcome = random.next();
  if (outcome < 0.3) return [...events, ...amnestyRequest(detention, court, event)]; // still detained
  const releaseOn = outcome < 0.45 ? addDays(cursor, random.int(30, 700)) : randomDate(random, '2026-01-08', '2026-02-25');
  if (releaseOn < cursor) return events;
  if (random.chance(0.2)) {
    events.push(event('released', releaseOn));
  } else {
    const measures: DemoMeasure[] = [
      { kind: 'periodic_reporting', everyDays: random.pick([8, 15, 30]), court, startsOn: releaseOn },
      { kind: 'travel_ban', everyDays: null, court, startsOn: releaseOn },
    ];
    if (random.chance(0.4)) measures.push({ kind: 'press_gag', everyDays: null, court, startsOn: releaseOn });
    events.push(event('released_with_measures', releaseOn, null, measures));
    if (random.chance(0.06)) {
      events.push(event('re_arrested', addDays(releaseOn, random.int(3, 40)), random.pick(['el-helicoide', 'rodeo-i', 'zona-7-boleita'])));
    } else if (random.chance(0.05)) {
      events.push(event('exiled', addDays(releaseOn, random.int(10, 90))));
    }
  }
  return events;
}

/**
 * Some people still detained had an amnesty requested after the 2026 law (GO 6.990,
 * 2026-02-19); a few were refused. Drawn from a stream of their own (seeded by the
 * detention), so adding them left every other demo value as it was.
 */
function amnestyRequest(detention: DemoDetention, court: string, event: (kind: EventKind, occurredOn: string) => DemoEvent): DemoEvent[] {
  let seed = 0;
  for (const char of `${detention.arrestedOn}|${court}|${detention.charges.join(',')}`) seed = (Math.imul(seed, 31) + char.charCodeAt(0)) | 0;
  const side = createRandom(seed);
  if (!side.chance(0.45)) return [];
  const filedOn = randomDate(side, '2026-02-20', '2026-04-15');
  return side.chance(0.3)
    ? [event('amnesty_requested', filedOn), event('amnesty_denied', addDays(filedOn, side.int(5, 40)))]
    : [event('amnesty_requested', filedOn)];
}

/**
 * Spreads person numbers over a cédula range without repeats: multiplying by a prime
 * that shares no factor with the range size is a bijection modulo that size, so demo
 * cédulas look scattered and stay unique up to `size` persons.
 */
function scatter(number: number, size: number): number {
  return (number * 7919) % size;
}

function pickWeighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.next() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]![0];
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function randomDate(random: Random, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  return new Date(start + Math.floor(random.next() * ((end - start) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
}
