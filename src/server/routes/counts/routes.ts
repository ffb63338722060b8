/**
 * The counts endpoint every dashboard uses. Public counts include persons who consented
 * to publication or to aggregate counting; staff counts include everyone.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLAIM_METRICS, CONSENT_LEVELS } from '../../../domain/registry/vocabulary.js';
import { CountRowSchema, IsoDateSchema } from '../../../shared/schemas.js';
import { countByFacility, countByOccupation, countByStatus, countEventsOverTime, hasSyntheticPersons, latestClaimByClaimant } from '../../../store/counts.js';
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

export async function registerCountRoutes(app: FastifyInstance, { store, answers }: RouteDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/counts',
    {
      config: { policy: 'counts.read' },
      schema: {
        summary: 'Counts by status, facility (held now), month or day (events), occupation group, or claimant (latest claim per party)',
        tags: ['counts'],
        querystring: CountsQuerySchema,
        response: {
          200: z.object({ by: z.string(), counted: z.array(z.enum(CONSENT_LEVELS)), includesSynthetic: z.boolean(), rows: z.array(CountRowSchema) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { by, event, metric, from, to } = request.query;
      const consent = countedPersonConsent(request.actor);
      const scope = { consent };
      const key = `counts:${(consent ?? ['all']).join(',')}:${by}:${event}:${metric}:${from ?? ''}:${to ?? ''}`;
      return answers.get(key, async () => {
        const rows =
          by === 'status'
            ? await countByStatus(store.db, scope)
            : by === 'facility'
              ? await countByFacility(store.db, scope)
              : by === 'occupation'
                ? await countByOccupation(store.db, scope)
                : by === 'claimant'
                  ? await latestClaimByClaimant(store.db, metric)
                  : await countEventsOverTime(store.db, scope, { kinds: EVENT_GROUPS[event], period: by, from, to });
        return { by, counted: [...(consent ?? CONSENT_LEVELS)], includesSynthetic: await hasSyntheticPersons(store.db), rows };
      });
    },
  );
}
