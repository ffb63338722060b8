/** Real SHA-256 for tests of the pure engines (which take their hash function as a parameter), and golden vector files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export { ed25519FromSeed, ed25519Verify, sha256 } from '../io/node-crypto.js';
export { hmacSha1 } from '../usecases/sign-in.js';

import { newSecretKey } from '../io/secrets.js';
import { noteCipher } from '../usecases/sensitive.js';

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A golden file under src/test/fixtures, parsed. */
export function readGolden<T>(path: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', path), 'utf8')) as T;
}

/** A note cipher with a fresh master key, for store tests that write events. */
export const testNotes = noteCipher({ current: newSecretKey(), retired: [] });
