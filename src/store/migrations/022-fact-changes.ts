/**
 * Which persons' case facts changed — their timeline, detentions, charges or organisations'
 * judgments — so that what a reconciliation report reads of each matched person (store/
 * reconciliations.ts loadRegistryFacts) can be kept between reports and read again for those
 * persons only: the same shape and reading as link_changes (migration 021), a row per person and
 * writing transaction; a statement touching more than a thousand rows, a truncation, or a change
 * of what the facts carry by name (a facility's name, a source's organisation, an offence's
 * category) writes one row without a person: "read everyone again". Pruned with link_changes;
 * not in backups.
 */
import { type Kysely, sql } from 'kysely';

const BY_PERSON = ['events', 'detentions'];
const BY_DETENTION = ['detention_charges', 'detention_judgments'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table fact_changes (
    xid xid8 not null default pg_current_xact_id(),
    person_id uuid,
    changed_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index fact_changes_xid on fact_changes (xid)`.execute(db);
  await sql`create table fact_changes_pruned (one boolean primary key default true check (one), below xid8 not null)`.execute(db);
  await sql`create function note_fact_changes() returns trigger language plpgsql as $$
    begin
      if (select count(*) from changed_rows) > 1000 then
        insert into fact_changes (person_id) values (null);
      elsif tg_argv[0] = 'person' then
        insert into fact_changes (person_id) select distinct c.person_id from changed_rows c;
      else
        -- a detention deleted with its charges was noted by the detention's own trigger
        insert into fact_changes (person_id) select distinct d.person_id from changed_rows c join detentions d on d.id = c.detention_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function note_all_facts_changed() returns trigger language plpgsql as $$
    begin
      insert into fact_changes (person_id) values (null);
      return null;
    end $$`.execute(db);
  const tables = [...BY_PERSON.map((t) => [t, 'person'] as const), ...BY_DETENTION.map((t) => [t, 'detention'] as const)];
  for (const [table, by] of tables) {
    for (const [event, rows] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['update_old', 'old'],
      ['delete', 'old'],
    ] as const) {
      await sql
        .raw(
          `create trigger ${table}_facts_${event} after ${event === 'update_old' ? 'update' : event} on ${table}
          referencing ${rows} table as changed_rows for each statement execute function note_fact_changes('${by}')`,
        )
        .execute(db);
    }
  }
  // names and categories the facts carry: a change of one is rare, and means reading everyone again
  for (const [table, column] of [
    ['facilities', 'name'],
    ['sources', 'organisation'],
    ['offences', 'category'],
  ] as const) {
    await sql
      .raw(
        `create trigger ${table}_facts_${column} after update of ${column} on ${table}
        for each row when (old.${column} is distinct from new.${column}) execute function note_all_facts_changed()`,
      )
      .execute(db);
  }
  // a truncation (a restore empties the tables before it writes them again) fires no row's trigger
  for (const table of [...BY_PERSON, ...BY_DETENTION]) {
    await sql.raw(`create trigger ${table}_facts_truncate after truncate on ${table} for each statement execute function note_all_facts_changed()`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger facilities_facts_name on facilities`.execute(db);
  await sql`drop trigger sources_facts_organisation on sources`.execute(db);
  await sql`drop trigger offences_facts_category on offences`.execute(db);
  for (const table of [...BY_PERSON, ...BY_DETENTION]) {
    for (const event of ['insert', 'update', 'update_old', 'delete', 'truncate']) await sql.raw(`drop trigger ${table}_facts_${event} on ${table}`).execute(db);
  }
  await sql`drop function note_all_facts_changed()`.execute(db);
  await sql`drop function note_fact_changes()`.execute(db);
  await sql`drop table fact_changes_pruned`.execute(db);
  await sql`drop table fact_changes`.execute(db);
}
