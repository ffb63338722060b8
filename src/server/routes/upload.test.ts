import { mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { clearUploadSpool, withUpload } from './upload.js';

describe('uploads', () => {
  it('are spooled in the data folder, readable by its owner only, and gone once read', async () => {
    const spool = join(mkdtempSync(join(tmpdir(), 'recuento-data-')), 'tmp');
    const seen: { path: string; mode: number; text: string; fields: Record<string, string> }[] = [];
    const app = Fastify();
    await app.register(fastifyMultipart);
    app.post('/up', (request) =>
      withUpload(request, spool, ['title'], async (path, fields) => {
        seen.push({ path, mode: statSync(path).mode & 0o777, text: await readFile(path, 'utf8'), fields });
        return { ok: true };
      }),
    );
    const form = new FormData();
    form.append('title', 'lista');
    form.append('file', new Blob(['Pérez Rodríguez, José\n']), 'lista.csv');
    const request = new Request('http://localhost/up', { method: 'POST', body: form });
    const response = await app.inject({
      method: 'POST',
      url: '/up',
      headers: Object.fromEntries(request.headers),
      payload: Buffer.from(await request.arrayBuffer()),
    });
    expect(response.statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path.startsWith(`${spool}/recuento-upload-`)).toBe(true);
    expect(seen[0]!.mode).toBe(0o600);
    expect(seen[0]!.text).toBe('Pérez Rodríguez, José\n');
    expect(seen[0]!.fields).toEqual({ title: 'lista' });
    expect(statSync(spool).mode & 0o777).toBe(0o700);
    expect(readdirSync(spool)).toEqual([]);
    await app.close();
  });

  it('left half-received by a crash are removed at the next start, and nothing else is', async () => {
    const spool = mkdtempSync(join(tmpdir(), 'recuento-spool-'));
    mkdirSync(join(spool, 'recuento-upload-a1b2c3'));
    writeFileSync(join(spool, 'recuento-upload-a1b2c3', 'f00d'), 'Pérez Rodríguez, José\n');
    writeFileSync(join(spool, 'demo-evidence.pdf'), '%PDF');
    // one being received now, by another server sharing the data folder, is left alone
    mkdirSync(join(spool, 'recuento-upload-d4e5f6'));
    const anHourOn = Date.now() + 3_600_001;
    utimesSync(join(spool, 'recuento-upload-d4e5f6'), new Date(anHourOn), new Date(anHourOn));
    expect(await clearUploadSpool(spool, 3_600_000, anHourOn)).toBe(1);
    expect(readdirSync(spool).sort()).toEqual(['demo-evidence.pdf', 'recuento-upload-d4e5f6']);
    expect(await clearUploadSpool(join(spool, 'missing'))).toBe(0);
  });
});
