/** A demo seeding large enough to be a bulk load ends as the triggers would have left it. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_WRITE } from '../store/bulk-load.js';
import type { Store } from '../store/database.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { checkDerived } from '../usecases/check-derived.js';
import { seedDemoPersons } from './demo.js';

/** Every index and foreign key of the schema, as the database defines them. */
const indexes = async (store: Store) =>
  (
    await sql<{ definition: string }>`select indexdef as definition from pg_indexes where schemaname = current_schema()
      union all select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where contype = 'f' and connamespace = current_schema()::regnamespace
      order by 1`.execute(store.db)
  ).rows.map((r) => r.definition);

describe(`a large demo seeding on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('writes every person, derives every status and tally, and leaves every index and foreign key as it was', async () => {
    const before = await indexes(store);
    expect(await seedDemoPersons(store, 12, 3, '2026-06-01')).toBe(12); // a few, written with the triggers
    expect(await seedDemoPersons(store, LARGE_WRITE, 3, '2026-06-01')).toBe(LARGE_WRITE); // a bulk load
    const counted = await sql<{ n: number }>`select count(*)::int as n from persons where synthetic`.execute(store.db);
    expect(counted.rows[0]!.n).toBe(LARGE_WRITE + 12);
    const report = await checkDerived(store.db);
    expect(report.statusExamples).toEqual([]);
    expect(report.tallyDifferences).toEqual([]);
    expect(report.ok).toBe(true);
    expect(await indexes(store)).toEqual(before);
    // the statuses are the timelines': a demo registry holds the detained and the released
    const statuses = await sql<{ status: string }>`select distinct status from persons order by 1`.execute(store.db);
    expect(statuses.rows.map((r) => r.status)).toEqual(expect.arrayContaining(['detained', 'released_with_measures']));
  }, 120_000);
});
