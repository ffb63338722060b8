/**
 * What the public site's pages show, read from the store as the public may see it: persons who
 * consented to publication or to aggregate counting, no cell below 5. Shared by the server (which
 * renders the pages on each request, answers cached) and `recuento site export` (which writes
 * them as files). The pages themselves are src/site.
 */
import type { Kysely } from 'kysely';
import { seriesFromDays } from '../domain/registry/count-series.js';
import { carrySmallPeriods, poolSmallCells, SMALL_CELLS_LABEL, withholdSmallLevels } from '../domain/registry/small-cells.js';
import type { Consent } from '../domain/registry/vocabulary.js';
import type { ActCountDimension, PublicActCell } from '../domain/violations/counts.js';
import type { Claim, ShownCountRow } from '../shared/schemas.js';
import { listClaims } from '../store/claims.js';
import { countByStatus, countEventsOverTime, hasSyntheticPersons } from '../store/counts.js';
import type { Database } from '../store/schema.js';
import { readCheckpoint } from '../store/translog.js';
import { publicActCounts } from './acts.js';

type Db = Kysely<Database>;
/** Answers kept between requests (the server's answer cache); the export computes each once. */
export type Cached = <T>(key: string, compute: () => Promise<T>) => Promise<T>;
export const uncached: Cached = (_key, compute) => compute();

/** Who the public counts include. */
export const PUBLIC_CONSENT: readonly Consent[] = ['public', 'aggregate_only'];

/** What every page shows around its content. */
export type SiteFrame = { synthetic: boolean; checkpoint: { size: number; root: string; signedAt: string } | null };

export async function siteFrame(db: Db, cached: Cached): Promise<SiteFrame> {
  const [synthetic, checkpoint] = await Promise.all([cached('synthetic', () => hasSyntheticPersons(db)), readCheckpoint(db)]);
  return { synthetic, checkpoint: checkpoint && checkpoint.size > 0 ? { size: checkpoint.size, root: checkpoint.root, signedAt: checkpoint.signedAt } : null };
}

export type HomeData = {
  metric: string;
  claims: Claim[];
  /** The registry's own cumulative count of the metric, where it can count it (releases). */
  registry: { date: string; count: number }[];
  status: ShownCountRow[];
  acts: { by: ActCountDimension; cells: PublicActCell[]; persons: number | null };
};

export async function homeData(db: Db, cached: Cached, o: { metric: string; actsBy: ActCountDimension; today: string }): Promise<HomeData> {
  const consent = PUBLIC_CONSENT;
  const scope = { consent };
  const claims = await cached(`site:claims:${o.metric}`, () => listClaims(db, { metric: o.metric }));
  const status = await cached('counts:public,aggregate_only:status', () => countByStatus(db, scope));
  const acts = await cached(`acts:public:${o.actsBy}:${o.today}`, () => publicActCounts(db, { by: o.actsBy, asOf: o.today, consent }));
  let registry: { date: string; count: number }[] = [];
  const first = claims[0]?.asOf;
  const last = claims[claims.length - 1]?.asOf;
  if (o.metric === 'released' && first && last) {
    const days = await cached('counts:public,aggregate_only:days:releases', () =>
      countEventsOverTime(db, scope, { kinds: ['released', 'released_with_measures'], period: 'day' }),
    );
    let total = 0;
    registry = carrySmallPeriods(seriesFromDays(days, 'day', `${first.slice(0, 4)}-01-01`, last)).map((row) => {
      total += row.count;
      return { date: row.key ?? '', count: total };
    });
  }
  return {
    metric: o.metric,
    claims,
    registry,
    status: poolSmallCells(status, SMALL_CELLS_LABEL).map((row) => ({ ...row, levels: row.levels && withholdSmallLevels(row.levels) })),
    acts: { by: o.actsBy, ...acts },
  };
}
