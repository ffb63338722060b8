/**
 * The shape of a rule set: one legal instrument (a law, a bill, a draft, a decree) as data a
 * lawyer can read beside its text. Parameters are dated in the style of OpenFisca (a value
 * holds from its date until the next one); rules carry their article, the legal text and the
 * rules they override, as Catala's exceptions do; readings of an uncertain text are named
 * variants that change parameters, never code. See rules/README.md for the format.
 */
import { z } from 'zod';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written yyyy-mm-dd');
const Localised = z.object({ es: z.string().min(1), en: z.string().min(1) }).strict();
const Identifier = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'use lower-case letters, digits, "_", "-" or "."');

export const INSTRUMENT_STATUSES = ['enacted', 'bill', 'proposal', 'struck_down', 'pardon'] as const;
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number];

export const RULE_OUTCOMES = ['covered', 'excluded', 'review'] as const;
/** What a rule decides; `requirement` rules decide nothing and add a condition to meet. */
export type RuleOutcome = (typeof RULE_OUTCOMES)[number];

/** A window of days, both ends included. */
export const WindowSchema = z.object({ from: IsoDay, to: IsoDay }).strict();
export type DateWindow = z.infer<typeof WindowSchema>;

const ParameterValue = z.union([WindowSchema, z.number(), z.boolean(), z.null(), IsoDay]);
export type ParameterValue = z.infer<typeof ParameterValue>;

/** A parameter: its values by the date from which each holds (OpenFisca's `values`). */
export const ParameterSchema = z
  .object({
    description: z.string().min(1),
    article: z.string().min(1),
    sources: z.array(z.string()).min(1),
    values: z.record(IsoDay, ParameterValue).refine((values) => Object.keys(values).length > 0, 'a parameter needs at least one dated value'),
    uncertain: z.string().optional(),
  })
  .strict();
export type Parameter = z.infer<typeof ParameterSchema>;

/** One enumerated episode (e.g. art. 8 of the 2026 law): a dated window with its exceptions. */
export const EpisodeSchema = z
  .object({
    id: Identifier,
    number: z.number().int().positive().optional(),
    label: Localised,
    from: IsoDay,
    to: IsoDay,
    /** Offence categories the text leaves out of this episode (e.g. military rebellion in 2019). */
    exceptions: z.array(Identifier).default([]),
    /**
     * A charge-level fact that must hold for facts in the window to belong to the episode,
     * for episodes defined by an institution or a process rather than by protests (e.g. the
     * acts of the 2016–2020 National Assembly): being in the window is not enough.
     */
    requiresFact: Identifier.optional(),
    sources: z.array(z.string()).min(1),
    uncertain: z.string().optional(),
  })
  .strict();
export type Episode = z.infer<typeof EpisodeSchema>;

/**
 * A condition, true / false / unknown. Charge-level rules may test the charge (offence
 * category, dates, penalty) and facts; case-level rules test facts and parameters only.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string }
  | { offence: string[] }
  | { episode: 'any' | string[] }
  | { episode_exception: 'any' | string[] }
  | { within: string }
  | { penalty_above: string }
  | { param: string }
  | { always: true };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
    z.object({ fact: Identifier }).strict(),
    z.object({ offence: z.array(Identifier).min(1) }).strict(),
    z.object({ episode: z.union([z.literal('any'), z.array(Identifier).min(1)]) }).strict(),
    z.object({ episode_exception: z.union([z.literal('any'), z.array(Identifier).min(1)]) }).strict(),
    z.object({ within: Identifier }).strict(),
    z.object({ penalty_above: Identifier }).strict(),
    z.object({ param: Identifier }).strict(),
    z.object({ always: z.literal(true) }).strict(),
  ]),
);

/** A fact the rules ask about, and the question to put to whoever documents the case. */
export const FactSchema = z
  .object({
    level: z.enum(['charge', 'case']),
    question: Localised,
    /**
     * A documented presumption used when the fact is not recorded, shown in every
     * explanation that relies on it; `--strict` evaluation ignores it.
     */
    assumption: z.object({ value: z.boolean(), why: Localised }).strict().optional(),
  })
  .strict();
