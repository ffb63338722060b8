import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../registry/derive-status.js';
import { classifyMatched, decideMatch, reconcileEntries } from './reconcile-entries.js';

const period = { from: '2026-01-08', to: '2026-01-30' };
const event = (kind: TimelineEntry['kind'], occurredOn: string, seq = 1): TimelineEntry => ({ kind, occurredOn, seq });

describe('decideMatch', () => {
  const strong = { personId: 'p1', probability: 0.999, weight: 20 };
  const weak = { personId: 'p2', probability: 0.4, weight: -0.5 };

  it('matches a clear best candidate', () => {
    expect(decideMatch([strong, weak], [])).toEqual({ kind: 'matched', personId: 'p1', probability: 0.999, by: 'model' });
  });

  it('sends a doubtful match to review', () => {
    expect(decideMatch([weak], [])).toEqual({ kind: 'ambiguous', candidates: [weak] });
  });

  it('sends two strong candidates (namesakes) to review', () => {
    const namesake = { personId: 'p3', probability: 0.998, weight: 18 };
    expect(decideMatch([strong, namesake], []).kind).toBe('ambiguous');
  });

  it('follows a reviewer: an acceptance wins, a rejection removes the person', () => {
    expect(decideMatch([strong, weak], [{ personId: 'p2', match: true }])).toEqual({ kind: 'matched', personId: 'p2', probability: 0.4, by: 'reviewer' });
    expect(decideMatch([strong], [{ personId: 'p1', match: false }])).toEqual({ kind: 'unknown' });
  });

  it('ignores candidates below the floor', () => {
    expect(decideMatch([{ personId: 'p4', probability: 0.05, weight: -4 }], [])).toEqual({ kind: 'unknown' });
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
