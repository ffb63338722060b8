/**
 * The zod schemas of the registry's records, shared by the server (validation and the
 * OpenAPI document), the CLI and the web client. Types are inferred beside each schema.
 */
import { z } from 'zod';
import { STOCK_METRICS } from '../domain/claims/gaps.js';
import { isIsoDate } from '../domain/registry/parse-date.js';
import {
  CLAIM_BASES,
  CLAIM_DATE_PRECISIONS,
  CLAIM_METRICS,
  CLAIM_QUALIFIERS,
  CLAIMANT_KINDS,
  CONSENT_LEVELS,
  DATE_PRECISIONS,
  EVENT_DATE_PRECISIONS,
  EVENT_KINDS,
  FACILITY_KINDS,
  FACILITY_STATUSES,
  IDENTIFIER_KINDS,
  MEASURE_KINDS,
  OCCUPATION_GROUPS,
  OFFENCE_CATEGORIES,
  PERSON_STATUSES,
  PROTEST_WAVES,
  SEXES,
  VERIFICATION_LEVELS,
  WEEKDAYS,
} from '../domain/registry/vocabulary.js';

export const IsoDateSchema = z.string().refine(isIsoDate, { message: 'expected a real date written yyyy-mm-dd' });
export const UuidSchema = z.uuid();
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish();

type WithoutDefault<S> = S extends z.ZodDefault<infer Inner> ? Inner : S;

/**
 * The body of a PATCH from an input schema: every field optional, and none takes its default. A
 * field not sent is left as it is (zod's own `.partial()` keeps the defaults, so a patch that names
 * one field would reset every defaulted one: identifiers, consent, charges, precisions…).
 */
export function patchOf<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([name, field]) => [name, z.optional(field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field)]),
  ) as { [K in keyof Shape]: z.ZodOptional<WithoutDefault<Shape[K]>> };
  return z.object(shape);
}

export const IdentifierSchema = z.object({
  kind: z.enum(IDENTIFIER_KINDS),
  value: text(40),
});
export type Identifier = z.infer<typeof IdentifierSchema>;

export const PersonInputSchema = z.object({
  externalId: optionalText(100),
  givenNames: text(200),
  firstSurname: text(100),
  secondSurname: optionalText(100),
  aliases: z.array(text(200)).max(20).default([]),
  identifiers: z.array(IdentifierSchema).max(10).default([]),
  nationality: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO 3166 two-letter country code')
    .nullish(),
  sex: z.enum(SEXES).default('unknown'),
  birthDate: IsoDateSchema.nullish(),
  birthDatePrecision: z.enum(DATE_PRECISIONS).nullish(),
  occupationGroup: z.enum(OCCUPATION_GROUPS).default('other'),
  consent: z.enum(CONSENT_LEVELS).default('private'),
});
export type PersonInput = z.input<typeof PersonInputSchema>;
export type PersonFields = z.output<typeof PersonInputSchema>;
export const PersonPatchSchema = patchOf(PersonInputSchema);

