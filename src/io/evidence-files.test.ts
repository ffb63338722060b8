import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { copyFile, mkdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceFiles, evidenceKeysByMasterKey } from './evidence-files.js';
import { type MasterKeys, newSecretKey } from './secrets.js';

async function text(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'recuento-evidence-'));
  const keys: MasterKeys = { current: newSecretKey(), retired: [] };
  return { dir, keys, files: new EvidenceFiles(join(dir, 'evidence'), keys) };
}

const MARKER = 'Testimonio de la madre: lo sacaron de la casa a las 3 a. m.';

describe('evidence files, encrypted at rest', () => {
  it('keeps no plaintext on disk and serves the content back, chunk by chunk, with its hash checked', async () => {
    const { dir, files } = setup();
    const content = Buffer.concat([Buffer.from(MARKER), randomBytes(200_000), Buffer.from(MARKER)]);
    const source = join(dir, 'testimonio.txt');
    await writeFile(source, content);
    const { sha256, size } = await files.put(source);
    expect(sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(size).toBe(content.length);
    const onDisk = await readFile(join(dir, 'evidence', sha256.slice(0, 2), sha256));
    expect(onDisk.includes(Buffer.from('Testimonio'))).toBe(false);
    expect((await stat(join(dir, 'evidence', sha256.slice(0, 2), `${sha256}.key`))).mode & 0o777).toBe(0o600);
    expect((await text(await files.open(sha256))).equals(content)).toBe(true);

    const empty = join(dir, 'empty');
    await writeFile(empty, '');
    const e = await files.put(empty);
    expect((await text(await files.open(e.sha256))).length).toBe(0);
  });

  it('refuses a file cut short, with a chunk changed, or opened with the wrong key', async () => {
    const { dir, files } = setup();
    const source = join(dir, 'acta.pdf');
    await writeFile(source, Buffer.concat([Buffer.from('%PDF-1.4 '), randomBytes(150_000)]));
    const { sha256 } = await files.put(source);
    const path = join(dir, 'evidence', sha256.slice(0, 2), sha256);
    const original = await readFile(path);
    const refused = expect.objectContaining({ publicMessage: expect.stringMatching(/changed or damaged/) });

    const lastFrame = 4 + (150_009 - 2 * 65_536) + 16;
    await truncate(path, original.length - lastFrame); // the whole last chunk gone: the one before was not sealed as the last
    await expect(files.open(sha256)).rejects.toEqual(refused);
    await writeFile(path, original);
    await truncate(path, original.length - 10); // cut inside a chunk
    await expect(files.open(sha256)).rejects.toEqual(refused);
    const flipped = Buffer.from(original);
    flipped[100] = flipped[100]! ^ 1;
    await writeFile(path, flipped);
    await expect(files.open(sha256)).rejects.toEqual(refused);
    await writeFile(path, original);
    expect((await text(await files.open(sha256))).length).toBe(150_009);

    const other = new EvidenceFiles(join(dir, 'evidence'), { current: newSecretKey(), retired: [] });
    await expect(other.open(sha256)).rejects.toMatchObject({ code: 'integrity_failed' });
  });

  it('encrypts files kept before encryption, and re-seals file keys under a new master key', async () => {
    const { dir, keys, files } = setup();
    const content = Buffer.from(`${MARKER} (antiguo)`);
    const sha256 = createHash('sha256').update(content).digest('hex');
    await mkdir(join(dir, 'evidence', sha256.slice(0, 2)), { recursive: true });
    await writeFile(join(dir, 'evidence', sha256.slice(0, 2), sha256), content);
    expect((await text(await files.open(sha256))).equals(content)).toBe(true); // read as it is

    expect(await files.sealPlainFiles()).toBe(1);
    expect((await readFile(join(dir, 'evidence', sha256.slice(0, 2), sha256))).includes(Buffer.from('Testimonio'))).toBe(false);
    expect((await text(await files.open(sha256))).equals(content)).toBe(true);
    expect(await files.sealPlainFiles()).toBe(0);

    const next = newSecretKey();
    const copy = join(dir, 'before-rotation.key');
    await copyFile(join(dir, 'evidence', sha256.slice(0, 2), `${sha256}.key`), copy);
    expect(await files.rewrapKeys(next)).toEqual({ rewrapped: 1, left: 0 });
    const rotated = new EvidenceFiles(join(dir, 'evidence'), { current: next, retired: [] });
    expect((await text(await rotated.open(sha256))).equals(content)).toBe(true);
    // Under master keys that cannot open it, a file's key is left as it is, not lost.
    const keyPath = join(dir, 'evidence', sha256.slice(0, 2), `${sha256}.key`);
    const before = await readFile(keyPath, 'utf8');
    expect(await new EvidenceFiles(join(dir, 'evidence'), { current: newSecretKey(), retired: [] }).rewrapKeys(newSecretKey())).toEqual({
      rewrapped: 0,
      left: 1,
    });
    expect(await readFile(keyPath, 'utf8')).toBe(before);
    expect(await evidenceKeysByMasterKey(join(dir, 'evidence'))).toEqual(new Map([[next.id, 1]]));
    expect(keys.current.id).not.toBe(next.id);
  });
});
