/**
 * Puts a file written aside into place. A regular file (or a new one) is replaced by renaming
 * over it, so a reader sees the old file or the new, never half of one. A target that is not a
 * regular file — a pipe, a terminal, /dev/null, /dev/stdout — is written through and never
 * replaced: run as root, a rename over /dev/null would turn it into a plain file and break
 * every program on the machine that writes to it.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

export async function moveIntoPlace(temporary: string, target: string): Promise<void> {
  const existing = await stat(target).catch(() => null);
  if (existing !== null && !existing.isFile()) {
    try {
      await pipeline(createReadStream(temporary), createWriteStream(target, { flags: 'a' }));
    } finally {
      await rm(temporary, { force: true });
    }
    return;
  }
  await rename(temporary, target);
}

/** Writes a whole text to a file, all or nothing (see moveIntoPlace). */
export async function writeFileAtomically(target: string, text: string, mode?: number): Promise<void> {
  const temporary = `${target}.partial-${process.pid}`;
  try {
    await writeFile(temporary, text, mode === undefined ? undefined : { mode });
    await moveIntoPlace(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
