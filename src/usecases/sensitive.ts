/**
 * The sensitive fields of a person, sealed with the person's own data key (envelope encryption,
 * io/secrets.ts). Reading opens only the fields asked for; a value that fails authentication is
 * refused, never shown garbled. Erasing deletes the data key: every sealed copy — in the database,
 * in backups made since (they hold no key), on replicas — becomes unreadable at once.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { EvidenceFiles, evidenceKeysByMasterKey } from '../io/evidence-files.js';
import {
  allKeys,
  fieldContext,
  formatMasterKey,
  loadMasterKeys,
  type MasterKeys,
  masterKeyPath,
  newSecretKey,
  open,
  type SecretKey,
  seal,
  sealedKeyId,
} from '../io/secrets.js';
import { AppError } from '../shared/app-error.js';
import { SENSITIVE_FIELDS, type SensitiveField, type SensitivePatch, type SensitiveValues } from '../shared/schemas.js';
import { clearNotesOf, type NoteCipher, plainNotes, replaceNote, sealedNotes } from '../store/events.js';
import type { Database } from '../store/schema.js';
import {
  allWrappedKeys,
  eraseKey,
  erasureOf,
  insertWrappedKey,
  replaceTotpSecret,
  replaceWrappedKey,
  sealedByMasterKey,
  sealedFields,
  sealedTotpSecrets,
  wrappedKeyOf,
  writeSealed,
} from '../store/sensitive.js';

type Db = Kysely<Database>;

const keyContext = (personId: string) => fieldContext('person_keys', personId, 'data_key');
const valueContext = (personId: string, field: string) => fieldContext('person_sensitive', personId, field);
const LABEL: Record<SensitiveField, string> = { relatives: "Relatives' contacts", health: 'Health', address: 'The address', notes: 'The notes' };

function unwrap(masterKeys: MasterKeys, personId: string, wrapped: string): SecretKey {
  return { id: 'data', key: open(allKeys(masterKeys), wrapped, keyContext(personId), "The person's data key") };
}

export type SensitiveRead = { values: SensitiveValues; erasedAt: string | null; updatedAt: string | null };

/** The fields asked for (those the reader may see), opened. */
export async function readSensitive(db: Db, masterKeys: MasterKeys, personId: string, fields: readonly SensitiveField[]): Promise<SensitiveRead> {
  const erasure = await erasureOf(db, personId);
  const key = await existingDataKey(db, masterKeys, personId);
  if (!key) return { values: {}, erasedAt: erasure?.erasedAt ?? null, updatedAt: null };
  const values: Record<string, unknown> = {};
  let updatedAt: string | null = null;
  for (const row of await sealedFields(db, personId)) {
    const field = row.field as SensitiveField;
    if (!fields.includes(field)) continue;
    const text = open([key], row.sealed, valueContext(personId, field), LABEL[field]).toString('utf8');
    values[field] = JSON.parse(text) as unknown;
    if (!updatedAt || row.updatedAt > updatedAt) updatedAt = row.updatedAt;
  }
  return { values: values as SensitiveValues, erasedAt: erasure?.erasedAt ?? null, updatedAt };
}

/** The person's data key, made (inside the caller's transaction) on first use. */
export async function personDataKey(trx: Transaction<Database>, masterKeys: MasterKeys, personId: string): Promise<SecretKey> {
  const wrapped = await wrappedKeyOf(trx, personId);
  if (wrapped) return unwrap(masterKeys, personId, wrapped);
  const key = { ...newSecretKey(), id: 'data' };
  await insertWrappedKey(trx, personId, seal(masterKeys.current, key.key, keyContext(personId)));
  return key;
}

/** The person's data key, or null when it was erased or never made (nothing sealed with it can be read). */
export async function existingDataKey(db: Db, masterKeys: MasterKeys, personId: string): Promise<SecretKey | null> {
  const wrapped = await wrappedKeyOf(db, personId);
  return wrapped ? unwrap(masterKeys, personId, wrapped) : null;
}

/** Writes the fields given (null clears one), making the person's data key on first use. */
export async function writeSensitive(db: Db, masterKeys: MasterKeys, personId: string, patch: SensitivePatch, by: string | null): Promise<SensitiveField[]> {
  const changed = SENSITIVE_FIELDS.filter((field) => patch[field] !== undefined);
  await db.transaction().execute(async (trx) => {
    const key = await personDataKey(trx, masterKeys, personId);
    for (const field of changed) {
      const value = patch[field];
      await writeSealed(trx, personId, field, value === null ? null : seal(key, JSON.stringify(value), valueContext(personId, field)), by);
    }
  });
  return changed;
}

/**
 * Free-text notes of events and measures, sealed by the master key and bound to their record (they
 * move with the record when two persons are merged). Plain text from before opens as it is.
 */
export function noteCipher(masterKeys: MasterKeys): NoteCipher {
  const context = (table: string, id: string) => fieldContext(table, id, 'notes');
  return {
    seal: (table, id, text) => seal(masterKeys.current, text, context(table, id)),
    open: (table, id, stored) =>
      sealedKeyId(stored) === undefined ? stored : open(allKeys(masterKeys), stored, context(table, id), 'A note').toString('utf8'),
  };
}

/** Seals notes still in plain text (written before notes were sealed); run at start. Returns how many. */
export async function sealPlainNotes(db: Db, masterKeys: MasterKeys): Promise<number> {
  const cipher = noteCipher(masterKeys);
  let sealed = 0;
  for (const table of ['events', 'measures'] as const) {
    for (;;) {
      const batch = await plainNotes(db, table, 1000);
      if (batch.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const { id, notes } of batch) await replaceNote(trx, table, id, cipher.seal(table, id, notes));
      });
      sealed += batch.length;
    }
  }
  return sealed;
}

