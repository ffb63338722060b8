/**
 * Reconciliations: a claimed list kept as written (entries), the reviewers' decisions on
 * (entry, person) pairs, and what the linkage and the classification need to read from
 * the registry. Reports are computed from these, never stored.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { RegistryFacts, RegistrySide } from '../domain/reconciliation/reconcile-entries.js';
import { formatPartialDate } from '../domain/registry/parse-date.js';
import type { EventKind, OffenceCategory } from '../domain/registry/vocabulary.js';
import type { Database } from './schema.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;

/** One row of a claimed list, as written (empty cells as ''). */
export type ListEntryFields = Omit<Selectable<Database['reconciliationEntries']>, 'id' | 'reconciliationId'>;

export type ListEntry = ListEntryFields & { id: string };

export type Reconciliation = {
  id: string;
  sourceId: string;
  label: string;
  claim: 'released';
  periodFrom: string;
  periodTo: string;
  createdAt: string;
  entries: number;
};

export type Decision = { entryId: string; personId: string; match: boolean; decidedBy: string; note: string | null; decidedAt: string };

/** Stores a list as a source and a reconciliation, with all its entries, in one transaction. */
export async function createReconciliation(
  db: Db,
  fields: { organisation: string; label: string; claim: 'released'; periodFrom: string; periodTo: string; entries: readonly ListEntryFields[] },
): Promise<Reconciliation> {
  return db.transaction().execute(async (trx) => {
    const source = await trx
      .insertInto('sources')
      .values({ organisation: fields.organisation, title: fields.label, url: null, publishedOn: fields.periodTo })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('reconciliations')
      .values({ sourceId: source.id, label: fields.label, claim: fields.claim, periodFrom: fields.periodFrom, periodTo: fields.periodTo })
      .returning(['id', 'sourceId', 'label', 'claim', 'periodFrom', 'periodTo', 'createdAt'])
      .executeTakeFirstOrThrow();
    for (let i = 0; i < fields.entries.length; i += 1000) {
      await trx
        .insertInto('reconciliationEntries')
        .values(fields.entries.slice(i, i + 1000).map((e) => ({ ...e, reconciliationId: row.id })))
        .execute();
    }
    return { ...row, claim: 'released' as const, entries: fields.entries.length };
  });
}

export async function getReconciliation(db: Db, id: string): Promise<Reconciliation | undefined> {
  const row = await db
    .selectFrom('reconciliations as r')
    .select(['r.id', 'r.sourceId', 'r.label', 'r.claim', 'r.periodFrom', 'r.periodTo', 'r.createdAt'])
    .select((eb) =>
      eb.selectFrom('reconciliationEntries as e').whereRef('e.reconciliationId', '=', 'r.id').select(eb.fn.countAll<number>().as('n')).as('entries'),
    )
    .where('r.id', '=', id)
    .executeTakeFirst();
  return row ? { ...row, claim: 'released', entries: Number(row.entries) } : undefined;
}

export async function listReconciliations(db: Db): Promise<Reconciliation[]> {
  const rows = await db
    .selectFrom('reconciliations as r')
    .select(['r.id', 'r.sourceId', 'r.label', 'r.claim', 'r.periodFrom', 'r.periodTo', 'r.createdAt'])
    .select((eb) =>
      eb.selectFrom('reconciliationEntries as e').whereRef('e.reconciliationId', '=', 'r.id').select(eb.fn.countAll<number>().as('n')).as('entries'),
    )
    .orderBy('r.createdAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, claim: 'released' as const, entries: Number(r.entries) }));
}

/**
 * Deletes a stored reconciliation: its entries, its reviewers' decisions and the source
 * the list was kept as (unless other facts cite that source). False when there is none.
 */
export async function deleteReconciliation(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('reconciliations').where('id', '=', id).returning('sourceId').executeTakeFirst();
    if (!row) return false;
    const cited = await trx.selectFrom('sourceLinks').select('id').where('sourceId', '=', row.sourceId).limit(1).executeTakeFirst();
    if (!cited) await trx.deleteFrom('sources').where('id', '=', row.sourceId).execute();
    return true;
  });
}

export async function listEntries(db: Db, reconciliationId: string): Promise<ListEntry[]> {
  return db
    .selectFrom('reconciliationEntries')
    .select(['id', 'rowNumber', 'externalId', 'fullName', 'givenNames', 'firstSurname', 'secondSurname', 'cedula', 'birthDate'])
    .where('reconciliationId', '=', reconciliationId)
    .orderBy('rowNumber')
    .execute();
}

