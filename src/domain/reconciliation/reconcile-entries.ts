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

/** A list's entry as written: the name whole when the list gives it in one cell, and its parts as read. */
export type WrittenEntry = {
  rowNumber: number;
  externalId: string;
  fullName: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  cedula: string;
  birthDate: string;
};

/** A registry person as a reviewer sees them beside the list's entry. */
export type RegistrySide = {
  personId: string;
  externalId: string | null;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  cedula: string;
  birthDate: string;
  /** The facility of the person's latest detention. */
  facility: string | null;
  /** The latest release the registry records (null: none, or its date unknown). */
  releasedOn: string | null;
};

/** Offence categories used to prosecute dissent; a case with none of them is a common-crime case. */
export const POLITICAL_CATEGORIES: readonly OffenceCategory[] = ['political', 'public_order', 'terrorism', 'military'];

/** Events after which a person is out of prison (whatever conditions remain). */
const RELEASE_KINDS = new Set(['released', 'released_with_measures', 'house_arrest', 'exiled', 'amnestied', 'pardoned', 'case_dismissed']);
const OUT_STATUSES: readonly PersonStatus[] = ['released', 'released_with_measures', 'house_arrest', 'exiled'];

/**
 * What the registry knows of a person that the classification needs: the timeline, the
 * charges' categories, and an organisation's own judgment of the latest case (political
 * prisoner, common crime, undetermined), which wins over the charges where it exists.
 */
export type RegistryFacts = {
  timeline: readonly TimelineEntry[];
  chargeCategories: readonly OffenceCategory[];
  judgment?: { judgment: 'political' | 'common' | 'undetermined'; by: string } | null;
};

/**
 * What the identifiers and names of a pair say, beside the model's weight: a cédula on
 * both sides is either the same, one digit off (a typo), or different (two people).
 * Names are compatible when the given names agree (a nickname, one name of a compound)
 * and the surnames agree in any order or one is missing.
 */
export type PairEvidence = {
  /** `missing`: the entry gives none; `unrecorded`: the entry gives one, the registry person has none. */
  cedula: 'same' | 'one_off' | 'different' | 'missing' | 'unrecorded';
  namesCompatible: boolean;
  /** Looser, for a pair that shares a cédula: given names alike (a slip of the pen too) and a surname in common. */
  namesSimilar?: boolean;
};

/** A registry person the model proposes for an entry. */
export type Candidate = { personId: string; probability: number; weight: number; evidence?: PairEvidence };

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

/**
 * A person whose names fit is taken when that is more likely than every other answer
 * together: a namesake, who fits as well, keeps the share below one half and sends the
 * entry to a reviewer.
 */
const MORE_LIKELY_THAN_NOT = 0.5;

/**
 * The probability that an entry is this candidate rather than any other candidate or
 * nobody in the registry, an entry being at most one person: each pair's weight is the
 * log2 odds of that pair against no match, so the candidate's share is
 * 2^w / (1 + Σ 2^w_i) over every candidate not rejected.
 */
export function probabilityAmong(candidate: Candidate, candidates: readonly Candidate[], rejected: ReadonlySet<string> = new Set()): number {
  let total = 1;
  for (const c of candidates) if (!rejected.has(c.personId)) total += 2 ** c.weight;
  return 2 ** candidate.weight / total;
}

export const DEFAULT_MATCH_RULES: MatchRules = { threshold: 0.9, floor: 0.2, margin: 5 };

/**
 * How an entry was matched: by a reviewer; by the same cédula with compatible names; by
 * the only registry person whose names fit, with no conflicting cédula; or by the
 * model's probability alone.
 */
export type MatchedBy = 'model' | 'reviewer' | 'identifier' | 'name';

export type MatchOutcome =
  | { kind: 'matched'; personId: string; probability: number | null; by: MatchedBy }
  | { kind: 'ambiguous'; candidates: Candidate[]; why: string }
  | { kind: 'unknown' };

/**
 * Candidates a reviewer is shown: the three likeliest, and the others as likely as the third
 * (namesakes nothing tells apart), ten at most.
 */
const SHOWN = 3;
const SHOWN_TIED = 10;
function shown(sorted: readonly Candidate[]): Candidate[] {
  const third = sorted[SHOWN - 1];
  return third ? sorted.filter((c, i) => i < SHOWN || (i < SHOWN_TIED && c.weight >= third.weight)) : [...sorted];
}

