/** Schemas of the rules and eligibility API: rule sets, cases, results, comparisons, runs. */
import { z } from 'zod';
import { EligibilityCaseSchema } from '../../../domain/eligibility/case.js';
import { INSTRUMENT_STATUSES } from '../../../domain/eligibility/rule-set.js';

const OutcomeSchema = z.enum(['covered', 'excluded', 'review']);
const RuleRefSchema = z.object({ rule: z.string(), article: z.string() });
const MissingFactSchema = z.object({
  fact: z.string(),
  charge: z.number().int().nullable(),
  alleged: z.literal(true).optional().describe('the case records the fact as alleged or publicly claimed only'),
});
// Fields added after runs were first stored are optional: a stored run keeps the results as they were computed.
const IsoDate = z.iso.date();

export const RuleSetParamsSchema = z.object({ ruleSet: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "a rule set's id or short name") });

export const RuleSetSummarySchema = z.object({
  id: z.string(),
  short: z.string(),
  version: z.number().int(),
  hash: z.string().describe('SHA-256 of the rule set file'),
  title: z.object({ es: z.string(), en: z.string() }),
  status: z.enum(INSTRUMENT_STATUSES),
  kind: z.enum(['amnesty', 'pardon']),
  dates: z.record(z.string(), z.string()),
  readings: z.array(z.object({ name: z.string(), label: z.object({ es: z.string(), en: z.string() }), description: z.string() })),
  rules: z.number().int(),
});

export const EligibilityResultSchema = z.object({
  case: z.string(),
  person: z.string().nullable(),
  outcome: OutcomeSchema,
  reason: z.enum(['unknown_facts', 'conflict', 'no_rule', 'offence_not_in_table', 'no_charges']).nullable(),
  decisive: RuleRefSchema.extend({ level: z.enum(['charge', 'case']), charge: z.number().int().nullable() }).nullable(),
  missingFacts: z.array(MissingFactSchema),
  conflicts: z.array(RuleRefSchema),
  charges: z.array(
    z.object({
      index: z.number().int(),
      offence: z.string().nullable(),
      offenceText: z.string().nullable().optional(),
      category: z.string().nullable(),
      categorySource: z.enum(['table', 'case']).nullable().optional(),
      factsOn: z.string().nullable(),
      outcome: OutcomeSchema,
      reason: z.string().nullable(),
      decisive: RuleRefSchema.nullable(),
      overridden: z.array(RuleRefSchema),
      conflict: z.array(RuleRefSchema),
      missingFacts: z.array(MissingFactSchema),
      episode: z.string().nullable(),
      episodes: z.array(z.string()).optional(),
      possibleEpisodes: z.array(z.string()).optional(),
    }),
  ),
  caseLevel: z.object({ outcome: OutcomeSchema.nullable(), decisive: RuleRefSchema.nullable(), overridden: z.array(RuleRefSchema) }),
  factsUsed: z.array(
    z.object({ fact: z.string(), charge: z.number().int().nullable(), value: z.boolean().nullable(), assumed: z.boolean(), source: z.string().nullable() }),
  ),
  presumptions: z
    .array(
      z.object({
        fact: z.string(),
        charge: z.number().int().nullable(),
        value: z.boolean(),
        reliedOnBy: z.array(RuleRefSchema.extend({ outcome: OutcomeSchema, applies: z.boolean() })),
      }),
    )
    .optional(),
  dateSource: z.string().nullable(),
  requirements: z.array(RuleRefSchema.extend({ certain: z.boolean() })),
  deadlines: z.array(
    z.object({
      deadline: z.string(),
      article: z.string(),
      due: z.string(),
      status: z.enum(['pending', 'met', 'late', 'overdue', 'not_in_force']),
      days: z.number().int(),
      verified: z.boolean(),
    }),
  ),
  standing: z.object({ by: z.string(), allowed: z.boolean().nullable(), article: z.string() }).nullable(),
  readings: z.array(z.object({ reading: z.string(), added: z.boolean(), outcome: OutcomeSchema, decisive: RuleRefSchema.nullable() })).optional(),
  dependsOnUncertainText: z.boolean().optional(),
  ruleSet: z.object({ id: z.string(), version: z.number().int(), hash: z.string(), variants: z.array(z.string()), asOf: z.string() }),
  explanation: z.array(z.string()).optional().describe('the decision as sentences, in the language asked'),
});

