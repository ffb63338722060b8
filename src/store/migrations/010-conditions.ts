/**
 * Conditions and facilities as histories. A reporting measure may name weekdays instead of a number
 * of days, and a review date; what happens to a measure later (tightened, relaxed, moved to another
 * court, lifted, converted to house arrest) is a row of `measure_changes`, tied to the timeline event
 * that records it; each presentation made, and each breach a court recorded, is a row of its own, so
 * that missed and overdue are derived, never typed. A facility's status is a history of dated,
 * sourced changes (`facility_status_changes`); the facility's `status` and `status_since` stay as
 * the latest of them, written in the same transaction. Existing statuses become the first entries.
 */
import { type Kysely, sql } from 'kysely';
import { BREACH_KINDS, FACILITY_STATUS_CHANGES, MEASURE_CHANGE_KINDS, WEEKDAYS } from '../../domain/registry/vocabulary.js';

function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`);
}
const weekdayList = sql.raw(`array[${WEEKDAYS.map((d) => `'${d}'`).join(', ')}]::text[]`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table measures add column weekdays text[], add column review_on date`.execute(db);
  await sql`alter table measures add constraint measures_weekdays_check check (weekdays is null or (cardinality(weekdays) > 0 and weekdays <@ ${weekdayList}))`.execute(
    db,
  );
  await sql`alter table measures drop constraint measures_check1`.execute(db);
  await sql`alter table measures add constraint measures_reporting_rule_check check (kind <> 'periodic_reporting' or every_days is not null or weekdays is not null)`.execute(
    db,
  );
  await sql`create index measures_court on measures (court) where kind = 'periodic_reporting'`.execute(db);

  await sql`create table measure_changes (
    id uuid primary key,
    measure_id uuid not null references measures (id) on delete cascade,
    event_id uuid references events (id) on delete set null,
    changed_on date not null,
    kind text not null check (${oneOf('kind', MEASURE_CHANGE_KINDS)}),
    every_days integer check (every_days between 1 and 365),
    weekdays text[] check (weekdays is null or (cardinality(weekdays) > 0 and weekdays <@ ${weekdayList})),
    court text,
    court_changed boolean not null default false,
    source_id uuid references sources (id) on delete set null,
    recorded_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index measure_changes_measure on measure_changes (measure_id, changed_on)`.execute(db);
  await sql`create index measure_changes_court on measure_changes (court) where court_changed`.execute(db);

  await sql`create table presentations (
    id uuid primary key,
    measure_id uuid not null references measures (id) on delete cascade,
    presented_on date not null,
    court text,
    source_id uuid references sources (id) on delete set null,
    recorded_at timestamptz not null default now(),
    unique (measure_id, presented_on)
  )`.execute(db);

  await sql`create table measure_breaches (
    id uuid primary key,
    measure_id uuid not null references measures (id) on delete cascade,
    breached_on date not null,
    kind text not null check (${oneOf('kind', BREACH_KINDS)}),
    source_id uuid references sources (id) on delete set null,
    recorded_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index measure_breaches_measure on measure_breaches (measure_id)`.execute(db);

  await sql`create table facility_status_changes (
    id uuid primary key,
    facility_id uuid not null references facilities (id) on delete cascade,
    changed_on date not null,
    status text not null check (${oneOf('status', FACILITY_STATUS_CHANGES)}),
    citation text,
    url text,
    source_id uuid references sources (id) on delete set null,
    recorded_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index facility_status_changes_facility on facility_status_changes (facility_id, changed_on)`.execute(db);
  await sql`insert into facility_status_changes (id, facility_id, changed_on, status, citation)
    select gen_random_uuid(), id, status_since, status, 'status recorded before the history was kept'
    from facilities where status <> 'open' and status_since is not null`.execute(db);

  // Population series read the stays of one facility: the events naming it, then those persons' timelines.
  await sql`drop index events_facility`.execute(db);
  await sql`create index events_facility on events (facility_id, person_id) where facility_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index events_facility`.execute(db);
  await sql`create index events_facility on events (facility_id)`.execute(db);
  await sql`drop table facility_status_changes`.execute(db);
  await sql`drop table measure_breaches`.execute(db);
  await sql`drop table presentations`.execute(db);
  await sql`drop table measure_changes`.execute(db);
  await sql`drop index measures_court`.execute(db);
  await sql`alter table measures drop constraint measures_reporting_rule_check`.execute(db);
  await sql`alter table measures add constraint measures_check1 check (kind <> 'periodic_reporting' or every_days is not null)`.execute(db);
  await sql`alter table measures drop constraint measures_weekdays_check`.execute(db);
  await sql`alter table measures drop column review_on, drop column weekdays`.execute(db);
}
