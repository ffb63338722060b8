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

  it('meets a person whose surname a list mistypes by one letter anywhere, and not their namesakes of another surname', () => {
    const rule = { name: 'one misspelt', keys: [{ comparison: 'surnames', key: 'one_misspelt' }] };
    const registry = [
      ['González', 'Martínez'],
      ['González', 'Pérez'],
      ['Rodríguez', 'Gutiérrez'],
      ['Castro', 'Rojas'],
      ['Paz', 'Sosa'],
    ];
    const index = indexRule(rule, comparisons, [registry.map((r) => surnames.encode(r)), registry.map(() => null)], registry.length);
    const mistyped = (word: string) => {
      const out = new Set<string>();
      for (let i = 0; i <= word.length; i++) {
        out.add(`${word.slice(0, i)}x${word.slice(i)}`); // a letter added
        if (i < word.length) out.add(word.slice(0, i) + word.slice(i + 1)); // dropped
        if (i < word.length) out.add(`${word.slice(0, i)}q${word.slice(i + 1)}`); // changed
        if (i + 1 < word.length) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)); // two swapped
      }
      return [...out];
    };
    for (const typo of mistyped('martinez')) expect([...findCandidates([index], [surnames.encode(['Gonzalez', typo]), null])], typo).toContain(0);
    for (const typo of mistyped('rodriguez')) expect([...findCandidates([index], [surnames.encode([typo, 'Gutierrez']), null])], typo).toContain(2);
    // short words: their ends are shorter, and still never meet
    for (const typo of mistyped('rojas')) expect([...findCandidates([index], [surnames.encode(['Castro', typo]), null])], typo).toContain(3);
    for (const typo of mistyped('castro')) expect([...findCandidates([index], [surnames.encode([typo, 'Rojas']), null])], typo).toContain(3);
    for (const typo of mistyped('sosa')) expect([...findCandidates([index], [surnames.encode(['Paz', typo]), null])], typo).toContain(4);
    for (const typo of mistyped('paz')) expect([...findCandidates([index], [surnames.encode([typo, 'Sosa']), null])], typo).toContain(4);
    expect([...findCandidates([index], [surnames.encode(['Gonzalez', 'Mendoza']), null])]).toEqual([]);
    expect([...findCandidates([index], [surnames.encode(['Gonzalez', 'Martinez']), null])]).toEqual([0]);
  });

  it('finds the candidates of a new record', () => {
    const found = findCandidates([bySurnames, byCedula], [surnames.encode(['Gonzalez', 'Perez']), cedula.encode(['V-12.345.687'])]);
    expect([...found].sort()).toEqual([0, 1, 2]);
  });
});
