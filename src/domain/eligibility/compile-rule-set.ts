/**
 * Checks a rule set and compiles it for evaluation: parameters resolved at a date and under
 * the chosen readings (variants), conditions turned into closures over a charge's numbers,
 * overrides into bit masks. Every inconsistency a lawyer could make in a rule file is
 * reported here, with where it is, before any case is evaluated: an offence in two
 * categories, a rule naming an unknown fact, category, parameter or rule, an override cycle.
 */
import { dayNumber, type FactValue } from './case.js';
import { type Alternative, alternativesOf, buildTouchIndex, type TouchIndex } from './readings.js';
import type { Condition, DateWindow, Episode, FactDefinition, ParameterValue, Rule, RuleSet } from './rule-set.js';

/** Three-valued truth: 0 false, 1 true, 2 unknown. */
export type Tri = 0 | 1 | 2;

/** A problem in a rule set, with its path in the file. */
export type RuleSetProblem = { path: string; reason: string };

/** What a charge-level condition sees: numbers prepared once per charge. */
export type ChargeContext = {
  /** Index of the offence's category in the rule set, or -1 when the offence is not in its table. */
  category: number;
  /** First and last day the facts may have happened; NaN when no date is recorded. */
  lo: number;
  hi: number;
  /** Minimum penalty in years; NaN when unknown. */
  penalty: number;
  chargeFacts: Readonly<Record<string, FactValue>> | undefined;
  caseFacts: Readonly<Record<string, FactValue>> | undefined;
  strict: boolean;
  /**
   * Episodes the facts fall in and may fall in (bit masks), worked out on first use;
   * -1 until then. Whoever changes the date or the facts resets it to -1.
   */
  episodesTrue: number;
  episodesUnknown: number;
  /** Set by a level's `evaluateAll`: the rules that may apply. */
  unknownRules: number;
};

type Evaluate = (context: ChargeContext) => Tri;

export type CompiledRule = Rule & {
  index: number;
  /** How results cite the rule (shared, frozen). */
  ref: Readonly<{ rule: string; article: string }>;
  evaluate: Evaluate;
  /** Facts the condition reads, for explanations and the list of facts to collect. */
  facts: string[];
  /** True when the condition reads the date of the facts or the penalty. */
  readsDate: boolean;
  readsPenalty: boolean;
};

export type CompiledLevel = {
  rules: CompiledRule[];
  /**
   * Evaluates every rule of the level at once: returns the mask of rules that apply and
   * leaves the mask of rules that may apply in `context.unknownRules`. Generated from the
   * same conditions as each rule's `evaluate` (one monomorphic function instead of a tree of
   * closures; see generateLevelEvaluator).
   */
  evaluateAll: (context: ChargeContext) => number;
  /** Rule indices with every overriding rule before the rules it overrides. */
  order: number[];
  /** overriddenBy[i]: bit mask of the rules that override rule i. */
  overriddenBy: number[];
  /** outcome[i]: 0 covered, 1 excluded, 2 review. */
  outcome: Uint8Array;
  /** The rules that read a fact with a documented presumption, and those facts: whose presumptions a result shows. */
  presumptive: { rule: CompiledRule; facts: string[]; onCharge: boolean[] }[];
  /** Those rules evaluated at once (as evaluateAll, for them only), to compare with and without presumptions. */
  evaluatePresumptive: (context: ChargeContext) => number;
};

export type CompiledEpisode = Episode & { start: number; end: number; exceptionMask: number; requirement: Evaluate | null };

