import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../domain/demo/generate-persons.js';
import { RegistryIndex } from '../domain/linkage/registry-index.js';
import { REGISTRY_LINK_SETTINGS } from '../domain/linkage/registry-settings.js';
import type { Store } from '../store/database.js';
import { createDetention } from '../store/detentions.js';
import { dumpDatabase, restoreDatabase } from '../store/dump.js';
import { createEvent } from '../store/events.js';
import { mergePersons, unmergePersons } from '../store/merge-persons.js';
import { createPerson, updatePerson } from '../store/persons.js';
import { loadRegistryFacts, loadRegistryTable, pruneChangeLogs, readLinkChanges } from '../store/reconciliations.js';
import { testNotes } from '../test/crypto.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { registryFacts, registryLinkIndex } from './registry-link-index.js';

const GIVEN = ['María José', 'Luis', 'Yusmary', 'José Gregorio', 'Ana'];
const SURNAMES = ['Pérez', 'González', 'Rodríguez', 'Chacón', 'Urdaneta', 'Graterol'];

// The index a server keeps between reconciliations must hold exactly the registry as it is now,
// whoever changed it and however: it is compared, record by record, with one built afresh.
describe(`the registry's linkage index on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  async function expectCurrent(context: string, on = store): Promise<number> {
    const { index, stamp } = await registryLinkIndex(on.db);
    const fresh = new RegistryIndex(REGISTRY_LINK_SETTINGS);
    fresh.put(await loadRegistryTable(on.db));
    expect(index.size, context).toBe(fresh.size);
    expect(new Map(index.living()), context).toEqual(new Map(fresh.living()));
    return stamp;
  }

  it('follows edits, cédulas, merges, deletions and plain SQL, and reads only what changed', async () => {
    const random = createRandom(5);
    const person = () => buildPerson({ givenNames: random.pick(GIVEN), firstSurname: random.pick(SURNAMES), secondSurname: random.pick(SURNAMES) });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await createPerson(store.db, person())).id);
    const first = await expectCurrent('persons created');
    expect((await registryLinkIndex(store.db)).stamp, 'nothing changed').toBe(first);
    // a timeline's change is no linkage change
    await createEvent(store.db, { personId: ids[0]!, kind: 'detained', occurredOn: '2025-01-01', occurredOnPrecision: 'day' }, testNotes);
    await updatePerson(store.db, ids[1]!, { occupationGroup: 'journalist' });
    expect((await registryLinkIndex(store.db)).stamp, 'status and occupation only').toBe(first);

    await updatePerson(store.db, ids[2]!, { firstSurname: 'Quintero' });
    await updatePerson(store.db, ids[3]!, { birthDate: '1984-01-01', birthDatePrecision: 'year' });
    const edited = await expectCurrent('names and birth date edited');
    expect(edited).not.toBe(first);
    await updatePerson(store.db, ids[4]!, { identifiers: [{ kind: 'cedula_v', value: '12345678' }] });
    await updatePerson(store.db, ids[5]!, { identifiers: [] });
    await expectCurrent('cédulas replaced and removed');
    await sql`update person_identifiers set value = '7654321' where person_id = ${ids[6]!}`.execute(store.db);
    await sql`update persons set second_surname = 'Escalona' where id = ${ids[7]!}`.execute(store.db);
    await expectCurrent('changed by plain SQL');
    const merge = await mergePersons(store.db, { keepId: ids[8]!, mergeId: ids[9]!, mergedBy: 'test', force: true });
    await expectCurrent('two persons merged');
    await unmergePersons(store.db, merge.id);
    await expectCurrent('the merge undone');
    await sql`delete from persons where id = ${ids[10]!}`.execute(store.db);
    await expectCurrent('a person deleted');
  });

  it('says a bulk write and pruned changes mean reading everyone, and names single changes', async () => {
    const before = await readLinkChanges(store.db, null);
    expect(before.everyone).toBe(true);
    const one = await createPerson(store.db, buildPerson());
    const single = await readLinkChanges(store.db, before.horizon);
    expect(single.everyone).toBe(false);
    // (a transaction still open elsewhere on the server holds the horizon back: earlier changes may come again)
    expect(single.table.ids).toContain(one.id);
    // an import's batch, a restore: more than a thousand persons in one statement
    await sql`insert into persons (id, external_id, given_names, first_surname, consent, name_search)
      select gen_random_uuid(), 'BULK-' || i, 'Ana', 'Lugo', 'public', 'ana lugo' from generate_series(1, 1500) i`.execute(store.db);
    const bulk = await readLinkChanges(store.db, single.horizon);
    expect(bulk.everyone).toBe(true);
    expect(bulk.table.ids).toContain(one.id);
    await expectCurrent('after a bulk write');
    // changes older than a day are pruned: a reader from before them reads everyone
    const horizon = bulk.horizon;
    await updatePerson(store.db, one.id, { givenNames: 'Anabel' });
    await sql`update link_changes set changed_at = now() - interval '2 days'`.execute(store.db);
    await pruneChangeLogs(store.db);
    expect((await sql<{ n: number }>`select count(*)::int as n from link_changes`.execute(store.db)).rows[0]!.n).toBe(0);
    expect((await readLinkChanges(store.db, horizon)).everyone).toBe(true);
    await expectCurrent('after pruning');
  });

  it("keeps persons' case facts between reports, and reads again whoever's facts changed", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = await createPerson(store.db, buildPerson());
      ids.push(p.id);
      await createEvent(store.db, { personId: p.id, kind: 'detained', occurredOn: '2024-03-01', occurredOnPrecision: 'day' }, testNotes);
    }
    const expectFresh = async (context: string) => expect(await registryFacts(store.db, ids), context).toEqual(await loadRegistryFacts(store.db, ids));
    await expectFresh('first read');
    await createEvent(store.db, { personId: ids[0]!, kind: 'released', occurredOn: '2025-01-10', occurredOnPrecision: 'day' }, testNotes);
    await expectFresh('an event added');
    const facility = (await sql<{ id: string }>`select id from facilities order by code limit 1`.execute(store.db)).rows[0]!.id;
    const detention = await createDetention(store.db, {
      personId: ids[1]!,
      arrestedOn: '2024-02-28',
      arrestedOnPrecision: 'day',
      facilityId: facility,
      charges: [],
    });
    await expectFresh('a detention added');
    const offence = (await sql<{ code: string }>`select code from offences where category = 'political' order by code limit 1`.execute(store.db)).rows[0]!.code;
    await sql`insert into detention_charges (detention_id, offence_code) values (${detention.id}, ${offence})`.execute(store.db);
    await expectFresh('a charge added');
    await sql`update facilities set name = name || ' (antes)' where id = ${facility}`.execute(store.db);
    await expectFresh('the facility renamed');
    await sql`update events set occurred_on = '2023-12-01' where person_id = ${ids[2]!}`.execute(store.db);
    await sql`delete from events where person_id = ${ids[3]!}`.execute(store.db);
    await expectFresh('events moved and deleted by plain SQL');
    await sql`update offences set category = case when category = 'political' then 'common' else 'political' end where code = ${offence}`.execute(store.db);
    await sql`insert into detention_charges (detention_id, offence_code) select id, ${offence} from detentions where person_id = ${ids[4]!}`.execute(store.db);
    await expectFresh('a charge added');
    await sql`update offences set category = 'political' where code = ${offence}`.execute(store.db);
    await expectFresh("the offence's category changed");
    await sql`delete from detentions where id = ${detention.id}`.execute(store.db);
    await expectFresh('the detention deleted with its charges');
  });

  it('follows a restore, which empties the tables before writing them again', async () => {
    // a small registry: its restore writes no statement of more than a thousand rows
    const small = await openTestStore();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const p = await createPerson(small.db, buildPerson({ givenNames: GIVEN[i % GIVEN.length]! }));
        ids.push(p.id);
        await createEvent(small.db, { personId: p.id, kind: 'detained', occurredOn: '2024-03-01', occurredOnPrecision: 'day' }, testNotes);
      }
      const lines: string[] = [];
      await dumpDatabase(small.db, 'schema-x', (line) => {
        lines.push(line);
      });
      await expectCurrent('before', small);
      await registryFacts(small.db, ids);
      // after the backup: a name and a timeline changed, a person added — the restore takes them back
      await updatePerson(small.db, ids[0]!, { givenNames: 'Renombrada' });
      await createEvent(small.db, { personId: ids[1]!, kind: 'released', occurredOn: '2026-02-01', occurredOnPrecision: 'day' }, testNotes);
      await createPerson(small.db, buildPerson({ givenNames: 'Después' }));
      await expectCurrent('changed after the backup', small);
      await registryFacts(small.db, ids);
      async function* linesOf() {
        yield* lines;
      }
      await restoreDatabase(small.db, linesOf(), { schema: 'schema-x', force: true });
      await expectCurrent('restored', small);
      expect(await registryFacts(small.db, ids)).toEqual(await loadRegistryFacts(small.db, ids));
    } finally {
      await small.close();
    }
  });

  it.skipIf(TEST_DATABASE_KIND !== 'postgres')('reads a change again while an old transaction holds the horizon back, and keeps its stamp', async () => {
    const person = await createPerson(store.db, buildPerson({ givenNames: 'Antes' }));
    await expectCurrent('the person written');
    let end!: () => void;
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    let opened!: () => void;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    // an old transaction with an id (a long backup, an import elsewhere), open all along
    const old = store.db.transaction().execute(async (trx) => {
      await sql`select pg_current_xact_id()`.execute(trx);
      opened();
      await ended;
    });
    await open;
    try {
      await updatePerson(store.db, person.id, { givenNames: 'Después' });
      await sql`insert into persons (id, external_id, given_names, first_surname, consent, name_search)
        select gen_random_uuid(), 'AGAIN-' || i, 'Ana', 'Lugo', 'public', 'ana lugo' from generate_series(1, 1200) i`.execute(store.db);
      const stamp = await expectCurrent('a change and a bulk write');
      // read again from a horizon the old transaction holds back: the same changes, nothing new
      expect(await expectCurrent('the same changes read again')).toBe(stamp);
      expect(await expectCurrent('and again')).toBe(stamp);
    } finally {
      end();
      await old;
    }
  });

  it.skipIf(TEST_DATABASE_KIND !== 'postgres')('never misses a change whose transaction commits after a reading began', async () => {
    const person = await createPerson(store.db, buildPerson({ givenNames: 'Before' }));
    await expectCurrent('the person written');
    let commit!: () => void;
    const held = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let written!: () => void;
    const inside = new Promise<void>((resolve) => {
      written = resolve;
    });
    const slow = store.db.transaction().execute(async (trx) => {
      await sql`update persons set given_names = 'After' where id = ${person.id}`.execute(trx);
      written();
      await held;
    });
    await inside;
    // another writer, begun later, commits first: a reading now must still wait for the first
    await createPerson(store.db, buildPerson({ givenNames: 'Meanwhile' }));
    // read while the first writer is open (its change not yet visible), then after it commits
    await expectCurrent('a writer still open');
    commit();
    await slow;
    await expectCurrent('the late commit');
  });
});
