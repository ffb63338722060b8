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
export async function refreshStatusesOfKinds(db: Db, kinds: readonly string[]): Promise<number> {
  const result = await sql`update persons p set status = d.status, status_event_id = d.status_event_id, status_level = d.status_level
    from person_status_derived d
    where d.person_id = p.id
      and p.id in (select person_id from events where kind in (${sql.join([...kinds])}))
      and (p.status, p.status_event_id, p.status_level) is distinct from (d.status, d.status_event_id, d.status_level)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** One person's stored status beside the SQL fold's, and their timeline for the domain's. */
export type StatusSample = {
  personId: string;
  stored: string;
  storedEventId: string | null;
  storedLevel: string;
  derived: string;
  derivedEventId: string | null;
  derivedLevel: string;
  timeline: (TimelineEntry & { id: string })[];
};

/** A page of persons after `after` (by id), with both statuses and their timelines. */
export async function statusPage(db: Db, after: string | null, limit: number): Promise<StatusSample[]> {
  const persons = await sql<Omit<StatusSample, 'timeline'>>`
    select p.id as person_id, p.status as stored, p.status_event_id as stored_event_id, p.status_level as stored_level,
      d.status as derived, d.status_event_id as derived_event_id, d.status_level as derived_level
    from persons p join person_status_derived d on d.person_id = p.id
    where ${after === null ? sql`true` : sql`p.id > ${after}`}
    order by p.id limit ${limit}`.execute(db);
  if (persons.rows.length === 0) return [];
  const ids = persons.rows.map((r) => r.personId);
  const events = await db.selectFrom('events').select(['id', 'personId', 'kind', 'occurredOn', 'seq']).where('personId', 'in', ids).execute();
  const timelines = new Map<string, StatusSample['timeline']>();
  for (const e of events) {
    const list = timelines.get(e.personId) ?? [];
    list.push({ id: e.id, kind: e.kind as EventKind, occurredOn: String(e.occurredOn), seq: Number(e.seq) });
    timelines.set(e.personId, list);
  }
  return persons.rows.map((r) => ({ ...r, timeline: timelines.get(r.personId) ?? [] }));
}

/** Rewrites every stored status that differs from the SQL fold; how many were rewritten. */
export async function refreshAllStatuses(db: Db): Promise<number> {
  const result = await sql`update persons p set status = d.status, status_event_id = d.status_event_id, status_level = d.status_level
    from person_status_derived d
    where d.person_id = p.id and (p.status, p.status_event_id, p.status_level) is distinct from (d.status, d.status_event_id, d.status_level)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
