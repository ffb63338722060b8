import { describe, expect, it } from 'vitest';
import { defaultMapping, findMissingColumns, mapPersonRow, type PersonMapping } from './person-mapping.js';

const mapping: PersonMapping = {
  idColumn: 'ID',
  columns: {
    givenNames: 'Nombres',
    firstSurname: 'Apellido 1',
    secondSurname: 'Apellido 2',
    cedula: 'Cédula',
    birthDate: 'Nacimiento',
    sex: 'Sexo',
    occupationGroup: 'Ocupación',
  },
  values: { sex: { F: 'female', M: 'male' }, occupationGroup: { estudiante: 'student', periodista: 'journalist' } },
  defaults: { nationality: 'VE' },
  listSeparator: ';',
};

describe('mapPersonRow', () => {
  it('maps a good row, translating values and normalising the cédula and date', () => {
    const result = mapPersonRow(
      {
        ID: 'FP-1',
        Nombres: 'José Gregorio',
        'Apellido 1': 'Núñez',
        'Apellido 2': '',
        Cédula: 'V-12.345.678',
        Nacimiento: '17/05/1990',
        Sexo: 'M',
        Ocupación: 'Estudiante',
      },
      mapping,
    );
    expect(result).toEqual({
      ok: true,
      person: {
        externalId: 'FP-1',
        givenNames: 'José Gregorio',
        firstSurname: 'Núñez',
        secondSurname: null,
        aliases: [],
        identifiers: [{ kind: 'cedula_v', value: '12345678' }],
        nationality: 'VE',
        sex: 'male',
        birthDate: '1990-05-17',
        birthDatePrecision: 'day',
        occupationGroup: 'student',
        consent: 'private',
      },
    });
  });

  it('reports every problem of a row, each with its column, value and reason', () => {
    const result = mapPersonRow(
      { ID: '', Nombres: 'Ana', 'Apellido 1': '', 'Apellido 2': '', Cédula: 'X-1', Nacimiento: '31/02/1990', Sexo: 'Q', Ocupación: '' },
      mapping,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { column: 'ID', value: '', reason: 'the id column is empty' },
      { column: 'Apellido 1', value: '', reason: 'required and empty' },
      { column: 'Cédula', value: 'X-1', reason: 'not a cédula: expected V-12.345.678, E-81.234.567 or digits' },
      { column: 'Nacimiento', value: '31/02/1990', reason: 'day 31 does not exist in 1990-02' },
      { column: 'Sexo', value: 'Q', reason: "expected one of female, male, other, unknown (or a translation in the mapping's values)" },
    ]);
  });

  it('defaults consent to private: nothing is published without a decision', () => {
    const result = mapPersonRow({ ID: '1', Nombres: 'Ana', 'Apellido 1': 'Díaz' }, mapping);
    expect(result.ok && result.person.consent).toBe('private');
  });
});

describe('mappings and headers', () => {
  it('finds columns named like the fields when no mapping is given', () => {
    const m = defaultMapping(['external_id', 'given_names', 'first_surname', 'cedula', 'birth_date']);
    expect(m.idColumn).toBe('external_id');
    expect(m.columns).toEqual({ givenNames: 'given_names', firstSurname: 'first_surname', cedula: 'cedula', birthDate: 'birth_date' });
  });

  it('names the columns a mapping needs that the file lacks', () => {
    expect(findMissingColumns(mapping, ['ID', 'Nombres', 'Apellido 1'])).toEqual(['Apellido 2', 'Cédula', 'Nacimiento', 'Sexo', 'Ocupación']);
  });
});
