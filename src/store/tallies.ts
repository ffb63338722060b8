/**
 * Counts of persons read from the tallies the database keeps (migration 018): rows of changes,
 * summed here; folded into one row per key when they grow (`compactTallies`).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type TallyRow = { key: string | null; label?: string | null; level: string; count: number };

const COMPACT_ABOVE = 5_000;

/** Folds the change rows into one per key, in one statement each (rows added meanwhile stay as they are). */
export async function compactTallies(db: Db): Promise<void> {
  await sql`with gone as (delete from event_tallies returning *)
    insert into event_tallies (kind, occurred_on, consent, level, events)
    select kind, occurred_on, consent, level, sum(events) from gone group by 1, 2, 3, 4 having sum(events) <> 0`.execute(db);
  await sql`with gone as (delete from person_tallies returning *)
    insert into person_tallies (consent, status, status_level, occupation_group, persons)
    select consent, status, status_level, occupation_group, sum(persons) from gone group by 1, 2, 3, 4 having sum(persons) <> 0`.execute(db);
  await sql`with gone as (delete from place_tallies returning *)
    insert into place_tallies (consent, place_facility_id, place_level, persons)
    select consent, place_facility_id, place_level, sum(persons) from gone group by 1, 2, 3 having sum(persons) <> 0`.execute(db);
}

/** Compacts when the change rows have grown past a few thousand (a read then sums a few hundred). */
async function compactIfGrown(db: Db): Promise<void> {
  const { rows } = await sql<{ n: number }>`select (select count(*) from (select 1 from person_tallies limit ${COMPACT_ABOVE + 1}) a)
    + (select count(*) from (select 1 from place_tallies limit ${COMPACT_ABOVE + 1}) b) as n`.execute(db);
  if (Number(rows[0]?.n ?? 0) > COMPACT_ABOVE) await compactTallies(db);
}

const consentFilter = (consent: readonly string[] | undefined) => (consent ? sql`where consent in (${sql.join([...consent])})` : sql``);

/** Persons by `column` (status or occupation group) and the level of the event that set their status. */
export async function personTallies(db: Db, column: 'status' | 'occupation_group', consent: readonly string[] | undefined): Promise<TallyRow[]> {
  await compactIfGrown(db);
  const result = await sql<{ key: string; level: string; count: string }>`
    select ${sql.ref(column)} as key, status_level as level, sum(persons) as count
    from person_tallies ${consentFilter(consent)}
    group by 1, 2 having sum(persons) <> 0`.execute(db);
  return result.rows.map((r) => ({ key: r.key, level: r.level, count: Number(r.count) }));
}

/** Persons held now by the facility of their last event that names one, and that event's level. */
export async function placeTallies(db: Db, consent: readonly string[] | undefined): Promise<TallyRow[]> {
  await compactIfGrown(db);
  const result = await sql<{ key: string | null; label: string | null; level: string; count: string }>`
    select f.code as key, f.name as label, t.place_level as level, sum(t.persons) as count
    from place_tallies t left join facilities f on f.id = t.place_facility_id
    ${consent ? sql`where t.consent in (${sql.join([...consent])})` : sql``}
    group by 1, 2, 3 having sum(t.persons) <> 0`.execute(db);
  return result.rows.map((r) => ({ key: r.key, label: r.label, level: r.level, count: Number(r.count) }));
}

/** Events of these kinds by day or month and level, from the event tallies (migration 020). */
export async function eventTallies(
  db: Db,
  options: { kinds: readonly string[]; period: 'month' | 'day'; consent: readonly string[] | undefined; from?: string | undefined; to?: string | undefined },
): Promise<TallyRow[]> {
  const bucket = options.period === 'month' ? sql`to_char(occurred_on, 'YYYY-MM')` : sql`to_char(occurred_on, 'YYYY-MM-DD')`;
  const result = await sql<{ key: string; level: string; count: string }>`
    select ${bucket} as key, level, sum(events) as count from event_tallies
    where kind in (${sql.join([...options.kinds])})
      ${options.consent ? sql`and consent in (${sql.join([...options.consent])})` : sql``}
      ${options.from ? sql`and occurred_on >= ${options.from}` : sql``}
      ${options.to ? sql`and occurred_on <= ${options.to}` : sql``}
    group by 1, 2 having sum(events) <> 0 order by 1`.execute(db);
  return result.rows.map((r) => ({ key: r.key, level: r.level, count: Number(r.count) }));
}

