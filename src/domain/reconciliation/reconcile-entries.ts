/**
 * Explaining the gap between a claimed list and the registry (PRODUCT.md, capability 5).
 * Each entry of a list that claims releases is matched to at most one registry person —
 * by the linkage model, or by a reviewer's decision — and put in one class: a verified
 * political prisoner released in the claimed period; released earlier (counted twice);
 * still recorded as detained (a conflict to verify); prosecuted for common crimes only;
 * unknown to the registry; ambiguous (sent to a human); or the same person listed twice.
 */
import { compareTimelineEntries, deriveStatus, type TimelineEntry } from '../registry/derive-status.js';
import type { OffenceCategory, PersonStatus } from '../registry/vocabulary.js';

export const RECONCILIATION_CLASSES = [
  'released_in_period',
  'released_earlier',
  'still_detained',
  'common_crime_only',
  'unknown',
  'ambiguous',
  'listed_twice',
] as const;
export type ReconciliationClass = (typeof RECONCILIATION_CLASSES)[number];

/** Offence categories used to prosecute dissent; a case with none of them is a common-crime case. */
export const POLITICAL_CATEGORIES: readonly OffenceCategory[] = ['political', 'public_order', 'terrorism', 'military'];

/** Events after which a person is out of prison (whatever conditions remain). */
const RELEASE_KINDS = new Set(['released', 'released_with_measures', 'house_arrest', 'exiled', 'amnestied', 'pardoned', 'case_dismissed']);
const OUT_STATUSES: readonly PersonStatus[] = ['released', 'released_with_measures', 'house_arrest', 'exiled'];

/** What the registry knows of a person that the classification needs. */
export type RegistryFacts = { timeline: readonly TimelineEntry[]; chargeCategories: readonly OffenceCategory[] };

/** A registry person the model proposes for an entry. */
export type Candidate = { personId: string; probability: number; weight: number };

/** A reviewer's decision on an (entry, person) pair. */
export type PairDecision = { personId: string; match: boolean };

/** The period a list claims its releases happened in, inclusive ISO dates. */
export type ClaimedPeriod = { from: string; to: string };

export type MatchRules = {
  /** At or above: a match without review (default 0.9). */
  threshold: number;
  /** Below: not a candidate at all (default 0.2). */
  floor: number;
  /** A runner-up within this many bits of the best makes the match ambiguous (default 5: 32 times less likely). */
  margin: number;
};

export const DEFAULT_MATCH_RULES: MatchRules = { threshold: 0.9, floor: 0.2, margin: 5 };

export type MatchOutcome =
  | { kind: 'matched'; personId: string; probability: number | null; by: 'model' | 'reviewer' }
  | { kind: 'ambiguous'; candidates: Candidate[] }
  | { kind: 'unknown' };

/**
 * Chooses an entry's person: a reviewer's acceptance wins; rejected persons are out;
 * then the best candidate, if it clears the threshold and no runner-up comes close.
 */
export function decideMatch(candidates: readonly Candidate[], decisions: readonly PairDecision[], rules: MatchRules = DEFAULT_MATCH_RULES): MatchOutcome {
  const accepted = decisions.find((d) => d.match);
  if (accepted) {
    return {
      kind: 'matched',
      personId: accepted.personId,
      probability: candidates.find((c) => c.personId === accepted.personId)?.probability ?? null,
      by: 'reviewer',
    };
  }
  const rejected = new Set(decisions.filter((d) => !d.match).map((d) => d.personId));
  const open = candidates.filter((c) => !rejected.has(c.personId) && c.probability >= rules.floor).sort((a, b) => b.weight - a.weight);
  const [best, second] = open;
  if (!best) return { kind: 'unknown' };
  if (best.probability >= rules.threshold && (!second || second.weight < best.weight - rules.margin)) {
    return { kind: 'matched', personId: best.personId, probability: best.probability, by: 'model' };
  }
  return { kind: 'ambiguous', candidates: open.slice(0, 3) };
}

