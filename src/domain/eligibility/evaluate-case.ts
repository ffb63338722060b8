/**
 * Evaluates a case against a compiled rule set: each charge, then the case. Three outcomes,
 * covered / excluded / needs review, and never "not covered" by default.
 *
 * A rule applies, does not apply, or may apply (its condition reads an unknown fact). Among
 * the rules that apply, a rule overridden by another that applies is set aside (Catala's
 * exceptions). When rules that may apply could change the outcome, every combination of
 * them is tried: if all agree the outcome stands, otherwise the charge needs review and the
 * unknown facts are returned to be collected. Two rules that apply with different outcomes
 * and no override between them are a conflict for a lawyer, not resolved here.
 *
 * A case is excluded when any charge or case-level rule excludes it (an excluded charge
 * keeps the prosecution open), needs review when any part does, and is covered only when
 * every charge is covered and no case-level rule objects.
 */
import { dayToIso, type EligibilityCase, partialDateBounds } from './case.js';
import { type ChargeContext, type CompiledLevel, type CompiledRule, type CompiledRuleSet, settleEpisodes, type Tri } from './compile-rule-set.js';
import { touchMask } from './readings.js';
import type { FactDefinition, Requester } from './rule-set.js';

export const OUTCOMES = ['covered', 'excluded', 'review'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Why an outcome is "needs review". */
export type ReviewReason = 'unknown_facts' | 'conflict' | 'no_rule' | 'offence_not_in_table' | 'no_charges';

export type RuleRef = { rule: string; article: string };

/** A fact to collect; `charge` is the charge's index for charge-level facts; `alleged` when the case records it as alleged only. */
export type MissingFact = { fact: string; charge: number | null; alleged?: true };

export type FactUse = { fact: string; charge: number | null; value: boolean | null; assumed: boolean; source: string | null };

/**
 * A documented presumption a result relied on: the fact was not recorded, the rule set
 * presumes its value, and the rules listed would read otherwise without it (an exclusion kept
 * from applying, or a rule made to apply).
 */
export type Presumption = {
  fact: string;
  charge: number | null;
  value: boolean;
  reliedOnBy: (RuleRef & { outcome: Outcome; applies: boolean })[];
};

/** How the outcome reads under another named reading of an uncertain passage, when it differs. */
export type ReadingOutcome = { reading: string; added: boolean; outcome: Outcome; decisive: RuleRef | null };

export type ChargeResult = {
  index: number;
  /** The offence's code, when the case gives one. */
  offence: string | null;
  /** The charge as written in the case file, when it gives it. */
  offenceText: string | null;
  category: string | null;
  /** Where the category comes from: the instrument's offence table, or the case file (no code fitted). */
  categorySource: 'table' | 'case' | null;
  /** The date of the facts as given (a day, month or year; "from/until" for a span). */
  factsOn: string | null;
  outcome: Outcome;
  reason: ReviewReason | null;
  decisive: RuleRef | null;
  overridden: RuleRef[];
  conflict: RuleRef[];
  missingFacts: MissingFact[];
  /** The first enumerated episode whose conditions hold for the facts (its window and any fact it requires). */
  episode: string | null;
  /** Every episode whose conditions hold (more than one when windows overlap). */
  episodes: string[];
  /** When none certainly holds: the episodes that may (a fact they require is unknown, or the date straddles an edge). */
  possibleEpisodes: string[];
};

export type DeadlineStatus = {
  deadline: string;
  article: string;
  due: string;
  /** `not_in_force`: the text never entered into force, so the date is what the deadline would be. */
  status: 'pending' | 'met' | 'late' | 'overdue' | 'not_in_force';
  /** Days left (pending), days past the due date (late, overdue), or the deadline's length (not_in_force). */
  days: number;
  verified: boolean;
};

export type EligibilityResult = {
  case: string;
  person: string | null;
  outcome: Outcome;
  reason: ReviewReason | null;
  decisive: (RuleRef & { level: 'charge' | 'case'; charge: number | null }) | null;
  missingFacts: MissingFact[];
  conflicts: RuleRef[];
  charges: ChargeResult[];
  caseLevel: { outcome: Outcome | null; decisive: RuleRef | null; overridden: RuleRef[] };
  factsUsed: FactUse[];
  /** Every documented presumption any rule relied on, the decisive one or one it kept from applying. */
  presumptions: Presumption[];
  /** Where the dates of the facts come from, when the case says (`factSources.facts_date`). */
  dateSource: string | null;
  /** Conditions to meet (e.g. personal appearance); `certain` is false when an unknown fact decides whether it applies. */
  requirements: (RuleRef & { certain: boolean })[];
  deadlines: DeadlineStatus[];
  /** Whether the requester may request it: null inside when the instrument's text on it is unknown. */
  standing: { by: Requester; allowed: boolean | null; article: string } | null;
  /** The outcome under each other named reading of an uncertain passage (⚠), where it differs. */
  readings: ReadingOutcome[];
  /** True when the outcome depends on which reading of an uncertain text is right. */
  dependsOnUncertainText: boolean;
  ruleSet: { id: string; version: number; hash: string; variants: string[]; asOf: string };
};

export type EvaluateOptions = {
  /** Ignore the rule set's documented presumptions: every unrecorded fact is unknown. */
  strict?: boolean;
  /** Evaluate the other named readings too (default true). */
  readings?: boolean;
};

const OUTCOME_NAMES: readonly Outcome[] = OUTCOMES;
const NONE = 3;
const CONFLICT = 4;
const MAX_UNKNOWN_RULES = 12;

type LevelDecision = { kind: number; decisive: number; active: number; applied: number; unknown: number; conflict: number };

/** Per-charge numbers kept while a case is evaluated (one holder: module-level `let`s are slow to read in hot loops). */
const scratch = {
  kind: new Uint8Array(16),
  decisive: new Int32Array(16),
  category: new Int32Array(16),
  lo: new Float64Array(16),
  hi: new Float64Array(16),
  episodesTrue: new Int32Array(16),
  episodesUnknown: new Int32Array(16),
  applies: new Int32Array(16),
  unknown: new Int32Array(16),
  altKind: new Uint8Array(16),
  altDecisive: new Int32Array(16),
  touched: new Int32Array(16),
};

/** Grows every scratch array to hold `count` charges. */
function ensureScratch(count: number): void {
  if (scratch.kind.length >= count) return;
  const size = count * 2;
  scratch.kind = new Uint8Array(size);
  scratch.decisive = new Int32Array(size);
  scratch.category = new Int32Array(size);
  scratch.lo = new Float64Array(size);
  scratch.hi = new Float64Array(size);
  scratch.episodesTrue = new Int32Array(size);
  scratch.episodesUnknown = new Int32Array(size);
  scratch.applies = new Int32Array(size);
  scratch.unknown = new Int32Array(size);
  scratch.altKind = new Uint8Array(size);
  scratch.altDecisive = new Int32Array(size);
  scratch.touched = new Int32Array(size);
}

/** Evaluates one case; pure and deterministic for a compiled rule set. */
export function evaluateCase(compiled: CompiledRuleSet, input: EligibilityCase, options: EvaluateOptions = {}): EligibilityResult {
  const strict = options.strict === true;
  const context: ChargeContext = {
    category: -1,
    lo: Number.NaN,
    hi: Number.NaN,
    penalty: Number.NaN,
    chargeFacts: undefined,
    caseFacts: input.facts,
    strict,
    episodesTrue: -1,
    episodesUnknown: -1,
    unknownRules: 0,
  };
  const count = input.charges.length;
  ensureScratch(count);
  const charges: ChargeResult[] = [];
  const factsUsed: FactUse[] = [];
  let presumptions: Presumption[] = NONE_LISTED;
  for (let index = 0; index < count; index++) {
    const charge = input.charges[index]!;
    const fromTable = charge.offence === undefined ? undefined : compiled.offenceCategory.get(charge.offence);
    const category = fromTable ?? caseCategory(compiled, charge.category);
    const from = charge.factsOn ? partialDateBounds(charge.factsOn) : null;
    const until = charge.factsUntil ? partialDateBounds(charge.factsUntil) : null;
    context.category = category;
    context.lo = from ? from[0] : Number.NaN;
    context.hi = until ? until[1] : from ? from[1] : Number.NaN;
    context.penalty = charge.minPenaltyYears ?? Number.NaN;
    context.chargeFacts = charge.facts;
    context.episodesTrue = -1;
    const decision = decideLevel(compiled.charge, context);
    const rules = compiled.charge.rules;
    const outcomeIndex = decision.kind < NONE ? decision.kind : 2;
    const reason: ReviewReason | null =
      decision.kind === CONFLICT
        ? 'conflict'
        : decision.kind === NONE
          ? 'no_rule'
          : decision.unknown !== 0
            ? category < 0
              ? 'offence_not_in_table'
              : 'unknown_facts'
            : null;
    const decisive = decision.decisive >= 0 && decision.kind < NONE ? rules[decision.decisive]! : null;
    scratch.kind[index] = outcomeIndex;
    scratch.applies[index] = decision.applied;
    scratch.unknown[index] = context.unknownRules;
    scratch.decisive[index] = decisive ? decisive.index : -1;
    scratch.category[index] = category;
    scratch.lo[index] = context.lo;
    scratch.hi[index] = context.hi;
    if (context.episodesTrue < 0) settleEpisodes(context, compiled.episodes);
    const holding = episodeList(compiled, context.episodesTrue);
    // Before missingOf, which tries other facts and days on the same context.
    const possible = holding.length === 0 && !Number.isNaN(context.lo) ? episodeList(compiled, context.episodesUnknown) : NONE_LISTED;
    scratch.episodesTrue[index] = context.episodesTrue;
    scratch.episodesUnknown[index] = context.episodesUnknown;
    charges.push({
      index,
      offence: charge.offence ?? null,
      offenceText: charge.offenceText ?? null,
      category: category < 0 ? null : compiled.categories[category]!,
      categorySource: category < 0 ? null : fromTable !== undefined ? 'table' : 'case',
      factsOn: charge.factsOn ? (charge.factsUntil ? `${charge.factsOn}/${charge.factsUntil}` : charge.factsOn) : null,
      outcome: OUTCOME_NAMES[outcomeIndex]!,
      reason,
      decisive: decisive ? ref(decisive) : null,
      overridden: refs(rules, decision.applied & ~decision.active),
      conflict: decision.kind === CONFLICT ? refs(rules, decision.conflict) : NONE_LISTED,
      missingFacts: decision.unknown !== 0 ? missingOf(compiled, rules, decision.unknown, context, index) : NONE_LISTED,
      episode: holding.length > 0 ? holding[0]! : null,
      episodes: holding,
      possibleEpisodes: possible,
    });
    if (decisive) collectFacts(compiled, decisive, context, index, input, factsUsed);
    if (!strict) presumptions = presumptionsOf(compiled.facts, compiled.charge, context, index, decision.applied, scratch.unknown[index]!, presumptions);
  }

  toCaseLevel(context);
  const caseDecision = decideLevel(compiled.case, context);
  const caseUnknownRules = context.unknownRules;
  const caseRules = compiled.case.rules;
  const caseDecisive = caseDecision.decisive >= 0 && caseDecision.kind < NONE ? caseRules[caseDecision.decisive]! : null;
  if (caseDecisive) collectFacts(compiled, caseDecisive, context, null, input, factsUsed);
  if (!strict) presumptions = presumptionsOf(compiled.facts, compiled.case, context, null, caseDecision.applied, caseUnknownRules, presumptions);
  const caseOutcome: Outcome | null = caseDecision.kind === NONE ? null : caseDecision.kind === CONFLICT ? 'review' : OUTCOME_NAMES[caseDecision.kind]!;

  const combined = combine(scratch.kind, count, caseDecision.kind);
  const outcome = OUTCOME_NAMES[combined & 3]!;
  const at = combined >> 2;
  let reason: ReviewReason | null = null;
  let decisive: EligibilityResult['decisive'] = null;
  if (at === CASE_LEVEL) {
    if (caseDecisive) decisive = { ...ref(caseDecisive), level: 'case', charge: null };
    if (outcome === 'review') reason = caseDecision.kind === CONFLICT ? 'conflict' : caseDecision.unknown !== 0 ? 'unknown_facts' : null;
  } else if (at === NO_CHARGES) {
    reason = 'no_charges';
  } else {
    const charge = charges[at - AT_CHARGE]!;
    if (charge.decisive) decisive = { ...charge.decisive, level: 'charge', charge: charge.index };
    if (outcome === 'review') reason = charge.reason;
  }

  let missingFacts: MissingFact[] = NONE_LISTED;
  if (outcome === 'review') {
    missingFacts = [];
    for (const charge of charges) if (charge.outcome === 'review') missingFacts.push(...charge.missingFacts);
    if (caseDecision.unknown !== 0) missingFacts.push(...missingOf(compiled, caseRules, caseDecision.unknown, context, null));
  }
  let conflicts: RuleRef[] = NONE_LISTED;
  if (outcome === 'review') {
    conflicts = [];
    for (const charge of charges) conflicts.push(...charge.conflict);
    if (caseDecision.kind === CONFLICT) conflicts.push(...refs(caseRules, caseDecision.conflict));
  }

  let requirements: EligibilityResult['requirements'] = NONE_LISTED;
  if (outcome !== 'excluded')
    for (const rule of compiled.requirements) {
      const applies = rule.evaluate(context);
      if (applies === 0) continue;
      if (requirements === NONE_LISTED) requirements = [];
      requirements.push({ rule: rule.id, article: rule.article, certain: applies === 1 });
    }

  const readings = options.readings === false ? NONE_LISTED : readingsOf(compiled, input, context, count, caseDecision, caseUnknownRules, combined);

  return {
    case: input.id,
    person: input.personId ?? null,
    outcome,
    reason,
    decisive,
    missingFacts: dedupeMissing(missingFacts),
    conflicts,
    charges,
    caseLevel: {
      outcome: caseOutcome,
      decisive: caseDecisive ? ref(caseDecisive) : null,
      overridden: refs(caseRules, caseDecision.applied & ~caseDecision.active),
    },
    factsUsed,
    presumptions: outcome === 'excluded' ? presumptionsThatMatter(presumptions) : presumptions,
    dateSource: input.factSources?.facts_date ?? null,
    requirements,
    deadlines: deadlinesOf(compiled, input, outcome),
    standing: standingOf(compiled, input),
    readings,
    dependsOnUncertainText: readings.length > 0,
    ruleSet: compiled.resultRuleSet,
  };
}

/** Clears the charge's numbers from the context: case-level rules read facts and parameters only. */
function toCaseLevel(context: ChargeContext): void {
  context.category = -1;
  context.lo = Number.NaN;
  context.hi = Number.NaN;
  context.penalty = Number.NaN;
  context.chargeFacts = undefined;
  context.episodesTrue = -1;
}

/** The map an owner's shared entries are kept in, made on first use. */
function cacheOf<O extends object, K, V>(caches: WeakMap<O, Map<K, V>>, owner: O): Map<K, V> {
  let cache = caches.get(owner);
  if (!cache) {
    cache = new Map();
    caches.set(owner, cache);
  }
  return cache;
}

/** The category a case file gives a charge with no code in the table: by name, or by this rule set's id or short name. */
function caseCategory(compiled: CompiledRuleSet, given: string | Record<string, string> | undefined): number {
  if (given === undefined) return -1;
  const short = compiled.ruleSet.short.toLowerCase();
  const name = typeof given === 'string' ? given : (given[compiled.ruleSet.id] ?? Object.entries(given).find(([key]) => key.toLowerCase() === short)?.[1]);
  return name === undefined ? -1 : (compiled.categoryIndex.get(name) ?? -1);
}

/** Where the outcome of `combine` comes from, above its 2 low bits: the case level, no charges, or charge i (as i + 2). */
const CASE_LEVEL = 0;
const NO_CHARGES = 1;
const AT_CHARGE = 2;

/**
 * The case's outcome from its charges' outcomes (0 covered, 1 excluded, 2 review) and the
 * case level's decision: excluded when the case level or any charge excludes, needs review
 * when there are no charges or any part needs review, covered only when every charge is.
 * Returns the outcome in the low 2 bits and, above them, what decides it: CASE_LEVEL,
 * NO_CHARGES, or charge i as AT_CHARGE + i.
 */
function combine(kinds: Uint8Array, count: number, caseKind: number): number {
  if (caseKind === 1) return 1 | (CASE_LEVEL << 2);
  for (let i = 0; i < count; i++) if (kinds[i] === 1) return 1 | ((AT_CHARGE + i) << 2);
  if (count === 0) return 2 | (NO_CHARGES << 2);
  if (caseKind === 2 || caseKind === CONFLICT) return 2 | (CASE_LEVEL << 2);
  for (let i = 0; i < count; i++) if (kinds[i] === 2) return 2 | ((AT_CHARGE + i) << 2);
  return caseKind === 0 ? CASE_LEVEL << 2 : AT_CHARGE << 2;
}

/**
 * The outcome under each other reading, where it differs: only the charges a reading can
 * touch (and the case level, if it reads a changed parameter) are decided again.
 */
function readingsOf(
  compiled: CompiledRuleSet,
  input: EligibilityCase,
  context: ChargeContext,
  count: number,
  caseDecision: LevelDecision,
  caseUnknownRules: number,
  combined: number,
): ReadingOutcome[] {
  let out: ReadingOutcome[] = NONE_LISTED;
  const alternatives = compiled.alternatives;
  const kinds = scratch.altKind;
  const decisive = scratch.altDecisive;
  const touched = scratch.touched;
  const index = compiled.touchIndex;
  if (index === null) return out;
  let touchedAny = index.caseLevel;
  // An excluded charge (or case level) a reading cannot touch keeps the case excluded under it.
  let stays = caseDecision.kind === 1 ? ~index.caseLevel : 0;
  for (let i = 0; i < count; i++) {
    const mask = touchMask(index, scratch.category[i]!, scratch.lo[i]!, scratch.hi[i]!, scratch.episodesTrue[i]! > 0);
    touched[i] = mask;
    touchedAny |= mask;
    if (scratch.kind[i] === 1) stays |= ~mask;
  }
  const candidates = touchedAny & ~stays;
  if (candidates === 0) return out;
  for (let a = 0; a < alternatives.length; a++) {
    if (((candidates >>> a) & 1) === 0) continue;
    const alternative = alternatives[a]!;
    for (let i = 0; i < count; i++) {
      if (((touched[i]! >>> a) & 1) === 0) {
        kinds[i] = scratch.kind[i]!;
        decisive[i] = scratch.decisive[i]!;
        continue;
      }
      const charge = input.charges[i]!;
      context.category = scratch.category[i]!;
      context.lo = scratch.lo[i]!;
      context.hi = scratch.hi[i]!;
      context.penalty = charge.minPenaltyYears ?? Number.NaN;
      context.chargeFacts = charge.facts;
      // Episodes the reading does not change are the charge's as already worked out.
      context.episodesTrue = alternative.sameEpisodes ? scratch.episodesTrue[i]! : -1;
      context.episodesUnknown = scratch.episodesUnknown[i]!;
      // Only the rules that read what the reading changes can evaluate otherwise.
      const changed = alternative.chargeRules;
      const applies = (scratch.applies[i]! & ~changed) | alternative.evaluateChargeRules(context);
      const unknown = (scratch.unknown[i]! & ~changed) | context.unknownRules;
      if (applies === scratch.applies[i] && unknown === scratch.unknown[i]) {
        kinds[i] = scratch.kind[i]!;
        decisive[i] = scratch.decisive[i]!;
        continue;
      }
      const encoded = decideEncoded(alternative.compiled.charge, applies, unknown);
      const kind = encoded & 7;
      kinds[i] = kind < NONE ? kind : 2;
      decisive[i] = kind < NONE ? (encoded >> 3) - 1 : -1;
    }
    let altCaseKind = caseDecision.kind;
    let caseRule = caseDecision.kind < NONE ? caseDecision.decisive : -1;
    const caseLevel = alternative.caseLevel ? alternative.compiled.case : compiled.case;
    if (alternative.caseLevel) {
      toCaseLevel(context);
      const changed = alternative.caseRules;
      const applies = (caseDecision.applied & ~changed) | alternative.evaluateCaseRules(context);
      const unknown = (caseUnknownRules & ~changed) | context.unknownRules;
      if (applies !== caseDecision.applied || unknown !== caseUnknownRules) {
        const encoded = decideEncoded(caseLevel, applies, unknown);
        altCaseKind = encoded & 7;
        caseRule = altCaseKind < NONE ? (encoded >> 3) - 1 : -1;
      }
    }
    const result = combine(kinds, count, altCaseKind);
    if ((result & 3) === (combined & 3)) continue;
    const at = result >> 2;
    const rule =
      at === CASE_LEVEL
        ? caseRule >= 0
          ? caseLevel.rules[caseRule]!
          : null
        : at === NO_CHARGES || decisive[at - AT_CHARGE]! < 0
          ? null
          : alternative.compiled.charge.rules[decisive[at - AT_CHARGE]!]!;
    if (out === NONE_LISTED) out = [];
    out.push(readingOutcome(alternative, result & 3, rule));
  }
  return out;
}

/** A reading's outcome, shared between results: a reading has few outcomes and decisive rules. */
function readingOutcome(alternative: CompiledRuleSet['alternatives'][number], outcome: number, rule: CompiledRule | null): ReadingOutcome {
  const key = outcome * 64 + (rule === null ? 63 : rule.index) + (rule !== null && rule.level === 'case' ? 4096 : 0);
  const cache = cacheOf(READING_OUTCOMES, alternative);
  let entry = cache.get(key);
  if (!entry) {
    entry = Object.freeze({ reading: alternative.reading, added: alternative.added, outcome: OUTCOME_NAMES[outcome]!, decisive: rule ? ref(rule) : null });
    cache.set(key, entry);
  }
  return entry;
}
const READING_OUTCOMES = new WeakMap<object, Map<number, ReadingOutcome>>();

/**
 * Adds the presumptions the rules of a level relied on for one charge (or the case): a rule
 * relied on one when, with its unrecorded facts left unknown instead, it would read otherwise.
 */
function presumptionsOf(
  definitions: Record<string, FactDefinition>,
  level: CompiledLevel,
  context: ChargeContext,
  charge: number | null,
  applies: number,
  unknown: number,
  out: Presumption[],
): Presumption[] {
  const presumptive = level.presumptive;
  if (presumptive.length === 0) return out;
  let unrecorded = false;
  for (let r = 0; r < presumptive.length && !unrecorded; r++) {
    const { facts, onCharge } = presumptive[r]!;
    for (let f = 0; f < facts.length; f++)
      if ((onCharge[f] ? context.chargeFacts?.[facts[f]!] : context.caseFacts?.[facts[f]!]) === undefined) unrecorded = true;
  }
  if (!unrecorded) return out;
  // The same rules without any presumption: a rule whose answer changes relied on one.
  context.strict = true;
  context.episodesTrue = -1;
  const strictApplies = level.evaluatePresumptive(context);
  const strictUnknown = context.unknownRules;
  context.strict = false;
  context.episodesTrue = -1;
  for (let r = 0; r < presumptive.length; r++) {
    const { rule, facts, onCharge } = presumptive[r]!;
    const bit = 1 << rule.index;
    const presumed = applies & bit ? 1 : unknown & bit ? 2 : 0;
    const without = strictApplies & bit ? 1 : strictUnknown & bit ? 2 : 0;
    if (presumed === without) continue;
    for (let f = 0; f < facts.length; f++) {
      const fact = facts[f]!;
      if ((onCharge[f] ? context.chargeFacts?.[fact] : context.caseFacts?.[fact]) !== undefined) continue;
      const at = onCharge[f] ? charge : null;
      const single = presumptionOf(level, r, f, at, presumed === 1, definitions);
      const k = out.findIndex((item) => item.fact === fact && item.charge === at);
      if (k < 0) out = withPresumption(out, single);
      else if (!out[k]!.reliedOnBy.some((item) => item.rule === rule.id)) {
        out = [...out];
        out[k] = { ...out[k]!, reliedOnBy: [...out[k]!.reliedOnBy, ...single.reliedOnBy] };
      }
    }
  }
  return out;
}

/**
 * In an excluded case, a presumption that only kept another exclusion from applying changes
 * nothing: it is left out (a charge of foreign armed action is not "presumed not accused" of it).
 */
function presumptionsThatMatter(list: Presumption[]): Presumption[] {
  let kept = 0;
  for (const item of list) if (item.reliedOnBy.some((rule) => rule.applies || rule.outcome !== 'excluded')) kept++;
  if (kept === list.length) return list;
  if (kept === 0) return NONE_LISTED;
  return list.filter((item) => item.reliedOnBy.some((rule) => rule.applies || rule.outcome !== 'excluded'));
}

/** The list with one more presumption: shared and frozen, since most results rely on the same few. */
function withPresumption(list: Presumption[], entry: Presumption): Presumption[] {
  if (!Object.isFrozen(list)) {
    list.push(entry);
    return list;
  }
  const next = cacheOf(EXTENDED, list);
  let extended = next.get(entry);
  if (!extended) {
    extended = Object.freeze([...list, entry]) as Presumption[];
    next.set(entry, extended);
  }
  return extended;
}
const EXTENDED = new WeakMap<Presumption[], Map<Presumption, Presumption[]>>();

/** One rule's reliance on one presumption, shared between results (frozen: results merge by copying). */
function presumptionOf(
  level: CompiledLevel,
  r: number,
  f: number,
  charge: number | null,
  applies: boolean,
  definitions: Record<string, FactDefinition>,
): Presumption {
  const cache = cacheOf(PRESUMPTIONS, level);
  const key = ((r * 64 + f) * 4096 + (charge === null ? 4095 : charge)) * 2 + (applies ? 1 : 0);
  let entry = cache.get(key);
  if (!entry) {
    const rule = level.presumptive[r]!.rule;
    const fact = level.presumptive[r]!.facts[f]!;
    entry = Object.freeze({
      fact,
      charge,
      value: definitions[fact]!.assumption!.value,
      reliedOnBy: Object.freeze([
        Object.freeze({ rule: rule.id, article: rule.article, outcome: rule.outcome as Outcome, applies }),
      ]) as Presumption['reliedOnBy'],
    });
    cache.set(key, entry);
  }
  return entry;
}
const PRESUMPTIONS = new WeakMap<CompiledLevel, Map<number, Presumption>>();

/** The ids of the episodes in a mask (cached per mask: most charges fall in one episode or none). */
function episodeList(compiled: CompiledRuleSet, mask: number): string[] {
  if (mask <= 0) return NONE_LISTED;
  if ((mask & (mask - 1)) === 0) return compiled.episodeAlone[31 - Math.clz32(mask)]!;
  const cache = cacheOf(EPISODE_LISTS, compiled);
  let list = cache.get(mask);
  if (!list) {
    list = Object.freeze(compiled.episodes.filter((_, i) => (mask >>> i) & 1).map((episode) => episode.id)) as string[];
    cache.set(mask, list);
  }
  return list;
}
const EPISODE_LISTS = new WeakMap<CompiledRuleSet, Map<number, string[]>>();

/** The decision at one level: the world of known facts, then every combination of the rules that may apply. */
function decideLevel(level: CompiledLevel, context: ChargeContext): LevelDecision {
  return decideMasks(level, level.evaluateAll(context), context.unknownRules);
}

/** The decision from the masks of the rules that apply and may apply, as a result's parts need it. */
function decideMasks(level: CompiledLevel, applies: number, unknown: number): LevelDecision {
  const encoded = decideEncoded(level, applies, unknown);
  return {
    kind: encoded & 7,
    decisive: (encoded >> 3) - 1,
    active: decided.active,
    applied: applies,
    unknown: decided.unknown,
    conflict: decided.baseKind === CONFLICT ? decided.active : 0,
  };
}

/** What the last decision left beside its encoded answer (one holder: module-level `let`s are slow in hot loops). */
const decided = { active: 0, baseKind: 0, unknown: 0 };

/**
 * The decision from the masks of the rules that apply and may apply — a pure function of
 * them for a level, so two readings with the same masks decide alike — encoded as the kind in
 * the low 3 bits and the decisive rule's index + 1 above; the active rules, the known world's
 * kind and the rules left undecided are left in `decided`. Allocates nothing.
 */
function decideEncoded(level: CompiledLevel, applies: number, unknown: number): number {
  const base = decideWorld(level, applies);
  const active = decided.active;
  const kind = base & 7;
  decided.baseKind = kind;
  decided.unknown = 0;
  if (unknown === 0) return base;
  if (popcount(unknown) <= MAX_UNKNOWN_RULES) {
    // Every subset of the rules that may apply; the outcome stands only if all of them agree.
    let agree = true;
    for (let subset = unknown; subset !== 0; subset = (subset - 1) & unknown)
      if ((decideWorld(level, applies | subset) & 7) !== kind) {
        agree = false;
        break;
      }
    decided.active = active;
    if (agree) {
      if (kind === CONFLICT) decided.unknown = unknown;
      return base;
    }
  }
  decided.unknown = unknown;
  return 2;
}

/** Decides one world: the kind in the low 3 bits, the decisive rule's index + 1 above them; its active rules in `decided.active`. */
function decideWorld(level: CompiledLevel, applies: number): number {
  let active = 0;
  let outcomes = 0;
  let decisive = -1;
  // In override order every overriding rule is settled before the rules it overrides, and
  // the first active rule is the most specific: an exception before its rule.
  const order = level.order;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (((applies >>> i) & 1) === 0 || (level.overriddenBy[i]! & active) !== 0) continue;
    active |= 1 << i;
    outcomes |= 1 << level.outcome[i]!;
    if (decisive < 0) decisive = i;
  }
  decided.active = active;
  if (active === 0) return NONE;
  if ((outcomes & (outcomes - 1)) !== 0) return CONFLICT | ((decisive + 1) << 3);
  return level.outcome[decisive]! | ((decisive + 1) << 3);
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask >>> 0; m !== 0; m &= m - 1) count++;
  return count;
}

