/** Acts in custody as the API takes and gives them. The sealed parts leave only through /testimony. */
import { z } from 'zod';
import { DATE_PRECISIONS, VERIFICATION_LEVELS } from '../../../domain/registry/vocabulary.js';
import { ACT_COUNT_DIMENSIONS } from '../../../domain/violations/counts.js';
import { ACCOUNT_GIVERS, ACT_KIND_CODES } from '../../../domain/violations/vocabulary.js';
import { IsoDateSchema } from '../../../shared/schemas.js';

const nullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v === '' ? null : v));

export const ActInputSchema = z.strictObject({
  kind: z.enum(ACT_KIND_CODES).describe('GET /api/acts/kinds lists the vocabulary with definitions'),
  from: IsoDateSchema.nullish().describe('when it began (none for incommunicado and enforced disappearance: the timeline gives their period)'),
  fromPrecision: z.enum(DATE_PRECISIONS).optional(),
  to: IsoDateSchema.nullish().describe('when it ended (none: a single day, or not known)'),
  toPrecision: z.enum(DATE_PRECISIONS).optional(),
  facilityId: z.uuid().nullish().describe('where it happened'),
  agency: nullableText(100).describe('the responsible agency as reported (SEBIN, DGCIM…): never a person’s name'),
  unit: nullableText(200).describe('the unit as reported (staff only; never published)'),
  accountBy: z.enum(ACCOUNT_GIVERS).nullish().describe('who gave the account'),
  account: nullableText(20000).describe('the account in the words of whoever gave it: sealed with the person’s key'),
  namedPerpetrators: nullableText(2000).describe('individuals the account names as responsible: sealed, never counted or published'),
});
export const ActCreateSchema = ActInputSchema.extend({
  sourceId: z.uuid().nullish().describe('a source that reports the act (it counts towards its verification level)'),
  externalId: nullableText(200).describe("the organisation's own id for the act"),
});
export const ActPatchSchema = ActInputSchema.partial();

const StretchSchema = z.object({
  kind: z.enum(['incommunicado', 'enforced_disappearance']),
  from: z.string(),
  locatedOn: z.string().nullable(),
  days: z.number().int(),
  ongoing: z.boolean(),
  approximate: z.boolean(),
  startedBy: z.string(),
  locatedBy: z.string().nullable(),
});

export const ActSchema = z.object({
  id: z.uuid(),
  detentionId: z.uuid(),
  personId: z.uuid(),
  kind: z.enum(ACT_KIND_CODES),
  fromOn: z.string().nullable(),
  fromPrecision: z.enum(DATE_PRECISIONS),
  toOn: z.string().nullable(),
  toPrecision: z.enum(DATE_PRECISIONS),
  facilityId: z.string().nullable(),
  facilityName: z.string().nullable(),
  agency: z.string().nullable(),
  unit: z.string().nullable(),
  accountBy: z.enum(ACCOUNT_GIVERS).nullable(),
  hasAccount: z.boolean().describe('an account is recorded (read it at /api/acts/{id}/testimony, if your role may)'),
  hasNamedPerpetrators: z.boolean(),
  level: z.enum(VERIFICATION_LEVELS),
  evidence: z.number().int(),
  sources: z.number().int(),
  recordedAt: z.string(),
  updatedAt: z.string(),
});

export const CaseActsSchema = z.array(
  z.object({
    detentionId: z.uuid(),
    arrestedOn: z.string().nullable(),
    charges: z
      .array(z.object({ code: z.string(), label: z.object({ es: z.string(), en: z.string() }) }))
      .describe('what the person is accused of (the amnesty engine reads these)'),
    acts: z
      .array(ActSchema.extend({ fromTimeline: StretchSchema.nullable() }))
      .describe('what was done to the person in custody (the amnesty engine never reads these)'),
    unrecordedStretches: z.array(StretchSchema).describe('incommunicado or disappearance the timeline shows, with no act recorded yet'),
  }),
);

export const TestimonySchema = z.object({
  accountBy: z.enum(ACCOUNT_GIVERS).nullable(),
  account: z.string().nullable(),
  namedPerpetrators: z.string().nullable(),
  erasedAt: z.string().nullable().describe("when the person's key was erased (nothing sealed can be read since)"),
});

export const ActCountsQuerySchema = z.object({
  by: z.enum(ACT_COUNT_DIMENSIONS).default('kind'),
  asOf: IsoDateSchema.optional().describe('ongoing incommunicado and disappearance counted to this day (default: today)'),
});

const LevelsSchema = z.object(
  Object.fromEntries(VERIFICATION_LEVELS.map((l) => [l, z.number().int().nullable()])) as Record<
    (typeof VERIFICATION_LEVELS)[number],
    z.ZodNullable<z.ZodNumber>
  >,
);

export const ActCountsSchema = z.object({
  by: z.enum(ACT_COUNT_DIMENSIONS),
  asOf: z.string(),
  definition: z.object({ es: z.string(), en: z.string() }),
  smallCells: z.object({ minimum: z.number(), rule: z.string() }).nullable().describe('null: exact counts (staff)'),
  cells: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      persons: z.number().int().describe('persons who suffered such an act (each once per row)'),
      acts: z.number().int().optional().describe('acts (staff only)'),
      levels: LevelsSchema.describe('persons by the level of their best-verified act in the row (null: withheld, fewer than 5)'),
    }),
  ),
  persons: z.number().int().nullable().optional().describe('distinct persons in all rows (null: fewer than 5)'),
  acts: z.number().int().optional(),
  refuted: z.number().int().optional().describe('acts refuted by verification, left out of the counts (staff only)'),
});

export const ActKindsSchema = z.array(
  z.object({
    code: z.enum(ACT_KIND_CODES),
    label: z.object({ es: z.string(), en: z.string() }),
    definition: z.object({ es: z.string(), en: z.string() }),
    source: z.string(),
    derivedFromTimeline: z.boolean(),
  }),
);
