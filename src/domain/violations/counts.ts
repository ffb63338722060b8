/**
 * Counting acts in custody: persons who suffered each kind of act, by kind, facility, agency or
 * month, split by the verification level of their best-verified act in the row. Acts recorded are
 * counted as they are; incommunicado detention and enforced disappearance are counted from the
 * timeline (domain/violations/whereabouts.ts), each stretch once — taking its facility and agency
 * from an act of the same kind recorded in the same detention, and its level from that act or else
 * from the event that began it. A refuted act is left out (and its number given apart).
 *
 * What the public sees (`publicActCells`): no cell from 1 to 4 (pooled, carried or withheld as in
 * domain/registry/small-cells.ts), and agencies only as one of the known agencies — text typed as
 * the agency (which could hold a name) never leaves the staff's view. Pure: no I/O.
 */
import { type Levels, MIN_PUBLIC_CELL, type PublicLevels, SMALL_CELLS_KEY, SMALL_CELLS_LABEL, withheld, withholdSmallLevels } from '../registry/small-cells.js';
import { KNOWN_AGENCIES, type VerificationLevel } from '../registry/vocabulary.js';
import { ACT_KINDS, type ActKind } from './vocabulary.js';
import { detentionsOfStretches, type UnknownStretch, unknownWhereabouts, type WhereaboutsEvent } from './whereabouts.js';

export const ACT_COUNT_DIMENSIONS = ['kind', 'facility', 'agency', 'month'] as const;
export type ActCountDimension = (typeof ACT_COUNT_DIMENSIONS)[number];

export type RecordedActFact = {
  personId: string;
  /** Needed only for incommunicado and disappearance (to meet their stretch on the timeline). */
  detentionId: string | null;
  kind: ActKind;
  fromOn: string | null;
  facility: string | null;
  agency: string | null;
  detentionAgency: string | null;
  level: VerificationLevel;
};

/** Where a disappeared person was: by definition, not known. */
const WHEREABOUTS_UNKNOWN = '_whereabouts_unknown';

export type TimelineFact = WhereaboutsEvent & { personId: string; detentionId: string | null; detentionAgency: string | null; level: VerificationLevel };

/** One act as counted (recorded, or derived from a timeline). */
export type CountedAct = {
  personId: string;
  kind: ActKind;
  /** yyyy-mm of its start (null: not known). */
  month: string | null;
  facility: string | null;
  agency: string | null;
  level: VerificationLevel;
  /** Its period comes from the timeline. */
  derived: boolean;
  days: number | null;
};

/**
 * The acts to count as of a day: recorded ones that began by then, and the stretches of
 * incommunicado and disappearance the timelines give. A stretch takes what an act of its kind
 * recorded in the same detention adds (else one recorded for the person); an act of those kinds
 * left over is counted with its period unknown.
 */
export function countedActs(acts: readonly RecordedActFact[], timelines: readonly TimelineFact[], asOf: string): CountedAct[] {
  const recordedDerived: RecordedActFact[] = [];
  const out: CountedAct[] = [];
  for (const act of acts) {
    if (act.fromOn !== null && act.fromOn > asOf) continue;
    if (DERIVED_KINDS.has(act.kind)) recordedDerived.push(act);
    else out.push(counted(act, act.fromOn === null ? null : act.fromOn.slice(0, 7), false));
  }
  const unclaimed = new Set(recordedDerived);
  const claim = (match: (act: RecordedActFact) => boolean) => {
    const found = recordedDerived.find((act) => unclaimed.has(act) && match(act));
    if (found) unclaimed.delete(found);
    return found;
  };
  const byPerson = new Map<string, TimelineFact[]>();
  for (const event of timelines) byPerson.set(event.personId, [...(byPerson.get(event.personId) ?? []), event]);
  const found: { stretch: UnknownStretch; start: TimelineFact; detention: string | null; recorded?: RecordedActFact | undefined }[] = [];
  for (const events of byPerson.values()) {
    const byId = new Map(events.map((event) => [event.id, event]));
    const stretches = unknownWhereabouts(events, asOf);
    const detentionOf = detentionsOfStretches(events, stretches);
    for (const stretch of stretches) found.push({ stretch, start: byId.get(stretch.startedBy)!, detention: detentionOf.get(stretch) ?? null });
  }
  // an act recorded in the stretch's own detention first, for every stretch; then one recorded for the person
  for (const f of found) f.recorded = claim((act) => act.kind === f.stretch.kind && act.detentionId === f.detention);
  for (const f of found) f.recorded ??= claim((act) => act.kind === f.stretch.kind && act.personId === f.start.personId);
  for (const { stretch, start, recorded } of found) {
    out.push({
      personId: start.personId,
      kind: stretch.kind,
      month: stretch.from.slice(0, 7),
      facility: recorded?.facility ?? WHEREABOUTS_UNKNOWN,
      agency: recorded?.agency ?? recorded?.detentionAgency ?? start.detentionAgency,
      level: recorded?.level ?? start.level,
      derived: true,
      days: stretch.days,
    });
  }
  // Recorded as incommunicado or disappeared, and the timeline does not (yet) show it: counted, its period unknown.
  for (const act of unclaimed) out.push(counted(act, null, true));
  return out;
}

