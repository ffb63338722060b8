/**
 * Receives a multipart upload: the file (field `file`) spooled to a private temporary
 * file (the CSV reader passes over it twice), the other fields as text. The caller
 * works on the file inside `use`; the temporary folder is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/app-error.js';

export async function withUpload<T>(
  request: FastifyRequest,
  fieldNames: readonly string[],
  use: (path: string, fields: Record<string, string>, file: { mimetype: string }) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'upload needs multipart', {
      publicMessage: `Send the file as multipart/form-data (field "file"${fieldNames.map((f) => `, optional field "${f}"`).join('')}).`,
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'recuento-upload-'));
  const path = join(dir, randomBytes(8).toString('hex'));
  try {
    const fields: Record<string, string> = {};
    let received = false;
    let mimetype = 'application/octet-stream';
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === 'file') {
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
