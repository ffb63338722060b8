/**
 * What changed in the registry's linkage fields (and the external ids shown beside them), so that a server's linkage index of the
 * registry (domain/linkage/registry-index.ts) follows each change instead of reading the
 * registry again: a row per person whose names, birth date or cédula were written, with the
 * writing transaction's id. A reader takes the oldest transaction still running in its snapshot
 * as its horizon and next reads the rows of transactions from there on, so a transaction that
 * commits late is never missed. A statement inserting or deleting more than a thousand persons
 * (an import's batch, a restore) or a truncation writes one row without a person: "read everyone
 * again" (an update names each person whose linkage fields it changed).
 * Rows older than a day are pruned (link_changes_pruned keeps the horizon below which they were);
 * not in backups.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table link_changes (
    xid xid8 not null default pg_current_xact_id(),
    person_id uuid,
    changed_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index link_changes_xid on link_changes (xid)`.execute(db);
  await sql`create table link_changes_pruned (one boolean primary key default true check (one), below xid8 not null)`.execute(db);
  await sql`create function note_link_changes() returns trigger language plpgsql as $$
    begin
      if (select count(*) from changed_rows) > 1000 then
        insert into link_changes (person_id) values (null);
      else
        insert into link_changes (person_id) select distinct c.person_id from changed_rows c where c.person_id is not null;
      end if;
      return null;
    end $$`.execute(db);
  // persons' own rows name the person by id
  await sql`create function note_person_link_changes() returns trigger language plpgsql as $$
    begin
      if (select count(*) from changed_rows) > 1000 then
        insert into link_changes (person_id) values (null);
      else
        insert into link_changes (person_id) select c.id from changed_rows c;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger persons_link_insert after insert on persons
    referencing new table as changed_rows for each statement execute function note_person_link_changes()`.execute(db);
  await sql`create trigger persons_link_delete after delete on persons
    referencing old table as changed_rows for each statement execute function note_person_link_changes()`.execute(db);
  // an update names its row only when a linkage field changed (a status refresh touches none)
  await sql`create function note_person_link_update() returns trigger language plpgsql as $$
    begin
      insert into link_changes (person_id) values (new.id);
      return null;
    end $$`.execute(db);
  await sql`create trigger persons_link_update after update of external_id, given_names, first_surname, second_surname, birth_date, birth_date_precision on persons
    for each row when ((old.external_id, old.given_names, old.first_surname, old.second_surname, old.birth_date, old.birth_date_precision)
      is distinct from (new.external_id, new.given_names, new.first_surname, new.second_surname, new.birth_date, new.birth_date_precision))
    execute function note_person_link_update()`.execute(db);
  for (const [event, table] of [
    ['insert', 'new'],
    ['update', 'new'],
    ['delete', 'old'],
  ] as const) {
    await sql
      .raw(
        `create trigger person_identifiers_link_${event} after ${event} on person_identifiers
        referencing ${table} table as changed_rows for each statement execute function note_link_changes()`,
      )
      .execute(db);
  }
  // a truncation (a restore empties the tables before it writes them again) fires no row's trigger
  await sql`create function note_everyone_changed() returns trigger language plpgsql as $$
    begin
      insert into link_changes (person_id) values (null);
      return null;
    end $$`.execute(db);
  for (const table of ['persons', 'person_identifiers']) {
    await sql.raw(`create trigger ${table}_link_truncate after truncate on ${table} for each statement execute function note_everyone_changed()`).execute(db);
  }
  // an identifier moved from one person to another (a merge) changes both
  await sql`create trigger person_identifiers_link_update_old after update on person_identifiers
    referencing old table as changed_rows for each statement execute function note_link_changes()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['persons', 'person_identifiers']) await sql.raw(`drop trigger ${table}_link_truncate on ${table}`).execute(db);
  await sql`drop function note_everyone_changed()`.execute(db);
  for (const t of ['insert', 'update', 'delete', 'update_old']) await sql.raw(`drop trigger person_identifiers_link_${t} on person_identifiers`).execute(db);
  for (const t of ['insert', 'delete', 'update']) await sql.raw(`drop trigger persons_link_${t} on persons`).execute(db);
  await sql`drop function note_person_link_update()`.execute(db);
  await sql`drop function note_person_link_changes()`.execute(db);
  await sql`drop function note_link_changes()`.execute(db);
  await sql`drop table link_changes_pruned`.execute(db);
  await sql`drop table link_changes`.execute(db);
}
