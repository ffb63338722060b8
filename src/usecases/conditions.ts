/**
 * Conditions as people ask about them, shared by the API and the CLI: who must report where between
 * two dates, who is overdue, a measure's whole schedule, who is under measures on a date, and the
 * counts the public sees. Records come from store/conditions.ts; every state (due, met, missed,
 * overdue, violated, ended) is derived here by domain/conditions, as of the date given.
 */
import type { Kysely } from 'kysely';
import { bucketCounts, DURATION_BUCKETS, daysUnderMeasures, type MeasureSpan, presentationsDue, underMeasuresOn } from '../domain/conditions/burden.js';
import { measureEnd, measureSpan, scheduleChanges } from '../domain/conditions/measure-history.js';
import { type DueDate, duesBetween, type ReportingStatus, reportingStatus, schedulePeriods } from '../domain/conditions/reporting-schedule.js';
import { dayNumber, dayToIso } from '../domain/eligibility/case.js';
import { withheld, withholdSmallParts } from '../domain/registry/small-cells.js';
import { type Consent, MEASURE_KINDS, type MeasureKind } from '../domain/registry/vocabulary.js';
import { AppError } from '../shared/app-error.js';
import {
  addBreach,
  addMeasureChange,
  addPresentation,
  type ChangeFields,
  type MeasureRecords,
  measureRecords,
  oneMeasureRecords,
} from '../store/conditions.js';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database>;

export type DueEntry = {
  measureId: string;
  personId: string;
  personName: string;
  on: string;
  court: string | null;
  state: DueDate['state'];
  presentedOn: string | null;
};

/** Presentations due between two dates (at a court), in date order, each met, missed or pending as of `today`. */
export async function dueBetween(db: Db, query: { from: string; to: string; court?: string | undefined; today: string }): Promise<DueEntry[]> {
  // A due date in the window is met by a presentation after the previous due date: at most a year before (every ≤ 365 days).
  const presentationsAfter = dayToIso(dayNumber(query.from) - 366);
  const records = await measureRecords(db, {
    kinds: ['periodic_reporting'],
    court: query.court,
    startedBy: query.to,
    endsOnOrAfter: query.from,
    presentationsAfter,
  });
  const entries: DueEntry[] = [];
  for (const record of records) {
    const changes = scheduleChanges(record.measure, record.changes, endOf(record));
    for (const due of duesBetween(changes, record.presentations, query.from, query.to, query.today)) {
      if (query.court !== undefined && due.court !== query.court) continue;
      entries.push({
        measureId: record.measure.id,
        personId: record.measure.person,
        personName: record.personName,
        on: due.on,
        court: due.court,
        state: due.state,
        presentedOn: due.presentation?.on ?? null,
      });
    }
  }
  return entries.sort((a, b) => a.on.localeCompare(b.on) || a.personName.localeCompare(b.personName) || a.measureId.localeCompare(b.measureId));
}

export type OverdueEntry = {
  measureId: string;
  personId: string;
  personName: string;
  court: string | null;
  /** The first due date missed since the last presentation. */
  missedSince: string | null;
  missed: number;
  lastPresentation: string | null;
  next: string | null;
  overdue: boolean;
  violated: boolean;
  breaches: { on: string; kind: string }[];
};

/** Persons under a reporting measure still in force on `today` who are overdue or have a recorded breach; longest overdue first. */
export async function overdueOn(db: Db, query: { today: string; court?: string | undefined }): Promise<OverdueEntry[]> {
  const records = await measureRecords(db, { kinds: ['periodic_reporting'], court: query.court, startedBy: query.today, endsOnOrAfter: query.today });
  const entries: OverdueEntry[] = [];
  for (const record of records) {
    const status = statusOf(record, query.today);
    if (status.ended !== null || !(status.overdue || status.violated)) continue;
    const lastPresentation = record.presentations.filter((p) => p.on <= query.today).at(-1)?.on ?? null;
    const missedSince = status.dues.find((due) => due.state === 'missed' && (lastPresentation === null || due.on > lastPresentation))?.on ?? null;
    const court = status.periods.at(-1)?.court ?? record.measure.court;
    if (query.court !== undefined && court !== query.court) continue;
    entries.push({
      measureId: record.measure.id,
      personId: record.measure.person,
      personName: record.personName,
      court,
      missedSince,
      missed: status.missed,
      lastPresentation,
      next: status.next?.on ?? null,
      overdue: status.overdue,
      violated: status.violated,
      breaches: status.breaches.map((b) => ({ on: b.on, kind: b.what })),
    });
  }
  return entries.sort((a, b) => (a.missedSince ?? '9999').localeCompare(b.missedSince ?? '9999') || a.personName.localeCompare(b.personName));
}

