/**
 * A persons CSV read and checked row by row (src/domain/importing/check-person-rows.ts) in a
 * worker thread, handed over in batches: the import's own thread, which on the embedded
 * database also runs PGlite, only writes, while the next rows are read, parsed and checked
 * beside it. Two batches at most wait for the writer, so memory stays bounded. Run from the
 * sources (the tests' TypeScript, which a worker cannot load), or when a file's ids outgrow the
 * worker's heap, the rows are checked on the calling thread instead: the same code, the same batches.
 */
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { type CheckedBatch, checkPersonRows } from '../domain/importing/check-person-rows.js';
import type { PersonMapping } from '../domain/importing/person-mapping.js';
import { AppError, type ErrorCode } from '../shared/app-error.js';
import { type Delimiter, type Encoding, openCsv } from './read-csv.js';

/** The file (its size in bytes, to set the worker's memory), how to read it, and how to check its rows. */
export type CheckRowsJob = {
  path: string;
  size: number;
  encoding: Encoding;
  delimiter: Delimiter;
  mapping: PersonMapping;
  headerLength: number;
  batchSize: number;
  /** The worker's heap in MB; by default from the file's size. */
  heapMb?: number;
};

/** What the worker sends: a batch, the end, or why it stopped. */
export type CheckRowsMessage =
  | { kind: 'batch'; batch: CheckedBatch }
  | { kind: 'done' }
  | { kind: 'failed'; error: { code: ErrorCode | null; message: string; publicMessage: string; details: AppError['details'] } };

/** Batches the writer has not taken yet that the worker may send ahead. */
export const BATCHES_AHEAD = 2;

const WORKER = new URL('./check-rows-worker.js', import.meta.url);
const COMPILED = import.meta.url.endsWith('.js');

/** The job's rows checked, batch by batch; `onBytes` reports how far through the file they are. */
export async function* checkedRows(job: CheckRowsJob, onBytes?: (bytesRead: number) => void): AsyncGenerator<CheckedBatch> {
  let handed = 0;
  let shown = 0;
  const progress = (bytes: number) => {
    if (bytes <= shown) return;
    shown = bytes;
    onBytes?.(bytes);
  };
  if (COMPILED) {
    const before = await identity(job.path);
    const source = fromWorker(job);
    try {
      for (;;) {
        const next = await source.next();
        if (next.done) {
          if (next.value === 'done') return;
          break; // out of memory: the rest is checked here
        }
        handed++;
        progress(next.value.bytesRead);
        yield next.value;
      }
    } finally {
      await source.return('done');
    }
    // the batches handed over are skipped only if they are the same rows: the file must not have changed
    if ((await identity(job.path)) !== before) throw changed(job.path);
  }
  // On this thread — from the sources, or after the worker ran out of memory: the file is read
  // again from its start (the checks need every id seen), and the batches already handed over,
  // cut at the same rows, are skipped.
  let k = 0;
  for await (const batch of checkOnThisThread(job)) {
    progress(batch.bytesRead);
    if (k++ < handed) continue;
    yield batch;
  }
  if (k < handed) throw changed(job.path);
}

/** What tells a file's versions apart: its size, its last change, its inode. */
async function identity(path: string): Promise<string> {
  const { size, mtimeMs, ino } = await stat(path);
  return `${size} ${mtimeMs} ${ino}`;
}

const changed = (path: string) =>
  new AppError('import_rejected', 'file changed during import', {
    publicMessage: `${path} changed while it was being imported. Nothing was written: import it again once it is complete.`,
  });

/**
 * The batches from a worker; ends 'done', or 'out_of_memory' when the file's ids did not fit in
 * the heap set aside (a file of very short rows: about 200 bytes a row are kept).
 */
export async function* fromWorker(job: CheckRowsJob): AsyncGenerator<CheckedBatch, 'done' | 'out_of_memory'> {
  // the checks keep every id and identifier seen (about 200 MB a million rows): the worker's heap
  // is held near what the file needs, or V8 grows it far beyond (1.2 GB for a 92 MB file, against 0.9)
  const heapMb = job.heapMb ?? Math.max(256, 128 + Math.ceil((4 * job.size) / 2 ** 20));
  const worker = new Worker(WORKER, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 } });
  const queue: CheckRowsMessage[] = [];
  let stopped: NodeJS.ErrnoException | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const rouse = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: CheckRowsMessage) => {
    queue.push(message);
    rouse();
  });
  worker.on('error', (error: NodeJS.ErrnoException) => {
    stopped = error;
    rouse();
  });
  worker.on('exit', () => {
    exited = true;
    rouse();
  });
  try {
    for (;;) {
      while (queue.length === 0 && stopped === null && !exited) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift();
      if (!message) {
        if ((stopped as NodeJS.ErrnoException | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'out_of_memory';
        throw stopped ?? new Error('the row checker stopped before the end of the file');
      }
      if (message.kind === 'done') return 'done';
      if (message.kind === 'failed') {
        const { code, message: internal, publicMessage, details } = message.error;
        throw code ? new AppError(code, internal, { publicMessage, details }) : new Error(internal);
      }
      worker.postMessage('more');
      yield message.batch;
    }
  } finally {
    await worker.terminate();
  }
}

/** The same checks on the calling thread. */
export async function* checkOnThisThread(job: CheckRowsJob): AsyncGenerator<CheckedBatch> {
  const file = await openCsv(job.path, { encoding: job.encoding, delimiter: job.delimiter });
  let bytesRead = 0;
  yield* checkPersonRows(
    file.records((bytes) => {
      bytesRead = bytes;
    }),
    job.mapping,
    job.headerLength,
    job.batchSize,
    () => bytesRead,
  );
}