const DERIVED_KINDS: ReadonlySet<string> = new Set(ACT_KINDS.filter((k) => k.derivedFromTimeline).map((k) => k.code));

function counted(act: RecordedActFact, month: string | null, derived: boolean): CountedAct {
  return {
    personId: act.personId,
    kind: act.kind,
    month,
    facility: act.facility,
    agency: act.agency ?? act.detentionAgency,
    level: act.level,
    derived,
    days: null,
  };
}

export type ActCell = { key: string; label: string; persons: number; acts: number; levels: Levels };

const RANK: Record<VerificationLevel, number> = { refuted: -1, disputed: 0, reported: 1, corroborated: 2, verified: 3 };
const NOT_RECORDED = '_not_recorded';

function keyOf(act: CountedAct, by: ActCountDimension): string {
  if (by === 'kind') return act.kind;
  if (by === 'month') return act.month ?? NOT_RECORDED;
  return (by === 'facility' ? act.facility : act.agency) ?? NOT_RECORDED;
}

/** The known agency an agency as reported names ("DGCIM Boleíta" → DGCIM), or null. */
export function knownAgency(reported: string): string | null {
  const words = reported
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .split(/[^A-Z]+/);
  return KNOWN_AGENCIES.find((agency) => words.includes(agency)) ?? null;
}

export type ActCounts = { cells: ActCell[]; refuted: number; persons: number; acts: number };

/** A row with the persons in it, each by their best-verified act there. */
type PersonCell = { key: string; label: string; acts: number; best: Map<string, VerificationLevel> };

function levelsOf(best: ReadonlyMap<string, VerificationLevel>): Levels {
  const levels: Levels = { reported: 0, corroborated: 0, verified: 0, disputed: 0, refuted: 0 };
  for (const level of best.values()) levels[level] += 1;
  return levels;
}

/** The persons of several rows, once each, by their best level among them. */
function union(cells: readonly Pick<PersonCell, 'best'>[]): Map<string, VerificationLevel> {
  const out = new Map<string, VerificationLevel>();
  for (const cell of cells) {
    for (const [person, level] of cell.best) {
      const best = out.get(person);
      if (best === undefined || RANK[level] > RANK[best]) out.set(person, level);
    }
  }
  return out;
}

/** The rows of a count with their persons, in the order they are shown; refuted acts apart. */
function personCells(acts: readonly CountedAct[], by: ActCountDimension, labelOf: (key: string) => string) {
  const cells = new Map<string, PersonCell>();
  let refuted = 0;
  const persons = new Set<string>();
  for (const act of acts) {
    if (act.level === 'refuted') {
      refuted += 1;
      continue;
    }
    persons.add(act.personId);
    const key = keyOf(act, by);
    let cell = cells.get(key);
    if (!cell) {
      const label =
        key === NOT_RECORDED
          ? 'not recorded'
          : key === WHEREABOUTS_UNKNOWN
            ? 'whereabouts unknown'
            : by === 'kind'
              ? ACT_KINDS.find((k) => k.code === key)!.label.en
              : labelOf(key);
      cell = { key, label, acts: 0, best: new Map() };
      cells.set(key, cell);
    }
    cell.acts += 1;
    const best = cell.best.get(act.personId);
    if (best === undefined || RANK[act.level] > RANK[best]) cell.best.set(act.personId, act.level);
  }
  const order = by === 'kind' ? (key: string) => ACT_KINDS.findIndex((k) => k.code === key) : null;
  const out = [...cells.values()].sort((a, b) => {
    if ((a.key === NOT_RECORDED) !== (b.key === NOT_RECORDED)) return a.key === NOT_RECORDED ? 1 : -1;
    if (order) return order(a.key) - order(b.key);
    if (by === 'month') return a.key < b.key ? -1 : 1;
    return b.best.size - a.best.size || (a.label < b.label ? -1 : 1);
  });
  return { cells: out, refuted, persons: persons.size, acts: acts.length - refuted };
}

/** Persons (and acts) per cell, the level of each person's best-verified act in it; refuted acts apart. */
export function countActs(acts: readonly CountedAct[], by: ActCountDimension, labelOf: (key: string) => string = (key) => key): ActCounts {
  const counted = personCells(acts, by, labelOf);
  return {
    ...counted,
    cells: counted.cells.map((cell) => ({ key: cell.key, label: cell.label, persons: cell.best.size, acts: cell.acts, levels: levelsOf(cell.best) })),
  };
}

export type PublicActCell = {
  key: string;
  label: string;
  persons: number;
  levels: PublicLevels;
  /** Months: the first and last month a row holds (small months are carried into the next). */
  span?: { from: string; to: string };
};

