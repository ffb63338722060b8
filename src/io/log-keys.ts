/**
 * Signing keys for the transparency log and for witnesses, as files outside the database.
 * A private key file is one line in the form of Go's sumdb/note:
 *   PRIVATE+KEY+<name>+<key id>+base64(type ‖ 32-byte Ed25519 seed)
 * (type 0x01 for the log's note signatures, 0x04 for a witness's cosignatures), written with
 * mode 0600 and never logged. Its public half, "<name>+<key id>+base64(type ‖ public key)", is
 * what verifiers are given.
 */
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COSIGNATURE_ALGORITHM } from '../domain/translog/cosignature.js';
import {
  ED25519_ALGORITHM,
  formatVerifierKey,
  fromBase64,
  isKeyName,
  keyIdOf,
  type NoteSigner,
  parseVerifierKey,
  toBase64,
  type VerifierKey,
} from '../domain/translog/signed-note.js';
import { AppError } from '../shared/app-error.js';
import { ed25519FromSeed, newEd25519Seed, sha256 } from './node-crypto.js';

export type KeyKind = 'log' | 'witness';
const ALGORITHM: Record<KeyKind, number> = { log: ED25519_ALGORITHM, witness: COSIGNATURE_ALGORITHM };

/** A loaded private key: a signer, its verifier key and that key's text. */
export type SigningKey = NoteSigner & { verifierKey: VerifierKey; verifierKeyText: string };

/** The file names of the log's signing key in a data folder. */
export function logKeyPaths(dataDir: string): { privatePath: string; publicPath: string } {
  return { privatePath: join(dataDir, 'log-signing.key'), publicPath: join(dataDir, 'log-signing.pub') };
}

/** A signing key from its 32-byte seed (tests and tools that hold the seed elsewhere). */
export function signingKeyOf(name: string, seed: Uint8Array, kind: KeyKind): SigningKey {
  const ed = ed25519FromSeed(seed);
  const algorithm = ALGORITHM[kind];
  const keyId = keyIdOf(sha256, name, ed.publicKey, algorithm);
  return {
    name,
    keyId,
    sign: ed.sign,
    verifierKey: { name, keyId, publicKey: ed.publicKey },
    verifierKeyText: formatVerifierKey(sha256, name, ed.publicKey, algorithm),
  };
}

/** Parses a private key file's text; `path` only names the file in errors (the key never appears in one). */
export function parsePrivateKey(text: string, kind: KeyKind, path: string): SigningKey {
  const bad = (reason: string) =>
    new AppError('validation_failed', 'bad private key file', {
      publicMessage: `${path} is not a ${kind === 'log' ? 'log signing' : 'witness'} key: ${reason}.`,
    });
  // The base64 key may itself hold "+": split off the name and id only.
  const match = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(text.trim());
  if (!match) throw bad('it should read PRIVATE+KEY+<name>+<id>+<key>');
  const [, name, idText, keyText] = match as unknown as [string, string, string, string];
  if (!isKeyName(name)) throw bad('the key name is empty or has a space');
  const typed = fromBase64(keyText);
  if (typed?.length !== 33) throw bad('the key is not base64 of 33 bytes');
  if (typed[0] !== ALGORITHM[kind]) throw bad(`its type is 0x${typed[0]!.toString(16).padStart(2, '0')}, not 0x0${ALGORITHM[kind]}`);
  const key = signingKeyOf(name, typed.slice(1), kind);
  if (key.keyId.toString(16).padStart(8, '0') !== idText) throw bad('its key id does not match the key: the file is damaged');
  return key;
}

function formatPrivateKey(key: SigningKey, seed: Uint8Array, kind: KeyKind): string {
  const typed = new Uint8Array(33);
  typed[0] = ALGORITHM[kind];
  typed.set(seed, 1);
  return `PRIVATE+KEY+${key.name}+${key.keyId.toString(16).padStart(8, '0')}+${toBase64(typed)}\n`;
}

