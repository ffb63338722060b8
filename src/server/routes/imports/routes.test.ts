import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';

const fixture = (name: string) => join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', name);

function upload(content: string | Buffer, mapping?: string): RequestInit {
  const form = new FormData();
  if (mapping) form.append('mapping', mapping);
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), 'persons.csv');
  return { method: 'POST', body: form };
}

describe(`import and export API on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let mapping: string;
  beforeAll(async () => {
    server = await startTestServer();
    mapping = await readFile(fixture('mapping.json'), 'utf8');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('imports a Windows-1252 semicolon file through the API', async () => {
    const response = await server.admin('/api/imports/persons', upload(await readFile(fixture('persons-cp1252-semicolon.csv')), mapping));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ committed: true, rows: 3, inserted: 3, updated: 0, problems: 0, encoding: 'windows-1252', delimiter: ';' });
  });

  it('answers a bad file with 422 and every problem, writing nothing', async () => {
    const bad = 'ID,Nombres,Primer apellido,Segundo apellido,Cédula,Fecha de nacimiento,Sexo,Ocupación,Consentimiento\nB-1,Ana,,,,13/13/2000,,,\n';
    const response = await server.admin('/api/imports/persons', upload(bad, mapping));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; details: unknown[] } };
    expect(body.error.code).toBe('import_rejected');
    expect(body.error.details).toEqual([
      { row: 2, column: 'Primer apellido', value: '', reason: 'required and empty' },
      { row: 2, column: 'Fecha de nacimiento', value: '13/13/2000', reason: 'month 13 does not exist' },
    ]);
    const staff = (await (await server.admin('/api/persons')).json()) as { total: number };
    expect(staff.total).toBe(3);
  });

  it('refuses imports from the public and non-multipart bodies', async () => {
    expect((await server.get('/api/imports/persons', upload('a'))).status).toBe(401);
    const notMultipart = await server.admin('/api/imports/persons', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(notMultipart.status).toBe(415);
  });

  it('exports as CSV and JSON, streamed; the public export honours consent', async () => {
    const staffCsv = await (await server.admin('/api/exports/persons.csv')).text();
    const lines = staffCsv.trim().split('\n');
    expect(lines[0]).toBe(
      'external_id,given_names,first_surname,second_surname,aliases,cedula,passport,nationality,sex,birth_date,occupation_group,consent,status,synthetic,id',
    );
    expect(lines).toHaveLength(4);
    expect(staffCsv).toContain('V-12.345.678');
    const publicCsv = await (await server.get('/api/exports/persons.csv')).text();
    expect(publicCsv.trim().split('\n')).toHaveLength(2); // header + the one person who consented to publication
    expect(publicCsv).toContain('Núñez');
    expect(publicCsv).not.toContain('12.345.678');
    expect(publicCsv).not.toContain('Rodríguez'); // private by default
    const publicJson = (await (await server.get('/api/exports/persons.json')).json()) as Record<string, unknown>[];
    expect(publicJson).toHaveLength(1);
    expect(Object.keys(publicJson[0]!)).not.toContain('birth_date');
  });
  it('imports case histories through the API, and answers unknown values with what to map', async () => {
    const examples = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'examples');
    const sheet = await readFile(join(examples, 'ngo-registry.csv'));
    const caseMapping = await readFile(join(examples, 'ngo-registry.mapping.json'), 'utf8');
    const form = (file: Buffer, map: string, name: string) => {
      const body = new FormData();
      body.append('mapping', map);
      body.append('organisation', 'Example NGO (synthetic data)');
      body.append('sourceDate', '2026-01-31');
      body.append('file', new Blob([new Uint8Array(file)]), name);
      return { method: 'POST', body };
    };
    const bare = JSON.stringify({ ...JSON.parse(caseMapping), values: {}, declare: { offences: [], facilities: [] } });
    const refused = await server.admin('/api/imports/case-histories', form(sheet, bare, 'registro.csv'));
    expect(refused.status).toBe(422);
    const error = ((await refused.json()) as { error: { message: string; details: { row: number; column: string; value: string }[] } }).error;
    expect(error.message).toContain('facility "Zona 7" (2 rows; closest: zona-7-boleita)');
    expect(error.details).toContainEqual(expect.objectContaining({ row: 8, column: 'Delitos imputados', value: 'magnicidio en grado de frustración' }));
    // each value to map once, with its closest entries to choose from
    expect(error.details).toContainEqual({
      path: 'values.facility',
      value: 'Zona 7',
      row: 5,
      reason: '2 row(s), first on row 5',
      suggestions: expect.arrayContaining([expect.objectContaining({ code: 'zona-7-boleita' })]),
    });
    expect(((await (await server.admin('/api/persons')).json()) as { total: number }).total).toBe(3);

    // dryRun=false is an import, dryRun=true a check (a query's "false" is no)
    const checked = await server.admin('/api/imports/case-histories?dryRun=true', form(sheet, caseMapping, 'registro.csv'));
    expect(await checked.json()).toMatchObject({ committed: false, written: null });
    const imported = await server.admin('/api/imports/case-histories?dryRun=false', form(sheet, caseMapping, 'registro.csv'));
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({
      committed: true,
      rows: 10,
      persons: 10,
      detentions: 10,
      events: 17,
      undatedEvents: 1,
      written: { measures: 4, judgments: 10 },
    });
    expect((await server.get('/api/imports/case-histories', form(sheet, caseMapping, 'registro.csv'))).status).toBe(401);

    // the declared offence is in the thesaurus now, and an administrator can correct it
    const changed = await server.admin('/api/offences/magnicidio_frustrado', json('PATCH', { labelEn: 'Attempted assassination of the president' }));
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ code: 'magnicidio_frustrado', category: 'violent', labelEn: 'Attempted assassination of the president' });
    expect((await server.admin('/api/offences/no_such_offence', json('PATCH', { category: 'common' }))).status).toBe(404);
    expect((await server.get('/api/offences/magnicidio_frustrado', json('PATCH', { category: 'common' }))).status).toBe(401);
  });

  it('inspects a sheet before it is mapped: what was detected, its first rows, its dates, a first guess of the mapping', async () => {
    const examples = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'examples');
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(await readFile(join(examples, 'ngo-registry.csv')))]), 'registro.csv');
    const response = await server.admin('/api/imports/inspect', { method: 'POST', body });
    expect(response.status).toBe(200);
    const seen = (await response.json()) as {
      format: string;
      encoding: string;
      delimiter: string;
      header: string[];
      rows: number;
      preview: { row: number; cells: string[] }[];
      dateFormats: Record<string, string[]>;
      suggested: { idColumn?: string; columns: Record<string, string> };
    };
    expect(seen).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';', rows: 10 });
    expect(seen.header.slice(0, 3)).toEqual(['Nº', 'Nombre completo', 'Cédula']);
    expect(seen.preview).toHaveLength(10);
    expect(seen.preview[0]).toEqual({ row: 2, cells: expect.arrayContaining(['FP-0101', 'PÉREZ GÓMEZ José Luis']) });
    expect(seen.dateFormats).toEqual({ 'Fecha de detención': ['dd/mm/yyyy'], 'Fecha de excarcelación': ['dd/mm/yyyy'] });
    expect(seen.suggested.idColumn).toBe('Nº');
    expect(seen.suggested.columns).toMatchObject({ fullName: 'Nombre completo', facility: 'Centro de reclusión', charges: 'Delitos imputados' });
    expect((await server.get('/api/imports/inspect', { method: 'POST', body })).status).toBe(401);
    // an old Excel workbook is refused, with what to do
    const xls = new FormData();
    xls.append('file', new Blob([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])]), 'registro.xls');
    const refused = await server.admin('/api/imports/inspect', { method: 'POST', body: xls });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/old Excel workbook \(\.xls\): save it as \.xlsx or CSV/);
  });

  it('keeps mappings by name for the next sheet, only mappings an import would take', async () => {
    const examples = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'examples');
    const mapping = JSON.parse(await readFile(join(examples, 'ngo-registry.mapping.json'), 'utf8')) as Record<string, unknown>;
    const saved = await server.admin('/api/imports/mappings/Foro%20semanal', json('PUT', { mapping }));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ name: 'Foro semanal', updatedBy: expect.any(String), mapping: { idColumn: 'Nº' } });
    expect(await (await server.admin('/api/imports/mappings')).json()).toEqual([
      { name: 'Foro semanal', updatedBy: expect.any(String), updatedAt: expect.any(String) },
    ]);
    expect(await (await server.admin('/api/imports/mappings/Foro%20semanal')).json()).toMatchObject({ mapping });
    // only what the import reads is kept
    const padded = await server.admin('/api/imports/mappings/con-extra', json('PUT', { mapping: { ...mapping, note: 'not a mapping key' } }));
    expect(((await padded.json()) as { mapping: Record<string, unknown> }).mapping).not.toHaveProperty('note');
    expect((await server.admin('/api/imports/mappings/con-extra', { method: 'DELETE' })).status).toBe(204);
    const broken = await server.admin('/api/imports/mappings/roto', json('PUT', { mapping: { columns: {} } }));
    expect(broken.status).toBe(400);
    expect((await server.admin('/api/imports/mappings/roto')).status).toBe(404);
    expect((await server.admin('/api/imports/mappings/Foro%20semanal', { method: 'DELETE' })).status).toBe(204);
    expect(await (await server.admin('/api/imports/mappings')).json()).toEqual([]);
    expect((await server.get('/api/imports/mappings')).status).toBe(401);
  });
});
