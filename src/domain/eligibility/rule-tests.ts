/**
 * Tests a lawyer can read and extend: YAML files of cases (facts → expected outcome and
 * decisive article) beside each rule set, run by `recuento rules test` and by the test suite.
 */
import { z } from 'zod';
import { EligibilityCaseSchema } from './case.js';
import { type CaseVocabulary, checkCaseNames } from './check-case.js';
import type { CompiledRuleSet } from './compile-rule-set.js';
import { type EligibilityResult, evaluateCase, OUTCOMES } from './evaluate-case.js';

export const RuleTestSchema = z
  .object({
    name: z.string().min(1),
    variants: z.array(z.string()).default([]),
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    strict: z.boolean().default(false),
    case: z.unknown(),
    expect: z
      .object({
        outcome: z.enum(OUTCOMES),
        rule: z.string().optional(),
        article: z.string().optional(),
        reason: z.string().optional(),
        missingFacts: z.array(z.string()).optional(),
        /** The requirements that certainly apply. */
        requirements: z.array(z.string()).optional(),
        deadlines: z.record(z.string(), z.enum(['pending', 'met', 'late', 'overdue', 'not_in_force'])).optional(),
        /** Whether the requester may request it; null when the instrument's text on it is unknown. */
        standing: z.boolean().nullable().optional(),
        /** The facts whose documented presumption some rule relied on, in any order. */
        presumptions: z.array(z.string()).optional(),
        /** The facts to collect that the case records as alleged only. */
        alleged: z.array(z.string()).optional(),
        /** The episodes cited for the charges (those whose conditions hold), in any order. */
        episodes: z.array(z.string()).optional(),
        /** Every other reading under which the outcome differs, with that outcome; {} when none does. */
        readings: z.record(z.string(), z.enum(OUTCOMES)).optional(),
        /** The category of each charge and where it came from, e.g. ["common (case)"]. */
        categories: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict();
export type RuleTest = z.infer<typeof RuleTestSchema>;

export const RuleTestFileSchema = z.object({ ruleSet: z.string().min(1), tests: z.array(RuleTestSchema).min(1) }).strict();
export type RuleTestFile = z.infer<typeof RuleTestFileSchema>;

const word = (allowed: boolean | null) => (allowed === null ? 'not known' : allowed ? 'allowed' : 'not allowed');

export type RuleTestOutcome = { name: string; passed: boolean; failures: string[]; result: EligibilityResult | null };

/**
 * Runs one test; `compile` gives the rule set under the test's variants and date. With a
 * vocabulary, the case's names are checked as a case file's are: a misspelt fact fails.
 */
export function runRuleTest(
  test: RuleTest,
  compile: (variants: readonly string[], asOf: string | undefined) => CompiledRuleSet,
  vocabulary?: CaseVocabulary,
): RuleTestOutcome {
  const parsed = EligibilityCaseSchema.safeParse({ id: test.name, ...(test.case as object) });
  if (!parsed.success)
    return {
      name: test.name,
      passed: false,
      failures: parsed.error.issues.map((issue) => `case.${issue.path.join('.')}: ${issue.message}`),
      result: null,
    };
  const problems = vocabulary ? checkCaseNames(parsed.data, vocabulary).problems : [];
  if (problems.length > 0)
    return { name: test.name, passed: false, failures: problems.map((problem) => `case.${problem.path}: ${problem.reason}`), result: null };
  const result = evaluateCase(compile(test.variants, test.asOf), parsed.data, { strict: test.strict });
  const failures: string[] = [];
  const expect = test.expect;
  if (result.outcome !== expect.outcome) failures.push(`outcome: expected ${expect.outcome}, got ${result.outcome}`);
  if (expect.rule !== undefined && result.decisive?.rule !== expect.rule)
    failures.push(`rule: expected ${expect.rule}, got ${result.decisive?.rule ?? 'none'}`);
  if (expect.article !== undefined && result.decisive?.article !== expect.article)
    failures.push(`article: expected ${expect.article}, got ${result.decisive?.article ?? 'none'}`);
  if (expect.reason !== undefined && result.reason !== expect.reason) failures.push(`reason: expected ${expect.reason}, got ${result.reason ?? 'none'}`);
  if (expect.missingFacts !== undefined) {
    const got = [...new Set(result.missingFacts.map((item) => item.fact))].sort();
    const wanted = [...expect.missingFacts].sort();
    if (got.join(',') !== wanted.join(',')) failures.push(`missing facts: expected [${wanted.join(', ')}], got [${got.join(', ')}]`);
  }
  if (expect.requirements !== undefined) {
    const got = result.requirements
      .filter((item) => item.certain)
      .map((item) => item.rule)
      .sort();
    const wanted = [...expect.requirements].sort();
    if (got.join(',') !== wanted.join(',')) failures.push(`requirements: expected [${wanted.join(', ')}], got [${got.join(', ')}]`);
  }
  for (const [id, status] of Object.entries(expect.deadlines ?? {})) {
    const got = result.deadlines.find((deadline) => deadline.deadline === id)?.status ?? 'none';
    if (got !== status) failures.push(`deadline ${id}: expected ${status}, got ${got}`);
  }
  const sameSet = (what: string, got: readonly string[], wanted: readonly string[] | undefined) => {
    if (wanted === undefined) return;
    const a = [...new Set(got)].sort().join(', ');
    const b = [...new Set(wanted)].sort().join(', ');
    if (a !== b) failures.push(`${what}: expected [${b}], got [${a}]`);
  };
  sameSet(
    'presumptions',
    result.presumptions.map((item) => item.fact),
    expect.presumptions,
  );
  sameSet(
    'alleged',
    result.missingFacts.filter((item) => item.alleged).map((item) => item.fact),
    expect.alleged,
  );
  sameSet(
    'episodes',
    result.charges.flatMap((charge) => charge.episodes),
    expect.episodes,
  );
  sameSet(
    'categories',
    result.charges.map((charge) => `${charge.category ?? 'none'} (${charge.categorySource ?? 'none'})`),
    expect.categories,
  );
  if (expect.readings !== undefined) {
    const got = Object.fromEntries(result.readings.map((item) => [item.reading, item.outcome]));
    sameSet(
      'readings',
      Object.entries(got).map(([reading, outcome]) => `${reading}: ${outcome}`),
      Object.entries(expect.readings).map(([reading, outcome]) => `${reading}: ${outcome}`),
    );
  }
  if (expect.standing !== undefined && result.standing?.allowed !== expect.standing)
    failures.push(`standing: expected ${word(expect.standing)}, got ${result.standing === null ? 'no request' : word(result.standing.allowed)}`);
  return { name: test.name, passed: failures.length === 0, failures, result };
}
