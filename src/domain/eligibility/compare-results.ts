/**
 * Compares two instruments over the same cases: the transition matrix (covered → excluded,
 * …), each case whose outcome changes with the rules responsible on either side, the most
 * frequent reasons for change, and breakdowns by any grouping the cases carry (protest
 * wave, facility, occupation group). Cases of one person are also folded into a person's
 * outcome: excluded if any case is, needs review if any is, covered only if all are; a case
 * that names no person is counted by case only.
 */
import type { EligibilityCase } from './case.js';
import type { CompiledRuleSet } from './compile-rule-set.js';
import { type EligibilityResult, type EvaluateOptions, evaluateCase, type Outcome } from './evaluate-case.js';

export type Transition = Record<Outcome, Record<Outcome, number>>;

export type ChangedCase = {
  case: string;
  person: string | null;
  from: Outcome;
  to: Outcome;
  /** The decisive rule in the first and in the second instrument, or why nothing decided ("(unknown_facts)"). */
  ruleA: string;
  ruleB: string;
};

export type Comparison = {
  a: { id: string; hash: string; variants: string[] };
  b: { id: string; hash: string; variants: string[] };
  cases: number;
  byCase: Transition;
  persons: number;
  byPerson: Transition;
  changed: ChangedCase[];
  /** Why outcomes changed: "ruleA → ruleB" with its count, most frequent first. */
  reasons: { ruleA: string; ruleB: string; from: Outcome; to: Outcome; count: number }[];
  /** For each grouping and value: how many cases, how many changed, and the matrix. */
  groups: Record<string, Record<string, { cases: number; changed: number; byCase: Transition }>>;
};

export type ComparedCase = { a: EligibilityResult; b: EligibilityResult; groups?: Record<string, string | null> | undefined };

const OUTCOME_ORDER: readonly Outcome[] = ['covered', 'review', 'excluded'];

/** The decisive rule, or why nothing decided (e.g. "(unknown_facts)"). */
function decidedBy(result: EligibilityResult): string {
  return result.decisive?.rule ?? `(${result.reason ?? 'none'})`;
}

/** An empty transition matrix. */
export function emptyTransition(): Transition {
  const row = () => ({ covered: 0, excluded: 0, review: 0 });
  return { covered: row(), excluded: row(), review: row() };
}

/** The outcome of a person from their cases: the worst of them. */
export function foldPersonOutcome(outcomes: Iterable<Outcome>): Outcome {
  let worst: Outcome = 'covered';
  for (const outcome of outcomes) if (OUTCOME_ORDER.indexOf(outcome) > OUTCOME_ORDER.indexOf(worst)) worst = outcome;
  return worst;
}

/** Evaluates the same cases under two compiled rule sets and compares the results. */
export function compareRuleSets(a: CompiledRuleSet, b: CompiledRuleSet, cases: readonly EligibilityCase[], options: EvaluateOptions = {}): Comparison {
  return compareResults(cases.map((input) => ({ a: evaluateCase(a, input, options), b: evaluateCase(b, input, options), groups: input.groups })));
}

/** Compares results case by case; both lists come from the same cases, in any order. */
export function compareResults(compared: Iterable<ComparedCase>): Comparison {
  const byCase = emptyTransition();
  const changed: ChangedCase[] = [];
  const reasons = new Map<string, Comparison['reasons'][number]>();
  const groups: Comparison['groups'] = {};
  const persons = new Map<string, { a: Outcome[]; b: Outcome[] }>();
  let count = 0;
  let a: Comparison['a'] | null = null;
  let b: Comparison['b'] | null = null;
  for (const item of compared) {
    count++;
    a ??= { id: item.a.ruleSet.id, hash: item.a.ruleSet.hash, variants: item.a.ruleSet.variants };
    b ??= { id: item.b.ruleSet.id, hash: item.b.ruleSet.hash, variants: item.b.ruleSet.variants };
    const from = item.a.outcome;
    const to = item.b.outcome;
    byCase[from][to]++;
    // Only cases that name their person fold into a person's outcome.
    if (item.a.person !== null) {
      const entry = persons.get(item.a.person) ?? { a: [], b: [] };
      entry.a.push(from);
      entry.b.push(to);
      persons.set(item.a.person, entry);
    }
    const isChanged = from !== to;
    if (isChanged) {
      const ruleA = decidedBy(item.a);
      const ruleB = decidedBy(item.b);
      changed.push({ case: item.a.case, person: item.a.person, from, to, ruleA, ruleB });
      const key = `${ruleA}|${ruleB}|${from}|${to}`;
      const reason = reasons.get(key) ?? { ruleA, ruleB, from, to, count: 0 };
      reason.count++;
      reasons.set(key, reason);
    }
    for (const [name, value] of Object.entries(item.groups ?? {})) {
      const group = groups[name] ?? {};
      groups[name] = group;
      const key = value ?? '(none)';
      const cell = group[key] ?? { cases: 0, changed: 0, byCase: emptyTransition() };
      group[key] = cell;
      cell.cases++;
      if (isChanged) cell.changed++;
      cell.byCase[from][to]++;
    }
  }
  const byPerson = emptyTransition();
  for (const entry of persons.values()) byPerson[foldPersonOutcome(entry.a)][foldPersonOutcome(entry.b)]++;
  const none = { id: '', hash: '', variants: [] };
  return {
    a: a ?? none,
    b: b ?? none,
    cases: count,
    byCase,
    persons: persons.size,
    byPerson,
    changed,
    reasons: [...reasons.values()].sort((x, y) => y.count - x.count || x.ruleA.localeCompare(y.ruleA)),
    groups,
  };
}
