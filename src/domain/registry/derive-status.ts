/**
 * A person's current status is a fold over their timeline. This file is the one
 * definition of that fold; the store keeps it on each person's row (triggers recompute it
 * with every change of a timeline) from the `person_status_derived` view, which reads the
 * same effect table (seeded into `event_kinds`); tests and `recuento check` hold all three equal.
 */
import type { EventKind, PersonStatus } from './vocabulary.js';

/**
 * What an event does to custody status:
 * - `set`: the person is now in `status`;
 * - `lift`: a legal act that ends precautionary measures (dismissal, amnesty, pardon):
 *   someone on conditional release or under house arrest becomes free, but someone
 *   still detained stays detained until a release is recorded — an amnesty granted and
 *   not executed is exactly the gap a lawyer must chase;
 * - `none`: recorded for the record, no change of custody.
 */
export type EventEffect = { kind: 'set'; status: PersonStatus } | { kind: 'lift' } | { kind: 'none' };

/** The effect of every event kind on status. */
export const EVENT_EFFECTS: Readonly<Record<EventKind, EventEffect>> = {
  detained: { kind: 'set', status: 'detained' },
  transferred: { kind: 'set', status: 'detained' },
  whereabouts_unknown: { kind: 'set', status: 'disappeared' },
  released: { kind: 'set', status: 'released' },
  released_with_measures: { kind: 'set', status: 'released_with_measures' },
  measures_changed: { kind: 'none' },
  re_arrested: { kind: 'set', status: 'detained' },
  house_arrest: { kind: 'set', status: 'house_arrest' },
  case_dismissed: { kind: 'lift' },
  amnesty_requested: { kind: 'none' },
  amnesty_denied: { kind: 'none' },
  amnestied: { kind: 'lift' },
  pardoned: { kind: 'lift' },
  exiled: { kind: 'set', status: 'exiled' },
  died_in_custody: { kind: 'set', status: 'died_in_custody' },
};

/** Statuses that a `lift` event turns into `released`. */
export const LIFTABLE_STATUSES: readonly PersonStatus[] = ['released_with_measures', 'house_arrest'];

/**
 * The minimum an event needs for the fold: its kind, date and insertion order; an
 * undated event (precision "unknown") carries the date it is placed at.
 */
export type TimelineEntry = { kind: EventKind; occurredOn: string; seq: number; precision?: string };

/** Orders events by date, then by the order in which they were recorded. */
export function compareTimelineEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (a.occurredOn !== b.occurredOn) return a.occurredOn < b.occurredOn ? -1 : 1;
  return a.seq - b.seq;
}

/** Derives the current status from a timeline, in any order. */
export function deriveStatus(timeline: readonly TimelineEntry[]): PersonStatus {
  let status: PersonStatus = 'unknown';
  for (const entry of [...timeline].sort(compareTimelineEntries)) {
    const effect = EVENT_EFFECTS[entry.kind];
    if (effect.kind === 'set') status = effect.status;
    else if (effect.kind === 'lift' && LIFTABLE_STATUSES.includes(status)) status = 'released';
  }
  return status;
}

/**
 * The event that set the current status (the last whose kind sets one), whose verification
 * level the status carries; undefined when none has.
 */
export function statusSettingEntry<T extends TimelineEntry>(timeline: readonly T[]): T | undefined {
  let last: T | undefined;
  for (const entry of timeline) {
    if (EVENT_EFFECTS[entry.kind].kind === 'set' && (!last || compareTimelineEntries(entry, last) > 0)) last = entry;
  }
  return last;
}

/** The last event that names a facility: where the person is, or was last, held. */
export function lastPlaceEntry<T extends TimelineEntry & { facilityId: string | null }>(timeline: readonly T[]): T | undefined {
  let last: T | undefined;
  for (const entry of timeline) {
    if (entry.facilityId !== null && (!last || compareTimelineEntries(entry, last) > 0)) last = entry;
  }
  return last;
}
