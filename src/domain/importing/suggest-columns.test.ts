import { describe, expect, it } from 'vitest';
import { detectDateFormats, suggestCaseColumns } from './suggest-columns.js';

describe('first guesses for the import wizard', () => {
  it('maps an NGO sheet’s headers as they are written, each header to one field', () => {
    const header = [
      'Nº',
      'Nombre completo',
      'Cédula',
      'Sexo',
      'Ocupación',
      'Fecha de detención',
      'Organismo aprehensor',
      'Centro de reclusión',
      'Tribunal',
      'Expediente',
      'Delitos imputados',
      '¿Preso político?',
      'Situación actual',
      'Fecha de excarcelación',
      'Medidas cautelares',
      'Observaciones',
    ];
    expect(suggestCaseColumns(header)).toEqual({
      idColumn: 'Nº',
      columns: {
        fullName: 'Nombre completo',
        cedula: 'Cédula',
        sex: 'Sexo',
        occupationGroup: 'Ocupación',
        arrestDate: 'Fecha de detención',
        agency: 'Organismo aprehensor',
        facility: 'Centro de reclusión',
        court: 'Tribunal',
        caseNumber: 'Expediente',
        charges: 'Delitos imputados',
        judgment: '¿Preso político?',
        status: 'Situación actual',
        releaseDate: 'Fecha de excarcelación',
        measures: 'Medidas cautelares',
      },
    });
  });

  it('prefers names apart over a full name, and reads the columns of an export', () => {
    expect(suggestCaseColumns(['external_id', 'given_names', 'first_surname', 'second_surname', 'birth_date'])).toEqual({
      idColumn: 'external_id',
      columns: { givenNames: 'given_names', firstSurname: 'first_surname', secondSurname: 'second_surname', birthDate: 'birth_date' },
    });
    expect(suggestCaseColumns(['Nombres', 'Primer apellido', 'Segundo apellido', 'C.I.']).columns).toEqual({
      givenNames: 'Nombres',
      firstSurname: 'Primer apellido',
      secondSurname: 'Segundo apellido',
      cedula: 'C.I.',
    });
    expect(suggestCaseColumns(['Observaciones', 'Teléfono'])).toEqual({ columns: {} });
  });

  it('tells how a column writes its dates, most used first, and nothing for a column of text', () => {
    expect(detectDateFormats(['02/08/2024', '13/08/2024', '', '08/2024'])).toEqual(['dd/mm/yyyy', 'mm/yyyy']);
    expect(detectDateFormats(['2024-08-02', '2024'])).toEqual(['yyyy-mm-dd', 'yyyy']);
    expect(detectDateFormats(['Helicoide', 'Zona 7', '2024'])).toEqual([]);
    expect(detectDateFormats(['', ' '])).toEqual([]);
  });
});