/** An entry of a reconciliation by the list's own id. */
export async function getEntryByListId(db: Db, reconciliationId: string, externalId: string) {
  return db
    .selectFrom('reconciliationEntries')
    .select(['id', 'reconciliationId', 'rowNumber', 'externalId'])
    .where('reconciliationId', '=', reconciliationId)
    .where('externalId', '=', externalId)
    .executeTakeFirst();
}

export async function getEntry(db: Db, entryId: string): Promise<(ListEntry & { reconciliationId: string }) | undefined> {
  return db
    .selectFrom('reconciliationEntries')
    .select(['id', 'reconciliationId', 'rowNumber', 'externalId', 'fullName', 'givenNames', 'firstSurname', 'secondSurname', 'cedula', 'birthDate'])
    .where('id', '=', entryId)
    .executeTakeFirst();
}

/** Records (or replaces) a reviewer's decision on an (entry, person) pair. */
export async function recordDecision(db: Db, decision: Omit<Decision, 'decidedAt'>): Promise<Decision> {
  return translateErrors(() =>
    db
      .insertInto('linkDecisions')
      .values(decision)
      .onConflict((oc) =>
        oc
          .columns(['entryId', 'personId'])
          .doUpdateSet({ match: decision.match, decidedBy: decision.decidedBy, note: decision.note, decidedAt: new Date().toISOString() }),
      )
      .returning(['entryId', 'personId', 'match', 'decidedBy', 'note', 'decidedAt'])
      .executeTakeFirstOrThrow(),
  );
}

export async function listDecisions(db: Db, reconciliationId: string): Promise<Decision[]> {
  return db
    .selectFrom('linkDecisions as d')
    .innerJoin('reconciliationEntries as e', 'e.id', 'd.entryId')
    .select(['d.entryId', 'd.personId', 'd.match', 'd.decidedBy', 'd.note', 'd.decidedAt'])
    .where('e.reconciliationId', '=', reconciliationId)
    .orderBy('d.decidedAt')
    .execute();
}

/** Persons with what linkage compares: names, birth date, and their cédula (V before E). */
function selectLinkagePersons(db: Db) {
  return db
    .selectFrom('persons as p')
    .select(['p.id', 'p.externalId', 'p.givenNames', 'p.firstSurname', 'p.secondSurname', 'p.birthDate', 'p.birthDatePrecision'])
    .select((eb) =>
      eb
        .selectFrom('personIdentifiers as i')
        .whereRef('i.personId', '=', 'p.id')
        .where('i.kind', 'in', ['cedula_v', 'cedula_e'])
        .select('i.value')
        .orderBy('i.kind')
        .limit(1)
        .as('cedula'),
    );
}

/** Registry persons as a linkage table: the columns of linkage/registry.json, ids = person ids. */
export type RegistryTable = { ids: string[]; externalIds: (string | null)[]; columns: Record<string, string[]> };

function emptyRegistryTable(): RegistryTable {
  return { ids: [], externalIds: [], columns: { given_names: [], first_surname: [], second_surname: [], cedula: [], birth_date: [] } };
}

function addToTable(table: RegistryTable, page: readonly Awaited<ReturnType<ReturnType<typeof selectLinkagePersons>['execute']>>[number][]): void {
  const { ids, externalIds, columns } = table;
  for (const p of page) {
    ids.push(p.id);
    externalIds.push(p.externalId);
    columns.given_names!.push(p.givenNames);
    columns.first_surname!.push(p.firstSurname);
    columns.second_surname!.push(p.secondSurname ?? '');
    columns.cedula!.push(p.cedula ?? '');
    // a partial date is stored as its first day: give the linkage only what is known
    columns.birth_date!.push(formatPartialDate(p.birthDate ?? '', p.birthDatePrecision));
  }
}

/** The whole registry as a linkage table. */
export async function loadRegistryTable(db: Db): Promise<RegistryTable> {
  const table = emptyRegistryTable();
  let after = '';
  for (;;) {
    const page = await selectLinkagePersons(db)
      .where('p.id', '>', after === '' ? '00000000-0000-0000-0000-000000000000' : after)
      .orderBy('p.id')
      .limit(10_000)
      .execute();
    addToTable(table, page);
    if (page.length < 10_000) break;
    after = page[page.length - 1]!.id;
  }
  return table;
}

/** What changed in the registry's linkage fields since a horizon: the persons as they are now, and those gone. */
export type LinkChanges = {
  /** The next reading's `since`: every transaction before it had ended when this one read. */
  horizon: string;
  /** True when everyone was read (the first reading, a bulk write, changes pruned since). */
  everyone: boolean;
  table: RegistryTable;
  removed: string[];
};

