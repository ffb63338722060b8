/**
 * recuento site export: the public site as static files a mirror serves when the main address is
 * blocked — every page, the open data, the log's key and checkpoint — with nothing of a person who
 * did not consent to be named, and a manifest that holds every file to its hash.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe('recuento site export', () => {
  let dir: string;
  let out: string;
  let stdout: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-site-export-'));
    out = await mkdtemp(join(tmpdir(), 'recuento-mirror-'));
    const seeded = await runCli(['seed-demo', '--data', dir], { RECUENTO_DEMO_PERSONS: '60' });
    expect(seeded.code, seeded.stderr).toBe(0);
    const published = await runCli(['log', 'publish-counts', '--data', dir]);
    expect(published.code, published.stderr).toBe(0);
    const exported = await runCli(['site', 'export', '--out', out, '--data', dir]);
    expect(exported.code, exported.stderr).toBe(0);
    stdout = exported.stdout;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  it('writes every page in both languages, each measure as a folder its links point to, the data and the log key', async () => {
    expect(stdout).toMatch(/^Wrote the public site to .+: \d+ files, [\d.]+ MB, reflecting the log's checkpoint of \d+ entries/);
    const files = new Set(await filesUnder(out));
    for (const file of [
      'index.html',
      'en/index.html',
      'lista/index.html',
      'metodologia/index.html',
      'centros/index.html',
      'centro/el-helicoide/index.html',
      'q/metrica-held/index.html',
      'datos/datapackage.json',
      'datos/claims.csv',
      'datos/persons.json',
      'api/log/key',
      'api/log/checkpoint',
      'site/lookup.js',
    ]) {
      expect(files.has(file), file).toBe(true);
    }
    const home = await readFile(join(out, 'index.html'), 'utf8');
    expect(home).toContain('href="/q/metrica-held/#cifras"');
    expect(home).not.toContain('?metrica=');
    // every named person has a page; the list's search says it needs the main site
    const named = parse(await readFile(join(out, 'datos', 'persons.csv'), 'utf8'), { columns: true }) as { id: string }[];
    for (const person of named) expect(files.has(`persona/${person.id}/index.html`), person.id).toBe(true);
    expect(await readFile(join(out, 'lista', 'index.html'), 'utf8')).toContain('En esta copia del sitio esta búsqueda no funciona');
    // the report form is not copied: a report sent to a mirror would reach whoever runs it, not the team
    const report = await readFile(join(out, 'informar', 'index.html'), 'utf8');
    expect(report).toContain('envíelo solo desde la dirección principal');
    expect(report).not.toContain('<form');
  });

  it('holds every file to the SHA-256 its manifest names, beside the checkpoint the pages name', async () => {
    const manifest = JSON.parse(await readFile(join(out, 'recuento-export.json'), 'utf8')) as { checkpoint: string; files: Record<string, { sha256: string }> };
    expect(manifest.checkpoint).toBe(await readFile(join(out, 'api', 'log', 'checkpoint'), 'utf8'));
    for (const [file, { sha256 }] of Object.entries(manifest.files)) {
      expect(
        createHash('sha256')
          .update(await readFile(join(out, file)))
          .digest('hex'),
        file,
      ).toBe(sha256);
    }
    const size = manifest.checkpoint.split('\n')[1];
    expect(Number(size)).toBeGreaterThan(0);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain(`tiene ${size} entradas`);
  });

  it('carries nothing of a person who did not consent to be named: no id, no cédula, in any file', async () => {
    const staff = await runCli(['export', '--data', dir]);
    const persons = parse(staff.stdout, { columns: true }) as { id: string; cedula: string; consent: string }[];
    const hidden = persons.filter((p) => p.consent !== 'public').flatMap((p) => [p.id, p.cedula].filter(Boolean));
    expect(hidden.length).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const file of await filesUnder(out)) {
      const text = await readFile(join(out, file), 'utf8');
      for (const secret of hidden) if (text.includes(secret)) hits.push(`${file}: ${secret}`);
    }
    expect(hits).toEqual([]);
  });
});