/** When and why the measure stopped being in force (null: it has not). */
function endOf(record: MeasureRecords) {
  return measureEnd(record.measure, record.changes, record.timeline);
}

function statusOf(record: MeasureRecords, today: string): ReportingStatus {
  const end = endOf(record);
  return reportingStatus(scheduleChanges(record.measure, record.changes, end), record.presentations, record.breaches, today);
}

export type MeasureSchedule = {
  measureId: string;
  personId: string;
  kind: MeasureKind;
  startsOn: string;
  reviewOn: string | null;
  /** The first day no longer in force, and why (null: in force). */
  end: ReturnType<typeof measureEnd>;
  history: ReturnType<typeof scheduleChanges>;
  /** For a reporting measure: due dates, next, overdue, violated (null for other kinds). */
  reporting: ReportingStatus | null;
};

/** One measure's history and, for a reporting measure, its schedule as of `today`. */
export async function measureSchedule(db: Db, measureId: string, today: string): Promise<MeasureSchedule> {
  const record = await oneMeasureRecords(db, measureId);
  if (!record) throw new AppError('not_found', 'measure not found', { publicMessage: 'No measure has this id.' });
  const end = endOf(record);
  const history = scheduleChanges(record.measure, record.changes, end);
  return {
    measureId,
    personId: record.measure.person,
    kind: record.measure.kind,
    startsOn: record.measure.startsOn,
    reviewOn: record.measure.reviewOn,
    end,
    history,
    reporting: record.measure.kind === 'periodic_reporting' ? reportingStatus(history, record.presentations, record.breaches, today) : null,
  };
}

/** The measure, checked to be in force on `on` (and a reporting measure when `reporting`). */
async function inForce(db: Db, measureId: string, on: string, what: string, reporting: boolean): Promise<MeasureRecords> {
  const record = await oneMeasureRecords(db, measureId);
  if (!record) throw new AppError('not_found', 'measure not found', { publicMessage: 'No measure has this id.' });
  const refuse = (reason: string) => new AppError('validation_failed', `${what} refused`, { details: [{ path: 'body.on', reason }] });
  if (reporting && record.measure.kind !== 'periodic_reporting') {
    throw new AppError('validation_failed', `${what} refused`, {
      details: [{ path: 'measureId', reason: 'presentations are recorded against a reporting measure' }],
    });
  }
  if (on < record.measure.startsOn) throw refuse(`the measure starts on ${record.measure.startsOn}`);
  const end = endOf(record);
  if (end !== null && on >= end.on) throw refuse(`the measure is no longer in force from ${end.on} (${end.by.replace(/_/g, ' ')})`);
  return record;
}

