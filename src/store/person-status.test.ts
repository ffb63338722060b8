import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../domain/demo/generate-persons.js';
import { deriveStatus } from '../domain/registry/derive-status.js';
import { EVENT_KINDS } from '../domain/registry/vocabulary.js';
import { testNotes } from '../test/crypto.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { checkDerived } from '../usecases/check-derived.js';
import { countByFacility, countByStatus } from './counts.js';
import type { Store } from './database.js';
import { dumpDatabase, restoreDatabase } from './dump.js';
import { createEvent, listTimeline, updateEvent } from './events.js';
import { mergePersons, unmergePersons } from './merge-persons.js';
import { createPerson, getPerson, listPersonPage } from './persons.js';
import { compactTallies } from './tallies.js';
import { newTimeOrderedId } from './time-ordered-id.js';

const DATES = ['2024-01-01', '2024-06-01', '2025-01-01', '2025-01-01', '2026-01-15', '2026-03-01'];

/** Every person's stored status (and the event that set it) against the SQL fold and the domain's. */
async function expectStoredEqualsDerived(store: Store, context: string) {
  const report = await checkDerived(store.db);
  expect(report.statusExamples, context).toEqual([]);
  expect(report.statusDifferences, context).toBe(0);
  // the counts kept per status, level, occupation and facility equal a recount
  expect(report.tallyDifferences, context).toEqual([]);
  return report;
}

