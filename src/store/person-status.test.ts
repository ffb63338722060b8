import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../domain/demo/generate-persons.js';
import { deriveStatus } from '../domain/registry/derive-status.js';
import { EVENT_KINDS } from '../domain/registry/vocabulary.js';
import { testNotes } from '../test/crypto.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import type { Store } from './database.js';
import { createEvent, listTimeline } from './events.js';
import { createPerson, getPerson } from './persons.js';

// The database's person_status view and the domain's deriveStatus must never disagree:
// random timelines (with same-day ties) are written, then both are compared.
describe(`person_status view on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('agrees with deriveStatus on 150 random timelines', async () => {
    const random = createRandom(99);
    const dates = ['2024-01-01', '2024-06-01', '2025-01-01', '2025-01-01', '2026-01-15', '2026-03-01'];
    for (let i = 0; i < 150; i++) {
      const person = await createPerson(store.db, buildPerson({ identifiers: [] }));
      const length = random.int(0, 6);
      for (let j = 0; j < length; j++) {
        await createEvent(
          store.db,
          { personId: person.id, kind: random.pick(EVENT_KINDS), occurredOn: random.pick(dates), occurredOnPrecision: 'day' },
          testNotes,
        );
      }
      const timeline = await listTimeline(store.db, person.id, testNotes);
      const expected = deriveStatus(timeline.map((e) => ({ kind: e.kind, occurredOn: e.occurredOn, seq: e.seq })));
      expect((await getPerson(store.db, person.id))?.status, `timeline ${timeline.map((e) => `${e.occurredOn}:${e.kind}`).join(', ')}`).toBe(expected);
    }
  });

  it('has every event kind of the domain, with its effect', async () => {
    const rows = await sql<{ kind: string }>`select kind from event_kinds order by kind`.execute(store.db);
    expect(rows.rows.map((r) => r.kind)).toEqual([...EVENT_KINDS].sort());
  });
});