/** The class of a matched entry, and why, from the person's timeline as of the period's end. */
export function classifyMatched(facts: RegistryFacts, period: ClaimedPeriod): { class: ReconciliationClass; reason: string; releasedOn: string | null } {
  if (facts.chargeCategories.length > 0 && !facts.chargeCategories.some((c) => POLITICAL_CATEGORIES.includes(c))) {
    return { class: 'common_crime_only', reason: `charged only with ${[...new Set(facts.chargeCategories)].join(', ')} offences`, releasedOn: null };
  }
  const known = facts.timeline.filter((e) => e.occurredOn <= period.to).sort(compareTimelineEntries);
  const status = deriveStatus(known);
  if (OUT_STATUSES.includes(status)) {
    const release = [...known].reverse().find((e) => RELEASE_KINDS.has(e.kind));
    const releasedOn = release?.occurredOn ?? null;
    if (releasedOn !== null && releasedOn < period.from) {
      return { class: 'released_earlier', reason: `the registry records the release on ${releasedOn}, before ${period.from}`, releasedOn };
    }
    return { class: 'released_in_period', reason: `released on ${releasedOn ?? 'an unknown date'} (${status.replaceAll('_', ' ')})`, releasedOn };
  }
  const reasons: Partial<Record<PersonStatus, string>> = {
    detained: `the registry records the person detained on ${period.to}`,
    disappeared: `the registry records the person's whereabouts unknown on ${period.to}`,
    died_in_custody: 'the registry records the person died in custody',
    unknown: 'the registry holds no detention or release event for the person',
  };
  return { class: 'still_detained', reason: reasons[status] ?? `status ${status}`, releasedOn: null };
}

/** One entry of the report. */
export type ReconciledEntry = {
  entryId: string;
  class: ReconciliationClass;
  reason: string;
  personId: string | null;
  probability: number | null;
  matchedBy: 'model' | 'reviewer' | null;
  releasedOn: string | null;
  /** For an ambiguous entry, the persons a reviewer must choose among. */
  candidates: Candidate[];
  /** For an entry listed twice, the entry that first named the person. */
  duplicateOf: string | null;
};

/**
 * Reconciles a whole list: entries in list order, each with its candidates, decisions
 * and the facts of the persons they may be. The second entry naming the same person is
 * "listed twice".
 */
export function reconcileEntries(
  entries: readonly { entryId: string; candidates: readonly Candidate[]; decisions: readonly PairDecision[] }[],
  factsOf: (personId: string) => RegistryFacts | undefined,
  period: ClaimedPeriod,
  rules: MatchRules = DEFAULT_MATCH_RULES,
): { entries: ReconciledEntry[]; counts: Record<ReconciliationClass, number> } {
  const counts = Object.fromEntries(RECONCILIATION_CLASSES.map((c) => [c, 0])) as Record<ReconciliationClass, number>;
  const firstEntryOf = new Map<string, string>();
  const result = entries.map((entry): ReconciledEntry => {
    const outcome = decideMatch(entry.candidates, entry.decisions, rules);
    const base = { entryId: entry.entryId, personId: null, probability: null, matchedBy: null, releasedOn: null, candidates: [], duplicateOf: null };
    if (outcome.kind === 'unknown') return { ...base, class: 'unknown', reason: 'no registry person is a plausible match' };
    if (outcome.kind === 'ambiguous') {
      return { ...base, class: 'ambiguous', reason: 'possible matches need a reviewer’s decision', candidates: outcome.candidates };
    }
    const matched = { ...base, personId: outcome.personId, probability: outcome.probability, matchedBy: outcome.by };
    const earlier = firstEntryOf.get(outcome.personId);
    if (earlier) return { ...matched, class: 'listed_twice', reason: 'the same person appears earlier in the list', duplicateOf: earlier };
    firstEntryOf.set(outcome.personId, entry.entryId);
    const facts = factsOf(outcome.personId) ?? { timeline: [], chargeCategories: [] };
    return { ...matched, ...classifyMatched(facts, period) };
  });
  for (const e of result) counts[e.class]++;
  return { entries: result, counts };
}