export const PersonSchema = PersonInputSchema.extend({
  id: UuidSchema,
  status: z.enum(PERSON_STATUSES),
  synthetic: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof PersonSchema>;

/** What the anonymous public may see of a person who consented to publication. */
export const PublicPersonSchema = PersonSchema.pick({
  id: true,
  givenNames: true,
  firstSurname: true,
  secondSurname: true,
  occupationGroup: true,
  status: true,
  synthetic: true,
});
export type PublicPerson = z.infer<typeof PublicPersonSchema>;

export const DetentionInputSchema = z.object({
  personId: UuidSchema,
  arrestedOn: IsoDateSchema.nullish(),
  arrestedOnPrecision: z.enum(DATE_PRECISIONS).default('day'),
  place: optionalText(200),
  agency: optionalText(40),
  facilityId: UuidSchema.nullish(),
  court: optionalText(200),
  caseNumber: optionalText(100),
  protestWave: z.enum(PROTEST_WAVES).nullish(),
  charges: z.array(text(60)).max(30).default([]),
});
export type DetentionInput = z.input<typeof DetentionInputSchema>;
export const DetentionSchema = DetentionInputSchema.extend({ id: UuidSchema });
export type Detention = z.infer<typeof DetentionSchema>;

export const EventInputSchema = z.object({
  personId: UuidSchema,
  detentionId: UuidSchema.nullish(),
  kind: z.enum(EVENT_KINDS),
  occurredOn: IsoDateSchema,
  occurredOnPrecision: z.enum(EVENT_DATE_PRECISIONS).default('day'),
  facilityId: UuidSchema.nullish(),
  court: optionalText(200),
  notes: optionalText(2000),
});
export type EventInput = z.input<typeof EventInputSchema>;
export const EventSchema = EventInputSchema.extend({ id: UuidSchema, seq: z.number().int() });
export type TimelineEvent = z.infer<typeof EventSchema>;

export const MeasureInputSchema = z
  .object({
    eventId: UuidSchema,
    kind: z.enum(MEASURE_KINDS),
    everyDays: z.number().int().min(1).max(365).nullish(),
    weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7).nullish().describe('reporting on named weekdays, instead of every N days'),
    court: optionalText(200),
    startsOn: IsoDateSchema,
    endsOn: IsoDateSchema.nullish().describe('the last day in force, when the court set one'),
    reviewOn: IsoDateSchema.nullish().describe('the date the court said it would review the measure'),
    notes: optionalText(2000),
  })
  .refine((m) => m.kind !== 'periodic_reporting' || m.everyDays != null || m.weekdays != null, {
    message: 'periodic reporting needs everyDays or weekdays',
    path: ['everyDays'],
  })
  .refine((m) => m.everyDays == null || m.weekdays == null, {
    message: 'a rule is every N days or on named weekdays, not both',
    path: ['weekdays'],
  })
  .refine((m) => m.endsOn == null || m.endsOn >= m.startsOn, {
    message: 'a measure cannot end before it starts',
    path: ['endsOn'],
  });
export type MeasureInput = z.input<typeof MeasureInputSchema>;
export const MeasureSchema = z.object({
  id: UuidSchema,
  eventId: UuidSchema,
  personId: UuidSchema,
  kind: z.enum(MEASURE_KINDS),
  everyDays: z.number().int().nullable(),
  weekdays: z.array(z.enum(WEEKDAYS)).nullable(),
  court: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  reviewOn: z.string().nullable(),
  notes: z.string().nullable(),
});
export type Measure = z.infer<typeof MeasureSchema>;

export const FacilityInputSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'expected a lower-case slug such as el-helicoide'),
  name: text(200),
  kind: z.enum(FACILITY_KINDS),
  agency: optionalText(40),
  state: optionalText(100),
  status: z.enum(FACILITY_STATUSES).default('open'),
  statusSince: IsoDateSchema.nullish(),
});
export type FacilityInput = z.input<typeof FacilityInputSchema>;
/** A change of a facility: only the fields sent (a patch without a status leaves it as it is). */
export const FacilityPatchSchema = patchOf(FacilityInputSchema);
export const FacilitySchema = FacilityInputSchema.extend({ id: UuidSchema });
export type Facility = z.infer<typeof FacilitySchema>;

export const OffenceSchema = z.object({
  code: z.string().regex(/^[a-z0-9_]{2,60}$/, 'expected a lower-case code such as traicion_patria'),
  labelEs: text(200),
  labelEn: text(200),
  legalCode: text(100),
  article: text(20),
  category: z.enum(OFFENCE_CATEGORIES),
});
export type Offence = z.infer<typeof OffenceSchema>;

export const SourceInputSchema = z.object({
  organisation: text(200),
  title: text(500),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullish(),
  publishedOn: IsoDateSchema.nullish(),
});
export type SourceInput = z.input<typeof SourceInputSchema>;
export const SourceSchema = SourceInputSchema.extend({ id: UuidSchema });
export type Source = z.infer<typeof SourceSchema>;