export type CompiledRuleSet = {
  ruleSet: RuleSet;
  hash: string;
  variants: string[];
  asOf: string;
  asOfDay: number;
  /** The instrument is in force (enacted and not struck down): only then do its deadlines run. */
  inForceNow: boolean;
  /** The rule set as every result cites it (shared, frozen). */
  resultRuleSet: Readonly<{ id: string; version: number; hash: string; variants: string[]; asOf: string }>;
  inForce: string | null;
  inForceDay: number | null;
  parameters: Record<string, ParameterValue>;
  episodes: CompiledEpisode[];
  /** episodeAlone[i]: the frozen list of episode i's id alone (most charges fall in one episode). */
  episodeAlone: string[][];
  categories: string[];
  categoryIndex: ReadonlyMap<string, number>;
  /** offence code → category index. */
  offenceCategory: Map<string, number>;
  /** First days of windows and days after their ends (day numbers): where a date's answer can change. */
  windowEdges: number[];
  charge: CompiledLevel;
  case: CompiledLevel;
  requirements: CompiledRule[];
  facts: Record<string, FactDefinition>;
  /**
   * The rule set under each other named reading (each reading toggled: added when not
   * chosen, removed when chosen), with what the reading changes; every result says when
   * its outcome differs under one. Empty when compiled with `readings: false`.
   */
  alternatives: Alternative[];
  /** Which alternatives can touch a charge (see readings.ts); null when there are none. */
  touchIndex: TouchIndex | null;
};

export const OUTCOME_INDEX = { covered: 0, excluded: 1, review: 2 } as const;
const MAX_RULES_PER_LEVEL = 30;
const MAX_EPISODES = 30;
/** Each other reading is a bit in the masks of readings.ts. */
const MAX_VARIANTS = 30;

