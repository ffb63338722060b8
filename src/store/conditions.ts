/**
 * Conditions as recorded: changes of a measure (each with the timeline event that records it),
 * presentations and breaches; and what the schedule engine (domain/conditions) needs to derive due
 * dates, missed and overdue presentations for one measure or for everyone reporting to a court. The
 * derivation itself is not here: these functions return records, never states.
 */
import { type Kysely, sql } from 'kysely';
import type { RecordedChange, RecordedMeasure, TimelinePoint } from '../domain/conditions/measure-history.js';
import type { Breach, Presentation } from '../domain/conditions/reporting-schedule.js';
import type { BreachKind, Consent, EventKind, MeasureChangeKind, MeasureKind, Weekday } from '../domain/registry/vocabulary.js';
import { AppError } from '../shared/app-error.js';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;

/** A measure with everything its schedule and end depend on. */
export type MeasureRecords = {
  measure: RecordedMeasure & { reviewOn: string | null };
  changes: RecordedChange[];
  presentations: Presentation[];
  breaches: Breach[];
  /** The carrying event and the first later event that changes custody or lifts measures (what ends a measure). */
  timeline: TimelinePoint[];
  personName: string;
  consent: Consent;
};

export type ChangeFields = {
  on: string;
  kind: MeasureChangeKind;
  everyDays?: number | null | undefined;
  weekdays?: Weekday[] | null | undefined;
  /** undefined: the court stays as it was. */
  court?: string | null | undefined;
  sourceId?: string | null | undefined;
};

/** What a measure filter selects: reporting measures (at a court), in force some time in a window. */
export type MeasureFilter = {
  kinds?: readonly MeasureKind[];
  court?: string | undefined;
  /** Measures that started on or before this day. */
  startedBy: string;
  /** Measures whose planned end is on or after this day (or have none). */
  endsOnOrAfter?: string | undefined;
  consent?: readonly Consent[] | undefined;
  measureId?: string;
  /** Only presentations after this day (a window's due dates need none older than their longest period). */
  presentationsAfter?: string | undefined;
};

/**
 * The measures the filter selects with their changes, presentations, breaches and the first later
 * event that may end them — one statement, one row per measure (the rest as JSON arrays), each part
 * read through an index: a measure's records by its id, the ending event from the carrying event's
 * place in the person's timeline.
 */
export async function measureRecords(db: Db, filter: MeasureFilter): Promise<MeasureRecords[]> {
  const atCourt = filter.court === undefined ? undefined : await measuresAtCourt(db, filter.court);
  if (atCourt?.length === 0) return [];
  // The court's measures drive the join (a nested loop over their ids, not a scan of every measure).
  const source = atCourt ? sql`unnest(${atCourt}::uuid[]) as at_court (id) join measures m on m.id = at_court.id` : sql`measures m`;
  const where = measureWhere(filter);
  const after = filter.presentationsAfter ? sql`and pr.presented_on > ${filter.presentationsAfter}` : sql``;
  type Json<T> = T[] | null;
  const result = await sql<{
    id: string;
    eventId: string;
    kind: string;
    everyDays: number | null;
    weekdays: string[] | null;
    court: string | null;
    startsOn: string;
    endsOn: string | null;
    reviewOn: string | null;
    personId: string;
    eventKind: string;
    eventOn: string;
    eventSeq: string;
    name: string;
    consent: string;
    changes: Json<[string, string, number | null, string[] | null, string | null, boolean, string | null]>;
    presentations: Json<[string, string | null, string | null]>;
    breaches: Json<[string, string, string | null]>;
    ending: [string, string, string, number] | null;
  }>`select m.id, m.event_id as "eventId", m.kind, m.every_days as "everyDays", m.weekdays, m.court,
      m.starts_on::text as "startsOn", m.ends_on::text as "endsOn", m.review_on::text as "reviewOn",
      e.person_id as "personId", e.kind as "eventKind", e.occurred_on::text as "eventOn", e.seq as "eventSeq",
      concat_ws(' ', p.given_names, p.first_surname, p.second_surname) as name, p.consent,
      (select json_agg(json_build_array(c.changed_on, c.kind, c.every_days, c.weekdays, c.court, c.court_changed, c.source_id) order by c.changed_on, c.recorded_at)
        from measure_changes c where c.measure_id = m.id) as changes,
      (select json_agg(json_build_array(pr.presented_on, pr.court, pr.source_id) order by pr.presented_on)
        from presentations pr where pr.measure_id = m.id ${after}) as presentations,
      (select json_agg(json_build_array(b.breached_on, b.kind, b.source_id) order by b.breached_on)
        from measure_breaches b where b.measure_id = m.id) as breaches,
      (select json_build_array(l.id, l.kind, l.occurred_on, l.seq) from events l join event_kinds k on k.kind = l.kind
        where l.person_id = e.person_id and (l.occurred_on, l.seq) > (e.occurred_on, e.seq)
          and (k.effect <> 'none' or (l.kind = 'measures_changed' and exists (select 1 from measures n where n.event_id = l.id and n.kind = m.kind)))
        order by l.occurred_on, l.seq limit 1) as ending
    from ${source} join events e on e.id = m.event_id join persons p on p.id = e.person_id
    where ${where}
    order by m.id`.execute(db);
  return result.rows.map((m) => {
    const carrier: TimelinePoint = { id: m.eventId, kind: m.eventKind as EventKind, occurredOn: m.eventOn, seq: Number(m.eventSeq) };
    // A change of measures comes back only when it imposes a measure of this kind.
    const ending = m.ending && {
      id: m.ending[0],
      kind: m.ending[1] as EventKind,
      occurredOn: m.ending[2],
      seq: Number(m.ending[3]),
      carries: [m.kind as MeasureKind],
    };
    const timeline = ending ? [carrier, ending] : [carrier];
    return {
      measure: {
        id: m.id,
        person: m.personId,
        eventId: m.eventId,
        kind: m.kind as MeasureKind,
        everyDays: m.everyDays,
        weekdays: m.weekdays as Weekday[] | null,
        court: m.court,
        startsOn: m.startsOn,
        endsOn: m.endsOn,
        reviewOn: m.reviewOn,
      },
      changes: (m.changes ?? []).map(([on, kind, everyDays, weekdays, court, courtChanged, source]) => ({
        on,
        kind: kind as MeasureChangeKind,
        everyDays,
        weekdays: weekdays as Weekday[] | null,
        ...(courtChanged ? { court } : {}),
        source,
      })),
      presentations: (m.presentations ?? []).map(([on, court, source]) => ({ on, court, source })),
      breaches: (m.breaches ?? []).map(([on, what, source]) => ({ on, what, source })),
      timeline,
      personName: m.name,
      consent: m.consent as Consent,
    };
  });
}