/** The file beside the master key that lists erased persons, so a restore of an older backup re-erases them. */
export function erasureLedgerPath(dataDir: string): string {
  return join(dataDir, 'erasures.txt');
}

/**
 * Erases a person's sensitive fields by deleting their data key, and the notes of their events and
 * measures; records it in the database and the ledger.
 */
export async function eraseSensitive(db: Db, personId: string, by: string | null, dataDir: string | undefined): Promise<boolean> {
  const notes = await clearNotesOf(db, personId);
  const erased = (await eraseKey(db, [personId], by)) > 0 || notes > 0;
  if (dataDir) appendFileSync(erasureLedgerPath(dataDir), `${personId} ${new Date().toISOString()}\n`, { mode: 0o600 });
  return erased;
}

/** Person ids in the erasure ledger (empty when there is none). */
export function readErasureLedger(dataDir: string): string[] {
  const path = erasureLedgerPath(dataDir);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((id) => /^[0-9a-f-]{36}$/.test(id));
}

/**
 * Re-seals every person's data key, sealed note and second-factor secret under a new master key, in
 * one transaction; the fields themselves are untouched (their data keys do not change). A value
 * sealed by a master key that is not loaded is left as it is (counted in `left`): nothing can open
 * it now, and it opens again if that key's file is put back. A value that fails to open under a
 * loaded key stops the rotation.
 */
export async function rewrapUnder(db: Db, masterKeys: MasterKeys, next: SecretKey): Promise<{ personKeys: number; secrets: number; left: number }> {
  const loaded = new Set(allKeys(masterKeys).map((k) => k.id));
  let left = 0;
  const reseal = (sealed: string, context: string, what: string): string | undefined => {
    if (!loaded.has(sealedKeyId(sealed) ?? '')) {
      left++;
      return undefined;
    }
    return seal(next, open(allKeys(masterKeys), sealed, context, what), context);
  };
  return db.transaction().execute(async (trx) => {
    let personKeys = 0;
    for (const { personId, wrapped } of await allWrappedKeys(trx)) {
      const resealed = reseal(wrapped, keyContext(personId), "A person's data key");
      if (resealed === undefined) continue;
      await replaceWrappedKey(trx, personId, resealed);
      personKeys++;
    }
    for (const table of ['events', 'measures'] as const) {
      for (const { id, notes } of await sealedNotes(trx, table)) {
        const resealed = reseal(notes, fieldContext(table, id, 'notes'), 'A note');
        if (resealed !== undefined) await replaceNote(trx, table, id, resealed);
      }
    }
    let secrets = 0;
    for (const { id, totpSecret } of await sealedTotpSecrets(trx)) {
      const resealed = reseal(totpSecret, fieldContext('accounts', id, 'totp_secret'), 'A second-factor secret');
      if (resealed === undefined) continue;
      await replaceTotpSecret(trx, id, resealed);
      secrets++;
    }
    return { personKeys, secrets, left };
  });
}

/**
 * How many sealed values each master key holds (by key id): persons' data keys, notes and
 * second-factor secrets in the database, and the keys of the evidence files in the data folder.
 */
export async function masterKeyUse(db: Db, dataDir: string): Promise<Map<string, number>> {
  const use = await sealedByMasterKey(db);
  for (const [id, count] of await evidenceKeysByMasterKey(join(dataDir, 'evidence'))) use.set(id, (use.get(id) ?? 0) + count);
  return use;
}

/**
 * Replaces the master key file (RECUENTO_MASTER_KEY is rotated where it is kept): the new key
 * reaches the disk first (master.key.new, loaded at start if a crash leaves it), every data key
 * and second-factor secret is re-sealed in one transaction, then the files are renamed; the old key
 * stays as master.<id>.retired.key for older backups until someone deletes it.
 */
export async function rotateMasterKey(
  db: Db,
  dataDir: string,
): Promise<{
  previous: SecretKey;
  next: SecretKey;
  retiredPath: string;
  counts: { personKeys: number; secrets: number; evidenceFiles: number; left: number };
}> {
  const loaded = loadMasterKeys(dataDir, undefined, { inUse: await masterKeyUse(db, dataDir) });
  const path = masterKeyPath(dataDir);
  const pending = `${path}.new`;
  if (existsSync(pending)) {
    throw new AppError('conflict', 'rotation pending', {
      publicMessage: `${pending} exists: an earlier rotation stopped half-way. Keep both files and ask for help before going on.`,
    });
  }
  const next = newSecretKey();
  writeFileSync(pending, `${formatMasterKey(next)}\n`, { mode: 0o600, flag: 'wx' });
  let inDatabase: { personKeys: number; secrets: number; left: number };
  try {
    inDatabase = await rewrapUnder(db, loaded, next);
  } catch (error) {
    rmSync(pending);
    throw error;
  }
  // Evidence files' keys sit beside the files; until the rename below both master keys are loaded,
  // so a crash half-way leaves every key openable.
  const files = await new EvidenceFiles(join(dataDir, 'evidence'), loaded).rewrapKeys(next);
  const retiredPath = join(dataDir, `master.${loaded.current.id}.retired.key`);
  renameSync(path, retiredPath);
  renameSync(pending, path);
  const counts = { personKeys: inDatabase.personKeys, secrets: inDatabase.secrets, evidenceFiles: files.rewrapped, left: inDatabase.left + files.left };
  return { previous: loaded.current, next, retiredPath, counts };
}
