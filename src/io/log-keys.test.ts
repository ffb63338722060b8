import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyFiles, ensureLogKey, readKeyFile, readVerifierKeys, signingKeyOf } from './log-keys.js';
import { randomSalt } from './node-crypto.js';

describe('log and witness key files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-keys-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('read back every key written, whatever its base64 holds ("+" and "/" included)', () => {
    for (let i = 0; i < 60; i++) {
      const kind = i % 2 === 0 ? 'log' : 'witness';
      const path = join(dir, `k${i}.key`);
      const key = createKeyFiles(path, `${path}.pub`, `example.org/k${i}`, kind);
      expect(readKeyFile(path, kind).verifierKeyText).toBe(key.verifierKeyText);
      expect(readVerifierKeys([`${path}.pub`], kind, '--key')[0]).toMatchObject({ name: `example.org/k${i}`, keyId: key.keyId });
      expect(readVerifierKeys([key.verifierKeyText], kind, '--key')).toHaveLength(1);
    }
  });

  it('creates the log key once and keeps it; never overwrites a key', () => {
    const first = ensureLogKey(dir, 'example.org/log');
    const again = ensureLogKey(dir, 'example.org/other-name');
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.key.verifierKeyText).toBe(first.key.verifierKeyText);
    expect(() => createKeyFiles(first.privatePath, join(dir, 'x.pub'), 'example.org/log', 'log')).toThrow(
      expect.objectContaining({ publicMessage: expect.stringContaining('already exists') }),
    );
  });

  it('refuses a key others can read, a damaged file, a witness key as a log key, without ever printing the key', () => {
    const path = join(dir, 'loose.key');
    createKeyFiles(path, `${path}.pub`, 'example.org/loose', 'log');
    const secret = readFileSync(path, 'utf8').trim().split('+').slice(4).join('+');
    chmodSync(path, 0o644);
    expect(() => readKeyFile(path, 'log')).toThrow(expect.objectContaining({ publicMessage: expect.stringContaining('chmod 600') }));
    chmodSync(path, 0o600);
    expect(() => readKeyFile(path, 'witness')).toThrow(
      expect.objectContaining({ publicMessage: expect.stringMatching(/not a witness key: its type is 0x01/) }),
    );
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\+([0-9a-f]{8})\+/, '+00000000+'), { mode: 0o600 });
    try {
      readKeyFile(path, 'log');
      expect.unreachable();
    } catch (error) {
      expect((error as { publicMessage: string }).publicMessage).toMatch(/key id does not match/);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
    const witness = signingKeyOf('example.org/w', randomSalt(32), 'witness');
    expect(() => readVerifierKeys([witness.verifierKeyText], 'log', '--key')).toThrow(
      expect.objectContaining({ publicMessage: expect.stringMatching(/--key value: this is a witness/) }),
    );
  });
});
