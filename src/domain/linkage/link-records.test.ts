import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCES, generateList, generatePopulation, LIST_COLUMNS, type ListRecord } from '../demo/generate-linkage-lists.js';
import { createRandom } from '../demo/generate-persons.js';
import { countConflictingClusters, countTruePairs, scorePairs } from './evaluate-linkage.js';
import { explainPair } from './explain-pair.js';
import { buildLinkIndex, encodeOne, type LinkTable, linkRecords, lookupRecord } from './link-records.js';
import { REGISTRY_LINK_SETTINGS } from './registry-settings.js';
import { isWithinOneEdit } from './string-similarity.js';

const settings = REGISTRY_LINK_SETTINGS;

const table = (records: readonly ListRecord[]): LinkTable => ({
  ids: records.map((r) => r.id),
  columns: Object.fromEntries(LIST_COLUMNS.map((c) => [c, records.map((r) => r[c])])),
});

const population = generatePopulation(3000, 5);
const ngo = generateList(population, DEFAULT_SOURCES[0]!, 1);
const government = generateList(population, DEFAULT_SOURCES[1]!, 2);

describe('linkRecords', () => {
  const run = linkRecords({ settings, left: table(government), right: table(ngo), random: createRandom(1).next });
  const both = [...government, ...ngo];
  const truth = both.map((r) => r.truth);

  it('links two noisy lists with high precision', () => {
    const sides = both.map((_, i) => (i < government.length ? 0 : 1));
    const scores = scorePairs(run.pairs.left, run.pairs.right, run.pairs.count, truth, countTruePairs(truth, sides));
    expect(scores.precision).toBeGreaterThan(0.98);
    expect(scores.recall).toBeGreaterThan(0.7);
  });

  it('finds every pair that shares a cédula, written in any form', () => {
    const cedula = (r: ListRecord) => r.cedula.replace(/\D/g, '');
    const linked = new Set(Array.from({ length: run.pairs.count }, (_, i) => `${run.pairs.left[i]}|${run.pairs.right[i]}`));
    let shared = 0;
    let found = 0;
    government.forEach((g, i) => {
      const j = ngo.findIndex((n) => n.truth === g.truth && cedula(n) !== '' && cedula(n) === cedula(g));
      if (j < 0) return;
      shared++;
      if (linked.has(`${i}|${government.length + j}`)) found++;
    });
    expect(shared).toBeGreaterThan(200);
    expect(found / shared).toBeGreaterThan(0.97);
  });

  it('reports what each blocking rule compared and what each EM estimate learnt', () => {
    expect(run.rules.map((r) => r.name)).toEqual(settings.blocking.map((b) => b.name));
    expect(run.rules.reduce((n, r) => n + r.comparisons, 0)).toBe(run.comparedPairs);
    expect(run.sessions.find((s) => s.rule === 'same cédula')?.estimated).toEqual(['given_names', 'surnames', 'birth_date']);
    expect(run.unestimated).toEqual([]);
  });

  it('gives the same answer for the same input and seed', () => {
    const again = linkRecords({ settings, left: table(government), right: table(ngo), random: createRandom(1).next });
    expect([...again.pairs.left]).toEqual([...run.pairs.left]);
    expect([...again.pairs.weight]).toEqual([...run.pairs.weight]);
  });

  it('explains each pair: the waterfall adds up to its weight', () => {
    const valuesOf = (r: number) => run.model.comparisons.map((_, c) => run.values[c]![r] ?? null);
    for (let i = 0; i < Math.min(50, run.pairs.count); i++) {
      const explanation = explainPair(run.model, valuesOf(run.pairs.left[i]!), valuesOf(run.pairs.right[i]!));
      expect(explanation.weight).toBeCloseTo(run.pairs.weight[i]!, 9);
      expect(explanation.steps).toHaveLength(4);
    }
  });

  it('looks one record up in an indexed list', () => {
    const index = buildLinkIndex(settings, table(ngo), run.model);
    const person = ngo[10]!;
    const { truth: _, ...cells } = person;
    const found = lookupRecord(index, encodeOne(run.model, cells), 3);
    expect(index.ids[found[0]!.record]).toBe(person.id);
    expect(found[0]!.probability).toBeGreaterThan(0.99);
  });

  it('learns from reviewed pairs', () => {
    const labels = Array.from({ length: 40 }, (_, i) => ({
      leftId: government[run.pairs.left[i]!]!.id,
      rightId: ngo[run.pairs.right[i]! - government.length]!.id,
      match: true,
    }));
    const refined = linkRecords({ settings, left: table(government), right: table(ngo), labels, random: createRandom(1).next });
    expect([...refined.model.parameters.m[0]!]).not.toEqual([...run.model.parameters.m[0]!]);
  });
});

describe('deduplicating merged lists', () => {
  it('never puts two cédulas in one cluster (one digit off is the same cédula mistyped)', () => {
    const merged = [...ngo, ...government];
    const run = linkRecords({ settings, left: table(merged), random: createRandom(2).next });
    expect(run.clusterOf).not.toBeNull();
    const digits = merged.map((r) => r.cedula.replace(/\D/g, '').replace(/^0+/, '') || null);
    // every cédula of a cluster is within one edit of the cluster's first
    const first = new Map<number, string>();
    let apart = 0;
    digits.forEach((d, r) => {
      if (d === null) return;
      const seen = first.get(run.clusterOf![r]!);
      if (seen === undefined) first.set(run.clusterOf![r]!, d);
      else if (!isWithinOneEdit(seen, d)) apart++;
    });
    expect(apart).toBe(0);
    // letting a mistyped cédula join its person joins no two people: no cluster holds two
    const truth = merged.map((r) => r.truth);
    expect(countConflictingClusters(run.clusterOf!, (r) => String(truth[r]))).toBe(0);
    const clustered = new Set(run.clusterOf).size;
    expect(clustered).toBeLessThan(merged.length * 0.85);
  });
});