/** Every inconsistency in a rule set (an empty list when it can be compiled). */
export function checkRuleSet(ruleSet: RuleSet): RuleSetProblem[] {
  const problems: RuleSetProblem[] = [];
  const categories = new Set(Object.keys(ruleSet.categories));
  const seenOffence = new Map<string, string>();
  for (const [category, codes] of Object.entries(ruleSet.offences)) {
    if (!categories.has(category)) problems.push({ path: `offences.${category}`, reason: `category "${category}" is not declared under categories` });
    for (const code of codes) {
      const earlier = seenOffence.get(code);
      if (earlier !== undefined)
        problems.push({ path: `offences.${category}`, reason: `offence "${code}" is already in category "${earlier}": an offence belongs to one category` });
      else seenOffence.set(code, category);
    }
  }
  const episodeIds = new Set<string>();
  const checkEpisodes = (episodes: readonly Episode[], where: string) =>
    episodes.forEach((episode, i) => {
      if (episodeIds.has(episode.id) && where === 'episodes') problems.push({ path: `${where}[${i}].id`, reason: `episode "${episode.id}" is defined twice` });
      if (where === 'episodes') episodeIds.add(episode.id);
      if (episode.to < episode.from) problems.push({ path: `${where}[${i}]`, reason: `episode "${episode.id}" ends before it starts` });
      for (const exception of episode.exceptions)
        if (!categories.has(exception)) problems.push({ path: `${where}[${i}].exceptions`, reason: `unknown category "${exception}"` });
      if (episode.requiresFact !== undefined && ruleSet.facts[episode.requiresFact]?.level !== 'charge')
        problems.push({ path: `${where}[${i}].requiresFact`, reason: `"${episode.requiresFact}" is not a charge-level fact declared under facts` });
    });
  checkEpisodes(ruleSet.episodes, 'episodes');
  if (ruleSet.episodes.length > MAX_EPISODES) problems.push({ path: 'episodes', reason: `more than ${MAX_EPISODES} episodes` });
  if (Object.keys(ruleSet.variants).length > MAX_VARIANTS) problems.push({ path: 'variants', reason: `more than ${MAX_VARIANTS} readings` });
  for (const [name, variant] of Object.entries(ruleSet.variants)) {
    for (const [replaced, episodes] of Object.entries(variant.episodes ?? {})) {
      if (!episodeIds.has(replaced)) problems.push({ path: `variants.${name}.episodes.${replaced}`, reason: `unknown episode "${replaced}"` });
      checkEpisodes(episodes, `variants.${name}.episodes.${replaced}`);
      if (ruleSet.episodes.length - 1 + episodes.length > MAX_EPISODES)
        problems.push({ path: `variants.${name}.episodes`, reason: `more than ${MAX_EPISODES} episodes under this reading` });
      episodes.forEach((episode, i) => {
        if (episode.id !== replaced)
          problems.push({
            path: `variants.${name}.episodes.${replaced}[${i}].id`,
            reason: `a reading of episode "${replaced}" keeps its id, so rules naming it still apply`,
          });
      });
    }
    for (const [parameter, value] of Object.entries(variant.set)) {
      const declared = ruleSet.parameters[parameter];
      if (!declared) problems.push({ path: `variants.${name}.set.${parameter}`, reason: `unknown parameter "${parameter}"` });
      else if (!sameKind(Object.values(declared.values)[0]!, value))
        problems.push({ path: `variants.${name}.set.${parameter}`, reason: `the value is not of the parameter's kind` });
    }
  }
  for (const [name, parameter] of Object.entries(ruleSet.parameters)) {
    const values = Object.values(parameter.values);
    if (!values.every((value) => sameKind(values[0]!, value)))
      problems.push({ path: `parameters.${name}.values`, reason: 'dated values are of different kinds' });
    for (const value of values)
      if (isWindow(value) && value.to < value.from) problems.push({ path: `parameters.${name}.values`, reason: 'a window ends before it starts' });
  }
  const ruleIds = new Map<string, Rule>();
  ruleSet.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) problems.push({ path: `rules[${i}].id`, reason: `rule "${rule.id}" is defined twice` });
    ruleIds.set(rule.id, rule);
    if (rule.outcome === 'requirement' && rule.level !== 'case') problems.push({ path: `rules[${i}]`, reason: 'requirement rules are case-level' });
    for (const source of rule.text.sources)
      if (!(source in ruleSet.sources) && !source.startsWith('CRBV'))
        problems.push({ path: `rules[${i}].text.sources`, reason: `source key "${source}" is not listed under sources` });
    visitCondition(rule.when, (condition) => {
      const where = `rules[${i}] (${rule.id}).when`;
      if ('fact' in condition) {
        const fact = ruleSet.facts[condition.fact];
        if (!fact) problems.push({ path: where, reason: `fact "${condition.fact}" is not declared under facts` });
        else if (rule.level === 'case' && fact.level === 'charge')
          problems.push({ path: where, reason: `a case-level rule cannot read the charge-level fact "${condition.fact}"` });
      }
      if ('offence' in condition)
        for (const category of condition.offence) if (!categories.has(category)) problems.push({ path: where, reason: `unknown category "${category}"` });
      const episodesOf = 'episode' in condition ? condition.episode : 'episode_exception' in condition ? condition.episode_exception : null;
      if (episodesOf !== null && episodesOf !== 'any')
        for (const id of episodesOf) if (!episodeIds.has(id)) problems.push({ path: where, reason: `unknown episode "${id}"` });
      const chargeOnly =
        'offence' in condition || 'episode' in condition || 'episode_exception' in condition || 'within' in condition || 'penalty_above' in condition;
      if (chargeOnly && rule.level === 'case') problems.push({ path: where, reason: 'a case-level rule can test facts and parameters only' });
      const wants: [string, (v: ParameterValue) => boolean, string] | null =
        'within' in condition
          ? [condition.within, isWindow, 'a window {from, to}']
          : 'penalty_above' in condition
            ? [condition.penalty_above, (v) => v === null || typeof v === 'number', 'a number of years or null']
            : 'param' in condition
              ? [condition.param, (v) => typeof v === 'boolean', 'true or false']
              : null;
      if (wants) {
        const parameter = ruleSet.parameters[wants[0]];
        if (!parameter) problems.push({ path: where, reason: `unknown parameter "${wants[0]}"` });
        else if (!Object.values(parameter.values).every(wants[1])) problems.push({ path: where, reason: `parameter "${wants[0]}" must be ${wants[2]}` });
      }
    });
  });
  ruleSet.rules.forEach((rule, i) => {
    for (const target of rule.overrides) {
      const overridden = ruleIds.get(target);
      if (!overridden) problems.push({ path: `rules[${i}] (${rule.id}).overrides`, reason: `unknown rule "${target}"` });
      else if (overridden.level !== rule.level) problems.push({ path: `rules[${i}] (${rule.id}).overrides`, reason: `"${target}" is at another level` });
    }
  });
  const cycle = findOverrideCycle(ruleSet.rules);
  if (cycle) problems.push({ path: 'rules', reason: `overrides form a cycle: ${cycle.join(' → ')}` });
  for (const level of ['charge', 'case'] as const) {
    const count = ruleSet.rules.filter((rule) => rule.level === level && rule.outcome !== 'requirement').length;
    if (count > MAX_RULES_PER_LEVEL) problems.push({ path: 'rules', reason: `more than ${MAX_RULES_PER_LEVEL} ${level}-level rules` });
  }
  const deadlineIds = new Set<string>();
  ruleSet.deadlines.forEach((deadline, i) => {
    if (deadlineIds.has(deadline.id)) problems.push({ path: `deadlines[${i}].id`, reason: `deadline "${deadline.id}" is defined twice` });
    deadlineIds.add(deadline.id);
    if (deadline.from === 'in_force' && !ruleSet.dates.inForce && !ruleSet.dates.assumedInForce)
      problems.push({ path: `deadlines[${i}]`, reason: 'counted from entry into force, but the rule set has no inForce or assumedInForce date' });
  });
  return problems;
}

