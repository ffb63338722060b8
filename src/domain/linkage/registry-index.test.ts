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
/** The registry as the store reads it: in id order. */
const byId = (records: readonly ListRecord[]) => [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const population = generatePopulation(3000, 5);
const registry = generateList(population, DEFAULT_SOURCES[0]!, 1);
const claimed = generateList(population, DEFAULT_SOURCES[1]!, 2);

/** Every kept pair as "list id|registry id" → probability. */
const pairsOf = (run: LinkRun) =>
  new Map(Array.from({ length: run.pairs.count }, (_, i) => [`${run.idOf(run.pairs.left[i]!)}|${run.idOf(run.pairs.right[i]!)}`, run.pairs.probability[i]!]));
const link = (right: LinkTable | RegistryIndex, under = settings) =>
  linkRecords({
    settings: under,
    left: table(claimed),
    ...(right instanceof RegistryIndex ? { registry: right } : { right }),
    threshold: 0.01,
    allPairs: true,
    random: createRandom(7).next,
  });

/** The same pairs compared under each rule, and the same pairs kept with the same probabilities, bit for bit. */
function expectSameLinkage(kept: LinkRun, whole: LinkRun) {
  expect(kept.comparedPairs).toBe(whole.comparedPairs);
  expect(kept.rules.map((r) => [r.name, r.comparisons])).toEqual(whole.rules.map((r) => [r.name, r.comparisons]));
  expect(kept.model.parameters).toEqual(whole.model.parameters);
  expect(pairsOf(kept)).toEqual(pairsOf(whole));
}

describe('RegistryIndex', () => {
  it('links a list to the kept registry exactly as to the registry passed whole', () => {
    const index = new RegistryIndex(settings);
    index.put(table(registry));
    expect(index.size).toBe(registry.length);
    const whole = link(table(byId(registry)));
    expect(whole.pairs.count).toBeGreaterThan(500);
    expectSameLinkage(link(index), whole);
  });

  it('skips the blocks a rule allows no more of, on either side, as when both are blocked together', () => {
    // every rule allows three records a block: the registry's blocks and the list's overflow apart
    const small = { ...settings, blocking: settings.blocking.map((rule) => ({ ...rule, maxBlockSize: 3 })) };
    const index = new RegistryIndex(small);
    index.put(table(registry));
    const whole = link(table(byId(registry)), small);
    expect(whole.rules.some((r) => r.skippedBlocks > 0)).toBe(true);
    expectSameLinkage(link(index, small), whole);
    // and after persons leave the large blocks (retired in the built blocks, not yet rebuilt)
    const leaving = registry.filter((_, i) => i % 4 === 0).map((r) => r.id);
    index.remove(leaving);
    expectSameLinkage(link(index, small), link(table(byId(registry.filter((r) => !leaving.includes(r.id)))), small));
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
    const now = byId([...registry.filter((r) => !removed.has(r.id) && !edited.has(r.id)), ...edited.values(), ...added]);
    expect(index.size).toBe(now.length);
    const whole = link(table(now));
    // before the rebuild (retired records still in the built blocks, the changed ones appended) and
    // after it: the same model and pairs, bit for bit — a run depends on the registry, not its history
    const kept = link(index);
    expect(new Set(pairsOf(kept).keys())).toContain(`${claimed[0]!.id}|new-${claimed[0]!.id}`);
    for (const id of removed) expect([...pairsOf(kept).keys()].some((pair) => pair.endsWith(`|${id}`))).toBe(false);
    expectSameLinkage(kept, whole);
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
    // a record given again as it is (a change read twice) changes nothing
    const version = index.version;
    index.put(table([{ ...registry[0]!, first_surname: 'Zzyzx' }]));
    index.remove(['nobody']);
    expect(index.version).toBe(version);
    expect(index.wordCounts(surnames).counts.get('zzyzx')).toBe(1);
    index.remove([registry[0]!.id]);
    expect(index.version).toBe(version + 1);
    expect(index.wordCounts(surnames).counts.has('zzyzx')).toBe(false);
    expect(index.size).toBe(9);
    let squares = 0;
    for (const n of index.wordCounts(surnames).counts.values()) squares += n * n;
    expect(index.wordCounts(surnames).squares).toBe(squares);
  });
});
