/**
 * The worker thread of src/io/checked-rows.ts: reads and checks the file it is given, sending
 * a batch at a time and never more than BATCHES_AHEAD ahead of the writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../shared/app-error.js';
import { BATCHES_AHEAD, type CheckRowsJob, type CheckRowsMessage, checkOnThisThread } from './checked-rows.js';

const port = parentPort!;
let credit = BATCHES_AHEAD;
let more: (() => void) | null = null;
port.on('message', () => {
  credit++;
  more?.();
  more = null;
});
const send = (message: CheckRowsMessage) => port.postMessage(message);

try {
  for await (const batch of checkOnThisThread(workerData as CheckRowsJob)) {
    while (credit === 0) await new Promise<void>((resolve) => (more = resolve));
    credit--;
    send({ kind: 'batch', batch });
  }
  send({ kind: 'done' });
} catch (error) {
  const known = error instanceof AppError;
  send({
    kind: 'failed',
    error: {
      code: known ? error.code : null,
      message: error instanceof Error ? error.message : String(error),
      publicMessage: known ? error.publicMessage : '',
      details: known ? error.details : [],
    },
  });
}
