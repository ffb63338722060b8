/**
 * A reconciliation scenario with ground truth, built the way real data arrives and
 * apart from the linkage benchmark the engine was tuned on (generate-linkage-lists.ts):
 * its own name lists, drawn with geometric rather than Zipf frequencies, more compound
 * given names ("del Valle", "de Jesús"), its own error rates, and a different shape of
 * list — one name cell in mixed orders and cases, cédulas missing in a third of the rows.
 *
 * The registry is an NGO's case histories (one row per person, as the spreadsheet of
 * docs/examples/ngo-registry.csv); the claimed list is a government's "released" list
 * padded the way the 2020 list was: people released before the period, common-crime
 * cases, people still held, people unknown to the NGO, a few listed twice — and
 * namesakes that only a reviewer can tell apart. A row's truth is its person, unless
 * what the row says (without its slips of the pen) fits another registry person at
 * least as well and no cédula tells them apart: then it is for a reviewer
 * ("ambiguous"). Entirely synthetic.
 */
import { createRandom, type Random } from './generate-persons.js';

const GIVEN_MALE = (
  'Jesús,José,Luis,Juan,Carlos,Pedro,Franklin,Yonaiker,Anderson,Edixon,Wuilmer,Yorvis,Eudes,Argenis,Nerio,Ender,Heberto,Ciro,Leomar,Jhoan,' +
  'Reinaldo,Elio,Ovidio,Teodoro,Ramiro,Baudilio,Jhonatan,Keiber,Wladimir,Eleazar,Gilberto,Humberto,Rigoberto,Lisandro,Adolfo,Maikel,Yeison,Danny'
).split(',');
const GIVEN_FEMALE = (
  'María,Ana,Yusbeidy,Yulimar,Nairobis,Dexiree,Oriana,Mayerlin,Yuraima,Eglis,Zoraida,Ligia,Omaira,Migdalia,Neida,Yajaira,Betzabeth,Arelis,' +
  'Rosmary,Yarelis,Marbelis,Coromoto,Nelly,Auristela,Fanny,Hilda,Ismenia,Thais,Yanet,Zuleima,Milexis,Yoselin,Keila,Wendy'
).split(',');
const SECOND_MALE = 'de Jesús,Alfonso,Rafael,Antonio,Enrique,Gregorio,Ramón,Andrés,Alexander,Eduardo'.split(',');
const SECOND_FEMALE = 'del Valle,Coromoto,de los Ángeles,del Carmen,Josefina,Alejandra,Milagros,Beatriz,Isabel,de Jesús'.split(',');
const SURNAMES = (
  'Villasmil,Urdaneta,Fuenmayor,Chirinos,Perozo,Atencio,Montiel,Semprún,Finol,Paz,Ferrer,Bracho,Parra,Morillo,Añez,Boscán,Ocando,Cubillán,' +
  'Sulbarán,Quintero,Rincón,Nava,Soto,Fernández,González,Rodríguez,Pérez,Márquez,Ávila,Belloso,Colina,Durán,Espina,Gotera,Hernández,Inciarte,' +
  'Lugo,Medina,Nucete,Ortega,Prieto,Romero,Salcedo,Toyo,Uzcátegui,Valbuena,Yamarte,Zambrano,Arteaga,Briceño,Carrero,Dávila,Escalante,Guillén,' +
  'Herrera,Labarca,Mavárez,Oquendo,Piña,Rosales,Sandrea,Torrealba,Villalobos,Zuleta,Castellano,Maldonado,Ocanto,Peñaloza,Ruz,Tello'
).split(',');

/** What a list row truly is. */
export type TruthClass = 'released_in_period' | 'released_earlier' | 'still_detained' | 'common_crime_only' | 'unknown' | 'ambiguous' | 'listed_twice';

/** A registry row: the NGO sheet's columns. */
export type ScenarioRegistryRow = {
  id: string;
  fullName: string;
  cedula: string;
  sex: 'M' | 'F';
  arrestDate: string;
  charges: string;
  judgment: 'Sí' | 'No' | '';
  status: string;
  releaseDate: string;
};

/** A row of the claimed list, with the truth beside it. */
export type ScenarioListRow = {
  id: string;
  name: string;
  cedula: string;
  /** The right answer; `alsoRight` another the rules allow (a stranger whose name fits a registry person with another cédula: unknown, or sent to review). */
  truth: { class: TruthClass; registryId: string | null; alsoRight?: TruthClass; conflict?: 'namesakes' | 'stranger' };
};

export type ReconciliationScenario = {
  registry: ScenarioRegistryRow[];
  list: ScenarioListRow[];
  period: { from: string; to: string };
  /** How the list was made: counts per true class, and the error rates applied. */
  recipe: Record<string, number>;
};

