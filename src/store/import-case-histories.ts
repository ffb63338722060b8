/**
 * Writing whole case histories (persons, detentions with charges and the organisation's
 * judgment, events with measures) from a checked import plan, inside the caller's
 * transaction: upsert by the organisation's external ids, every fact linked to the
 * spreadsheet as its source at level "reported". Multi-row `unnest` statements in
 * batches; the caller rolls everything back on any failure.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DeclaredFacility, DeclaredOffence, ImportedAct, ImportedDetention, ImportedEvent } from '../domain/importing/case-history.js';
import type { ImportedPerson } from '../domain/importing/person-mapping.js';
import { POLITICAL_CATEGORIES } from '../domain/reconciliation/reconcile-entries.js';
import { analyzeAll, LARGE_WRITE } from './bulk-load.js';
import { writeBatch } from './import-persons.js';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';

type Db = Kysely<Database>;

/** What an import matches values against: every offence and facility the registry holds. */
export async function loadCaseReferenceData(db: Db) {
  const offences = await db.selectFrom('offences').select(['code', 'labelEs', 'labelEn', 'category']).execute();
  const facilities = await db.selectFrom('facilities').select(['id', 'code', 'name']).execute();
  return { offences, facilities };
}

/** Ids of persons already in the registry, by external id. */
export async function personIdsByExternalId(db: Db, externalIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < externalIds.length; i += 5000) {
    const rows = await db
      .selectFrom('persons')
      .select(['id', 'externalId'])
      .where('externalId', 'in', externalIds.slice(i, i + 5000))
      .execute();
    for (const r of rows) if (r.externalId) found.set(r.externalId, r.id);
  }
  return found;
}

/** How a case reads: political or common by the organisation's judgment, else by its charges. */
export type CaseClass = 'political' | 'common' | 'undetermined' | 'no charges';

/** The class of a case from its judgment (which wins) or its charges' categories. */
export function classOfCase(judgment: string | null, chargeCategories: readonly string[]): CaseClass {
  if (judgment) return judgment as CaseClass;
  if (chargeCategories.length === 0) return 'no charges';
  return chargeCategories.some((c) => (POLITICAL_CATEGORIES as readonly string[]).includes(c)) ? 'political' : 'common';
}

/** A stored case whose class the import would change. */
export type CategoryChange = { detention: string; person: string; from: CaseClass; to: CaseClass };

/**
 * The stored detentions (by external id) whose class — political or common, from the
 * latest judgment or the charges — the import would change, and the declared offences
 * that would change the category of an offence already in the thesaurus.
 */
export async function findCategoryChanges(
  db: Db,
  detentions: readonly ImportedDetention[],
  categoryOf: ReadonlyMap<string, string>,
  declared: readonly DeclaredOffence[],
): Promise<{ cases: CategoryChange[]; offences: { code: string; from: string; to: string }[] }> {
  const offences: { code: string; from: string; to: string }[] = [];
  if (declared.length > 0) {
    const stored = await db
      .selectFrom('offences')
      .select(['code', 'category'])
      .where(
        'code',
        'in',
        declared.map((d) => d.code),
      )
      .execute();
    for (const s of stored) {
      const to = declared.find((d) => d.code === s.code)!.category;
      if (to !== s.category) offences.push({ code: s.code, from: s.category, to });
    }
  }
  const cases: CategoryChange[] = [];
  const byId = new Map(detentions.map((d) => [d.externalId, d]));
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const rows = await sql<{ externalId: string; judgment: string | null; categories: string[] | null }>`
      select d.external_id as "externalId",
        (select j.judgment from detention_judgments j where j.detention_id = d.id order by j.recorded_at desc limit 1) as judgment,
        (select array_agg(o.category) from detention_charges c join offences o on o.code = c.offence_code where c.detention_id = d.id) as categories
      from detentions d where d.external_id = any(${chunk}::text[])`.execute(db);
    for (const row of rows.rows) {
      const next = byId.get(row.externalId)!;
      const from = classOfCase(row.judgment, row.categories ?? []);
      const to = classOfCase(
        next.judgment ?? row.judgment,
        next.charges.map((c) => categoryOf.get(c) ?? ''),
      );
      if (from !== to) cases.push({ detention: row.externalId, person: next.personExternalId, from, to });
    }
  }
  return { cases, offences };
}

