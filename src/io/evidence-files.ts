/**
 * Evidence files, kept outside the database rows: in <data>/evidence/<first two hex>/<sha256>,
 * named by their content's SHA-256 (the same file kept twice is one file), written to a
 * temporary name and renamed, read back only after their hash is checked again.
 *
 * They are encrypted at rest: each file has its own random 256-bit key, kept beside it in
 * <sha256>.key sealed by the master key; the content is sealed in 64 KiB chunks (sealed-chunks.ts)
 * labelled with the file's hash — so a chunk cannot be changed, moved, dropped or cut off without
 * the file failing. Files kept before encryption are
 * read as they are, until `sealPlainEvidence` (run at start) encrypts them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { copyFile, type FileHandle, mkdir, open as openFile, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../shared/app-error.js';
import { openChunks, sealChunks } from './sealed-chunks.js';
import { allKeys, fieldContext, type MasterKeys, open as openSealed, type SecretKey, seal, sealedKeyId } from './secrets.js';

const MAGIC = Buffer.from('RCXE1\n');
const HEAD = MAGIC.length + 8;

async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(createReadStream(path), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.length;
    }
  });
  return { sha256: hash.digest('hex'), size };
}

const keyContext = (sha256: string) => fieldContext('evidence', sha256, 'file_key');
const chunkLabel = (sha256: string) => `recuento/evidence/v1\n${sha256}`;

const damaged = () =>
  new AppError('integrity_failed', 'evidence file damaged', {
    publicMessage:
      'The evidence file no longer has the SHA-256 it was stored with: it was changed or damaged on disk. It is not served; restore it from a backup.',
  });

/** Encrypts a plaintext file into `target` (written whole, then renamed into place by the caller). */
async function encryptFile(source: string, target: string, sha256: string, key: Buffer): Promise<void> {
  const prefix = randomBytes(8);
  const out = await openFile(target, 'wx', 0o600);
  try {
    await out.write(Buffer.concat([MAGIC, prefix]));
    for await (const frame of sealChunks(createReadStream(source), key, prefix, chunkLabel(sha256))) await out.write(frame);
  } finally {
    await out.close();
  }
}

/** The plaintext chunks of an encrypted file; throws `damaged` on any inconsistency. */
async function* decryptChunks(path: string, sha256: string, key: Buffer): AsyncGenerator<Buffer> {
  const file: FileHandle = await openFile(path, 'r');
  const head = Buffer.alloc(HEAD);
  try {
    await file.read(head, 0, HEAD, 0);
  } finally {
    await file.close();
  }
  yield* openChunks(createReadStream(path, { start: HEAD }), key, head.subarray(MAGIC.length), chunkLabel(sha256), damaged);
}

