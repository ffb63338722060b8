/**
 * Where people were held, derived from their timelines: each stay in a facility (from the event that
 * put a person there to the day before the event that took them out), a facility's population on
 * any date as a series by day or month, and the closure accounting of a facility — everyone held
 * there when its closure was announced and where each went.
 *
 * A stay starts with a detention, a transfer or a re-arrest that names the facility, and ends with
 * the next event that changes custody: a transfer or a detention elsewhere (or at an unrecorded
 * place), a release, house arrest, exile, death, or whereabouts becoming unknown. A dismissal,
 * amnesty or pardon alone moves nobody (derive-status.ts says why). A person moved out on a day
 * counts at the new place that day. Pure: no I/O.
 */
import { dayNumber, dayToIso } from '../eligibility/case.js';
import { compareTimelineEntries, EVENT_EFFECTS } from '../registry/derive-status.js';
import type { EventKind } from '../registry/vocabulary.js';

export type CustodyEvent = { id: string; person: string; kind: EventKind; occurredOn: string; seq: number; facility: string | null };

/** A stay: from the day a person was brought in to their last day there (null: still there as far as the timeline says). */
export type Stay = { person: string; facility: string; from: string; to: string | null; startedBy: CustodyEvent; endedBy: CustodyEvent | null };

/** What the population needs of a stay (the store may compute these spans itself). */
export type StaySpan = Pick<Stay, 'person' | 'from' | 'to'>;

const PLACES_IN_CUSTODY: ReadonlySet<EventKind> = new Set(['detained', 'transferred', 're_arrested']);

/** The stays in one person's timeline (events in any order), in date order. */
export function staysOf(timeline: readonly CustodyEvent[]): Stay[] {
  const stays: Stay[] = [];
  let open: Stay | null = null;
  for (const event of [...timeline].sort(compareTimelineEntries)) {
    if (EVENT_EFFECTS[event.kind].kind !== 'set') continue;
    if (open !== null && !(PLACES_IN_CUSTODY.has(event.kind) && event.facility === open.facility)) {
      open.to = dayToIso(dayNumber(event.occurredOn) - 1);
      open.endedBy = event;
      // Moved out on the day brought in: the stay lasted no whole day and is kept with to < from.
      open = null;
    }
    if (open === null && PLACES_IN_CUSTODY.has(event.kind) && event.facility !== null) {
      open = { person: event.person, facility: event.facility, from: event.occurredOn, to: null, startedBy: event, endedBy: null };
      stays.push(open);
    }
  }
  return stays;
}

/** True when the stay covers the date. */
export function heldOn(stay: Stay, on: string): boolean {
  return stay.from <= on && (stay.to === null || stay.to >= on);
}

export type PopulationPoint = {
  /** The day, or the month (yyyy-mm). */
  period: string;
  /** Held on the period's last day (or on `asOf` when the period runs past it). */
  held: number;
  /** Brought in and taken out during the period. */
  entered: number;
  left: number;
};

/**
 * A facility's population from `from` to `to` (both included), by day or by month, from the stays
 * there (of any number of persons; a person counts once however many stays overlap a day). Linear
 * in the stays and the days: a sweep, not a count per point.
 */
export function populationSeries(stays: readonly StaySpan[], from: string, to: string, step: 'day' | 'month'): PopulationPoint[] {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (last < first) return [];
  const length = last - first + 1;
  const delta = new Int32Array(length + 1);
  const entered = new Int32Array(length);
  const left = new Int32Array(length);
  let before = 0;
  // One person, one count: overlapping stays of one person (bad data) are merged first.
  for (const spans of mergedByPerson(stays)) {
    for (const [start, end] of spans) {
      if (start > last || (end !== null && end < first)) continue;
      if (start >= first) entered[start - first]!++;
      else before++;
      if (end !== null && end < last) {
        if (end + 1 >= first) left[end + 1 - first]!++;
        delta[Math.max(0, end + 1 - first)]!--;
      }
      if (start >= first) delta[start - first]!++;
    }
  }
  const points: PopulationPoint[] = [];
  let held = before;
  let current: PopulationPoint | null = null;
  for (let i = 0; i < length; i++) {
    held += delta[i]!;
    const day = dayToIso(first + i);
    const period = step === 'day' ? day : day.slice(0, 7);
    if (current === null || current.period !== period) {
      current = { period, held, entered: 0, left: 0 };
      points.push(current);
    }
    current.held = held;
    current.entered += entered[i]!;
    current.left += left[i]!;
  }
  return points;
}

