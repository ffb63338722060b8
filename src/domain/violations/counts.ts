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
import {
  type Cell,
  carrySmallPeriods,
  type Levels,
  MIN_PUBLIC_CELL,
  type PublicLevels,
  poolSmallCells,
  SMALL_CELLS_LABEL,
  withheld,
  withholdSmallLevels,
} from '../registry/small-cells.js';
import { KNOWN_AGENCIES, type VerificationLevel } from '../registry/vocabulary.js';
import { ACT_KINDS, type ActKind } from './vocabulary.js';
import { detentionsOfStretches, unknownWhereabouts, type WhereaboutsEvent } from './whereabouts.js';

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
  for (const events of byPerson.values()) {
    const byId = new Map(events.map((event) => [event.id, event]));
    const stretches = unknownWhereabouts(events, asOf);
    const detentionOf = detentionsOfStretches(events, stretches);
    for (const stretch of stretches) {
      const start = byId.get(stretch.startedBy)!;
      const detention = detentionOf.get(stretch) ?? null;
      const recorded =
        claim((act) => act.kind === stretch.kind && act.detentionId === detention) ??
        claim((act) => act.kind === stretch.kind && act.personId === start.personId);
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

/** Persons (and acts) per cell, the level of each person's best-verified act in it; refuted acts apart. */
export function countActs(acts: readonly CountedAct[], by: ActCountDimension, labelOf: (key: string) => string = (key) => key): ActCounts {
  const cells = new Map<string, { acts: number; best: Map<string, VerificationLevel> }>();
  let refuted = 0;
  const persons = new Set<string>();
  for (const act of acts) {
    if (act.level === 'refuted') {
      refuted += 1;
      continue;
    }
    persons.add(act.personId);
    const key = keyOf(act, by);
    const cell = cells.get(key) ?? { acts: 0, best: new Map() };
    cells.set(key, cell);
    cell.acts += 1;
    const best: VerificationLevel | undefined = cell.best.get(act.personId);
    if (best === undefined || RANK[act.level] > RANK[best]) cell.best.set(act.personId, act.level);
  }
  const order = by === 'kind' ? (key: string) => ACT_KINDS.findIndex((k) => k.code === key) : null;
  const out = [...cells.entries()].map(([key, cell]) => {
    const levels: Levels = { reported: 0, corroborated: 0, verified: 0, disputed: 0, refuted: 0 };
    for (const level of cell.best.values()) levels[level as VerificationLevel] += 1;
    const label =
      key === NOT_RECORDED
        ? 'not recorded'
        : key === WHEREABOUTS_UNKNOWN
          ? 'whereabouts unknown'
          : by === 'kind'
            ? ACT_KINDS.find((k) => k.code === key)!.label.en
            : labelOf(key);
    return { key, label, persons: cell.best.size, acts: cell.acts, levels };
  });
  out.sort((a, b) => {
    if ((a.key === NOT_RECORDED) !== (b.key === NOT_RECORDED)) return a.key === NOT_RECORDED ? 1 : -1;
    if (order) return order(a.key) - order(b.key);
    if (by === 'month') return a.key < b.key ? -1 : 1;
    return b.persons - a.persons || (a.label < b.label ? -1 : 1);
  });
  return { cells: out, refuted, persons: persons.size, acts: acts.length - refuted };
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
  labelOf?: (key: string) => string,
): { cells: PublicActCell[]; persons: number | null } {
  const folded = by === 'agency' ? acts.map((act) => ({ ...act, agency: act.agency === null ? null : (knownAgency(act.agency) ?? 'other agency') })) : acts;
  const counts = countActs(folded, by, labelOf);
  const asCells: Cell[] = counts.cells.map((cell) => ({ key: cell.key, label: cell.label, count: cell.persons, levels: cell.levels }));
  const withLevels = (cell: Cell, span?: { from: string; to: string }): PublicActCell => ({
    key: cell.key!,
    label: cell.label!,
    persons: cell.count,
    levels: withholdSmallLevels(cell.levels!),
    ...(span ? { span } : {}),
  });
  let cells: PublicActCell[];
  if (by === 'month') {
    const dated = asCells.filter((cell) => cell.key !== NOT_RECORDED);
    const unrecorded = asCells.filter((cell) => cell.key === NOT_RECORDED && cell.count >= MIN_PUBLIC_CELL);
    cells = [...carryMonths(dated).map(({ cell, span }) => withLevels(cell, span)), ...unrecorded.map((cell) => withLevels(cell))];
  } else {
    cells = poolSmallCells(asCells, SMALL_CELLS_LABEL).map((cell) => withLevels(cell));
  }
  return { cells, persons: withheld(counts.persons) };
}

/** Months in order, a small one carried into the next until the sum reaches the threshold; each row with the months it spans. */
function carryMonths(cells: readonly Cell[]): { cell: Cell; span: { from: string; to: string } }[] {
  const shown = carrySmallPeriods(cells);
  const out: { cell: Cell; span: { from: string; to: string } }[] = [];
  let next = 0;
  for (const cell of shown) {
    const from = cells[next]!.key!;
    while (next < cells.length && cells[next]!.key! <= cell.key!) next++;
    out.push({ cell, span: { from, to: cell.key! } });
  }
  // a remainder still small at the end joined the last row shown: its span reaches the last month
  const last = out.at(-1);
  if (last && next < cells.length) last.span.to = cells.at(-1)!.key!;
  return out;
}

/** How the counts are defined, said with them. */
export const ACT_COUNT_DEFINITION = {
  es: 'Personas que sufrieron al menos un acto del tipo estando detenidas, cada una contada una vez por fila, según lo documentado por la organización; la incomunicación y la desaparición forzada se cuentan desde la línea de tiempo (detenido → paradero desconocido → localizado), cada tramo una vez. Los actos refutados por la verificación se dejan fuera. El nivel de una persona en una fila es el de su acto mejor verificado en ella. Los cuerpos son los reportados; el público ve solo los cuerpos conocidos (SEBIN, DGCIM, PNB, GNB, CICPC, FAES, DIP) y "otro cuerpo". Nunca se cuenta ni se nombra a individuos.',
  en: 'Persons who suffered at least one act of the kind in custody, each counted once per row, as recorded by the documenting organisation; incommunicado detention and enforced disappearance are counted from the timeline (taken → whereabouts unknown → located), each stretch once. Acts refuted by verification are left out. A person’s level in a row is that of their best-verified act in it. Agencies are as reported; the public sees only the known agencies (SEBIN, DGCIM, PNB, GNB, CICPC, FAES, DIP) and "other agency". Individuals are never counted or named.',
} as const;