function measureWhere(filter: MeasureFilter) {
  const parts = [sql`m.starts_on <= ${filter.startedBy}`];
  if (filter.measureId) parts.push(sql`m.id = ${filter.measureId}`);
  if (filter.kinds) parts.push(sql`m.kind in (${sql.join([...filter.kinds])})`);
  if (filter.endsOnOrAfter) parts.push(sql`(m.ends_on is null or m.ends_on >= ${filter.endsOnOrAfter})`);
  if (filter.consent) parts.push(sql`p.consent in (${sql.join([...filter.consent])})`);
  return sql.join(parts, sql` and `);
}

/**
 * The measures reporting to a court at some time — named by the measure, or by a change that moved it
 * there — found through both indexes first, so that the planner starts from the court's few measures
 * rather than from every reporting measure.
 */
async function measuresAtCourt(db: Db, court: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`select id from measures where kind = 'periodic_reporting' and court = ${court}
    union select measure_id from measure_changes where court_changed and court = ${court}`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** One measure's records (undefined: no such measure). */
export async function oneMeasureRecords(db: Db, measureId: string): Promise<MeasureRecords | undefined> {
  const [records] = await measureRecords(db, { measureId, startedBy: '9999-12-31' });
  return records;
}

/**
 * Records a change of a measure and the timeline event that shows it ("measures changed"; "house
 * arrest" for a conversion), in one transaction.
 */
export async function addMeasureChange(db: Db, measureId: string, fields: ChangeFields): Promise<{ id: string; eventId: string }> {
  return db.transaction().execute(async (trx) => {
    const measure = await trx
      .selectFrom('measures as m')
      .innerJoin('events as e', 'e.id', 'm.eventId')
      .select(['m.id', 'm.court', 'e.personId', 'e.detentionId'])
      .where('m.id', '=', measureId)
      .forUpdate()
      .executeTakeFirst();
    if (!measure) throw new AppError('not_found', 'measure not found');
    const eventId = newTimeOrderedId();
    await translateErrors(() =>
      trx
        .insertInto('events')
        .values({
          id: eventId,
          personId: measure.personId,
          detentionId: measure.detentionId,
          kind: fields.kind === 'converted_to_house_arrest' ? 'house_arrest' : 'measures_changed',
          occurredOn: fields.on,
          occurredOnPrecision: 'day',
          court: fields.court !== undefined ? fields.court : measure.court,
        })
        .execute(),
    );
    const id = newTimeOrderedId();
    await translateErrors(() =>
      trx
        .insertInto('measureChanges')
        .values({
          id,
          measureId,
          eventId,
          changedOn: fields.on,
          kind: fields.kind,
          everyDays: fields.everyDays ?? null,
          weekdays: fields.weekdays ?? null,
          court: fields.court ?? null,
          courtChanged: fields.court !== undefined,
          sourceId: fields.sourceId ?? null,
        })
        .execute(),
    );
    if (fields.sourceId) await trx.insertInto('sourceLinks').values({ sourceId: fields.sourceId, eventId, level: 'reported' }).execute();
    return { id, eventId };
  });
}

/** Records a presentation made at a court; one per measure and day. */
export async function addPresentation(
  db: Db,
  measureId: string,
  fields: { on: string; court?: string | null | undefined; sourceId?: string | null | undefined },
) {
  const id = newTimeOrderedId();
  await translateErrors(() =>
    db
      .insertInto('presentations')
      .values({ id, measureId, presentedOn: fields.on, court: fields.court ?? null, sourceId: fields.sourceId ?? null })
      .execute(),
  );
  return { id };
}

/** Records a breach of a measure. */
export async function addBreach(db: Db, measureId: string, fields: { on: string; kind: BreachKind; sourceId?: string | null | undefined }) {
  const id = newTimeOrderedId();
  await translateErrors(() =>
    db
      .insertInto('measureBreaches')
      .values({ id, measureId, breachedOn: fields.on, kind: fields.kind, sourceId: fields.sourceId ?? null })
      .execute(),
  );
  return { id };
}
