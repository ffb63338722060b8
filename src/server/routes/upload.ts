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
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/app-error.js';

const SPOOL_PREFIX = 'recuento-upload-';

/** Removes uploads a crash left half-received in the spool folder; returns how many. */
export async function clearUploadSpool(spoolDir: string): Promise<number> {
  const left = (await readdir(spoolDir).catch(() => [] as string[])).filter((name) => name.startsWith(SPOOL_PREFIX));
  for (const name of left) await rm(join(spoolDir, name), { recursive: true, force: true });
  return left.length;
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
  await mkdir(spoolDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(spoolDir, SPOOL_PREFIX));
  // the file keeps its kind (.csv, .xlsx, .json, .jsonl), which the readers go by; never the rest of its name
  let path = join(dir, randomBytes(8).toString('hex'));
  try {
    const fields: Record<string, string> = {};
    let received = false;
    let mimetype = 'application/octet-stream';
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === 'file') {
        const kind = /\.(csv|xlsx|json|jsonl|ndjson)$/i.exec(part.filename ?? '');
        if (kind) path = `${path}.${kind[1]!.toLowerCase()}`;
        await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
        if (part.file.truncated) throw new AppError('payload_too_large', 'upload over the limit');
        received = true;
        mimetype = part.mimetype || mimetype;
      } else if (part.type === 'field' && fieldNames.includes(part.fieldname)) {
        fields[part.fieldname] = String(part.value);
      } else if (part.type === 'file') {
        part.file.resume();
      }
    }
    if (!received) throw new AppError('validation_failed', 'no file part', { details: [{ path: 'file', reason: 'the form has no file field named "file"' }] });
    return await use(path, fields, { mimetype });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
