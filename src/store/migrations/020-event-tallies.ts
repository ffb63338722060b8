/**
 * How many events of each kind happened on each day, by the consent of the person they happened to
 * and the event's current verification level: what the series of releases, detentions and
 * re-arrests is read from (counts by month or day), a few thousand rows instead of every event.
 * Kept as rows of changes, like the person tallies (migration 018), by triggers that run after the
 * status triggers (which lock the persons concerned, so a person's consent cannot change under
 * them): on events (added, changed, removed), on persons (a consent changed moves their events; a
 * person removed takes theirs, counted before the cascade removes them) and on verification levels
 * (an event's new level). `recuento check` recounts them.
 */
import { type Kysely, sql } from 'kysely';

/** The current level of event `e` (its latest recorded, or reported). */
const LEVEL_OF = (e: string, except = '') => `coalesce((
      select v.level from verification_levels v
      where v.subject_kind = 'event' and v.subject_id = ${e}.id ${except}
      order by v.id desc limit 1), 'reported')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table event_tallies (
    kind text not null,
    occurred_on date not null,
    consent text not null,
    level text not null,
    events bigint not null
  )`.execute(db);
  await sql`create index event_tallies_day on event_tallies (occurred_on)`.execute(db);

  // rows: (kind, occurred_on, consent, level, d) — summed into change rows
  const add = (rows: string) => `insert into event_tallies (kind, occurred_on, consent, level, events)
        select kind, occurred_on, consent, level, sum(d) from (${rows}) c group by 1, 2, 3, 4 having sum(d) <> 0;`;
  const side = (table: string, d: number) =>
    `select e.kind, e.occurred_on, p.consent, ${LEVEL_OF('e')} as level, ${d} as d from ${table} e join persons p on p.id = e.person_id`;
  await sql
    .raw(`create function tally_events() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then delete from event_tallies;
      elsif tg_op = 'INSERT' then ${add(side('new_rows', 1))}
      elsif tg_op = 'DELETE' then ${add(side('old_rows', -1))}
      else ${add(`${side('new_rows', 1)} union all ${side('old_rows', -1)}`)}
      end if;
      return null;
    end $$`)
    .execute(db);
  for (const op of ['insert', 'update', 'delete']) {
    const referencing = op === 'insert' ? 'new table as new_rows' : op === 'delete' ? 'old table as old_rows' : 'old table as old_rows new table as new_rows';
    await sql
      .raw(`create trigger events_tally_${op} after ${op} on events referencing ${referencing} for each statement execute function tally_events()`)
      .execute(db);
  }
  await sql`create trigger events_tally_truncate after truncate on events for each statement execute function tally_events()`.execute(db);

  // a person's consent changed: their events move from one consent to the other
  await sql
    .raw(`create function tally_events_of_persons() returns trigger language plpgsql as $$
    begin
      -- (the persons whose consent changed found by grouping, not by joining the two transition
      -- tables: they have no index, and a join of a million rows each would be quadratic)
      ${add(`select e.kind, e.occurred_on, c.consent, ${LEVEL_OF('e')} as level, c.d
        from (
          select id, consent, sum(d) as d from (
            select id, consent, 1 as d from new_rows union all select id, consent, -1 as d from old_rows
          ) x group by id, consent having sum(d) <> 0
        ) c
        join events e on e.person_id = c.id`)}
      return null;
    end $$`)
    .execute(db);
  await sql`create trigger persons_tally_events after update on persons
    referencing old table as old_rows new table as new_rows for each statement execute function tally_events_of_persons()`.execute(db);
  // a person removed: their events leave the tallies now (the cascade that removes them runs when
  // the person is gone, and finds no consent to count them under)
  await sql
    .raw(`create function untally_events_of_person() returns trigger language plpgsql as $$
    begin
      ${add(`select e.kind, e.occurred_on, old.consent, ${LEVEL_OF('e')} as level, -1 as d from events e where e.person_id = old.id`)}
      return old;
    end $$`)
    .execute(db);
  await sql`create trigger persons_untally_events before delete on persons for each row execute function untally_events_of_person()`.execute(db);

  // an event's new level: from the one it had before this statement to the latest
  await sql
    .raw(`create function tally_event_levels() returns trigger language plpgsql as $$
    begin
      ${add(`select e.kind, e.occurred_on, p.consent, x.level, x.d
        from (select distinct subject_id from new_rows where subject_kind = 'event') changed
        join events e on e.id = changed.subject_id
        join persons p on p.id = e.person_id
        cross join lateral (values
          (${LEVEL_OF('e', 'and v.id not in (select id from new_rows)')}, -1),
          (${LEVEL_OF('e')}, 1)) x(level, d)`)}
      return null;
    end $$`)
    .execute(db);
  await sql`create trigger verification_levels_tally after insert on verification_levels
    referencing new table as new_rows for each statement execute function tally_event_levels()`.execute(db);

  await sql.raw(add(side('events', 1))).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const op of ['insert', 'update', 'delete', 'truncate']) await sql.raw(`drop trigger events_tally_${op} on events`).execute(db);
  await sql`drop trigger persons_tally_events on persons`.execute(db);
  await sql`drop trigger persons_untally_events on persons`.execute(db);
  await sql`drop trigger verification_levels_tally on verification_levels`.execute(db);
  await sql`drop function tally_events()`.execute(db);
  await sql`drop function tally_events_of_persons()`.execute(db);
  await sql`drop function untally_events_of_person()`.execute(db);
  await sql`drop function tally_event_levels()`.execute(db);
  await sql`drop table event_tallies`.execute(db);
}
