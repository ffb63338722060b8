/**
 * C2SP signed notes (c2sp.org/signed-note, the format of Go's golang.org/x/mod/sumdb/note) and
 * tlog checkpoints (c2sp.org/tlog-checkpoint). A note is UTF-8 text ending in a newline, a
 * blank line, then one line per signature: "— <key name> <base64(key id ‖ signature)>". A key
 * id is the first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ Ed25519 public key). A checkpoint
 * is a note whose text is the log's origin, its tree size and the base64 of its root hash.
 *
 * Pure: SHA-256 and Ed25519 signing and verification come in as parameters. Every failure is
 * a result naming what is wrong.
 */
import type { HashFunction } from './merkle.js';

export const ED25519_ALGORITHM = 0x01;
const SIGNATURE_PREFIX = '— ';

/** A verifier key: who signs, and how to check it. */
export type VerifierKey = { name: string; keyId: number; publicKey: Uint8Array };

/** Signs with one key; `sign` returns the 64-byte Ed25519 signature of the message. */
export type NoteSigner = { name: string; keyId: number; sign: (message: Uint8Array) => Uint8Array };
/** Verifies with one key; `verify` checks an Ed25519 signature of the message. */
export type NoteVerifier = { name: string; keyId: number; verify: (message: Uint8Array, signature: Uint8Array) => boolean };

export type Failure = { ok: false; reason: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Standard base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Bytes of standard, padded base64, or null when the text is not that. */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return null;
  const binary = atob(text);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The key id of an Ed25519 key: the first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ key), big-endian. */
export function keyIdOf(sha256: HashFunction, name: string, publicKey: Uint8Array, algorithm = ED25519_ALGORITHM): number {
  const hash = sha256(encoder.encode(name), Uint8Array.of(0x0a, algorithm), publicKey);
  return ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) >>> 0;
}

/** True for a key name the format allows: not empty, no spaces, no "+", printable. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && /^[\p{L}\p{N}\p{P}\p{S}]+$/u.test(name);
}

/** "name+keyid+base64(type ‖ key)", the text form others use to verify (type 0x01: a note signer; 0x04: a witness's cosignatures). */
export function formatVerifierKey(sha256: HashFunction, name: string, publicKey: Uint8Array, algorithm = ED25519_ALGORITHM): string {
  const typed = new Uint8Array(1 + publicKey.length);
  typed[0] = algorithm;
  typed.set(publicKey, 1);
  return `${name}+${keyIdOf(sha256, name, publicKey, algorithm).toString(16).padStart(8, '0')}+${toBase64(typed)}`;
}

/** Parses and checks a verifier key of the given type (its id must match its name and key). */
export function parseVerifierKey(sha256: HashFunction, text: string, algorithm = ED25519_ALGORITHM): ({ ok: true } & VerifierKey) | Failure {
  const trimmed = text.trim();
  const first = trimmed.indexOf('+');
  const second = trimmed.indexOf('+', first + 1);
  if (first <= 0 || second < 0) return { ok: false, reason: 'a verifier key reads name+keyid+key' };
  const name = trimmed.slice(0, first);
  const idText = trimmed.slice(first + 1, second);
  if (!isKeyName(name)) return { ok: false, reason: 'the key name is empty or has a space or a "+"' };
  if (!/^[0-9a-f]{8}$/.test(idText)) return { ok: false, reason: 'the key id must be eight lower-case hexadecimal digits' };
  const typed = fromBase64(trimmed.slice(second + 1));
  if (!typed) return { ok: false, reason: 'the key is not base64' };
  if (typed[0] !== algorithm) {
    const kinds: Record<number, string> = { 1: 'a signer key (type 0x01)', 4: "a witness's cosignature key (type 0x04)" };
    return {
      ok: false,
      reason: `this is ${kinds[typed[0]!] ?? `a key of type 0x${typed[0]!.toString(16).padStart(2, '0')}`}; ${kinds[algorithm] ?? 'another type'} is needed here`,
    };
  }
  if (typed.length !== 33) return { ok: false, reason: 'an Ed25519 public key is 32 bytes' };
  const publicKey = typed.slice(1);
  const keyId = Number.parseInt(idText, 16);
  if (keyIdOf(sha256, name, publicKey, algorithm) !== keyId)
    return { ok: false, reason: 'the key id does not match the name and key: the key is mistyped or forged' };
  return { ok: true, name, keyId, publicKey };
}

/** Signs a note's text (which must end in a newline) with each signer, in order. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) throw new Error('a note text ends with a newline');
  const message = encoder.encode(text);
  let signed = `${text}\n`;
  for (const signer of signers) signed += formatSignatureLine({ name: signer.name, keyId: signer.keyId, signature: signer.sign(message) });
  return signed;
}

/** A signature line, "— <key name> base64(key id ‖ signature)" and its newline. */
export function formatSignatureLine(signature: NoteSignature): string {
  const blob = new Uint8Array(4 + signature.signature.length);
  new DataView(blob.buffer).setUint32(0, signature.keyId);
  blob.set(signature.signature, 4);
  return `${SIGNATURE_PREFIX}${signature.name} ${toBase64(blob)}\n`;
}