/** A source's support for one fact: exactly one subject is named. */
export const SourceLinkInputSchema = z
  .object({
    sourceId: UuidSchema,
    personId: UuidSchema.nullish(),
    detentionId: UuidSchema.nullish(),
    eventId: UuidSchema.nullish(),
    measureId: UuidSchema.nullish(),
    actId: UuidSchema.nullish().describe('an act suffered in custody (GET /api/persons/{id}/acts)'),
    level: z.enum(VERIFICATION_LEVELS).default('reported'),
    note: optionalText(2000),
  })
  .refine((l) => [l.personId, l.detentionId, l.eventId, l.measureId, l.actId].filter((v) => v != null).length === 1, {
    message: 'name exactly one of personId, detentionId, eventId, measureId, actId',
  });
export type SourceLinkInput = z.input<typeof SourceLinkInputSchema>;
export const SourceLinkSchema = z.object({
  id: UuidSchema,
  sourceId: UuidSchema,
  personId: UuidSchema.nullable(),
  detentionId: UuidSchema.nullable(),
  eventId: UuidSchema.nullable(),
  measureId: UuidSchema.nullable(),
  actId: UuidSchema.nullable(),
  level: z.enum(VERIFICATION_LEVELS),
  note: z.string().nullable(),
});
export type SourceLink = z.infer<typeof SourceLinkSchema>;

export const ClaimInputSchema = z
  .object({
    claimant: text(200),
    claimantKind: z.enum(CLAIMANT_KINDS),
    metric: z.enum(CLAIM_METRICS),
    qualifier: z.enum(CLAIM_QUALIFIERS),
    value: z.number().int().min(0),
    valueHigh: z.number().int().min(0).nullish(),
    asOf: IsoDateSchema,
    asOfPrecision: z.enum(CLAIM_DATE_PRECISIONS).default('day'),
    publishedOn: IsoDateSchema.nullish(),
    scope: text(500),
    countedFrom: IsoDateSchema.nullish().describe(
      'for a figure that accumulates (releases): the first day of the period it counts, when the claim says ("since 3 January" → 2026-01-03; "in January" → 2026-01-01); claims are compared only with claims counted from the same day',
    ),
    basis: z.enum(CLAIM_BASES).nullish().describe('what the figure counts under, when only part of the metric (amnesty_law: releases under the amnesty law)'),
    citation: text(500),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullish(),
  })
  .refine((c) => (c.qualifier === 'range') === (c.valueHigh != null), {
    message: 'a range needs valueHigh, and only a range has one',
    path: ['valueHigh'],
  })
  .refine((c) => c.valueHigh == null || c.valueHigh >= c.value, {
    message: 'valueHigh must not be below value',
    path: ['valueHigh'],
  })
  .refine((c) => c.countedFrom == null || c.countedFrom <= c.asOf, {
    message: 'a figure cannot count from a day after the one it is true on (asOf)',
    path: ['countedFrom'],
  })
  .refine((c) => c.countedFrom == null || !STOCK_METRICS.has(c.metric), {
    message: 'this metric counts persons in a situation on one day: it has no period to count from',
    path: ['countedFrom'],
  });
export type ClaimInput = z.input<typeof ClaimInputSchema>;
export const ClaimSchema = z.object({
  id: UuidSchema,
  claimant: z.string(),
  claimantKind: z.enum(CLAIMANT_KINDS),
  metric: z.enum(CLAIM_METRICS),
  qualifier: z.enum(CLAIM_QUALIFIERS),
  value: z.number().int(),
  valueHigh: z.number().int().nullable(),
  asOf: z.string(),
  asOfPrecision: z.enum(CLAIM_DATE_PRECISIONS),
  publishedOn: z.string().nullable(),
  scope: z.string(),
  countedFrom: z.string().nullable(),
  basis: z.enum(CLAIM_BASES).nullable(),
  citation: z.string(),
  url: z.string().nullable(),
});
export type Claim = z.infer<typeof ClaimSchema>;

