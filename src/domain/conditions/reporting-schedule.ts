/**
 * Reporting conditions (régimen de presentaciones): a person released under a measure must
 * report to a named court every N days, or on named weekdays, from a start date until the
 * measure ends or is reviewed. From the measure's history (imposed, tightened, relaxed, moved
 * to another court, converted to house arrest, lifted) and the presentations recorded, this
 * module derives — never stores — the due dates, the next one, which were met or missed,
 * whether the person is overdue now, and whether a breach was recorded.
 *
 * A presentation meets the due date that closes the period it falls in: with reporting every
 * 15 days from 1 March, presentations on 10 or 16 March meet the date of 16 March; none
 * between 17 and 31 March misses the date of 31 March. Holidays move a due date to the next
 * working day only when they are given (courts publish their own calendars); weekends never
 * move it unless listed. Pure: no I/O, dates as yyyy-mm-dd.
 */
import { dayNumber, dayToIso } from '../eligibility/case.js';

import { WEEKDAYS, type Weekday } from '../registry/vocabulary.js';

/** How often: every N days counted from the start, or on named weekdays. */
export type ReportingRule = { everyDays: number } | { weekdays: readonly Weekday[] };

/** What happened to the measure on a date, as recorded (each keeps the history). */
export type MeasureChange =
  | { on: string; kind: 'imposed' | 'tightened' | 'relaxed' | 'court_changed'; rule?: ReportingRule; court?: string | null; source?: string | null }
  | { on: string; kind: 'lifted' | 'converted_to_house_arrest'; source?: string | null };

/** A stretch of time under one rule and court; `to` is the last day (null: still running). */
/**
 * A stretch of time under one rule and court; `to` is the last day (null: still running). `anchor` is
 * the day the rule counts from: the day it was set (imposed, tightened, relaxed); a change of court
 * alone keeps the count of the period before it.
 */
export type SchedulePeriod = { from: string; to: string | null; rule: ReportingRule; court: string | null; anchor: string };

export type Presentation = { on: string; court: string | null; source: string | null };
export type Breach = { on: string; what: string; source: string | null };

export type DueDate = {
  on: string;
  court: string | null;
  /** met: a presentation in its period; missed: its day passed without one; pending: not yet due. */
  state: 'met' | 'missed' | 'pending';
  presentation: Presentation | null;
  /** The presentation was made at another court than the measure names. */
  atOtherCourt: boolean;
};

export type ReportingStatus = {
  periods: SchedulePeriod[];
  dues: DueDate[];
  /** The first due date on or after `asOf` (null when the measure has ended). */
  next: { on: string; court: string | null } | null;
  /** A due date passed without a presentation since the last one recorded. */
  overdue: boolean;
  /** Due dates missed in all. */
  missed: number;
  /** A recorded breach of the measure. */
  violated: boolean;
  breaches: Breach[];
  /** The measure has ended (lifted or converted to house arrest) on or before `asOf`. */
  ended: { on: string; kind: 'lifted' | 'converted_to_house_arrest' } | null;
};

/** The measure's periods from its history, in date order; changes on the same day apply in the order given. */
export function schedulePeriods(changes: readonly MeasureChange[]): SchedulePeriod[] {
  const ordered = changes.map((change, i) => ({ change, i })).sort((a, b) => a.change.on.localeCompare(b.change.on) || a.i - b.i);
  const periods: SchedulePeriod[] = [];
  let current: SchedulePeriod | null = null;
  for (const { change } of ordered) {
    if (current !== null) current.to = dayToIso(dayNumber(change.on) - 1);
    if (change.kind === 'lifted' || change.kind === 'converted_to_house_arrest') {
      current = null;
      continue;
    }
    const opening = change as Exclude<MeasureChange, { kind: 'lifted' | 'converted_to_house_arrest' }>;
    const before: SchedulePeriod | null = current;
    const rule: ReportingRule | undefined = opening.rule ?? before?.rule;
    if (rule === undefined) throw new Error(`the measure's ${change.kind} on ${change.on} gives no reporting rule and none was in force`);
    const period: SchedulePeriod = {
      from: change.on,
      to: null,
      rule,
      court: opening.court !== undefined ? opening.court : (before?.court ?? null),
      anchor: opening.rule !== undefined || before === null ? change.on : before.anchor,
    };
    periods.push(period);
    current = period;
  }
  // A change on the first day of a period leaves an empty one before it.
  return periods.filter((period) => period.to === null || period.to >= period.from);
}

/** The due dates of the periods between `from` and `to` (both included), a given holiday moving a date to the next working day. */
export function dueDates(
  periods: readonly SchedulePeriod[],
  from: string,
  to: string,
  holidays: ReadonlySet<string> = new Set(),
): { on: string; court: string | null }[] {
  return dueDays(periods, dayNumber(from), dayNumber(to), holidays).map((due) => ({ on: dayToIso(due.day), court: due.court }));
}

/** dueDates as day numbers (what the schedule folds over without writing a date per due day). */
function dueDays(periods: readonly SchedulePeriod[], first: number, last: number, holidays: ReadonlySet<string>): { day: number; court: string | null }[] {
  const out: { day: number; court: string | null }[] = [];
  for (const period of periods) {
    const start = dayNumber(period.from);
    const end = period.to === null ? last : Math.min(last, dayNumber(period.to));
    for (const day of ruleDays(period.rule, dayNumber(period.anchor), start, end)) {
      const on = holidays.size === 0 ? day : shiftPastHolidays(day, holidays);
      if (on >= first && on <= last) out.push({ day: on, court: period.court });
    }
  }
  return out;
}

