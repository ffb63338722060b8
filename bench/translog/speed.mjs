#!/usr/bin/env node
// Transparency-log speed on this machine (after npm run build). Prints figures; records nothing.
//   node bench/translog/speed.mjs [--entries 1000000] [--bytes 128] [--proofs 10000]
// 1. The raw SHA-256 work 1M appends require, alone: one leaf hash over 0x00 ‖ entry and one
//    node hash over 0x01 ‖ left ‖ right per entry (a tree of n leaves has n − 1 nodes).
// 2. The same entries appended to the log (leaf hash, then MerkleLog.append), in the same run.
// 3. Inclusion and consistency proofs in the 1M-leaf tree, each verified, timed one by one.
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { createRandom } from '../../dist/domain/demo/generate-persons.js';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../../dist/domain/translog/merkle.js';
import { MerkleLog } from '../../dist/domain/translog/merkle-log.js';

const { values: args } = parseArgs({
  options: { entries: { type: 'string', default: '1000000' }, bytes: { type: 'string', default: '128' }, proofs: { type: 'string', default: '10000' } },
});
const N = Number(args.entries);
const BYTES = Number(args.bytes);
const PROOFS = Number(args.proofs);
/** SHA-256 of the concatenated parts: the function the log is given. */
const sha256 = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const sha256Once = (data) => createHash('sha256').update(data).digest();
const random = createRandom(9162);
const entries = Array.from({ length: N }, () => Uint8Array.from({ length: BYTES }, () => random.int(0, 255)));

const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;

// 1. Raw hashing, inputs prepared beforehand (so their allocation is not counted).
const leafInputs = entries.map((entry) => {
  const data = new Uint8Array(entry.length + 1);
  data.set(entry, 1);
  return data;
});
const nodeInput = new Uint8Array(65);
nodeInput[0] = 1;
let started = process.hrtime.bigint();
for (const input of leafInputs) sha256Once(input);
for (let i = 1; i < N; i++) sha256Once(nodeInput);
const raw = seconds(started);

// 2. Appends.
const log = new MerkleLog(sha256);
started = process.hrtime.bigint();
for (const entry of entries) log.append(hashLeaf(sha256, entry));
const append = seconds(started);

// 3. Proofs, one at a time, each verified (verification not timed).
const root = log.root();
const times = [];
for (let i = 0; i < PROOFS; i++) {
  const index = random.int(0, N - 1);
  const t = process.hrtime.bigint();
  const proof = log.inclusionProof(index);
  times.push(seconds(t) * 1000);
  if (!verifyInclusion(sha256, index, N, log.leaf(index), proof, root).ok) throw new Error(`inclusion proof ${index} failed`);
}
const consistencyTimes = [];
for (let i = 0; i < PROOFS / 10; i++) {
  const first = random.int(1, N);
  const t = process.hrtime.bigint();
  const proof = log.consistencyProof(first);
  consistencyTimes.push(seconds(t) * 1000);
  if (!verifyConsistency(sha256, first, N, proof, log.root(first), root).ok) throw new Error(`consistency proof ${first} failed`);
}
const pct = (list, p) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))];

console.log(`machine: ${cpus().length} cores, node ${process.version}`);
console.log(`${N.toLocaleString('en')} entries of ${BYTES} bytes`);
console.log(`raw SHA-256 the appends require (${N} leaf + ${N - 1} node hashes): ${raw.toFixed(2)} s`);
console.log(`appending them to the log: ${append.toFixed(2)} s — ${(append / raw).toFixed(2)}× the raw hashing (target ≤ 1.5×)`);
console.log(
  `inclusion proof at size ${N.toLocaleString('en')}: mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(3)} ms, p99 ${pct(times, 0.99).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms (${times.length} proofs, all verified; target ≤ 1 ms)`,
);
console.log(
  `consistency proof to size ${N.toLocaleString('en')}: mean ${(consistencyTimes.reduce((a, b) => a + b, 0) / consistencyTimes.length).toFixed(3)} ms, p99 ${pct(consistencyTimes, 0.99).toFixed(3)} ms (${consistencyTimes.length} proofs, all verified)`,
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