/**
 * What the public sees of counts: persons only (no number of acts, which could single out one
 * person's many), agencies folded to the known ones, small cells pooled with the next smallest
 * (kinds, facilities, agencies) or carried into the next month (each row says the months it
 * spans), and within a row the small levels withheld. The cell of acts whose date is not recorded
 * is kept apart and withheld when small. The total of distinct persons is withheld below 5.
 */
export function publicActCells(
  acts: readonly CountedAct[],
  by: ActCountDimension,
  labelOf: (key: string) => string = (key) => key,
): { cells: PublicActCell[]; persons: number | null } {
  const folded = by === 'agency' ? acts.map((act) => ({ ...act, agency: act.agency === null ? null : (knownAgency(act.agency) ?? 'other agency') })) : acts;
  const counted = personCells(folded, by, labelOf);
  const shown = (key: string, label: string, best: ReadonlyMap<string, VerificationLevel>, span?: { from: string; to: string }): PublicActCell => ({
    key,
    label,
    persons: best.size,
    levels: withholdSmallLevels(levelsOf(best)),
    ...(span ? { span } : {}),
  });
  if (by !== 'month') {
    return { cells: poolPersons(counted.cells).map((cell) => shown(cell.key, cell.label, cell.best)), persons: withheld(counted.persons) };
  }
  const dated = counted.cells.filter((cell) => cell.key !== NOT_RECORDED);
  const unrecorded = counted.cells.filter((cell) => cell.key === NOT_RECORDED && cell.best.size >= MIN_PUBLIC_CELL);
  return {
    cells: [
      ...carryPersons(dated).map((row) => shown(row.key, row.key, row.best, row.span)),
      ...unrecorded.map((cell) => shown(cell.key, cell.label, cell.best)),
    ],
    persons: withheld(counted.persons),
  };
}

/**
 * Rows under the threshold pooled into one unnamed row with the next smallest while the pool holds
 * a single row or fewer than the threshold of persons — counted once each (a person in two small
 * rows is one person), as domain/registry/small-cells.ts pools categories.
 */
function poolPersons(cells: readonly PersonCell[]): PersonCell[] {
  const small = cells.filter((cell) => cell.best.size < MIN_PUBLIC_CELL);
  if (small.length === 0) return [...cells];
  const pooled = [...small];
  const rest = cells.filter((cell) => !small.includes(cell)).sort((a, b) => a.best.size - b.best.size);
  while (rest.length > 0 && (pooled.length === 1 || union(pooled).size < MIN_PUBLIC_CELL)) pooled.push(rest.shift()!);
  const pool: PersonCell = { key: SMALL_CELLS_KEY, label: SMALL_CELLS_LABEL, acts: 0, best: union(pooled) };
  const kept = cells.filter((cell) => !pooled.includes(cell));
  if (kept.length === 0 && pool.best.size < MIN_PUBLIC_CELL) return [];
  return [...kept, pool];
}

/** Months in order, a small one carried into the next until it holds the threshold of persons (once each); each row with the months it spans. */
function carryPersons(cells: readonly PersonCell[]): { key: string; best: Map<string, VerificationLevel>; span: { from: string; to: string } }[] {
  const out: { key: string; best: Map<string, VerificationLevel>; span: { from: string; to: string } }[] = [];
  let carried: { best: Map<string, VerificationLevel>; from: string; to: string } | null = null;
  for (const cell of cells) {
    const best = union(carried ? [carried, cell] : [cell]);
    const from: string = carried?.from ?? cell.key;
    if (best.size >= MIN_PUBLIC_CELL) {
      out.push({ key: cell.key, best, span: { from, to: cell.key } });
      carried = null;
    } else carried = { best, from, to: cell.key };
  }
  // a remainder still small at the end joins the last row shown, which then spans its months too
  const last = out.at(-1);
  if (carried && last) {
    last.best = union([last, carried]);
    last.span.to = carried.to;
  }
  return out;
}

/** How the counts are defined, said with them. */
export const ACT_COUNT_DEFINITION = {
  es: 'Personas que sufrieron al menos un acto del tipo estando detenidas, cada una contada una vez por fila, según lo documentado por la organización; la incomunicación y la desaparición forzada se cuentan desde la línea de tiempo (detenido → paradero desconocido → localizado), cada tramo una vez. Los actos refutados por la verificación se dejan fuera. El nivel de una persona en una fila es el de su acto mejor verificado en ella. Los cuerpos son los reportados; el público ve solo los cuerpos conocidos (SEBIN, DGCIM, PNB, GNB, CICPC, FAES, DIP) y "otro cuerpo". Nunca se cuenta ni se nombra a individuos.',
  en: 'Persons who suffered at least one act of the kind in custody, each counted once per row, as recorded by the documenting organisation; incommunicado detention and enforced disappearance are counted from the timeline (taken → whereabouts unknown → located), each stretch once. Acts refuted by verification are left out. A person’s level in a row is that of their best-verified act in it. Agencies are as reported; the public sees only the known agencies (SEBIN, DGCIM, PNB, GNB, CICPC, FAES, DIP) and "other agency". Individuals are never counted or named.',
} as const;
