#!/usr/bin/env node
// Linkage quality on the synthetic Venezuelan benchmark (ground truth known): pairwise
// precision, recall and F1, B-cubed F1 and clusters holding two cédulas, across
// thresholds, for deduplicating the merged lists and for linking two of them.
// Usage: node bench/linkage/quality.mjs [--people 20000] [--seed 7]   (after npm run build)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_SOURCES, generateList, generatePopulation, LIST_COLUMNS } from '../../dist/domain/demo/generate-linkage-lists.js';
import { createRandom } from '../../dist/domain/demo/generate-persons.js';
import { clusterRecords } from '../../dist/domain/linkage/cluster-pairs.js';
import { countConflictingClusters, countTruePairs, scoreClusters, scorePairs } from '../../dist/domain/linkage/evaluate-linkage.js';
import { linkRecords } from '../../dist/domain/linkage/link-records.js';
import { LinkSettingsSchema } from '../../dist/domain/linkage/settings.js';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '7' },
    settings: { type: 'string' },
    'cedula-missing': { type: 'string' },
  },
});
const people = Number(args.people);
const seed = Number(args.seed);
const settingsPath = args.settings ?? new URL('../../linkage/registry.json', import.meta.url);
const settings = LinkSettingsSchema.parse(JSON.parse(readFileSync(settingsPath, 'utf8')));
const THRESHOLDS = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999];

const population = generatePopulation(people, seed);
// --cedula-missing p: every source leaves the cédula out of a share p of its rows (default: each source's own rate)
const sources = DEFAULT_SOURCES.map((s) => (args['cedula-missing'] === undefined ? s : { ...s, cedulaMissing: Number(args['cedula-missing']) }));
const lists = sources.map((source, i) => generateList(population, source, seed * 31 + i));
const toTable = (records) => ({ ids: records.map((r) => r.id), columns: Object.fromEntries(LIST_COLUMNS.map((c) => [c, records.map((r) => r[c])])) });
const cedulaDigits = (r) => (r.cedula === '' ? null : r.cedula.replace(/\D/g, ''));

