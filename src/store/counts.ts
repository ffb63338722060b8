/**
 * The counts every dashboard uses. `consent` limits which persons count: the public
 * sees persons who consented to publication or to aggregate counting, never private ones.
 */
import { type Kysely, sql } from 'kysely';
import type { Consent, EventKind } from '../domain/registry/vocabulary.js';
import type { CountRow } from '../shared/schemas.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
export type CountScope = { consent?: readonly Consent[] | undefined };

/** Persons by current status. */
export async function countByStatus(db: Db, scope: CountScope): Promise<CountRow[]> {
  const rows = await db
    .selectFrom('persons as p')
    .innerJoin('personStatus as s', 's.personId', 'p.id')
    .$if(scope.consent !== undefined, (q) => q.where('p.consent', 'in', [...scope.consent!]))
    .select(['s.status as key', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('s.status')
    .orderBy('count', 'desc')
    .execute();
  return rows.map((r) => ({ key: r.key, label: null, count: Number(r.count) }));
}

/** Persons held now (detained), by the facility of their last custody event. */
export async function countByFacility(db: Db, scope: CountScope): Promise<CountRow[]> {
  const consent = scope.consent ? sql`and p.consent in (${sql.join([...scope.consent])})` : sql``;
  const result = await sql<{ key: string | null; label: string | null; count: number }>`
    select f.code as key, f.name as label, count(*) as count
    from persons p
    join person_status s on s.person_id = p.id and s.status = 'detained'
    left join lateral (
      select e.facility_id from events e
      where e.person_id = p.id and e.facility_id is not null
      order by e.occurred_on desc, e.seq desc limit 1
    ) last_place on true
    left join facilities f on f.id = last_place.facility_id
    where true ${consent}
    group by f.code, f.name
    order by count desc`.execute(db);
  return result.rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Events of the given kinds per month (yyyy-mm) or day (yyyy-mm-dd), optionally from a date. */
export async function countEventsOverTime(
  db: Db,
  scope: CountScope,
  options: { kinds: readonly EventKind[]; period: 'month' | 'day'; from?: string | undefined; to?: string | undefined },
): Promise<CountRow[]> {
  const bucket = options.period === 'month' ? sql<string>`to_char(e.occurred_on, 'YYYY-MM')` : sql<string>`to_char(e.occurred_on, 'YYYY-MM-DD')`;
  const rows = await db
    .selectFrom('events as e')
    .innerJoin('persons as p', 'p.id', 'e.personId')
    .where('e.kind', 'in', [...options.kinds])
    .$if(scope.consent !== undefined, (q) => q.where('p.consent', 'in', [...scope.consent!]))
    .$if(options.from !== undefined, (q) => q.where('e.occurredOn', '>=', options.from!))
    .$if(options.to !== undefined, (q) => q.where('e.occurredOn', '<=', options.to!))
    .select([bucket.as('key'), (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({ key: r.key, label: null, count: Number(r.count) }));
}

/** Persons by occupation group. */
export async function countByOccupation(db: Db, scope: CountScope): Promise<CountRow[]> {
  const rows = await db
    .selectFrom('persons as p')
    .$if(scope.consent !== undefined, (q) => q.where('p.consent', 'in', [...scope.consent!]))
    .select(['p.occupationGroup as key', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('p.occupationGroup')
    .orderBy('count', 'desc')
    .execute();
  return rows.map((r) => ({ key: r.key, label: null, count: Number(r.count) }));
}

/** The latest claim of each claimant for a metric (the value they stand by now). */
export async function latestClaimByClaimant(db: Db, metric: string): Promise<CountRow[]> {
  const result = await sql<{ key: string; label: string; count: number }>`
    select distinct on (claimant) claimant as key, claimant_kind as label, value as count
    from claims where metric = ${metric}
    order by claimant, as_of desc, published_on desc nulls last`.execute(db);
  return result.rows.map((r) => ({ ...r, count: Number(r.count) })).sort((a, b) => b.count - a.count);
}

/** True when any synthetic (demo) person is in the registry: every count must say so. */
export async function hasSyntheticPersons(db: Db): Promise<boolean> {
  const row = await db.selectFrom('persons').select('id').where('synthetic', '=', true).limit(1).executeTakeFirst();
  return row !== undefined;
}
