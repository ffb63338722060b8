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
import type { ChargeContext, CompiledLevel, CompiledRule, CompiledRuleSet, Tri } from './compile-rule-set.js';
import type { Requester } from './rule-set.js';

export const OUTCOMES = ['covered', 'excluded', 'review'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Why an outcome is "needs review". */
export type ReviewReason = 'unknown_facts' | 'conflict' | 'no_rule' | 'offence_not_in_table' | 'no_charges';

export type RuleRef = { rule: string; article: string };

/** A fact to collect; `charge` is the charge's index for charge-level facts. */
export type MissingFact = { fact: string; charge: number | null };

export type FactUse = { fact: string; charge: number | null; value: boolean | null; assumed: boolean; source: string | null };

export type ChargeResult = {
  index: number;
  offence: string;
  category: string | null;
  /** The date of the facts as given (a day, month or year; "from/until" for a span). */
  factsOn: string | null;
  outcome: Outcome;
  reason: ReviewReason | null;
  decisive: RuleRef | null;
  overridden: RuleRef[];
  conflict: RuleRef[];
  missingFacts: MissingFact[];
  /** The enumerated episode the facts fall in, when one does. */
  episode: string | null;
};

export type DeadlineStatus = {
  deadline: string;
  article: string;
  due: string;
  status: 'pending' | 'met' | 'late' | 'overdue';
  /** Days left (pending), or days past the due date (late, overdue). */
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
  /** Where the dates of the facts come from, when the case says (`factSources.facts_date`). */
  dateSource: string | null;
  /** Conditions to meet (e.g. personal appearance); `certain` is false when an unknown fact decides whether it applies. */
  requirements: (RuleRef & { certain: boolean })[];
  deadlines: DeadlineStatus[];
  standing: { by: Requester; allowed: boolean; article: string } | null;
  ruleSet: { id: string; version: number; hash: string; variants: string[]; asOf: string };
};

export type EvaluateOptions = {
  /** Ignore the rule set's documented presumptions: every unrecorded fact is unknown. */
  strict?: boolean;
};

const OUTCOME_NAMES: readonly Outcome[] = OUTCOMES;
const NONE = 3;
const CONFLICT = 4;
const MAX_UNKNOWN_RULES = 12;

type LevelDecision = { kind: number; decisive: number; active: number; applied: number; unknown: number; conflict: number };

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
  const charges: ChargeResult[] = [];
  const factsUsed: FactUse[] = [];
  for (let index = 0; index < input.charges.length; index++) {
    const charge = input.charges[index]!;
    const category = compiled.offenceCategory.get(charge.offence) ?? -1;
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
    const outcome = decision.kind < NONE ? OUTCOME_NAMES[decision.kind]! : 'review';
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
    charges.push({
      index,
      offence: charge.offence,
      category: category < 0 ? null : compiled.categories[category]!,
      factsOn: charge.factsOn ? (charge.factsUntil ? `${charge.factsOn}/${charge.factsUntil}` : charge.factsOn) : null,
      outcome,
      reason,
      decisive: decisive ? ref(decisive) : null,
      overridden: refs(rules, decision.applied & ~decision.active),
      conflict: decision.kind === CONFLICT ? refs(rules, decision.conflict) : NONE_LISTED,
      missingFacts: decision.unknown !== 0 ? missingOf(compiled, rules, decision.unknown, context, index) : NONE_LISTED,
      episode: decisive?.readsDate || category >= 0 ? episodeOf(compiled, context) : null,
    });
    if (decisive) collectFacts(compiled, decisive, context, index, input, factsUsed);
  }

  context.category = -1;
  context.lo = Number.NaN;
  context.hi = Number.NaN;
  context.penalty = Number.NaN;
  context.chargeFacts = undefined;
  context.episodesTrue = -1;
  const caseDecision = decideLevel(compiled.case, context);
  const caseRules = compiled.case.rules;
  const caseDecisive = caseDecision.decisive >= 0 && caseDecision.kind < NONE ? caseRules[caseDecision.decisive]! : null;
  if (caseDecisive) collectFacts(compiled, caseDecisive, context, null, input, factsUsed);
  const caseOutcome: Outcome | null = caseDecision.kind === NONE ? null : caseDecision.kind === CONFLICT ? 'review' : OUTCOME_NAMES[caseDecision.kind]!;

  let outcome: Outcome;
  let reason: ReviewReason | null = null;
  let decisive: EligibilityResult['decisive'] = null;
  const firstWith = (wanted: Outcome) => charges.find((charge) => charge.outcome === wanted);
  const excludedCharge = firstWith('excluded');
  if (caseOutcome === 'excluded') {
    outcome = 'excluded';
    decisive = { ...ref(caseDecisive!), level: 'case', charge: null };
  } else if (excludedCharge) {
    outcome = 'excluded';
    decisive = { ...excludedCharge.decisive!, level: 'charge', charge: excludedCharge.index };
  } else if (charges.length === 0) {
    outcome = 'review';
    reason = 'no_charges';
  } else if (caseOutcome === 'review') {
    outcome = 'review';
    reason = caseDecision.kind === CONFLICT ? 'conflict' : caseDecision.unknown !== 0 ? 'unknown_facts' : null;
    if (caseDecisive) decisive = { ...ref(caseDecisive), level: 'case', charge: null };
  } else {
    const reviewCharge = firstWith('review');
    if (reviewCharge) {
      outcome = 'review';
      reason = reviewCharge.reason;
      decisive = reviewCharge.decisive ? { ...reviewCharge.decisive, level: 'charge', charge: reviewCharge.index } : null;
    } else {
      outcome = 'covered';
      const first = charges[0]!;
      decisive =
        caseOutcome === 'covered' ? { ...ref(caseDecisive!), level: 'case', charge: null } : { ...first.decisive!, level: 'charge', charge: first.index };
    }
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
    dateSource: input.factSources?.facts_date ?? null,
    requirements,
    deadlines: deadlinesOf(compiled, input, outcome),
    standing: standingOf(compiled, input),
    ruleSet: compiled.resultRuleSet,
  };
}