/**
 * Reads the linkage fields of the persons changed since `since` (a horizon an earlier reading
 * gave; null: everyone), from one snapshot (migration 021).
 */
export async function readLinkChanges(db: Db, since: string | null, known: ReadonlySet<string> = new Set()): Promise<LinkChanges & { marks: string[] }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const { horizon, ids, marks } = await changedSince(trx, 'link_changes', since, known);
      if (ids === null) return { horizon, everyone: true, table: await loadRegistryTable(trx), removed: [], marks };
      const table = emptyRegistryTable();
      for (let i = 0; i < ids.length; i += 5000)
        addToTable(
          table,
          await selectLinkagePersons(trx)
            .where('p.id', 'in', ids.slice(i, i + 5000))
            .execute(),
        );
      const present = new Set(table.ids);
      return { horizon, everyone: false, table, removed: ids.filter((id) => !present.has(id)), marks };
    });
}

/** The persons whose case facts changed since `since` (migration 022); `ids` null: everyone's may have. */
export async function readFactChanges(
  db: Db,
  since: string | null,
  known: ReadonlySet<string> = new Set(),
): Promise<{ horizon: string; ids: string[] | null; marks: string[] }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => changedSince(trx, 'fact_changes', since, known));
}

const CHANGE_LOGS = ['link_changes', 'fact_changes'] as const;

/**
 * The persons a change log names from `since` on, and the horizon to read from next: the oldest
 * transaction still running in this snapshot (in any database of the server), so one that commits
 * later is read next time. A change may so be read more than once: the reader applies it again,
 * to the same effect. `ids` null: read everyone (the first reading, changes pruned since, or a
 * row for everyone — a bulk write — not among the `known` ones already read, named in `marks`).
 */
