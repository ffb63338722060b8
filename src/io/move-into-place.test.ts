import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveIntoPlace, writeFileAtomically } from './move-into-place.js';

describe('moveIntoPlace', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-move-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces a regular file whole and leaves no temporary behind', async () => {
    const target = join(dir, 'results.csv');
    await writeFile(target, 'old\n');
    await writeFileAtomically(target, 'new\n');
    expect(await readFile(target, 'utf8')).toBe('new\n');
    await expect(stat(`${target}.partial-${process.pid}`)).rejects.toThrow();
  });

  it('writes through a pipe (as it would through /dev/null or a terminal) and never replaces it', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const chunks: Buffer[] = [];
    const reading = new Promise<void>((resolve, reject) => {
      createReadStream(fifo)
        .on('data', (chunk) => chunks.push(chunk as Buffer))
        .on('end', resolve)
        .on('error', reject);
    });
    await writeFileAtomically(fifo, 'through the pipe\n');
    await reading;
    expect(Buffer.concat(chunks).toString()).toBe('through the pipe\n');
    expect((await stat(fifo)).isFIFO()).toBe(true);
  });

  it('moves a finished file into a new path', async () => {
    const temporary = join(dir, 'a.tmp');
    await writeFile(temporary, 'x');
    await moveIntoPlace(temporary, join(dir, 'a'));
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('x');
  });
});
