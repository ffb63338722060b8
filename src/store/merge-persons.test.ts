import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.js';
import { testNotes } from '../test/crypto.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import type { Store } from './database.js';
import { createDetention, listDetentionsOfPerson } from './detentions.js';
import { createEvent, listTimeline } from './events.js';
import { listMerges, mergePersons, unmergePersons } from './merge-persons.js';
import { createPerson, getPerson } from './persons.js';
import { createSource, createSourceLink, listSourceLinksOfPerson } from './sources.js';

describe(`merging duplicate registry records on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  async function recordWithHistory(fields: Parameters<typeof buildPerson>[0], arrested: string) {
    const person = await createPerson(store.db, buildPerson(fields));
    const detention = await createDetention(store.db, { personId: person.id, arrestedOn: arrested, arrestedOnPrecision: 'day', charges: ['incitacion_odio'] });
    await createEvent(
      store.db,
      { personId: person.id, detentionId: detention.id, kind: 'detained', occurredOn: arrested, occurredOnPrecision: 'day' },
      testNotes,
    );
    const source = await createSource(store.db, { organisation: 'Foro Penal', title: `report ${arrested}`, url: null, publishedOn: null });
    await createSourceLink(store.db, {
      sourceId: source.id,
      personId: person.id,
      detentionId: null,
      eventId: null,
      measureId: null,
      level: 'reported',
      note: null,
    });
    return person;
  }

  it('keeps every identifier, detention, event and source of both records, and undoes exactly', async () => {
    const kept = await recordWithHistory(
      { givenNames: 'José Gregorio', firstSurname: 'Núñez', secondSurname: 'Añez', identifiers: [{ kind: 'cedula_v', value: '12345678' }] },
      '2024-08-02',
    );
    const dup = await recordWithHistory(
      { givenNames: 'Pepe', firstSurname: 'Nuñez', secondSurname: null, identifiers: [{ kind: 'passport', value: 'C1234567' }] },
      '2024-08-03',
    );
    const before = {
      kept: await getPerson(store.db, kept.id),
      dup: await getPerson(store.db, dup.id),
      dupTimeline: await listTimeline(store.db, dup.id, testNotes),
    };

    const merge = await mergePersons(store.db, { keepId: kept.id, mergeId: dup.id, mergedBy: 'test' });
    expect(await getPerson(store.db, dup.id)).toBeUndefined();
    const merged = (await getPerson(store.db, kept.id))!;
    expect(merged.identifiers.map((i) => i.kind).sort()).toEqual(['cedula_v', 'passport']);
    expect(merged.aliases).toContain('Pepe Nuñez');
    expect(await listDetentionsOfPerson(store.db, kept.id)).toHaveLength(2);
    expect(await listTimeline(store.db, kept.id, testNotes)).toHaveLength(2);
    expect(await listSourceLinksOfPerson(store.db, kept.id)).toHaveLength(2);
    expect((await listMerges(store.db, kept.id)).map((m) => m.id)).toEqual([merge.id]);

    await unmergePersons(store.db, merge.id);
    expect(await getPerson(store.db, kept.id)).toEqual({ ...before.kept, updatedAt: expect.any(String) });
    expect(await getPerson(store.db, dup.id)).toEqual(before.dup);
    expect(await listTimeline(store.db, dup.id, testNotes)).toEqual(before.dupTimeline);
    expect(await listDetentionsOfPerson(store.db, kept.id)).toHaveLength(1);
    expect(await listSourceLinksOfPerson(store.db, dup.id)).toHaveLength(1);
    expect(await listMerges(store.db, kept.id)).toEqual([]);
  });

  it('refuses to merge two records with different cédulas, unless forced', async () => {
    const a = await createPerson(store.db, buildPerson({ identifiers: [{ kind: 'cedula_v', value: '20111222' }] }));
    const b = await createPerson(store.db, buildPerson({ identifiers: [{ kind: 'cedula_v', value: '20111223' }] }));
    const error = await mergePersons(store.db, { keepId: a.id, mergeId: b.id, mergedBy: 'test' }).catch((e: unknown) => e);
    expect(isAppError(error, 'conflict')).toBe(true);
    expect(await getPerson(store.db, b.id)).toBeDefined();
    await mergePersons(store.db, { keepId: a.id, mergeId: b.id, mergedBy: 'test', force: true });
    expect((await getPerson(store.db, a.id))!.identifiers.map((i) => i.value).sort()).toEqual(['20111222', '20111223']);
  });
});
