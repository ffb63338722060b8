/**
 * Long content sealed in chunks (AES-256-GCM, node:crypto), for evidence files and backups. The
 * content is cut into 64 KiB chunks; each is sealed under a nonce made of a random 8-byte prefix and
 * the chunk's number, with a label, the chunk's number and whether it is the last as associated
 * data — so a chunk cannot be changed, moved, dropped or cut off without the whole failing. Each
 * sealed chunk is framed by its length (4 bytes, big-endian). Empty content is one empty last chunk.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const CHUNK = 64 * 1024;
const TAG = 16;

function nonceOf(prefix: Buffer, index: number): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0, 0, 8);
  nonce.writeUInt32BE(index, 8);
  return nonce;
}

const aadOf = (label: string, index: number, final: boolean) => Buffer.from(`${label}\n${index}\n${final ? 1 : 0}`);

function sealChunk(key: Buffer, prefix: Buffer, label: string, index: number, final: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonceOf(prefix, index));
  cipher.setAAD(aadOf(label, index, final));
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/** Seals a stream of bytes into framed chunks; the last one is marked as last, even when empty. */
export async function* sealChunks(source: AsyncIterable<Buffer>, key: Buffer, prefix: Buffer, label: string): AsyncGenerator<Buffer> {
  let index = 0;
  let pending: Buffer = Buffer.alloc(0);
  let full: Buffer | undefined; // a whole chunk waiting to learn whether it is the last
  for await (const data of source) {
    pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
    while (pending.length >= CHUNK) {
      if (full) yield sealChunk(key, prefix, label, index++, false, full);
      full = pending.subarray(0, CHUNK);
      pending = pending.subarray(CHUNK);
    }
  }
  if (full && pending.length === 0) {
    yield sealChunk(key, prefix, label, index, true, full);
    return;
  }
  if (full) yield sealChunk(key, prefix, label, index++, false, full);
  yield sealChunk(key, prefix, label, index, true, pending);
}

/**
 * Opens framed chunks back into the content, chunk by chunk. Anything wrong — a chunk changed,
 * moved, dropped, cut off or added after the last — throws `bad()`; nothing of a chunk that does
 * not authenticate is given out.
 */
export async function* openChunks(source: AsyncIterable<Buffer>, key: Buffer, prefix: Buffer, label: string, bad: () => Error): AsyncGenerator<Buffer> {
  const open = (body: Buffer, index: number, final: boolean): Buffer => {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonceOf(prefix, index));
      decipher.setAAD(aadOf(label, index, final));
      decipher.setAuthTag(body.subarray(body.length - TAG));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG)), decipher.final()]);
    } catch {
      throw bad();
    }
  };
  let index = 0;
  let buffered: Buffer = Buffer.alloc(0);
  let ready: Buffer | undefined; // a whole sealed chunk waiting to learn whether it is the last
  for await (const data of source) {
    buffered = buffered.length === 0 ? data : Buffer.concat([buffered, data]);
    for (;;) {
      if (ready === undefined && buffered.length >= 4) {
        const length = buffered.readUInt32BE(0);
        if (length < TAG || length > CHUNK + TAG) throw bad();
        if (buffered.length < 4 + length) break;
        ready = buffered.subarray(4, 4 + length);
        buffered = buffered.subarray(4 + length);
      }
      if (ready === undefined || buffered.length === 0) break;
      yield open(ready, index++, false);
      ready = undefined;
    }
  }
  if (ready === undefined || buffered.length > 0) throw bad();
  yield open(ready, index, true);
}