/**
 * Chooses an entry's person. A reviewer's acceptance wins; rejected persons are out.
 * Identifiers come next: the same cédula with alike names is the person, whatever
 * the model's weight (one cédula, one person); the same cédula under other names goes to
 * a reviewer. Then names: when the best candidate's names fit the entry's (the same
 * given names, a nickname or one name of a compound; the surnames in any order or one
 * missing), no cédula contradicts it, and it is more likely than every other answer
 * together (`probabilityAmong`), that person is the match — a namesake halves the
 * share, and goes to a reviewer. Last the model: the best candidate, if it clears the threshold and no
 * runner-up comes close — unless both sides carry a cédula and they differ, which is
 * strong evidence of two people with one name: such a pair is never linked
 * automatically, it goes to a reviewer. An entry whose names fit a registry person,
 * with no cédula against it, is never "unknown": below the floor it goes to a reviewer.
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
  const sameCedula = candidates.filter((c) => !rejected.has(c.personId) && c.evidence?.cedula === 'same');
  const byIdentifier = sameCedula.filter((c) => c.evidence!.namesCompatible || c.evidence!.namesSimilar);
  if (byIdentifier.length === 1) return { kind: 'matched', personId: byIdentifier[0]!.personId, probability: byIdentifier[0]!.probability, by: 'identifier' };
  const open = candidates
    .filter((c) => !rejected.has(c.personId) && (c.probability >= rules.floor || c.evidence?.cedula === 'same'))
    .sort((a, b) => b.weight - a.weight);
  const [best, second] = open;
  if (!best) {
    // a registry person whose names fit, and nothing contradicts, is not "unknown to the registry", however weak the model finds it
    // (an entry whose own cédula is in no registry record is not held for names that fit weakly)
    const weak = candidates.filter((c) => !rejected.has(c.personId) && c.evidence?.namesCompatible && c.evidence.cedula === 'missing');
    if (weak.length > 0) return { kind: 'ambiguous', candidates: shown([...weak].sort((a, b) => b.weight - a.weight)), why: 'the names fit, but weakly' };
    return { kind: 'unknown' };
  }
  if (sameCedula.length > 0) return { kind: 'ambiguous', candidates: shown(open), why: 'the same cédula under other names' };
  // persons whose names fit and whose cédula does not contradict, as likely as the best within the margin
  const fits = (c: Candidate) => c.evidence?.namesCompatible === true && c.evidence.cedula !== 'different';
  if (fits(best) && probabilityAmong(best, candidates, rejected) >= MORE_LIKELY_THAN_NOT) {
    return { kind: 'matched', personId: best.personId, probability: best.probability, by: 'name' };
  }
  if (open.filter(fits).length > 1) return { kind: 'ambiguous', candidates: shown(open), why: 'the names fit more than one registry person' };
  if (best.probability >= rules.threshold && (!second || second.weight < best.weight - rules.margin)) {
    if (best.evidence?.cedula === 'different') return { kind: 'ambiguous', candidates: shown(open), why: 'the names agree but the cédulas differ' };
    return { kind: 'matched', personId: best.personId, probability: best.probability, by: 'model' };
  }
  const why = best.probability >= rules.threshold ? 'more than one registry person fits' : 'a possible match, below the threshold';
  return { kind: 'ambiguous', candidates: shown(open), why };
}

/** What decided whether a case is political: an organisation's judgment, the charges, or neither. */
export type CaseBasis = 'judgment' | 'charges' | null;

/**
 * The class of a matched entry, and why, from the person's timeline as of the period's
 * end. "Common crimes only" comes from the organisation's judgment where there is one,
 * from the charges otherwise; the result says which (`basis`).
 */