/** Keys whose tally differs from a recount of the persons themselves (empty: all equal). */
export async function tallyDifferences(db: Db): Promise<{ table: string; key: string; tallied: number; counted: number }[]> {
  const persons = await sql<{ key: string; tallied: string | null; counted: string | null }>`
    with tallied as (
      select consent, status, status_level, occupation_group, sum(persons) as n from person_tallies group by 1, 2, 3, 4 having sum(persons) <> 0
    ), counted as (
      select consent, status, status_level, occupation_group, count(*) as n from persons group by 1, 2, 3, 4
    )
    select concat_ws('/', coalesce(t.consent, c.consent), coalesce(t.status, c.status), coalesce(t.status_level, c.status_level),
        coalesce(t.occupation_group, c.occupation_group)) as key, t.n as tallied, c.n as counted
    from tallied t full join counted c using (consent, status, status_level, occupation_group)
    where t.n is distinct from c.n order by 1`.execute(db);
  const places = await sql<{ key: string; tallied: string | null; counted: string | null }>`
    with tallied as (
      select consent, place_facility_id, place_level, sum(persons) as n from place_tallies group by 1, 2, 3 having sum(persons) <> 0
    ), counted as (
      select consent, place_facility_id, place_level, count(*) as n from persons where status = 'detained' group by 1, 2, 3
    )
    select concat_ws('/', coalesce(t.consent, c.consent), coalesce(t.place_facility_id, c.place_facility_id)::text,
        coalesce(t.place_level, c.place_level)) as key, t.n as tallied, c.n as counted
    from tallied t full join counted c on t.consent = c.consent and t.place_facility_id is not distinct from c.place_facility_id
      and t.place_level = c.place_level
    where t.n is distinct from c.n order by 1`.execute(db);
  const events = await sql<{ key: string; tallied: string | null; counted: string | null }>`
    with tallied as (
      select kind, occurred_on, consent, level, sum(events) as n from event_tallies group by 1, 2, 3, 4 having sum(events) <> 0
    ), counted as (
      select e.kind, e.occurred_on, p.consent, coalesce(v.level, 'reported') as level, count(*) as n
      from events e join persons p on p.id = e.person_id
      left join current_verification_levels v on v.subject_kind = 'event' and v.subject_id = e.id
      group by 1, 2, 3, 4
    )
    select concat_ws('/', coalesce(t.kind, c.kind), coalesce(t.occurred_on, c.occurred_on)::text, coalesce(t.consent, c.consent),
        coalesce(t.level, c.level)) as key, t.n as tallied, c.n as counted
    from tallied t full join counted c using (kind, occurred_on, consent, level)
    where t.n is distinct from c.n order by 1`.execute(db);
  return [
    ...persons.rows.map((r) => ({ table: 'person_tallies', key: r.key, tallied: Number(r.tallied ?? 0), counted: Number(r.counted ?? 0) })),
    ...events.rows.map((r) => ({ table: 'event_tallies', key: r.key, tallied: Number(r.tallied ?? 0), counted: Number(r.counted ?? 0) })),
    ...places.rows.map((r) => ({ table: 'place_tallies', key: r.key, tallied: Number(r.tallied ?? 0), counted: Number(r.counted ?? 0) })),
  ];
}

/** Recounts every tally from the persons and events, writers held off meanwhile (recuento check --repair). */
export async function rebuildTallies(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await recountTallies(trx);
    // every server's cached counts are dropped at commit
    await sql`select pg_notify('recuento_changes', 'person_tallies')`.execute(trx);
  });
}

/**
 * Replaces every tally with a recount, in the caller's transaction. Writers of persons, events and
 * levels wait until the transaction ends (a change committed between the emptying and the recount
 * would be counted twice).
 */
export async function recountTallies(trx: Transaction<Database>): Promise<void> {
  await sql`lock table persons, events, verification_levels in share mode`.execute(trx);
  await sql`delete from event_tallies`.execute(trx);
  await sql`insert into event_tallies (kind, occurred_on, consent, level, events)
    select e.kind, e.occurred_on, p.consent, coalesce(v.level, 'reported'), count(*)
    from events e join persons p on p.id = e.person_id
    left join current_verification_levels v on v.subject_kind = 'event' and v.subject_id = e.id
    group by 1, 2, 3, 4`.execute(trx);
  await sql`delete from person_tallies`.execute(trx);
  await sql`delete from place_tallies`.execute(trx);
  await sql`insert into person_tallies (consent, status, status_level, occupation_group, persons)
    select consent, status, status_level, occupation_group, count(*) from persons group by 1, 2, 3, 4`.execute(trx);
  await sql`insert into place_tallies (consent, place_facility_id, place_level, persons)
    select consent, place_facility_id, place_level, count(*) from persons where status = 'detained' group by 1, 2, 3`.execute(trx);
}
