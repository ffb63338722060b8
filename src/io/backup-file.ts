/**
 * Backup files: the database's logical dump (store/dump.ts) as JSON lines, gzip-compressed, then
 * sealed in chunks (sealed-chunks.ts) under a random key of the backup's own, that key sealed by the
 * master key in the file's head:
 *
 *   RCXB1\n <the backup's key, sealed by the master key> \n <8-byte prefix> <sealed chunks>
 *
 * So a copied or stolen backup shows nothing — not even the names of persons whose consent keeps
 * them private — without the master key; a changed, cut or reordered backup is refused; and once a
 * retired master key is deleted, the backups made under it can be read by no one. Backups written
 * before they were sealed (plain gzip) are still read.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open as openFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import { AppError } from '../shared/app-error.js';
import { dumpDatabase, type TableDigest } from '../store/dump.js';
import type { Database } from '../store/schema.js';
import { moveIntoPlace } from './move-into-place.js';
import { openChunks, sealChunks } from './sealed-chunks.js';
import { fieldContext, type MasterKeys, open, type SecretKey, seal, sealedKeyId } from './secrets.js';

const MAGIC = Buffer.from('RCXB1\n');
const GZIP = Buffer.from([0x1f, 0x8b]);
const LABEL = 'recuento/backup/v1';
const PREFIX = 8;
const keyContext = (prefix: Buffer) => fieldContext('backups', prefix.toString('hex'), 'file_key');

/**
 * Writes a sealed backup under the current master key: to a temporary name, renamed into place
 * once whole (a failed backup leaves nothing that looks like one). Returns each table's digest.
 */
export async function writeBackupFile(
  db: Kysely<Database>,
  schema: string | null,
  path: string,
  masterKeys: MasterKeys,
  onLines?: (lines: number) => void,
  /** Each line as it is written (awaited): a move hands them to its restore as they come. */
  each?: (line: string) => Promise<void>,
): Promise<Record<string, TableDigest>> {
  const key = randomBytes(32);
  const prefix = randomBytes(PREFIX);
  const temporary = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(temporary, { mode: 0o600 });
  out.write(Buffer.concat([MAGIC, Buffer.from(`${seal(masterKeys.current, key, keyContext(prefix))}\n`), prefix]));
  const text = new PassThrough();
  const done = pipeline(text, createGzip(), (compressed: AsyncIterable<Buffer>) => sealChunks(compressed, key, prefix, LABEL), out);
  // a write that fails (a full disk) stops the dump at its next block, never later
  let failed: unknown = null;
  done.catch((error: unknown) => {
    failed = error;
  });
  let lines = 0;
  // Lines go to gzip in blocks of about 64 KiB: a write per line costs more than the dump itself.
  let block: string[] = [];
  let blockLength = 0;
  const flush = async () => {
    if (failed) throw failed;
    const ready = text.write(block.join(''));
    block = [];
    blockLength = 0;
    if (!ready) await Promise.race([new Promise((resolve) => text.once('drain', resolve)), done]);
    if (failed) throw failed;
  };
  try {
    const digests = await dumpDatabase(db, schema, async (line) => {
      if (++lines % 5000 === 0) onLines?.(lines);
      if (each) await each(line);
      block.push(`${line}\n`);
      blockLength += line.length + 1;
      if (blockLength >= 65_536) await flush();
    });
    await flush();
    text.end();
    await done;
    await moveIntoPlace(temporary, path);
    return digests;
  } catch (error) {
    text.destroy();
    await done.catch(() => {});
    await rm(temporary, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new AppError('disk_full', 'no space for the backup', {
        publicMessage: `The disk holding ${dirname(path)} is full: the backup was not written (its partial file was removed). Free some space, or write it elsewhere.`,
        cause: error,
      });
    }
    throw error;
  }
}

/** The master key a backup needs (undefined for a backup written before backups were sealed). */
export async function backupKeyId(path: string): Promise<string | undefined> {
  const head = await headOf(path);
  return head.kind === 'sealed' ? sealedKeyId(head.sealedKey) : undefined;
}

/**
 * The lines of a backup, read only as they are consumed, with read, authentication and
 * decompression errors thrown to the consumer. `keys` are the master keys present; `where` says
 * where the missing one should go.
 */
export async function* readBackupLines(path: string, keys: readonly SecretKey[], where: string): AsyncGenerator<string> {
  const head = await headOf(path);
  let bytes: Readable;
  if (head.kind === 'gzip') {
    bytes = createReadStream(path);
  } else if (head.kind === 'sealed') {
    const keyId = sealedKeyId(head.sealedKey);
    if (!keys.some((k) => k.id === keyId)) {
      throw new AppError('conflict', 'backup master key missing', {
        publicMessage: `${path} is sealed by master key ${keyId}, which is not here: copy master.key (or master.${keyId}.retired.key, after a rotation) from the data folder the backup was made in into ${where}, or set RECUENTO_MASTER_KEY. Nothing was restored.`,
      });
    }
    const fileKey = open(keys, head.sealedKey, keyContext(head.prefix), "The backup's key");
    const damaged = () =>
      new AppError('validation_failed', 'backup does not authenticate', {
        publicMessage: `${path} was changed or damaged: part of it does not authenticate. Nothing was restored.`,
      });
    bytes = Readable.from(openChunks(createReadStream(path, { start: head.start }), fileKey, head.prefix, LABEL, damaged));
  } else {
    throw new AppError('validation_failed', 'not a backup', { publicMessage: `${path} is not a Recuento backup. Nothing was restored.` });
  }
  const gunzip = createGunzip();
  bytes.on('error', (error) => gunzip.destroy(error));
  bytes.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      const parts = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
    rest += decoder.end();
    if (rest) yield rest;
  } finally {
    bytes.destroy();
    gunzip.destroy();
  }
}

type Head = { kind: 'gzip' } | { kind: 'sealed'; sealedKey: string; prefix: Buffer; start: number } | { kind: 'unknown' };

async function headOf(path: string): Promise<Head> {
  const file = await openFile(path, 'r');
  const head = Buffer.alloc(512);
  let bytesRead: number;
  try {
    ({ bytesRead } = await file.read(head, 0, head.length, 0));
  } finally {
    await file.close();
  }
  const read = head.subarray(0, bytesRead);
  if (read.subarray(0, 2).equals(GZIP)) return { kind: 'gzip' };
  if (!read.subarray(0, MAGIC.length).equals(MAGIC)) return { kind: 'unknown' };
  const end = read.indexOf(0x0a, MAGIC.length);
  if (end < 0 || end + 1 + PREFIX > read.length) return { kind: 'unknown' };
  return {
    kind: 'sealed',
    sealedKey: read.subarray(MAGIC.length, end).toString('utf8'),
    prefix: Buffer.from(read.subarray(end + 1, end + 1 + PREFIX)),
    start: end + 1 + PREFIX,
  };
}
