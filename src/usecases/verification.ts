/**
 * Verification as a use case: keeping evidence (file outside the row, hash inside it), linking
 * it to an event, a detention or a person, verifiers' reviews, and the level each subject has as
 * a consequence — derived by domain/verification/derive-level.ts, stored with who and when when
 * it changes. A review is appended to the transparency log in the same transaction as the review
 * and the level it produces, so a decision is never stored without being published, nor the reverse.
 */
import type { Kysely, Transaction } from 'kysely';
import type { VerificationLevel } from '../domain/registry/vocabulary.js';
import { canonicalJson, commitmentOf, type LogEntry, logInstant } from '../domain/translog/entries.js';
import { toBase64 } from '../domain/translog/signed-note.js';
import { type DerivedLevel, deriveLevel, type EvidenceKind, type SubjectKind, type Verdict } from '../domain/verification/derive-level.js';
import type { EvidenceFiles } from '../io/evidence-files.js';
import { randomSalt, sha256 } from '../io/node-crypto.js';
import { AppError } from '../shared/app-error.js';
import type { Database } from '../store/schema.js';
import { getSource } from '../store/sources.js';
import {
  consentOfPerson,
  type EvidenceRow,
  getEvidence,
  getEvidenceByHash,
  insertEvidence,
  insertEvidenceLink,
  insertLevel,
  insertReview,
  loadSubject,
  lockSubject,
  personOfSubject,
  type SubjectRecord,
} from '../store/verification.js';
import type { PendingPublication, TransparencyLog } from './transparency-log.js';

/** Who acts: an account (id) or the local administrator (null). */
export type Doer = { accountId: string | null };

const encoder = new TextEncoder();

/** The name a verifier has in the public log: stable, but not their account (hex of a hash of it). */
export function verifierPseudonym(accountId: string): string {
  return `v-${Buffer.from(sha256(encoder.encode(`recuento/verifier/v1\n${accountId}`)))
    .toString('hex')
    .slice(0, 16)}`;
}

function levelFrom(record: SubjectRecord): DerivedLevel {
  return deriveLevel({
    sourceOrganisations: [
      ...record.sources.map((s) => s.organisation),
      ...record.evidence.flatMap((e) => (e.sourceOrganisation ? [e.sourceOrganisation] : [])),
    ],
    unsourcedEvidence: record.evidence.filter((e) => !e.sourceId).length,
    reviews: record.reviews.map((r, seq) => ({ reviewer: r.reviewer, verdict: r.verdict, at: r.reviewedAt, seq })),
  });
}

function currentOf(record: SubjectRecord): VerificationLevel {
  return (record.levels.at(-1)?.level as VerificationLevel | undefined) ?? 'reported';
}

async function requireSubject(db: Kysely<Database> | Transaction<Database>, kind: SubjectKind, id: string): Promise<string> {
  const personId = await personOfSubject(db, kind, id);
  if (!personId) throw new AppError('not_found', `no ${kind}`, { publicMessage: `There is no ${kind} ${id}.` });
  return personId;
}

/** Keeps a file as evidence (or finds the item already holding the same file). */
export async function addEvidence(
  db: Kysely<Database>,
  files: EvidenceFiles,
  input: { path: string; kind: EvidenceKind; title: string; mediaType: string; sourceId: string | null; doer: Doer },
): Promise<{ evidence: EvidenceRow; created: boolean }> {
  if (input.sourceId && !(await getSource(db, input.sourceId))) {
    throw new AppError('invalid_reference', 'no such source', { details: [{ path: 'sourceId', reason: 'no source has this id' }] });
  }
  const { sha256: hash, size } = await files.put(input.path);
  const existing = await getEvidenceByHash(db, hash);
  if (existing) return { evidence: existing, created: false };
  try {
    const evidence = await insertEvidence(db, {
      kind: input.kind,
      title: input.title,
      sha256: hash,
      mediaType: input.mediaType,
      sizeBytes: size,
      sourceId: input.sourceId,
      addedBy: input.doer.accountId,
    });
    return { evidence, created: true };
  } catch (error) {
    // Another request may have kept the same file meanwhile: it is then that item.
    const raced = await getEvidenceByHash(db, hash);
    if (raced) return { evidence: raced, created: false };
    throw error;
  }
}

export type SubjectView = SubjectRecord & { kind: SubjectKind; id: string; personId: string; level: VerificationLevel; derived: DerivedLevel };

export async function viewSubject(db: Kysely<Database>, kind: SubjectKind, id: string): Promise<SubjectView> {
  const personId = await requireSubject(db, kind, id);
  const record = await loadSubject(db, kind, id);
  return { ...record, kind, id, personId, level: currentOf(record), derived: levelFrom(record) };
}

/** Re-derives a subject's level inside a transaction; stores a change with its cause. */
async function rederive(
  trx: Transaction<Database>,
  kind: SubjectKind,
  id: string,
  cause: 'evidence' | 'source' | 'review',
  doer: Doer,
  logIndex: number | null,
  loaded?: SubjectRecord,
): Promise<{ previous: VerificationLevel; derived: DerivedLevel; record: SubjectRecord }> {
  const record = loaded ?? (await loadSubject(trx, kind, id));
  const previous = currentOf(record);
  const derived = levelFrom(record);
  const firstChange = record.levels.length === 0 && derived.level !== 'reported';
  if (derived.level !== previous || firstChange || cause === 'review') {
    await insertLevel(trx, {
      subjectKind: kind,
      subjectId: id,
      level: derived.level,
      previous: record.levels.length === 0 ? null : previous,
      independentSources: derived.independentSources,
      cause,
      changedBy: doer.accountId,
      logIndex,
    });
  }
  return { previous, derived, record };
}

