/**
 * A synthetic benchmark for record linkage on Venezuelan lists, with ground truth: a
 * population of people (with namesakes, and siblings who share both surnames and have
 * close cédula numbers), and several sources that each list part of it with the errors
 * real lists carry — nicknames, dropped second given names, typos and b/v, s/z, ll/y
 * slips, missing or swapped surnames, married forms, cédula typos and transpositions,
 * missing cédulas, day and month swapped, year-only dates, and the same person twice in
 * one list. Names are drawn with Zipf-like frequencies (González is common, Uzcátegui
 * rare). Entirely synthetic: no record describes a real person.
 */
import { createRandom, type Random } from './generate-persons.js';
import { NICKNAMES } from './nicknames.js';

const MALE_NAMES = (
  'José,Luis,Carlos,Juan,Jesús,Pedro,Miguel,Rafael,Francisco,Antonio,Alberto,Javier,Ángel,Yorman,Wilmer,Freddy,Óscar,Ignacio,Guillermo,Andrés,' +
  'Manuel,Jorge,Ramón,Eduardo,Enrique,Alejandro,David,Daniel,Gabriel,Ricardo,Roberto,Fernando,Héctor,Víctor,Gustavo,Richard,Jhonny,Leonardo,' +
  'Alexander,Nelson,Orlando,Wilfredo,Henry,Johan,Kevin,Yeferson,Darwin,Edgar,Omar,Raúl,Gregorio,Simón,Armando,Iván,Julio,César,Hugo,Rubén,' +
  'Sergio,Elías,Ernesto,Félix,Gerardo,Humberto,Ismael,Joel,Marcos,Nicolás,Pablo,Rodolfo,Santiago,Tomás,Vicente,Yonathan,Deivis,Eliezer,Jairo'
).split(',');
const FEMALE_NAMES = (
  'María,Ana,Carmen,Luisa,Rosa,Daniela,Andreína,Gabriela,Yelitza,Marisol,Rocío,Lorena,Génesis,Valentina,Isabel,Teresa,Milagros,Yusmary,Nohelia,' +
  'Patricia,Carolina,Mariela,Yolanda,Beatriz,Dolores,Mercedes,Guadalupe,Consuelo,Elena,Alejandra,Fernanda,Victoria,Xiomara,Maritza,Yesenia,' +
  'Yuleisy,Dayana,Johana,Karina,Leidy,Nathaly,Rosalba,Zulay,Belkis,Mirna,Nancy,Gladys,Ingrid,Jenny,Ximena,Susana,Cristina,Liliana,Gisela'
).split(',');
const SECOND_NAMES_MALE = 'Gregorio,Manuel,Antonio,Luis,Rafael,Alejandro,David,Ramón,Enrique,Eduardo,José,Alberto,Javier,Andrés,Ignacio'.split(',');
const SECOND_NAMES_FEMALE = 'José,Alejandra,Fernanda,Elena,Gabriela,Victoria,Teresa,del Carmen,de los Ángeles,Isabel,Alejandra,Carolina,Beatriz'.split(',');
const SURNAMES = (
  'González,Rodríguez,Pérez,Hernández,García,Martínez,López,Díaz,Sánchez,Ramírez,Torres,Rojas,Flores,Romero,Álvarez,Medina,Contreras,Mendoza,' +
  'Gutiérrez,Castillo,Moreno,Suárez,Vásquez,Morales,Jiménez,Rivas,Ruiz,Castro,Gómez,Fernández,Marcano,Blanco,Silva,Herrera,Ortiz,Peña,Mora,' +
  'Reyes,Rivero,Guerrero,Salazar,Aguilar,Chacón,Guevara,Briceño,Uzcátegui,Quintero,Yépez,Zambrano,Villalobos,Carrasco,Montilla,Parra,Escalona,' +
  'Bracho,Colmenares,Duarte,Linares,Márquez,Navarro,Ochoa,Pacheco,Pineda,Rangel,Sequera,Tovar,Urdaneta,Valera,Zapata,Acosta,Barrios,Bolívar,' +
  'Cabrera,Camacho,Delgado,Echeverría,Figueroa,Guzmán,Hidalgo,Infante,Lugo,Mejías,Noguera,Osorio,Palacios,Quiñones,Requena,Salas,Terán,Useche,' +
  'Vargas,Yánez,Zerpa,Arias,Bello,Cordero,Díaz de León,Espinoza,Fuentes,Gil,Henríquez,Ibarra,Leal,Maldonado,Núñez,Olivares,Paredes,Ramos,Sosa,' +
  'Toro,Ugas,Velásquez,Alvarado,Bastidas,Carrillo,Dávila,Farías,Galindo,Hurtado,Lozada,Montero,Nieves,Perdomo,Rondón,Soto,Tirado,Villegas,Añez'
).split(',');
const SLIPS: readonly [RegExp, string][] = [
  [/v/, 'b'],
  [/b/, 'v'],
  [/z/, 's'],
  [/s/, 'z'],
  [/ll/, 'y'],
  [/y/, 'll'],
  [/^H/, ''],
  [/j/, 'g'],
  [/ce/, 'se'],
  [/ci/, 'si'],
];

