/**
 * How many persons are in each (consent, status, level, occupation) and, for those held now, in
 * each (consent, facility, level): kept as rows of changes that triggers on `persons` add in the
 * statement that changes a person — never updated in place, so writers never wait for each other
 * on a count — and that readers sum. `compactTallies` folds the rows into one per key from time to
 * time, in one statement (rows added meanwhile stay). Counts by status, occupation and facility
 * read these few hundred rows instead of every person; `recuento check` recounts them.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table person_tallies (
    consent text not null,
    status text not null,
    status_level text not null,
    occupation_group text not null,
    persons bigint not null
  )`.execute(db);
  await sql`create table place_tallies (
    consent text not null,
    place_facility_id uuid,
    place_level text not null,
    persons bigint not null
  )`.execute(db);

  const columns = 'consent, status, status_level, occupation_group, place_facility_id, place_level';
  const changes = {
    INSERT: `select ${columns}, 1 as d from new_rows`,
    DELETE: `select ${columns}, -1 as d from old_rows`,
    UPDATE: `select ${columns}, 1 as d from new_rows union all select ${columns}, -1 as d from old_rows`,
  };
  const tally = (rows: string) => `
        insert into person_tallies (consent, status, status_level, occupation_group, persons)
          select consent, status, status_level, occupation_group, sum(d) from (${rows}) c
          group by 1, 2, 3, 4 having sum(d) <> 0;
        insert into place_tallies (consent, place_facility_id, place_level, persons)
          select consent, place_facility_id, place_level, sum(d) from (${rows}) c where status = 'detained'
          group by 1, 2, 3 having sum(d) <> 0;`;
  await sql
    .raw(`create function tally_persons() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        delete from person_tallies;
        delete from place_tallies;
      elsif tg_op = 'INSERT' then ${tally(changes.INSERT)}
      elsif tg_op = 'DELETE' then ${tally(changes.DELETE)}
      else ${tally(changes.UPDATE)}
      end if;
      return null;
    end $$`)
    .execute(db);
  for (const op of ['insert', 'update', 'delete']) {
    const referencing = op === 'insert' ? 'new table as new_rows' : op === 'delete' ? 'old table as old_rows' : 'old table as old_rows new table as new_rows';
    await sql
      .raw(`create trigger persons_tally_${op} after ${op} on persons referencing ${referencing} for each statement execute function tally_persons()`)
      .execute(db);
  }
  await sql`create trigger persons_tally_truncate after truncate on persons for each statement execute function tally_persons()`.execute(db);

  await sql`insert into person_tallies (consent, status, status_level, occupation_group, persons)
    select consent, status, status_level, occupation_group, count(*) from persons group by 1, 2, 3, 4`.execute(db);
  await sql`insert into place_tallies (consent, place_facility_id, place_level, persons)
    select consent, place_facility_id, place_level, count(*) from persons where status = 'detained' group by 1, 2, 3`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const op of ['insert', 'update', 'delete', 'truncate']) await sql.raw(`drop trigger persons_tally_${op} on persons`).execute(db);
  await sql`drop function tally_persons()`.execute(db);
  await sql`drop table place_tallies`.execute(db);
  await sql`drop table person_tallies`.execute(db);
}
