#!/usr/bin/env node
// Writes the synthetic benchmark lists as CSV files: one per source, plus truth.csv
// (record id → person). Entirely synthetic people. (after npm run build)
// Usage: node bench/linkage/make-lists.mjs --people 20000 --out bench/out/lists [--seed 7]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SOURCES, generateList, generatePopulation, LIST_COLUMNS } from '../../dist/domain/demo/generate-linkage-lists.js';

const { values: args } = parseArgs({
  options: { people: { type: 'string', default: '20000' }, seed: { type: 'string', default: '7' }, out: { type: 'string', default: 'bench/out/lists' } },
});
const seed = Number(args.seed);
const population = generatePopulation(Number(args.people), seed);
mkdirSync(args.out, { recursive: true });
const quote = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const truth = ['id,person'];
DEFAULT_SOURCES.forEach((source, i) => {
  const records = generateList(population, source, seed * 31 + i);
  const lines = [LIST_COLUMNS.join(',')];
  for (const r of records) {
    lines.push(LIST_COLUMNS.map((c) => quote(r[c])).join(','));
    truth.push(`${r.id},${r.truth}`);
  }
  writeFileSync(join(args.out, `${source.name}.csv`), `${lines.join('\n')}\n`);
  console.log(`${join(args.out, `${source.name}.csv`)}: ${records.length} records`);
});
writeFileSync(join(args.out, 'truth.csv'), `${truth.join('\n')}\n`);
