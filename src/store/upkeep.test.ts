import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPersons } from '../domain/demo/generate-persons.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import type { Store } from './database.js';
import { insertDemoPersons } from './seed-demo.js';
import { tablesDueForUpkeep, upkeepEmbedded } from './upkeep.js';

const personsKnown = async (store: Store) =>
  Number((await sql<{ n: number }>`select reltuples::int as n from pg_class where oid = 'persons'::regclass`.execute(store.db)).rows[0]!.n);

describe(`the embedded database's upkeep on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it.runIf(TEST_DATABASE_KIND === 'pglite')('analyzes the tables a registry grew into, once, and again only when they have grown by a fifth', async () => {
    await insertDemoPersons(store.db, generateDemoPersons(600, 7, 1));
    // written row by row, as the screens write: the planner still thinks the tables empty
    expect(await personsKnown(store)).toBeLessThanOrEqual(0);
    const due = await tablesDueForUpkeep(store.db);
    expect(due).toEqual(expect.arrayContaining(['persons', 'events', 'detentions']));
    expect(await upkeepEmbedded(store)).toEqual(due);
    expect(await personsKnown(store)).toBe(600);
    // nothing grew since: nothing to do
    expect(await upkeepEmbedded(store)).toEqual([]);
    // a few more persons are not worth another pass; a fifth more are
    await insertDemoPersons(store.db, generateDemoPersons(20, 7, 601));
    expect(await tablesDueForUpkeep(store.db)).not.toContain('persons');
    await insertDemoPersons(store.db, generateDemoPersons(600, 7, 621));
    expect(await upkeepEmbedded(store)).toContain('persons');
    expect(await personsKnown(store)).toBe(1220);
  });

  it.runIf(TEST_DATABASE_KIND === 'postgres')('leaves a PostgreSQL server to its autovacuum', async () => {
    await insertDemoPersons(store.db, generateDemoPersons(100, 7, 1));
    expect(await upkeepEmbedded(store)).toEqual([]);
  });
});
