import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../registry/derive-status.js';
import { classifyMatched, decideMatch, probabilityAmong, reconcileEntries } from './reconcile-entries.js';

const period = { from: '2026-01-08', to: '2026-01-30' };
const event = (kind: TimelineEntry['kind'], occurredOn: string, seq = 1): TimelineEntry => ({ kind, occurredOn, seq });

describe('decideMatch', () => {
  const strong = { personId: 'p1', probability: 0.999, weight: 20 };
  const weak = { personId: 'p2', probability: 0.4, weight: -0.5 };

  it('matches a clear best candidate', () => {
    expect(decideMatch([strong, weak], [])).toEqual({ kind: 'matched', personId: 'p1', probability: 0.999, by: 'model' });
  });

  it('sends a doubtful match to review', () => {
    expect(decideMatch([weak], [])).toMatchObject({ kind: 'ambiguous', candidates: [weak] });
  });

  it('sends two strong candidates (namesakes) to review', () => {
    const namesake = { personId: 'p3', probability: 0.998, weight: 18 };
    expect(decideMatch([strong, namesake], []).kind).toBe('ambiguous');
  });

  it('shows a reviewer the three likeliest, and every namesake as likely as the third', () => {
    const fits = { cedula: 'missing' as const, namesCompatible: true, namesSimilar: true };
    const twins = ['n1', 'n2', 'n3', 'n4', 'n5'].map((personId) => ({ personId, probability: 0.4, weight: 2, evidence: fits }));
    const shownOf = (outcome: ReturnType<typeof decideMatch>) => (outcome.kind === 'ambiguous' ? outcome.candidates.map((c) => c.personId) : []);
    expect(shownOf(decideMatch(twins, []))).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    const graded = twins.map((c, i) => ({ ...c, weight: 2 - i / 10 }));
    expect(shownOf(decideMatch(graded, []))).toEqual(['n1', 'n2', 'n3']);
    const many = Array.from({ length: 14 }, (_, i) => ({ ...twins[0]!, personId: `m${i}` }));
    expect(shownOf(decideMatch(many, []))).toHaveLength(10);
  });

  it('follows a reviewer: an acceptance wins, a rejection removes the person', () => {
    expect(decideMatch([strong, weak], [{ personId: 'p2', match: true }])).toEqual({ kind: 'matched', personId: 'p2', probability: 0.4, by: 'reviewer' });
    expect(decideMatch([strong], [{ personId: 'p1', match: false }])).toEqual({ kind: 'unknown' });
  });

  it('ignores candidates below the floor', () => {
    expect(decideMatch([{ personId: 'p4', probability: 0.05, weight: -4 }], [])).toEqual({ kind: 'unknown' });
  });
});

