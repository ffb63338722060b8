/**
 * Lines handed from one task to another in the same process, in blocks, with a bound: the writer
 * waits while `maxBlocks` blocks are unread, so a fast producer (a dump) cannot fill memory ahead
 * of a slow consumer (a restore into another database). Either side can stop the other: a failed
 * writer's error is thrown to the reader at its next line; a reader that stops (fails, or has read
 * enough) makes the writer's next `write` throw.
 */
export type LineChannel = {
  /** Hands a line over; waits while the reader is `maxBlocks` blocks behind. */
  write(line: string): Promise<void>;
  /** No more lines (the reader ends once it has read those given). */
  end(): void;
  /** The writer failed: the reader throws this error. */
  fail(error: unknown): void;
  /** The lines, in order, once each. */
  lines(): AsyncGenerator<string>;
  /** The reader will read no more (it may have failed before its first line): writes throw from now on. */
  close(): void;
};

export function createLineChannel(options: { blockLines?: number; maxBlocks?: number } = {}): LineChannel {
  const blockLines = options.blockLines ?? 2000;
  const maxBlocks = options.maxBlocks ?? 8;
  const blocks: string[][] = [];
  let block: string[] = [];
  let ended = false;
  let failure: { error: unknown } | null = null;
  let readerGone = false;
  let wakeReader: (() => void) | null = null;
  let wakeWriter: (() => void) | null = null;
  const wake = (which: 'reader' | 'writer') => {
    const resume = which === 'reader' ? wakeReader : wakeWriter;
    if (which === 'reader') wakeReader = null;
    else wakeWriter = null;
    resume?.();
  };
  const close = () => {
    readerGone = true;
    wake('writer');
  };
  const pass = () => {
    if (block.length === 0) return;
    blocks.push(block);
    block = [];
    wake('reader');
  };
  return {
    async write(line) {
      if (readerGone) throw new Error('the reader of these lines has stopped');
      block.push(line);
      if (block.length < blockLines) return;
      pass();
      while (blocks.length >= maxBlocks && !readerGone) await new Promise<void>((resume) => (wakeWriter = resume));
      if (readerGone) throw new Error('the reader of these lines has stopped');
    },
    end() {
      pass();
      ended = true;
      wake('reader');
    },
    fail(error) {
      failure = { error };
      wake('reader');
    },
    async *lines() {
      try {
        for (;;) {
          if (failure) throw failure.error;
          const next = blocks.shift();
          if (next) {
            wake('writer');
            yield* next;
            continue;
          }
          if (ended) return;
          await new Promise<void>((resume) => (wakeReader = resume));
        }
      } finally {
        close();
      }
    },
    close,
  };
}
