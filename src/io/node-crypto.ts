/**
 * node:crypto behind the small interfaces the pure engines take: SHA-256 of parts, and
 * Ed25519 with raw 32-byte keys and seeds (the form C2SP notes and Go's note package use).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';

/** SHA-256 of the concatenation of the parts. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Ed25519 verification with a raw 32-byte public key; false for a malformed key or signature. */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

export type Ed25519Signer = { sign(message: Uint8Array): Uint8Array; publicKey: Uint8Array };

/** An Ed25519 signer from a raw 32-byte seed, and its raw public key. */
export function ed25519FromSeed(seed: Uint8Array): Ed25519Signer {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { sign: (message) => new Uint8Array(sign(null, message, privateKey)), publicKey: new Uint8Array(spki.subarray(SPKI_ED25519.length)) };
}

/** A new random Ed25519 seed (32 bytes). */
export function newEd25519Seed(): Uint8Array {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return new Uint8Array(der.subarray(PKCS8_ED25519.length));
}

/** n random bytes. */
export function randomSalt(n = 32): Uint8Array {
  return new Uint8Array(randomBytes(n));
}