/** Records a change of a measure in force on its date (and the timeline event that shows it). */
export async function changeMeasure(db: Db, measureId: string, fields: ChangeFields) {
  const record = await inForce(db, measureId, fields.on, 'change', false);
  const changesRule = fields.everyDays != null || (fields.weekdays != null && fields.weekdays.length > 0);
  const refuse = (path: string, reason: string) => new AppError('validation_failed', 'change refused', { details: [{ path, reason }] });
  if (fields.everyDays != null && fields.weekdays != null) throw refuse('body.weekdays', 'a rule is every N days or on named weekdays, not both');
  if ((fields.kind === 'lifted' || fields.kind === 'converted_to_house_arrest') && (changesRule || fields.court !== undefined)) {
    throw refuse('body.kind', `a measure ${fields.kind.replace(/_/g, ' ')} ends: it takes no new rule or court`);
  }
  if (fields.kind === 'court_changed' && changesRule)
    throw refuse('body.everyDays', 'a change of court keeps the rule: record a tightening or relaxing for a new rule');
  if (fields.kind === 'court_changed' && (fields.court === null || fields.court === '')) throw refuse('body.court', 'a change of court names the new court');
  if ((fields.kind === 'tightened' || fields.kind === 'relaxed') && !changesRule) {
    throw new AppError('validation_failed', 'change refused', {
      details: [{ path: 'body.everyDays', reason: `a measure ${fields.kind} needs its new rule: everyDays or weekdays` }],
    });
  }
  if (changesRule && record.measure.kind !== 'periodic_reporting') {
    throw new AppError('validation_failed', 'change refused', { details: [{ path: 'body.everyDays', reason: 'only a reporting measure has a rule of days' }] });
  }
  if (fields.kind === 'court_changed' && fields.court === undefined) {
    throw new AppError('validation_failed', 'change refused', { details: [{ path: 'body.court', reason: 'a change of court names the new court' }] });
  }
  return addMeasureChange(db, measureId, fields);
}

/** Records a presentation made while the reporting measure was in force (never one dated after `today`). */
export async function recordPresentation(db: Db, measureId: string, fields: Parameters<typeof addPresentation>[2], today: string) {
  if (fields.on > today) {
    throw new AppError('validation_failed', 'presentation refused', {
      details: [{ path: 'body.on', reason: `a presentation cannot be recorded before it is made (today is ${today})` }],
    });
  }
  await inForce(db, measureId, fields.on, 'presentation', true);
  return addPresentation(db, measureId, fields);
}

/** Records a breach of a measure in force on its date. */
export async function recordBreach(db: Db, measureId: string, fields: Parameters<typeof addBreach>[2]) {
  await inForce(db, measureId, fields.on, 'breach', false);
  return addBreach(db, measureId, fields);
}

export type UnderMeasuresEntry = { personId: string; personName: string; kinds: MeasureKind[]; since: string };

/** Who is under measures on a date (of a kind), and since when: e.g. who is still under them after an amnesty. */
export async function underMeasures(db: Db, query: { on: string; kind?: MeasureKind | undefined }): Promise<UnderMeasuresEntry[]> {
  const records = await measureRecords(db, { ...(query.kind ? { kinds: [query.kind] } : {}), startedBy: query.on, endsOnOrAfter: query.on });
  const byPerson = new Map<string, UnderMeasuresEntry>();
  for (const record of records) {
    const span = measureSpan(record.measure, endOf(record));
    if (span === null || (span.to !== null && span.to < query.on)) continue;
    const entry = byPerson.get(span.person) ?? { personId: span.person, personName: record.personName, kinds: [], since: span.from };
    if (!entry.kinds.includes(span.kind)) entry.kinds.push(span.kind);
    if (span.from < entry.since) entry.since = span.from;
    byPerson.set(span.person, entry);
  }
  return [...byPerson.values()].sort((a, b) => a.since.localeCompare(b.since) || a.personName.localeCompare(b.personName));
}

export type ConditionMonth = {
  month: string;
  /** Persons under each kind of measure on the month's last day (or today, for the current month), and under any. */
  underByKind: Record<MeasureKind, number>;
  underAny: number;
  /** Presentations that fell due in the month, and those of them missed. */
  due: number;
  missed: number;
};

export type ConditionCounts = {
  months: ConditionMonth[];
  /** Presentations due per court and week in the next four weeks. */
  dueByCourtAndWeek: { court: string | null; week: string; due: number; persons: number }[];
  /** Persons under any measure today, by how long they have been under measures (days, overlapping measures once). */
  timeUnderMeasures: { key: string; persons: number }[];
};

