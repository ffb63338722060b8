import { describe, expect, it } from 'vitest';
import { assignOneToOne, clusterRecords, type ScoredPairs } from './cluster-pairs.js';

function pairs(list: [number, number, number][]): ScoredPairs {
  return {
    count: list.length,
    left: Int32Array.from(list, (p) => p[0]),
    right: Int32Array.from(list, (p) => p[1]),
    weight: Float64Array.from(list, (p) => p[2]),
    probability: Float64Array.from(list, (p) => 1 / (1 + 2 ** -p[2])),
  };
}

describe('clusterRecords', () => {
  it('joins records through strong pairs', () => {
    const { clusterOf } = clusterRecords(
      4,
      pairs([
        [0, 1, 20],
        [1, 2, 15],
      ]),
      [],
    );
    expect([...clusterOf]).toEqual([0, 0, 0, 3]);
  });

  it('never chains two cédulas into one cluster through a record that has none', () => {
    // 0 (cédula A) ~ 1 (no cédula) ~ 2 (cédula B): namesakes linked through a third record
    const cedula = Int32Array.of(0, -1, 1);
    const { clusterOf, refused } = clusterRecords(
      3,
      pairs([
        [0, 1, 20],
        [1, 2, 18],
      ]),
      [cedula],
    );
    expect(clusterOf[1]).toBe(clusterOf[0]);
    expect(clusterOf[2]).not.toBe(clusterOf[0]);
    expect(refused).toBe(1);
  });

  it('does not split a cluster over one cédula written two ways, when the comparison says so', () => {
    // 0 (cédula 12345678) ~ 1 (none) ~ 2 (12345687, two digits swapped): one person
    const cedula = Int32Array.of(0, -1, 1);
    const oneOff = (a: number, b: number) => (a === 0 && b === 1) || (a === 1 && b === 0);
    const links = pairs([
      [0, 1, 20],
      [1, 2, 18],
    ]);
    expect(clusterRecords(3, links, [cedula], [oneOff]).clusterOf[2]).toBe(0);
    expect(clusterRecords(3, links, [cedula], [() => false]).clusterOf[2]).toBe(2);
  });

  it('lets the stronger pair win the record both want', () => {
    const cedula = Int32Array.of(0, -1, 1);
    const { clusterOf } = clusterRecords(
      3,
      pairs([
        [0, 1, 12],
        [1, 2, 25],
      ]),
      [cedula],
    );
    expect(clusterOf[1]).toBe(clusterOf[2]);
    expect(clusterOf[0]).not.toBe(clusterOf[1]);
  });
});

describe('assignOneToOne', () => {
  it('gives each record at most one partner, strongest first', () => {
    // left 0 wants right 10 and 11; left 1 wants right 10 more strongly
    const kept = assignOneToOne(
      pairs([
        [0, 10, 10],
        [0, 11, 8],
        [1, 10, 14],
      ]),
    );
    expect([...kept].sort()).toEqual([1, 2]);
  });
});
