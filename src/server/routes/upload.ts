/**
 * Receives a multipart upload: the file (field `file`) spooled to a private temporary
 * file (the CSV reader passes over it twice), the other fields as text. The caller
 * works on the file inside `use`; the temporary folder is removed afterwards.
 *
 * Uploads are lists of names and evidence in plain form, so they are spooled inside the data folder
 * (`<data>/tmp`, the owner's alone) rather than the machine's shared temporary folder, and what a
 * crash leaves there is removed at the next start (clearUploadSpool).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/app-error.js';
import { findNul, nulRefusal } from '../nul.js';

const SPOOL_PREFIX = 'recuento-upload-';

/** How long the form reader may still take after the whole body has arrived. */
const FORM_CLOSE_GRACE_MS = 2000;

/** Makes the spool folder, or makes it the owner's alone if it was made otherwise (0700). */
export async function ensureUploadSpool(spoolDir: string): Promise<void> {
  await mkdir(spoolDir, { recursive: true, mode: 0o700 });
  await chmod(spoolDir, 0o700);
}

/**
 * Removes uploads a crash left half-received in the spool folder; returns how many. Only those
 * untouched for `idleMs`: another server sharing the data folder may be receiving one right now.
 */
export async function clearUploadSpool(spoolDir: string, idleMs = 3_600_000, now = Date.now()): Promise<number> {
  await ensureUploadSpool(spoolDir);
  const left = (await readdir(spoolDir).catch(() => [] as string[])).filter((name) => name.startsWith(SPOOL_PREFIX));
  let removed = 0;
  for (const name of left) {
    const path = join(spoolDir, name);
    const touched = await stat(path).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (now - touched < idleMs) continue;
    await rm(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/**
 * A form the multipart reader could not read — no boundary, a second file, a part cut short,
 * too many fields — is the sender's mistake (400, or 413 over a limit), never a 500.
 */
function malformedForm(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'FST_FILES_LIMIT')
    return new AppError('validation_failed', 'multipart: more than one file', {
      details: [{ path: 'body', reason: 'send one file per request, in the field "file"' }],
    });
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('payload_too_large', 'upload over the limit');
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return new AppError('validation_failed', `multipart: ${code}`, { details: [{ path: 'body', reason: 'the form has more fields than this upload takes' }] });
  return new AppError('validation_failed', `multipart: ${message ?? 'unreadable'}`, {
    details: [{ path: 'body', reason: 'the multipart form could not be read (no boundary, or a part cut short); send it again' }],
  });
}

export async function withUpload<T>(
  request: FastifyRequest,
  spoolDir: string,
  fieldNames: readonly string[],
  use: (path: string, fields: Record<string, string>, file: { mimetype: string }) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'upload needs multipart', {
      publicMessage: `Send the file as multipart/form-data (field "file"${fieldNames.map((f) => `, optional field "${f}"`).join('')}).`,
    });
  }
  await ensureUploadSpool(spoolDir);
  const dir = await mkdtemp(join(spoolDir, SPOOL_PREFIX));
  // the file keeps its kind (.csv, .xlsx, .json, .jsonl), which the readers go by; never the rest of its name
  let path = join(dir, randomBytes(8).toString('hex'));
  try {
    const fields: Record<string, string> = {};
    let received = false;
    let mimetype = 'application/octet-stream';
    // A form whose body has all arrived but never closed (no final boundary) leaves the reader
    // waiting for ever: once the body has ended, the reading gets a moment more, then is cut.
    let current: { file: NodeJS.ReadableStream & { destroy(error?: Error): void } } | null = null;
    let timer: NodeJS.Timeout | undefined;
    const cut = new Promise<never>((_, reject) => {
      const onEnd = () => {
        timer = setTimeout(() => {
          const error = Object.assign(new Error('Unexpected end of form'), { code: 'FORM_NOT_CLOSED' });
          current?.file.destroy(error);
          reject(error);
        }, FORM_CLOSE_GRACE_MS);
      };
      if (request.raw.readableEnded) onEnd();
      else request.raw.once('end', onEnd);
    });
    cut.catch(() => {});
    const read = (async () => {
      for await (const part of request.parts()) {
        if (part.type === 'file' && part.fieldname === 'file' && !received) {
          current = part;
          const kind = /\.(csv|xlsx|json|jsonl|ndjson)$/i.exec(part.filename ?? '');
          if (kind) path = `${path}.${kind[1]!.toLowerCase()}`;
          await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
          if (part.file.truncated) throw new AppError('payload_too_large', 'upload over the limit');
          received = true;
          mimetype = part.mimetype || mimetype;
        } else if (part.type === 'field' && fieldNames.includes(part.fieldname)) {
          const value = String(part.value);
          // as in every other text of a request: no NUL character reaches the database
          if (findNul(value, `body.${part.fieldname}`)) throw nulRefusal(`body.${part.fieldname}`);
          fields[part.fieldname] = value;
        } else if (part.type === 'file') {
          current = part;
          part.file.resume();
        }
      }
    })();
    try {
      await Promise.race([read, cut]);
    } catch (error) {
      read.catch(() => {});
      throw malformedForm(error);
    } finally {
      clearTimeout(timer);
    }
    if (!received) throw new AppError('validation_failed', 'no file part', { details: [{ path: 'file', reason: 'the form has no file field named "file"' }] });
    return await use(path, fields, { mimetype });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
