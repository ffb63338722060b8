/**
 * Bounds what anonymous callers can make the database do. Routes whose answer may cost
 * seconds on a large registry (counts, lists) pass through a gate: a few run at once, a few
 * more wait their turn for a while, and beyond that the caller is told to come back
 * (503 with Retry-After) instead of every request — /api/health included — stalling behind
 * them. One address may hold only a few places at a time (429): four connections from one
 * crawler cannot take the whole gate. Staff never pass through it.
 */
import { AppError } from '../shared/app-error.js';

export type LoadGateOptions = {
  /** Expensive public requests running at once. */
  concurrency: number;
  /** How many more may wait for a place… */
  queue: number;
  /** …and for how long (ms), before a 503. */
  waitMs: number;
  /** Places (running or waiting) one address may hold. */
  perAddress: number;
  /** What Retry-After says, in seconds. */
  retryAfterSeconds: number;
};

export const DEFAULT_LOAD_GATE: LoadGateOptions = { concurrency: 3, queue: 16, waitMs: 10_000, perAddress: 2, retryAfterSeconds: 5 };

export type LoadGate = {
  /**
   * Takes a place for `address`, waiting if need be (a caller who goes away while waiting, as
   * `signal` says, leaves the queue); throws too_many_requests or busy. Call the returned
   * function once the work is done: the place then goes to the longest waiting, or is freed.
   */
  enter(address: string, signal?: AbortSignal): Promise<() => void>;
  readonly running: number;
  readonly waiting: number;
};

export function createLoadGate(options: LoadGateOptions = DEFAULT_LOAD_GATE): LoadGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const held = new Map<string, number>();
  // the error handler turns retryAfterSeconds into the Retry-After header
  const later = (error: AppError) => Object.assign(error, { retryAfterSeconds: options.retryAfterSeconds });
  const busy = (why: string) =>
    later(
      new AppError('busy', why, {
        publicMessage: `The server is busy answering other public requests; try again in ${options.retryAfterSeconds} seconds.`,
      }),
    );
  const release = (address: string) => {
    const left = (held.get(address) ?? 1) - 1;
    if (left > 0) held.set(address, left);
    else held.delete(address);
  };
  // a place given back goes straight to the longest waiting: no newcomer overtakes it
  const handOver = () => {
    const wake = waiting.shift();
    if (wake) wake();
    else running--;
  };
  return {
    async enter(address, signal) {
      if ((held.get(address) ?? 0) >= options.perAddress) {
        throw later(
          new AppError('too_many_requests', 'address holds its share of the gate', {
            publicMessage: `Too many requests at once from your address; wait for the ones under way, or try again in ${options.retryAfterSeconds} seconds.`,
          }),
        );
      }
      if (running >= options.concurrency && waiting.length >= options.queue) throw busy('public queue full');
      held.set(address, (held.get(address) ?? 0) + 1);
      if (running < options.concurrency) running++;
      else {
        const admitted = await new Promise<boolean>((resolve) => {
          const leave = (admit: boolean) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', gone);
            const at = waiting.indexOf(wake);
            if (at >= 0) waiting.splice(at, 1);
            resolve(admit);
          };
          const wake = () => leave(true); // the place was handed over: running already counts it
          const gone = () => leave(false);
          const timer = setTimeout(gone, options.waitMs);
          signal?.addEventListener('abort', gone, { once: true });
          waiting.push(wake);
        });
        if (!admitted) {
          release(address);
          throw busy(signal?.aborted ? 'the caller went away while waiting' : 'waited too long for a place');
        }
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        release(address);
        handOver();
      };
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
