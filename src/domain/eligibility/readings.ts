/**
 * The named readings of a rule set's uncertain passages (⚠), as alternatives every result is
 * checked against. For each reading the rule set is compiled once more with the reading
 * toggled (added when not chosen, removed when chosen), and what it changes is worked out
 * once: the days on which an episode or a window reads differently, the offence categories
 * whose rules read a changed parameter, and whether a case-level rule does. A charge the
 * reading cannot touch keeps its decision, so a case is re-decided only where the reading
 * could matter (see evaluateCase).
 */
import { dayNumber } from './case.js';
import { type ChargeContext, type CompiledRuleSet, generateLevelEvaluator, isWindow, visitCondition } from './compile-rule-set.js';
import type { Condition, DateWindow, ParameterValue } from './rule-set.js';

export type Alternative = {
  /** The reading's name. */
  reading: string;
  /** True when the reading is added to the chosen ones, false when it is the chosen reading left out. */
  added: boolean;
  compiled: CompiledRuleSet;
  /** Day intervals, flat [from, to, from, to, …], on which the reading changes an episode or a window. */
  days: Int32Array;
  /** Categories whose charge-level rules read a changed parameter (bit i: category i; -1: every category). */
  categories: number;
  /** A case-level rule reads a changed parameter. */
  caseLevel: boolean;
  /**
   * The rules (bit i: rule i of the level) whose conditions read something the reading
   * changes; every other rule evaluates alike under both readings.
   */
  chargeRules: number;
  caseRules: number;
  /** The reading changes no episode: a charge's episodes are the same under it. */
  sameEpisodes: boolean;
  /**
   * Every rule the reading changes reads the same for a charge certainly inside an episode
   * (each is "…and not in any episode", or reads the changed parameter only beside "in an
   * episode" in an `any`): such charges are not touched.
   */
  outsideEpisodesOnly: boolean;
  /** The changed charge-level rules evaluated under the reading at once (as a level's evaluateAll, for those rules only). */
  evaluateChargeRules: (context: ChargeContext) => number;
  /** The same for the changed case-level rules. */
  evaluateCaseRules: (context: ChargeContext) => number;
};

/** The alternatives of a compiled rule set; `compile` compiles it under a list of readings. */
export function alternativesOf(base: CompiledRuleSet, compile: (variants: string[]) => CompiledRuleSet): Alternative[] {
  const out: Alternative[] = [];
  for (const reading of Object.keys(base.ruleSet.variants)) {
    const added = !base.variants.includes(reading);
    const variants = added ? [...base.variants, reading] : base.variants.filter((name) => name !== reading);
    const compiled = compile(variants);
    const changes = differences(base, compiled);
    const rules = compiled.charge.rules.filter((rule) => ((changes.chargeRules >>> rule.index) & 1) === 1);
    const evaluateChargeRules = generateLevelEvaluator(rules, compiled.facts, compiled.parameters, compiled.episodes, compiled.categoryIndex);
    const caseRules = compiled.case.rules.filter((rule) => ((changes.caseRules >>> rule.index) & 1) === 1);
    const evaluateCaseRules = generateLevelEvaluator(caseRules, compiled.facts, compiled.parameters, compiled.episodes, compiled.categoryIndex);
    out.push({ reading, added, compiled, ...changes, evaluateChargeRules, evaluateCaseRules });
  }
  return out;
}

function differences(
  a: CompiledRuleSet,
  b: CompiledRuleSet,
): Omit<Alternative, 'reading' | 'added' | 'compiled' | 'evaluateChargeRules' | 'evaluateCaseRules'> {
  const days: [number, number][] = [];
  let categories = 0;
  let caseLevel = false;
  let chargeRules = 0;
  let caseRules = 0;
  for (const name of new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)])) {
    const before = a.parameters[name] ?? null;
    const after = b.parameters[name] ?? null;
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    const window = isWindow(before as ParameterValue) && isWindow(after as ParameterValue);
    if (window) days.push(...windowDifference(before as DateWindow, after as DateWindow));
    for (const rule of a.charge.rules)
      if (readsParameter(rule.when, name)) {
        chargeRules |= 1 << rule.index;
        if (!window) categories |= categoriesOf(rule.when, a.categoryIndex);
      }
    for (const rule of a.case.rules)
      if (readsParameter(rule.when, name)) {
        caseRules |= 1 << rule.index;
        caseLevel = true;
      }
  }
  const changedNames = new Set<string>();
  for (const name of new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)]))
    if (JSON.stringify(a.parameters[name] ?? null) !== JSON.stringify(b.parameters[name] ?? null)) changedNames.add(name);
  const episodeDays = episodeDifference(a, b);
  if (episodeDays.length > 0) {
    days.push(...episodeDays);
    for (const rule of a.charge.rules) if (readsEpisodes(rule.when)) chargeRules |= 1 << rule.index;
  }
  const outsideEpisodesOnly =
    episodeDays.length === 0 &&
    chargeRules !== 0 &&
    a.charge.rules.every((rule) => ((chargeRules >>> rule.index) & 1) === 0 || unchangedInEpisodes(rule.when, changedNames));
  return {
    days: Int32Array.from(days.flat()),
    categories,
    caseLevel,
    chargeRules,
    caseRules,
    sameEpisodes: episodeDays.length === 0,
    outsideEpisodesOnly,
  };
}

const isAnyEpisode = (part: Condition) => 'episode' in part && part.episode === 'any';