describe('decideMatch: identifiers first', () => {
  type Evidence = { cedula: 'same' | 'one_off' | 'different' | 'missing'; namesCompatible: boolean };
  const candidate = (personId: string, probability: number, weight: number, evidence: Evidence) => ({ personId, probability, weight, evidence });
  it.each([
    {
      case: 'the same cédula with compatible names is a match, even below the threshold',
      candidates: [candidate('p1', 0.6, 1, { cedula: 'same', namesCompatible: true })],
      expected: { kind: 'matched', personId: 'p1', by: 'identifier' },
    },
    {
      case: 'the same cédula wins over a namesake with a higher weight',
      candidates: [
        candidate('p2', 0.999, 25, { cedula: 'missing', namesCompatible: true }),
        candidate('p1', 0.99, 15, { cedula: 'same', namesCompatible: true }),
      ],
      expected: { kind: 'matched', personId: 'p1', by: 'identifier' },
    },
    {
      case: 'the same cédula under other names goes to a reviewer',
      candidates: [candidate('p1', 0.95, 8, { cedula: 'same', namesCompatible: false })],
      expected: { kind: 'ambiguous', why: 'the same cédula under other names' },
    },
    {
      case: 'an exact-name match whose cédula differs is never linked automatically',
      candidates: [candidate('p1', 0.999, 20, { cedula: 'different', namesCompatible: true })],
      expected: { kind: 'ambiguous', why: 'the names agree but the cédulas differ' },
    },
    {
      case: 'a cédula one digit off does not stop the only person whose names fit (a typo)',
      candidates: [candidate('p1', 0.999, 20, { cedula: 'one_off', namesCompatible: true })],
      expected: { kind: 'matched', personId: 'p1', by: 'name' },
    },
    {
      case: 'no cédula on one side: the only person whose names fit, more likely than nobody',
      candidates: [candidate('p1', 0.7, 1.2, { cedula: 'missing', namesCompatible: true })],
      expected: { kind: 'matched', personId: 'p1', by: 'name' },
    },
    {
      case: 'the names fit, but the model finds nobody more likely: a reviewer decides',
      candidates: [candidate('p1', 0.4, -0.6, { cedula: 'missing', namesCompatible: true })],
      expected: { kind: 'ambiguous' },
    },
    {
      case: 'namesakes: the names fit two persons about as well',
      candidates: [
        candidate('p1', 0.94, 4, { cedula: 'missing', namesCompatible: true }),
        candidate('p2', 0.94, 4, { cedula: 'missing', namesCompatible: true }),
      ],
      expected: { kind: 'ambiguous', why: 'the names fit more than one registry person' },
    },
    {
      case: 'a second person fits far worse than the first (beyond the margin): the first',
      candidates: [
        candidate('p1', 0.97, 5.1, { cedula: 'missing', namesCompatible: true }),
        candidate('p2', 0.28, -1.4, { cedula: 'missing', namesCompatible: true }),
      ],
      expected: { kind: 'matched', personId: 'p1', by: 'name' },
    },
    {
      case: 'a person whose names fit but whose cédula differs does not compete',
      candidates: [
        candidate('p1', 0.999, 13, { cedula: 'one_off', namesCompatible: true }),
        candidate('p2', 0.2, 10, { cedula: 'different', namesCompatible: true }),
      ],
      expected: { kind: 'matched', personId: 'p1', by: 'name' },
    },
    {
      case: 'names that do not fit: the model alone, above its threshold',
      candidates: [candidate('p1', 0.995, 9, { cedula: 'missing', namesCompatible: false })],
      expected: { kind: 'matched', personId: 'p1', by: 'model' },
    },
  ])('$case', ({ candidates, expected }) => {
    expect(decideMatch(candidates, [])).toMatchObject(expected);
  });

  it('a name that fits, however weakly, is never "unknown to the registry"; one whose cédula differs can be', () => {
    expect(decideMatch([candidate('p1', 0.05, -4.2, { cedula: 'missing', namesCompatible: true })], [])).toMatchObject({
      kind: 'ambiguous',
      why: 'the names fit, but weakly',
    });
    expect(decideMatch([candidate('p1', 0.05, -4.2, { cedula: 'different', namesCompatible: true })], [])).toEqual({ kind: 'unknown' });
    expect(decideMatch([candidate('p1', 0.05, -4.2, { cedula: 'missing', namesCompatible: false })], [])).toEqual({ kind: 'unknown' });
  });

  it('weighs a candidate against every other answer, nobody included', () => {
    const a = candidate('a', 0.9, 3, { cedula: 'missing', namesCompatible: true });
    const b = candidate('b', 0.5, 0, { cedula: 'missing', namesCompatible: true });
    expect(probabilityAmong(a, [a])).toBeCloseTo(8 / 9);
    expect(probabilityAmong(a, [a, b])).toBeCloseTo(8 / 10);
    expect(probabilityAmong(a, [a, b], new Set(['b']))).toBeCloseTo(8 / 9);
  });

  it('says when a reviewer rejected every candidate', () => {
    const c = candidate('p1', 0.99, 15, { cedula: 'same', namesCompatible: true });
    const report = reconcileEntries([{ entryId: 'e1', candidates: [c], decisions: [{ personId: 'p1', match: false }] }], () => undefined, period);
    expect(report.entries[0]).toMatchObject({ class: 'unknown', reason: 'a reviewer rejected the candidate; no other registry person is a plausible match' });
  });

  it('a reviewer’s rejection of the cédula holder is followed', () => {
    const c = candidate('p1', 0.99, 15, { cedula: 'same', namesCompatible: true });
    expect(decideMatch([c], [{ personId: 'p1', match: false }])).toEqual({ kind: 'unknown' });
  });
});

