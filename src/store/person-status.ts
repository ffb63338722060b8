/**
 * The stored status (`persons.status`, kept by triggers: migration 015) against its definitions:
 * the SQL fold (`person_status_derived`) and the domain's `deriveStatus`, which `recuento check`
 * compares for every person, a page at a time.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { TimelineEntry } from '../domain/registry/derive-status.js';
import type { EventKind } from '../domain/registry/vocabulary.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Recomputes the stored status of everyone with an event of one of these kinds (their effect changed). */
export async function refreshStatusesOfKinds(db: Db, kinds: readonly string[]): Promise<void> {
  await sql`select refresh_person_status(array(
    select distinct person_id from events where kind in (${sql.join([...kinds])}) order by 1))`.execute(db);
}

/** One person's stored status beside the SQL fold's, and their timeline for the domain's. */
export type StatusSample = {
  personId: string;
  stored: string;
  storedEventId: string | null;
  storedLevel: string;
  storedPlace: string | null;
  storedPlaceFacility: string | null;
  storedPlaceLevel: string;
  derived: string;
  derivedEventId: string | null;
  derivedLevel: string;
  derivedPlace: string | null;
  derivedPlaceFacility: string | null;
  derivedPlaceLevel: string;
  timeline: (TimelineEntry & { id: string; facilityId: string | null })[];
};

/** A page of persons after `after` (by id), with both statuses and their timelines. */
export async function statusPage(db: Db, after: string | null, limit: number): Promise<StatusSample[]> {
  const persons = await sql<Omit<StatusSample, 'timeline'>>`
    select p.id as person_id, p.status as stored, p.status_event_id as stored_event_id, p.status_level as stored_level,
      p.place_event_id as stored_place, p.place_facility_id as stored_place_facility, p.place_level as stored_place_level,
      d.status as derived, d.status_event_id as derived_event_id, d.status_level as derived_level,
      d.place_event_id as derived_place, d.place_facility_id as derived_place_facility, d.place_level as derived_place_level
    from persons p join person_status_derived d on d.person_id = p.id
    where ${after === null ? sql`true` : sql`p.id > ${after}`}
    order by p.id limit ${limit}`.execute(db);
  if (persons.rows.length === 0) return [];
  const ids = persons.rows.map((r) => r.personId);
  const events = await db.selectFrom('events').select(['id', 'personId', 'kind', 'occurredOn', 'seq', 'facilityId']).where('personId', 'in', ids).execute();
  const timelines = new Map<string, StatusSample['timeline']>();
  for (const e of events) {
    const list = timelines.get(e.personId) ?? [];
    list.push({ id: e.id, kind: e.kind as EventKind, occurredOn: String(e.occurredOn), seq: Number(e.seq), facilityId: e.facilityId });
    timelines.set(e.personId, list);
  }
  return persons.rows.map((r) => ({ ...r, timeline: timelines.get(r.personId) ?? [] }));
}

/** Rewrites every stored status (and place) that differs from the SQL fold; how many were rewritten. */
export async function refreshAllStatuses(db: Db): Promise<number> {
  const differing = await sql<{ id: string }>`select p.id from persons p join person_status_derived d on d.person_id = p.id
    where (p.status, p.status_event_id, p.status_level, p.place_event_id, p.place_facility_id, p.place_level)
      is distinct from (d.status, d.status_event_id, d.status_level, d.place_event_id, d.place_facility_id, d.place_level)
    order by p.id`.execute(db);
  const ids = differing.rows.map((r) => r.id);
  if (ids.length > 0) await sql`select refresh_person_status(${ids}::uuid[])`.execute(db);
  return ids.length;
}
