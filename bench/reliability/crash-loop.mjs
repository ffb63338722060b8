#!/usr/bin/env node
// Crash loop: `recuento serve` killed with SIGKILL at random moments while it takes writes —
// persons created one by one, CSV imports, merges, list and count publications into the
// transparency log — then started again, N times. After every restart:
//   · the log's newest checkpoint extends the one seen before the kill (`recuento log verify
//     --previous … --server …`: no entry lost or rewritten, nothing forked);
//   · the audit trail's hash chain verifies (GET /api/audit/verify);
//   · every write the server acknowledged (a 201 received before the kill) is there: each
//     person by id, each import's persons by external id, each merge, each publication's entries in the log.
// Prints the kills, the writes acknowledged and checked, and any failure (and exits 1 on one).
// Then `recuento restore` is killed at random moments, --restores times: after each, the registry
// is wholly as it was or wholly the backup's — never a mixture — its audit chain verifies and its
// log's checkpoint is signed and served.
// Usage: node bench/reliability/crash-loop.mjs [--kills 100] [--restores 10] [--seed 1]   (after npm run build)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { kills: { type: 'string', default: '100' }, restores: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' } },
});
const BIN = new URL('../../bin/recuento.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'recuento-crash-'));
const data = join(dir, 'data');
let seed = Number(args.seed);
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

function serve() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-demo', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /running at (http:\/\/\S+?)\/?\n/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => reject(new Error(`serve exited with ${code}: ${err.slice(-2000)}`)));
  });
}

const acknowledged = { persons: [], imported: [], publications: [], merges: [] };
const failures = [];
let checkedWrites = 0;
let importNo = 0;

async function workload(url, token, stop) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const jobs = [];
  // persons one by one
  jobs.push(
    (async () => {
      for (let n = 0; !stop.now; n++) {
        const response = await fetch(`${url}/api/persons`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ givenNames: `Sintética ${n}`, firstSurname: 'Caída', consent: 'aggregate_only' }),
        }).catch(() => null);
        if (response?.status === 201) acknowledged.persons.push((await response.json()).id);
      }
    })(),
  );
  // imports of 300 rows each
  jobs.push(
    (async () => {
      while (!stop.now) {
        const batch = ++importNo;
        const rows = Array.from({ length: 300 }, (_, i) => `CRASH-${batch}-${i},Persona ${i},Sintética,${batch}`);
        const form = new FormData();
        form.set('file', new Blob([`external_id,given_names,first_surname,second_surname\n${rows.join('\n')}\n`], { type: 'text/csv' }), 'lote.csv');
        const response = await fetch(`${url}/api/imports/persons`, { method: 'POST', headers: { authorization: headers.authorization }, body: form }).catch(
          () => null,
        );
        if (response?.status === 201) acknowledged.imported.push(batch);
      }
    })(),
  );
  // merges of two persons made for it
  jobs.push(
    (async () => {
      while (!stop.now) {
        const pair = [];
        for (const name of ['Fusión A', 'Fusión B']) {
          const made = await fetch(`${url}/api/persons`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ givenNames: name, firstSurname: 'Duplicada', consent: 'private' }),
          }).catch(() => null);
          if (made?.status !== 201) return;
          pair.push((await made.json()).id);
        }
        const merged = await fetch(`${url}/api/persons/merges`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ keepId: pair[0], mergeId: pair[1], force: true }),
        }).catch(() => null);
        if (merged?.status === 201) acknowledged.merges.push(pair);
      }
    })(),
  );
  // publications into the log
  jobs.push(
    (async () => {
      while (!stop.now) {
        const kind = random() < 0.5 ? 'counts' : 'list';
        const body = kind === 'list' ? { title: 'Lista de prueba (sintética)', statuses: ['unknown', 'detained'] } : {};
        const response = await fetch(`${url}/api/log/publications/${kind}`, { method: 'POST', headers, body: JSON.stringify(body) }).catch(() => null);
        if (response?.status === 201) acknowledged.publications.push(await response.json());
      }
    })(),
  );
  return Promise.all(jobs);
}