export type CompileOptions = {
  hash: string;
  variants?: readonly string[];
  asOf: string;
  /** Also compile every other reading, so results say when a reading changes them (default true). */
  readings?: boolean;
};

/** Compiles a checked rule set; throws on an unknown variant or a parameter with no value at `asOf` (callers check first). */
export function compileRuleSet(ruleSet: RuleSet, options: CompileOptions): CompiledRuleSet {
  const variants = [...(options.variants ?? [])];
  const parameters: Record<string, ParameterValue> = {};
  for (const [name, parameter] of Object.entries(ruleSet.parameters)) parameters[name] = valueAt(parameter.values, options.asOf, name);
  let episodes: readonly Episode[] = ruleSet.episodes;
  for (const name of variants) {
    const variant = ruleSet.variants[name];
    if (!variant) throw new Error(`unknown variant ${name}`);
    Object.assign(parameters, variant.set);
    for (const [replaced, replacements] of Object.entries(variant.episodes ?? {}))
      episodes = episodes.flatMap((episode) => (episode.id === replaced ? replacements : [episode]));
  }
  const categories = Object.keys(ruleSet.categories);
  const categoryIndex = new Map(categories.map((category, i) => [category, i]));
  const offenceCategory = new Map<string, number>();
  for (const [category, codes] of Object.entries(ruleSet.offences)) for (const code of codes) offenceCategory.set(code, categoryIndex.get(category)!);
  const compiledEpisodes: CompiledEpisode[] = [];
  const compiler = new ConditionCompiler(ruleSet.facts, parameters, compiledEpisodes, categoryIndex);
  for (const episode of episodes)
    compiledEpisodes.push({
      ...episode,
      start: dayNumber(episode.from),
      end: dayNumber(episode.to),
      exceptionMask: episode.exceptions.reduce((mask, category) => mask | (1 << categoryIndex.get(category)!), 0),
      requirement: episode.requiresFact === undefined ? null : compiler.compileFact(episode.requiresFact),
    });
  const compileLevel = (level: 'charge' | 'case'): CompiledLevel => {
    const rules = ruleSet.rules
      .filter((rule) => rule.level === level && rule.outcome !== 'requirement')
      .map((rule, index) => compiler.compileRule(rule, index));
    const indexOf = new Map(rules.map((rule) => [rule.id, rule.index]));
    const overriddenBy = rules.map(() => 0);
    for (const rule of rules) for (const target of rule.overrides) overriddenBy[indexOf.get(target)!]! |= 1 << rule.index;
    const presumptive = rules
      .map((rule) => {
        const facts = rule.facts.filter((fact) => ruleSet.facts[fact]?.assumption !== undefined);
        return { rule, facts, onCharge: facts.map((fact) => ruleSet.facts[fact]!.level === 'charge') };
      })
      .filter((entry) => entry.facts.length > 0);
    return {
      rules,
      evaluateAll: generateLevelEvaluator(rules, ruleSet.facts, parameters, compiledEpisodes, categoryIndex),
      order: topologicalOrder(rules, indexOf),
      overriddenBy,
      outcome: Uint8Array.from(rules, (rule) => OUTCOME_INDEX[rule.outcome as keyof typeof OUTCOME_INDEX]),
      presumptive,
      evaluatePresumptive: generateLevelEvaluator(
        presumptive.map((entry) => entry.rule),
        ruleSet.facts,
        parameters,
        compiledEpisodes,
        categoryIndex,
      ),
    };
  };
  const requirements = ruleSet.rules.filter((rule) => rule.outcome === 'requirement').map((rule, index) => compiler.compileRule(rule, index));
  const compiled: CompiledRuleSet = {
    ruleSet,
    hash: options.hash,
    variants,
    asOf: options.asOf,
    asOfDay: dayNumber(options.asOf),
    resultRuleSet: Object.freeze({ id: ruleSet.id, version: ruleSet.version, hash: options.hash, variants, asOf: options.asOf }),
    inForce: ruleSet.dates.inForce ?? ruleSet.dates.assumedInForce ?? null,
    inForceDay: (ruleSet.dates.inForce ?? ruleSet.dates.assumedInForce) ? dayNumber((ruleSet.dates.inForce ?? ruleSet.dates.assumedInForce)!) : null,
    inForceNow: ruleSet.dates.inForce !== undefined && ruleSet.status !== 'struck_down',
    parameters,
    episodes: compiledEpisodes,
    episodeAlone: compiledEpisodes.map((episode) => Object.freeze([episode.id]) as string[]),
    categories,
    categoryIndex,
    offenceCategory,
    windowEdges: windowEdgesOf(compiledEpisodes, parameters),
    charge: compileLevel('charge'),
    case: compileLevel('case'),
    requirements,
    facts: ruleSet.facts,
    alternatives: [],
    touchIndex: null,
  };
  if (options.readings !== false && Object.keys(ruleSet.variants).length > 0) {
    compiled.alternatives = alternativesOf(compiled, (chosen) => compileRuleSet(ruleSet, { ...options, variants: chosen, readings: false }));
    compiled.touchIndex = buildTouchIndex(compiled.alternatives, categories.length);
  }
  return compiled;
}

