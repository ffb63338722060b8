/** Shapes of the /api/reconciliations routes. */
import { z } from 'zod';
import { RECONCILIATION_CLASSES } from '../../../domain/reconciliation/reconcile-entries.js';
import { IsoDateSchema } from '../../../shared/schemas.js';

export const ReconciliationSchema = z.object({
  id: z.uuid(),
  sourceId: z.uuid(),
  label: z.string(),
  claim: z.literal('released'),
  periodFrom: z.string(),
  periodTo: z.string(),
  createdAt: z.string(),
  entries: z.number(),
});

export const CountsSchema = z.record(z.enum(RECONCILIATION_CLASSES), z.number());

const WeightStepSchema = z.object({
  comparison: z.string(),
  level: z.number(),
  label: z.string(),
  weight: z.number(),
  frequencyAdjustment: z.number(),
  m: z.number().nullable(),
  u: z.number().nullable(),
});

export const CandidateSchema = z.object({
  personId: z.uuid(),
  probability: z.number(),
  weight: z.number(),
  person: z.object({
    personId: z.uuid(),
    givenNames: z.string(),
    firstSurname: z.string(),
    secondSurname: z.string(),
    cedula: z.string(),
    birthDate: z.string(),
  }),
  explanation: z.object({ prior: z.number(), steps: z.array(WeightStepSchema), weight: z.number(), probability: z.number() }),
});

export const EntrySchema = z.object({
  id: z.uuid(),
  rowNumber: z.number(),
  externalId: z.string(),
  givenNames: z.string(),
  firstSurname: z.string(),
  secondSurname: z.string(),
  cedula: z.string(),
  birthDate: z.string(),
});

export const ReportEntrySchema = z.object({
  entryId: z.uuid(),
  entry: EntrySchema,
  class: z.enum(RECONCILIATION_CLASSES),
  reason: z.string(),
  personId: z.uuid().nullable(),
  probability: z.number().nullable(),
  matchedBy: z.enum(['model', 'reviewer']).nullable(),
  releasedOn: z.string().nullable(),
  duplicateOfRow: z.number().nullable(),
  candidates: z.array(CandidateSchema),
});

export const ReportSchema = z.object({
  reconciliation: ReconciliationSchema,
  counts: CountsSchema,
  registrySize: z.number(),
  entries: z.array(ReportEntrySchema),
});

export const CreateFieldsSchema = z.object({
  as: z.string().trim().min(1, 'say what the list is, e.g. "Government list 2026-01-30"').max(200),
  claim: z.literal('released').default('released'),
  from: IsoDateSchema,
  to: IsoDateSchema,
  organisation: z.string().trim().min(1).max(200).optional(),
  mapping: z.string().optional(),
});

export const DecisionInputSchema = z.object({
  entryId: z.uuid(),
  personId: z.uuid(),
  match: z.boolean().describe('true: the entry is this person; false: it is not'),
  note: z.string().max(1000).optional(),
});

export const DecisionSchema = z.object({
  entryId: z.uuid(),
  personId: z.uuid(),
  match: z.boolean(),
  decidedBy: z.string(),
  note: z.string().nullable(),
  decidedAt: z.string(),
});