/** Each person's stays as merged [first day, last day or null] spans. */
function mergedByPerson(stays: readonly StaySpan[]): [number, number | null][][] {
  const byPerson = new Map<string, [number, number | null][]>();
  for (const stay of stays) {
    const start = dayNumber(stay.from);
    const end = stay.to === null ? null : dayNumber(stay.to);
    if (end !== null && end < start) continue;
    const spans = byPerson.get(stay.person) ?? [];
    spans.push([start, end]);
    byPerson.set(stay.person, spans);
  }
  const out: [number, number | null][][] = [];
  for (const spans of byPerson.values()) {
    spans.sort((a, b) => a[0] - b[0]);
    const merged: [number, number | null][] = [];
    for (const span of spans) {
      const previous = merged.at(-1);
      if (previous && (previous[1] === null || span[0] <= previous[1] + 1)) {
        previous[1] = previous[1] === null || span[1] === null ? null : Math.max(previous[1], span[1]);
      } else merged.push([span[0], span[1]]);
    }
    out.push(merged);
  }
  return out;
}

/** Where a person held at a closing facility is now, as far as the timeline says. Unknowns first. */
export const CLOSURE_OUTCOMES = [
  'whereabouts_unknown', // an event says so
  'not_recorded', // the facility closed and no move out was recorded
  'still_there', // the facility has not closed yet and no move out was recorded
  'held_elsewhere', // transferred, and held at the last facility named
  'held_place_unrecorded', // taken elsewhere, the place not recorded
  'house_arrest',
  'released_with_measures',
  'released',
  'exiled',
  'died_in_custody',
] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

export type ClosureEntry = {
  person: string;
  /** The stay at the closing facility that covered the announcement. */
  stay: Stay;
  outcome: ClosureOutcome;
  /** Facilities the person was taken to after leaving, in order (transfers chained). */
  path: string[];
  /** Where they were held last, when held. */
  heldAt: string | null;
  /** The last event that changed their custody (or lifted their measures) up to the date asked. */
  lastEvent: CustodyEvent;
};

/**
 * Everyone held at `facility` when its closure was announced — in it at the end of the day before
 * `announcedOn`, or brought in that day — and where each went by `asOf`: following every event after
 * they left (transfers chained through as many facilities as recorded, a release after a transfer,
 * a re-arrest after a release). Unknowns first, then by outcome and the person's id.
 */
export function closureAccounting(
  timelines: readonly (readonly CustodyEvent[])[],
  facility: string,
  announcedOn: string,
  closedOn: string | null,
  asOf: string,
): ClosureEntry[] {
  const eve = dayToIso(dayNumber(announcedOn) - 1);
  const entries: ClosureEntry[] = [];
  for (const timeline of timelines) {
    const known = [...timeline].filter((event) => event.occurredOn <= asOf).sort(compareTimelineEntries);
    const stay = staysOf(known).find((s) => s.facility === facility && s.from <= announcedOn && (s.to === null || s.to >= eve));
    if (!stay) continue;
    let outcome: ClosureOutcome = closedOn !== null && closedOn <= asOf ? 'not_recorded' : 'still_there';
    const path: string[] = [];
    let heldAt: string | null = facility;
    if (stay.endedBy !== null) {
      const after = known.slice(known.indexOf(stay.endedBy));
      for (const event of after) {
        const effect = EVENT_EFFECTS[event.kind];
        if (effect.kind === 'lift') {
          // A dismissal, amnesty or pardon frees someone under house arrest or measures, not someone held.
          if (outcome === 'house_arrest' || outcome === 'released_with_measures') outcome = 'released';
          continue;
        }
        if (effect.kind !== 'set') continue;
        if (PLACES_IN_CUSTODY.has(event.kind)) {
          heldAt = event.facility;
          if (event.facility === null) outcome = 'held_place_unrecorded';
          else {
            if (path.at(-1) !== event.facility) path.push(event.facility);
            outcome = event.facility === facility ? (closedOn !== null && closedOn <= asOf ? 'not_recorded' : 'still_there') : 'held_elsewhere';
          }
        } else {
          heldAt = null;
          outcome = effect.status === 'disappeared' ? 'whereabouts_unknown' : (effect.status as ClosureOutcome);
        }
      }
    }
    entries.push({ person: stay.person, stay, outcome, path, heldAt, lastEvent: known.at(-1)! });
  }
  const rank = (outcome: ClosureOutcome) => CLOSURE_OUTCOMES.indexOf(outcome);
  return entries.sort((a, b) => rank(a.outcome) - rank(b.outcome) || a.person.localeCompare(b.person));
}

/** Persons per outcome (every outcome listed, zeros included). */
export function closureCounts(entries: readonly ClosureEntry[]): Record<ClosureOutcome, number> {
  const counts = Object.fromEntries(CLOSURE_OUTCOMES.map((outcome) => [outcome, 0])) as Record<ClosureOutcome, number>;
  for (const entry of entries) counts[entry.outcome]++;
  return counts;
}
