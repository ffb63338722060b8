/**
 * The registry as eligibility cases (one per detention), and stored eligibility runs: the
 * rule set's id, version and hash, the readings and date, and each result as computed.
 */
import type { Kysely } from 'kysely';
import type { EligibilityCase } from '../domain/eligibility/case.js';
import type { CompiledRuleSet } from '../domain/eligibility/compile-rule-set.js';
import type { EligibilityResult, Outcome } from '../domain/eligibility/evaluate-case.js';
import { buildRegistryCase, type RequestEvent } from '../domain/eligibility/registry-case.js';
import type { Database } from './schema.js';

/** Every detention of the registry as a case, in a stable order. */
export async function loadRegistryCases(db: Kysely<Database>): Promise<{ cases: EligibilityCase[] }> {
  const rows = await db
    .selectFrom('detentions')
    .innerJoin('persons', 'persons.id', 'detentions.personId')
    .leftJoin('facilities', 'facilities.id', 'detentions.facilityId')
    .select([
      'detentions.id as detentionId',
      'detentions.personId',
      'detentions.arrestedOn',
      'detentions.arrestedOnPrecision',
      'detentions.protestWave',
      'facilities.code as facility',
      'persons.occupationGroup',
      'persons.status',
    ])
    .orderBy('detentions.id')
    .execute();
  const charges = await db.selectFrom('detentionCharges').select(['detentionId', 'offenceCode']).orderBy('offenceCode').execute();
  const requestEvents = await db
    .selectFrom('events')
    .select(['personId', 'detentionId', 'kind', 'occurredOn', 'occurredOnPrecision'])
    .where('kind', 'in', ['amnesty_requested', 'amnestied', 'case_dismissed', 'amnesty_denied'])
    .execute();
  const eventsByPerson = new Map<string, RequestEvent[]>();
  for (const event of requestEvents) {
    const list = eventsByPerson.get(event.personId) ?? [];
    list.push({
      detentionId: event.detentionId,
      kind: event.kind,
      occurredOn: String(event.occurredOn).slice(0, 10),
      occurredOnPrecision: event.occurredOnPrecision,
    });
    eventsByPerson.set(event.personId, list);
  }
  const byDetention = new Map<string, string[]>();
  for (const charge of charges) {
    const list = byDetention.get(charge.detentionId);
    if (list) list.push(charge.offenceCode);
    else byDetention.set(charge.detentionId, [charge.offenceCode]);
  }
  return {
    cases: rows.map((row) =>
      buildRegistryCase({
        ...row,
        arrestedOn: row.arrestedOn === null ? null : String(row.arrestedOn),
        offences: byDetention.get(row.detentionId) ?? [],
        requestEvents: eventsByPerson.get(row.personId) ?? [],
      }),
    ),
  };
}

/** Stores a run and its results in one transaction. */
export async function storeEligibilityRun(
  db: Kysely<Database>,
  input: { compiled: CompiledRuleSet; strict: boolean; results: readonly EligibilityResult[]; createdBy?: string },
): Promise<{ id: string }> {
  const counts = { covered: 0, excluded: 0, review: 0 };
  for (const result of input.results) counts[result.outcome]++;
  return db.transaction().execute(async (trx) => {
    const run = await trx
      .insertInto('eligibilityRuns')
      .values({
        ruleSetId: input.compiled.ruleSet.id,
        ruleSetVersion: input.compiled.ruleSet.version,
        ruleSetHash: input.compiled.hash,
        variants: input.compiled.variants,
        asOf: input.compiled.asOf,
        strict: input.strict,
        ...counts,
        createdBy: input.createdBy ?? 'cli',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const BATCH = 500;
    for (let start = 0; start < input.results.length; start += BATCH) {
      const batch = input.results.slice(start, start + BATCH);
      await trx
        .insertInto('eligibilityResults')
        .values(
          batch.map((result) => ({
            runId: run.id,
            detentionId: result.case,
            personId: result.person!,
            outcome: result.outcome,
            decisiveRule: result.decisive?.rule ?? null,
            decisiveArticle: result.decisive?.article ?? null,
            result: JSON.stringify(result),
          })),
        )
        .execute();
    }
    return { id: run.id };
  });
}

/** Stored runs, newest first. */
export async function listEligibilityRuns(db: Kysely<Database>) {
  return db.selectFrom('eligibilityRuns').selectAll().orderBy('createdAt', 'desc').execute();
}

/** One run without its results. */
export async function getEligibilityRunHeader(db: Kysely<Database>, id: string) {
  return db.selectFrom('eligibilityRuns').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One run with its results (optionally one outcome only). */
export async function getEligibilityRun(db: Kysely<Database>, id: string, outcome?: string) {
  const run = await db.selectFrom('eligibilityRuns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!run) return null;
  // each case with whose it is, its wave and its facility (a detention or person removed since: null)
  let query = db
    .selectFrom('eligibilityResults as r')
    .leftJoin('detentions as d', 'd.id', 'r.detentionId')
    .leftJoin('persons as p', 'p.id', 'r.personId')
    .select([
      'r.detentionId',
      'r.personId',
      'r.outcome',
      'r.decisiveRule',
      'r.decisiveArticle',
      'r.result',
      'd.protestWave',
      'd.facilityId',
      'p.givenNames',
      'p.firstSurname',
      'p.secondSurname',
    ])
    .where('r.runId', '=', id);
  if (outcome) query = query.where('r.outcome', '=', outcome);
  const rows = await query.orderBy('r.detentionId').execute();
  const results = rows.map(({ givenNames, firstSurname, secondSurname, ...row }) => ({
    ...row,
    outcome: row.outcome as Outcome,
    result: storedResult(row.result),
    personName: givenNames === null ? null : [givenNames, firstSurname, secondSurname].filter(Boolean).join(' '),
  }));
  return { run, results };
}

/** A result as stored; runs stored before presumptions and readings were reported have none recorded. */
function storedResult(value: unknown): EligibilityResult {
  const result = value as EligibilityResult;
  return {
    ...result,
    presumptions: result.presumptions ?? [],
    readings: result.readings ?? [],
    dependsOnUncertainText: result.dependsOnUncertainText ?? false,
  };
}

/** The newest stored run of each rule set, without its results. */
export async function latestRunPerRuleSet(db: Kysely<Database>) {
  const runs = await db.selectFrom('eligibilityRuns').selectAll().orderBy('createdAt', 'desc').execute();
  const latest = new Map<string, (typeof runs)[number]>();
  for (const run of runs) if (!latest.has(run.ruleSetId)) latest.set(run.ruleSetId, run);
  return latest;
}

/** A run's cases by outcome, over the persons of the given consent levels only. */
export async function runOutcomeCounts(db: Kysely<Database>, runId: string, consent: readonly string[]): Promise<{ outcome: string; count: number }[]> {
  const rows = await db
    .selectFrom('eligibilityResults as r')
    .innerJoin('persons as p', 'p.id', 'r.personId')
    .select(['r.outcome', (eb) => eb.fn.countAll<number>().as('count')])
    .where('r.runId', '=', runId)
    .where('p.consent', 'in', [...consent])
    .groupBy('r.outcome')
    .execute();
  return rows.map((r) => ({ outcome: r.outcome, count: Number(r.count) }));
}
