import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK, openChunks, sealChunks } from './sealed-chunks.js';

const key = randomBytes(32);
const prefix = randomBytes(8);
const LABEL = 'recuento/test/v1';

/** Hands the bytes over in pieces of the given sizes, as a stream would. */
async function* inPieces(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

const bad = () => new Error('does not authenticate');
const sealAll = (content: Buffer, sizes = [7000]) => collect(sealChunks(inPieces(content, sizes), key, prefix, LABEL));
const openAll = (sealed: Buffer, sizes = [5000], label = LABEL) => collect(openChunks(inPieces(sealed, sizes), key, prefix, label, bad));

/** The framed chunks of sealed content, each with its 4-byte length. */
function framesOf(sealed: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0; at < sealed.length; ) {
    const end = at + 4 + sealed.readUInt32BE(at);
    frames.push(sealed.subarray(at, end));
    at = end;
  }
  return frames;
}

describe('content sealed in chunks', () => {
  it('opens to exactly what was sealed, whatever its size and however the stream cuts it', async () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5]) {
      const content = randomBytes(size);
      const sealed = await sealAll(content, [size % 2 === 0 ? 7000 : 65_537]);
      expect(framesOf(sealed)).toHaveLength(Math.max(1, Math.ceil(size / CHUNK)));
      expect((await openAll(sealed, [3, 70_000, 1])).equals(content)).toBe(true);
    }
  });

  it('refuses a changed, dropped, reordered, cut-off or extended chunk, and another label', async () => {
    const content = randomBytes(2 * CHUNK + 100);
    const sealed = await sealAll(content);
    const frames = framesOf(sealed);
    expect(frames).toHaveLength(3);
    const changed = Buffer.from(sealed);
    changed[CHUNK + 50] = changed[CHUNK + 50]! ^ 1;
    await expect(openAll(changed)).rejects.toThrow('does not authenticate');
    await expect(openAll(Buffer.concat([frames[0]!, frames[2]!]))).rejects.toThrow('does not authenticate'); // dropped
    await expect(openAll(Buffer.concat([frames[1]!, frames[0]!, frames[2]!]))).rejects.toThrow('does not authenticate'); // reordered
    await expect(openAll(Buffer.concat([frames[0]!, frames[1]!]))).rejects.toThrow('does not authenticate'); // the last one cut off
    await expect(openAll(sealed.subarray(0, sealed.length - 1))).rejects.toThrow('does not authenticate'); // cut inside
    await expect(openAll(Buffer.concat([sealed, Buffer.from([0])]))).rejects.toThrow('does not authenticate'); // something after
    await expect(openAll(sealed, [5000], 'recuento/other/v1')).rejects.toThrow('does not authenticate');
    await expect(openAll(Buffer.alloc(0))).rejects.toThrow('does not authenticate');
  });
});
