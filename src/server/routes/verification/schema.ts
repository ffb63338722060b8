/** Schemas of the evidence and verification API. */
import { z } from 'zod';
import { VERIFICATION_LEVELS } from '../../../domain/registry/vocabulary.js';
import { EVIDENCE_KINDS, SUBJECT_KINDS, VERDICTS } from '../../../domain/verification/derive-level.js';

export const SubjectParamsSchema = z.object({ kind: z.enum(SUBJECT_KINDS), id: z.uuid() });

export const EvidenceSchema = z.object({
  id: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  title: z.string(),
  sha256: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sourceId: z.string().nullable(),
  addedBy: z.string().nullable().describe('account id; null: the local administrator'),
  addedAt: z.string(),
});
export const EvidenceFieldsSchema = z.object({
  kind: z.enum(EVIDENCE_KINDS),
  title: z.string().trim().min(1).max(300),
  sourceId: z.uuid().optional(),
});
export const AddedEvidenceSchema = z.object({ evidence: EvidenceSchema, created: z.boolean() });
export const LinkBodySchema = z.object({ evidenceId: z.uuid() });
export const LinkedSchema = z.object({ linked: z.boolean(), level: z.enum(VERIFICATION_LEVELS), previous: z.enum(VERIFICATION_LEVELS) });
export const ReviewBodySchema = z.object({
  verdict: z.enum(VERDICTS),
  evidence: z.array(z.uuid()).max(100).default([]).describe('the items of evidence reviewed (linked to the subject)'),
  note: z.string().trim().max(2000).optional(),
});
export const ReviewedSchema = z.object({
  level: z.enum(VERIFICATION_LEVELS),
  previous: z.enum(VERIFICATION_LEVELS),
  next: z.string().nullable().describe('what the next level needs'),
  logIndex: z.number().int().nullable().describe('the transparency log entry of this decision (null: the person is private, and the log says nothing of them)'),
  checkpoint: z.string(),
});
export const SubjectViewSchema = z.object({
  kind: z.enum(SUBJECT_KINDS),
  id: z.string(),
  personId: z.string(),
  subjectType: z.string().nullable().describe("an event's or act's kind (null for detentions and persons)"),
  subjectDate: z.string().nullable().describe("an event's date, a detention's arrest, an act's start"),
  level: z.enum(VERIFICATION_LEVELS),
  independentSources: z.number().int(),
  confirmedBy: z.array(z.string()).describe('account names'),
  next: z.string().nullable(),
  evidence: z.array(EvidenceSchema.extend({ sourceOrganisation: z.string().nullable() })),
  sources: z.array(z.object({ id: z.string(), organisation: z.string(), title: z.string() })),
  reviews: z.array(
    z.object({
      id: z.string(),
      verdict: z.enum(VERDICTS),
      reviewerName: z.string(),
      evidenceIds: z.array(z.string()),
      note: z.string().nullable(),
      reviewedAt: z.string(),
    }),
  ),
  history: z.array(
    z.object({
      level: z.enum(VERIFICATION_LEVELS),
      previous: z.enum(VERIFICATION_LEVELS).nullable(),
      independentSources: z.number().int(),
      cause: z.string(),
      changedBy: z.string().describe('account name, or "local administrator"'),
      changedAt: z.string(),
      logIndex: z.number().int().nullable(),
    }),
  ),
});
export const QueueQuerySchema = z.object({
  level: z
    .string()
    .default('corroborated,disputed')
    .transform((v) => v.split(','))
    .pipe(z.array(z.enum(VERIFICATION_LEVELS))),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const QueueSchema = z.array(
  z.object({
    subjectKind: z.enum(SUBJECT_KINDS),
    subjectId: z.string(),
    level: z.enum(VERIFICATION_LEVELS),
    independentSources: z.number().int(),
    changedAt: z.string(),
    personId: z.string().nullable().describe('the person the subject belongs to'),
    personName: z.string().nullable().describe("the person's name (staff only: the queue is for those who read case files)"),
    subjectType: z.string().nullable().describe("an event's or act's kind (null for detentions and persons)"),
    subjectDate: z.string().nullable().describe("an event's date, a detention's arrest, an act's start"),
    confirmedBy: z.array(z.string()).describe('account names of the verifiers whose latest review confirms it (one: it waits for a second)'),
  }),
);