/**
 * The days a rule falls due on from the period's start to `end` (included), counted from `anchor`:
 * never on the anchor itself (the day the rule was set).
 */
function ruleDays(rule: ReportingRule, anchor: number, start: number, end: number): number[] {
  const days: number[] = [];
  const from = Math.max(start, anchor + 1);
  if ('everyDays' in rule) {
    if (!Number.isInteger(rule.everyDays) || rule.everyDays < 1) throw new Error('reporting every N days needs a whole N of at least 1');
    for (let day = anchor + rule.everyDays * Math.ceil((from - anchor) / rule.everyDays); day <= end; day += rule.everyDays) days.push(day);
  } else {
    const wanted = new Set(rule.weekdays.map((weekday) => WEEKDAYS.indexOf(weekday)));
    for (let day = from; day <= end; day++) if (wanted.has(weekdayOf(day))) days.push(day);
  }
  return days;
}

/** 0 Monday … 6 Sunday; day 0 (1970-01-01) was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function shiftPastHolidays(day: number, holidays: ReadonlySet<string>): number {
  let on = day;
  while (holidays.has(dayToIso(on))) on++;
  return on;
}

/**
 * Where a person stands under a reporting measure on `asOf`: each due date from the start
 * met, missed or pending, the next one, overdue and violated.
 */
export function reportingStatus(
  changes: readonly MeasureChange[],
  presentations: readonly Presentation[],
  breaches: readonly Breach[],
  asOf: string,
  holidays: ReadonlySet<string> = new Set(),
): ReportingStatus {
  const periods = schedulePeriods(changes);
  const endChange = [...changes]
    .filter((change) => (change.kind === 'lifted' || change.kind === 'converted_to_house_arrest') && change.on <= asOf)
    .sort((a, b) => b.on.localeCompare(a.on))[0];
  const stillRunning = periods.length > 0 && periods[periods.length - 1]!.to === null;
  const ended = endChange && !stillRunning ? { on: endChange.on, kind: endChange.kind as 'lifted' | 'converted_to_house_arrest' } : null;
  const sorted = [...presentations].sort((a, b) => a.on.localeCompare(b.on));
  const horizon = dayToIso(dayNumber(asOf) + 366);
  const all = judged(periods, sorted, horizon, asOf, holidays);
  const dues = all.filter((due) => due.on <= asOf || due.state === 'met');
  const missed = dues.filter((due) => due.state === 'missed').length;
  const upcoming = all.find((due) => due.on >= asOf);
  const next: ReportingStatus['next'] = upcoming ? { on: upcoming.on, court: upcoming.court } : null;
  const lastPresentation = sorted.filter((item) => item.on <= asOf).at(-1)?.on ?? '';
  // Overdue is an obligation still running: a measure that has ended is owed nothing more.
  const overdue = ended === null && dues.some((due) => due.state === 'missed' && due.on > lastPresentation);
  const recorded = breaches.filter((breach) => breach.on <= asOf);
  return { periods, dues, next, overdue, missed, violated: recorded.length > 0, breaches: recorded, ended };
}

/**
 * Every due date from the measure's start to `to` (those from `from` on returned), each met by the
 * first presentation after the previous due date and up to it, else missed when its day is before
 * `asOf`, else pending. Day numbers inside: a date is written only for the due dates returned.
 */
function judged(
  periods: readonly SchedulePeriod[],
  sorted: readonly Presentation[],
  to: string,
  asOf: string,
  holidays: ReadonlySet<string>,
  from = '',
): DueDate[] {
  if (periods.length === 0) return [];
  const out: DueDate[] = [];
  const presented = sorted.map((item) => dayNumber(item.on));
  const today = dayNumber(asOf);
  const wanted = from === '' ? Number.NEGATIVE_INFINITY : dayNumber(from);
  let previous = dayNumber(periods[0]!.from);
  let cursor = 0;
  for (const due of dueDays(periods, previous, dayNumber(to), holidays)) {
    while (cursor < presented.length && presented[cursor]! <= previous) cursor++;
    previous = due.day;
    if (due.day < wanted) continue;
    const presentation = cursor < presented.length && presented[cursor]! <= due.day ? sorted[cursor]! : null;
    out.push({
      on: dayToIso(due.day),
      court: due.court,
      state: presentation ? 'met' : due.day < today ? 'missed' : 'pending',
      presentation,
      atOtherCourt: presentation !== null && due.court !== null && presentation.court !== null && presentation.court !== due.court,
    });
  }
  return out;
}

/** The due dates between `from` and `to` (both included), each met, missed or pending as of `asOf`. */
export function duesBetween(
  changes: readonly MeasureChange[],
  presentations: readonly Presentation[],
  from: string,
  to: string,
  asOf: string,
  holidays: ReadonlySet<string> = new Set(),
): DueDate[] {
  const sorted = [...presentations].sort((a, b) => a.on.localeCompare(b.on));
  return judged(schedulePeriods(changes), sorted, to, asOf, holidays, from);
}