export type FactDefinition = z.infer<typeof FactSchema>;

export const RuleSchema = z
  .object({
    id: Identifier,
    level: z.enum(['charge', 'case']),
    article: z.string().min(1),
    outcome: z.enum([...RULE_OUTCOMES, 'requirement']),
    when: ConditionSchema,
    overrides: z.array(Identifier).default([]),
    text: z
      .object({
        quote: z.string().min(1),
        status: z.enum(['verbatim', 'paraphrase', 'constitution', 'inferred']),
        sources: z.array(z.string()).min(1),
      })
      .strict(),
    explain: Localised,
    uncertain: z.string().optional(),
  })
  .strict();
export type Rule = z.infer<typeof RuleSchema>;

export const DeadlineSchema = z
  .object({
    id: Identifier,
    article: z.string().min(1),
    label: Localised,
    days: z.number().int().positive(),
    /** `request`: counted from the filing of a request; `in_force`: from the instrument's entry into force. */
    from: z.enum(['request', 'in_force']),
    calendar: z.enum(['continuous']),
    sources: z.array(z.string()).min(1),
    verified: z.boolean(),
    uncertain: z.string().optional(),
  })
  .strict();
export type DeadlineDefinition = z.infer<typeof DeadlineSchema>;

export const REQUESTERS = ['public_prosecutor', 'defence', 'person', 'relative', 'representative_abroad', 'victim', 'ngo'] as const;
export type Requester = (typeof REQUESTERS)[number];

export const VariantSchema = z
  .object({
    /** How explanations name the reading. */
    label: Localised,
    description: z.string().min(1),
    sources: z.array(z.string()).min(1),
    set: z.record(Identifier, ParameterValue).default({}),
    /** Episodes this reading replaces, by id: each by the listed windows (none removes it). */
    episodes: z.record(Identifier, z.array(EpisodeSchema)).optional(),
  })
  .strict();
export type Variant = z.infer<typeof VariantSchema>;

export const RuleSetSchema = z
  .object({
    id: Identifier,
    version: z.number().int().positive(),
    title: Localised,
    short: z.string().min(1),
    status: z.enum(INSTRUMENT_STATUSES),
    kind: z.enum(['amnesty', 'pardon']),
    dates: z
      .object({
        proposed: IsoDay.optional(),
        sanctioned: IsoDay.optional(),
        published: IsoDay.optional(),
        inForce: IsoDay.optional(),
        struckDown: IsoDay.optional(),
        /** For an instrument never in force: the date it is evaluated as if in force from. */
        assumedInForce: IsoDay.optional(),
      })
      .strict(),
    gazette: z.string().optional(),
    summary: Localised,
    caveats: z.array(z.string()).default([]),
    sources: z.record(z.string(), z.string().url()),
    parameters: z.record(Identifier, ParameterSchema).default({}),
    episodes: z.array(EpisodeSchema).default([]),
    categories: z.record(Identifier, Localised),
    offences: z.record(Identifier, z.array(Identifier)),
    facts: z.record(Identifier, FactSchema).default({}),
    rules: z.array(RuleSchema).min(1),
    deadlines: z.array(DeadlineSchema).default([]),
    effects: z
      .object({
        does: z.array(z.object({ article: z.string(), text: Localised }).strict()),
        doesNot: z.array(z.object({ article: z.string(), text: Localised }).strict()).default([]),
      })
      .strict(),
    procedure: z
      .object({
        /** Who may request it; null when the text that says so was not recovered. */
        mayRequest: z.array(z.enum(REQUESTERS)).nullable(),
        mayRequestArticle: z.string(),
        where: Localised,
        personalAppearance: Localised.optional(),
        refusal: Localised.optional(),
        automatic: z.boolean().default(false),
      })
      .strict(),
    variants: z.record(Identifier, VariantSchema).default({}),
  })
  .strict();
export type RuleSet = z.infer<typeof RuleSetSchema>;

/** A rule set as loaded: the file's hash travels with every result computed from it. */
export type LoadedRuleSet = { ruleSet: RuleSet; hash: string; file: string };
