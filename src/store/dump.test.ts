import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoActs } from '../domain/demo/demo-acts.js';
import { generateDemoPersons } from '../domain/demo/generate-persons.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { createAccount } from './accounts.js';
import { createClaims } from './claims.js';
import type { Store } from './database.js';
import { openStore } from './database.js';
import { dumpDatabase, restoreDatabase, tableDigests } from './dump.js';
import { migrateToLatest } from './migrate.js';
import { countMatchingPersons } from './persons.js';
import { insertDemoPersons } from './seed-demo.js';

async function* linesOf(lines: string[]) {
  yield* lines;
}

describe(`backup and restore on ${TEST_DATABASE_KIND}`, () => {
  let source: Store;
  let target: Store;
  let lines: string[];
  beforeAll(async () => {
    source = await openTestStore();
    target = await openTestStore();
    // with acts in custody, one recorded by a named account (accounts must be restored before them)
    await insertDemoPersons(
      source.db,
      generateDemoPersons(120, 3).map((person) => ({ ...person, acts: demoActs(person, '2026-06-01') })),
    );
    const account = await createAccount(source.db, { name: 'documentalista', role: 'documenter' });
    const act = await source.db.selectFrom('acts').select('id').limit(1).executeTakeFirstOrThrow();
    await source.db.updateTable('acts').set({ recordedBy: account.id }).where('id', '=', act.id).execute();
    await createClaims(source.db, [
      {
        claimant: 'Foro Penal',
        claimantKind: 'ngo',
        metric: 'released',
        qualifier: 'at_least',
        value: 302,
        valueHigh: null,
        asOf: '2026-01-29',
        asOfPrecision: 'day',
        publishedOn: '2026-01-30',
        scope: 'test',
        citation: 'test citation',
        countedFrom: '2026-01-01',
        basis: null,
        url: null,
      },
    ]);
    lines = [];
    await dumpDatabase(source.db, 'schema-x', (line) => {
      lines.push(line);
    });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('restores every row, verified table by table', async () => {
    const report = await restoreDatabase(target.db, linesOf(lines), { schema: 'schema-x' });
    expect(report.tables.persons?.rows).toBe(120);
    expect(await tableDigests(target.db)).toEqual(await tableDigests(source.db));
    expect(await countMatchingPersons(target.db, {})).toBe(120);
    // the indexes set aside during the load are all back, as they were (a name search uses one)
    const indexes = async (store: Store) =>
      (
        await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition from pg_indexes
        where schemaname = current_schema() order by 1`.execute(store.db)
      ).rows;
    expect(await indexes(target)).toEqual(await indexes(source));
    expect((await indexes(target)).some((i) => i.name === 'persons_name_search_trgm')).toBe(true);
    // and so are the foreign keys set aside during the load (each checked every row as it came back)
    const keys = async (store: Store) =>
      (
        await sql<{ name: string; definition: string }>`select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
        where contype = 'f' and connamespace = current_schema()::regnamespace order by 1`.execute(store.db)
      ).rows;
    expect(await keys(target)).toEqual(await keys(source));
    expect((await keys(target)).length).toBeGreaterThan(10);
    // and the persons' table keeps its usual page fill (the restore leaves room only while it writes)
    const options = await sql<{ options: string[] | null }>`select reloptions as options from pg_class where oid = 'persons'::regclass`.execute(target.db);
    expect(options.rows[0]?.options ?? null).toBeNull();
  });

  it('moves an embedded database to this one without loss (same digests on PGlite and here)', async () => {
    const embedded = await openStore({ dataDir: 'memory://' });
    await migrateToLatest(embedded.db);
    try {
      await restoreDatabase(embedded.db, linesOf(lines), { schema: 'schema-x' });
      expect(await tableDigests(embedded.db)).toEqual(await tableDigests(source.db));
    } finally {
      await embedded.close();
    }
  });

  it('refuses to overwrite a database that holds persons unless forced', async () => {
    await expect(restoreDatabase(target.db, linesOf(lines), { schema: 'schema-x' })).rejects.toMatchObject({ code: 'conflict' });
    await restoreDatabase(target.db, linesOf(lines), { schema: 'schema-x', force: true });
    expect(await countMatchingPersons(target.db, {})).toBe(120);
  });

  it('rejects a damaged backup and leaves the database as it was', async () => {
    const before = await tableDigests(target.db);
    const personLine = lines.findIndex((l) => l.includes('"given_names"'));
    const tampered = [...lines];
    tampered[personLine] = tampered[personLine]!.replace(/"given_names":"[^"]*"/, '"given_names":"Changed"');
    await expect(restoreDatabase(target.db, linesOf(tampered), { schema: 'schema-x', force: true })).rejects.toMatchObject({
      code: 'validation_failed',
      publicMessage: expect.stringContaining('does not match its checksum'),
    });
    const truncated = lines.slice(0, Math.floor(lines.length / 2));
    await expect(restoreDatabase(target.db, linesOf(truncated), { schema: 'schema-x', force: true })).rejects.toMatchObject({
      publicMessage: expect.stringContaining('truncated'),
    });
    await expect(restoreDatabase(target.db, linesOf(lines), { schema: 'other-schema', force: true })).rejects.toMatchObject({ code: 'validation_failed' });
    // a file whose checksums agree with its rows, but whose event belongs to no person in it
    const forged = [...lines];
    const eventsAt = forged.indexOf(JSON.stringify({ table: 'events' }));
    forged[eventsAt + 1] = forged[eventsAt + 1]!.replace(/"person_id":"[^"]*"/, '"person_id":"00000000-0000-7000-8000-000000000000"');
    const endAt = forged.findIndex((l) => l.startsWith('{"end":"events"'));
    const hash = createHash('sha256');
    for (const row of forged.slice(eventsAt + 1, endAt)) hash.update(`${row}\n`);
    forged[endAt] = JSON.stringify({ ...JSON.parse(forged[endAt]!), sha256: hash.digest('hex') });
    await expect(restoreDatabase(target.db, linesOf(forged), { schema: 'schema-x', force: true })).rejects.toMatchObject({
      code: 'validation_failed',
      publicMessage: expect.stringMatching(/table events references a row that is not in it .*Nothing was restored/),
    });
    expect(await tableDigests(target.db)).toEqual(before);
  });
});