function windowEdgesOf(episodes: readonly CompiledEpisode[], parameters: Record<string, ParameterValue>): number[] {
  const edges = new Set<number>();
  for (const episode of episodes) edges.add(episode.start).add(episode.end + 1);
  for (const value of Object.values(parameters)) if (isWindow(value)) edges.add(dayNumber(value.from)).add(dayNumber(value.to) + 1);
  return [...edges].sort((a, b) => a - b);
}

/** The value in force on `date`: the one with the latest date not after it. */
function valueAt(values: Record<string, ParameterValue>, date: string, name: string): ParameterValue {
  const dates = Object.keys(values).sort();
  const applicable = dates.filter((from) => from <= date);
  if (applicable.length === 0) throw new Error(`parameter ${name} has no value on ${date}`);
  return values[applicable[applicable.length - 1]!]!;
}

class ConditionCompiler {
  constructor(
    private readonly facts: Record<string, FactDefinition>,
    private readonly parameters: Record<string, ParameterValue>,
    private readonly episodes: CompiledEpisode[],
    private readonly categoryIndex: Map<string, number>,
  ) {}

  compileRule(rule: Rule, index: number): CompiledRule {
    const facts: string[] = [];
    let readsDate = false;
    let readsPenalty = false;
    visitCondition(rule.when, (condition) => {
      if ('fact' in condition && !facts.includes(condition.fact)) facts.push(condition.fact);
      if ('episode' in condition || 'episode_exception' in condition || 'within' in condition) readsDate = true;
      if ('episode' in condition || 'episode_exception' in condition)
        for (const episode of this.episodes) if (episode.requiresFact !== undefined && !facts.includes(episode.requiresFact)) facts.push(episode.requiresFact);
      if ('penalty_above' in condition) readsPenalty = true;
    });
    return { ...rule, index, ref: Object.freeze({ rule: rule.id, article: rule.article }), evaluate: this.compile(rule.when), facts, readsDate, readsPenalty };
  }

