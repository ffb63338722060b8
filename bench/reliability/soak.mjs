#!/usr/bin/env node
// Soak: `recuento serve` under a mixed load for a while — anonymous readers (counts, the
// persons list, the log's checkpoint, the public page), a documenter's writes (persons and
// their events) and the organisation's publications into the log — at a steady rate the
// machine holds. Prints the requests, the errors (5xx or no answer; a 503 "busy" shed by the
// load gate is counted apart), latency percentiles per kind, and the server's memory over time.
// Usage: node bench/reliability/soak.mjs [--minutes 10] [--rate 40] [--persons 2000]   (after npm run build)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, rate: { type: 'string', default: '40' }, persons: { type: 'string', default: '2000' } },
});
const BIN = new URL('../../bin/recuento.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'recuento-soak-'));
const data = join(dir, 'data');

const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, DATABASE_URL: '', RECUENTO_DEMO_PERSONS: args.persons },
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const match = /running at (http:\/\/\S+?)\/?\n/.exec(out);
    if (match) resolve(match[1]);
  });
  child.on('close', (code) => reject(new Error(`serve exited with ${code}`)));
});
const token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
const staff = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const latencies = new Map();
let errors = 0;
let shed = 0;
let sent = 0;
const errorKinds = new Map();
async function timed(kind, request) {
  const started = performance.now();
  sent++;
  try {
    const response = await request();
    const text = await response.text();
    if (response.status === 503) shed++;
    else if (response.status >= 500) {
      errors++;
      errorKinds.set(`${kind} ${response.status}`, (errorKinds.get(`${kind} ${response.status}`) ?? 0) + 1);
    }
    const list = latencies.get(kind) ?? [];
    list.push(performance.now() - started);
    latencies.set(kind, list);
    return { status: response.status, text };
  } catch (error) {
    errors++;
    errorKinds.set(`${kind} ${error.code ?? error.message}`, (errorKinds.get(`${kind} ${error.code ?? error.message}`) ?? 0) + 1);
    return null;
  }
}

let n = 0;
const mix = [
  ...Array(3).fill(() => timed('public counts', () => fetch(`${url}/api/counts?by=${['status', 'facility', 'month', 'occupation'][n % 4]}`))),
  ...Array(3).fill(() => timed('public persons list', () => fetch(`${url}/api/persons?limit=20&offset=${(n * 37) % 1500}`))),
  () => timed('public log checkpoint', () => fetch(`${url}/api/log/checkpoint`)),
  () => timed('public page', () => fetch(`${url}/`)),
  async () => {
    const made = await timed('staff writes', () =>
      fetch(`${url}/api/persons`, {
        method: 'POST',
        headers: staff,
        body: JSON.stringify({ givenNames: `Sintética ${n}`, firstSurname: 'Carga', consent: 'public' }),
      }),
    );
    if (made?.status === 201) {
      const { id } = JSON.parse(made.text);
      if (id)
        await timed('staff writes', () =>
          fetch(`${url}/api/events`, { method: 'POST', headers: staff, body: JSON.stringify({ personId: id, kind: 'detained', occurredOn: '2026-01-10' }) }),
        );
    }
  },
  () => timed('staff reads', () => fetch(`${url}/api/persons?limit=50&status=detained`, { headers: staff })),
];

const seconds = Number(args.minutes) * 60;
const rate = Number(args.rate);
const memory = [[0, rss()]];
const started = performance.now();
const inFlight = new Set();
let lastPublication = 0;
while ((performance.now() - started) / 1000 < seconds) {
  const elapsed = (performance.now() - started) / 1000;
  if (elapsed - lastPublication >= 30) {
    lastPublication = elapsed;
    const p = timed('publications', () => fetch(`${url}/api/log/publications/counts`, { method: 'POST', headers: staff, body: '{}' }));
    inFlight.add(p);
    p.finally(() => inFlight.delete(p));
  }
  if (Math.floor(elapsed / 30) >= memory.length) memory.push([Math.round(elapsed), rss()]);
  const job = mix[n++ % mix.length]();
  inFlight.add(job);
  job.finally(() => inFlight.delete(job));
  if (inFlight.size > 64) await Promise.race(inFlight);
  await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
}
await Promise.all(inFlight);
memory.push([seconds, rss()]);
child.kill('SIGTERM');

const pct = (list, p) => list.sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((p / 100) * list.length))];
console.log(`${args.minutes} min at ${rate} requests/s: ${sent} requests, ${errors} errors, ${shed} shed (503 busy)`);
for (const [kind, count] of errorKinds) console.log(`  error: ${kind} × ${count}`);
for (const [kind, list] of latencies)
  console.log(
    `  ${kind.padEnd(22)} n=${String(list.length).padStart(6)}  p50 ${pct(list, 50).toFixed(1)} ms  p95 ${pct(list, 95).toFixed(1)} ms  p99 ${pct(list, 99).toFixed(1)} ms`,
  );
console.log(`server memory (RSS, MiB) by second: ${memory.map(([t, m]) => `${t}s ${m.toFixed(0)}`).join(', ')}`);
rmSync(dir, { recursive: true, force: true });
process.exit(errors > 0 ? 1 : 0);