/** Everything one import writes. */
export type CaseHistoryPlan = {
  source: { organisation: string; title: string; publishedOn: string };
  declared: { offences: readonly DeclaredOffence[]; facilities: readonly DeclaredFacility[] };
  persons: readonly (ImportedPerson & { nameAsWritten: string | null })[];
  detentions: readonly ImportedDetention[];
  events: readonly (ImportedEvent & { occurredOn: string })[];
  acts: readonly ImportedAct[];
  /**
   * External ids of events an earlier import of these rows made and this one no longer
   * says (a wide row whose status went back to "detained"): removed, unless a verifier
   * has reviewed them, in which case they stay and are reported.
   */
  retracted: readonly string[];
};

export type CaseHistoryCounts = {
  sourceId: string;
  persons: { inserted: number; updated: number };
  detentions: { inserted: number; updated: number };
  events: { inserted: number; updated: number; removed: number; keptReviewed: string[] };
  measures: number;
  judgments: number;
  /** `erasedAccounts`: accounts not stored because the person's key was erased at a family's request; `keptReviewed`: acts verifiers reviewed, left as they were. */
  acts: { inserted: number; updated: number; erasedAccounts: number; keptReviewed: number };
};

/** Seals an act's account or named perpetrators with the person's data key (usecases/acts.ts holds the keys); null: not stored (the key was erased). */
export type SealActText = (
  trx: Transaction<Database>,
  personId: string,
  actId: string,
  field: 'account' | 'namedPerpetrators',
  text: string,
) => Promise<string | null>;

/**
 * Writes a checked plan in the caller's transaction; throws only on database failures.
 * `rebuildSearchIndex`: drop the name-search index and build it once at the end (in the
 * same transaction), far faster for large sheets on the embedded database (see import-persons.ts).
 */