  private compile(condition: Condition): Evaluate {
    if ('all' in condition || 'any' in condition) {
      // Kleene's and / or: `stop` (false for all, true for any) decides at once; unknown taints the rest.
      const [parts, stop, otherwise]: [Condition[], Tri, Tri] = 'all' in condition ? [condition.all, 0, 1] : [condition.any, 1, 0];
      const compiled = parts.map((part) => this.compile(part));
      return (context) => {
        let result: Tri = otherwise;
        for (const part of compiled) {
          const value = part(context);
          if (value === stop) return stop;
          if (value === 2) result = 2;
        }
        return result;
      };
    }
    if ('not' in condition) {
      const part = this.compile(condition.not);
      return (context) => {
        const value = part(context);
        return value === 2 ? 2 : value === 1 ? 0 : 1;
      };
    }
    if ('fact' in condition) return this.compileFact(condition.fact);
    if ('offence' in condition) {
      const mask = condition.offence.reduce((m, category) => m | (1 << this.categoryIndex.get(category)!), 0);
      return (context) => (context.category < 0 ? 2 : (mask >> context.category) & 1 ? 1 : 0);
    }
    if ('episode' in condition || 'episode_exception' in condition) {
      const selection = 'episode' in condition ? condition.episode : condition.episode_exception;
      const episodes = this.episodes;
      const selected = episodes.reduce((mask, episode, i) => (selection === 'any' || selection.includes(episode.id) ? mask | (1 << i) : mask), 0);
      if ('episode' in condition)
        return (context) => {
          if (context.episodesTrue < 0) settleEpisodes(context, episodes);
          return context.episodesTrue & selected ? 1 : context.episodesUnknown & selected ? 2 : 0;
        };
      // The selected episodes that except each category, and those that except any.
      const exceptedBy = [...this.categoryIndex.values()].map((category) =>
        episodes.reduce((mask, episode, i) => ((episode.exceptionMask >> category) & 1 ? mask | (1 << i) : mask), 0),
      );
      const withExceptions = episodes.reduce((mask, episode, i) => (episode.exceptionMask !== 0 ? mask | (1 << i) : mask), 0) & selected;
      return (context) => {
        if (context.episodesTrue < 0) settleEpisodes(context, episodes);
        if (context.category < 0) return (context.episodesTrue | context.episodesUnknown) & withExceptions ? 2 : 0;
        const mask = exceptedBy[context.category]! & selected;
        return context.episodesTrue & mask ? 1 : context.episodesUnknown & mask ? 2 : 0;
      };
    }
    if ('within' in condition) {
      const window = this.parameters[condition.within] as DateWindow;
      const start = dayNumber(window.from);
      const end = dayNumber(window.to);
      return (context) => withinDays(context, start, end);
    }
    if ('penalty_above' in condition) {
      const threshold = this.parameters[condition.penalty_above] as number | null;
      if (threshold === null) return () => 1;
      return (context) => (Number.isNaN(context.penalty) ? 2 : context.penalty > threshold ? 1 : 0);
    }
    if ('param' in condition) {
      const value: Tri = this.parameters[condition.param] === true ? 1 : 0;
      return () => value;
    }
    return () => 1;
  }

  compileFact(name: string): Evaluate {
    const definition = this.facts[name]!;
    const assumed: Tri = definition.assumption ? (definition.assumption.value ? 1 : 0) : 2;
    const onCharge = definition.level === 'charge';
    // Not recorded: the presumption (unless strict). null (unknown here) and "alleged": unknown.
    return (context) => {
      const value = onCharge ? context.chargeFacts?.[name] : context.caseFacts?.[name];
      if (value === true) return 1;
      if (value === false) return 0;
      return value === undefined && !context.strict ? assumed : 2;
    };
  }
}

function and(a: Tri, b: Tri): Tri {
  return a === 0 || b === 0 ? 0 : a === 2 || b === 2 ? 2 : 1;
}

/**
 * One function evaluating all the rules of a level, as JavaScript generated from the rule
 * set. Only checked data reaches the source: masks and day numbers are integers, thresholds
 * numbers, fact names JSON string literals of identifiers ([a-z0-9_.-]); nothing from a case.
 */
