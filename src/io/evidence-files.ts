/**
 * Evidence files, kept outside the database rows: in <data>/evidence/<first two hex>/<sha256>,
 * named by their content's SHA-256 (the same file kept twice is one file), written to a
 * temporary name and renamed, read back only after their hash is checked again.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../shared/app-error.js';

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

export class EvidenceFiles {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('validation_failed', 'bad evidence hash');
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Copies a file in; returns its hash and size. */
  async put(path: string): Promise<{ sha256: string; size: number }> {
    const { sha256, size } = await hashFile(path);
    const target = this.pathOf(sha256);
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const temporary = `${target}.${process.pid}.tmp`;
      await copyFile(path, temporary);
      await rename(temporary, target);
    }
    return { sha256, size };
  }

  /** Removes a file that no row refers to (an insert that failed after the file was kept). */
  async discard(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** A stream of the file, after checking that it still has the hash it was stored under. */
  async open(sha256: string): Promise<ReadStream> {
    const path = this.pathOf(sha256);
    let actual: string;
    try {
      actual = (await hashFile(path)).sha256;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError('not_found', 'evidence file missing', {
          publicMessage: 'The evidence file is missing from the data folder: restore it from a backup of the evidence folder.',
        });
      }
      throw error;
    }
    if (actual !== sha256) {
      throw new AppError('conflict', 'evidence file damaged', {
        publicMessage:
          'The evidence file no longer has the SHA-256 it was stored with: it was changed or damaged on disk. It is not served; restore it from a backup.',
      });
    }
    return createReadStream(path);
  }
}
