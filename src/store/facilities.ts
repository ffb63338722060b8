/** Detention facilities and the offence thesaurus (reference data that organisations extend). */

import { type Kysely, type Selectable, sql } from 'kysely';
import type { Consent, EventKind, FacilityStatus, FacilityStatusChange } from '../domain/registry/vocabulary.js';
import { AppError } from '../shared/app-error.js';
import type { Facility, Offence } from '../shared/schemas.js';
import { definedOnly } from './defined-only.js';
import { inTransaction } from './in-transaction.js';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;
export type FacilityFields = Omit<Facility, 'id'>;

export async function createFacility(db: Db, fields: FacilityFields): Promise<Facility> {
  const row = await translateErrors(() => db.insertInto('facilities').values(toRow(fields)).returning('id').executeTakeFirstOrThrow());
  return (await getFacility(db, row.id))!;
}

/**
 * Changes a facility, in one transaction. A new status is not overwritten but added to the status
 * history, dated `statusSince` or `today` (a facility opened again is "reopened"); a date before the
 * latest entry is refused, since it would not become the current status (record it in the history).
 */
export async function updateFacility(db: Db, id: string, patch: Partial<FacilityFields>, today: string): Promise<Facility> {
  return inTransaction(db, async (trx) => {
    const current = await getFacility(trx, id);
    if (!current) throw new AppError('not_found', 'facility not found');
    const { status, statusSince, ...rest } = definedOnly(patch);
    await translateErrors(() =>
      trx
        .updateTable('facilities')
        .set(toRow({ ...current, ...rest }))
        .where('id', '=', id)
        .execute(),
    );
    if (status !== undefined && status !== current.status) {
      const on = statusSince ?? today;
      if (on > today) {
        throw new AppError('validation_failed', 'status in the future', {
          details: [{ path: 'statusSince', reason: 'the history records what has happened: a change dated after today cannot be recorded yet' }],
        });
      }
      const later = (await facilityStatusHistory(trx, id)).find((entry) => entry.on > on);
      if (later) {
        throw new AppError('validation_failed', 'status older than the history', {
          details: [
            {
              path: 'statusSince',
              reason: `the history has a later entry (${later.status.replace(/_/g, ' ')} on ${later.on}), which stays current: add a past change through the status history instead`,
            },
          ],
        });
      }
      await addFacilityStatus(trx, id, { on, status: status === 'open' ? 'reopened' : status, citation: "recorded as the facility's status" });
    }
    return (await getFacility(trx, id))!;
  });
}

export async function getFacility(db: Db, id: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toFacility(row);
}

export async function listFacilities(db: Db): Promise<Facility[]> {
  const rows = await db.selectFrom('facilities').selectAll().orderBy('name').execute();
  return rows.map(toFacility);
}

/** Facility ids by code, for imports and the demo generator. */
export async function facilityIdsByCode(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('facilities').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function listOffences(db: Db): Promise<Offence[]> {
  const rows = await db.selectFrom('offences').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ ...r, category: r.category as Offence['category'] }));
}

export async function createOffence(db: Db, offence: Offence): Promise<Offence> {
  await translateErrors(() => db.insertInto('offences').values(offence).execute());
  return offence;
}

/** Changes an offence of the thesaurus (its labels, reference or category); every case citing it follows. */
export async function updateOffence(db: Db, code: string, patch: Partial<Omit<Offence, 'code'>>): Promise<Offence> {
  const current = await db.selectFrom('offences').selectAll().where('code', '=', code).executeTakeFirst();
  if (!current) throw new AppError('not_found', 'offence not found', { publicMessage: `The thesaurus has no offence ${code}.` });
  const next = { ...current, ...definedOnly(patch) };
  await db.updateTable('offences').set(next).where('code', '=', code).execute();
  return { ...next, category: next.category as Offence['category'] };
}

/** A facility by its code. */
export async function getFacilityByCode(db: Db, code: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toFacility(row);
}

function toRow(fields: FacilityFields) {
  return {
    code: fields.code,
    name: fields.name,
    kind: fields.kind,
    agency: fields.agency ?? null,
    state: fields.state ?? null,
    status: fields.status,
    statusSince: fields.statusSince ?? null,
  };
}

