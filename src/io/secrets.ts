/**
 * Encryption at rest for sensitive fields (AES-256-GCM, node:crypto) and the master key that
 * guards it. Envelope encryption: each person has a random 256-bit data key; their sensitive
 * fields are sealed with it; the data key is stored sealed ("wrapped") by the master key, which is
 * never in the database — a file in the data folder (mode 0600) or RECUENTO_MASTER_KEY.
 *
 * A sealed value is text: "rcx1.<key id>.<base64url nonce>.<base64url ciphertext ‖ tag>". The
 * associated data names the table, record and field, so a value moved to another record or field
 * does not open. Nonces are 96 random bits; a key seals far fewer than 2^32 values.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/app-error.js';

export type SecretKey = { id: string; key: Buffer };
/** The current master key, and retired ones still kept (to open older backups). */
export type MasterKeys = { current: SecretKey; retired: SecretKey[] };

const PREFIX = 'rcx1';
const KEY_LINE = /^RECUENTO\+MASTER\+KEY\+([0-9a-f]{8})\+([A-Za-z0-9_-]{43})$/;

/** The id of a key: the first 8 hex digits of SHA-256 over a label and the key (not secret). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('recuento/master-key-id/v1\n').update(key).digest('hex').slice(0, 8);
}

/** The associated data binding a sealed value to its table, record and field. */
export function fieldContext(table: string, recordId: string, field: string): string {
  return `recuento/field/v1\n${table}\n${recordId}\n${field}`;
}

/** Seals bytes or text with a key under associated data. */
export function seal(key: SecretKey, plaintext: Uint8Array | string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}.${key.id}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

/** The id of the key that sealed a value (undefined when it is not a sealed value). */
export function sealedKeyId(sealed: string): string | undefined {
  const parts = sealed.split('.');
  return parts.length === 4 && parts[0] === PREFIX ? parts[1] : undefined;
}

/**
 * Opens a sealed value. A value that was changed, or that belongs to another record or field,
 * fails authentication and is refused — never returned garbled. `what` names it in the error.
 */
export function open(keys: readonly SecretKey[], sealed: string, context: string, what: string): Buffer {
  const parts = sealed.split('.');
  const tampered = () =>
    new AppError('integrity_failed', 'sealed value does not authenticate', {
      publicMessage: `${what} does not decrypt: it was changed, or copied from another record. It is not shown.`,
    });
  if (parts.length !== 4 || parts[0] !== PREFIX) throw tampered();
  const key = keys.find((k) => k.id === parts[1]);
  if (!key) {
    throw new AppError('integrity_failed', 'unknown key id', {
      publicMessage: `${what} was sealed with key ${parts[1]}, which is not loaded (a retired master key not kept, or the wrong RECUENTO_MASTER_KEY).`,
    });
  }
  const nonce = Buffer.from(parts[2]!, 'base64url');
  const body = Buffer.from(parts[3]!, 'base64url');
  if (nonce.length !== 12 || body.length < 16) throw tampered();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  } catch {
    throw tampered();
  }
}

/** A new random 256-bit key. */
export function newSecretKey(): SecretKey {
  const key = randomBytes(32);
  return { id: keyIdOf(key), key };
}

export function formatMasterKey(key: SecretKey): string {
  return `RECUENTO+MASTER+KEY+${key.id}+${key.key.toString('base64url')}`;
}

/** Parses a master key line; `where` names its origin in errors (the key itself never appears). */
export function parseMasterKey(text: string, where: string): SecretKey {
  const match = KEY_LINE.exec(text.trim());
  const bad = (reason: string) => new AppError('validation_failed', 'bad master key', { publicMessage: `${where} is not a Recuento master key: ${reason}.` });
  if (!match) throw bad('it should read RECUENTO+MASTER+KEY+<id>+<43 base64url characters>');
  const key = Buffer.from(match[2]!, 'base64url');
  if (key.length !== 32) throw bad('the key is not 32 bytes');
  if (keyIdOf(key) !== match[1]) throw bad('its id does not match the key: it is damaged');
  return { id: match[1]!, key };
}

