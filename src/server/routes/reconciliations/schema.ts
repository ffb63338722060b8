/** Shapes of the /api/reconciliations routes. */
import { z } from 'zod';
import { RECONCILIATION_CLASSES } from '../../../domain/reconciliation/reconcile-entries.js';
import { PERSON_STATUSES } from '../../../domain/registry/vocabulary.js';
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
  evidence: z
    .object({ cedula: z.enum(['same', 'one_off', 'different', 'missing', 'unrecorded']), namesCompatible: z.boolean(), namesSimilar: z.boolean().optional() })
    .optional()
    .describe('what the cédulas and names of the pair say, beside the weight'),
  person: z.object({
    personId: z.uuid(),
    externalId: z.string().nullable().describe("the organisation's own id of the registry person"),
    givenNames: z.string(),
    firstSurname: z.string(),
    secondSurname: z.string(),
    cedula: z.string(),
    birthDate: z.string(),
    facility: z.string().nullable().describe('the facility of the latest detention'),
    releasedOn: z.string().nullable().describe('the latest dated release'),
  }),
  explanation: z.object({ prior: z.number(), steps: z.array(WeightStepSchema), weight: z.number(), probability: z.number() }),
  wouldBe: z.object({ class: z.enum(RECONCILIATION_CLASSES), reason: z.string() }).describe('the class the entry would get were it this person'),
});

export const EntrySchema = z.object({
  id: z.uuid(),
  rowNumber: z.number(),
  externalId: z.string(),
  fullName: z.string().describe('the name as written, when the list gives it in one cell'),
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
  matchedBy: z.enum(['model', 'reviewer', 'identifier', 'name']).nullable(),
  personExternalId: z.string().nullable(),
  releasedOn: z.string().nullable(),
  basis: z.enum(['judgment', 'charges']).nullable().describe("what decided political or common: an organisation's judgment, or the charges"),
  duplicateOfRow: z.number().nullable(),
  status: z.enum(PERSON_STATUSES).nullable().describe("a matched person's status on the period's last day (null: unmatched, or classed by the case)"),
  candidates: z.array(CandidateSchema),
});

export const ReportSchema = z.object({
  reconciliation: ReconciliationSchema,
  counts: CountsSchema,
  registrySize: z.number(),
  warnings: z.array(z.string()).describe('what makes the classification doubtful, e.g. matched persons without any history'),
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

export const DecisionInputSchema = z
  .object({
    entryId: z.uuid().optional(),
    listId: z.string().min(1).max(100).optional().describe("the entry by the list's own id, instead of entryId"),
    personId: z.uuid().optional(),
    personExternalId: z.string().min(1).max(100).optional().describe("the registry person by the organisation's own id, instead of personId"),
    match: z.boolean().describe('true: the entry is this person; false: it is not'),
    note: z.string().max(1000).optional(),
  })
  .refine((d) => (d.entryId === undefined) !== (d.listId === undefined), { message: 'give entryId or listId (one of them)', path: ['entryId'] })
  .refine((d) => (d.personId === undefined) !== (d.personExternalId === undefined), {
    message: 'give personId or personExternalId (one of them)',
    path: ['personId'],
  });

export const DecisionSchema = z.object({
  entryId: z.uuid(),
  personId: z.uuid(),
  match: z.boolean(),
  decidedBy: z.string(),
  note: z.string().nullable(),
  decidedAt: z.string(),
});
