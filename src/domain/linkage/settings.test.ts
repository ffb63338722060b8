import { describe, expect, it } from 'vitest';
import { checkSettingsConsistency, LinkSettingsSchema, missingColumns } from './settings.js';

const base = {
  id: 'id',
  comparisons: [
    { name: 'given', kind: 'given_names', columns: ['given_names'] },
    { name: 'cedula', kind: 'cedula', columns: ['cedula'] },
  ],
  blocking: [{ name: 'same cédula', keys: [{ comparison: 'cedula', key: 'value' }] }],
};

describe('linkage settings', () => {
  it('accepts a minimal file and fills the defaults', () => {
    const settings = LinkSettingsSchema.parse(base);
    expect(settings.threshold).toBe(0.9);
    expect(settings.exclusive).toEqual([]);
    expect(checkSettingsConsistency(settings)).toEqual([]);
  });

  it('names each inconsistency by its place in the file', () => {
    const settings = LinkSettingsSchema.parse({
      ...base,
      comparisons: [...base.comparisons, { name: 'given', kind: 'exact', columns: ['x'] }, { name: 'dob', kind: 'date', columns: ['d'], split: 'full_name' }],
      blocking: [
        ...base.blocking,
        {
          name: 'typo',
          keys: [
            { comparison: 'cedula', key: 'phonetic' },
            { comparison: 'surname', key: 'any' },
          ],
        },
      ],
      exclusive: ['passport'],
    });
    settings.comparisons[1]!.m = [0.9, 0.1];
    expect(checkSettingsConsistency(settings)).toEqual([
      { path: 'comparisons[1].m', reason: 'cedula here has 3 levels; give one m per level, strongest first' },
      { path: 'comparisons[2].name', reason: '"given" is used twice' },
      { path: 'comparisons[3].split', reason: 'only given_names and surnames can split a full name' },
      { path: 'blocking[1].keys[0].key', reason: '"phonetic" is not a key of cedula; use one of value, deletions' },
      { path: 'blocking[1].keys[1].comparison', reason: 'no comparison is named "surname"' },
      { path: 'exclusive[0]', reason: 'no comparison is named "passport"' },
    ]);
  });

  it('refuses thresholds out of order and a date over two columns', () => {
    const settings = LinkSettingsSchema.parse({
      ...base,
      comparisons: [
        ...base.comparisons,
        { name: 'place', kind: 'jaro_winkler', columns: ['place'], thresholds: [0.88, 0.95] },
        { name: 'age', kind: 'numeric', columns: ['age'], thresholds: [5, 2] },
        { name: 'dob', kind: 'date', columns: ['day', 'month'] },
        { name: 'born', kind: 'date', columns: ['day', 'month', 'year'] },
        { name: 'surnames', kind: 'surnames', columns: ['s'], nicknames: 'en' },
      ],
    });
    expect(checkSettingsConsistency(settings)).toEqual([
      { path: 'comparisons[2].thresholds', reason: 'similarity limits go from the strongest down: each below the one before' },
      { path: 'comparisons[3].thresholds', reason: 'distance limits go from the closest up: each above the one before' },
      { path: 'comparisons[4].columns', reason: 'a date is one column, or three: day, month and year' },
      { path: 'comparisons[6].nicknames', reason: 'only a given_names comparison reads nicknames' },
    ]);
    expect(settings.blocking[0]!.maxBlockSize).toBe(5000);
  });

  it('rejects unknown fields, kinds and impossible thresholds', () => {
    expect(LinkSettingsSchema.safeParse({ ...base, treshold: 0.9 }).success).toBe(false);
    expect(LinkSettingsSchema.safeParse({ ...base, threshold: 1 }).success).toBe(false);
    expect(LinkSettingsSchema.safeParse({ ...base, comparisons: [{ name: 'x', kind: 'soundex', columns: ['x'] }] }).success).toBe(false);
  });

  it('lists the columns a header lacks', () => {
    expect(missingColumns(LinkSettingsSchema.parse(base), ['id', 'given_names'])).toEqual(['cedula']);
  });
});