function ref(rule: CompiledRule): RuleRef {
  return rule.ref;
}

/** A shared empty list: most results have no overridden rules, conflicts or missing facts. Frozen, so it cannot be filled by mistake. */
const NONE_LISTED: never[] = Object.freeze([]) as unknown as never[];

function refs(rules: readonly CompiledRule[], mask: number): RuleRef[] {
  if (mask === 0) return NONE_LISTED;
  const out: RuleRef[] = [];
  for (let i = 0; i < rules.length; i++) if ((mask >>> i) & 1) out.push(ref(rules[i]!));
  return out;
}

/** The facts that left the rules in `mask` undecided, as questions to collect. */
function missingOf(compiled: CompiledRuleSet, rules: readonly CompiledRule[], mask: number, context: ChargeContext, charge: number | null): MissingFact[] {
  // Which other facts matter depends on what the offence is: ask for that first.
  if (charge !== null && context.category < 0) return [{ fact: 'offence_category', charge }];
  const missing: MissingFact[] = [];
  for (let i = 0; i < rules.length; i++) {
    if (((mask >>> i) & 1) === 0) continue;
    const rule = rules[i]!;
    for (const fact of rule.facts) {
      const definition = compiled.facts[fact]!;
      const value = definition.level === 'charge' ? context.chargeFacts?.[fact] : context.caseFacts?.[fact];
      if (value === true || value === false) continue;
      if (value === undefined && definition.assumption && !context.strict) continue;
      if (!episodeFactMatters(compiled, fact, context)) continue;
      if (!factDecides(rule, fact, definition.level === 'charge', context)) continue;
      const at = definition.level === 'charge' ? charge : null;
      missing.push(value === 'alleged' ? { fact, charge: at, alleged: true } : { fact, charge: at });
    }
    if (rule.readsDate && (Number.isNaN(context.lo) || dateDecides(compiled, rule, context))) missing.push({ fact: 'facts_date', charge });
    if (rule.readsPenalty && Number.isNaN(context.penalty)) missing.push({ fact: 'min_penalty_years', charge });
  }
  return dedupeMissing(missing);
}