/** One cell of a count: a key (status, facility, month or claimant) and its number. */
export const LevelCountsSchema = z
  .object({ reported: z.number().int(), corroborated: z.number().int(), verified: z.number().int(), disputed: z.number().int(), refuted: z.number().int() })
  .describe('how many of count stand at each verification level (of the event that set the status, or of the event counted)');
export const CountRowSchema = z.object({
  key: z.string().nullable(),
  label: z.string().nullable(),
  count: z.number().int(),
  levels: LevelCountsSchema.optional(),
});
export type CountRow = z.infer<typeof CountRowSchema>;

const ShownLevelCount = z.number().int().nullable().describe('null: fewer than 5, withheld from the public (small-cell suppression)');
/** A count row as served: for the public, small level counts are withheld (null). */
export const ShownCountRowSchema = CountRowSchema.extend({
  levels: z
    .object({ reported: ShownLevelCount, corroborated: ShownLevelCount, verified: ShownLevelCount, disputed: ShownLevelCount, refuted: ShownLevelCount })
    .optional(),
});
export type ShownCountRow = z.infer<typeof ShownCountRowSchema>;

/**
 * Sensitive fields of a person: sealed at rest with the person's own key, shown only to the roles
 * src/server/policies names per field, every read recorded in the audit trail.
 */
export const SENSITIVE_FIELDS = ['relatives', 'health', 'address', 'notes'] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];

export const RelativeSchema = z.object({
  name: z.string().trim().min(1).max(200),
  relation: z.string().trim().min(1).max(100).describe('mother, brother, partner, lawyer…'),
  phone: z.string().trim().max(50).optional(),
  email: z.string().trim().max(200).optional(),
  note: z.string().trim().max(1000).optional(),
});

export const SensitiveValuesSchema = z.object({
  relatives: z.array(RelativeSchema).max(30).optional().describe("relatives' and contacts' names and how to reach them"),
  health: z.string().trim().max(5000).optional().describe('conditions, treatment needed, denied care'),
  address: z.string().trim().max(1000).optional().describe('where the person or the family lives'),
  notes: z.string().trim().max(20000).optional().describe('free-text notes of the case'),
});
export type SensitiveValues = z.infer<typeof SensitiveValuesSchema>;

/** A change: a field given replaces it, null clears it, a field left out stays as it is. */
export const SensitivePatchSchema = z.object({
  relatives: z.array(RelativeSchema).max(30).nullable().optional(),
  health: z.string().trim().max(5000).nullable().optional(),
  address: z.string().trim().max(1000).nullable().optional(),
  notes: z.string().trim().max(20000).nullable().optional(),
});
export type SensitivePatch = z.infer<typeof SensitivePatchSchema>;

/** Who sends a report through the public form, in relation to the person detained. */
export const REPORT_RELATIONS = ['family', 'friend', 'lawyer', 'witness', 'self', 'other'] as const;

/** A report of a detention as the public form sends it; nothing in it is published. */
export const ReportInputSchema = z.object({
  name: text(200).describe('the person detained, as the reporter writes the name'),
  cedula: optionalText(20),
  arrestedOn: IsoDateSchema.nullish().describe('when they were detained, if known'),
  place: optionalText(200).describe('where: town, state'),
  agency: optionalText(40).describe('who detained them, as the reporter says'),
  facilityId: UuidSchema.nullish().describe('where they are held, if known'),
  account: optionalText(3000).describe('what happened, in the reporter’s words'),
  relation: z.enum(REPORT_RELATIONS),
  contact: optionalText(300).describe('how to reach the reporter: sealed, read only by staff who may'),
});
export type ReportInput = z.input<typeof ReportInputSchema>;
/** What is kept of a report as sent (the contact apart, sealed). */
export type ReportDetails = Omit<z.output<typeof ReportInputSchema>, 'contact'>;
