import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNotes } from '../test/crypto.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import type { Store } from './database.js';
import { createDetention } from './detentions.js';
import { createEvent } from './events.js';
import { facilityIdsByCode } from './facilities.js';
import { countMatchingPersons, createPerson, getPerson, listPersonPage, listPersons, updatePerson } from './persons.js';

describe(`persons store on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('stores a person with a normalised cédula and reads it back', async () => {
    const created = await createPerson(store.db, buildPerson({ identifiers: [{ kind: 'cedula_v', value: 'V-12.345.678' }] }));
    const read = await getPerson(store.db, created.id);
    expect(read?.identifiers).toEqual([{ kind: 'cedula_v', value: '12345678' }]);
    expect(read?.status).toBe('unknown');
    expect(read?.birthDate).toBe('1990-05-17');
  });

  it('refuses a cédula that already belongs to someone else, naming the conflict', async () => {
    await createPerson(store.db, buildPerson({ identifiers: [{ kind: 'cedula_v', value: '20111222' }] }));
    await expect(createPerson(store.db, buildPerson({ identifiers: [{ kind: 'cedula_v', value: 'V-20.111.222' }] }))).rejects.toMatchObject({
      code: 'conflict',
      publicMessage: 'This identifier already belongs to another person.',
    });
  });

  it('finds names regardless of accents and case', async () => {
    await createPerson(store.db, buildPerson({ givenNames: 'José Gregorio', firstSurname: 'Núñez', secondSurname: 'Añez' }));
    const page = await listPersons(store.db, { q: 'jose NUNEZ' }, 10, 0);
    expect(page.items.map((p) => p.firstSurname)).toContain('Núñez');
    expect(page.total).toBeGreaterThanOrEqual(1);
    const none = await listPersons(store.db, { q: 'nunez zzzz' }, 10, 0);
    expect(none.total).toBe(0);
  });

  it('gives a name search the same pages whether it reads its few matches whole or walks the registry for them', async () => {
    for (let i = 0; i < 12; i++) await createPerson(store.db, buildPerson({ givenNames: `Yorman ${i}`, firstSurname: 'Ochoa', secondSurname: 'Quintana' }));
    await createPerson(store.db, buildPerson({ givenNames: 'Yorman', firstSurname: 'Ochoa', secondSurname: 'Pérez' }));
    const filter = { q: 'ochoa quintana' };
    const total = await countMatchingPersons(store.db, filter);
    expect(total).toBe(12);
    for (const [offset, after] of [
      [0, undefined],
      [5, undefined],
      [0, 'use the fifth'],
    ] as const) {
      const cursor = after ? (await listPersonPage(store.db, filter, 5, 0))[4]!.id : undefined;
      const walked = await listPersonPage(store.db, filter, 5, offset, cursor);
      const read = await listPersonPage(store.db, filter, 5, offset, cursor, { matching: total });
      expect(read.map((p) => p.id)).toEqual(walked.map((p) => p.id));
      expect(read).toHaveLength(5);
      expect(read.every((p) => p.secondSurname === 'Quintana')).toBe(true);
    }
  });

  it('derives status from the timeline and filters by it', async () => {
    const person = await createPerson(store.db, buildPerson({ firstSurname: 'Timeline' }));
    const facilities = await facilityIdsByCode(store.db);
    const detention = await createDetention(store.db, {
      personId: person.id,
      arrestedOn: '2024-08-01',
      arrestedOnPrecision: 'day',
      agency: 'SEBIN',
      facilityId: facilities.get('el-helicoide')!,
      protestWave: '2024',
      charges: ['terrorismo', 'incitacion_odio'],
    });
    await createEvent(
      store.db,
      { personId: person.id, detentionId: detention.id, kind: 'detained', occurredOn: '2024-08-01', occurredOnPrecision: 'day' },
      testNotes,
    );
    expect((await getPerson(store.db, person.id))?.status).toBe('detained');
    const detained = await listPersons(store.db, { status: 'detained', protestWave: '2024', facilityId: facilities.get('el-helicoide')! }, 50, 0);
    expect(detained.items.map((p) => p.id)).toContain(person.id);

    await createEvent(store.db, { personId: person.id, kind: 'released_with_measures', occurredOn: '2026-01-20', occurredOnPrecision: 'day' }, testNotes);
    await createEvent(store.db, { personId: person.id, kind: 'amnestied', occurredOn: '2026-03-01', occurredOnPrecision: 'day' }, testNotes);
    expect((await getPerson(store.db, person.id))?.status).toBe('released');
    const stillDetained = await listPersons(store.db, { status: 'detained' }, 50, 0);
    expect(stillDetained.items.map((p) => p.id)).not.toContain(person.id);
  });

  it('updates fields without touching the others', async () => {
    const person = await createPerson(store.db, buildPerson({ occupationGroup: 'student' }));
    const updated = await updatePerson(store.db, person.id, { occupationGroup: 'journalist' });
    expect(updated.occupationGroup).toBe('journalist');
    expect(updated.givenNames).toBe(person.givenNames);
    expect(updated.identifiers).toEqual(person.identifiers);
  });

  it('lets exactly one of two edits based on the same version land; the other is refused whole', async () => {
    const person = await createPerson(store.db, buildPerson({ secondSurname: 'Primera', occupationGroup: 'student' }));
    const version = person.updatedAt;
    const results = await Promise.allSettled([
      updatePerson(store.db, person.id, { secondSurname: 'Ana' }, version),
      updatePerson(store.db, person.id, { occupationGroup: 'journalist', secondSurname: 'Beto' }, version),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'stale_version' });
    const stored = (await getPerson(store.db, person.id))!;
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<typeof person>).value;
    expect(stored).toEqual(winner); // nothing of the refused edit was written
    expect(new Date(stored.updatedAt).getTime()).toBeGreaterThan(new Date(version).getTime());

    // Versions move forward even for edits in the same millisecond, so each names one state
    const a = await updatePerson(store.db, person.id, { aliases: ['A'] });
    const b = await updatePerson(store.db, person.id, { aliases: ['B'] });
    expect(new Date(b.updatedAt).getTime()).toBeGreaterThan(new Date(a.updatedAt).getTime());
    await expect(updatePerson(store.db, person.id, { aliases: ['C'] }, new Date(a.updatedAt).toISOString())).rejects.toMatchObject({ code: 'stale_version' });
    expect((await updatePerson(store.db, person.id, { aliases: ['C'] }, new Date(b.updatedAt).toISOString())).aliases).toEqual(['C']);
  });

  it('rejects a charge missing from the offence thesaurus', async () => {
    const person = await createPerson(store.db, buildPerson());
    await expect(createDetention(store.db, { personId: person.id, arrestedOnPrecision: 'day', charges: ['no_such_offence'] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