/** The burden of conditions month by month between two dates, over the persons whose consent is given. */
export async function conditionCounts(
  db: Db,
  query: { from: string; to: string; today: string; consent?: readonly Consent[] | undefined },
): Promise<ConditionCounts> {
  const weekEnd = dayToIso(dayNumber(query.today) + 27);
  // The months asked and the next four weeks, whichever reach further.
  const records = await measureRecords(db, {
    startedBy: query.to > weekEnd ? query.to : weekEnd,
    endsOnOrAfter: query.from < query.today ? query.from : query.today,
    consent: query.consent,
  });
  const spans: MeasureSpan[] = [];
  const schedules: { person: string; periods: ReturnType<typeof schedulePeriods>; changes: ReturnType<typeof scheduleChanges>; record: MeasureRecords }[] = [];
  for (const record of records) {
    const end = endOf(record);
    const span = measureSpan(record.measure, end);
    if (span) spans.push(span);
    if (record.measure.kind === 'periodic_reporting') {
      const changes = scheduleChanges(record.measure, record.changes, end);
      schedules.push({ person: record.measure.person, periods: schedulePeriods(changes), changes, record });
    }
  }
  const months: ConditionMonth[] = [];
  for (let month = query.from.slice(0, 7); month <= query.to.slice(0, 7); month = nextMonth(month)) {
    const last = dayToIso(dayNumber(`${nextMonth(month)}-01`) - 1);
    const on = last < query.today ? last : query.today;
    const under = underMeasuresOn(spans, on);
    months.push({
      month,
      underByKind: Object.fromEntries(MEASURE_KINDS.map((kind) => [kind, under.byKind[kind] ?? 0])) as Record<MeasureKind, number>,
      underAny: under.any,
      due: 0,
      missed: 0,
    });
  }
  const byMonth = new Map(months.map((m) => [m.month, m]));
  for (const schedule of schedules) {
    for (const due of duesBetween(schedule.changes, schedule.record.presentations, query.from, query.to, query.today)) {
      const month = byMonth.get(due.on.slice(0, 7));
      if (!month || due.on > query.today) continue;
      month.due++;
      if (due.state === 'missed') month.missed++;
    }
  }
  const underToday = new Set(spans.filter((span) => span.from <= query.today && (span.to === null || span.to >= query.today)).map((span) => span.person));
  const days = [...daysUnderMeasures(spans, query.today)].filter(([person]) => underToday.has(person)).map(([, n]) => n);
  const timeUnderMeasures = bucketCounts(days, DURATION_BUCKETS).map(({ key, count }) => ({ key, persons: count }));
  return { months, dueByCourtAndWeek: presentationsDue(schedules, query.today, weekEnd), timeUnderMeasures };
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

export const PUBLIC_CONDITIONS_RULE = 'every number from 1 to 4 is withheld (null)';

/** The counts as the public reads them: every number from 1 to 4 withheld, courts only as totals per week. */
export function publicConditionCounts(counts: ConditionCounts) {
  return {
    months: counts.months.map((month) => ({
      month: month.month,
      underByKind: Object.fromEntries(Object.entries(month.underByKind).map(([kind, n]) => [kind, withheld(n)])) as Record<MeasureKind, number | null>,
      underAny: withheld(month.underAny),
      due: withheld(month.due),
      // due − missed is the number met: a small one must not be worked out either
      missed: withheld(month.due - month.missed) === null ? null : withheld(month.missed),
    })),
    // Courts are named in what the public sees only as totals per week.
    dueByCourtAndWeek: [] as ConditionCounts['dueByCourtAndWeek'],
    dueByWeek: weekly(counts.dueByCourtAndWeek).map((week) => ({ week: week.week, due: withheld(week.due) })),
    timeUnderMeasures: withholdSmallParts(counts.timeUnderMeasures.map((bucket) => bucket.persons)).map((persons, i) => ({
      key: counts.timeUnderMeasures[i]!.key,
      persons,
    })),
  };
}
export type PublicConditionCounts = ReturnType<typeof publicConditionCounts>;

/** Presentations due per week, all courts together. */
function weekly(cells: readonly { week: string; due: number }[]): { week: string; due: number }[] {
  const weeks = new Map<string, number>();
  for (const cell of cells) weeks.set(cell.week, (weeks.get(cell.week) ?? 0) + cell.due);
  return [...weeks].map(([week, due]) => ({ week, due })).sort((a, b) => a.week.localeCompare(b.week));
}