/** True when recording the fact, either way, would settle or change the rule (facts in branches that cannot apply do not). */
function factDecides(rule: CompiledRule, fact: string, onCharge: boolean, context: ChargeContext): boolean {
  const before = rule.evaluate(context);
  const saved = onCharge ? context.chargeFacts : context.caseFacts;
  let decides = false;
  for (const value of [true, false]) {
    const facts = { ...saved, [fact]: value };
    if (onCharge) context.chargeFacts = facts;
    else context.caseFacts = facts;
    context.episodesTrue = -1;
    if (rule.evaluate(context) !== before) decides = true;
  }
  if (onCharge) context.chargeFacts = saved;
  else context.caseFacts = saved;
  context.episodesTrue = -1;
  return decides;
}

/** An episode's own fact matters only when the facts may fall in that episode's window (and their date is known). */
function episodeFactMatters(compiled: CompiledRuleSet, fact: string, context: ChargeContext): boolean {
  let isEpisodeFact = false;
  for (const episode of compiled.episodes) {
    if (episode.requiresFact !== fact) continue;
    isEpisodeFact = true;
    if (!Number.isNaN(context.lo) && context.hi >= episode.start && context.lo <= episode.end) return true;
  }
  return !isEpisodeFact;
}

/** True when the rule's answer differs between days the facts may have happened on (tried at every window edge in the span). */
function dateDecides(compiled: CompiledRuleSet, rule: CompiledRule, context: ChargeContext): boolean {
  const { lo, hi } = context;
  if (lo === hi) return false;
  const days = [lo, hi];
  for (const edge of compiled.windowEdges) if (edge > lo && edge <= hi) days.push(edge - 1, edge);
  let first: Tri | null = null;
  let differs = false;
  for (const day of days) {
    context.lo = day;
    context.hi = day;
    context.episodesTrue = -1;
    const value = rule.evaluate(context);
    if (first === null) first = value;
    else if (value !== first) differs = true;
    if (differs) break;
  }
  context.lo = lo;
  context.hi = hi;
  context.episodesTrue = -1;
  return differs;
}