// The status kept on each person's row (by triggers), the SQL fold and the domain's deriveStatus
// must never disagree: random timelines (with same-day ties) are written, edited, moved, merged,
// restored and written concurrently, and the three compared after each.
describe(`stored person status on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('agrees with deriveStatus on 150 random timelines', async () => {
    const random = createRandom(99);
    const dates = DATES;
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

  it('stays equal when events are corrected, deleted and moved, by the store or by plain SQL', async () => {
    const random = createRandom(7);
    const events = await sql<{ id: string; personId: string }>`select id, person_id from events order by id`.execute(store.db);
    const personIds = [...new Set(events.rows.map((e) => e.personId))];
    for (let i = 0; i < 120; i++) {
      const event = random.pick(events.rows);
      const roll = random.int(0, 3);
      if (roll === 0) await updateEvent(store.db, event.id, { kind: random.pick(EVENT_KINDS), occurredOn: random.pick(DATES) }, testNotes).catch(() => {});
      else if (roll === 1) await sql`delete from events where id = ${event.id}`.execute(store.db);
      else if (roll === 2) await sql`update events set person_id = ${random.pick(personIds)} where id = ${event.id}`.execute(store.db);
      else await sql`update events set occurred_on = ${random.pick(DATES)}::date where person_id = ${event.personId}`.execute(store.db);
    }
    // several persons' events in one statement
    await sql`update events set kind = 'released' where id in (select id from events order by id desc limit 25)`.execute(store.db);
    await expectStoredEqualsDerived(store, 'after edits');
    // the list's status filter reads the stored status
    const detained = await listPersonPage(store.db, { status: 'detained' }, 500, 0);
    for (const p of detained) {
      const timeline = await listTimeline(store.db, p.id, testNotes);
      expect(deriveStatus(timeline.map((e) => ({ kind: e.kind, occurredOn: e.occurredOn, seq: e.seq })))).toBe('detained');
    }
  });

  it('follows the level of the event that set the status, and the list filters by it', async () => {
    const setters = await sql<{ personId: string; statusEventId: string }>`
      select id as person_id, status_event_id from persons where status_event_id is not null order by id limit 12`.execute(store.db);
    expect(setters.rows.length).toBe(12);
    const level = async (subjectId: string, value: string) =>
      sql`insert into verification_levels (id, subject_kind, subject_id, level, independent_sources, cause)
        values (${newTimeOrderedId()}, 'event', ${subjectId}, ${value}, 1, 'review')`.execute(store.db);
    for (const [i, row] of setters.rows.entries()) {
      await level(row.statusEventId, 'corroborated');
      if (i % 2 === 0) await level(row.statusEventId, 'verified');
    }
    const verified = await listPersonPage(store.db, { level: 'verified' }, 500, 0);
    expect(verified.map((p) => p.id).sort()).toEqual(
      setters.rows
        .filter((_, i) => i % 2 === 0)
        .map((r) => r.personId)
        .sort(),
    );
    // a later event that sets the status has no level yet: the person is back to reported
    const first = setters.rows[0]!;
    await createEvent(store.db, { personId: first.personId, kind: 'detained', occurredOn: '2027-01-01', occurredOnPrecision: 'day' }, testNotes);
    const after = await sql<{ level: string }>`select status_level as level from persons where id = ${first.personId}`.execute(store.db);
    expect(after.rows[0]?.level).toBe('reported');
    await expectStoredEqualsDerived(store, 'after levels');
  });

  it('stays equal through merges and their undoing', async () => {
    const random = createRandom(11);
    const withEvents = await sql<{ personId: string }>`select distinct person_id from events order by 1 limit 40`.execute(store.db);
    const ids = withEvents.rows.map((r) => r.personId);
    const merges: string[] = [];
    for (let i = 0; i + 1 < ids.length; i += 2) {
      const merge = await mergePersons(store.db, { keepId: ids[i]!, mergeId: ids[i + 1]!, mergedBy: 'test', force: true });
      merges.push(merge.id);
    }
    await expectStoredEqualsDerived(store, 'after merges');
    for (const id of merges.filter(() => random.int(0, 1) === 1)) await unmergePersons(store.db, id);
    await expectStoredEqualsDerived(store, 'after unmerges');
  });

  it('is recomputed on restore from the timelines, never read from the backup', async () => {
    const lines: string[] = [];
    await dumpDatabase(store.db, 'schema-x', (line) => {
      lines.push(line);
    });
    expect(lines.some((l) => l.includes('"status_event_id"'))).toBe(false);
    const persons = lines.filter((l) => l.includes('"given_names"'));
    expect(persons.length).toBeGreaterThan(100);
    expect(persons.some((l) => /"status":/.test(l))).toBe(false);
    const target = await openTestStore();
    try {
      async function* linesOf() {
        yield* lines;
      }
      await restoreDatabase(target.db, linesOf(), { schema: 'schema-x' });
      const report = await expectStoredEqualsDerived(target, 'after restore');
      expect(report.persons).toBe(persons.length);
      const statuses = async (s: Store) => (await sql<{ id: string; status: string }>`select id, status from persons order by id`.execute(s.db)).rows;
      expect(await statuses(target)).toEqual(await statuses(store));
    } finally {
      await target.close();
    }
  });

  // Two writers add events to one person at once, each in its own transaction: the one that waits
  // must read the other's event once it commits. Without the lock taken before the fold, the later
  // writer would keep the status its own snapshot gave (here: detained, though released is later).
  it.skipIf(TEST_DATABASE_KIND !== 'postgres')('stays equal with concurrent writers of one timeline', async () => {
    for (let round = 0; round < 5; round++) {
      const person = await createPerson(store.db, buildPerson({ identifiers: [] }));
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let firstWrote!: () => void;
      const wrote = new Promise<void>((resolve) => {
        firstWrote = resolve;
      });
      const first = store.db.transaction().execute(async (trx) => {
        await createEvent(trx, { personId: person.id, kind: 'released', occurredOn: '2025-06-01', occurredOnPrecision: 'day' }, testNotes);
        firstWrote();
        await held;
      });
      await wrote;
      const second = store.db.transaction().execute(async (trx) => {
        await createEvent(trx, { personId: person.id, kind: 'detained', occurredOn: '2024-06-01', occurredOnPrecision: 'day' }, testNotes);
      });
      await new Promise((resolve) => setTimeout(resolve, 150)); // the second is now waiting for the first
      release();
      await Promise.all([first, second]);
      expect((await getPerson(store.db, person.id))?.status).toBe('released');
    }
    // and many at once, over a few persons (each writer in the persons' order: no deadlock to wait out)
    const persons = (await Promise.all([1, 2, 3].map(() => createPerson(store.db, buildPerson({ identifiers: [] }))))).sort((a, b) => a.id.localeCompare(b.id));
    const random = createRandom(5);
    await Promise.all(
      Array.from({ length: 40 }, () =>
        store.db.transaction().execute(async (trx) => {
          for (const person of persons.filter(() => random.int(0, 1) === 1)) {
            await createEvent(
              trx,
              { personId: person.id, kind: random.pick(EVENT_KINDS), occurredOn: random.pick(DATES), occurredOnPrecision: 'day' },
              testNotes,
            );
          }
        }),
      ),
    );
    await expectStoredEqualsDerived(store, 'after concurrent writers');
  });

  it('keeps the counts through compaction, and counts consent changes and deletions', async () => {
    const counts = async () => ({ status: await countByStatus(store.db, {}), facility: await countByFacility(store.db, { consent: ['public'] }) });
    await sql`update persons set consent = 'private' where id in (select id from persons order by id limit 20)`.execute(store.db);
    // persons with events: their events leave the counts with them (the cascade finds no person to count them under)
    await sql`delete from persons where id in (select distinct person_id from events order by 1 desc limit 5)`.execute(store.db);
    await expectStoredEqualsDerived(store, 'after consent changes and deletions');
    const before = await counts();
    const rows = async () => Number((await sql<{ n: string }>`select count(*) as n from person_tallies`.execute(store.db)).rows[0]!.n);
    const many = await rows();
    await compactTallies(store.db);
    expect(await rows()).toBeLessThan(many);
    expect(await counts()).toEqual(before);
    await expectStoredEqualsDerived(store, 'after compaction');
  });
});