/** Links an item of evidence to a subject; the subject's level may rise (two independent sources). */
export async function linkEvidence(
  db: Kysely<Database>,
  input: { evidenceId: string; kind: SubjectKind; id: string; doer: Doer },
): Promise<{ linked: boolean; level: VerificationLevel; previous: VerificationLevel }> {
  if (!(await getEvidence(db, input.evidenceId)))
    throw new AppError('not_found', 'no evidence', { publicMessage: `There is no evidence item ${input.evidenceId}.` });
  await requireSubject(db, input.kind, input.id);
  return db.transaction().execute(async (trx) => {
    await lockSubject(trx, input.kind, input.id);
    const linked = await insertEvidenceLink(trx, {
      evidenceId: input.evidenceId,
      subjectKind: input.kind,
      subjectId: input.id,
      linkedBy: input.doer.accountId,
    });
    const { previous, derived } = await rederive(trx, input.kind, input.id, 'evidence', input.doer, null);
    return { linked, level: derived.level, previous };
  });
}

/** Re-derives after a source link was added (sources count towards corroboration). */
export async function sourceLinked(db: Kysely<Database>, kind: SubjectKind, id: string, doer: Doer): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockSubject(trx, kind, id);
    await rederive(trx, kind, id, 'source', doer, null);
  });
}

export type ReviewInput = {
  kind: SubjectKind;
  id: string;
  verdict: Verdict;
  evidenceIds: string[];
  note: string | null;
  reviewer: { id: string; name: string };
};

/**
 * Records a verifier's review. Confirming or refuting must cite evidence linked to the subject
 * (a verifier reviews evidence, not hearsay). The review, the level it leads to and its log entry
 * commit together.
 */
export async function reviewSubject(
  db: Kysely<Database>,
  log: TransparencyLog,
  input: ReviewInput,
): Promise<{ level: VerificationLevel; previous: VerificationLevel; derived: DerivedLevel; logIndex: number | null; checkpoint: string }> {
  const personId = await requireSubject(db, input.kind, input.id);
  const linked = new Map((await loadSubject(db, input.kind, input.id)).evidence.map((e) => [e.id, e]));
  const unknown = input.evidenceIds.filter((id) => !linked.has(id));
  if (unknown.length > 0) {
    throw new AppError('invalid_reference', 'evidence not linked', {
      publicMessage: 'A review can cite only evidence linked to what is reviewed.',
      details: unknown.map((id) => ({ path: 'evidence', value: id, reason: 'not evidence of this subject' })),
    });
  }
  if (input.verdict !== 'disputes' && input.evidenceIds.length === 0) {
    throw new AppError('validation_failed', 'review without evidence', {
      publicMessage: `To say it ${input.verdict === 'confirms' ? 'is true' : 'is false'}, cite the evidence you reviewed (link it first).`,
      details: [{ path: 'evidence', reason: 'at least one item of evidence' }],
    });
  }
  const doer = { accountId: input.reviewer.id };
  const { appended, result } = await log.appendWith(async (trx, firstIndex) => {
    await lockSubject(trx, input.kind, input.id);
    const review = await insertReview(trx, {
      subjectKind: input.kind,
      subjectId: input.id,
      verdict: input.verdict,
      reviewer: input.reviewer.id,
      evidenceIds: input.evidenceIds,
      note: input.note,
    });
    // The level rows are not touched by the review: the record after it still tells the level before.
    const after = await loadSubject(trx, input.kind, input.id);
    const previous = currentOf(after);
    const derived = levelFrom(after);
    const partners = (derived.level === 'verified' ? derived.confirmedBy : derived.level === 'refuted' ? derived.refutedBy : []).filter(
      (r) => r !== input.reviewer.id,
    );
    // what the log may say of it depends on the person's consent (src/domain/translog/entries.ts)
    const consent = await consentOfPerson(trx, personId);
    const decision = {
      type: 'verification' as const,
      level: derived.level,
      previous,
      decidedAt: logInstant(new Date(review.reviewedAt)),
      decidedBy: verifierPseudonym(input.reviewer.id),
      secondBy: partners[0] ? verifierPseudonym(partners[0]) : null,
    };
    const evidence = input.evidenceIds.map((id) => linked.get(id)!.sha256).sort();
    const entries: LogEntry[] = [];
    const commitments: NonNullable<PendingPublication['commitments']> = [];
    // An act suffered in custody is never named in the public log, whatever the consent: only committed to.
    if (consent === 'public' && input.kind !== 'act') entries.push({ ...decision, subject: { kind: input.kind, id: input.id }, evidence });
    else if (consent === 'aggregate_only' || (consent === 'public' && input.kind === 'act')) {
      const subject = canonicalJson({ kind: input.kind, id: input.id, evidence, level: derived.level, decidedAt: decision.decidedAt });
      const salt = randomSalt();
      entries.push({ ...decision, commitment: commitmentOf(sha256, salt, subject), evidence: [] });
      commitments.push({ position: 0, personId, salt: toBase64(salt), subject });
    }
    const logIndex = entries.length > 0 ? firstIndex : null;
    return {
      // one neutral title for every review: a title naming the subject's kind would point out acts in custody
      publication: {
        kind: 'verification',
        title: 'verification',
        createdBy: input.reviewer.name,
        entries,
        commitments,
      },
      finish: async () => {
        const { previous: was, derived: now } = await rederive(trx, input.kind, input.id, 'review', doer, logIndex, after);
        return { level: now.level, previous: was, derived: now, logIndex };
      },
    };
  });
  return { ...result, checkpoint: appended.checkpoint };
}
