import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCES, generateList, generatePopulation, type ListRecord } from '../demo/generate-linkage-lists.js';
import { createRandom } from '../demo/generate-persons.js';
import { createComparison } from './compare-fields.js';
import { linkLists, listOverlaps } from './link-lists.js';
import { REGISTRY_LINK_SETTINGS } from './registry-settings.js';
import { LinkSettingsSchema } from './settings.js';

// three lists of one population: the NGO's (given names first), the government's (surnames
// first in capitals, no accents, no birth date) and a UN list; the full name in one cell
const population = generatePopulation(3000, 21);
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const sources = DEFAULT_SOURCES.map((source, i) => generateList(population, source, 40 + i));
const [ngo, government, un] = sources as [ListRecord[], ListRecord[], ListRecord[]];
const settings = LinkSettingsSchema.parse({
  ...REGISTRY_LINK_SETTINGS,
  comparisons: REGISTRY_LINK_SETTINGS.comparisons.map((c) =>
    c.kind === 'given_names' || c.kind === 'surnames' ? { ...c, columns: ['full_name'], split: 'full_name' } : c,
  ),
});
const table = (records: ListRecord[], name: (r: ListRecord) => string, birth = true) => ({
  ids: records.map((r) => r.id),
  columns: { full_name: records.map(name), cedula: records.map((r) => r.cedula), birth_date: records.map((r) => (birth ? r.birth_date : '')) },
});
const lists = [
  { name: 'ngo', table: table(ngo, (r) => `${r.given_names} ${r.first_surname} ${r.second_surname}`) },
  { name: 'government', table: table(government, (r) => fold(`${r.first_surname} ${r.second_surname} ${r.given_names}`).toUpperCase(), false) },
  { name: 'un', table: table(un, (r) => `${r.given_names} ${r.first_surname} ${r.second_surname}`) },
];
const truth = [...ngo, ...government, ...un].map((r) => r.truth);

/** Pairwise precision and recall of the clusters, over pairs of records from two different lists or from one. */
function score(clusterOf: Int32Array, listOf: Int32Array, within: boolean) {
  let predicted = 0;
  let right = 0;
  let actual = 0;
  for (let a = 0; a < truth.length; a++) {
    for (let b = a + 1; b < truth.length; b++) {
      if ((listOf[a] === listOf[b]) !== within) continue;
      const same = clusterOf[a] === clusterOf[b];
      if (same) predicted++;
      if (truth[a] === truth[b]) {
        actual++;
        if (same) right++;
      }
    }
  }
  return { precision: right / predicted, recall: right / actual };
}

describe('linkLists: several lists in one run', () => {
  const run = linkLists({ settings, lists, random: createRandom(1).next });

  it('puts the records of one person from every list in one cluster, precisely, whatever the name order', () => {
    const across = score(run.clusterOf, run.listOf, false);
    expect(across.precision).toBeGreaterThan(0.97);
    expect(across.recall).toBeGreaterThan(0.8);
  });

  it('finds a person a list names twice, and never joins two cédulas', () => {
    const within = score(run.clusterOf, run.listOf, true);
    expect(within.recall).toBeGreaterThan(0.6);
    expect(within.precision).toBeGreaterThan(0.7);
    // a cédula one digit off is the same cédula mistyped; two the comparison calls different never share a cluster
    const cedula = createComparison(settings.comparisons.find((c) => c.kind === 'cedula')!);
    const all = [...ngo, ...government, ...un];
    const firstWithCedula = new Map<number, unknown>();
    let clustersChecked = 0;
    for (let r = 0; r < all.length; r++) {
      const value = cedula.encode([all[r]!.cedula]);
      if (value === null) continue;
      const first = firstWithCedula.get(run.clusterOf[r]!);
      if (first === undefined) firstWithCedula.set(run.clusterOf[r]!, value);
      else {
        clustersChecked++;
        expect(cedula.level(first, value)).toBeLessThan(cedula.levels.length);
      }
    }
    expect(clustersChecked).toBeGreaterThan(500);
  });

  it('across lists only: no cluster holds two records of one list', () => {
    const acrossOnly = linkLists({ settings, lists, acrossOnly: true, random: createRandom(1).next });
    const seen = new Set<string>();
    for (let r = 0; r < acrossOnly.recordCount; r++) {
      const key = `${acrossOnly.clusterOf[r]}:${acrossOnly.listOf[r]}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(score(acrossOnly.clusterOf, acrossOnly.listOf, false).precision).toBeGreaterThan(0.97);
  });

  it('counts who is in which list from the clusters', () => {
    const o = listOverlaps(run);
    expect(o.persons).toHaveLength(3);
    for (let l = 0; l < 3; l++) {
      expect(o.shared[l]![l]).toBe(0);
      expect(o.only[l]!).toBeLessThanOrEqual(o.persons[l]!);
      for (let m = 0; m < 3; m++) expect(o.shared[l]![m]).toBe(o.shared[m]![l]);
    }
    expect(o.clusters).toBe(new Set(run.clusterOf).size);
    // the true overlap of the NGO and government lists, within a few per cent
    const trueShared =
      new Set(ngo.map((r) => r.truth)).size + new Set(government.map((r) => r.truth)).size - new Set([...ngo, ...government].map((r) => r.truth)).size;
    expect(Math.abs(o.shared[0]![1]! - trueShared) / trueShared).toBeLessThan(0.12);
  });

  it('deduplicating one list is linking one list: the ids stay as written', () => {
    const one = linkLists({ settings, lists: [lists[0]!], random: createRandom(1).next });
    expect(one.lists).toEqual(['ngo']);
    expect(one.idOf(0)).toBe(ngo[0]!.id);
    expect(one.recordCount).toBe(ngo.length);
  });
});
