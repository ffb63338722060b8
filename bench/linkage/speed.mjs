#!/usr/bin/env node
// Linkage speed on this machine (after npm run build). Prints figures; records nothing.
//   node bench/linkage/speed.mjs comparators            raw comparator speed, comparisons/s
//   node bench/linkage/speed.mjs link --records 100000  recuento link, N × N records (CLI, wall time, peak RSS)
//   node bench/linkage/speed.mjs dedupe --records 1000000
//   node bench/linkage/speed.mjs lookup --records 1000000   one record against an indexed registry
// Lists are synthetic (bench/out/linkage/, made once and reused).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SOURCES, generateList, generatePopulation, LIST_COLUMNS } from '../../dist/domain/demo/generate-linkage-lists.js';
import { createRandom } from '../../dist/domain/demo/generate-persons.js';
import { buildLinkIndex, encodeOne, linkRecords, lookupRecord } from '../../dist/domain/linkage/link-records.js';
import { LinkSettingsSchema } from '../../dist/domain/linkage/settings.js';
import { phoneticKey } from '../../dist/domain/linkage/spanish-phonetic.js';
import { damerauLevenshtein, isWithinOneEdit, jaroByScan, jaroWinkler } from '../../dist/domain/linkage/string-similarity.js';

const { positionals, values: args } = parseArgs({ allowPositionals: true, options: { records: { type: 'string', default: '100000' } } });
const mode = positionals[0] ?? 'comparators';
const n = Number(args.records);
const ROOT = new URL('../..', import.meta.url).pathname;
const OUT = join(ROOT, 'bench', 'out', 'linkage');
const SETTINGS = join(ROOT, 'linkage', 'registry.json');
mkdirSync(OUT, { recursive: true });

/** Two overlapping synthetic lists of `size` records each (same population). */
function lists(size) {
  const population = generatePopulation(Math.ceil(size / 0.55), 3);
  const left = generateList(population, { ...DEFAULT_SOURCES[0], coverage: 0.6 }, 1).slice(0, size);
  const right = generateList(population, { ...DEFAULT_SOURCES[1], coverage: 0.6 }, 2).slice(0, size);
  return [left, right];
}

function writeCsv(path, records) {
  const quote = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const chunks = [LIST_COLUMNS.join(',')];
  for (const r of records) chunks.push(LIST_COLUMNS.map((c) => quote(r[c])).join(','));
  writeFileSync(path, `${chunks.join('\n')}\n`);
}

function files(size) {
  const left = join(OUT, `left-${size}.csv`);
  const right = join(OUT, `right-${size}.csv`);
  if (!existsSync(left) || !existsSync(right)) {
    const [l, r] = lists(size);
    writeCsv(left, l);
    writeCsv(right, r);
  }
  return [left, right];
}

/** Runs the CLI, sampling its peak resident memory from /proc. */
function runCli(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'recuento.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peak = 0;
    child.stdout.on('data', (d) => (stdout += d));
    const timer = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
      } catch {}
    }, 100);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, seconds: (performance.now() - started) / 1000, peak });
    });
  });
}

function rate(count, seconds) {
  return `${(count / seconds / 1e6).toFixed(2)} M/s`;
}

if (mode === 'comparators') {
  const [l, r] = lists(50_000);
  const words = [...l, ...r]
    .flatMap((x) =>
      `${x.given_names} ${x.first_surname}`
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .split(/\s+/),
    )
    .filter(Boolean);
  const random = createRandom(1);
  // flat strings, as JSON parsing gives; each comparator in its own loop so the JIT sees one callee
  const flat = JSON.parse(JSON.stringify(words));
  const A = Array.from({ length: 1_000_000 }, () => flat[Math.floor(random.next() * flat.length)]);
  const B = Array.from({ length: 1_000_000 }, () => flat[Math.floor(random.next() * flat.length)]);
  const time = (label, fn) => {
    const loop = new Function('fn', 'A', 'B', 'let s = 0; for (let i = 0; i < A.length; i++) s += Number(fn(A[i], B[i])); return s;');
    loop(fn, A, B);
    const t = performance.now();
    loop(fn, A, B);
    const s = (performance.now() - t) / 1000;
    console.log(`${label.padEnd(40)} ${rate(A.length, s)}`);
  };
  console.log(
    `1,000,000 pairs of name words (mean length ${(words.reduce((s, w) => s + w.length, 0) / words.length).toFixed(1)}), one core, after a warm-up pass:`,
  );
  time('Jaro–Winkler (bit-parallel)', jaroWinkler);
  time('Jaro (textbook scan)', jaroByScan);
  time('Damerau–Levenshtein (full)', (a, b) => damerauLevenshtein(a, b));
  time('Damerau–Levenshtein ≤ 1 (linear test)', isWithinOneEdit);
  time('Spanish phonetic key of both words', (a, b) => phoneticKey(a) === phoneticKey(b));
} else if (mode === 'link' || mode === 'dedupe') {
  const [left, right] = files(n);
  const out = join(OUT, `pairs-${mode}-${n}.csv`);
  const cli = ['link', '-s', SETTINGS, '-l', left, ...(mode === 'link' ? ['-r', right] : []), '-o', out];
  console.log(`recuento ${cli.join(' ').replaceAll(ROOT, '')}`);
  const result = await runCli(cli);
  process.stdout.write(result.stdout);
  const compared = Number((/Compared ([\d,]+) pairs/.exec(result.stdout)?.[1] ?? '0').replaceAll(',', ''));
  console.log(
    `\n${mode} of ${n.toLocaleString('en-US')}${mode === 'link' ? ` × ${n.toLocaleString('en-US')}` : ''} records: ${result.seconds.toFixed(1)} s wall (reading the CSV files included), peak RSS ${(result.peak / 2 ** 30).toFixed(2)} GiB, ${compared.toLocaleString('en-US')} pairs compared, exit ${result.code}`,
  );
} else if (mode === 'lookup') {
  const settings = LinkSettingsSchema.parse(JSON.parse(readFileSync(SETTINGS, 'utf8')));
  const [registry, queries] = lists(n);
  const table = (records) => ({ ids: records.map((x) => x.id), columns: Object.fromEntries(LIST_COLUMNS.map((c) => [c, records.map((x) => x[c])])) });
  let t = performance.now();
  const sample = Math.min(100_000, n);
  const trained = linkRecords({ settings, left: table(registry.slice(0, sample)), right: table(queries.slice(0, sample)), random: createRandom(1).next });
  console.log(`model trained on ${sample.toLocaleString('en-US')} × ${sample.toLocaleString('en-US')}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const index = buildLinkIndex(settings, table(registry), trained.model);
  console.log(
    `registry of ${n.toLocaleString('en-US')} indexed: ${((performance.now() - t) / 1000).toFixed(1)} s, RSS ${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB`,
  );
  const times = [];
  let found = 0;
  for (const q of queries.slice(0, 2000)) {
    const start = performance.now();
    const best = lookupRecord(index, encodeOne(trained.model, q), 5);
    times.push(performance.now() - start);
    if (best[0] && registry[best[0].record].truth === q.truth && best[0].probability >= 0.9) found++;
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.floor(p * (times.length - 1))].toFixed(2);
  console.log(`2,000 lookups: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms; ${found} found their person at ≥ 0.9`);
} else {
  console.error(`unknown mode ${mode}: comparators, link, dedupe or lookup`);
  process.exit(2);
}
