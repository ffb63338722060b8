#!/usr/bin/env node
// The transparency log with its durable store, on PGlite (default) or the PostgreSQL in DATABASE_URL
// (after npm run build). Prints figures; records nothing.
//   node bench/translog/store.mjs [--entries 1000000] [--batch 100000] [--proofs 2000]
// 1. Appending: publications of --batch count entries each (the shape of a published list: one
//    entry per person), each in one transaction with its signed checkpoint, until --entries.
// 2. Opening: a new TransparencyLog over the stored log (reads the tiles — one root per 256 entries —
//    and the last chunk's leaf hashes, checks the newest checkpoint): what a server start costs.
// 3. Serving: inclusion proofs for random entries through the service (each verified against the
//    signed checkpoint's root), and entry pages of 1,000.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashLeaf, verifyInclusion } from '../../dist/domain/translog/merkle.js';
import { parseCheckpoint, parseNote } from '../../dist/domain/translog/signed-note.js';
import { signingKeyOf } from '../../dist/io/log-keys.js';
import { sha256 } from '../../dist/io/node-crypto.js';
import { openStore } from '../../dist/store/database.js';
import { migrateToLatest } from '../../dist/store/migrate.js';
import { TransparencyLog } from '../../dist/usecases/transparency-log.js';

const { values: args } = parseArgs({
  options: { entries: { type: 'string', default: '1000000' }, batch: { type: 'string', default: '100000' }, proofs: { type: 'string', default: '2000' } },
});
const N = Number(args.entries);
const BATCH = Number(args.batch);
const PROOFS = Number(args.proofs);
const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const store = await openStore(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory://' });
await migrateToLatest(store.db);
const key = signingKeyOf('bench.recuento/log', randomBytes(32), 'log');
const log = await TransparencyLog.open(store.db, key);

// 1. Appends, one publication per batch, each entry a committed list entry (the larger kind).
const list = '01900000-0000-7000-8000-000000000000';
let started = process.hrtime.bigint();
const batchTimes = [];
for (let first = 0; first < N; first += BATCH) {
  const size = Math.min(BATCH, N - first);
  const entries = Array.from({ length: size }, (_, i) => ({
    type: 'list-entry',
    list,
    position: first + i + 1,
    level: 'reported',
    commitment: randomBytes(32).toString('hex'),
  }));
  const t = process.hrtime.bigint();
  await log.append({ kind: 'list', title: `bench ${first}`, createdBy: 'bench', entries });
  batchTimes.push(seconds(t));
}
const appendSeconds = seconds(started);

// 2. Opening the stored log.
started = process.hrtime.bigint();
const reopened = await TransparencyLog.open(store.db, key);
const openSeconds = seconds(started);

// 3. Proofs through the service, verified against the newest checkpoint.
const { note } = await reopened.checkpoint();
const checkpoint = parseCheckpoint(parseNote(note).text);
const times = [];
let failures = 0;
for (let i = 0; i < PROOFS; i++) {
  const index = Math.floor(Math.random() * checkpoint.size);
  const t = process.hrtime.bigint();
  const { leafHash, proof } = await reopened.inclusionProof(index, checkpoint.size);
  times.push(seconds(t) * 1000);
  if (!verifyInclusion(sha256, index, checkpoint.size, leafHash, proof, checkpoint.root).ok) failures++;
}
times.sort((a, b) => a - b);
started = process.hrtime.bigint();
let pages = 0;
for (let start = 0; start < Math.min(checkpoint.size, 100_000); start += 1000) {
  const page = await reopened.entries(start, start + 1000);
  if (Buffer.from(hashLeaf(sha256, new TextEncoder().encode(page[0].data))).toString('hex') !== page[0].leafHash) failures++;
  pages++;
}
const pageMs = (seconds(started) * 1000) / pages;

console.log(`database: ${store.kind}; entries: ${checkpoint.size.toLocaleString()} in publications of ${BATCH.toLocaleString()}`);
console.log(
  `append (store + sign): ${appendSeconds.toFixed(1)} s, ${Math.round(N / appendSeconds).toLocaleString()} entries/s; per publication ${Math.min(...batchTimes).toFixed(2)}–${Math.max(...batchTimes).toFixed(2)} s`,
);
console.log(`open (read the tiles and the last chunk, check checkpoint): ${openSeconds.toFixed(2)} s`);
console.log(
  `inclusion proof via the service (${PROOFS}, verified): mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(3)} ms, p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms, max ${times.at(-1).toFixed(1)} ms; failures ${failures}`,
);
console.log(`entry page of 1,000: ${pageMs.toFixed(1)} ms`);
console.log(`rss ${(process.memoryUsage().rss / 1024 ** 3).toFixed(2)} GiB`);
await store.close();
