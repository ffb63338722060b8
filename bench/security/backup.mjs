// What sealing a backup costs: the same database dumped to a plain gzip file and to a sealed backup
// (gzip, then AES-256-GCM in 64 KiB chunks), then read back. Synthetic persons in an embedded
// database in memory. Prints figures; run `npm run build` first.
//   node bench/security/backup.mjs [--persons 20000]
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs, promisify } from 'node:util';
import { createGzip, gzip } from 'node:zlib';
import { generateDemoPersons } from '../../dist/domain/demo/generate-persons.js';
import { readBackupLines, writeBackupFile } from '../../dist/io/backup-file.js';
import { newSecretKey } from '../../dist/io/secrets.js';
import { openStore } from '../../dist/store/database.js';
import { dumpDatabase } from '../../dist/store/dump.js';
import { migrateToLatest } from '../../dist/store/migrate.js';
import { insertDemoPersons } from '../../dist/store/seed-demo.js';

const { values } = parseArgs({ options: { persons: { type: 'string', default: '20000' } } });
const persons = Number(values.persons);
const dir = mkdtempSync(join(tmpdir(), 'recuento-bench-backup-'));
const store = await openStore({ dataDir: 'memory://' });
try {
  await migrateToLatest(store.db);
  await insertDemoPersons(store.db, generateDemoPersons(persons, 7));
  const keys = { current: newSecretKey(), retired: [] };

  let t = performance.now();
  const lines = [];
  await dumpDatabase(store.db, 'bench', (line) => {
    lines.push(line);
  });
  const dumpMs = performance.now() - t;
  t = performance.now();
  const plainPath = join(dir, 'plain.jsonl.gz');
  await writeFile(plainPath, await promisify(gzip)(`${lines.join('\n')}\n`));
  const gzipMs = performance.now() - t;

  // The former backup: the same dump streamed through gzip into a file, unsealed.
  t = performance.now();
  const streamedPath = join(dir, 'streamed.jsonl.gz');
  const text = new PassThrough();
  const done = pipeline(text, createGzip(), createWriteStream(streamedPath));
  await dumpDatabase(store.db, 'bench', async (line) => {
    if (!text.write(`${line}\n`)) await new Promise((resolve) => text.once('drain', resolve));
  });
  text.end();
  await done;
  const streamedMs = performance.now() - t;

  t = performance.now();
  const sealedPath = join(dir, 'sealed.backup');
  await writeBackupFile(store.db, 'bench', sealedPath, keys);
  const sealedMs = performance.now() - t;

  t = performance.now();
  let read = 0;
  for await (const _ of readBackupLines(sealedPath, [keys.current], dir)) read++;
  const openMs = performance.now() - t;
  t = performance.now();
  for await (const _ of readBackupLines(plainPath, [], dir)) read--;
  const plainReadMs = performance.now() - t;

  const mb = (path) => (statSync(path).size / 1024 ** 2).toFixed(1);
  console.log(`${persons} persons, ${lines.length} lines in the dump`);
  console.log(`dump to memory ${dumpMs.toFixed(0)} ms; + gzip in one go ${gzipMs.toFixed(0)} ms -> ${mb(plainPath)} MiB plain`);
  console.log(`plain backup written (dump, gzip, streamed) ${streamedMs.toFixed(0)} ms -> ${mb(streamedPath)} MiB`);
  console.log(`sealed backup written (dump, gzip, seal, streamed) ${sealedMs.toFixed(0)} ms -> ${mb(sealedPath)} MiB`);
  console.log(`read back: sealed ${openMs.toFixed(0)} ms, plain gzip ${plainReadMs.toFixed(0)} ms (${read === 0 ? 'same lines' : 'LINES DIFFER'})`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
