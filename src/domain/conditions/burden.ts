/**
 * The burden of conditions as numbers, over many people: how many are under each kind of
 * measure on a date, how many presentations fall due per court and week, and how long each
 * person has been under measures. Input is what the timeline says (each measure's span, each
 * person's reporting periods); nothing is stored. A person under two kinds counts once in
 * each; "under any measure" counts them once.
 */
import { dayNumber, dayToIso } from '../eligibility/case.js';
import type { MeasureKind } from '../registry/vocabulary.js';
import { dueDates, type SchedulePeriod, weekdayOf } from './reporting-schedule.js';

/** One measure of one person, from the day imposed to the last day in force (null: still in force). */
export type MeasureSpan = { person: string; kind: MeasureKind; from: string; to: string | null };

/** Distinct persons under each kind of measure on a date, and under any. */
export function underMeasuresOn(spans: readonly MeasureSpan[], on: string): { byKind: Partial<Record<MeasureKind, number>>; any: number } {
  const byKind = new Map<MeasureKind, Set<string>>();
  const any = new Set<string>();
  for (const span of spans) {
    if (span.from > on || (span.to !== null && span.to < on)) continue;
    let persons = byKind.get(span.kind);
    if (!persons) {
      persons = new Set();
      byKind.set(span.kind, persons);
    }
    persons.add(span.person);
    any.add(span.person);
  }
  return { byKind: Object.fromEntries([...byKind].map(([kind, persons]) => [kind, persons.size])), any: any.size };
}

/** The Monday (yyyy-mm-dd) of a date's week. */
export function weekOf(on: string): string {
  const day = dayNumber(on);
  return dayToIso(day - weekdayOf(day));
}

/** Presentations due per court and week (weeks from Monday) between two dates, most burdened first. */
export function presentationsDue(
  schedules: readonly { person: string; periods: readonly SchedulePeriod[] }[],
  from: string,
  to: string,
  holidays: ReadonlySet<string> = new Set(),
): { court: string | null; week: string; due: number; persons: number }[] {
  const cells = new Map<string, { court: string | null; week: string; due: number; persons: Set<string> }>();
  for (const schedule of schedules)
    for (const due of dueDates(schedule.periods, from, to, holidays)) {
      const week = weekOf(due.on);
      const key = `${due.court ?? ''}\u0000${week}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = { court: due.court, week, due: 0, persons: new Set() };
        cells.set(key, cell);
      }
      cell.due++;
      cell.persons.add(schedule.person);
    }
  return [...cells.values()]
    .map((cell) => ({ court: cell.court, week: cell.week, due: cell.due, persons: cell.persons.size }))
    .sort((a, b) => a.week.localeCompare(b.week) || b.due - a.due || (a.court ?? '').localeCompare(b.court ?? ''));
}

/** Days each person has spent under any measure up to a date (overlapping measures counted once). */
export function daysUnderMeasures(spans: readonly MeasureSpan[], on: string): Map<string, number> {
  const byPerson = new Map<string, [number, number][]>();
  const last = dayNumber(on);
  for (const span of spans) {
    const start = dayNumber(span.from);
    const end = Math.min(last, span.to === null ? last : dayNumber(span.to));
    if (end < start) continue;
    const list = byPerson.get(span.person) ?? [];
    list.push([start, end]);
    byPerson.set(span.person, list);
  }
  const out = new Map<string, number>();
  for (const [person, intervals] of byPerson) {
    intervals.sort((a, b) => a[0] - b[0]);
    let total = 0;
    let [start, end] = intervals[0]!;
    for (const [from, to] of intervals.slice(1)) {
      if (from > end + 1) {
        total += end - start + 1;
        [start, end] = [from, to];
      } else end = Math.max(end, to);
    }
    out.set(person, total + end - start + 1);
  }
  return out;
}

/** Buckets of a number of days, each by its upper bound (included; the last is open). */
export type DayBuckets = readonly { key: string; max: number }[];

/** How long those under measures have been under them, in days. */
export const DURATION_BUCKETS = [
  { key: '1-30', max: 30 },
  { key: '31-90', max: 90 },
  { key: '91-180', max: 180 },
  { key: '181-365', max: 365 },
  { key: '366-730', max: 730 },
  { key: '731+', max: Number.POSITIVE_INFINITY },
] as const satisfies DayBuckets;

/** How many of the values fall in each bucket: the first whose upper bound holds the value. */
export function bucketCounts(values: readonly number[], buckets: DayBuckets): { key: string; count: number }[] {
  const counts = buckets.map((bucket) => ({ key: bucket.key, count: 0 }));
  for (const value of values) {
    const at = buckets.findIndex((bucket) => value <= bucket.max);
    if (at >= 0) counts[at]!.count++;
  }
  return counts;
}