export function generateLevelEvaluator(
  rules: readonly CompiledRule[],
  facts: Record<string, FactDefinition>,
  parameters: Record<string, ParameterValue>,
  episodes: readonly CompiledEpisode[],
  categoryIndex: ReadonlyMap<string, number>,
): (context: ChargeContext) => number {
  const lines: string[] = [
    'const cat = ctx.category, lo = ctx.lo, hi = ctx.hi, pen = ctx.penalty, cf = ctx.chargeFacts, kf = ctx.caseFacts, strict = ctx.strict;',
    'let applies = 0, unknown = 0;',
  ];
  let counter = 0;
  const exceptedBy = [...categoryIndex.values()].map((category) =>
    episodes.reduce((mask, episode, i) => ((episode.exceptionMask >> category) & 1 ? mask | (1 << i) : mask), 0),
  );
  const integer = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new Error('not an integer');
    return String(n);
  };
  const emit = (condition: Condition): string => {
    const v = `t${counter++}`;
    if ('all' in condition || 'any' in condition) {
      const parts = 'all' in condition ? condition.all : condition.any;
      const [stop, start] = 'all' in condition ? [0, 1] : [1, 0];
      lines.push(`let ${v} = ${start};`, `L${v}: {`);
      for (const part of parts) {
        const p = emit(part);
        lines.push(`if (${p} === ${stop}) { ${v} = ${stop}; break L${v}; }`, `if (${p} === 2) ${v} = 2;`);
      }
      lines.push('}');
    } else if ('not' in condition) {
      const p = emit(condition.not);
      lines.push(`const ${v} = ${p} === 2 ? 2 : 1 - ${p};`);
    } else if ('fact' in condition) {
      const definition = facts[condition.fact]!;
      const assumed = definition.assumption ? (definition.assumption.value ? 1 : 0) : 2;
      const source = definition.level === 'charge' ? 'cf' : 'kf';
      lines.push(
        `const f${v} = ${source} === undefined ? undefined : ${source}[${JSON.stringify(condition.fact)}];`,
        `const ${v} = f${v} === true ? 1 : f${v} === false ? 0 : f${v} === undefined && !strict ? ${assumed} : 2;`,
      );
    } else if ('offence' in condition) {
      const mask = condition.offence.reduce((m, category) => m | (1 << categoryIndex.get(category)!), 0);
      lines.push(`const ${v} = cat < 0 ? 2 : ((${integer(mask)} >>> cat) & 1) === 1 ? 1 : 0;`);
    } else if ('episode' in condition || 'episode_exception' in condition) {
      const selection = 'episode' in condition ? condition.episode : condition.episode_exception;
      const selected = episodes.reduce((mask, episode, i) => (selection === 'any' || selection.includes(episode.id) ? mask | (1 << i) : mask), 0);
      lines.push('if (ctx.episodesTrue < 0) settle(ctx, episodes);');
      if ('episode' in condition) {
        lines.push(`const ${v} = (ctx.episodesTrue & ${integer(selected)}) !== 0 ? 1 : (ctx.episodesUnknown & ${integer(selected)}) !== 0 ? 2 : 0;`);
      } else {
        const withExceptions = episodes.reduce((mask, episode, i) => (episode.exceptionMask !== 0 ? mask | (1 << i) : mask), 0) & selected;
        lines.push(
          `const m${v} = cat < 0 ? 0 : exceptedBy[cat] & ${integer(selected)};`,
          `const ${v} = cat < 0 ? (((ctx.episodesTrue | ctx.episodesUnknown) & ${integer(withExceptions)}) !== 0 ? 2 : 0) : (ctx.episodesTrue & m${v}) !== 0 ? 1 : (ctx.episodesUnknown & m${v}) !== 0 ? 2 : 0;`,
        );
      }
    } else if ('within' in condition) {
      const window = parameters[condition.within] as DateWindow;
      const [start, end] = [integer(dayNumber(window.from)), integer(dayNumber(window.to))];
      lines.push(`const ${v} = lo !== lo ? 2 : lo >= ${start} && hi <= ${end} ? 1 : hi < ${start} || lo > ${end} ? 0 : 2;`);
    } else if ('penalty_above' in condition) {
      const threshold = parameters[condition.penalty_above] as number | null;
      if (threshold === null) lines.push(`const ${v} = 1;`);
      else if (!Number.isFinite(threshold)) throw new Error('threshold not a number');
      else lines.push(`const ${v} = pen !== pen ? 2 : pen > ${threshold} ? 1 : 0;`);
    } else if ('param' in condition) {
      lines.push(`const ${v} = ${parameters[condition.param] === true ? 1 : 0};`);
    } else {
      lines.push(`const ${v} = 1;`);
    }
    return v;
  };
  for (const rule of rules) {
    lines.push('{');
    const v = emit(rule.when);
    lines.push(`if (${v} === 1) applies |= ${integer(1 << rule.index)}; else if (${v} === 2) unknown |= ${integer(1 << rule.index)};`, '}');
  }
  lines.push('ctx.unknownRules = unknown;', 'return applies;');
  const factory = new Function('settle', 'episodes', 'exceptedBy', `return function evaluateLevel(ctx) {\n${lines.join('\n')}\n};`) as (
    settle: typeof settleEpisodes,
    episodes: readonly CompiledEpisode[],
    exceptedBy: readonly number[],
  ) => (context: ChargeContext) => number;
  return factory(settleEpisodes, episodes, exceptedBy);
}

