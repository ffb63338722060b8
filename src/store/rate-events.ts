/** Hourly limits shared by every server on the database (migration 017). */
import { type Kysely, sql } from 'kysely';
import { inTransaction } from './in-transaction.js';
import type { Database } from './schema.js';

export type SlotLimits = { perKey: number; overall: number; windowMs: number };

/**
 * True, and counted, when `key` may act once more in `scope` now; false when that would pass
 * either limit. Serialized per scope (an advisory lock), so two servers cannot both admit the last.
 */
export async function takeSlot(db: Kysely<Database>, scope: string, key: string, limits: SlotLimits): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`rate:${scope}`}))`.execute(trx);
    const since = sql`now() - make_interval(secs => ${limits.windowMs / 1000})`;
    await sql`delete from rate_events where scope = ${scope} and at <= ${since}`.execute(trx);
    const counted = await sql<{ mine: number; all: number }>`
      select count(*) filter (where key = ${key}) as mine, count(*) as all
      from rate_events where scope = ${scope}`.execute(trx);
    const { mine, all } = counted.rows[0]!;
    if (Number(mine) >= limits.perKey || Number(all) >= limits.overall) return false;
    await sql`insert into rate_events (scope, key) values (${scope}, ${key})`.execute(trx);
    return true;
  });
}