/** Error rates and proportions; the defaults are the scenario reported in docs/BENCHMARKS.md. */
export type ScenarioOptions = {
  registrySize: number;
  listSize: number;
  seed: number;
  missingCedula: number;
  mistypedCedula: number;
  nameTypo: number;
  droppedSecondSurname: number;
  droppedSecondGivenName: number;
  namesakePairs: number;
};

export const DEFAULT_SCENARIO: ScenarioOptions = {
  registrySize: 4000,
  listSize: 1000,
  seed: 808,
  missingCedula: 1 / 3,
  mistypedCedula: 0.06,
  nameTypo: 0.07,
  droppedSecondSurname: 0.12,
  droppedSecondGivenName: 0.1,
  namesakePairs: 25,
};

const POLITICAL_CHARGES = [
  'Terrorismo',
  'Incitación al odio',
  'Traición a la patria',
  'Instigación pública a delinquir',
  'Asociación para delinquir',
  'Conspiración',
];
const COMMON_CHARGES = ['Robo agravado', 'Hurto', 'Tráfico ilícito de drogas', 'Homicidio intencional'];

/** Draws an index with geometric frequencies: the first names of a list are the commonest. */
function geometric(random: Random, size: number, p: number): number {
  const i = Math.floor(Math.log(1 - random.next()) / Math.log(1 - p));
  return Math.min(i, size - 1);
}

const pad = (n: number) => String(n).padStart(2, '0');
const dmy = (y: number, m: number, d: number) => `${pad(d)}/${pad(m)}/${y}`;