/** Works out once per charge which episodes its facts fall in (true) or may fall in (unknown), as bit masks. */
export function settleEpisodes(context: ChargeContext, episodes: readonly CompiledEpisode[]): void {
  let inside = 0;
  let maybe = 0;
  for (let i = 0; i < episodes.length; i++) {
    const episode = episodes[i]!;
    let value = withinDays(context, episode.start, episode.end);
    if (value !== 0 && episode.requirement !== null) value = and(value, episode.requirement(context));
    if (value === 1) inside |= 1 << i;
    else if (value === 2) maybe |= 1 << i;
  }
  context.episodesTrue = inside;
  context.episodesUnknown = maybe;
}

/** Whether the facts' days lie inside [start, end]: unknown when they straddle it or are not dated. */
function withinDays(context: ChargeContext, start: number, end: number): Tri {
  if (Number.isNaN(context.lo)) return 2;
  if (context.lo >= start && context.hi <= end) return 1;
  if (context.hi < start || context.lo > end) return 0;
  return 2;
}

export function visitCondition(condition: Condition, visit: (condition: Condition) => void): void {
  visit(condition);
  if ('all' in condition) for (const part of condition.all) visitCondition(part, visit);
  else if ('any' in condition) for (const part of condition.any) visitCondition(part, visit);
  else if ('not' in condition) visitCondition(condition.not, visit);
}

export function isWindow(value: ParameterValue): value is DateWindow {
  return typeof value === 'object' && value !== null;
}

function sameKind(a: ParameterValue, b: ParameterValue): boolean {
  if (a === null || b === null) return typeof a === 'number' || typeof b === 'number' || a === b;
  return typeof a === typeof b;
}

function findOverrideCycle(rules: readonly Rule[]): string[] | null {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const target of byId.get(id)?.overrides ?? []) {
      if (!byId.has(target)) continue;
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const rule of rules) {
    const cycle = visit(rule.id);
    if (cycle) return cycle;
  }
  return null;
}

/** Overriding rules first, so a rule's defeat is known when its turn comes. */
function topologicalOrder(rules: readonly CompiledRule[], indexOf: Map<string, number>): number[] {
  const order: number[] = [];
  const placed = new Set<number>();
  const overriders = rules.map(() => [] as number[]);
  for (const rule of rules) for (const target of rule.overrides) overriders[indexOf.get(target)!]!.push(rule.index);
  const place = (index: number) => {
    if (placed.has(index)) return;
    placed.add(index);
    for (const overrider of overriders[index]!) place(overrider);
    order.push(index);
  };
  for (const rule of rules) place(rule.index);
  return order;
}
