/**
 * A person's current status kept on their row (`persons.status`, with `status_event_id`: the
 * last event whose kind sets a status, and `status_level`: that event's current verification
 * level; `place_event_id`, `place_facility_id`, `place_level`: the last event that names a
 * facility — where they are, or were last, held), so lists and counts filter by index instead of
 * folding every timeline on each query.
 * It is never written by the application: triggers on `events` and `verification_levels`
 * recompute it, in the same transaction and statement as any insert, update or delete of a
 * timeline or a new level (imports, merges, restores and moves included), from
 * `person_status_derived` — the fold of src/domain/registry/derive-status.ts in SQL, which stays
 * the definition. `recuento check` compares the three (stored, SQL, domain) and reports any difference.
 *
 * Concurrent writers: the refresh locks the persons' rows (in id order) before it reads their
 * timelines, and under read committed each statement of a PL/pgSQL function takes a new
 * snapshot, so a writer that waited for another reads that one's committed events.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create view person_status_derived as
    select p.id as person_id,
      case
        when last_set.sets_status is null then 'unknown'
        when last_set.sets_status in ('released_with_measures', 'house_arrest') and exists (
          select 1 from events l join event_kinds lk on lk.kind = l.kind
          where l.person_id = p.id and lk.effect = 'lift'
            and (l.occurred_on, l.seq) > (last_set.occurred_on, last_set.seq)
        ) then 'released'
        else last_set.sets_status
      end as status,
      last_set.id as status_event_id,
      coalesce((
        select vl.level from verification_levels vl
        where vl.subject_kind = 'event' and vl.subject_id = last_set.id
        order by vl.id desc limit 1
      ), 'reported') as status_level,
      last_place.id as place_event_id,
      last_place.facility_id as place_facility_id,
      coalesce((
        select vl.level from verification_levels vl
        where vl.subject_kind = 'event' and vl.subject_id = last_place.id
        order by vl.id desc limit 1
      ), 'reported') as place_level
    from persons p
    left join lateral (
      select e.id, e.occurred_on, e.seq, k.sets_status
      from events e join event_kinds k on k.kind = e.kind
      where e.person_id = p.id and k.effect = 'set'
      order by e.occurred_on desc, e.seq desc
      limit 1
    ) last_set on true
    left join lateral (
      select e.id, e.facility_id from events e
      where e.person_id = p.id and e.facility_id is not null
      order by e.occurred_on desc, e.seq desc
      limit 1
    ) last_place on true`.execute(db);

  await sql`alter table persons
    add column status text not null default 'unknown',
    add column status_event_id uuid,
    add column status_level text not null default 'reported',
    add column place_event_id uuid,
    add column place_facility_id uuid,
    add column place_level text not null default 'reported'`.execute(db);
  await sql`create index persons_status_event on persons (status_event_id)`.execute(db);
  await sql`create index persons_place_event on persons (place_event_id)`.execute(db);
  await sql`create index persons_status_level on persons (status_level, id)`.execute(db);
  await sql`create index persons_status on persons (status, id)`.execute(db);
  await sql`create index persons_consent on persons (consent, id)`.execute(db);
  await sql`create index persons_occupation on persons (occupation_group, id)`.execute(db);
  // the list's filters on detentions read the persons from the index alone
  await sql`drop index detentions_facility`.execute(db);
  await sql`drop index detentions_wave`.execute(db);
  await sql`create index detentions_facility on detentions (facility_id, protest_wave, arrested_on, person_id)`.execute(db);
  await sql`create index detentions_wave on detentions (protest_wave, arrested_on, person_id)`.execute(db);

  // the one place that writes these columns
  await sql
    .raw(`create function refresh_person_status(ids uuid[]) returns void language plpgsql as $$
    begin
      if ids is null or cardinality(ids) = 0 then return; end if;
      -- wait for any other writer of these persons, then read their timelines afresh (not "for update":
      -- that would conflict with the key-share lock each writer's event insert holds, a deadlock)
      -- (the ids joined as a set, not "= any(ids)": a parameter array is searched row by row, which
      -- a bulk load of a million persons turns quadratic)
      perform 1 from persons p join unnest(ids) as t(id) on t.id = p.id order by p.id for no key update of p;
      update persons p set status = d.status, status_event_id = d.status_event_id, status_level = d.status_level,
          place_event_id = d.place_event_id, place_facility_id = d.place_facility_id, place_level = d.place_level
        from unnest(ids) as t(id) join person_status_derived d on d.person_id = t.id
        where p.id = t.id
          and (p.status, p.status_event_id, p.status_level, p.place_event_id, p.place_facility_id, p.place_level)
            is distinct from (d.status, d.status_event_id, d.status_level, d.place_event_id, d.place_facility_id, d.place_level);
    end $$`)
    .execute(db);

  await sql
    .raw(`create function events_refresh_status() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform refresh_person_status(array(select distinct person_id from new_rows order by 1));
      elsif tg_op = 'DELETE' then
        perform refresh_person_status(array(select distinct person_id from old_rows order by 1));
      else
        perform refresh_person_status(array(
          select person_id from new_rows union select person_id from old_rows order by 1));
      end if;
      return null;
    end $$`)
    .execute(db);
  await sql`create trigger events_status_insert after insert on events
    referencing new table as new_rows for each statement execute function events_refresh_status()`.execute(db);
  await sql`create trigger events_status_update after update on events
    referencing old table as old_rows new table as new_rows for each statement execute function events_refresh_status()`.execute(db);
  await sql`create trigger events_status_delete after delete on events
    referencing old table as old_rows for each statement execute function events_refresh_status()`.execute(db);

  // a new level of the event that set someone's status or names their place (levels are only ever added)
  await sql
    .raw(`create function levels_refresh_status() returns trigger language plpgsql as $$
    begin
      -- the persons whose events got a level, found through the events themselves: which event sets
      -- a person's status may be changing under a writer not yet committed, whom the refresh waits for
      perform refresh_person_status(array(
        select distinct e.person_id from new_rows n join events e on e.id = n.subject_id
        where n.subject_kind = 'event' order by 1));
      return null;
    end $$`)
    .execute(db);
  await sql`create trigger verification_levels_status after insert on verification_levels
    referencing new table as new_rows for each statement execute function levels_refresh_status()`.execute(db);

  // the view everything else reads now reads the stored column
  await sql`create or replace view person_status as select id as person_id, status from persons`.execute(db);

  // existing registries: filled once from their timelines
  await sql`select refresh_person_status(array(select id from persons order by id))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index detentions_facility`.execute(db);
  await sql`drop index detentions_wave`.execute(db);
  await sql`create index detentions_facility on detentions (facility_id)`.execute(db);
  await sql`create index detentions_wave on detentions (protest_wave)`.execute(db);
  for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger events_status_${op} on events`).execute(db);
  await sql`drop trigger verification_levels_status on verification_levels`.execute(db);
  await sql`drop function levels_refresh_status()`.execute(db);
  await sql`drop function events_refresh_status()`.execute(db);
  await sql`drop function refresh_person_status(uuid[])`.execute(db);
  await sql`drop view person_status`.execute(db);
  await sql`drop view person_status_derived`.execute(db);
  for (const index of ['persons_status_event', 'persons_place_event', 'persons_status_level', 'persons_status', 'persons_consent', 'persons_occupation']) {
    await sql.raw(`drop index ${index}`).execute(db);
  }
  await sql`alter table persons drop column status, drop column status_event_id, drop column status_level,
    drop column place_event_id, drop column place_facility_id, drop column place_level`.execute(db);
  // the view as migration 001 made it: the fold, computed on every read
  await sql`create view person_status as
    select p.id as person_id,
      case
        when last_set.sets_status is null then 'unknown'
        when last_set.sets_status in ('released_with_measures', 'house_arrest') and exists (
          select 1 from events l join event_kinds lk on lk.kind = l.kind
          where l.person_id = p.id and lk.effect = 'lift'
            and (l.occurred_on, l.seq) > (last_set.occurred_on, last_set.seq)
        ) then 'released'
        else last_set.sets_status
      end as status
    from persons p
    left join lateral (
      select e.occurred_on, e.seq, k.sets_status
      from events e join event_kinds k on k.kind = e.kind
      where e.person_id = p.id and k.effect = 'set'
      order by e.occurred_on desc, e.seq desc
      limit 1
    ) last_set on true`.execute(db);
}