function toFacility(row: Selectable<Database['facilities']>): Facility {
  return { ...row, kind: row.kind as Facility['kind'], status: row.status as Facility['status'] };
}

export type FacilityStatusEntry = {
  id: string;
  on: string;
  status: FacilityStatusChange;
  citation: string | null;
  url: string | null;
  sourceId: string | null;
};

/** The facility's status history, oldest first. */
export async function facilityStatusHistory(db: Db, facilityId: string): Promise<FacilityStatusEntry[]> {
  const rows = await db
    .selectFrom('facilityStatusChanges')
    .select(['id', 'changedOn', 'status', 'citation', 'url', 'sourceId'])
    .where('facilityId', '=', facilityId)
    .orderBy('changedOn')
    .orderBy('recordedAt')
    .execute();
  return rows.map((r) => ({ id: r.id, on: r.changedOn, status: r.status as FacilityStatusChange, citation: r.citation, url: r.url, sourceId: r.sourceId }));
}

/**
 * Records a change of a facility's status (with its date and source) and makes the facility's
 * current status the latest change, in one transaction.
 */
export async function addFacilityStatus(
  db: Db,
  facilityId: string,
  fields: {
    on: string;
    status: FacilityStatusChange;
    citation?: string | null | undefined;
    url?: string | null | undefined;
    sourceId?: string | null | undefined;
  },
): Promise<FacilityStatusEntry[]> {
  await inTransaction(db, async (trx) => {
    const facility = await trx.selectFrom('facilities').select('id').where('id', '=', facilityId).forUpdate().executeTakeFirst();
    if (!facility) throw new AppError('not_found', 'facility not found');
    await translateErrors(() =>
      trx
        .insertInto('facilityStatusChanges')
        .values({
          id: newTimeOrderedId(),
          facilityId,
          changedOn: fields.on,
          status: fields.status,
          citation: fields.citation ?? null,
          url: fields.url ?? null,
          sourceId: fields.sourceId ?? null,
        })
        .execute(),
    );
    const latest = await trx
      .selectFrom('facilityStatusChanges')
      .select(['status', 'changedOn'])
      .where('facilityId', '=', facilityId)
      .orderBy('changedOn', 'desc')
      .orderBy('recordedAt', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('facilities')
      .set({ status: currentStatus(latest.status as FacilityStatusChange), statusSince: latest.changedOn })
      .where('id', '=', facilityId)
      .execute();
  });
  return facilityStatusHistory(db, facilityId);
}

/** The current status a change leaves a facility in. */
export function currentStatus(change: FacilityStatusChange): FacilityStatus {
  return change === 'operating' || change === 'reopened' ? 'open' : change;
}

/** An event that moved someone, with the person's name and consent (for staff lists and consent filters). */
export type CustodyRow = { id: string; personId: string; kind: EventKind; occurredOn: string; seq: number; facilityId: string | null };
export type PersonSummary = { id: string; name: string; consent: Consent; externalId: string | null };

/**
 * The custody events (those that set a status or lift measures) of every person ever recorded at the facility, and
 * who those persons are: two queries through the index of events by facility, never a scan of the
 * registry. `consent` limits the persons.
 */
export async function custodyTimelinesAt(
  db: Db,
  facilityId: string,
  consent?: readonly Consent[],
): Promise<{ events: CustodyRow[]; persons: Map<string, PersonSummary> }> {
  const consentFilter = consent ? sql`and p.consent in (${sql.join([...consent])})` : sql``;
  // Who was ever there: an index-only scan of events by facility; then each of them by id.
  const ever = await sql<{ personId: string }>`select distinct person_id as "personId" from events where facility_id = ${facilityId}`.execute(db);
  const ids = ever.rows.map((r) => r.personId);
  if (ids.length === 0) return { events: [], persons: new Map() };
  const persons = await sql<{ id: string; name: string; consent: string; externalId: string | null }>`
    select p.id, concat_ws(' ', p.given_names, p.first_surname, p.second_surname) as name, p.consent, p.external_id as "externalId"
    from persons p where p.id = any(${ids}::uuid[]) ${consentFilter}`.execute(db);
  const counted = consent ? persons.rows.map((r) => r.id) : ids;
  const events = await sql<{ id: string; personId: string; kind: string; occurredOn: string; seq: string; facilityId: string | null }>`
    select e.id, e.person_id as "personId", e.kind, e.occurred_on::text as "occurredOn", e.seq, e.facility_id as "facilityId"
    from events e join event_kinds k on k.kind = e.kind and k.effect <> 'none'
    where e.person_id = any(${counted}::uuid[])`.execute(db);
  return {
    events: events.rows.map((r) => ({ ...r, kind: r.kind as EventKind, seq: Number(r.seq) })),
    persons: new Map(persons.rows.map((r) => [r.id, { ...r, consent: r.consent as Consent }])),
  };
}

export type EventSource = { eventId: string; organisation: string; title: string; url: string | null; publishedOn: string | null };

/** The sources cited for each of the events. */
export async function sourcesOfEvents(db: Db, eventIds: readonly string[]): Promise<Map<string, EventSource[]>> {
  const out = new Map<string, EventSource[]>();
  if (eventIds.length === 0) return out;
  const rows = await db
    .selectFrom('sourceLinks as l')
    .innerJoin('sources as s', 's.id', 'l.sourceId')
    .select(['l.eventId', 's.organisation', 's.title', 's.url', 's.publishedOn'])
    .where('l.eventId', 'in', [...eventIds])
    .execute();
  for (const row of rows) {
    const list = out.get(row.eventId!) ?? [];
    list.push({ ...row, eventId: row.eventId! });
    out.set(row.eventId!, list);
  }
  return out;
}

/**
 * The stays at a facility as spans (person, first day, last day or null), computed in the database
 * from the custody events of the persons ever recorded there: a detention, transfer or re-arrest
 * naming the facility runs to the day before the person's next event that sets a status. The same
 * rule as domain/facilities/stays.ts `staysOf` (a stay continued by another event at the same place
 * comes back as adjacent spans, which the population merges); a test holds the two equal.
 */
export async function staySpansAt(db: Db, facilityId: string, consent?: readonly Consent[]): Promise<{ person: string; from: string; to: string | null }[]> {
  const ever = await sql<{ personId: string }>`select distinct person_id as "personId" from events where facility_id = ${facilityId}`.execute(db);
  if (ever.rows.length === 0) return [];
  const consentFilter = consent ? sql`and p.consent in (${sql.join([...consent])})` : sql``;
  const rows = await sql<{ person: string; from: string; to: string | null }>`
    select person_id as person, occurred_on::text as "from", (next_on - 1)::text as "to" from (
      select e.person_id, e.kind, e.facility_id, e.occurred_on,
        lead(e.occurred_on) over (partition by e.person_id order by e.occurred_on, e.seq) as next_on
      from events e join event_kinds k on k.kind = e.kind and k.effect = 'set' join persons p on p.id = e.person_id
      where e.person_id = any(${ever.rows.map((r) => r.personId)}::uuid[]) ${consentFilter}
    ) custody
    where facility_id = ${facilityId} and kind in ('detained', 'transferred', 're_arrested')`.execute(db);
  return rows.rows;
}

/** Facilities whose current status is not the one their latest recorded change leaves them in. */
export async function facilityStatusDifferences(
  db: Db,
): Promise<{ code: string; stored: string; storedSince: string | null; latest: string; latestOn: string }[]> {
  const rows = await sql<{ code: string; stored: string; storedSince: string | null; change: string; latestOn: string }>`
    select f.code, f.status as stored, f.status_since::text as stored_since, c.status as change, c.changed_on::text as latest_on
    from facilities f
    join lateral (
      select status, changed_on from facility_status_changes c
      where c.facility_id = f.id order by changed_on desc, recorded_at desc, id desc limit 1
    ) c on true
    order by f.code`.execute(db);
  return rows.rows
    .map((r) => ({ code: r.code, stored: r.stored, storedSince: r.storedSince, latest: currentStatus(r.change as FacilityStatusChange), latestOn: r.latestOn }))
    .filter((r) => r.stored !== r.latest || r.storedSince !== r.latestOn);
}

/** Sets every facility's current status to what its latest recorded change leaves it in; how many changed. */
export async function refreshFacilityStatuses(db: Db): Promise<number> {
  const differences = await facilityStatusDifferences(db);
  for (const d of differences) {
    await db.updateTable('facilities').set({ status: d.latest, statusSince: d.latestOn }).where('code', '=', d.code).execute();
  }
  return differences.length;
}