/** A person of the synthetic population. */
export type TruePerson = {
  key: number;
  given: string;
  firstSurname: string;
  secondSurname: string;
  cedula: string;
  birth: { y: number; m: number; d: number };
  female: boolean;
};

/** One row of a generated list, with the person it stands for. */
export type ListRecord = { id: string; given_names: string; first_surname: string; second_surname: string; cedula: string; birth_date: string; truth: number };

/** How messy a source is: rates in [0, 1]. */
export type SourceProfile = {
  name: string;
  /** Share of the population the source lists. */
  coverage: number;
  /** Share of listed people it lists twice. */
  duplicates: number;
  cedulaMissing: number;
  birthMissing: number;
  /** Multiplies every error rate (1: a typical clerk's list). */
  noise: number;
};

export const DEFAULT_SOURCES: readonly SourceProfile[] = [
  { name: 'ngo', coverage: 0.6, duplicates: 0.01, cedulaMissing: 0.15, birthMissing: 0.3, noise: 0.7 },
  { name: 'government', coverage: 0.5, duplicates: 0.03, cedulaMissing: 0.35, birthMissing: 0.7, noise: 1.3 },
  { name: 'press', coverage: 0.3, duplicates: 0.02, cedulaMissing: 0.6, birthMissing: 0.9, noise: 1 },
];

