import { chmodSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldContext, formatMasterKey, loadMasterKeys, newSecretKey, open, seal, unloadedKeys } from './secrets.js';

const says = (pattern: RegExp) => expect.objectContaining({ publicMessage: expect.stringMatching(pattern) });

describe('sealed fields (AES-256-GCM)', () => {
  const key = newSecretKey();
  const context = fieldContext('person_sensitive', '0190-a', 'health');

  it('opens what it sealed, and never shows the plaintext in the sealed text', () => {
    const sealed = seal(key, 'diabetes; needs insulin daily', context);
    expect(sealed).toMatch(/^rcx1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('insulin');
    expect(open([key], sealed, context, 'health').toString('utf8')).toBe('diabetes; needs insulin daily');
    expect(seal(key, 'same', context)).not.toBe(seal(key, 'same', context)); // fresh nonce each time
  });

  it('refuses a changed ciphertext, a value moved to another record or field, and the wrong key', () => {
    const sealed = seal(key, 'Calle 5, casa 12', context);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    const flipped = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    expect(() => open([key], flipped, context, 'The address')).toThrow(says(/The address does not decrypt: it was changed/));
    expect(() => open([key], sealed, fieldContext('person_sensitive', '0190-b', 'health'), 'x')).toThrow(says(/copied from another record/));
    expect(() => open([key], sealed, fieldContext('person_sensitive', '0190-a', 'address'), 'x')).toThrow(says(/does not decrypt/));
    expect(() => open([newSecretKey()], sealed, context, 'x')).toThrow(says(/sealed with key [0-9a-f]{8}, which is not loaded/));
    expect(() => open([key], 'plain text', context, 'x')).toThrow(says(/does not decrypt/));
  });
});

/** The key line with one character of the key changed. */
function damage(line: string): string {
  const at = line.length - 20;
  return line.slice(0, at) + (line[at] === 'A' ? 'B' : 'A') + line.slice(at + 1);
}

describe('the master key', () => {
  it('is made once in the data folder, mode 0600, and read back; a readable or damaged file is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recuento-master-'));
    const first = loadMasterKeys(dir);
    expect(first.created).toBe(true);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    const again = loadMasterKeys(dir);
    expect(again.created).toBe(false);
    expect(again.current.key.equals(first.current.key)).toBe(true);

    const damaged = mkdtempSync(join(tmpdir(), 'recuento-master-'));
    writeFileSync(join(damaged, 'master.key'), damage(formatMasterKey(first.current)), { mode: 0o600 });
    expect(() => loadMasterKeys(damaged)).toThrow(says(/damaged|not 32 bytes/));
    writeFileSync(join(damaged, 'master.key'), formatMasterKey(first.current));
    chmodSync(join(damaged, 'master.key'), 0o644);
    expect(() => loadMasterKeys(damaged)).toThrow(says(/chmod 600/));
  });

  it('is not made anew while sealed values need a key that is missing, unless told the old one is lost', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recuento-master-'));
    const lost = newSecretKey();
    const inUse = new Map([[lost.id, 3]]);
    expect(() => loadMasterKeys(dir, undefined, { inUse })).toThrow(
      says(new RegExp(`3 sealed value\\(s\\) here need master key ${lost.id}\\. Copy master\\.key from the data folder this database came from`)),
    );
    expect(existsSync(join(dir, 'master.key'))).toBe(false);
    // The key put back as a retired one is enough to make a new current key beside it.
    writeFileSync(join(dir, `master.${lost.id}.retired.key`), formatMasterKey(lost), { mode: 0o600 });
    const beside = loadMasterKeys(dir, undefined, { inUse });
    expect(beside.created).toBe(true);
    expect(unloadedKeys(beside, inUse)).toEqual([]);

    const other = mkdtempSync(join(tmpdir(), 'recuento-master-'));
    const fresh = loadMasterKeys(other, undefined, { inUse, newKey: true });
    expect(fresh.created).toBe(true);
    expect(unloadedKeys(fresh, inUse)).toEqual([{ id: lost.id, count: 3 }]);
  });

  it('comes from RECUENTO_MASTER_KEY when set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recuento-master-'));
    const key = newSecretKey();
    expect(loadMasterKeys(dir, formatMasterKey(key)).current.id).toBe(key.id);
    expect(() => loadMasterKeys(dir, 'not a key')).toThrow(says(/RECUENTO_MASTER_KEY is not a Recuento master key/));
  });
});
