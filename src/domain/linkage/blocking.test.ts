import { describe, expect, it } from 'vitest';
import { findCandidates, forEachCandidatePair, indexRule } from './blocking.js';
import { createComparison } from './compare-fields.js';

const surnames = createComparison({ name: 'surnames', kind: 'surnames', columns: ['s1', 's2'] });
const cedula = createComparison({ name: 'cedula', kind: 'cedula', columns: ['c'] });
const comparisons = [surnames, cedula];
const records: [string, string, string][] = [
  ['Pérez', 'González', '12345678'],
  ['González', 'Pérez', '12345678'],
  ['Pérez', 'González', '87654321'],
  ['Rivas', '', '12354678'],
  ['Rivas', 'Mendoza', ''],
];
const values = [records.map((r) => surnames.encode([r[0], r[1]])), records.map((r) => cedula.encode([r[2]]))];

describe('blocking', () => {
  const bySurnames = indexRule({ name: 'both surnames', keys: [{ comparison: 'surnames', key: 'pair_phonetic' }] }, comparisons, values, records.length);
  const byCedula = indexRule({ name: 'cédula typo', keys: [{ comparison: 'cedula', key: 'deletions' }] }, comparisons, values, records.length);

  it('compares each pair once, counted under the first rule that finds it', () => {
    const seen: string[] = [];
    const reports = forEachCandidatePair([bySurnames, byCedula], (a, b) => seen.push(`${a}-${b}`));
    // 0-1-2 share both surnames (in either order); 0-1 and 0,1-3 share a cédula up to a typo
    expect(seen.sort()).toEqual(['0-1', '0-2', '0-3', '1-2', '1-3']);
    expect(reports.map((r) => r.comparisons)).toEqual([3, 2]);
  });

  it('skips blocks over the size limit and says so', () => {
    const small = indexRule(
      { name: 'both surnames', keys: [{ comparison: 'surnames', key: 'pair_phonetic' }], maxBlockSize: 2 },
      comparisons,
      values,
      records.length,
    );
    const [report] = forEachCandidatePair([small], () => {});
    expect(report).toEqual({ name: 'both surnames', comparisons: 0, skippedBlocks: 1, recordsInSkippedBlocks: 3 });
  });

  it('links only across the two lists when linking', () => {
    const sides = Uint8Array.of(0, 0, 1, 1, 1);
    const seen: string[] = [];
    const index = indexRule({ name: 'both surnames', keys: [{ comparison: 'surnames', key: 'pair_phonetic' }] }, comparisons, values, records.length, sides);
    forEachCandidatePair([index], (a, b) => seen.push(`${a}-${b}`), sides);
    expect(seen.sort()).toEqual(['0-2', '1-2']);
  });

  it('finds the candidates of a new record', () => {
    const found = findCandidates([bySurnames, byCedula], [surnames.encode(['Gonzalez', 'Perez']), cedula.encode(['V-12.345.687'])]);
    expect([...found].sort()).toEqual([0, 1, 2]);
  });
});