async function changedSince(
  trx: Db,
  log: (typeof CHANGE_LOGS)[number],
  since: string | null,
  known: ReadonlySet<string>,
): Promise<{ horizon: string; ids: string[] | null; marks: string[] }> {
  const horizon = (await sql<{ h: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as h`.execute(trx)).rows[0]!.h;
  if (since === null) return { horizon, ids: null, marks: [] };
  const pruned = (await sql<{ below: string }>`select below::text as below from ${sql.table(`${log}_pruned`)}`.execute(trx)).rows[0];
  if (pruned && BigInt(pruned.below) > BigInt(since)) return { horizon, ids: null, marks: [] };
  const rows = await sql<{
    personId: string | null;
    xid: string;
  }>`select distinct person_id as "personId", case when person_id is null then xid::text else '' end as xid
    from ${sql.table(log)} where xid >= ${since}::xid8`.execute(trx);
  const marks = [...new Set(rows.rows.filter((r) => r.personId === null).map((r) => r.xid))];
  const ids = rows.rows.filter((r) => r.personId !== null).map((r) => r.personId!);
  return { horizon, ids: marks.some((m) => !known.has(m)) ? null : ids, marks };
}

/** Forgets changes older than a day; a reader whose horizon is older reads everyone again. */
export async function pruneChangeLogs(db: Db): Promise<void> {
  for (const log of CHANGE_LOGS) {
    await db.transaction().execute(async (trx) => {
      const gone = await sql<{ top: string | null }>`with gone as (delete from ${sql.table(log)} where changed_at < now() - interval '1 day' returning xid)
        select max(xid)::text as top from gone`.execute(trx);
      const top = gone.rows[0]?.top;
      if (!top) return;
      await sql`insert into ${sql.table(`${log}_pruned`)} (below) values (${(BigInt(top) + 1n).toString()}::xid8)
        on conflict (one) do update set below = greatest(${sql.table(`${log}_pruned`)}.below, excluded.below)`.execute(trx);
    });
  }
}

/** External ids and linkage fields of the given persons, by id (the persons a list's entries may be). */
export async function loadRegistrySides(db: Db, personIds: readonly string[]): Promise<Map<string, RegistrySideFields>> {
  const sides = new Map<string, RegistrySideFields>();
  for (let i = 0; i < personIds.length; i += 5000) {
    for (const p of await selectLinkagePersons(db)
      .where('p.id', 'in', personIds.slice(i, i + 5000))
      .execute())
      sides.set(p.id, sideOf(p));
  }
  return sides;
}

/** A registry person's side of a pair, without what the facts add (facility, release). */
export type RegistrySideFields = Omit<RegistrySide, 'facility' | 'releasedOn'>;

function sideOf(p: Awaited<ReturnType<ReturnType<typeof selectLinkagePersons>['execute']>>[number]): RegistrySideFields {
  return {
    personId: p.id,
    externalId: p.externalId,
    givenNames: p.givenNames,
    firstSurname: p.firstSurname,
    secondSurname: p.secondSurname ?? '',
    cedula: p.cedula ?? '',
    birthDate: formatPartialDate(p.birthDate ?? '', p.birthDatePrecision),
  };
}

/** One registry person as the reviewer sees them (for a decision on a person the linkage did not propose). */
export async function loadRegistrySide(db: Db, personId: string) {
  const p = await selectLinkagePersons(db).where('p.id', '=', personId).executeTakeFirst();
  const fields = p ? sideOf(p) : { personId, externalId: null, givenNames: '', firstSurname: '', secondSurname: '', cedula: '', birthDate: '' };
  return { ...fields, facility: null, releasedOn: null };
}

/** What the reconciliation knows of a person beyond the classification: where they were held, when released. */
export type RegistryPersonFacts = RegistryFacts & { facility: string | null; releasedOn: string | null };

const RELEASE_KINDS = ['released', 'released_with_measures', 'house_arrest', 'exiled'];

/**
 * Timelines, charge categories and the latest organisation's judgment of the given
 * persons, with the facility of their latest detention and their latest dated release.
 */
export async function loadRegistryFacts(db: Db, personIds: readonly string[]): Promise<Map<string, RegistryPersonFacts>> {
  type Mutable = {
    timeline: { kind: EventKind; occurredOn: string; seq: number; precision: string }[];
    chargeCategories: OffenceCategory[];
    judgment: RegistryFacts['judgment'];
    facility: string | null;
    releasedOn: string | null;
  };
  const facts = new Map<string, Mutable>();
  for (const id of personIds) facts.set(id, { timeline: [], chargeCategories: [], judgment: null, facility: null, releasedOn: null });
  // a few queries for all of them (a list's candidates run to tens of thousands), each person's rows by index
  for (let i = 0; i < personIds.length; i += 50_000) {
    const chunk = personIds.slice(i, i + 50_000);
    const events = await sql<{ personId: string; kind: string; occurredOn: string; seq: string; occurredOnPrecision: string }>`
      select t.id as "personId", e.kind, e.occurred_on::text as "occurredOn", e.seq::text as seq, e.occurred_on_precision as "occurredOnPrecision"
      from unnest(${chunk}::uuid[]) with ordinality as t(id, n)
      cross join lateral (select * from events e where e.person_id = t.id) e
      order by t.n, e.occurred_on, e.seq`.execute(db);
    for (const e of events.rows) {
      const f = facts.get(e.personId)!;
      f.timeline.push({ kind: e.kind as EventKind, occurredOn: e.occurredOn, seq: Number(e.seq), precision: e.occurredOnPrecision });
      if (RELEASE_KINDS.includes(e.kind) && e.occurredOnPrecision !== 'unknown') f.releasedOn = formatPartialDate(e.occurredOn, e.occurredOnPrecision);
    }
    const charges = await sql<{ personId: string; category: string }>`
      select d.person_id as "personId", o.category
      from unnest(${chunk}::uuid[]) as t(id) cross join lateral (select * from detentions d where d.person_id = t.id) d
      join detention_charges c on c.detention_id = d.id join offences o on o.code = c.offence_code`.execute(db);
    for (const c of charges.rows) facts.get(c.personId)!.chargeCategories.push(c.category as OffenceCategory);
    const latest = await sql<{ personId: string; facility: string | null; judgment: string | null; organisation: string | null }>`
      select distinct on (d.person_id) d.person_id as "personId", f.name as facility, j.judgment, s.organisation
      from unnest(${chunk}::uuid[]) as t(id) join detentions d on d.person_id = t.id
      left join facilities f on f.id = d.facility_id
      left join lateral (
        select j.judgment, j.source_id from detention_judgments j where j.detention_id = d.id order by j.recorded_at desc limit 1
      ) j on true
      left join sources s on s.id = j.source_id
      order by d.person_id, d.arrested_on desc nulls last, d.created_at desc`.execute(db);
    for (const row of latest.rows) {
      const f = facts.get(row.personId)!;
      f.facility = row.facility;
      if (row.judgment) f.judgment = { judgment: row.judgment as 'political' | 'common' | 'undetermined', by: row.organisation ?? 'an organisation' };
    }
  }
  return facts;
}
