import { z } from 'zod';
import { CONSENT_LEVELS, OCCUPATION_GROUPS, PERSON_STATUSES, PROTEST_WAVES, VERIFICATION_LEVELS } from '../../../domain/registry/vocabulary.js';
import {
  DetentionSchema,
  EventSchema,
  IsoDateSchema,
  MeasureSchema,
  PersonSchema,
  PublicPersonSchema,
  SourceLinkSchema,
  SourceSchema,
} from '../../../shared/schemas.js';
import { PaginationSchema } from '../common.js';

/** Filters that carry no personal data, so they may appear in a URL. */
export const PersonFilterSchema = z.object({
  status: z.enum(PERSON_STATUSES).optional(),
  facilityId: z.uuid().optional(),
  occupationGroup: z.enum(OCCUPATION_GROUPS).optional(),
  protestWave: z.enum(PROTEST_WAVES).optional(),
  arrestedFrom: IsoDateSchema.optional(),
  arrestedTo: IsoDateSchema.optional(),
  /** The verification level of the event that set the current status (reported when none did). */
  level: z.enum(VERIFICATION_LEVELS).optional(),
  /** Staff only (as the level): the public sees consented persons only. */
  consent: z.enum(CONSENT_LEVELS).optional(),
});

/**
 * Keyset paging: the page that follows the person named (a page's `next`). Deep pages cost what the
 * first one does, where an offset reads every row it skips; `offset` still counts from there.
 */
const KeysetSchema = z.object({
  after: z.uuid().optional().describe("a page's `next`: the list continues after that person"),
});

export const ListPersonsQuerySchema = PersonFilterSchema.extend(PaginationSchema.shape).extend(KeysetSchema.shape);

/** Name search goes in a POST body: a name must never appear in a URL or an access log. */
export const SearchPersonsBodySchema = PersonFilterSchema.extend(PaginationSchema.shape)
  .extend(KeysetSchema.shape)
  .extend({
    q: z.string().trim().min(1).max(200),
  });

export const PersonViewSchema = z.union([PersonSchema, PublicPersonSchema]);

/** A row of a list: for staff, the person and the level of the event that set their status. */
export const PersonListItemSchema = z.union([PersonSchema.extend({ statusLevel: z.enum(VERIFICATION_LEVELS) }), PublicPersonSchema]);

export const PersonPageSchema = z.object({
  items: z.array(PersonListItemSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** What to send as `after` for the page that follows; null on the last page. */
  next: z.uuid().nullable().describe('send as `after` for the page that follows; null on the last page'),
});

export const PersonRecordSchema = z.object({
  person: PersonViewSchema,
  detentions: z.array(DetentionSchema.partial()),
  timeline: z.array(EventSchema.partial().extend({ measures: z.array(MeasureSchema.partial()) })),
  sources: z.array(SourceLinkSchema.extend({ source: SourceSchema })).optional(),
});