export type NoteSignature = { name: string; keyId: number; signature: Uint8Array };
export type OpenedNote = { ok: true; text: string; verified: { name: string; keyId: number }[]; others: { name: string; keyId: number }[] };

/** Splits a signed note into its text and signatures, checking the format only. */
export function parseNote(note: string): { ok: true; text: string; signatures: NoteSignature[] } | Failure {
  if (note.length > 1_000_000) return { ok: false, reason: 'the note is too long' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return { ok: false, reason: 'no blank line separates the text from the signatures: the note is truncated or not a signed note' };
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2);
  if (!lines.endsWith('\n')) return { ok: false, reason: 'the last signature line does not end with a newline: the note is truncated' };
  const signatures: NoteSignature[] = [];
  for (const line of lines.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return { ok: false, reason: `a signature line must start with "— ": "${line.slice(0, 40)}"` };
    const [name, blob, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (!name || !blob || extra !== undefined || !isKeyName(name)) return { ok: false, reason: 'a signature line reads "— <key name> <base64 signature>"' };
    const bytes = fromBase64(blob);
    if (!bytes || bytes.length < 5) return { ok: false, reason: `the signature by ${name} is not base64 of a key id and a signature` };
    signatures.push({ name, keyId: new DataView(bytes.buffer, bytes.byteOffset).getUint32(0), signature: bytes.slice(4) });
  }
  if (signatures.length === 0) return { ok: false, reason: 'the note has no signature' };
  try {
    decoder.decode(encoder.encode(text));
  } catch {
    return { ok: false, reason: 'the text is not UTF-8' };
  }
  return { ok: true, text, signatures };
}

/**
 * Opens a signed note: every signature by a known key (same name and id) must verify, and at
 * least one must. Signatures by unknown keys are listed, not trusted.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote | Failure {
  const parsed = parseNote(note);
  if (!parsed.ok) return parsed;
  const message = encoder.encode(parsed.text);
  const verified: OpenedNote['verified'] = [];
  const others: OpenedNote['others'] = [];
  for (const signature of parsed.signatures) {
    const verifier = verifiers.find((v) => v.name === signature.name && v.keyId === signature.keyId);
    if (!verifier) {
      others.push({ name: signature.name, keyId: signature.keyId });
      continue;
    }
    if (signature.signature.length !== 64 || !verifier.verify(message, signature.signature))
      return { ok: false, reason: `the signature by ${signature.name} (key ${hexId(signature.keyId)}) does not verify: the note was changed or forged` };
    verified.push({ name: signature.name, keyId: signature.keyId });
  }
  if (verified.length === 0) {
    const impostor = others.find((o) => verifiers.some((v) => v.name === o.name));
    if (impostor) {
      const trusted = verifiers.filter((v) => v.name === impostor.name).map((v) => hexId(v.keyId));
      return {
        ok: false,
        reason: `signed by the wrong key: a key named ${impostor.name} with id ${hexId(impostor.keyId)}, not the trusted ${trusted.join(' or ')} (a forgery, or a rotated key you have not been given)`,
      };
    }
    const named = others.map((o) => `${o.name} (${hexId(o.keyId)})`).join(', ');
    return { ok: false, reason: `no signature by a trusted key; the note is signed by ${named}` };
  }
  return { ok: true, text: parsed.text, verified, others };
}

/** A key id as eight hexadecimal digits. */
export function hexId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** A checkpoint: the log's origin, its size and its root hash, and any extension lines. */
export type Checkpoint = { origin: string; size: number; root: Uint8Array; extensions: string[] };

/** The text of a checkpoint note. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  return `${checkpoint.origin}\n${checkpoint.size}\n${toBase64(checkpoint.root)}\n${checkpoint.extensions.map((line) => `${line}\n`).join('')}`;
}

/** Parses a checkpoint's text (the note text, without signatures). */
export function parseCheckpoint(text: string): ({ ok: true } & Checkpoint) | Failure {
  if (!text.endsWith('\n')) return { ok: false, reason: 'the checkpoint does not end with a newline: it is truncated' };
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) return { ok: false, reason: 'a checkpoint has at least three lines: origin, tree size, root hash' };
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) return { ok: false, reason: 'the origin line is empty' };
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) return { ok: false, reason: 'the tree size is not a decimal number' };
  const root = fromBase64(rootText);
  if (root?.length !== 32) return { ok: false, reason: 'the root hash is not base64 of 32 bytes' };
  if (extensions.some((line) => line.length === 0)) return { ok: false, reason: 'a checkpoint has no empty lines' };
  return { ok: true, origin, size: Number(sizeText), root, extensions };
}
