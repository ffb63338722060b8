/**
 * How long a person was held incommunicado and how long they were disappeared, derived from the
 * timeline — never typed twice. The chain is: taken (detained or re-arrested) → whereabouts unknown →
 * located.
 * - **Disappearance** runs from the "whereabouts unknown" event to the event that locates the person.
 * - **Incommunicado** is the same stretch, reaching back to the detention that began it when that
 *   detention named no place: between the arrest and the disappearance, nobody saw them at a known
 *   place. A detention recorded without a place, and no "whereabouts unknown", is missing data, not
 *   incommunicado: it derives nothing.
 * - **Located**: the next event that names a facility (a detention, transfer or re-arrest), or that
 *   ends custody (a release, house arrest, exile, death in custody).
 * Not located by the date asked: the stretch is ongoing, counted to that date. A length is
 * approximate when either end's date is known only to the month or year.
 * Pure: no I/O.
 */
import { compareTimelineEntries } from '../registry/derive-status.js';
import type { EventKind } from '../registry/vocabulary.js';
import { daysBetween } from './acts.js';

export type WhereaboutsEvent = { id: string; kind: EventKind; occurredOn: string; seq: number; precision?: string; facility: string | null };

export type UnknownStretch = {
  kind: 'incommunicado' | 'enforced_disappearance';
  from: string;
  /** The day the person was located (null: not yet). */
  locatedOn: string | null;
  /** Days from `from` to the day before they were located (or to the date asked, counted in). */
  days: number;
  ongoing: boolean;
  approximate: boolean;
  startedBy: string;
  locatedBy: string | null;
};

const TAKEN: ReadonlySet<EventKind> = new Set(['detained', 're_arrested']);
const PLACES: ReadonlySet<EventKind> = new Set(['detained', 'transferred', 're_arrested']);
const ENDS_CUSTODY: ReadonlySet<EventKind> = new Set(['released', 'released_with_measures', 'house_arrest', 'exiled', 'died_in_custody']);

function locates(event: WhereaboutsEvent): boolean {
  return (PLACES.has(event.kind) && event.facility !== null) || ENDS_CUSTODY.has(event.kind);
}

/** Every stretch of incommunicado detention and of disappearance in a timeline (any order), up to `asOf`. */
export function unknownWhereabouts(timeline: readonly WhereaboutsEvent[], asOf: string): UnknownStretch[] {
  const events = [...timeline].filter((event) => event.occurredOn <= asOf).sort(compareTimelineEntries);
  const stretches: UnknownStretch[] = [];
  let placeless: WhereaboutsEvent | null = null; // a detention that named no place, not yet located
  let disappeared: WhereaboutsEvent | null = null;
  let cutOff: WhereaboutsEvent | null = null; // where incommunicado began, once a disappearance confirms it
  const close = (located: WhereaboutsEvent | null) => {
    if (disappeared === null) return;
    for (const [kind, start] of [
      ['incommunicado', cutOff ?? disappeared],
      ['enforced_disappearance', disappeared],
    ] as const) {
      const end = located?.occurredOn ?? null;
      stretches.push({
        kind,
        from: start.occurredOn,
        locatedOn: end,
        days: end === null ? daysBetween(start.occurredOn, asOf) : Math.max(0, daysBetween(start.occurredOn, end) - 1),
        ongoing: end === null,
        approximate: [start, located].some((event) => event !== null && (event.precision ?? 'day') !== 'day'),
        startedBy: start.id,
        locatedBy: located?.id ?? null,
      });
    }
    disappeared = null;
    cutOff = null;
  };
  for (const event of events) {
    if (event.kind === 'whereabouts_unknown') {
      if (disappeared === null) {
        disappeared = event;
        cutOff = placeless;
      }
      continue;
    }
    if (locates(event)) {
      close(event);
      placeless = null;
      continue;
    }
    if (TAKEN.has(event.kind) && event.facility === null && disappeared === null) placeless = event;
  }
  close(null);
  return stretches;
}

/** The total days of each kind (ongoing stretches counted to the date asked). */
export function unknownWhereaboutsTotals(stretches: readonly UnknownStretch[]): { incommunicado: number; enforced_disappearance: number } {
  const totals = { incommunicado: 0, enforced_disappearance: 0 };
  for (const stretch of stretches) totals[stretch.kind] += stretch.days;
  return totals;
}

/**
 * The detention each stretch belongs to: that of the event that began it, else the detention last
 * named before it on the timeline (events recorded without one, as long sheets may give them).
 */
export function detentionsOfStretches(
  timeline: readonly (WhereaboutsEvent & { detentionId: string | null })[],
  stretches: readonly UnknownStretch[],
): Map<UnknownStretch, string | null> {
  const inForce = new Map<string, string | null>();
  let last: string | null = null;
  for (const event of [...timeline].sort(compareTimelineEntries)) {
    if (event.detentionId !== null) last = event.detentionId;
    inForce.set(event.id, event.detentionId ?? last);
  }
  return new Map(stretches.map((stretch) => [stretch, inForce.get(stretch.startedBy) ?? null]));
}
