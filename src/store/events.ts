/** A person's timeline of events, and the precautionary measures set at a release. */
import type { Kysely, Selectable } from 'kysely';
import type { Weekday } from '../domain/registry/vocabulary.js';
import { AppError } from '../shared/app-error.js';
import type { Measure, TimelineEvent } from '../shared/schemas.js';
import { definedOnly } from './defined-only.js';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;
export type EventFields = Omit<TimelineEvent, 'id' | 'seq'>;
export type MeasureFields = {
  eventId: string;
  kind: Measure['kind'];
  everyDays?: number | null | undefined;
  weekdays?: Weekday[] | null | undefined;
  court?: string | null | undefined;
  startsOn: string;
  endsOn?: string | null | undefined;
  reviewOn?: string | null | undefined;
  notes?: string | null | undefined;
};
/** An event with the measures it imposed. */
export type TimelineEntryWithMeasures = TimelineEvent & { measures: Measure[] };

/**
 * Seals and opens the free-text notes of events and measures (usecases/sensitive.ts implements it with
 * the master key; each note is bound to its table and record). Plain text written before notes
 * were sealed opens as it is, until the server seals it at start.
 */
export type NoteCipher = {
  seal(table: 'events' | 'measures', id: string, text: string): string;
  open(table: 'events' | 'measures', id: string, stored: string): string;
};

const sealNote = (cipher: NoteCipher, table: 'events' | 'measures', id: string, text: string | null | undefined) =>
  text == null ? null : cipher.seal(table, id, text);
const openNote = (cipher: NoteCipher, table: 'events' | 'measures', id: string, stored: string | null) =>
  stored === null ? null : cipher.open(table, id, stored);

export async function createEvent(db: Db, fields: EventFields, notes: NoteCipher): Promise<TimelineEvent> {
  const id = newTimeOrderedId();
  await translateErrors(() =>
    db
      .insertInto('events')
      .values({ id, ...toRow(fields), notes: sealNote(notes, 'events', id, fields.notes) })
      .execute(),
  );
  return (await getEvent(db, id, notes))!;
}

export async function updateEvent(db: Db, id: string, patch: Partial<EventFields>, notes: NoteCipher): Promise<TimelineEvent> {
  const current = await getEvent(db, id, notes);
  if (!current) throw new AppError('not_found', 'event not found');
  const merged = { ...current, ...definedOnly(patch), personId: current.personId };
  await translateErrors(() =>
    db
      .updateTable('events')
      .set({ ...toRow(merged), notes: sealNote(notes, 'events', id, merged.notes) })
      .where('id', '=', id)
      .execute(),
  );
  return (await getEvent(db, id, notes))!;
}

export async function getEvent(db: Db, id: string, notes: NoteCipher): Promise<TimelineEvent | undefined> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEvent(row, notes);
}

/** The timeline in order (date, then the order recorded), each event with its measures. */
export async function listTimeline(db: Db, personId: string, notes: NoteCipher): Promise<TimelineEntryWithMeasures[]> {
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
    ...toEvent(e, notes),
    measures: measures.filter((m) => m.eventId === e.id).map((m) => toMeasure(m, e.personId, notes)),
  }));
}

/** Adds a measure to a release event; only releases carry measures. */
export async function createMeasure(db: Db, fields: MeasureFields, notes: NoteCipher): Promise<Measure> {
  const event = await getEvent(db, fields.eventId, notes);
  if (!event) throw new AppError('invalid_reference', 'measure for a missing event', { publicMessage: 'The event does not exist.' });
  if (!['released_with_measures', 'measures_changed', 'house_arrest'].includes(event.kind)) {
    throw new AppError('validation_failed', 'measure on a non-release event', {
      details: [{ path: 'eventId', reason: 'measures belong to a release with measures, a change of measures, or house arrest' }],
    });
  }
  const id = newTimeOrderedId();
  await translateErrors(() =>
    db
      .insertInto('measures')
      .values({ id, ...toMeasureRow(fields), notes: sealNote(notes, 'measures', id, fields.notes) })
      .execute(),
  );
  return (await getMeasure(db, id, notes))!;
}

