import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/database.js';
import type { ImportProblem } from '../store/import-persons.js';
import { countMatchingPersons, listPersons } from '../store/persons.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { importPersonsFile, parseMapping } from './import-persons-file.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);

describe(`importing persons from CSV on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  let dir: string;
  let mappingText: string;
  beforeAll(async () => {
    store = await openTestStore();
    dir = await mkdtemp(join(tmpdir(), 'recuento-import-test-'));
    mappingText = await readFile(fixture('mapping.json'), 'utf8');
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (path: string, options: { dryRun?: boolean; mapping?: boolean } = {}) => {
    const problems: ImportProblem[] = [];
    const report = await importPersonsFile(store.db, path, {
      mapping: options.mapping === false ? undefined : parseMapping(mappingText, 'test'),
      dryRun: options.dryRun ?? false,
      onProblem: (p) => problems.push(p),
    });
    return { report, problems };
  };
  const write = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  it('imports a UTF-8, comma-separated file with dd/mm/yyyy dates', async () => {
    const { report, problems } = await run(fixture('persons-utf8.csv'));
    expect(problems).toEqual([]);
    expect(report).toMatchObject({ committed: true, rows: 3, inserted: 3, updated: 0, encoding: 'utf-8', delimiter: ',' });
    const found = await listPersons(store.db, { q: 'jose gregorio nunez' }, 10, 0);
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({
      firstSurname: 'Núñez',
      secondSurname: 'Añez',
      birthDate: '1990-05-17',
      sex: 'male',
      occupationGroup: 'student',
      consent: 'public',
    });
    expect(found.items[0]!.identifiers).toEqual([{ kind: 'cedula_v', value: '12345678' }]);
  });

  it('reads a Windows-1252, semicolon-separated file and keeps accents intact; re-import updates, never duplicates', async () => {
    const before = await countMatchingPersons(store.db, {});
    const { report, problems } = await run(fixture('persons-cp1252-semicolon.csv'));
    expect(problems).toEqual([]);
    expect(report).toMatchObject({ committed: true, rows: 3, inserted: 0, updated: 3, encoding: 'windows-1252', delimiter: ';' });
    expect(await countMatchingPersons(store.db, {})).toBe(before);
    const found = await listPersons(store.db, { q: 'yusmary' }, 10, 0);
    expect(found.items[0]).toMatchObject({
      givenNames: 'Yusmary',
      firstSurname: 'Rodríguez',
      secondSurname: 'Chacón',
      birthDate: '2001-03-01',
      birthDatePrecision: 'month',
    });
  });

  it('rejects a file with bad rows, lists every one, and writes nothing', async () => {
    const before = await countMatchingPersons(store.db, {});
    const path = await write(
      'bad.csv',
      [
        'ID,Nombres,Primer apellido,Segundo apellido,Cédula,Fecha de nacimiento,Sexo,Ocupación,Consentimiento',
        'NEW-1,Ana,Díaz,,V-20.000.001,01/01/1980,F,,',
        'NEW-2,Luis,,,V-20.000.002,31/02/1980,M,,',
        'NEW-1,Pedro,Rojas,,V-20.000.003,1980,M,,',
        'NEW-4,Rosa,Peña,,V-20.000.001,1980,F,,',
        'NEW-5,Carmen,Torres,,V-20.000.005,1980,F,astronauta,',
      ].join('\n'),
    );
    const { report, problems } = await run(path);
    expect(report.committed).toBe(false);
    expect(problems).toEqual([
      { row: 3, column: 'Primer apellido', value: '', reason: 'required and empty' },
      { row: 3, column: 'Fecha de nacimiento', value: '31/02/1980', reason: 'day 31 does not exist in 1980-02' },
      { row: 4, column: 'ID', value: 'NEW-1', reason: 'the same id is already on row 2' },
      { row: 5, column: 'Cédula', value: 'V-20.000.001', reason: 'the same identifier is already on row 2' }, // as written in the sheet
      expect.objectContaining({ row: 6, column: 'Ocupación', value: 'astronauta' }),
    ]);
    expect(await countMatchingPersons(store.db, {})).toBe(before);
  });

  it('rejects a cédula that already belongs to another person in the registry', async () => {
    const path = await write(
      'clash.csv',
      'ID,Nombres,Primer apellido,Segundo apellido,Cédula,Fecha de nacimiento,Sexo,Ocupación,Consentimiento\nOTHER-1,Otro,Señor,,V-12.345.678,,,,\n',
    );
    const { problems } = await run(path);
    expect(problems).toEqual([{ row: 2, column: 'Cédula', value: '12345678', reason: 'this identifier belongs to another person in the registry (FP-0001)' }]);
  });

  it('names the columns the mapping expects and the file lacks', async () => {
    const path = await write('missing.csv', 'ID,Nombres\nX-1,Ana\n');
    await expect(run(path)).rejects.toMatchObject({
      code: 'import_rejected',
      details: expect.arrayContaining([{ row: 1, column: 'Primer apellido', reason: 'column named in the mapping is not in the header' }]),
    });
  });

  it('refuses, without a mapping, a file whose header names no given names or first surname (it once blanked the names of persons it updated)', async () => {
    const first = await write('named.csv', 'external_id,given_names,first_surname\nNM-1,Ana,Rojas\n');
    expect((await run(first, { mapping: false })).report.inserted).toBe(1);
    const path = await write('other-names.csv', 'ID;Nombres;Primer apellido\nNM-1;Ana;Rojas\n');
    await expect(run(path, { mapping: false })).rejects.toMatchObject({
      code: 'import_rejected',
      publicMessage: expect.stringContaining('Without a mapping (--map)'),
      details: expect.arrayContaining([
        { row: 1, column: 'given_names', reason: 'column named in the mapping is not in the header' },
        { row: 1, column: 'first_surname', reason: 'column named in the mapping is not in the header' },
      ]),
    });
    const [kept] = (await listPersons(store.db, { q: 'Ana Rojas' }, 10, 0)).items.filter((p) => p.externalId === 'NM-1');
    expect(kept).toMatchObject({ givenNames: 'Ana', firstSurname: 'Rojas' });
  });

  it('refuses a file with a header and no rows, and a sheet that is not CSV, saying what to do', async () => {
    const headerOnly = await write('header-only.csv', 'ID,Nombres,Primer apellido,Segundo apellido,Cédula,Fecha de nacimiento,Sexo,Ocupación,Consentimiento\n');
    await expect(run(headerOnly)).rejects.toMatchObject({
      code: 'import_rejected',
      details: [{ row: 2, reason: expect.stringContaining('a header but no rows') }],
    });
    const sheet = await write('lista.xlsx', 'not really a sheet');
    await expect(run(sheet)).rejects.toMatchObject({ code: 'import_rejected', publicMessage: expect.stringContaining('save the sheet as CSV') });
  });

  it('reports a truncated file: a row cut short, and a quote never closed', async () => {
    const header = 'ID,Nombres,Primer apellido,Segundo apellido,Cédula,Fecha de nacimiento,Sexo,Ocupación,Consentimiento';
    const short = await write('short.csv', `${header}\nT-1,Ana,Díaz,,,,,,\nT-2,Lu`);
    const { problems } = await run(short);
    expect(problems).toEqual([{ row: 3, column: '', value: '', reason: 'the row has 2 cells but the header has 9' }]);
    const unclosed = await write('unclosed.csv', `${header}\nT-1,"Ana,Díaz,,,,,,\n`);
    await expect(run(unclosed)).rejects.toMatchObject({
      code: 'import_rejected',
      details: [expect.objectContaining({ reason: 'a quoted cell is never closed: the file is probably truncated' })],
    });
  });

  it('rejects an empty file and a file without a header', async () => {
    await expect(run(await write('empty.csv', ''))).rejects.toMatchObject({ code: 'import_rejected', details: [{ reason: 'the file is empty' }] });
    await expect(run(await write('blank-header.csv', ',,\n1,2,3\n'))).rejects.toMatchObject({ code: 'import_rejected' });
  });

  it('checks without writing in a dry run', async () => {
    const before = await countMatchingPersons(store.db, {});
    const path = await write(
      'dry.csv',
      'ID,Nombres,Primer apellido,Segundo apellido,Cédula,Fecha de nacimiento,Sexo,Ocupación,Consentimiento\nDRY-1,Ana,Díaz,,,,,,\n',
    );
    const { report } = await run(path, { dryRun: true });
    expect(report).toMatchObject({ committed: false, rows: 1, problems: 0 });
    expect(await countMatchingPersons(store.db, {})).toBe(before);
  });

  it('explains a malformed mapping by its field', () => {
    expect(() => parseMapping('{"idColumn": "ID", "columns": {"givenNames": "N"}}', 'm.json')).toThrow(
      expect.objectContaining({ code: 'validation_failed', details: [expect.objectContaining({ path: 'columns' })] }),
    );
    expect(() => parseMapping('{not json', 'm.json')).toThrow(expect.objectContaining({ publicMessage: 'The mapping m.json is not valid JSON.' }));
  });
});