describe('classifyMatched: the organisation’s judgment', () => {
  const released = [event('detained', '2024-08-02'), event('released', '2026-01-14')];
  it.each([
    { judgment: 'common', charges: ['political'], expected: { class: 'common_crime_only', basis: 'judgment' } },
    { judgment: 'political', charges: ['common'], expected: { class: 'released_in_period', basis: 'judgment' } },
    { judgment: 'undetermined', charges: ['common'], expected: { class: 'common_crime_only', basis: 'charges' } },
    { judgment: null, charges: ['public_order'], expected: { class: 'released_in_period', basis: 'charges' } },
    { judgment: null, charges: [], expected: { class: 'released_in_period', basis: null } },
  ] as const)('judgment $judgment, charges $charges → $expected.class by $expected.basis', ({ judgment, charges, expected }) => {
    const facts = { timeline: released, chargeCategories: charges, judgment: judgment ? { judgment, by: 'Example NGO' } : null };
    const r = classifyMatched(facts, period);
    expect(r).toMatchObject(expected);
    if (expected.basis === 'judgment' && expected.class === 'common_crime_only') expect(r.reason).toBe('judged a common-crime case by Example NGO');
  });

  it('an undated house arrest is out of prison, on a day the report does not invent', () => {
    const r = classifyMatched(
      { timeline: [event('detained', '2024-08-13'), { ...event('house_arrest', '2024-08-13', 2), precision: 'unknown' }], chargeCategories: [] },
      period,
    );
    expect(r).toMatchObject({ class: 'released_in_period', releasedOn: null });
    expect(r.reason).toContain('unknown date');
  });
});

describe('classifyMatched (a list claiming releases between 8 and 30 January 2026)', () => {
  it('released in the claimed period', () => {
    const r = classifyMatched(
      { timeline: [event('detained', '2024-08-02'), event('released_with_measures', '2026-01-14')], chargeCategories: ['political'] },
      period,
    );
    expect(r).toMatchObject({ class: 'released_in_period', releasedOn: '2026-01-14' });
  });

  it('released before the period: counted twice', () => {
    const r = classifyMatched({ timeline: [event('detained', '2024-08-02'), event('released', '2025-11-20')], chargeCategories: ['political'] }, period);
    expect(r.class).toBe('released_earlier');
    expect(r.reason).toContain('2025-11-20');
  });

  it('still recorded as detained, including a release recorded only after the list', () => {
    expect(classifyMatched({ timeline: [event('detained', '2024-08-02')], chargeCategories: [] }, period).class).toBe('still_detained');
    expect(classifyMatched({ timeline: [event('detained', '2024-08-02'), event('released', '2026-02-10')], chargeCategories: [] }, period).class).toBe(
      'still_detained',
    );
    expect(classifyMatched({ timeline: [event('whereabouts_unknown', '2025-03-01')], chargeCategories: [] }, period).reason).toContain('whereabouts unknown');
  });

  it('re-arrested after an earlier release is still detained', () => {
    const timeline = [event('detained', '2019-01-01'), event('released', '2020-01-01'), event('re_arrested', '2025-06-01')];
    expect(classifyMatched({ timeline, chargeCategories: ['political'] }, period).class).toBe('still_detained');
  });

  it('prosecuted for common crimes only', () => {
    const r = classifyMatched({ timeline: [event('detained', '2025-01-01'), event('released', '2026-01-20')], chargeCategories: ['common', 'drugs'] }, period);
    expect(r).toMatchObject({ class: 'common_crime_only', reason: 'charged only with common, drugs offences' });
  });
});

describe('reconcileEntries', () => {
  it('counts each class and flags the same person listed twice', () => {
    const facts = { timeline: [event('detained', '2024-08-02'), event('released', '2026-01-14')], chargeCategories: ['political' as const] };
    const report = reconcileEntries(
      [
        { entryId: 'e1', candidates: [{ personId: 'p1', probability: 0.99, weight: 12 }], decisions: [] },
        { entryId: 'e2', candidates: [{ personId: 'p1', probability: 0.97, weight: 9 }], decisions: [] },
        { entryId: 'e3', candidates: [], decisions: [] },
        { entryId: 'e4', candidates: [{ personId: 'p2', probability: 0.5, weight: 0 }], decisions: [] },
      ],
      (id) => (id === 'p1' ? facts : undefined),
      period,
    );
    expect(report.entries.map((e) => e.class)).toEqual(['released_in_period', 'listed_twice', 'unknown', 'ambiguous']);
    expect(report.entries[1]!.duplicateOf).toBe('e1');
    expect(report.counts).toMatchObject({ released_in_period: 1, listed_twice: 1, unknown: 1, ambiguous: 1, still_detained: 0 });
  });
});
