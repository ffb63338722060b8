import { describe, expect, it } from 'vitest';
import { type ComparedClaim, claimGaps, comparable, distance, partyOf } from './gaps.js';

let seq = 0;
const claim = (fields: Partial<ComparedClaim>): ComparedClaim => ({
  id: `c${++seq}`,
  claimant: 'Foro Penal',
  metric: 'released',
  qualifier: 'exact',
  value: 100,
  valueHigh: null,
  asOf: '2026-01-30',
  countedFrom: '2026-01-03',
  basis: null,
  ...fields,
});

describe('which claims are compared', () => {
  it('compares two parties counting the same releases over the same period at close dates', () => {
    const government = claim({ claimant: 'Government of Venezuela', value: 600 });
    const ngo = claim({ claimant: 'Defenders of the imprisoned', value: 302, asOf: '2026-01-26' });
    expect(comparable(government, ngo)).toBe(true);
    expect(claimGaps([government, ngo])).toEqual([
      { metric: 'released', basis: null, high: government, low: ngo, difference: 298, open: false, agreement: null },
    ]);
  });

  it('never subtracts releases counted from different days, or under the amnesty law from all releases', () => {
    const sinceDecember = claim({ claimant: 'Government of Venezuela', value: 808, countedFrom: '2025-12-01' });
    const sinceJanuary = claim({ value: 302, countedFrom: '2026-01-03' });
    const underLaw = claim({ claimant: 'Official figures', value: 179, countedFrom: null, basis: 'amnesty_law' });
    const periodUnstated = claim({ claimant: 'Rights groups', value: 400, countedFrom: null });
    expect(comparable(sinceDecember, sinceJanuary)).toBe(false);
    expect(comparable(sinceDecember, underLaw)).toBe(false);
    expect(comparable(periodUnstated, sinceJanuary)).toBe(false);
    expect(comparable(periodUnstated, claim({ claimant: 'Government', countedFrom: null }))).toBe(false); // neither says its period
    expect(claimGaps([sinceDecember, sinceJanuary, underLaw, periodUnstated])).toEqual([]);
  });

  it('takes "in January" and "since 3 January" as the same period, and two claims under the law as comparable', () => {
    expect(comparable(claim({ countedFrom: '2026-01-01' }), claim({ claimant: 'Government', countedFrom: '2026-01-03' }))).toBe(true);
    expect(comparable(claim({ countedFrom: '2026-01-01' }), claim({ claimant: 'Government', countedFrom: '2026-01-05' }))).toBe(false);
    const law = { countedFrom: null, basis: 'amnesty_law', metric: 'amnesty_applications' };
    expect(comparable(claim(law), claim({ ...law, claimant: 'Government' }))).toBe(true);
  });

  it('compares a count of persons held on its day, whatever the period, but not a week and more apart', () => {
    const held = { metric: 'held', countedFrom: null };
    expect(comparable(claim({ ...held, asOf: '2026-01-30' }), claim({ ...held, claimant: 'Defence NGOs', asOf: '2026-02-02' }))).toBe(true);
    expect(comparable(claim({ ...held, asOf: '2026-01-30' }), claim({ ...held, claimant: 'Press', asOf: '2026-02-25' }))).toBe(false);
    expect(comparable(claim(held), claim({ ...held, metric: 'held_foreigners', claimant: 'Press' }))).toBe(false);
  });

  it('does not compare a party with itself, whoever spoke for it', () => {
    expect(partyOf('Government of Venezuela (Delcy Rodríguez)')).toBe(partyOf('Government of Venezuela'));
    expect(comparable(claim({ claimant: 'Government of Venezuela (Delcy Rodríguez)' }), claim({ claimant: 'Government of Venezuela' }))).toBe(false);
  });

  it('measures a range by its bounds: nothing between a figure inside it, the distance otherwise', () => {
    const range = claim({ qualifier: 'range', value: 600, valueHigh: 700 });
    expect(distance(range, claim({ value: 687 }))).toBe(0);
    expect(distance(range, claim({ value: 711 }))).toBe(11);
    expect(distance(claim({ value: 500 }), range)).toBe(100);
  });

  it('keeps "more than" and "at least" open: the gap is at least the difference, and none when both can be true', () => {
    const moreThan600 = claim({ claimant: 'Government', qualifier: 'more_than', value: 600 });
    const exactly383 = claim({ value: 383 });
    const [gap] = claimGaps([moreThan600, exactly383]);
    expect(gap).toMatchObject({ high: moreThan600, low: exactly383, difference: 218, open: true, agreement: null });
    const atLeast302 = claim({ qualifier: 'at_least', value: 302 });
    expect(claimGaps([claim({ claimant: 'Government', value: 600 }), atLeast302])[0]).toMatchObject({ difference: 0, open: false, agreement: 'open_ended' });
    const range = claim({ claimant: 'Defence NGOs', qualifier: 'range', value: 600, valueHigh: 700 });
    expect(claimGaps([range, claim({ value: 687 })])[0]).toMatchObject({ difference: 0, agreement: 'within_range' });
  });

  it('gives the same gaps whatever the order of the claims', () => {
    const claims = [
      claim({ claimant: 'A', countedFrom: '2026-01-01', value: 100 }),
      claim({ claimant: 'B', countedFrom: '2026-01-03', value: 300 }),
      claim({ claimant: 'C', countedFrom: '2026-01-05', value: 900 }),
      claim({ claimant: 'D', countedFrom: '2026-01-05', value: 900, asOf: '2026-01-29' }),
    ];
    const seen = new Set<string>();
    for (const order of [
      [0, 1, 2, 3],
      [2, 1, 0, 3],
      [0, 2, 1, 3],
      [3, 2, 1, 0],
      [1, 3, 0, 2],
    ]) {
      seen.add(JSON.stringify(claimGaps(order.map((i) => claims[i]!)).map((g) => [g.high.claimant, g.low.claimant, g.difference])));
    }
    expect([...seen]).toEqual([JSON.stringify([['C', 'B', 600]])]);
  });

  it('tells, for each period, the most recent comparable pair, and of those the farthest apart', () => {
    const early = [claim({ claimant: 'A', asOf: '2026-01-10', value: 10 }), claim({ claimant: 'B', asOf: '2026-01-11', value: 90 })];
    const late = [
      claim({ claimant: 'A', asOf: '2026-01-29', value: 300 }),
      claim({ claimant: 'B', asOf: '2026-01-30', value: 600 }),
      claim({ claimant: 'C', asOf: '2026-01-30', value: 302 }),
    ];
    const other = [
      claim({ claimant: 'A', countedFrom: '2025-12-01', asOf: '2026-01-20', value: 383 }),
      claim({ claimant: 'B', countedFrom: '2025-12-01', asOf: '2026-01-23', value: 626 }),
    ];
    const gaps = claimGaps([...early, ...late, ...other]);
    expect(gaps.map((g) => [g.high.value, g.low.value, g.difference])).toEqual([
      [600, 300, 300],
      [626, 383, 243],
    ]);
  });
});