async function isEncrypted(path: string): Promise<boolean> {
  const file = await openFile(path, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await file.read(head, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && head.equals(MAGIC);
  } finally {
    await file.close();
  }
}

/** The hashes of every file kept under a root. */
async function* hashesIn(root: string): AsyncGenerator<string> {
  const folders = await readdir(root).catch(() => [] as string[]);
  for (const folder of folders.filter((f) => /^[0-9a-f]{2}$/.test(f)).sort()) {
    for (const name of (await readdir(join(root, folder))).sort()) if (/^[0-9a-f]{64}$/.test(name)) yield name;
  }
}

/** How many evidence files' keys each master key seals (by key id); read without opening any. */
export async function evidenceKeysByMasterKey(root: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const sha256 of hashesIn(root)) {
    const sealed = await readFile(join(root, sha256.slice(0, 2), `${sha256}.key`), 'utf8').catch(() => undefined);
    const id = sealed === undefined ? undefined : sealedKeyId(sealed.trim());
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export class EvidenceFiles {
  constructor(
    private readonly root: string,
    private readonly masterKeys: MasterKeys,
  ) {}

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('validation_failed', 'bad evidence hash');
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  private async fileKey(sha256: string): Promise<Buffer> {
    const sealed = await readFile(`${this.pathOf(sha256)}.key`, 'utf8').catch(() => {
      throw new AppError('not_found', 'evidence key missing', {
        publicMessage: "The evidence file's key is missing from the data folder: restore the evidence folder from a backup.",
      });
    });
    return openSealed(allKeys(this.masterKeys), sealed.trim(), keyContext(sha256), "The evidence file's key");
  }

  /** Encrypts a plaintext file into place under a new key (the key file first, then the data). */
  private async encryptInto(source: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    const key = randomBytes(32);
    const keyTemporary = `${target}.key.${process.pid}.tmp`;
    const dataTemporary = `${target}.${process.pid}.tmp`;
    await rm(dataTemporary, { force: true });
    await writeFile(keyTemporary, `${seal(this.masterKeys.current, key, keyContext(sha256))}\n`, { mode: 0o600 });
    await encryptFile(source, dataTemporary, sha256, key);
    await rename(keyTemporary, `${target}.key`);
    await rename(dataTemporary, target);
  }

  /** Copies a file in, encrypted; returns its hash and size. */
  async put(path: string): Promise<{ sha256: string; size: number }> {
    const { sha256, size } = await hashFile(path);
    const target = this.pathOf(sha256);
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (!exists) await this.encryptInto(path, sha256);
    return { sha256, size };
  }

  /** Removes a file that no row refers to (an insert that failed after the file was kept). */
  async discard(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
    await rm(`${this.pathOf(sha256)}.key`, { force: true });
  }

  /** A stream of the file, after checking that it still has the hash it was stored under. */
  async open(sha256: string): Promise<Readable | ReadStream> {
    const path = this.pathOf(sha256);
    let encrypted: boolean;
    try {
      encrypted = await isEncrypted(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError('not_found', 'evidence file missing', {
          publicMessage: 'The evidence file is missing from the data folder: restore it from a backup of the evidence folder.',
        });
      }
      throw error;
    }
    if (!encrypted) {
      if ((await hashFile(path)).sha256 !== sha256) throw damaged();
      return createReadStream(path);
    }
    const key = await this.fileKey(sha256);
    // Read once to check the whole file (every chunk authenticates, and the hash must match), then serve.
    const hash = createHash('sha256');
    for await (const chunk of decryptChunks(path, sha256, key)) hash.update(chunk);
    if (hash.digest('hex') !== sha256) throw damaged();
    return Readable.from(decryptChunks(path, sha256, key));
  }

  private hashes(): AsyncGenerator<string> {
    return hashesIn(this.root);
  }

  /** Encrypts the files kept before evidence was encrypted; returns how many. */
  async sealPlainFiles(): Promise<number> {
    let sealed = 0;
    for await (const sha256 of this.hashes()) {
      const path = this.pathOf(sha256);
      if (await isEncrypted(path)) continue;
      if ((await hashFile(path)).sha256 !== sha256) continue; // damaged: left as it is, refused when read
      const plain = `${path}.plain.${process.pid}.tmp`;
      await copyFile(path, plain);
      await this.encryptInto(plain, sha256);
      await rm(plain, { force: true });
      sealed++;
    }
    return sealed;
  }

  /**
   * Re-seals every file's key under a new master key (the contents are not rewritten). A key sealed
   * by a master key that is not loaded is left as it is, and counted in `left`.
   */
  async rewrapKeys(next: SecretKey): Promise<{ rewrapped: number; left: number }> {
    const loaded = new Set(allKeys(this.masterKeys).map((k) => k.id));
    let rewrapped = 0;
    let left = 0;
    for await (const sha256 of this.hashes()) {
      const path = this.pathOf(sha256);
      if (!(await isEncrypted(path))) continue;
      const sealed = await readFile(`${path}.key`, 'utf8').catch(() => '');
      if (!loaded.has(sealedKeyId(sealed.trim()) ?? '')) {
        left++;
        continue;
      }
      const key = await this.fileKey(sha256);
      const temporary = `${path}.key.${process.pid}.tmp`;
      await writeFile(temporary, `${seal(next, key, keyContext(sha256))}\n`, { mode: 0o600 });
      await rename(temporary, `${path}.key`);
      rewrapped++;
    }
    return { rewrapped, left };
  }
}
