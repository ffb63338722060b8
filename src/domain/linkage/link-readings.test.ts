import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCES, generateList, generatePopulation } from '../demo/generate-linkage-lists.js';
import { createRandom } from '../demo/generate-persons.js';
import { linkAllReadings } from './link-readings.js';
import { linkRecords } from './link-records.js';
import { REGISTRY_LINK_SETTINGS } from './registry-settings.js';
import { LinkSettingsSchema } from './settings.js';

// a family's reports: the name in one cell, half of them surnames first in capitals, no cédula, no date
const population = generatePopulation(3000, 5);
const ngo = generateList(population, DEFAULT_SOURCES[0]!, 155);
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const people = population.filter((p) => ngo.some((r) => r.truth === p.key)).slice(0, 300);
const reports = people.map((p, i) => ({
  id: `F-${i}`,
  name: i % 2 === 0 ? `${p.given} ${p.firstSurname} ${p.secondSurname}` : fold(`${p.firstSurname} ${p.secondSurname} ${p.given}`).toUpperCase(),
  truth: p.key,
}));
const settings = LinkSettingsSchema.parse({
  ...REGISTRY_LINK_SETTINGS,
  comparisons: REGISTRY_LINK_SETTINGS.comparisons.map((c) =>
    c.kind === 'given_names' || c.kind === 'surnames' ? { ...c, columns: ['full_name'], split: 'full_name' } : c,
  ),
});
const left = {
  ids: reports.map((r) => r.id),
  columns: { full_name: reports.map((r) => r.name), cedula: reports.map(() => ''), birth_date: reports.map(() => '') },
};
const right = {
  ids: ngo.map((r) => r.id),
  columns: {
    full_name: ngo.map((r) => `${r.given_names} ${r.first_surname} ${r.second_surname}`),
    cedula: ngo.map((r) => r.cedula),
    birth_date: ngo.map((r) => r.birth_date),
  },
};
const truthOf = new Map(ngo.map((r) => [r.id, r.truth]));

function score(run: ReturnType<typeof linkRecords>) {
  let right = 0;
  const lefts = new Set<string>();
  for (let i = 0; i < run.pairs.count; i++) {
    const l = run.idOf(run.pairs.left[i]!);
    lefts.add(l);
    if (truthOf.get(run.idOf(run.pairs.right[i]!)) === reports.find((r) => r.id === l)!.truth) right++;
  }
  return { pairs: run.pairs.count, right, records: lefts.size };
}

describe('linkAllReadings: full names in one cell, order-free', () => {
  it('links reports written surnames first that a given-names-first split misses, still one-to-one', () => {
    const plain = score(linkRecords({ settings, left, right, threshold: 0.9, random: createRandom(1).next }));
    const readings = score(linkAllReadings({ settings, left, right, threshold: 0.9, random: createRandom(1).next }));
    expect(readings.records).toBe(readings.pairs); // one pair per report at most
    expect(readings.right).toBeGreaterThan(plain.right * 1.5);
    expect(readings.right / readings.pairs).toBeGreaterThan(0.98);
  });

  it('is linkRecords itself when no comparison splits a full name', () => {
    const plainSettings = REGISTRY_LINK_SETTINGS;
    const table = {
      ids: ngo.slice(0, 50).map((r) => r.id),
      columns: Object.fromEntries(
        ['given_names', 'first_surname', 'second_surname', 'cedula', 'birth_date'].map((c) => [c, ngo.slice(0, 50).map((r) => r[c as 'cedula'])]),
      ),
    };
    const a = linkAllReadings({ settings: plainSettings, left: table, right: table, random: createRandom(3).next });
    const b = linkRecords({ settings: plainSettings, left: table, right: table, random: createRandom(3).next });
    expect([...a.pairs.weight]).toEqual([...b.pairs.weight]);
  });
});