/** Creates a new key pair in two files (the private one mode 0600, refused if it exists). */
export function createKeyFiles(privatePath: string, publicPath: string, name: string, kind: KeyKind): SigningKey {
  if (!isKeyName(name)) {
    throw new AppError('validation_failed', 'bad key name', {
      publicMessage: `"${name}" cannot name a key: no spaces or "+"; use a schema-less URL such as example.org/recuento.`,
    });
  }
  const seed = newEd25519Seed();
  const key = signingKeyOf(name, seed, kind);
  try {
    writeFileSync(privatePath, formatPrivateKey(key, seed, kind), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AppError('conflict', 'key file exists', { publicMessage: `${privatePath} already exists; a key is never overwritten.` });
    }
    throw error;
  }
  writeFileSync(publicPath, `${key.verifierKeyText}\n`);
  return key;
}

/** Reads a private key file, refusing one that others may read. */
export function readKeyFile(path: string, kind: KeyKind): SigningKey {
  if (!existsSync(path)) throw new AppError('not_found', 'no key file', { publicMessage: `No key file at ${path}.` });
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new AppError('forbidden', 'key file readable by others', {
      publicMessage: `${path} can be read by other users of this machine; run "chmod 600 ${path}" first.`,
    });
  }
  return parsePrivateKey(readFileSync(path, 'utf8'), kind, path);
}

/**
 * The log's signing key in the data folder, created on first use under the given name (the
 * log's origin). The public key file is rewritten from the private one if it went missing.
 */
export function ensureLogKey(dataDir: string, origin: string): { key: SigningKey; created: boolean; privatePath: string; publicPath: string } {
  const { privatePath, publicPath } = logKeyPaths(dataDir);
  if (!existsSync(privatePath)) return { key: createKeyFiles(privatePath, publicPath, origin, 'log'), created: true, privatePath, publicPath };
  const key = readKeyFile(privatePath, 'log');
  if (!existsSync(publicPath)) writeFileSync(publicPath, `${key.verifierKeyText}\n`);
  return { key, created: false, privatePath, publicPath };
}

/**
 * Replaces the log's key: the old pair is kept as log-signing.<id>.retired.{key,pub}, a new one
 * made under the same name. Returns both, so the caller can sign a checkpoint with each.
 */
export function rotateLogKey(dataDir: string): { previous: SigningKey; next: SigningKey; retiredPath: string } {
  const { privatePath, publicPath } = logKeyPaths(dataDir);
  const previous = readKeyFile(privatePath, 'log');
  const id = previous.keyId.toString(16).padStart(8, '0');
  const retiredPath = join(dataDir, `log-signing.${id}.retired.key`);
  renameSync(privatePath, retiredPath);
  chmodSync(retiredPath, 0o600);
  writeFileSync(join(dataDir, `log-signing.${id}.retired.pub`), `${previous.verifierKeyText}\n`);
  try {
    const next = createKeyFiles(privatePath, `${publicPath}.new`, previous.name, 'log');
    renameSync(`${publicPath}.new`, publicPath);
    return { previous, next, retiredPath };
  } catch (error) {
    renameSync(retiredPath, privatePath);
    throw error;
  }
}

/** Verifier keys from files or from the key text itself (one per line), of the given kind. */
export function readVerifierKeys(sources: readonly string[], kind: KeyKind, option: string): VerifierKey[] {
  const keys: VerifierKey[] = [];
  for (const source of sources) {
    const isText = /^[^\s+]+\+[0-9a-f]{8}\+\S+$/.test(source.trim()) && !existsSync(source);
    const text = isText ? source : readTextFile(source, option);
    const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    if (lines.length === 0) throw new AppError('validation_failed', 'empty key file', { publicMessage: `${option} ${source}: no key in it.` });
    for (const [i, line] of lines.entries()) {
      const parsed = parseVerifierKey(sha256, line, ALGORITHM[kind]);
      if (!parsed.ok) {
        throw new AppError('validation_failed', 'bad verifier key', {
          publicMessage: `${option} ${isText ? 'value' : `${source}, line ${i + 1}`}: ${parsed.reason}.`,
        });
      }
      keys.push({ name: parsed.name, keyId: parsed.keyId, publicKey: parsed.publicKey });
    }
  }
  return keys;
}

/** A text file named by a command-line option; a missing or unreadable file is an error naming both. */
export function readTextFile(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('not_found', 'cannot read file', {
      publicMessage: `${option} ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`}.`,
    });
  }
}
