import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../domain/demo/generate-persons.js';
import { populationSeries, staysOf } from '../domain/facilities/stays.js';
import { EVENT_KINDS } from '../domain/registry/vocabulary.js';
import { testNotes } from '../test/crypto.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import type { Store } from './database.js';
import { createEvent, listTimeline } from './events.js';
import { facilityIdsByCode, staySpansAt } from './facilities.js';
import { createPerson } from './persons.js';

// The stays the database computes for a facility's population and the domain's staysOf must never
// disagree: random timelines (same-day ties, transfers back and forth, places not recorded) are
// written, then the population of each facility is compared day by day.
describe(`stays at a facility on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('the database and staysOf give the same population on 120 random timelines', async () => {
    const random = createRandom(7);
    const ids = await facilityIdsByCode(store.db);
    const places = [ids.get('el-helicoide')!, ids.get('rodeo-i')!, null];
    const dates = ['2025-01-01', '2025-01-01', '2025-02-10', '2025-03-01', '2025-03-02', '2025-06-30'];
    const timelines = [];
    for (let i = 0; i < 120; i++) {
      const person = await createPerson(store.db, buildPerson({ identifiers: [] }));
      for (let j = random.int(0, 6); j > 0; j--) {
        const kind = random.chance(0.6) ? random.pick(['detained', 'transferred', 're_arrested'] as const) : random.pick(EVENT_KINDS);
        await createEvent(
          store.db,
          { personId: person.id, kind, occurredOn: random.pick(dates), occurredOnPrecision: 'day', facilityId: random.pick(places) },
          testNotes,
        );
      }
      timelines.push(await listTimeline(store.db, person.id, testNotes));
    }
    for (const facility of places.slice(0, 2) as string[]) {
      const fromDomain = timelines.flatMap((timeline) =>
        staysOf(
          timeline.map((e) => ({ id: e.id, person: e.personId, kind: e.kind, occurredOn: e.occurredOn, seq: e.seq, facility: e.facilityId ?? null })),
        ).filter((stay) => stay.facility === facility),
      );
      const fromDatabase = await staySpansAt(store.db, facility);
      const days = (spans: typeof fromDatabase) => populationSeries(spans, '2024-12-31', '2025-07-02', 'day');
      expect(days(fromDatabase)).toEqual(days(fromDomain));
      expect(days(fromDomain).some((point) => point.held > 0)).toBe(true);
    }
  });
});
