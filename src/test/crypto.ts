/** Real SHA-256 for tests of the pure engines (which take their hash function as a parameter), and golden vector files. */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** SHA-256 of the concatenation of the parts. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

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

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Ed25519 verification with a raw 32-byte public key. */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
  return verify(null, message, key, signature);
}

/** An Ed25519 signer from a raw 32-byte seed, and its raw public key. */
export function ed25519FromSeed(seed: Uint8Array): { sign(message: Uint8Array): Uint8Array; publicKey: Uint8Array } {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { sign: (message) => new Uint8Array(sign(null, message, privateKey)), publicKey: new Uint8Array(spki.subarray(SPKI_ED25519.length)) };
}
