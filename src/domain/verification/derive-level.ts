/**
 * The verification level of a fact or an event, derived — never typed in — from its sources and
 * from what verifiers concluded (PRODUCT.md, capability 7):
 *
 * - reported: one source, or none yet;
 * - corroborated: two or more independent sources (distinct organisations; every item of evidence
 *   without a named source counts, all together, as one more);
 * - verified: two different verifiers each confirmed it, having reviewed evidence (four eyes);
 * - disputed: a verifier disputes it, or one alone says it is false (waiting for a second);
 * - refuted: two different verifiers each found it false.
 *
 * Only each verifier's latest review counts: a correction is a new review, and the history stays.
 * Precedence: refuted, then disputed, then verified, then corroborated, then reported.
 */
import type { VerificationLevel } from '../registry/vocabulary.js';

export const EVIDENCE_KINDS = ['document', 'photo', 'testimony', 'official_list_entry', 'court_record', 'press_report', 'medical_report'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const VERDICTS = ['confirms', 'disputes', 'refutes'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const SUBJECT_KINDS = ['event', 'detention', 'person', 'act'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** A review in the order it was made (`seq` breaks ties of time). */
export type Review = { reviewer: string; verdict: Verdict; at: string; seq: number };

export type LevelInputs = {
  /** The organisations of the sources linked to the subject and of its evidence items' sources. */
  sourceOrganisations: readonly string[];
  /** Evidence items linked to the subject that name no source. */
  unsourcedEvidence: number;
  reviews: readonly Review[];
};

export type DerivedLevel = {
  level: VerificationLevel;
  /** Distinct independent sources counted. */
  independentSources: number;
  /** Reviewers whose latest review confirms / disputes / refutes. */
  confirmedBy: string[];
  disputedBy: string[];
  refutedBy: string[];
  /** What is still needed to reach the next level, if anything. */
  next: string | null;
};

/** An organisation's name for comparing: case, accents, spacing and punctuation ignored. */
export function organisationKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Each reviewer's latest review. */
export function latestReviews(reviews: readonly Review[]): Review[] {
  const latest = new Map<string, Review>();
  const ordered = [...reviews].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq));
  for (const review of ordered) latest.set(review.reviewer, review);
  return [...latest.values()];
}

export function deriveLevel(inputs: LevelInputs): DerivedLevel {
  const organisations = new Set(inputs.sourceOrganisations.map(organisationKey).filter((key) => key !== ''));
  const independentSources = organisations.size + (inputs.unsourcedEvidence > 0 ? 1 : 0);
  const latest = latestReviews(inputs.reviews);
  const by = (verdict: Verdict) =>
    latest
      .filter((r) => r.verdict === verdict)
      .map((r) => r.reviewer)
      .sort();
  const confirmedBy = by('confirms');
  const disputedBy = by('disputes');
  const refutedBy = by('refutes');
  const base = { independentSources, confirmedBy, disputedBy, refutedBy };
  if (refutedBy.length >= 2) return { ...base, level: 'refuted', next: null };
  if (refutedBy.length === 1) return { ...base, level: 'disputed', next: 'a second verifier to find it false (refuted) or a correction of the first review' };
  if (disputedBy.length > 0) return { ...base, level: 'disputed', next: 'the disputing verifier to review it again once the doubt is resolved' };
  if (confirmedBy.length >= 2) return { ...base, level: 'verified', next: null };
  const secondEyes = confirmedBy.length === 1 ? 'a second verifier (not the first) to confirm it' : 'two verifiers to review the evidence and confirm it';
  if (independentSources >= 2) return { ...base, level: 'corroborated', next: secondEyes };
  return { ...base, level: 'reported', next: `a second independent source, or ${secondEyes}` };
}
