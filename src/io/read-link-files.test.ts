import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRY_LINK_SETTINGS } from '../domain/linkage/registry-settings.js';
import { isAppError } from '../shared/app-error.js';
import { readLinkSettings, readLinkTable } from './read-link-files.js';

describe('linkage settings files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-settings-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ships linkage/registry.json equal to the settings the registry uses', async () => {
    expect(await readLinkSettings(join(import.meta.dirname, '..', '..', 'linkage', 'registry.json'))).toEqual(REGISTRY_LINK_SETTINGS);
  });

  it('reads the YAML example for other data', async () => {
    const settings = await readLinkSettings(join(import.meta.dirname, '..', '..', 'linkage', 'examples', 'people-with-addresses.yaml'));
    expect(settings.id).toBe('rec_id');
    expect(settings.comparisons.map((c) => c.kind)).toContain('token_set');
  });

  it('names the place of each problem and the file', async () => {
    const path = join(dir, 'bad.yaml');
    await writeFile(path, 'id: id\ncomparisons:\n  - { name: x, kind: soundex, columns: [x] }\nblocking: []\n');
    const error = await readLinkSettings(path).catch((e: unknown) => e);
    expect(isAppError(error, 'import_rejected')).toBe(true);
    if (!isAppError(error)) return;
    expect(error.publicMessage).toContain('bad.yaml');
    expect(error.details.map((d) => d.path)).toEqual(['comparisons.0.kind', 'blocking']);
  });

  it('refuses a file that is not JSON', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '{ "id": ');
    const error = await readLinkSettings(path).catch((e: unknown) => e);
    expect(isAppError(error) && error.publicMessage).toMatch(/bad\.json is not valid JSON/);
  });
});

describe('linkage tables', () => {
  it('names a file that cannot be read', async () => {
    const error = await readLinkTable('/nonexistent/list.csv', REGISTRY_LINK_SETTINGS).catch((e: unknown) => e);
    expect(isAppError(error, 'import_rejected') && error.publicMessage).toBe('Cannot read /nonexistent/list.csv: there is no such file. Nothing was written.');
  });
});

describe('linkage tables as JSON', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-json-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a JSON array and JSON lines like a CSV file', async () => {
    const rows = [
      { id: 'A', given_names: 'Ana', first_surname: 'Pérez', second_surname: null, cedula: 'V-12.345.678', birth_date: '1990' },
      { id: 'B', given_names: 'Luis', first_surname: 'Rivas', second_surname: 'Díaz', cedula: 14222333, birth_date: null },
    ];
    await writeFile(join(dir, 'list.json'), JSON.stringify(rows));
    await writeFile(join(dir, 'list.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    for (const file of ['list.json', 'list.jsonl']) {
      const table = await readLinkTable(join(dir, file), REGISTRY_LINK_SETTINGS);
      expect(table.ids).toEqual(['A', 'B']);
      expect(table.columns.cedula).toEqual(['V-12.345.678', '14222333']);
      expect(table.columns.second_surname).toEqual(['', 'Díaz']);
    }
  });

  it('names the line of a malformed JSON line and the field of a nested value', async () => {
    await writeFile(
      join(dir, 'bad.jsonl'),
      '{"id":"A","given_names":"Ana","first_surname":"Pérez"}\n{"id": "B",\n{"id":"C","given_names":["Luis"],"first_surname":"Rivas"}\n',
    );
    const error = await readLinkTable(join(dir, 'bad.jsonl'), REGISTRY_LINK_SETTINGS).catch((e: unknown) => e);
    expect(isAppError(error, 'import_rejected')).toBe(true);
    if (!isAppError(error)) return;
    expect(error.details.map((d) => `${d.row} ${d.column ?? ''} ${d.reason}`)).toEqual([
      '2  this line is not valid JSON',
      '3 given_names a list or an object; expected a text, a number or null',
    ]);
  });
});
