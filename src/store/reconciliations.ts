/**
 * Reconciliations: a claimed list kept as written (entries), the reviewers' decisions on
 * (entry, person) pairs, and what the linkage and the classification need to read from
 * the registry. Reports are computed from these, never stored.
 */
import type { Kysely, Selectable } from 'kysely';
import type { RegistryFacts } from '../domain/reconciliation/reconcile-entries.js';
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

export async function listEntries(db: Db, reconciliationId: string): Promise<ListEntry[]> {
  return db
    .selectFrom('reconciliationEntries')
    .select(['id', 'rowNumber', 'externalId', 'givenNames', 'firstSurname', 'secondSurname', 'cedula', 'birthDate'])
    .where('reconciliationId', '=', reconciliationId)
    .orderBy('rowNumber')
    .execute();
}

export async function getEntry(db: Db, entryId: string): Promise<(ListEntry & { reconciliationId: string }) | undefined> {
  return db
    .selectFrom('reconciliationEntries')
    .select(['id', 'reconciliationId', 'rowNumber', 'externalId', 'givenNames', 'firstSurname', 'secondSurname', 'cedula', 'birthDate'])
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

/** The registry's persons as a linkage table: the columns of linkage/registry.json, ids = person ids. */
export async function loadRegistryTable(db: Db): Promise<{ ids: string[]; columns: Record<string, string[]> }> {
  const ids: string[] = [];
  const columns: Record<string, string[]> = { given_names: [], first_surname: [], second_surname: [], cedula: [], birth_date: [] };
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('persons as p')
      .select(['p.id', 'p.givenNames', 'p.firstSurname', 'p.secondSurname', 'p.birthDate', 'p.birthDatePrecision'])
      .select((eb) =>
        eb
          .selectFrom('personIdentifiers as i')
          .whereRef('i.personId', '=', 'p.id')
          .where('i.kind', 'in', ['cedula_v', 'cedula_e'])
          .select('i.value')
          .orderBy('i.kind')
          .limit(1)
          .as('cedula'),
      )
      .where('p.id', '>', after === '' ? '00000000-0000-0000-0000-000000000000' : after)
      .orderBy('p.id')
      .limit(10_000)
      .execute();
    for (const p of page) {
      ids.push(p.id);
      columns.given_names!.push(p.givenNames);
      columns.first_surname!.push(p.firstSurname);
      columns.second_surname!.push(p.secondSurname ?? '');
      columns.cedula!.push(p.cedula ?? '');
      // a partial date is stored as its first day: give the linkage only what is known
      const date = p.birthDate ?? '';
      columns.birth_date!.push(formatPartialDate(date, p.birthDatePrecision));
    }
    if (page.length < 10_000) break;
    after = page[page.length - 1]!.id;
  }
  return { ids, columns };
}

/** Timelines and charge categories of the given persons. */
export async function loadRegistryFacts(db: Db, personIds: readonly string[]): Promise<Map<string, RegistryFacts>> {
  const facts = new Map<string, { timeline: { kind: EventKind; occurredOn: string; seq: number }[]; chargeCategories: OffenceCategory[] }>();
  for (const id of personIds) facts.set(id, { timeline: [], chargeCategories: [] });
  for (let i = 0; i < personIds.length; i += 1000) {
    const chunk = personIds.slice(i, i + 1000);
    const events = await db.selectFrom('events').select(['personId', 'kind', 'occurredOn', 'seq']).where('personId', 'in', chunk).execute();
    for (const e of events) facts.get(e.personId)!.timeline.push({ kind: e.kind as EventKind, occurredOn: e.occurredOn, seq: e.seq });
    const charges = await db
      .selectFrom('detentionCharges as c')
      .innerJoin('detentions as d', 'd.id', 'c.detentionId')
      .innerJoin('offences as o', 'o.code', 'c.offenceCode')
      .select(['d.personId', 'o.category'])
      .where('d.personId', 'in', chunk)
      .execute();
    for (const c of charges) facts.get(c.personId)!.chargeCategories.push(c.category as OffenceCategory);
  }
  return facts;
}