/** Zipf-like pick: index i has weight 1/(i+1)^s. */
function zipfPicker<T>(items: readonly T[], s: number): (random: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += 1 / (i + 1) ** s;
    cumulative.push(total);
  }
  return (random) => {
    const x = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

/** Every combination of the parts: the long tail of rarer names that real lists have. */
function combine(...parts: string[][]): string[] {
  return [...new Set(parts.reduce((acc, part) => acc.flatMap((a) => part.map((p) => a + p)), ['']))];
}
const RARE_SURNAMES = combine(
  'Al,Bar,Cas,Dal,Es,Fer,Gal,Her,Ir,Lan,Mar,Nav,Or,Pal,Quin,Ros,Sal,Tor,Ur,Val,Zam,Bel,Cor,Man,Mon,Ben,Car,Mel,Ser,Lin'.split(','),
  ',a,e,i,o,an,er,or,il'.split(','),
  'ez,es,a,o,ano,ero,illa,ón,al,ena,ino,oza,edo,ales,ares,ía'.split(','),
);
const RARE_MALE = combine(
  'Yor,Dei,Yus,Jho,Kei,Wil,Dar,Ro,Ne,El,Ju,Bre,Gen,Or,Ya'.split(','),
  ',e,i,li,ri'.split(','),
  'man,son,ber,nny,dy,xis,ver,ker,cer,del,bert,mer'.split(','),
);
const RARE_FEMALE = combine(
  'Yus,Ma,Ye,Ji,Da,Nei,Li,Ari,Cla,Eli,Mi,Na,Zu,Yu,Ley'.split(','),
  ',a,e,i,li,ri'.split(','),
  'mar,lis,mary,leidy,line,rith,sbeth,nela,beth,ris,dys,let'.split(','),
);

/**
 * Surnames as Venezuela has them: the common ones by rank (González ≈ 4.6 %, the first
 * hundred about 55 %), the rest spread over a long tail; given names likewise.
 */
function mixPicker(common: readonly string[], s: number, share: number, rare: readonly string[]): (random: Random) => string {
  const pickCommon = zipfPicker(common, s);
  const pickRare = zipfPicker(rare, 0.3);
  return (random) => (random.chance(share) ? pickCommon(random) : pickRare(random));
}
const pickSurname = mixPicker(SURNAMES, 0.7, 0.55, RARE_SURNAMES);
const pickMale = mixPicker(MALE_NAMES, 0.6, 0.8, RARE_MALE);
const pickFemale = mixPicker(FEMALE_NAMES, 0.6, 0.8, RARE_FEMALE);

/** Generates `size` people; about one in eight is a sibling of the one before. */
export function generatePopulation(size: number, seed: number): TruePerson[] {
  const random = createRandom(seed);
  const people: TruePerson[] = [];
  const usedCedulas = new Set<string>();
  for (let key = 0; key < size; key++) {
    const previous = people[people.length - 1];
    const sibling = previous !== undefined && random.chance(0.12);
    const female = random.chance(0.25);
    const first = female ? pickFemale(random) : pickMale(random);
    const second = random.chance(0.45) ? ` ${random.pick(female ? SECOND_NAMES_FEMALE : SECOND_NAMES_MALE)}` : '';
    const year = sibling ? previous.birth.y + random.int(1, 8) : random.int(1950, 2006);
    let cedula: string;
    do {
      // cédulas were issued roughly in order of birth: ~ 2 million numbers a year since 1950
      const base = sibling ? Number(previous.cedula) + random.int(1, 400_000) : Math.max(1_000_000, (year - 1945) * 520_000 + random.int(0, 520_000));
      cedula = String(base);
    } while (usedCedulas.has(cedula));
    usedCedulas.add(cedula);
    people.push({
      key,
      given: `${first}${second === ` ${first}` ? '' : second}`,
      firstSurname: sibling ? previous.firstSurname : pickSurname(random),
      secondSurname: sibling ? previous.secondSurname : pickSurname(random),
      cedula,
      birth: { y: year, m: random.int(1, 12), d: random.int(1, 28) },
      female,
    });
  }
  return people;
}

function slip(random: Random, word: string): string {
  const applicable = SLIPS.filter(([pattern]) => pattern.test(word));
  if (applicable.length > 0 && random.chance(0.6)) {
    const [pattern, replacement] = random.pick(applicable);
    return word.replace(pattern, replacement);
  }
  return typo(random, word);
}

function typo(random: Random, word: string): string {
  if (word.length < 3) return word;
  const i = random.int(1, word.length - 2);
  const kind = random.int(0, 2);
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  return word.slice(0, i) + random.pick([...'aeiounrslt']) + word.slice(i + 1);
}

function stripAccents(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function formatCedula(random: Random, digits: string): string {
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return random.pick([`V-${grouped}`, `V${digits}`, digits, `V-${digits}`, grouped]);
}

function cedulaError(random: Random, digits: string): string {
  const i = random.int(0, digits.length - 2);
  if (random.chance(0.5)) return digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
  return digits.slice(0, i) + String((Number(digits[i]) + random.int(1, 9)) % 10) + digits.slice(i + 1);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** One person as a source writes them down. */
function writeRecord(random: Random, person: TruePerson, source: SourceProfile, id: string): ListRecord {
  const rate = (p: number) => random.chance(Math.min(1, p * source.noise));
  let givenWords = person.given.split(' ');
  if (givenWords.length > 1 && !givenWords[1]!.match(/^(del|de)$/) && rate(0.25)) givenWords = [givenWords[0]!];
  else if (givenWords.length > 2 && rate(0.25)) givenWords = [givenWords[0]!];
  const nickname = NICKNAMES[givenWords[0]!];
  if (nickname && rate(0.06)) givenWords[0] = nickname;
  if (rate(0.06)) givenWords[0] = slip(random, givenWords[0]!);
  let first = person.firstSurname;
  let second = person.secondSurname;
  if (rate(0.05)) first = slip(random, first);
  if (rate(0.05)) second = slip(random, second);
  if (rate(0.2)) second = '';
  if (person.female && rate(0.08)) second = `de ${pickSurname(random)}`;
  if (second !== '' && rate(0.03)) [first, second] = [second, first];
  let cedula = person.cedula;
  if (rate(0.04)) cedula = cedulaError(random, cedula);
  const b = person.birth;
  let birth = '';
  if (!random.chance(source.birthMissing)) {
    if (rate(0.1)) birth = String(b.y);
    else if (rate(0.03)) birth = `${pad(b.m)}/${pad(b.d)}/${b.y}`;
    else birth = random.chance(0.7) ? `${pad(b.d)}/${pad(b.m)}/${b.y}` : `${b.y}-${pad(b.m)}-${pad(b.d)}`;
  }
  const cosmetic = (s: string) => {
    const t = random.chance(0.4) ? stripAccents(s) : s;
    return random.chance(0.3) ? t.toUpperCase() : t;
  };
  return {
    id,
    given_names: cosmetic(givenWords.join(' ')),
    first_surname: cosmetic(first),
    second_surname: cosmetic(second),
    cedula: random.chance(source.cedulaMissing) ? '' : formatCedula(random, cedula),
    birth_date: birth,
    truth: person.key,
  };
}

/** Writes one list: the source's share of the population, some people twice, in random order. */
export function generateList(population: readonly TruePerson[], source: SourceProfile, seed: number): ListRecord[] {
  const random = createRandom(seed);
  const records: ListRecord[] = [];
  let n = 0;
  for (const person of population) {
    if (!random.chance(source.coverage)) continue;
    const times = random.chance(source.duplicates) ? 2 : 1;
    for (let t = 0; t < times; t++) records.push(writeRecord(random, person, source, `${source.name}-${++n}`));
  }
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [records[i], records[j]] = [records[j]!, records[i]!];
  }
  return records;
}

/** The columns of a generated list, in file order (truth excluded). */
export const LIST_COLUMNS = ['id', 'given_names', 'first_surname', 'second_surname', 'cedula', 'birth_date'] as const;