/** True when the condition reads the same under any value of the changed parameters for facts certainly in an episode. */
function unchangedInEpisodes(condition: Condition, changed: ReadonlySet<string>): boolean {
  if (!('all' in condition)) return false;
  const readsChanged = (part: Condition) => [...changed].some((name) => readsParameter(part, name));
  // "… and not in any episode": false inside every episode, whatever else it says.
  if (condition.all.some((part) => 'not' in part && isAnyEpisode(part.not))) return true;
  // "(in an episode or …)" is true inside one; the rest must not read what changes.
  const guard = condition.all.findIndex((part) => 'any' in part && part.any.some(isAnyEpisode));
  return guard >= 0 && condition.all.every((part, i) => i === guard || !readsChanged(part));
}

function readsEpisodes(condition: Condition): boolean {
  let reads = false;
  visitCondition(condition, (part) => {
    if ('episode' in part || 'episode_exception' in part) reads = true;
  });
  return reads;
}

/** The days inside one window and not the other. */
function windowDifference(a: DateWindow, b: DateWindow): [number, number][] {
  const [fa, ta, fb, tb] = [dayNumber(a.from), dayNumber(a.to), dayNumber(b.from), dayNumber(b.to)];
  const out: [number, number][] = [];
  if (fa !== fb) out.push([Math.min(fa, fb), Math.max(fa, fb) - 1]);
  if (ta !== tb) out.push([Math.min(ta, tb) + 1, Math.max(ta, tb)]);
  return out;
}

/** The days on which the two readings' episodes (their windows, exceptions or required facts) differ. */
function episodeDifference(a: CompiledRuleSet, b: CompiledRuleSet): [number, number][] {
  const edges = new Set<number>();
  for (const episode of [...a.episodes, ...b.episodes]) edges.add(episode.start).add(episode.end + 1);
  const sorted = [...edges].sort((x, y) => x - y);
  const signature = (compiled: CompiledRuleSet, day: number) =>
    compiled.episodes
      .filter((episode) => episode.start <= day && day <= episode.end)
      .map((episode) => `${episode.id}/${episode.exceptionMask}/${episode.requiresFact ?? ''}`)
      .join(',');
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const day = sorted[i]!;
    if (signature(a, day) !== signature(b, day)) out.push([day, sorted[i + 1]! - 1]);
  }
  return out;
}

function readsParameter(condition: Condition, name: string): boolean {
  let reads = false;
  visitCondition(condition, (part) => {
    if (('param' in part && part.param === name) || ('penalty_above' in part && part.penalty_above === name) || ('within' in part && part.within === name))
      reads = true;
  });
  return reads;
}

/** The categories a charge-level rule can apply to: its top-level offence condition's, or all. */
function categoriesOf(condition: Condition, categoryIndex: ReadonlyMap<string, number>): number {
  const parts = 'all' in condition ? condition.all : [condition];
  for (const part of parts) if ('offence' in part) return part.offence.reduce((mask, category) => mask | (1 << categoryIndex.get(category)!), 0);
  return -1;
}

/**
 * Which alternatives can touch a charge, for all of them at once: a bit per alternative
 * from the charge's category, and from the day segments its dates overlap (the segments
 * between every edge of every alternative's day intervals, each with the alternatives
 * whose intervals cover it).
 */
export type TouchIndex = {
  /** byCategory[c + 1]: the alternatives whose changed rules apply to category c (index 0: unknown category). */
  byCategory: Int32Array;
  /** Segment starts (day numbers), ascending; segment k runs to starts[k + 1] - 1. */
  starts: Int32Array;
  /** The alternatives touching each segment. */
  segments: Int32Array;
  /** The alternatives touching a charge with no date. */
  undated: number;
  /** The alternatives that touch no charge certainly inside an episode. */
  outsideEpisodesOnly: number;
  /** The alternatives with a case-level rule to decide again. */
  caseLevel: number;
};

export function buildTouchIndex(alternatives: readonly Alternative[], categoryCount: number): TouchIndex {
  const byCategory = new Int32Array(categoryCount + 1);
  const edges = new Set<number>();
  let undated = 0;
  let outsideEpisodesOnly = 0;
  let caseLevel = 0;
  alternatives.forEach((alternative, a) => {
    const bit = 1 << a;
    for (let c = -1; c < categoryCount; c++)
      if (alternative.categories !== 0 && (c < 0 || ((alternative.categories >>> c) & 1) === 1)) byCategory[c + 1]! |= bit;
    if (alternative.days.length > 0) undated |= bit;
    for (let k = 0; k < alternative.days.length; k += 2) edges.add(alternative.days[k]!).add(alternative.days[k + 1]! + 1);
    if (alternative.outsideEpisodesOnly && alternative.days.length === 0 && !alternative.caseLevel) outsideEpisodesOnly |= bit;
    if (alternative.caseLevel) caseLevel |= bit;
  });
  const starts = Int32Array.from([...edges].sort((x, y) => x - y));
  const segments = new Int32Array(starts.length);
  starts.forEach((start, k) => {
    alternatives.forEach((alternative, a) => {
      for (let d = 0; d < alternative.days.length; d += 2) if (alternative.days[d]! <= start && start <= alternative.days[d + 1]!) segments[k]! |= 1 << a;
    });
  });
  return { byCategory, starts, segments, undated, outsideEpisodesOnly, caseLevel };
}

/** The alternatives (bit a: alternative a) that could decide a charge differently. */
export function touchMask(index: TouchIndex, category: number, lo: number, hi: number, inEpisode: boolean): number {
  let mask = index.byCategory[category + 1]!;
  if (Number.isNaN(lo)) mask |= index.undated;
  else {
    const starts = index.starts;
    // The last segment starting on or before lo, then every segment up to hi.
    let low = 0;
    let high = starts.length - 1;
    let k = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! <= lo) {
        k = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    for (let j = Math.max(k, 0); j < starts.length && starts[j]! <= hi; j++) if (j >= k) mask |= index.segments[j]!;
  }
  return inEpisode ? mask & ~index.outsideEpisodesOnly : mask;
}
