import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCES, generateList, generatePopulation, LIST_COLUMNS, type ListRecord } from '../demo/generate-linkage-lists.js';
import { createRandom } from '../demo/generate-persons.js';
import { type LinkRun, type LinkTable, linkRecords } from './link-records.js';
import { RegistryIndex } from './registry-index.js';
import { REGISTRY_LINK_SETTINGS } from './registry-settings.js';

const settings = REGISTRY_LINK_SETTINGS;
const table = (records: readonly ListRecord[]): LinkTable => ({
  ids: records.map((r) => r.id),
  columns: Object.fromEntries(LIST_COLUMNS.map((c) => [c, records.map((r) => r[c])])),
});
const population = generatePopulation(3000, 5);
const registry = generateList(population, DEFAULT_SOURCES[0]!, 1);
const claimed = generateList(population, DEFAULT_SOURCES[1]!, 2);

/** Every kept pair as "list id|registry id" → probability. */
const pairsOf = (run: LinkRun) =>
  new Map(Array.from({ length: run.pairs.count }, (_, i) => [`${run.idOf(run.pairs.left[i]!)}|${run.idOf(run.pairs.right[i]!)}`, run.pairs.probability[i]!]));
const link = (right: LinkTable | RegistryIndex) =>
  linkRecords({
    settings,
    left: table(claimed),
    ...(right instanceof RegistryIndex ? { registry: right } : { right }),
    threshold: 0.01,
    allPairs: true,
    random: createRandom(7).next,
  });

function expectSameLinkage(kept: LinkRun, whole: LinkRun) {
  expect(kept.comparedPairs).toBe(whole.comparedPairs);
  expect(kept.rules).toEqual(whole.rules);
  const a = pairsOf(kept);
  const b = pairsOf(whole);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [pair, p] of a) expect(p).toBeCloseTo(b.get(pair)!, 9);
}

describe('RegistryIndex', () => {
  it('links a list to the kept registry exactly as to the registry passed whole', () => {
    const index = new RegistryIndex(settings);
    index.put(table(registry));
    expect(index.size).toBe(registry.length);
    const whole = link(table(registry));
    expect(whole.pairs.count).toBeGreaterThan(500);
    expectSameLinkage(link(index), whole);
  });

  it('follows edits, removals and additions made one by one, before and after its blocks are rebuilt', () => {
    const index = new RegistryIndex(settings);
    index.put(table(registry));
    const random = createRandom(11);
    const edited = new Map<string, ListRecord>();
    const removed = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const r = registry[Math.floor(random.next() * registry.length)]!;
      if (removed.has(r.id)) continue;
      if (k % 3 === 0) {
        index.remove([r.id]);
        removed.add(r.id);
        edited.delete(r.id);
        continue;
      }
      // a surname corrected, a cédula added or changed
      const changed = { ...(edited.get(r.id) ?? r), first_surname: k % 2 ? 'Quintero' : r.first_surname, cedula: `V-${20_000_000 + k}` };
      edited.delete(r.id);
      edited.set(r.id, changed);
      index.put(table([changed]));
    }
    const added = claimed.slice(0, 25).map((r) => ({ ...r, id: `new-${r.id}` }));
    for (const r of added) index.put(table([r]));
    // the registry as a table: unchanged records in their order, then the changed and the new in the order they came
    const now = [...registry.filter((r) => !removed.has(r.id) && !edited.has(r.id)), ...edited.values(), ...added];
    expect(index.size).toBe(now.length);
    const whole = link(table(now));
    // before the rebuild, retired records sit in the old blocks: the same pairs are compared
    const kept = link(index);
    expect(kept.comparedPairs).toBe(whole.comparedPairs);
    expect(kept.rules).toEqual(whole.rules);
    expect(new Set(pairsOf(kept).keys())).toContain(`${claimed[0]!.id}|new-${claimed[0]!.id}`);
    for (const id of removed) expect([...pairsOf(kept).keys()].some((pair) => pair.endsWith(`|${id}`))).toBe(false);
    // after it, the slots are those of the table: the same model, to the last bit
    index.compact();
    expectSameLinkage(link(index), whole);
  });

  it('counts values and name words of living records only', () => {
    const index = new RegistryIndex(settings);
    index.put(table(registry.slice(0, 10)));
    const surnames = settings.comparisons.findIndex((c) => c.name === 'surnames');
    const before = index.wordCounts(surnames);
    index.put(table([{ ...registry[0]!, first_surname: 'Zzyzx' }]));
    const after = index.wordCounts(surnames);
    expect(after.counts.get('zzyzx')).toBe(1);
    const words = (r: ListRecord) => index.comparisons[surnames]!.terms(index.comparisons[surnames]!.encode([r.first_surname, r.second_surname])).length;
    expect(after.total).toBe(before.total - words(registry[0]!) + words({ ...registry[0]!, first_surname: 'Zzyzx' }));
    index.remove([registry[0]!.id]);
    expect(index.wordCounts(surnames).counts.has('zzyzx')).toBe(false);
    expect(index.size).toBe(9);
    let squares = 0;
    for (const n of index.wordCounts(surnames).counts.values()) squares += n * n;
    expect(index.wordCounts(surnames).squares).toBe(squares);
  });
});
