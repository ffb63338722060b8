/**
 * Rows checked in a worker thread: the same batches, problems and all, as on the import's own
 * thread, and the same again when the worker runs out of memory and the rest is checked here.
 * A worker cannot load the TypeScript sources: the worker's side is driven from the build
 * (the test command builds first).
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckedBatch } from '../domain/importing/check-person-rows.js';
import { defaultMapping } from '../domain/importing/person-mapping.js';
import { type CheckRowsJob, checkOnThisThread } from './checked-rows.js';

const built = (await import(join(import.meta.dirname, '..', '..', 'dist', 'io', 'checked-rows.js'))) as typeof import('./checked-rows.js');
const HEADER = ['external_id', 'given_names', 'first_surname', 'second_surname', 'cedula'];

async function all(batches: AsyncIterable<CheckedBatch>) {
  const out: CheckedBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

describe('rows checked in a worker thread', () => {
  let dir: string;
  const jobOf = async (path: string, rest: Partial<CheckRowsJob> = {}): Promise<CheckRowsJob> => ({
    path,
    size: (await stat(path)).size,
    encoding: 'utf-8',
    delimiter: ',',
    mapping: defaultMapping(HEADER),
    headerLength: HEADER.length,
    batchSize: 5000,
    ...rest,
  });
  const writeRows = async (name: string, count: number) => {
    const lines = [HEADER.join(',')];
    for (let i = 1; i <= count; i++) {
      if (i % 997 === 0)
        lines.push(`P-${i},Ana,,Rojas,V-${10_000_000 + i}`); // no first surname
      else if (i % 1999 === 0)
        lines.push(`P-${i - 1},Luis,Paz,,V-${20_000_000 + i}`); // an id already used
      else if (i % 2999 === 0)
        lines.push(`P-${i},Eva,Mora,,V-${10_000_001}`); // a cédula already used
      else lines.push(`P-${i},María José,Pérez,González,V-${10_000_000 + i}`);
    }
    const path = join(dir, name);
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-checked-rows-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hands over the batches the import thread would have made, with every problem, and how far through the file they are', async () => {
    const path = await writeRows('rows.csv', 12_000);
    const job = await jobOf(path);
    const progress: number[] = [];
    const fromWorker = await all(built.checkedRows(job, (bytes) => progress.push(bytes)));
    const here = await all(checkOnThisThread(job));
    expect(fromWorker.map((b) => b.rows)).toEqual([5000, 5000, 2000]);
    expect(fromWorker).toEqual(here);
    const problems = fromWorker.flatMap((b) => b.problems.map((p) => p.reason));
    expect(problems.filter((r) => r === 'required and empty')).toHaveLength(12);
    expect(problems.filter((r) => r.startsWith('the same id is already on row'))).toHaveLength(6);
    expect(problems.filter((r) => r.startsWith('the same identifier is already on row'))).toHaveLength(4);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(job.size);
  });

  it('says why a file cannot be read, as the import thread would', async () => {
    const path = join(dir, 'stray-quote.csv');
    await writeFile(path, `${HEADER.join(',')}\nP-1,Ana,"Pérez,Rojas,V-1\n`);
    await expect(all(built.checkedRows(await jobOf(path)))).rejects.toMatchObject({ code: 'import_rejected', details: [{ row: expect.any(Number) }] });
  });

  it('finishes on this thread, repeating and skipping no row, when the ids outgrow the worker', async () => {
    const path = await writeRows('many.csv', 300_000);
    const job = await jobOf(path, { heapMb: 24 });
    // the worker alone gives up part-way
    const partial: CheckedBatch[] = [];
    const worker = built.fromWorker(job);
    let next = await worker.next();
    for (; !next.done; next = await worker.next()) partial.push(next.value);
    expect(next.value).toBe('out_of_memory');
    expect(partial.length).toBeGreaterThan(0); // some batches were handed over before it gave up
    expect(partial.length).toBeLessThan(60);
    // the import is given every batch once
    const batches = await all(built.checkedRows(job));
    expect(batches).toEqual(await all(checkOnThisThread(job)));
    expect(batches.reduce((n, b) => n + b.rows, 0)).toBe(300_000);
  });
});