function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Builds the registry and the claimed list. Same options, same scenario. */
export function generateReconciliationScenario(options: ScenarioOptions = DEFAULT_SCENARIO): ReconciliationScenario {
  const random = createRandom(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random.next() * list.length)]!;
  const period = { from: '2026-01-08', to: '2026-01-31' };
  type Person = { id: string; given: string; first: string; second: string; cedula: string; female: boolean };
  const people: Person[] = [];
  const usedCedulas = new Set<string>();
  const newCedula = () => {
    for (;;) {
      const c = String(6_000_000 + Math.floor(random.next() * 26_000_000));
      if (!usedCedulas.has(c)) {
        usedCedulas.add(c);
        return c;
      }
    }
  };
  const newPerson = (i: number): Person => {
    const female = random.next() < 0.3;
    const first = female ? GIVEN_FEMALE[geometric(random, GIVEN_FEMALE.length, 0.12)]! : GIVEN_MALE[geometric(random, GIVEN_MALE.length, 0.12)]!;
    const second = random.next() < 0.55 ? ` ${pick(female ? SECOND_FEMALE : SECOND_MALE)}` : '';
    return {
      id: `NGO-${String(i).padStart(5, '0')}`,
      given: `${first}${second}`,
      first: SURNAMES[geometric(random, SURNAMES.length, 0.06)]!,
      second: SURNAMES[geometric(random, SURNAMES.length, 0.06)]!,
      cedula: random.next() < 0.9 ? newCedula() : '',
      female,
    };
  };
  for (let i = 1; i <= options.registrySize; i++) people.push(newPerson(i));
  // namesakes: a second person with the very same name, another cédula, another case
  const namesakeOf = new Map<string, string>();
  for (let k = 0; k < options.namesakePairs; k++) {
    const original = people[Math.floor(random.next() * options.registrySize)]!;
    if (namesakeOf.has(original.id)) continue;
    const twin: Person = { ...original, id: `NGO-${String(people.length + 1).padStart(5, '0')}`, cedula: newCedula() };
    people.push(twin);
    namesakeOf.set(original.id, twin.id);
    namesakeOf.set(twin.id, original.id);
  }

  // — each registry person's case: what the list would make of them
  type Case = 'in_period' | 'earlier' | 'detained' | 'common';
  const caseOf = new Map<string, Case>();
  const registry: ScenarioRegistryRow[] = people.map((p) => {
    const r = random.next();
    const kind: Case = r < 0.45 ? 'in_period' : r < 0.6 ? 'earlier' : r < 0.85 ? 'detained' : 'common';
    caseOf.set(p.id, kind);
    const arrest = dmy(2024, 7 + Math.floor(random.next() * 5), 1 + Math.floor(random.next() * 28));
    const released =
      kind === 'in_period'
        ? dmy(2026, 1, 8 + Math.floor(random.next() * 24))
        : kind === 'earlier'
          ? dmy(2025, 3 + Math.floor(random.next() * 9), 1 + Math.floor(random.next() * 28))
          : kind === 'common' && random.next() < 0.5
            ? dmy(2026, 1, 10)
            : '';
    const withMeasures = random.next() < 0.6;
    const status = released === '' ? pick(['Detenido', 'Privado de libertad', 'Detenida']) : withMeasures ? 'Excarcelado con medidas' : 'Excarcelado';
    // a common-crime case is said so by the NGO's judgment, or only by its charges
    const common = kind === 'common';
    return {
      id: p.id,
      fullName: `${p.given} ${p.first} ${p.second}`,
      cedula: p.cedula === '' ? '' : `V-${p.cedula.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`,
      sex: p.female ? 'F' : 'M',
      arrestDate: arrest,
      charges: common ? pick(COMMON_CHARGES) : `${pick(POLITICAL_CHARGES)}${random.next() < 0.4 ? `, ${pick(POLITICAL_CHARGES)}` : ''}`,
      judgment: common ? (random.next() < 0.7 ? 'No' : '') : random.next() < 0.8 ? 'Sí' : '',
      status,
      releaseDate: released,
    };
  });

  // — the claimed list
  const list: ScenarioListRow[] = [];
  const recipe: Record<string, number> = {};
  const count = (key: string) => {
    recipe[key] = (recipe[key] ?? 0) + 1;
  };
  /** The name as the list will hold it: maybe a slip, maybe the second surname dropped; `intended` is it without the slip. */
  type Written = { given: string; first: string; second: string; intended?: Written };
  const alterName = (p: Person): Written => {
    const givenWords = p.given.split(' ');
    // "José Alfonso" listed as "José"; a compound "María del Valle" stays whole
    let given = givenWords.length === 2 && random.next() < options.droppedSecondGivenName ? givenWords[0]! : p.given;
    if (given !== p.given) count('second given name dropped');
    let first = p.first;
    const second = random.next() < options.droppedSecondSurname ? '' : p.second;
    if (random.next() < options.nameTypo) {
      const slip = (s: string) => {
        const i = 1 + Math.floor(random.next() * Math.max(1, s.length - 2));
        return random.next() < 0.5 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + (s[i + 1] ?? '') + s[i] + s.slice(i + 2);
      };
      if (random.next() < 0.5) first = slip(first);
      else given = slip(given);
      count('name typo');
    }
    if (second === '') count('second surname dropped');
    const intended = { given: givenWords.length === 2 && given.split(' ').length === 1 ? givenWords[0]! : p.given, first: p.first, second };
    return { given, first, second, intended };
  };
  /** One cell, in one of the orders and cases lists use. */
  const writeName = (w: Written) => {
    const surnames = w.second ? `${w.first} ${w.second}` : w.first;
    const form = random.next();
    if (form < 0.4) return fold(`${surnames} ${w.given}`).toUpperCase(); // a register's order, capitals, no accents
    if (form < 0.7) return `${w.given} ${surnames}`;
    if (form < 0.9) return `${surnames.toUpperCase()}, ${w.given}`;
    return fold(`${w.given} ${surnames}`).toUpperCase();
  };
  /** Registry persons other than `self` whom a name as written could equally be: same given names, its surnames among theirs. */
  const key = (x: string) =>
    fold(x)
      .toLowerCase()
      .replace(/[^a-z ]+/g, ' ')
      .trim();
  // how well a name as intended (without its slip) fits a registry person, undoing the
  // errors this generator makes: given names whole (2) or the first of two (1); both
  // surnames in their order (2) or the one written among theirs (1); -1: no fit
  const byFirstGiven = new Map<string, Person[]>();
  for (const p of people) {
    const k = key(p.given).split(' ')[0]!;
    byFirstGiven.set(k, [...(byFirstGiven.get(k) ?? []), p]);
  }
  const fitScore = (w: Written, q: Person): number => {
    const theirGiven = key(q.given);
    const given = theirGiven === key(w.given) ? 2 : theirGiven.startsWith(`${key(w.given)} `) ? 1 : -1;
    if (given < 0) return -1;
    if (w.second !== '') return key(w.first) === key(q.first) && key(w.second) === key(q.second) ? given + 2 : -1;
    return key(w.first) === key(q.first) || key(w.first) === key(q.second) ? given + 1 : -1;
  };
  /** Registry persons other than `self` that the name fits at least as well as it fits `self` (any fit, for a stranger). */
  const confounders = (written: Written, self: Person | null) => {
    const w = written.intended ?? written;
    const own = self ? fitScore(w, self) : 0;
    return (byFirstGiven.get(key(w.given).split(' ')[0]!) ?? []).filter((q) => q.id !== self?.id && fitScore(w, q) >= Math.max(own, 0));
  };
  const writeCedula = (p: Person) => {
    if (p.cedula === '' || random.next() < options.missingCedula) {
      count('cédula missing');
      return '';
    }
    if (random.next() < options.mistypedCedula) {
      count('cédula mistyped');
      const c = p.cedula.split('');
      const i = Math.floor(random.next() * (c.length - 1));
      if (random.next() < 0.5) [c[i], c[i + 1]] = [c[i + 1]!, c[i]!];
      else c[i] = String((Number(c[i]) + 1 + Math.floor(random.next() * 8)) % 10);
      return c.join('');
    }
    return random.next() < 0.5 ? p.cedula : `V-${p.cedula}`;
  };
  const byCase = (kind: Case) => people.filter((p) => caseOf.get(p.id) === kind && !namesakeOf.has(p.id));
  const shuffled = <T>(items: T[]) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
  const n = options.listSize;
  const quota: [Case | 'unknown' | 'namesake', number][] = [
    ['in_period', Math.round(n * 0.52)],
    ['earlier', Math.round(n * 0.12)],
    ['detained', Math.round(n * 0.1)],
    ['common', Math.round(n * 0.1)],
    ['unknown', Math.round(n * 0.1)],
    ['namesake', Math.min(options.namesakePairs, Math.round(n * 0.03))],
  ];
  const truthOf: Record<Case, TruthClass> = {
    in_period: 'released_in_period',
    earlier: 'released_earlier',
    detained: 'still_detained',
    common: 'common_crime_only',
  };
  const listed: { person: Person; truth: TruthClass }[] = [];
  for (const [kind, size] of quota) {
    if (kind === 'unknown') {
      for (let i = 0; i < size; i++) listed.push({ person: { ...newPerson(900_000 + i), cedula: newCedula() }, truth: 'unknown' });
      continue;
    }
    if (kind === 'namesake') {
      const twins = people.filter((p) => namesakeOf.has(p.id) && p.id < namesakeOf.get(p.id)!);
      for (const p of shuffled(twins).slice(0, size)) listed.push({ person: { ...p, cedula: '' }, truth: 'ambiguous' });
      continue;
    }
    for (const p of shuffled(byCase(kind)).slice(0, size)) listed.push({ person: p, truth: truthOf[kind] });
  }
  shuffled(listed);
  // the truth of a row follows what is written: a row without a cédula whose name fits
  // another registry person as well is for a reviewer to decide, and so is a person
  // unknown to the registry who bears a registry person's name
  type Row = {
    person: Person;
    truth: TruthClass;
    registryId: string | null;
    written: Written;
    cedula: string;
    alsoRight?: TruthClass;
    /** Why a reviewer must decide: two registry persons fit (namesakes), or a stranger fits a registry person. */
    conflict?: 'namesakes' | 'stranger';
  };
  const rows: Row[] = listed.map((l) => {
    const written = alterName(l.person);
    const inRegistry = l.truth !== 'unknown';
    const cedula = l.truth === 'ambiguous' ? '' : inRegistry ? writeCedula(l.person) : l.person.cedula;
    const others = confounders(written, inRegistry ? l.person : null);
    // a stranger bearing a registry person's name: for review when that person has no cédula to tell them apart,
    // unknown or for review when the cédulas differ
    const strangerAlike = !inRegistry && others.length > 0;
    const doubtful = (others.length > 0 && cedula === '') || (strangerAlike && others.some((o) => o.cedula === ''));
    const truth: TruthClass = l.truth === 'ambiguous' || doubtful ? 'ambiguous' : l.truth;
    const row: Row = { person: l.person, truth, registryId: truth === 'ambiguous' || truth === 'unknown' ? null : l.person.id, written, cedula };
    if (strangerAlike && truth === 'unknown') row.alsoRight = 'ambiguous';
    if (truth === 'ambiguous') row.conflict = inRegistry ? 'namesakes' : 'stranger';
    return row;
  });
  // a few people listed twice, the second time later in the list and written anew
  const twice = Math.round(n * 0.02);
  for (let i = 0; i < twice; i++) {
    const first = rows[Math.floor(random.next() * rows.length * 0.5)]!;
    if (first.truth === 'unknown' || first.truth === 'ambiguous' || first.truth === 'listed_twice') continue;
    const written = alterName(first.person);
    const cedula = writeCedula(first.person);
    const doubtful = cedula === '' && confounders(written, first.person).length > 0;
    const again: Row = { person: first.person, truth: doubtful ? 'ambiguous' : 'listed_twice', registryId: doubtful ? null : first.person.id, written, cedula };
    if (doubtful) again.conflict = 'namesakes';
    rows.splice(Math.floor(rows.length * 0.5 + random.next() * rows.length * 0.5), 0, again);
  }
  rows.forEach((row, i) => {
    const truth: ScenarioListRow['truth'] = { class: row.truth, registryId: row.registryId };
    if (row.alsoRight) truth.alsoRight = row.alsoRight;
    if (row.conflict) truth.conflict = row.conflict;
    list.push({ id: `G-${i + 1}`, name: writeName(row.written), cedula: row.cedula, truth });
    count(`truth: ${row.truth}`);
  });
  return { registry, list, period, recipe };
}
