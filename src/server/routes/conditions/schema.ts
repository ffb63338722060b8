/** Response schemas of the conditions, re-arrest and facility-history API (staff and public shapes). */
import { z } from 'zod';
import { MEASURE_KINDS } from '../../../domain/registry/vocabulary.js';

const day = z.string().describe('yyyy-mm-dd');
/** A public number: null when withheld (from 1 to 4). */
const count = z.number().int().nullable();
const SmallCellsSchema = z.object({ minimum: z.number().int(), rule: z.string() }).nullable().describe('null for staff, who see exact numbers');

export const DueListSchema = z.object({
  from: day,
  to: day,
  court: z.string().nullable(),
  asOf: day,
  total: z.number().int(),
  entries: z.array(
    z.object({
      measureId: z.uuid(),
      personId: z.uuid(),
      personName: z.string(),
      on: day,
      court: z.string().nullable(),
      state: z.enum(['met', 'missed', 'pending']),
      presentedOn: day.nullable(),
    }),
  ),
});

export const OverdueListSchema = z.object({
  asOf: day,
  court: z.string().nullable(),
  total: z.number().int(),
  entries: z.array(
    z.object({
      measureId: z.uuid(),
      personId: z.uuid(),
      personName: z.string(),
      court: z.string().nullable(),
      missedSince: day.nullable().describe('the first due date missed since the last presentation'),
      missed: z.number().int().describe('due dates missed in all'),
      lastPresentation: day.nullable(),
      next: day.nullable(),
      overdue: z.boolean(),
      violated: z.boolean(),
      breaches: z.array(z.object({ on: day, kind: z.string() })),
    }),
  ),
});

export const UnderListSchema = z.object({
  on: day,
  kind: z.enum(MEASURE_KINDS).nullable(),
  total: z.number().int(),
  entries: z.array(z.object({ personId: z.uuid(), personName: z.string(), kinds: z.array(z.enum(MEASURE_KINDS)), since: day })),
});

export const ConditionCountsSchema = z.object({
  from: day,
  to: day,
  smallCells: SmallCellsSchema,
  months: z.array(
    z.object({
      month: z.string(),
      underByKind: z.record(z.string(), count).describe('persons under each kind of measure on the last day of the month (today for this month)'),
      underAny: count,
      due: count.describe('presentations that fell due in the month'),
      missed: count,
    }),
  ),
  dueByCourtAndWeek: z
    .array(z.object({ court: z.string().nullable(), week: day, due: z.number().int(), persons: z.number().int() }))
    .describe('staff: the next four weeks, per court; empty for the public'),
  dueByWeek: z
    .array(z.object({ week: day, due: count }))
    .optional()
    .describe('public: the next four weeks, all courts together'),
  timeUnderMeasures: z
    .array(z.object({ key: z.string(), persons: count }))
    .describe('persons under any measure today, by the days they have spent under measures in all'),
});

const RateSchema = z.object({ window: z.number().int(), releases: count, rearrested: count, rate: z.number().nullable() });
const GroupSchema = z.object({ key: z.string(), rates: z.array(RateSchema) });

export const RearrestSchema = z.object({
  asOf: day,
  definition: z.object({ es: z.string(), en: z.string() }),
  releases: count,
  rearrests: count,
  rearrestLevels: z.record(z.string(), count).describe('re-arrests counted, by the verification level of the re-arrest event'),
  overall: z.array(RateSchema),
  byWave: z.array(GroupSchema),
  byMeasure: z.array(GroupSchema),
  delay: z.object({
    rearrests: count,
    buckets: z.array(z.object({ key: z.string(), count })),
    quartiles: z.object({ q1: z.number(), median: z.number(), q3: z.number() }).nullable(),
  }),
  smallCells: SmallCellsSchema,
});

const ChangeSchema = z.object({
  on: day,
  kind: z.string(),
  rule: z.union([z.object({ everyDays: z.number().int() }), z.object({ weekdays: z.array(z.string()).readonly() })]).optional(),
  court: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
});

export const ScheduleSchema = z.object({
  measureId: z.uuid(),
  personId: z.uuid(),
  kind: z.enum(MEASURE_KINDS),
  startsOn: day,
  reviewOn: day.nullable(),
  end: z.object({ on: day, by: z.string(), eventId: z.string().nullable() }).nullable().describe('the first day no longer in force, and why'),
  history: z.array(ChangeSchema),
  reporting: z
    .object({
      periods: z.array(z.object({ from: day, to: day.nullable(), rule: ChangeSchema.shape.rule, court: z.string().nullable() })),
      dues: z.array(
        z.object({
          on: day,
          court: z.string().nullable(),
          state: z.enum(['met', 'missed', 'pending']),
          presentation: z.object({ on: day, court: z.string().nullable(), source: z.string().nullable() }).nullable(),
          atOtherCourt: z.boolean(),
        }),
      ),
      next: z.object({ on: day, court: z.string().nullable() }).nullable(),
      overdue: z.boolean(),
      missed: z.number().int(),
      violated: z.boolean(),
      breaches: z.array(z.object({ on: day, what: z.string(), source: z.string().nullable() })),
      ended: z.object({ on: day, kind: z.string() }).nullable(),
    })
    .nullable(),
});

export const PopulationSchema = z.object({
  facility: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  from: day,
  to: day,
  step: z.enum(['day', 'month']),
  points: z.array(z.object({ period: z.string(), held: count, entered: count, left: count })),
  smallCells: SmallCellsSchema,
});

const Place = z.object({ code: z.string(), name: z.string() });
export const ClosureSchema = z.object({
  facility: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  history: z.array(z.object({ on: day, status: z.string(), citation: z.string().nullable(), url: z.string().nullable() })),
  announcedOn: day,
  closedOn: day.nullable(),
  asOf: day,
  total: count,
  counts: z.union([z.record(z.string(), z.number().int()), z.array(z.object({ outcome: z.string().nullable(), count: z.number().int() }))]),
  persons: z
    .array(
      z.object({
        person: z.object({ id: z.uuid(), name: z.string(), consent: z.string(), externalId: z.string().nullable() }),
        outcome: z.string(),
        path: z.array(Place),
        heldAt: Place.nullable(),
        heldSince: day,
        leftOn: day.nullable(),
        lastEvent: z.object({
          kind: z.string(),
          occurredOn: day,
          facility: z.string().nullable(),
          sources: z.array(z.object({ organisation: z.string(), title: z.string(), url: z.string().nullable(), publishedOn: z.string().nullable() })),
        }),
      }),
    )
    .optional()
    .describe('staff only'),
  smallCells: SmallCellsSchema,
});

export const EpisodesSchema = z.object({
  personId: z.uuid(),
  episodes: z.array(z.object({ takenOn: day, takenBy: z.string(), releasedOn: day.nullable(), releasedBy: z.string().nullable(), rearrest: z.boolean() })),
  releases: z.array(
    z.object({
      on: day,
      kind: z.string(),
      wave: z.string(),
      measures: z.array(z.string()).readonly(),
      rearrestedOn: day.nullable(),
      daysToRearrest: z.number().int().nullable(),
    }),
  ),
});