function report(title, run, records, sides) {
  const truth = Int32Array.from(records, (r) => r.truth);
  const truePairs = countTruePairs(truth, sides);
  console.log(`\n## ${title}`);
  console.log(`records ${records.length}, true pairs ${truePairs}, compared ${run.comparedPairs}, λ ${run.model.parameters.lambda.toExponential(2)}`);
  for (const s of run.sessions) console.log(`  EM on "${s.rule}": ${s.pairs} pairs, ${s.iterations} iterations, m of ${s.estimated.join(', ')}`);
  for (const rule of run.rules)
    console.log(
      `  rule "${rule.name}": ${rule.comparisons} comparisons${rule.skippedBlocks ? `, ${rule.skippedBlocks} blocks skipped (${rule.recordsInSkippedBlocks} records)` : ''}`,
    );
  console.log('threshold | pairs | precision | recall | F1 | B3 precision | B3 recall | B3 F1 | clusters with 2 cédulas');
  for (const t of THRESHOLDS) {
    const keep = [];
    for (let i = 0; i < run.pairs.count; i++) if (run.pairs.probability[i] >= t) keep.push(i);
    const sub = {
      count: keep.length,
      left: Int32Array.from(keep, (i) => run.pairs.left[i]),
      right: Int32Array.from(keep, (i) => run.pairs.right[i]),
      weight: Float64Array.from(keep, (i) => run.pairs.weight[i]),
      probability: Float64Array.from(keep, (i) => run.pairs.probability[i]),
    };
    const p = scorePairs(sub.left, sub.right, sub.count, truth, truePairs);
    let line = `${t} | ${sub.count} | ${p.precision.toFixed(4)} | ${p.recall.toFixed(4)} | ${p.f1.toFixed(4)}`;
    if (!sides) {
      const ids = new Map();
      const exclusive = [
        Int32Array.from(records, (r) => {
          const d = cedulaDigits(r);
          if (d === null) return -1;
          if (!ids.has(d)) ids.set(d, ids.size);
          return ids.get(d);
        }),
      ];
      const { clusterOf } = clusterRecords(records.length, sub, exclusive);
      const b = scoreClusters(clusterOf, truth);
      const conflicts = countConflictingClusters(clusterOf, (r) => cedulaDigits(records[r]));
      line += ` | ${b.precision.toFixed(4)} | ${b.recall.toFixed(4)} | ${b.f1.toFixed(4)} | ${conflicts}`;
    }
    console.log(line);
  }
  // recall at 0.9 by the evidence a true pair carries, and with the review band (0.2 ≤ p < 0.9) counted as found
  const found = new Map();
  for (let i = 0; i < run.pairs.count; i++) {
    const key = `${Math.min(run.pairs.left[i], run.pairs.right[i])}|${Math.max(run.pairs.left[i], run.pairs.right[i])}`;
    found.set(key, Math.max(found.get(key) ?? 0, run.pairs.probability[i]));
  }
  const classes = new Map();
  const byPerson = new Map();
  for (const [i, r] of records.entries()) {
    if (!byPerson.has(r.truth)) byPerson.set(r.truth, []);
    byPerson.get(r.truth).push(i);
  }
  for (const members of byPerson.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const [a, b] = [members[x], members[y]];
        if (sides && sides[a] === sides[b]) continue;
        const ra = records[a];
        const rb = records[b];
        const evidence = ra.cedula && rb.cedula ? 'both carry a cédula' : ra.birth_date && rb.birth_date ? 'no shared cédula, both a birth date' : 'names only';
        const entry = classes.get(evidence) ?? { n: 0, at: 0, review: 0 };
        const p = found.get(`${a}|${b}`) ?? 0;
        entry.n++;
        if (p >= 0.9) entry.at++;
        if (p >= 0.2) entry.review++;
        classes.set(evidence, entry);
      }
    }
  }
  for (const [evidence, e] of classes) {
    console.log(`  ${evidence}: ${e.n} true pairs, recall ${(e.at / e.n).toFixed(4)} at 0.9, ${(e.review / e.n).toFixed(4)} counting the review band (≥ 0.2)`);
  }
}

console.log(
  `# Linkage quality: ${people} synthetic people, seed ${seed}, sources ${lists.map((l, i) => `${sources[i].name} ${l.length} (cédula missing ${sources[i].cedulaMissing * 100} %)`).join(', ')}`,
);
const merged = lists.flat();
let started = performance.now();
const dedupe = linkRecords({ settings, left: toTable(merged), threshold: 0.01, random: createRandom(seed).next });
console.log(`dedupe run: ${((performance.now() - started) / 1000).toFixed(1)} s`);
report('Deduplicating the three lists merged', dedupe, merged);

const [ngo, government] = lists;
started = performance.now();
const link = linkRecords({ settings, left: toTable(government), right: toTable(ngo), threshold: 0.01, random: createRandom(seed).next });
console.log(`\nlink run: ${((performance.now() - started) / 1000).toFixed(1)} s`);
const both = [...government, ...ngo];
const sides = Uint8Array.from(both, (_, i) => (i < government.length ? 0 : 1));
report('Linking the government list to the NGO list (one-to-one)', link, both, sides);

if (process.env.SHOW_MODEL) {
  const { comparisons, parameters, weights } = dedupe.model;
  for (let c = 0; c < comparisons.length; c++) {
    console.log(`\n${comparisons[c].name}`);
    for (const [i, label] of comparisons[c].levels.entries()) {
      console.log(
        `  ${label.padEnd(60)} m ${parameters.m[c][i + 1].toFixed(4)} u ${parameters.u[c][i + 1].toExponential(2)} w ${weights[c][i + 1].toFixed(2)}`,
      );
    }
  }
}