export function classifyMatched(
  facts: RegistryFacts,
  period: ClaimedPeriod,
): { class: ReconciliationClass; reason: string; releasedOn: string | null; basis: CaseBasis; status: PersonStatus | null } {
  const judgment = facts.judgment ?? null;
  if (judgment?.judgment === 'common') {
    return { class: 'common_crime_only', reason: `judged a common-crime case by ${judgment.by}`, releasedOn: null, basis: 'judgment', status: null };
  }
  const political = judgment?.judgment === 'political';
  const hasPoliticalCharge = facts.chargeCategories.some((c) => POLITICAL_CATEGORIES.includes(c));
  if (!political && facts.chargeCategories.length > 0 && !hasPoliticalCharge) {
    return {
      class: 'common_crime_only',
      reason: `charged only with ${[...new Set(facts.chargeCategories)].join(', ')} offences`,
      releasedOn: null,
      basis: 'charges',
      status: null,
    };
  }
  const basis: CaseBasis = political ? 'judgment' : facts.chargeCategories.length > 0 ? 'charges' : null;
  return { ...classifyCustody(facts, period), basis };
}

function classifyCustody(
  facts: RegistryFacts,
  period: ClaimedPeriod,
): { class: ReconciliationClass; reason: string; releasedOn: string | null; status: PersonStatus } {
  const known = facts.timeline.filter((e) => e.occurredOn <= period.to).sort(compareTimelineEntries);
  const status = deriveStatus(known);
  if (OUT_STATUSES.includes(status)) {
    const release = [...known].reverse().find((e) => RELEASE_KINDS.has(e.kind));
    // an undated release (a sheet said "casa por cárcel", no date) is out of prison, on an unknown day
    const releasedOn = release && release.precision !== 'unknown' ? release.occurredOn : null;
    if (releasedOn !== null && releasedOn < period.from) {
      return { class: 'released_earlier', reason: `the registry records the release on ${releasedOn}, before ${period.from}`, releasedOn, status };
    }
    return { class: 'released_in_period', reason: `released on ${releasedOn ?? 'an unknown date'} (${status.replaceAll('_', ' ')})`, releasedOn, status };
  }
  const reasons: Partial<Record<PersonStatus, string>> = {
    detained: `the registry records the person detained on ${period.to}`,
    disappeared: `the registry records the person's whereabouts unknown on ${period.to}`,
    died_in_custody: 'the registry records the person died in custody',
    unknown: 'the registry holds no detention or release event for the person',
  };
  return { class: 'still_detained', reason: reasons[status] ?? `status ${status}`, releasedOn: null, status };
}

/** One entry of the report. */
export type ReconciledEntry = {
  entryId: string;
  class: ReconciliationClass;
  reason: string;
  personId: string | null;
  probability: number | null;
  matchedBy: MatchedBy | null;
  releasedOn: string | null;
  /** For a matched entry: whether an organisation's judgment or the charges decided political or common. */
  basis: CaseBasis;
  /** For a matched entry classified by custody: the person's status on the period's last day. */
  status: PersonStatus | null;
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
  /** `outcome`, when the caller has decided the match already (decideMatch with the same rules). */
  entries: readonly { entryId: string; candidates: readonly Candidate[]; decisions: readonly PairDecision[]; outcome?: MatchOutcome }[],
  factsOf: (personId: string) => RegistryFacts | undefined,
  period: ClaimedPeriod,
  rules: MatchRules = DEFAULT_MATCH_RULES,
): { entries: ReconciledEntry[]; counts: Record<ReconciliationClass, number> } {
  const counts = Object.fromEntries(RECONCILIATION_CLASSES.map((c) => [c, 0])) as Record<ReconciliationClass, number>;
  const firstEntryOf = new Map<string, string>();
  const result = entries.map((entry): ReconciledEntry => {
    const outcome = entry.outcome ?? decideMatch(entry.candidates, entry.decisions, rules);
    const base = {
      entryId: entry.entryId,
      personId: null,
      probability: null,
      matchedBy: null,
      releasedOn: null,
      basis: null,
      status: null,
      candidates: [],
      duplicateOf: null,
    };
    if (outcome.kind === 'unknown') {
      const rejected = entry.decisions.filter((d) => !d.match).length;
      const reason =
        rejected > 0
          ? `a reviewer rejected ${rejected === 1 ? 'the candidate' : `all ${rejected} candidates`}; no other registry person is a plausible match`
          : 'no registry person is a plausible match';
      return { ...base, class: 'unknown', reason };
    }
    if (outcome.kind === 'ambiguous') {
      return { ...base, class: 'ambiguous', reason: `${outcome.why}: a reviewer decides`, candidates: outcome.candidates };
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
