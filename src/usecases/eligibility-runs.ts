/**
 * Eligibility over the registry, shared by the command line and the API: evaluate every
 * detention and store the run; re-check a stored run against the rule set as it is now (its
 * file hash says whether the text changed) and the registry as it is now.
 */
import type { Kysely } from 'kysely';
import { compareResults } from '../domain/eligibility/compare-results.js';
import type { CompiledRuleSet } from '../domain/eligibility/compile-rule-set.js';
import { type EligibilityResult, evaluateCase, type Outcome } from '../domain/eligibility/evaluate-case.js';
import type { LoadedRuleSet } from '../domain/eligibility/rule-set.js';
import { resolveRuleSet } from '../io/read-rules.js';
import { AppError } from '../shared/app-error.js';
import { getEligibilityRun, loadRegistryCases, storeEligibilityRun } from '../store/eligibility.js';
import type { Database } from '../store/schema.js';

export type RunSummary = { id: string; ruleSet: string; hash: string; variants: string[]; asOf: string; counts: Record<Outcome, number> };

/** Evaluates every detention of the registry and stores the run with the rule set's hash. */
export async function runEligibilityOverRegistry(
  db: Kysely<Database>,
  compiled: CompiledRuleSet,
  options: { strict: boolean; createdBy: string },
): Promise<RunSummary & { results: EligibilityResult[] }> {
  const { cases } = await loadRegistryCases(db);
  const results = cases.map((input) => evaluateCase(compiled, input, { strict: options.strict }));
  const { id } = await storeEligibilityRun(db, { compiled, strict: options.strict, results, createdBy: options.createdBy });
  const counts = { covered: 0, excluded: 0, review: 0 };
  for (const result of results) counts[result.outcome]++;
  return { id, ruleSet: compiled.ruleSet.id, hash: compiled.hash, variants: compiled.variants, asOf: compiled.asOf, counts, results };
}

export type Recheck = {
  run: { id: string; ruleSet: string; hash: string; variants: string[]; asOf: string; strict: boolean };
  currentHash: string;
  /** True when the rule set's file is byte for byte the one the run used. */
  sameText: boolean;
  unchanged: number;
  changed: { detention: string; person: string; from: Outcome; to: Outcome; ruleThen: string; ruleNow: string }[];
  /** Detentions of the run no longer in the registry. */
  gone: number;
};

/** Re-evaluates a stored run's detentions with the same readings, date and strictness, and says what changed. */
export async function recheckEligibilityRun(db: Kysely<Database>, all: readonly LoadedRuleSet[], runId: string): Promise<Recheck> {
  const stored = await getEligibilityRun(db, runId);
  if (!stored) throw new AppError('not_found', 'eligibility run not found', { publicMessage: 'There is no eligibility run with this id.' });
  const { run } = stored;
  const asOf = String(run.asOf).slice(0, 10);
  const compiled = resolveRuleSet(all, run.ruleSetId, asOf, run.variants);
  const { cases } = await loadRegistryCases(db);
  const byDetention = new Map(cases.map((input) => [input.id, input]));
  let gone = 0;
  const pairs = [];
  for (const row of stored.results) {
    const input = byDetention.get(row.detentionId);
    if (!input) {
      gone++;
      continue;
    }
    pairs.push({ a: row.result, b: evaluateCase(compiled, input, { strict: run.strict }) });
  }
  const comparison = compareResults(pairs);
  return {
    run: { id: run.id, ruleSet: run.ruleSetId, hash: run.ruleSetHash, variants: run.variants, asOf, strict: run.strict },
    currentHash: compiled.hash,
    sameText: compiled.hash === run.ruleSetHash,
    unchanged: comparison.cases - comparison.changed.length,
    changed: comparison.changed.map((change) => ({
      detention: change.case,
      person: change.person ?? '',
      from: change.from,
      to: change.to,
      ruleThen: change.ruleA,
      ruleNow: change.ruleB,
    })),
    gone,
  };
}
