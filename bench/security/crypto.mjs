// What security costs: an Argon2id password hash at OWASP's parameters (every sign-in pays one,
// and so does every failure, the unknown names included), and sealing and opening a sensitive field
// (AES-256-GCM) and a person's data key. Prints figures; run `npm run build` first.
//   node bench/security/crypto.mjs [--hashes 40] [--fields 100000]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { hash, verify } from '@node-rs/argon2';
import { fieldContext, newSecretKey, open, seal } from '../../dist/io/secrets.js';
import { ARGON2_OPTIONS } from '../../dist/usecases/sign-in.js';

const { values } = parseArgs({ options: { hashes: { type: 'string', default: '40' }, fields: { type: 'string', default: '100000' } } });
const hashes = Number(values.hashes);
const fields = Number(values.fields);

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

await hash('warm up', ARGON2_OPTIONS);
const hashTimes = [];
let stored = '';
for (let i = 0; i < hashes; i++) {
  const t = performance.now();
  stored = await hash(`tres tristes tigres ${i}`, ARGON2_OPTIONS);
  hashTimes.push(performance.now() - t);
}
hashTimes.sort((a, b) => a - b);
const verifyStart = performance.now();
for (let i = 0; i < hashes; i++) await verify(stored, 'not the password');
const verifyMs = (performance.now() - verifyStart) / hashes;
console.log(
  `argon2id m=19456 t=2 p=1: hash p50 ${quantile(hashTimes, 0.5).toFixed(1)} ms, p95 ${quantile(hashTimes, 0.95).toFixed(1)} ms; verify ${verifyMs.toFixed(1)} ms (${hashes} each)`,
);

// Sign-ins one core can check per second, and with the thread pool (libuv's 4 threads).
const parallel = 16;
const t0 = performance.now();
await Promise.all(Array.from({ length: parallel }, () => verify(stored, 'not the password')));
console.log(`${parallel} concurrent verifications in ${(performance.now() - t0).toFixed(0)} ms`);

const key = newSecretKey();
const text = 'Diabetes tipo 1; necesita insulina a diario. Madre: +58 412 000 0000.';
const sealed = [];
let t = performance.now();
for (let i = 0; i < fields; i++) sealed.push(seal(key, text, fieldContext('person_sensitive', String(i), 'health')));
const sealMs = performance.now() - t;
t = performance.now();
for (let i = 0; i < fields; i++) open([key], sealed[i], fieldContext('person_sensitive', String(i), 'health'), 'x');
const openMs = performance.now() - t;
console.log(
  `AES-256-GCM, ${text.length}-character field: seal ${((fields / sealMs) * 1000).toFixed(0)}/s (${((sealMs * 1000) / fields).toFixed(1)} µs), open ${((fields / openMs) * 1000).toFixed(0)}/s (${((openMs * 1000) / fields).toFixed(1)} µs)`,
);
