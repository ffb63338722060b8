import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNotes } from '../test/crypto.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { checkDerived } from '../usecases/check-derived.js';
import { finishBulkLoad, startBulkLoad } from './bulk-load.js';
import { countByStatus } from './counts.js';
import type { Store } from './database.js';
import { createEvent } from './events.js';
import * as bulkLoads023 from './migrations/023-bulk-loads.js';
import { createPerson, getPerson } from './persons.js';

async function expectDerivedEqual(store: Store, context: string) {
  const report = await checkDerived(store.db);
  expect(report.statusExamples, context).toEqual([]);
  expect(report.tallyDifferences, context).toEqual([]);
  expect(report.ok, context).toBe(true);
}

const bulkMarks = async (store: Store) =>
  (
    await sql<{ n: number }>`select (select count(*) from link_changes where person_id is null)
    + (select count(*) from fact_changes where person_id is null) as n`.execute(store.db)
  ).rows[0]!.n;

describe(`bulk loads on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('skip the deriving triggers in their own transaction, then derive what the triggers would have', async () => {
    const before = Number(await bulkMarks(store));
    const id = await store.db.transaction().execute(async (trx) => {
      await startBulkLoad(trx);
      const person = await createPerson(trx, buildPerson({ identifiers: [] }));
      await createEvent(trx, { personId: person.id, kind: 'detained', occurredOn: '2026-01-10', occurredOnPrecision: 'day' }, testNotes);
      await createEvent(trx, { personId: person.id, kind: 'released', occurredOn: '2026-01-20', occurredOnPrecision: 'day' }, testNotes);
      // not derived yet: the triggers were skipped
      expect((await getPerson(trx, person.id))?.status).toBe('unknown');
      await finishBulkLoad(trx);
      expect((await getPerson(trx, person.id))?.status).toBe('released');
      return person.id;
    });
    expect((await getPerson(store.db, id))?.status).toBe('released');
    // every table analyzed: the planner knows what was loaded (PGlite has no autovacuum to learn it later)
    const unanalyzed = await sql<{ name: string }>`select relname as name from pg_class
      where relkind = 'r' and relnamespace = current_schema()::regnamespace and reltuples < 0`.execute(store.db);
    expect(unanalyzed.rows).toEqual([]);
    expect((await countByStatus(store.db, {})).find((r) => r.key === 'released')?.count).toBe(1);
    // whoever keeps an index of the registry reads everyone again
    expect(Number(await bulkMarks(store))).toBe(before + 2);
    await expectDerivedEqual(store, 'after a bulk load');
    // and the next write, outside any bulk load, runs the triggers again
    await createEvent(store.db, { personId: id, kind: 'detained', occurredOn: '2026-02-01', occurredOnPrecision: 'day' }, testNotes);
    expect((await getPerson(store.db, id))?.status).toBe('detained');
    await expectDerivedEqual(store, 'after a write that followed it');
  });

  it('cannot commit without deriving, and leaves nothing behind', async () => {
    const persons = async () => Number((await sql<{ n: number }>`select count(*) as n from persons`.execute(store.db)).rows[0]!.n);
    const count = await persons();
    await expect(
      store.db.transaction().execute(async (trx) => {
        await startBulkLoad(trx);
        const person = await createPerson(trx, buildPerson({ identifiers: [] }));
        await createEvent(trx, { personId: person.id, kind: 'detained', occurredOn: '2026-01-10', occurredOnPrecision: 'day' }, testNotes);
      }),
    ).rejects.toThrow(/bulk load was not finished/);
    expect(await persons()).toBe(count);
    await expectDerivedEqual(store, 'after a refused commit');
  });

  it('are undone by the migration: every trigger as it was before', async () => {
    const definitions = async (db: Kysely<unknown>) =>
      (
        await sql<{ name: string; definition: string }>`select tgname as name, pg_get_triggerdef(oid) as definition from pg_trigger
          where not tgisinternal order by tgname`.execute(db)
      ).rows;
    const db = store.db as unknown as Kysely<unknown>;
    const guarded = await definitions(db);
    expect(guarded.filter((t) => t.definition.includes('recuento.bulk')).length).toBe(bulkLoads23Count());
    await db.transaction().execute(async (trx) => {
      await bulkLoads023.down(trx);
      const undone = await definitions(trx);
      expect(undone.some((t) => t.definition.includes('recuento.bulk'))).toBe(false);
      // the conditions a trigger had of its own are kept
      expect(undone.find((t) => t.name === 'persons_link_update')?.definition).toMatch(/WHEN \(\(\(old\.external_id/);
      await bulkLoads023.up(trx);
    });
    expect(await definitions(db)).toEqual(guarded);
  });
});

function bulkLoads23Count(): number {
  return bulkLoads023.SKIPPED_IN_BULK.reduce((n, [, names]) => n + names.length, 0);
}
