/**
 * A measure's history as the registry records it: the measure itself (kind, rule, court, start,
 * planned end) set at a release or a change of measures, the changes recorded later (tightened,
 * relaxed, moved to another court, lifted, converted to house arrest), and the person's timeline,
 * whose later events end it. This module turns those records into what the schedule and the burden
 * need — the list of changes with the measure's end, and its span — so that no end is ever typed
 * twice.
 *
 * A measure stays in force from its start until the first of:
 * - its planned end (`endsOn`, the last day in force);
 * - a recorded change that lifts it or converts it to house arrest;
 * - a later event of the person's timeline that changes custody (any event that sets a status:
 *   re-arrest, detention, house arrest, full release, a new release with measures, exile, death)
 *   or lifts measures (dismissal, amnesty, pardon), or a later change of measures that imposes a new
 *   measure of the same kind (reporting every 30 days instead of 8). The event that carries the
 *   measure does not end it.
 * Pure: no I/O.
 */
import { dayNumber, dayToIso } from '../eligibility/case.js';
import { EVENT_EFFECTS } from '../registry/derive-status.js';
import type { EventKind, MeasureChangeKind, MeasureKind, Weekday } from '../registry/vocabulary.js';
import type { MeasureSpan } from './burden.js';
import type { MeasureChange, ReportingRule } from './reporting-schedule.js';

export type RecordedMeasure = {
  id: string;
  person: string;
  /** The event that imposed it (a release with measures, a change of measures, house arrest). */
  eventId: string;
  kind: MeasureKind;
  everyDays: number | null;
  weekdays: readonly Weekday[] | null;
  court: string | null;
  startsOn: string;
  endsOn: string | null;
};

export type RecordedChange = {
  on: string;
  kind: MeasureChangeKind;
  everyDays?: number | null;
  weekdays?: readonly Weekday[] | null;
  /** undefined: the court stays as it was. */
  court?: string | null;
  source?: string | null;
};

/** The minimum of a timeline event the end of a measure needs (and, for a change of measures, the kinds it imposes). */
export type TimelinePoint = { id: string; kind: EventKind; occurredOn: string; seq: number; carries?: readonly MeasureKind[] };

/** Why a measure is no longer in force. */
export type MeasureEnd = { on: string; by: 'planned_end' | 'lifted' | 'converted_to_house_arrest' | EventKind; eventId: string | null };

/** The reporting rule a measure or a change states, when it states one. */
export function ruleOf(record: { everyDays?: number | null; weekdays?: readonly Weekday[] | null }): ReportingRule | undefined {
  if (record.weekdays && record.weekdays.length > 0) return { weekdays: record.weekdays };
  if (record.everyDays != null) return { everyDays: record.everyDays };
  return undefined;
}

/**
 * The first day the measure is no longer in force (null: still in force), and why. `timeline` is
 * the person's, in any order; the carrying event must be in it for later events to end the measure.
 */
export function measureEnd(measure: RecordedMeasure, changes: readonly RecordedChange[], timeline: readonly TimelinePoint[]): MeasureEnd | null {
  const ends: MeasureEnd[] = [];
  if (measure.endsOn !== null) ends.push({ on: dayToIso(dayNumber(measure.endsOn) + 1), by: 'planned_end', eventId: null });
  for (const change of changes) {
    if (change.kind === 'lifted' || change.kind === 'converted_to_house_arrest') ends.push({ on: change.on, by: change.kind, eventId: null });
  }
  const carrier = timeline.find((event) => event.id === measure.eventId);
  if (carrier) {
    let first: TimelinePoint | undefined;
    for (const event of timeline) {
      if (!endsMeasure(event, measure.kind) || !isAfter(event, carrier)) continue;
      if (first === undefined || isAfter(first, event)) first = event;
    }
    if (first) ends.push({ on: first.occurredOn, by: first.kind, eventId: first.id });
  }
  // The earliest end; on a tie, the order above (planned end, a recorded change, the timeline).
  return ends.reduce<MeasureEnd | null>((best, end) => (best === null || end.on < best.on ? end : best), null);
}

/** Changes custody, lifts measures, or imposes a new measure of the same kind (which replaces it). */
function endsMeasure(event: TimelinePoint, kind: MeasureKind): boolean {
  return EVENT_EFFECTS[event.kind].kind !== 'none' || (event.kind === 'measures_changed' && (event.carries ?? []).includes(kind));
}

function isAfter(a: TimelinePoint, b: TimelinePoint): boolean {
  return a.occurredOn > b.occurredOn || (a.occurredOn === b.occurredOn && a.seq > b.seq);
}

/**
 * The changes the reporting schedule folds: imposed at the start with the measure's rule and
 * court, every recorded change, and the end (if any) as a lifting. Changes after the end are
 * dropped: a measure that ended cannot be tightened.
 */
export function scheduleChanges(measure: RecordedMeasure, changes: readonly RecordedChange[], end: MeasureEnd | null): MeasureChange[] {
  const rule = ruleOf(measure);
  const out: MeasureChange[] = [{ on: measure.startsOn, kind: 'imposed', ...(rule ? { rule } : {}), court: measure.court }];
  for (const change of [...changes].sort((a, b) => a.on.localeCompare(b.on))) {
    if (end !== null && change.on >= end.on) break;
    if (change.kind === 'lifted' || change.kind === 'converted_to_house_arrest') continue;
    const changed = ruleOf(change);
    out.push({
      on: change.on,
      kind: change.kind,
      ...(changed ? { rule: changed } : {}),
      ...(change.court !== undefined ? { court: change.court } : {}),
      source: change.source ?? null,
    });
  }
  if (end !== null) out.push({ on: end.on, kind: end.by === 'converted_to_house_arrest' ? 'converted_to_house_arrest' : 'lifted' });
  return out;
}

/** The measure's span for the burden: from its start to its last day in force. */
export function measureSpan(measure: RecordedMeasure, end: MeasureEnd | null): MeasureSpan | null {
  const to = end === null ? null : dayToIso(dayNumber(end.on) - 1);
  if (to !== null && to < measure.startsOn) return null;
  return { person: measure.person, kind: measure.kind, from: measure.startsOn, to };
}