/** The decision at one level: the world of known facts, then every combination of the rules that may apply. */
function decideLevel(level: CompiledLevel, context: ChargeContext): LevelDecision {
  const applies = level.evaluateAll(context);
  const unknown = context.unknownRules;
  const base = decideWorld(level, applies);
  const active = worldActive;
  const kind = base & 7;
  const decision: LevelDecision = { kind, decisive: (base >> 3) - 1, active, applied: applies, unknown: 0, conflict: kind === CONFLICT ? active : 0 };
  if (unknown === 0) return decision;
  if (popcount(unknown) <= MAX_UNKNOWN_RULES) {
    // Every subset of the rules that may apply; the outcome stands only if all of them agree.
    let agree = true;
    for (let subset = unknown; subset !== 0; subset = (subset - 1) & unknown)
      if ((decideWorld(level, applies | subset) & 7) !== kind) {
        agree = false;
        break;
      }
    if (agree) {
      if (kind === CONFLICT) decision.unknown = unknown;
      return decision;
    }
  }
  decision.kind = 2;
  decision.decisive = -1;
  decision.unknown = unknown;
  return decision;
}

/** The active rules of the last world decided (read right after `decideWorld`). */
let worldActive = 0;

/** Decides one world: the kind in the low 3 bits, the decisive rule's index + 1 above them. */
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
  worldActive = active;
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
      if (definition.assumption && !context.strict) continue;
      if (!episodeFactMatters(compiled, fact, context)) continue;
      if (!factDecides(rule, fact, definition.level === 'charge', context)) continue;
      missing.push({ fact, charge: definition.level === 'charge' ? charge : null });
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

function episodeOf(compiled: CompiledRuleSet, context: ChargeContext): string | null {
  if (Number.isNaN(context.lo)) return null;
  for (const episode of compiled.episodes) if (context.lo >= episode.start && context.hi <= episode.end) return episode.id;
  return null;
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
    const assumed = !known && definition.assumption !== undefined && !context.strict;
    // An unknown fact in a decisive rule did not decide anything: it is not listed as used.
    if (!known && !assumed) continue;
    out.push({
      fact,
      charge: onCharge ? charge : null,
      value: known ? recorded : assumed ? definition.assumption!.value : null,
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
      start = filed[1];
      done = decided ? decided[0] : null;
    } else {
      if (outcome === 'excluded' || compiled.inForceDay === null) continue;
      start = compiled.inForceDay;
      done = filed ? filed[0] : null;
    }
    const due = start + deadline.days;
    const base = { deadline: deadline.id, article: deadline.article, due: dayToIso(due), verified: deadline.verified };
    if (done !== null) out.push({ ...base, status: done <= due ? 'met' : 'late', days: done <= due ? 0 : done - due });
    else out.push({ ...base, status: asOf > due ? 'overdue' : 'pending', days: asOf > due ? asOf - due : due - asOf });
  }
  return out;
}

function standingOf(compiled: CompiledRuleSet, input: EligibilityCase): EligibilityResult['standing'] {
  const by = input.request?.by;
  if (!by) return null;
  const procedure = compiled.ruleSet.procedure;
  return { by, allowed: procedure.mayRequest.includes(by), article: procedure.mayRequestArticle };
}
