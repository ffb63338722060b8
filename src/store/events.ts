/** A person's timeline of events, and the precautionary measures set at a release. */
import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../shared/app-error.js';
import type { Measure, TimelineEvent } from '../shared/schemas.js';
import { definedOnly } from './defined-only.js';
import type { Database } from './schema.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;
export type EventFields = Omit<TimelineEvent, 'id' | 'seq'>;
export type MeasureFields = {
  eventId: string;
  kind: Measure['kind'];
  everyDays?: number | null | undefined;
  court?: string | null | undefined;
  startsOn: string;
  endsOn?: string | null | undefined;
  notes?: string | null | undefined;
};
/** An event with the measures it imposed. */
export type TimelineEntryWithMeasures = TimelineEvent & { measures: Measure[] };

export async function createEvent(db: Db, fields: EventFields): Promise<TimelineEvent> {
  const row = await translateErrors(() => db.insertInto('events').values(toRow(fields)).returning('id').executeTakeFirstOrThrow());
  return (await getEvent(db, row.id))!;
}

export async function updateEvent(db: Db, id: string, patch: Partial<EventFields>): Promise<TimelineEvent> {
  const current = await getEvent(db, id);
  if (!current) throw new AppError('not_found', 'event not found');
  const merged = { ...current, ...definedOnly(patch), personId: current.personId };
  await translateErrors(() => db.updateTable('events').set(toRow(merged)).where('id', '=', id).execute());
  return (await getEvent(db, id))!;
}

export async function getEvent(db: Db, id: string): Promise<TimelineEvent | undefined> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEvent(row);
}

/** The timeline in order (date, then the order recorded), each event with its measures. */
export async function listTimeline(db: Db, personId: string): Promise<TimelineEntryWithMeasures[]> {
  const events = await db.selectFrom('events').selectAll().where('personId', '=', personId).orderBy('occurredOn').orderBy('seq').execute();
  if (events.length === 0) return [];
  const measures = await db
    .selectFrom('measures')
    .selectAll()
    .where(
      'eventId',
      'in',
      events.map((e) => e.id),
    )
    .orderBy('startsOn')
    .execute();
  return events.map((e) => ({
    ...toEvent(e),
    measures: measures.filter((m) => m.eventId === e.id).map((m) => toMeasure(m, e.personId)),
  }));
}

/** Adds a measure to a release event; only releases carry measures. */
export async function createMeasure(db: Db, fields: MeasureFields): Promise<Measure> {
  const event = await getEvent(db, fields.eventId);
  if (!event) throw new AppError('invalid_reference', 'measure for a missing event', { publicMessage: 'The event does not exist.' });
  if (!['released_with_measures', 'measures_changed', 'house_arrest'].includes(event.kind)) {
    throw new AppError('validation_failed', 'measure on a non-release event', {
      details: [{ path: 'eventId', reason: 'measures belong to a release with measures, a change of measures, or house arrest' }],
    });
  }
  const row = await translateErrors(() => db.insertInto('measures').values(toMeasureRow(fields)).returning('id').executeTakeFirstOrThrow());
  return (await getMeasure(db, row.id))!;
}

export async function updateMeasure(db: Db, id: string, patch: Partial<MeasureFields>): Promise<Measure> {
  const current = await getMeasure(db, id);
  if (!current) throw new AppError('not_found', 'measure not found');
  const merged = { ...current, ...definedOnly(patch), eventId: current.eventId };
  if (merged.endsOn && merged.endsOn < merged.startsOn) {
    throw new AppError('validation_failed', 'measure ends before start', { details: [{ path: 'endsOn', reason: 'a measure cannot end before it starts' }] });
  }
  await translateErrors(() => db.updateTable('measures').set(toMeasureRow(merged)).where('id', '=', id).execute());
  return (await getMeasure(db, id))!;
}

export async function getMeasure(db: Db, id: string): Promise<Measure | undefined> {
  const row = await db
    .selectFrom('measures as m')
    .innerJoin('events as e', 'e.id', 'm.eventId')
    .selectAll('m')
    .select('e.personId')
    .where('m.id', '=', id)
    .executeTakeFirst();
  return row && toMeasure(row, row.personId);
}

function toRow(fields: EventFields) {
  return {
    personId: fields.personId,
    detentionId: fields.detentionId ?? null,
    kind: fields.kind,
    occurredOn: fields.occurredOn,
    occurredOnPrecision: fields.occurredOnPrecision,
    facilityId: fields.facilityId ?? null,
    court: fields.court ?? null,
    notes: fields.notes ?? null,
  };
}

function toEvent(row: EventRow): TimelineEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    personId: row.personId,
    detentionId: row.detentionId,
    kind: row.kind as TimelineEvent['kind'],
    occurredOn: row.occurredOn,
    occurredOnPrecision: row.occurredOnPrecision as TimelineEvent['occurredOnPrecision'],
    facilityId: row.facilityId,
    court: row.court,
    notes: row.notes,
  };
}
type EventRow = Omit<Selectable<Database['events']>, 'createdAt'>;

function toMeasureRow(fields: MeasureFields) {
  return {
    eventId: fields.eventId,
    kind: fields.kind,
    everyDays: fields.everyDays ?? null,
    court: fields.court ?? null,
    startsOn: fields.startsOn,
    endsOn: fields.endsOn ?? null,
    notes: fields.notes ?? null,
  };
}

function toMeasure(row: Selectable<Database['measures']>, personId: string): Measure {
  return { ...row, personId, kind: row.kind as Measure['kind'] };
}
