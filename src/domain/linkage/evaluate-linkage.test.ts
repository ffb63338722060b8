import { describe, expect, it } from 'vitest';
import { countConflictingClusters, countTruePairs, scoreClusters, scorePairs } from './evaluate-linkage.js';

describe('linkage quality measures', () => {
  // records 0,1,2 are person A; 3,4 person B; 5 person C
  const truth = [1, 1, 1, 2, 2, 3];

  it('counts true pairs within one list and across two', () => {
    expect(countTruePairs(truth)).toBe(3 + 1);
    expect(countTruePairs(truth, [0, 1, 1, 0, 1, 0])).toBe(2 + 1);
  });

  it('scores predicted pairs', () => {
    const scores = scorePairs([0, 0, 3], [1, 5, 4], 3, truth, 4);
    expect(scores.precision).toBeCloseTo(2 / 3, 10);
    expect(scores.recall).toBeCloseTo(2 / 4, 10);
  });

  it('scores clusters by B-cubed: a perfect clustering scores 1, merging everything loses precision', () => {
    expect(scoreClusters([0, 0, 0, 3, 3, 5], truth)).toEqual({ precision: 1, recall: 1, f1: 1 });
    const all = scoreClusters([0, 0, 0, 0, 0, 0], truth);
    expect(all.recall).toBe(1);
    expect(all.precision).toBeCloseTo((3 * 3 + 2 * 2 + 1) / 36, 10);
  });

  it('counts clusters holding two values of a field', () => {
    const cedulas = ['1', '1', null, '2', '3', null];
    expect(countConflictingClusters([0, 0, 0, 3, 3, 5], (r) => cedulas[r]!)).toBe(1);
  });
});