export const EvaluateBodySchema = z
  .object({
    cases: z.array(EligibilityCaseSchema).min(1).max(1000),
    variants: z.array(z.string()).max(20).default([]).describe('readings of uncertain texts to apply'),
    asOf: IsoDate.optional().describe('the date deadlines are judged on (default: today)'),
    strict: z.boolean().default(false).describe("ignore the rule set's documented presumptions"),
    resolveLabels: z.boolean().default(false).describe('accept offences written as their label; by default a label is refused with the code to use'),
    lang: z.enum(['es', 'en']).default('es'),
  })
  .strict();

const CountsSchema = z.object({ covered: z.number().int(), excluded: z.number().int(), review: z.number().int() });

export const EvaluateResponseSchema = z.object({
  counts: CountsSchema,
  results: z.array(EligibilityResultSchema),
  resolutions: z
    .array(z.object({ path: z.string(), label: z.string(), code: z.string() }))
    .describe('offences written as their label and read as a code (resolveLabels)'),
});

export const RuleTestsResponseSchema = z.object({
  ruleSet: z.string(),
  passed: z.number().int(),
  failed: z.number().int(),
  tests: z.array(z.object({ name: z.string(), passed: z.boolean(), failures: z.array(z.string()) })),
});

const TransitionSchema = z.record(OutcomeSchema, z.record(OutcomeSchema, z.number().int()));

export const ComparisonSchema = z.object({
  a: z.object({ id: z.string(), hash: z.string(), variants: z.array(z.string()) }),
  b: z.object({ id: z.string(), hash: z.string(), variants: z.array(z.string()) }),
  cases: z.number().int(),
  byCase: TransitionSchema,
  persons: z.number().int(),
  byPerson: TransitionSchema,
  changed: z.array(z.object({ case: z.string(), person: z.string().nullable(), from: OutcomeSchema, to: OutcomeSchema, ruleA: z.string(), ruleB: z.string() })),
  reasons: z.array(z.object({ ruleA: z.string(), ruleB: z.string(), from: OutcomeSchema, to: OutcomeSchema, count: z.number().int() })),
  groups: z.record(z.string(), z.record(z.string(), z.object({ cases: z.number().int(), changed: z.number().int(), byCase: TransitionSchema }))),
});

export const CompareQuerySchema = z.object({
  a: z.string().min(1).describe('the first rule set, e.g. ve-2026-proyecto (id@reading for a reading)'),
  b: z.string().min(1).describe('the second rule set, e.g. ve-2026-ley'),
  asOf: IsoDate.optional(),
  strict: z.enum(['true', 'false']).default('false'),
});

export const CompareBodySchema = z
  .object({
    a: z.string().min(1).describe('the first rule set (id@reading for a reading)'),
    b: z.string().min(1).describe('the second rule set'),
    cases: z.array(EligibilityCaseSchema).min(1).max(1000),
    asOf: IsoDate.optional(),
    strict: z.boolean().default(false),
    resolveLabels: z.boolean().default(false),
  })
  .strict();

export const RunInputSchema = z
  .object({ rules: z.string().min(1).describe('rule set, id@reading for readings'), asOf: IsoDate.optional(), strict: z.boolean().default(false) })
  .strict();

export const RunSchema = z.object({
  id: z.string(),
  ruleSetId: z.string(),
  ruleSetVersion: z.number().int(),
  ruleSetHash: z.string(),
  variants: z.array(z.string()),
  asOf: z.string(),
  strict: z.boolean(),
  covered: z.number().int(),
  excluded: z.number().int(),
  review: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const RunWithResultsSchema = z.object({
  run: RunSchema,
  results: z.array(
    z.object({
      detentionId: z.string(),
      personId: z.string(),
      outcome: OutcomeSchema,
      decisiveRule: z.string().nullable(),
      decisiveArticle: z.string().nullable(),
      result: EligibilityResultSchema,
      personName: z.string().nullable().describe("the person's name (null: the person was removed since the run)"),
      protestWave: z.string().nullable().describe("the detention's protest wave"),
      facilityId: z.string().nullable().describe("the detention's facility"),
    }),
  ),
});

export const RunQuerySchema = z.object({
  outcome: OutcomeSchema.optional(),
  lang: z.enum(['es', 'en']).optional().describe('add each decision as sentences in this language (explanation)'),
});

export const RecheckSchema = z.object({
  run: z.object({ id: z.string(), ruleSet: z.string(), hash: z.string(), variants: z.array(z.string()), asOf: z.string(), strict: z.boolean() }),
  currentHash: z.string(),
  sameText: z.boolean(),
  unchanged: z.number().int(),
  changed: z.array(z.object({ detention: z.string(), person: z.string(), from: OutcomeSchema, to: OutcomeSchema, ruleThen: z.string(), ruleNow: z.string() })),
  gone: z.number().int(),
});