export async function writeCaseHistories(
  trx: Transaction<Database>,
  plan: CaseHistoryPlan,
  options: { rebuildSearchIndex?: boolean; onProgress?: (done: number) => void; sealActText?: SealActText } = {},
): Promise<CaseHistoryCounts> {
  const batch = 10_000;
  const onProgress = options.onProgress;
  if (options.rebuildSearchIndex) await sql`drop index persons_name_search_trgm`.execute(trx);
  for (const o of plan.declared.offences) {
    await trx
      .insertInto('offences')
      .values({ code: o.code, labelEs: o.labelEs, labelEn: o.labelEn ?? o.labelEs, legalCode: o.legalCode, article: o.article, category: o.category })
      .onConflict((oc) => oc.column('code').doUpdateSet({ category: o.category }))
      .execute();
  }
  for (const f of plan.declared.facilities) {
    await trx
      .insertInto('facilities')
      .values({ code: f.code, name: f.name, kind: f.kind, agency: f.agency ?? null, state: f.state ?? null, status: 'open', statusSince: null })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  const facilityIds = new Map((await trx.selectFrom('facilities').select(['id', 'code']).execute()).map((f) => [f.code, f.id]));
  const source = await trx
    .insertInto('sources')
    .values({ organisation: plan.source.organisation, title: plan.source.title, url: null, publishedOn: plan.source.publishedOn })
    .returning('id')
    .executeTakeFirstOrThrow();
  const counts: CaseHistoryCounts = {
    sourceId: source.id,
    persons: { inserted: 0, updated: 0 },
    detentions: { inserted: 0, updated: 0 },
    events: { inserted: 0, updated: 0, removed: 0, keptReviewed: [] },
    measures: 0,
    judgments: 0,
    acts: { inserted: 0, updated: 0, erasedAccounts: 0, keptReviewed: 0 },
  };
  let done = 0;
  const personIds = new Map<string, string>();
  for (let i = 0; i < plan.persons.length; i += batch) {
    const slice = plan.persons.slice(i, i + batch);
    const written = await writeBatch(trx, slice);
    counts.persons.inserted += written.inserted;
    counts.persons.updated += written.updated;
    for (const [ext, id] of written.idOf) personIds.set(ext, id);
    await linkToSource(trx, source.id, 'person_id', [...written.idOf.values()]);
    done += slice.length;
    onProgress?.(done);
  }
  if (options.rebuildSearchIndex) await sql`create index persons_name_search_trgm on persons using gin (name_search gin_trgm_ops)`.execute(trx);
  const missing = [
    ...new Set([...plan.detentions.map((d) => d.personExternalId), ...plan.events.map((e) => e.personExternalId)].filter((id) => !personIds.has(id))),
  ];
  for (const [ext, id] of await personIdsByExternalId(trx, missing)) personIds.set(ext, id);

  const detentionIds = new Map<string, string>();
  for (let i = 0; i < plan.detentions.length; i += batch) {
    const slice = plan.detentions.slice(i, i + batch);
    const col = <T>(pick: (d: ImportedDetention) => T) => slice.map(pick);
    const upserted = await sql<{ id: string; externalId: string; inserted: boolean }>`
      insert into detentions (id, person_id, external_id, arrested_on, arrested_on_precision, place, agency, facility_id, court, case_number, as_written)
      select * from unnest(
        ${col(() => newTimeOrderedId())}::uuid[], ${col((d) => personIds.get(d.personExternalId)!)}::uuid[], ${col((d) => d.externalId)}::text[],
        ${col((d) => d.arrestedOn)}::date[], ${col((d) => d.arrestedOnPrecision)}::text[], ${col((d) => d.place)}::text[],
        ${col((d) => d.agency)}::text[], ${col((d) => (d.facilityCode ? facilityIds.get(d.facilityCode)! : null))}::uuid[],
        ${col((d) => d.court)}::text[], ${col((d) => d.caseNumber)}::text[], ${col((d) => (Object.keys(d.asWritten).length > 0 ? JSON.stringify(d.asWritten) : null))}::jsonb[])
      on conflict (external_id) do update set
        person_id = excluded.person_id, arrested_on = excluded.arrested_on, arrested_on_precision = excluded.arrested_on_precision,
        place = excluded.place, agency = excluded.agency, facility_id = excluded.facility_id, court = excluded.court,
        case_number = excluded.case_number, as_written = excluded.as_written
      returning id, external_id as "externalId", (xmax = 0) as inserted`.execute(trx);
    const updatedDetentions: string[] = [];
    for (const r of upserted.rows) {
      detentionIds.set(r.externalId, r.id);
      if (r.inserted) counts.detentions.inserted++;
      else {
        counts.detentions.updated++;
        updatedDetentions.push(r.id);
      }
    }
    const ids = slice.map((d) => detentionIds.get(d.externalId)!);
    // a re-imported detention's charges are the sheet's now; a new one has none to replace
    if (updatedDetentions.length > 0) await sql`delete from detention_charges where detention_id = any(${updatedDetentions}::uuid[])`.execute(trx);
    const chargeDetentions: string[] = [];
    const chargeCodes: string[] = [];
    for (const d of slice)
      for (const code of d.charges) {
        chargeDetentions.push(detentionIds.get(d.externalId)!);
        chargeCodes.push(code);
      }
    if (chargeCodes.length > 0)
      await sql`insert into detention_charges (detention_id, offence_code) select * from unnest(${chargeDetentions}::uuid[], ${chargeCodes}::text[])`.execute(
        trx,
      );
    const judged = slice.filter((d) => d.judgment !== null);
    if (judged.length > 0) {
      await sql`insert into detention_judgments (detention_id, source_id, judgment, as_written)
        select d, ${source.id}::uuid, j, w from unnest(${judged.map((d) => detentionIds.get(d.externalId)!)}::uuid[], ${judged.map((d) => d.judgment)}::text[],
          ${judged.map((d) => d.asWritten.judgment ?? null)}::text[]) as t(d, j, w)`.execute(trx);
      counts.judgments += judged.length;
    }
    await linkToSource(trx, source.id, 'detention_id', ids);
  }
  const missingDetentions = [...new Set(plan.events.map((e) => e.detentionExternalId).filter((id): id is string => id !== null && !detentionIds.has(id)))];
  for (let i = 0; i < missingDetentions.length; i += batch) {
    const rows = await trx
      .selectFrom('detentions')
      .select(['id', 'externalId'])
      .where('externalId', 'in', missingDetentions.slice(i, i + batch))
      .execute();
    for (const r of rows) if (r.externalId) detentionIds.set(r.externalId, r.id);
  }

  for (let i = 0; i < plan.events.length; i += batch) {
    const slice = plan.events.slice(i, i + batch);
    const col = <T>(pick: (e: (typeof slice)[number]) => T) => slice.map(pick);
    const upserted = await sql<{ id: string; externalId: string; inserted: boolean }>`
      insert into events (id, person_id, detention_id, external_id, kind, occurred_on, occurred_on_precision, facility_id, as_written)
      select * from unnest(
        ${col(() => newTimeOrderedId())}::uuid[], ${col((e) => personIds.get(e.personExternalId)!)}::uuid[],
        ${col((e) => (e.detentionExternalId ? (detentionIds.get(e.detentionExternalId) ?? null) : null))}::uuid[], ${col((e) => e.externalId)}::text[],
        ${col((e) => e.kind)}::text[], ${col((e) => e.occurredOn)}::date[], ${col((e) => e.precision)}::text[],
        ${col((e) => (e.facilityCode ? (facilityIds.get(e.facilityCode) ?? null) : null))}::uuid[],
        ${col((e) => (Object.keys(e.asWritten).length > 0 ? JSON.stringify(e.asWritten) : null))}::jsonb[])
      on conflict (external_id) do update set
        person_id = excluded.person_id, detention_id = excluded.detention_id, kind = excluded.kind, occurred_on = excluded.occurred_on,
        occurred_on_precision = excluded.occurred_on_precision, facility_id = coalesce(excluded.facility_id, events.facility_id),
        as_written = excluded.as_written
      returning id, external_id as "externalId", (xmax = 0) as inserted`.execute(trx);
    const idOf = new Map(upserted.rows.map((r) => [r.externalId, r.id]));
    const updatedEvents: string[] = [];
    for (const r of upserted.rows) {
      if (r.inserted) counts.events.inserted++;
      else {
        counts.events.updated++;
        updatedEvents.push(r.id);
      }
    }
    const ids = slice.map((e) => idOf.get(e.externalId)!);
    if (updatedEvents.length > 0) await sql`delete from measures where event_id = any(${updatedEvents}::uuid[])`.execute(trx);
    const m = { id: [] as string[], event: [] as string[], kind: [] as string[], every: [] as (number | null)[], starts: [] as string[] };
    for (const e of slice)
      for (const measure of e.measures) {
        m.id.push(newTimeOrderedId());
        m.event.push(idOf.get(e.externalId)!);
        m.kind.push(measure.kind);
        m.every.push(measure.everyDays);
        m.starts.push(e.occurredOn);
      }
    if (m.id.length > 0) {
      await sql`insert into measures (id, event_id, kind, every_days, starts_on)
        select * from unnest(${m.id}::uuid[], ${m.event}::uuid[], ${m.kind}::text[], ${m.every}::int[], ${m.starts}::date[])`.execute(trx);
      await linkToSource(trx, source.id, 'measure_id', m.id);
      counts.measures += m.id.length;
    }
    await linkToSource(trx, source.id, 'event_id', ids);
  }
  if (plan.acts.length > 0) await writeActs(trx, plan.acts, { detentionIds, facilityIds, sourceId: source.id, counts, seal: options.sealActText });
  if (plan.retracted.length > 0) {
    const removed = await sql<{ externalId: string }>`
      delete from events e where e.external_id = any(${plan.retracted}::text[])
        and not exists (select 1 from verification_reviews r where r.subject_kind = 'event' and r.subject_id = e.id)
      returning e.external_id as "externalId"`.execute(trx);
    counts.events.removed = removed.rows.length;
    const gone = new Set(removed.rows.map((r) => r.externalId));
    const kept = await trx.selectFrom('events').select('externalId').where('externalId', 'in', plan.retracted).execute();
    counts.events.keptReviewed = kept.map((k) => k.externalId!).filter((id) => !gone.has(id));
  }
  // the planner learns of a large arrival at once (PGlite has no autovacuum to do it later)
  if (plan.persons.length >= LARGE_WRITE) await analyzeAll(trx);
  return counts;
}

/**
 * Upserts acts by (detention, the organisation's id), their account and named perpetrators sealed
 * under the ids they keep; a re-imported act keeps its id, its reviews and its evidence. A sheet
 * sets what it gives and never clears what it leaves empty (an account, a unit added since stays).
 */
async function writeActs(
  trx: Transaction<Database>,
  acts: readonly ImportedAct[],
  context: { detentionIds: Map<string, string>; facilityIds: Map<string, string>; sourceId: string; counts: CaseHistoryCounts; seal: SealActText | undefined },
): Promise<void> {
  const { detentionIds, facilityIds, counts } = context;
  const missing = [...new Set(acts.map((a) => a.detentionExternalId).filter((id) => !detentionIds.has(id)))];
  if (missing.length > 0) {
    for (const r of await trx.selectFrom('detentions').select(['id', 'externalId']).where('externalId', 'in', missing).execute())
      detentionIds.set(r.externalId!, r.id);
  }
  const owners = new Map(
    (
      await trx
        .selectFrom('detentions')
        .select(['id', 'personId'])
        .where('id', 'in', [...new Set(acts.map((a) => detentionIds.get(a.detentionExternalId)!))])
        .execute()
    ).map((d) => [d.id, d.personId]),
  );
  for (let i = 0; i < acts.length; i += 5000) {
    const batch = acts.slice(i, i + 5000);
    const detentionOf = (a: ImportedAct) => detentionIds.get(a.detentionExternalId)!;
    const existing = await sql<{ id: string; detentionId: string; externalId: string; reviewed: boolean }>`
      select a.id, a.detention_id, a.external_id,
        exists (select 1 from verification_reviews r where r.subject_kind = 'act' and r.subject_id = a.id) as reviewed
      from acts a
      where (a.detention_id, a.external_id) in (select * from unnest(${batch.map(detentionOf)}::uuid[], ${batch.map((a) => a.externalId)}::text[]))`.execute(
      trx,
    );
    const known = new Map(existing.rows.map((r) => [`${r.detentionId}\u0000${r.externalId}`, r]));
    // an act verifiers reviewed stays as they reviewed it: the sheet does not rewrite it
    const rows = batch
      .map((act) => ({ act, detention: detentionOf(act), was: known.get(`${detentionOf(act)}\u0000${act.externalId}`) }))
      .filter((row) => !row.was?.reviewed);
    counts.acts.keptReviewed += batch.length - rows.length;
    const ids = rows.map((row) => row.was?.id ?? newTimeOrderedId());
    const sealed = async (field: 'account' | 'namedPerpetrators') => {
      const out: (string | null)[] = [];
      for (const [j, { act, detention }] of rows.entries()) {
        const text = act[field];
        if (text === null) out.push(null);
        else if (!context.seal) throw new Error('an account to seal, and no key to seal it with');
        else {
          const sealedText = await context.seal(trx, owners.get(detention)!, ids[j]!, field, text);
          if (sealedText === null) counts.acts.erasedAccounts++;
          out.push(sealedText);
        }
      }
      return out;
    };
    const col = <T>(pick: (a: ImportedAct) => T) => rows.map((row) => pick(row.act));
    if (rows.length === 0) continue;
    await sql`
      insert into acts (id, detention_id, external_id, kind, from_on, from_precision, to_on, to_precision, facility_id, agency, unit, account_by, account, named_perpetrators)
      select * from unnest(
        ${ids}::uuid[], ${rows.map((row) => row.detention)}::uuid[], ${col((a) => a.externalId)}::text[], ${col((a) => a.kind)}::text[],
        ${col((a) => a.fromOn)}::date[], ${col((a) => a.fromPrecision)}::text[], ${col((a) => a.toOn)}::date[], ${col((a) => a.toPrecision)}::text[],
        ${col((a) => (a.facilityCode ? facilityIds.get(a.facilityCode)! : null))}::uuid[], ${col((a) => a.agency)}::text[], ${col((a) => a.unit)}::text[],
        ${col((a) => a.accountBy)}::text[], ${await sealed('account')}::text[], ${await sealed('namedPerpetrators')}::text[])
      on conflict (id) do update set
        kind = excluded.kind,
        from_on = coalesce(excluded.from_on, acts.from_on),
        from_precision = case when excluded.from_on is null then acts.from_precision else excluded.from_precision end,
        to_on = coalesce(excluded.to_on, acts.to_on),
        to_precision = case when excluded.to_on is null then acts.to_precision else excluded.to_precision end,
        facility_id = coalesce(excluded.facility_id, acts.facility_id), agency = coalesce(excluded.agency, acts.agency),
        unit = coalesce(excluded.unit, acts.unit), account_by = coalesce(excluded.account_by, acts.account_by),
        account = coalesce(excluded.account, acts.account), named_perpetrators = coalesce(excluded.named_perpetrators, acts.named_perpetrators),
        updated_at = now()`.execute(trx);
    const inserted = rows.filter((row) => row.was === undefined).length;
    counts.acts.inserted += inserted;
    counts.acts.updated += rows.length - inserted;
    await linkToSource(trx, context.sourceId, 'act_id', ids);
  }
}

/** Links facts to the spreadsheet they came from, at level "reported". */
async function linkToSource(
  trx: Transaction<Database>,
  sourceId: string,
  column: 'person_id' | 'detention_id' | 'event_id' | 'measure_id' | 'act_id',
  ids: readonly string[],
) {
  if (ids.length === 0) return;
  await sql`insert into source_links (id, source_id, ${sql.ref(column)}, level)
    select gen_random_uuid(), ${sourceId}::uuid, x, 'reported' from unnest(${ids}::uuid[]) as t(x)`.execute(trx);
}
