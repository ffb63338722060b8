/**
 * The counts endpoint every dashboard uses. Public counts include persons who consented
 * to publication or to aggregate counting, with no cell small enough to point at someone
 * (domain/registry/small-cells.ts); staff counts include everyone, exactly.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { seriesFromDays } from '../../../domain/registry/count-series.js';
import {
  carrySmallPeriods,
  MIN_PUBLIC_CELL,
  poolSmallCells,
  SMALL_CELLS_KEY,
  SMALL_CELLS_LABEL,
  withholdSmallLevels,
} from '../../../domain/registry/small-cells.js';
import { CLAIM_METRICS, CONSENT_LEVELS } from '../../../domain/registry/vocabulary.js';
import { IsoDateSchema, type ShownCountRow, ShownCountRowSchema } from '../../../shared/schemas.js';
import { countByFacility, countByOccupation, countByStatus, countEventsOverTime, hasSyntheticPersons, latestClaimByClaimant } from '../../../store/counts.js';
import { sendCachedJson } from '../../answer-cache.js';
import type { RouteDeps } from '../../app.js';
import { countedPersonConsent } from '../../policies/index.js';
import { ERROR_RESPONSES } from '../common.js';

/** Event groups that can be counted over time. */
const EVENT_GROUPS = {
  releases: ['released', 'released_with_measures'],
  detentions: ['detained', 're_arrested'],
  re_arrests: ['re_arrested'],
  disappearances: ['whereabouts_unknown'],
} as const;

export const CountsQuerySchema = z.object({
  by: z.enum(['status', 'facility', 'month', 'day', 'occupation', 'claimant']),
  event: z.enum(Object.keys(EVENT_GROUPS) as [keyof typeof EVENT_GROUPS]).default('releases'),
  metric: z.enum(CLAIM_METRICS).default('released'),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
});

const CountsResponseSchema = z.object({
  by: z.string(),
  counted: z.array(z.enum(CONSENT_LEVELS)),
  includesSynthetic: z.boolean(),
  rows: z.array(ShownCountRowSchema),
  smallCells: z
    .object({ minimum: z.number().int(), key: z.string() })
    .nullable()
    .describe(
      'public counts: no row below the minimum — small categories pooled under key, small periods carried into the next (docs/SECURITY.md); null for staff',
    ),
});

export async function registerCountRoutes(app: FastifyInstance, { store, answers }: RouteDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/counts',
    {
      config: { policy: 'counts.read', expensive: true },
      schema: {
        summary: 'Counts by status, facility (held now), month or day (events), occupation group, or claimant (latest claim per party)',
        tags: ['counts'],
        querystring: CountsQuerySchema,
        response: {
          200: CountsResponseSchema,
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      if (request.actor?.kind === 'public') {
        return sendCachedJson(answers, reply, `counts:${JSON.stringify(request.query)}`, CountsResponseSchema, () => counts(request));
      }
      return counts(request);
    },
  );

  async function counts(request: FastifyRequest<{ Querystring: z.infer<typeof CountsQuerySchema> }>): Promise<z.infer<typeof CountsResponseSchema>> {
    {
      const { by, event, metric, from, to } = request.query;
      const consent = countedPersonConsent(request.actor);
      const scope = { consent };
      // one cached answer per question, whatever the dates: a period is cut from the series by day
      const asked = `counts:${(consent ?? ['all']).join(',')}`;
      const rows =
        by === 'month' || by === 'day'
          ? seriesFromDays(
              await answers.get(`${asked}:days:${event}`, () => countEventsOverTime(store.db, scope, { kinds: EVENT_GROUPS[event], period: 'day' })),
              by,
              from,
              to,
            )
          : await answers.get(`${asked}:${by}${by === 'claimant' ? `:${metric}` : ''}`, () =>
              by === 'status'
                ? countByStatus(store.db, scope)
                : by === 'facility'
                  ? countByFacility(store.db, scope)
                  : by === 'occupation'
                    ? countByOccupation(store.db, scope)
                    : latestClaimByClaimant(store.db, metric),
            );
      const shown: ShownCountRow[] =
        consent === undefined || by === 'claimant'
          ? rows
          : (by === 'month' || by === 'day' ? carrySmallPeriods(rows) : poolSmallCells(rows, SMALL_CELLS_LABEL)).map((row) => ({
              ...row,
              levels: row.levels && withholdSmallLevels(row.levels),
            }));
      return {
        by,
        counted: [...(consent ?? CONSENT_LEVELS)],
        includesSynthetic: await answers.get('synthetic', () => hasSyntheticPersons(store.db)),
        rows: shown,
        smallCells: consent === undefined || by === 'claimant' ? null : { minimum: MIN_PUBLIC_CELL, key: SMALL_CELLS_KEY },
      };
    }
  }
}
