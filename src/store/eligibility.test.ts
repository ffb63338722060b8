import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCase } from '../domain/eligibility/evaluate-case.js';
import { loadRuleSets, resolveRuleSet } from '../io/read-rules.js';
import { testNotes } from '../test/crypto.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import type { Store } from './database.js';
import { createDetention } from './detentions.js';
import { getEligibilityRun, listEligibilityRuns, loadRegistryCases, storeEligibilityRun } from './eligibility.js';
import { createEvent } from './events.js';
import { facilityIdsByCode } from './facilities.js';
import { createPerson } from './persons.js';

describe(`eligibility over the registry on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    store = await openTestStore();
    const facilities = await facilityIdsByCode(store.db);
    const student = await createPerson(store.db, buildPerson({ identifiers: [], occupationGroup: 'student' }));
    const exile = await createPerson(store.db, buildPerson({ identifiers: [], occupationGroup: 'journalist' }));
    const first = await createDetention(store.db, {
      personId: student.id,
      arrestedOn: '2014-02-12',
      arrestedOnPrecision: 'day',
      facilityId: facilities.get('el-helicoide')!,
      protestWave: '2014',
      charges: ['instigacion_publica', 'resistencia_autoridad'],
    });
    const second = await createDetention(store.db, {
      personId: student.id,
      arrestedOn: '2019-04-01',
      arrestedOnPrecision: 'month',
      protestWave: '2019',
      charges: ['rebelion_militar'],
    });
    const third = await createDetention(store.db, {
      personId: exile.id,
      arrestedOn: '2024-08-03',
      arrestedOnPrecision: 'day',
      protestWave: '2024',
      charges: ['terrorismo'],
    });
    await createEvent(
      store.db,
      { personId: student.id, detentionId: first.id, kind: 'detained', occurredOn: '2014-02-12', occurredOnPrecision: 'day' },
      testNotes,
    );
    await createEvent(store.db, { personId: exile.id, detentionId: third.id, kind: 'exiled', occurredOn: '2025-01-10', occurredOnPrecision: 'day' }, testNotes);
    await createEvent(
      store.db,
      { personId: exile.id, detentionId: third.id, kind: 'amnesty_requested', occurredOn: '2026-03-02', occurredOnPrecision: 'day' },
      testNotes,
    );
    Object.assign(ids, { student: student.id, exile: exile.id, first: first.id, second: second.id, third: third.id });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('turns each detention into a case: charges dated by the arrest, facts from the timeline, groups', async () => {
    const { cases } = await loadRegistryCases(store.db);
    const byId = new Map(cases.map((c) => [c.id, c]));
    expect(byId.get(ids.first!)).toMatchObject({
      personId: ids.student,
      charges: [
        { offence: 'instigacion_publica', factsOn: '2014-02-12' },
        { offence: 'resistencia_autoridad', factsOn: '2014-02-12' },
      ],
      facts: { a_derecho: true, abroad: false },
      groups: { protest_wave: '2014', facility: 'el-helicoide', occupation_group: 'student' },
    });
    expect(byId.get(ids.second!)!.charges).toEqual([{ offence: 'rebelion_militar', factsOn: '2019-04' }]);
    expect(byId.get(ids.third!)).toMatchObject({ facts: { abroad: true, a_derecho: false }, groups: { facility: null }, request: { filedOn: '2026-03-02' } });
    expect(byId.get(ids.first!)!.request).toBeUndefined();
  });

  it('stores a run with the rule set hash and every result, and reads it back', async () => {
    const compiled = resolveRuleSet(await loadRuleSets(), 've-2026-ley', '2026-04-01');
    const { cases } = await loadRegistryCases(store.db);
    const results = cases.map((c) => evaluateCase(compiled, c));
    const { id } = await storeEligibilityRun(store.db, { compiled, strict: false, results, createdBy: 'test' });
    const stored = await getEligibilityRun(store.db, id);
    expect(stored!.run).toMatchObject({
      ruleSetId: 've-2026-ley',
      ruleSetHash: compiled.hash,
      variants: [],
      covered: 2,
      excluded: 1,
      review: 0,
      createdBy: 'test',
    });
    const byDetention = new Map(stored!.results.map((r) => [r.detentionId, r]));
    expect(byDetention.get(ids.second!)).toMatchObject({ outcome: 'excluded', decisiveRule: 'art8-10-military-rebellion', personId: ids.student });
    expect(byDetention.get(ids.third!)!.result.requirements).toEqual([
      { rule: 'art7-a-derecho', article: 'Art. 7', certain: true },
      { rule: 'art7-personal-appearance', article: 'Art. 7', certain: true },
    ]);
    expect(byDetention.get(ids.third!)!.result.deadlines).toEqual([
      { deadline: 'art11-decision-15-days', article: 'Art. 11', due: '2026-03-17', status: 'overdue', days: 15, verified: true },
    ]);
    expect((await getEligibilityRun(store.db, id, 'excluded'))!.results).toHaveLength(1);
    expect((await listEligibilityRuns(store.db)).map((run) => run.id)).toContain(id);
  });
});