async function check(url, token, previousCheckpoint) {
  const headers = { authorization: `Bearer ${token}` };
  const audit = await (await fetch(`${url}/api/audit/verify`, { headers })).json();
  if (!audit.ok) failures.push(`audit chain broken: ${JSON.stringify(audit).slice(0, 300)}`);
  for (const id of acknowledged.persons.splice(0)) {
    const response = await fetch(`${url}/api/persons/${id}`, { headers });
    checkedWrites++;
    if (response.status !== 200) failures.push(`acknowledged person ${id} missing (${response.status})`);
  }
  for (const [kept, merged] of acknowledged.merges.splice(0)) {
    checkedWrites++;
    const list = await (await fetch(`${url}/api/persons/merges`, { headers })).json();
    if (!list.some((m) => m.keptPersonId === kept && m.mergedPersonId === merged)) failures.push(`acknowledged merge of ${merged} into ${kept} missing`);
  }
  if (acknowledged.imported.length > 0) {
    const exported = await (await fetch(`${url}/api/exports/persons.json`, { headers })).text();
    for (const batch of acknowledged.imported.splice(0)) {
      checkedWrites++;
      if (!exported.includes(`"CRASH-${batch}-299"`) || !exported.includes(`"CRASH-${batch}-0"`)) failures.push(`acknowledged import ${batch} missing`);
    }
  }
  const checkpointText = await (await fetch(`${url}/api/log/checkpoint`)).text();
  const size = Number(checkpointText.split('\n')[1]);
  for (const p of acknowledged.publications.splice(0)) {
    checkedWrites++;
    if (p.size > size) failures.push(`acknowledged publication ending at ${p.size} beyond the log's size ${size}`);
  }
  const current = join(dir, 'current.ckpt');
  writeFileSync(current, checkpointText);
  if (previousCheckpoint) {
    const previous = join(dir, 'previous.ckpt');
    writeFileSync(previous, previousCheckpoint);
    const verified = spawnSync(process.execPath, [BIN, 'log', 'verify', '-c', current, '-p', previous, '-k', join(data, 'log-signing.pub'), '--server', url], {
      encoding: 'utf8',
    });
    if (verified.status !== 0) failures.push(`log verify failed: ${verified.stdout.slice(-500)}`);
  }
  return checkpointText;
}

const kills = Number(args.kills);
const started = performance.now();
let checkpoint = null;
let restartMs = 0;
for (let k = 0; k <= kills; k++) {
  const t = performance.now();
  const { child, url } = await serve();
  if (process.env.DEBUG_CRASH) process.stderr.write(`started ${url}\n`);
  restartMs += performance.now() - t;
  const token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
  checkpoint = await check(url, token, checkpoint);
  if (k === kills) {
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGTERM');
    await closed;
    break;
  }
  const stop = { now: false };
  const work = workload(url, token, stop);
  await new Promise((resolve) => setTimeout(resolve, 100 + random() * 1900));
  // the last checkpoint a reader saw before the crash
  checkpoint = await (await fetch(`${url}/api/log/checkpoint`)).text().catch(() => checkpoint);
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGKILL');
  stop.now = true;
  await work.catch(() => {});
  await closed;
  if ((k + 1) % 10 === 0) process.stderr.write(`${k + 1} kills, ${checkedWrites} acknowledged writes checked, ${failures.length} failures\n`);
}
console.log(
  `${kills} kills (SIGKILL during person writes, imports, merges and log publications): ${checkedWrites} acknowledged writes checked, ` +
    `${failures.length} failures; mean restart ${(restartMs / (kills + 1) / 1000).toFixed(2)} s; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
);

// — restores killed half-way
const restores = Number(args.restores);
if (restores > 0) {
  const total = async (url, token) => (await (await fetch(`${url}/api/persons?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()).total;
  const stopServer = async (child) => {
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGTERM');
    await closed;
  };
  let { child, url } = await serve();
  let token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
  const backup = await (await fetch(`${url}/api/backups`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json();
  const inBackup = await total(url, token);
  for (let i = 0; i < 40; i++)
    await fetch(`${url}/api/persons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ givenNames: `Después ${i}`, firstSurname: 'Respaldo', consent: 'private' }),
    });
  const afterBackup = await total(url, token);
  await stopServer(child);
  let completed = 0;
  let killed = 0;
  for (let r = 0; r < restores; r++) {
    const restore = spawn(process.execPath, [BIN, 'restore', join(data, 'backups', backup.file), '--force', '--data', data], { stdio: 'ignore' });
    const closed = new Promise((resolve) => restore.once('close', resolve));
    const timer = setTimeout(() => restore.kill('SIGKILL'), 500 + random() * 9000);
    const code = await closed;
    clearTimeout(timer);
    if (code === 0) completed++;
    else killed++;
    ({ child, url } = await serve());
    token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
    const now = await total(url, token);
    if (now !== inBackup && now !== afterBackup)
      failures.push(`after a restore killed half-way: ${now} persons, neither the ${afterBackup} before nor the backup's ${inBackup}`);
    const audit = await (await fetch(`${url}/api/audit/verify`, { headers: { authorization: `Bearer ${token}` } })).json();
    if (!audit.ok) failures.push(`audit chain broken after a restore: ${JSON.stringify(audit).slice(0, 200)}`);
    const current = join(dir, 'restored.ckpt');
    writeFileSync(current, await (await fetch(`${url}/api/log/checkpoint`)).text());
    const verified = spawnSync(process.execPath, [BIN, 'log', 'verify', '-c', current, '-k', join(data, 'log-signing.pub'), '--server', url], {
      encoding: 'utf8',
    });
    if (verified.status !== 0) failures.push(`log checkpoint not verified after a restore: ${verified.stdout.slice(-300)}`);
    await stopServer(child);
  }
  console.log(
    `${restores} restores killed at random moments (${killed} killed, ${completed} finished first): the registry whole each time — ${failures.length} failures in all`,
  );
}
for (const f of failures.slice(0, 20)) console.log(`  ${f}`);
rmSync(dir, { recursive: true, force: true });
process.exit(failures.length > 0 ? 1 : 0);
