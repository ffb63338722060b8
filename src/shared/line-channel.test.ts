import { describe, expect, it } from 'vitest';
import { createLineChannel } from './line-channel.js';

describe('a line channel between a writer and a reader', () => {
  it('hands every line over in order, the writer held back while the reader is behind', async () => {
    const channel = createLineChannel({ blockLines: 10, maxBlocks: 2 });
    let written = 0;
    let mostAhead = 0;
    const read: string[] = [];
    const writer = (async () => {
      for (let i = 0; i < 1000; i++) {
        await channel.write(`line ${i}`);
        written++;
      }
      channel.end();
    })();
    for await (const line of channel.lines()) {
      read.push(line);
      mostAhead = Math.max(mostAhead, written - read.length);
      if (read.length % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await writer;
    expect(read).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${i}`));
    // never more than the bound (two blocks queued, one being read, one being filled) ahead
    expect(mostAhead).toBeLessThanOrEqual(40);
  });

  it("throws the writer's failure to the reader", async () => {
    const channel = createLineChannel({ blockLines: 2 });
    void (async () => {
      await channel.write('a');
      await channel.write('b');
      channel.fail(new Error('disk full'));
    })();
    const read: string[] = [];
    await expect(
      (async () => {
        for await (const line of channel.lines()) read.push(line);
      })(),
    ).rejects.toThrow('disk full');
  });

  it('stops the writer once the reader has stopped, even before its first line', async () => {
    const channel = createLineChannel({ blockLines: 1, maxBlocks: 1 });
    const writer = (async () => {
      for (let i = 0; i < 100; i++) await channel.write(`line ${i}`);
    })();
    channel.close();
    await expect(writer).rejects.toThrow(/reader of these lines has stopped/);
  });
});
