/**
 * The counts every dashboard uses. `consent` limits which persons count: the public
 * sees persons who consented to publication or to aggregate counting, never private ones.
 */
import { type Kysely, sql } from 'kysely';
import { type Consent, type EventKind, VERIFICATION_LEVELS, type VerificationLevel } from '../domain/registry/vocabulary.js';
import type { CountRow } from '../shared/schemas.js';
import type { Database } from './schema.js';
import { eventTallies, personTallies, placeTallies } from './tallies.js';

type Db = Kysely<Database>;
export type CountScope = { consent?: readonly Consent[] | undefined };

/** Rows of (key, level, count) folded into one row per key with its counts by level. */
function byLevel(rows: readonly { key: string | null; label?: string | null; level: string | null; count: number | string }[]): CountRow[] {
  const out = new Map<string | null, CountRow & { levels: Record<VerificationLevel, number> }>();
  for (const row of rows) {
    let entry = out.get(row.key);
    if (!entry) {
      entry = {
        key: row.key,
        label: row.label ?? null,
        count: 0,
        levels: Object.fromEntries(VERIFICATION_LEVELS.map((l) => [l, 0])) as Record<VerificationLevel, number>,
      };
      out.set(row.key, entry);
    }
    const n = Number(row.count);
    entry.count += n;
    entry.levels[(row.level ?? 'reported') as VerificationLevel] += n;
  }
  return [...out.values()];
}

/**
 * Persons by current status, each count split by the verification level of the event that set
 * the status (a person with no such event counts as reported).
 */
export async function countByStatus(db: Db, scope: CountScope): Promise<CountRow[]> {
  const rows = await personTallies(db, 'status', scope.consent);
  return byLevel(rows).sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)));
}

/** Persons held now (detained), by the facility of their last event that names one (stored: place_facility_id), split by that event's level. */
export async function countByFacility(db: Db, scope: CountScope): Promise<CountRow[]> {
  const rows = await placeTallies(db, scope.consent);
  return byLevel(rows).sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)));
}

/** Events of the given kinds per month (yyyy-mm) or day (yyyy-mm-dd), optionally from a date. */
export async function countEventsOverTime(
  db: Db,
  scope: CountScope,
  options: { kinds: readonly EventKind[]; period: 'month' | 'day'; from?: string | undefined; to?: string | undefined },
): Promise<CountRow[]> {
  return byLevel(await eventTallies(db, { ...options, consent: scope.consent }));
}

/** Persons by occupation group, split by the level of the event that set each one's status. */
export async function countByOccupation(db: Db, scope: CountScope): Promise<CountRow[]> {
  const rows = await personTallies(db, 'occupation_group', scope.consent);
  return byLevel(rows).sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)));
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

/** The verification level of the event that set each person's status (reported when none changed it). */
export async function statusEventLevels(db: Db, personIds: readonly string[]): Promise<Map<string, VerificationLevel>> {
  if (personIds.length === 0) return new Map();
  // Result columns come back camel-cased (CamelCasePlugin).
  const result = await sql<{ personId: string; level: string | null }>`
    select p.id as person_id, p.status_level as level
    from persons p
    where p.id in (${sql.join([...personIds])})`.execute(db);
  return new Map(result.rows.map((r) => [r.personId, (r.level ?? 'reported') as VerificationLevel]));
}

/**
 * Every release and every detention or re-arrest of the persons counted, with the kinds of measure
 * each release imposed and the verification level of each event: what the re-arrest figures are
 * derived from (domain/conditions/rearrests.ts).
 */
export async function releaseAndArrestEvents(
  db: Db,
  scope: CountScope,
): Promise<{ id: string; personId: string; kind: EventKind; occurredOn: string; seq: number; measures: string[]; level: VerificationLevel }[]> {
  const consent = scope.consent ? sql`and p.consent in (${sql.join([...scope.consent])})` : sql``;
  const result = await sql<{ id: string; personId: string; kind: string; occurredOn: string; seq: string; measures: string[] | null; level: string | null }>`
    select e.id, e.person_id as "personId", e.kind, e.occurred_on::text as "occurredOn", e.seq,
      (select array_agg(distinct m.kind) from measures m where m.event_id = e.id) as measures, v.level
    from events e join persons p on p.id = e.person_id
    left join current_verification_levels v on v.subject_kind = 'event' and v.subject_id = e.id
    where e.kind in ('released', 'released_with_measures', 'detained', 're_arrested') ${consent}`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    kind: r.kind as EventKind,
    seq: Number(r.seq),
    measures: r.measures ?? [],
    level: (r.level ?? 'reported') as VerificationLevel,
  }));
}