export async function updateMeasure(db: Db, id: string, patch: Partial<MeasureFields>, notes: NoteCipher): Promise<Measure> {
  const current = await getMeasure(db, id, notes);
  if (!current) throw new AppError('not_found', 'measure not found');
  const merged = { ...current, ...definedOnly(patch), eventId: current.eventId };
  if (merged.endsOn && merged.endsOn < merged.startsOn) {
    throw new AppError('validation_failed', 'measure ends before start', { details: [{ path: 'endsOn', reason: 'a measure cannot end before it starts' }] });
  }
  await translateErrors(() =>
    db
      .updateTable('measures')
      .set({ ...toMeasureRow(merged), notes: sealNote(notes, 'measures', id, merged.notes) })
      .where('id', '=', id)
      .execute(),
  );
  return (await getMeasure(db, id, notes))!;
}

export async function getMeasure(db: Db, id: string, notes: NoteCipher): Promise<Measure | undefined> {
  const row = await db
    .selectFrom('measures as m')
    .innerJoin('events as e', 'e.id', 'm.eventId')
    .selectAll('m')
    .select('e.personId')
    .where('m.id', '=', id)
    .executeTakeFirst();
  return row && toMeasure(row, row.personId, notes);
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
  };
}

function toEvent(row: EventRow, notes: NoteCipher): TimelineEvent {
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
    notes: openNote(notes, 'events', row.id, row.notes),
  };
}
type EventRow = Omit<Selectable<Database['events']>, 'createdAt'>;

function toMeasureRow(fields: MeasureFields) {
  return {
    eventId: fields.eventId,
    kind: fields.kind,
    everyDays: fields.everyDays ?? null,
    weekdays: fields.weekdays ?? null,
    court: fields.court ?? null,
    startsOn: fields.startsOn,
    endsOn: fields.endsOn ?? null,
    reviewOn: fields.reviewOn ?? null,
  };
}

function toMeasure(row: Selectable<Database['measures']>, personId: string, notes: NoteCipher): Measure {
  return {
    ...row,
    personId,
    kind: row.kind as Measure['kind'],
    weekdays: (row.weekdays as Weekday[] | null) ?? null,
    reviewOn: row.reviewOn ?? null,
    notes: openNote(notes, 'measures', row.id, row.notes),
  };
}

/** Notes still in plain text (written before notes were sealed), a batch at a time. */
export async function plainNotes(db: Db, table: 'events' | 'measures', limit: number): Promise<{ id: string; notes: string }[]> {
  const rows = await db.selectFrom(table).select(['id', 'notes']).where('notes', 'is not', null).where('notes', 'not like', 'rcx1.%').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, notes: r.notes! }));
}

/** Every sealed note (for re-sealing under a new master key). */
export async function sealedNotes(db: Db, table: 'events' | 'measures'): Promise<{ id: string; notes: string }[]> {
  const rows = await db.selectFrom(table).select(['id', 'notes']).where('notes', 'like', 'rcx1.%').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, notes: r.notes! }));
}

export async function replaceNote(db: Db, table: 'events' | 'measures', id: string, notes: string | null): Promise<void> {
  await db.updateTable(table).set({ notes }).where('id', '=', id).execute();
}

/** Clears the notes of persons' events and their measures (part of erasing their sensitive data). */
export async function clearNotesOf(db: Db, personIds: string | readonly string[]): Promise<number> {
  const ids = typeof personIds === 'string' ? [personIds] : [...personIds];
  if (ids.length === 0) return 0;
  const events = await db.updateTable('events').set({ notes: null }).where('personId', 'in', ids).where('notes', 'is not', null).executeTakeFirst();
  const measures = await db
    .updateTable('measures')
    .set({ notes: null })
    .where('eventId', 'in', db.selectFrom('events').select('id').where('personId', 'in', ids))
    .where('notes', 'is not', null)
    .executeTakeFirst();
  return Number(events.numUpdatedRows) + Number(measures.numUpdatedRows);
}