export function masterKeyPath(dataDir: string): string {
  return join(dataDir, 'master.key');
}

function readKey(path: string): SecretKey {
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new AppError('forbidden', 'key file readable by others', {
      publicMessage: `${path} can be read by other users of this machine; run "chmod 600 ${path}" first.`,
    });
  }
  return parseMasterKey(readFileSync(path, 'utf8'), path);
}

/**
 * The master keys: RECUENTO_MASTER_KEY when given (then no file is made or read for the current
 * key), else <data>/master.key. Retired keys (master.<id>.retired.key) that are still in the folder
 * are loaded too; deleting one erases what only it can open.
 *
 * A new master.key is made only while nothing is sealed (`inUse`: sealed values per key id), or
 * when `newKey` says the missing key is lost for good: a database whose key is elsewhere must not
 * quietly start sealing under another one.
 */
export function loadMasterKeys(
  dataDir: string,
  fromEnvironment?: string,
  options: { inUse?: ReadonlyMap<string, number>; newKey?: boolean } = {},
): MasterKeys & { created: boolean } {
  const retired = retiredKeys(dataDir);
  const existing = currentMasterKey(dataDir, fromEnvironment);
  if (existing) return { current: existing, retired, created: false };
  const path = masterKeyPath(dataDir);
  const missing = [...(options.inUse ?? new Map<string, number>())].filter(([id]) => !retired.some((key) => key.id === id));
  if (missing.length > 0 && !options.newKey) {
    const count = missing.reduce((sum, [, n]) => sum + n, 0);
    throw new AppError('conflict', 'master key missing', {
      publicMessage:
        `${path} does not exist, but ${count} sealed value(s) here need master key ${missing.map(([id]) => id).join(', ')}. ` +
        `Copy master.key from the data folder this database came from into ${dataDir} (or set RECUENTO_MASTER_KEY). ` +
        'If that key is lost for good, start with --new-master-key: what it sealed stays unreadable.',
    });
  }
  const current = newSecretKey();
  writeFileSync(path, `${formatMasterKey(current)}\n`, { mode: 0o600, flag: 'wx' });
  return { current, retired, created: true };
}

/** Retired master keys still in the folder, and a rotation's new key if one was interrupted. */
function retiredKeys(dataDir: string): SecretKey[] {
  // A rotation interrupted after re-sealing but before renaming leaves master.key.new: load it too.
  return existsSync(dataDir)
    ? readdirSync(dataDir)
        .filter((name) => /^master\.[0-9a-f]{8}\.retired\.key$/.test(name) || name === 'master.key.new')
        .map((name) => readKey(join(dataDir, name)))
    : [];
}

/** RECUENTO_MASTER_KEY when given, else <data>/master.key when it exists. */
function currentMasterKey(dataDir: string, fromEnvironment?: string): SecretKey | undefined {
  if (fromEnvironment) return parseMasterKey(fromEnvironment, 'RECUENTO_MASTER_KEY');
  const path = masterKeyPath(dataDir);
  return existsSync(path) ? readKey(path) : undefined;
}

/** Every master key present — RECUENTO_MASTER_KEY or master.key, and retired ones — making none. */
export function presentMasterKeys(dataDir: string, fromEnvironment?: string): SecretKey[] {
  const current = currentMasterKey(dataDir, fromEnvironment);
  return [...(current ? [current] : []), ...retiredKeys(dataDir)];
}

/** The master keys that sealed values need but that are not loaded, with how many each seals. */
export function unloadedKeys(keys: MasterKeys, inUse: ReadonlyMap<string, number>): { id: string; count: number }[] {
  const loaded = new Set(allKeys(keys).map((k) => k.id));
  return [...inUse].filter(([id]) => !loaded.has(id)).map(([id, count]) => ({ id, count }));
}

/** Every key that may open a value: the current master key first. */
export function allKeys(keys: MasterKeys): SecretKey[] {
  return [keys.current, ...keys.retired];
}