function dedupeMissing(missing: MissingFact[]): MissingFact[] {
  if (missing.length === 0) return NONE_LISTED;
  const seen = new Set<string>();
  return missing.filter((item) => {
    const key = `${item.fact}|${item.charge}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function collectFacts(
  compiled: CompiledRuleSet,
  rule: CompiledRule,
  context: ChargeContext,
  charge: number | null,
  input: EligibilityCase,
  out: FactUse[],
): void {
  for (const fact of rule.facts) {
    const definition = compiled.facts[fact]!;
    const onCharge = definition.level === 'charge';
    const recorded = onCharge ? context.chargeFacts?.[fact] : context.caseFacts?.[fact];
    const known = recorded === true || recorded === false;
    const assumed = recorded === undefined && definition.assumption !== undefined && !context.strict;
    // An unknown fact in a decisive rule did not decide anything: it is not listed as used.
    if (!known && !assumed) continue;
    out.push({
      fact,
      charge: onCharge ? charge : null,
      value: known ? (recorded as boolean) : assumed ? definition.assumption!.value : null,
      assumed,
      source: input.factSources?.[fact] ?? null,
    });
  }
}

function deadlinesOf(compiled: CompiledRuleSet, input: EligibilityCase, outcome: Outcome): DeadlineStatus[] {
  if (compiled.ruleSet.deadlines.length === 0) return NONE_LISTED;
  const out: DeadlineStatus[] = [];
  const asOf = compiled.asOfDay;
  const request = input.request;
  const filed = request ? partialDateBounds(request.filedOn) : null;
  const decided = request?.decidedOn ? partialDateBounds(request.decidedOn) : null;
  for (const deadline of compiled.ruleSet.deadlines) {
    let start: number;
    let done: number | null;
    if (deadline.from === 'request') {
      if (!filed) continue;
      // A request filed before the text was in force is counted from its entry into force.
      start = compiled.inForceDay !== null && filed[1] < compiled.inForceDay ? compiled.inForceDay : filed[1];
      done = decided ? decided[0] : null;
    } else {
      if (outcome === 'excluded' || compiled.inForceDay === null) continue;
      start = compiled.inForceDay;
      done = filed ? filed[0] : null;
    }
    const due = start + deadline.days;
    const base = { deadline: deadline.id, article: deadline.article, due: dayToIso(due), verified: deadline.verified };
    // A text never in force sets no deadline: say what it would be, never that it is overdue.
    if (!compiled.inForceNow) out.push({ ...base, status: 'not_in_force', days: deadline.days });
    else if (done !== null) out.push({ ...base, status: done <= due ? 'met' : 'late', days: done <= due ? 0 : done - due });
    else out.push({ ...base, status: asOf > due ? 'overdue' : 'pending', days: asOf > due ? asOf - due : due - asOf });
  }
  return out;
}

function standingOf(compiled: CompiledRuleSet, input: EligibilityCase): EligibilityResult['standing'] {
  const by = input.request?.by;
  if (!by) return null;
  const procedure = compiled.ruleSet.procedure;
  return { by, allowed: procedure.mayRequest === null ? null : procedure.mayRequest.includes(by), article: procedure.mayRequestArticle };
}
