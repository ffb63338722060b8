import { describe, expect, it } from 'vitest';
import { KNOWN_FACILITIES } from '../registry/facilities.js';
import { OFFENCE_THESAURUS } from '../registry/offences.js';
import { buildCaseReference, CaseHistoryMappingSchema, type ImportedEvent, mapCaseRow, placeUndatedEvents } from './case-history.js';
import { facilityLabels } from './field-vocabularies.js';

const reference = buildCaseReference(OFFENCE_THESAURUS, KNOWN_FACILITIES, facilityLabels);
const wide = CaseHistoryMappingSchema.parse({
  idColumn: 'id',
  columns: {
    fullName: 'nombre',
    cedula: 'ci',
    arrestDate: 'detenido',
    agency: 'organismo',
    facility: 'centro',
    charges: 'delitos',
    judgment: 'politico',
    status: 'situacion',
    releaseDate: 'liberado',
    measures: 'medidas',
  },
});
const row = (cells: Record<string, string>) => ({
  id: 'P-1',
  nombre: 'PÉREZ GÓMEZ José Luis',
  ci: 'V-14.567.890',
  detenido: '02/08/2024',
  organismo: 'Sebin',
  centro: 'Helicoide',
  delitos: 'Terrorismo',
  politico: 'Sí',
  situacion: 'Detenido',
  liberado: '',
  medidas: '',
  ...cells,
});

describe('mapCaseRow, one row per person', () => {
  it('makes the person, the detention and its arrest; a "detained" status adds nothing', () => {
    const mapped = mapCaseRow(2, row({}), wide, reference);
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.row.person).toMatchObject({ givenNames: 'José Luis', firstSurname: 'PÉREZ', secondSurname: 'GÓMEZ', nameAsWritten: 'PÉREZ GÓMEZ José Luis' });
    expect(mapped.row.detention).toMatchObject({
      externalId: 'P-1/detention',
      agency: 'SEBIN',
      facilityCode: 'el-helicoide',
      charges: ['terrorismo'],
      judgment: 'political',
    });
    expect(mapped.row.detention?.asWritten).toEqual({ agency: 'Sebin', facility: 'Helicoide', charges: 'Terrorismo', judgment: 'Sí' });
    expect(mapped.row.events.map((e) => [e.externalId, e.kind, e.occurredOn, e.precision])).toEqual([
      ['P-1/detention/arrest', 'detained', '2024-08-02', 'day'],
    ]);
  });

  it.each([
    [{ situacion: 'Excarcelado con medidas', liberado: '14/01/2026', medidas: 'presentación cada 30 días' }, 'released_with_measures', '2026-01-14', 'day', 1],
    [{ situacion: 'Casa por cárcel' }, 'house_arrest', null, 'unknown', 0],
    [{ situacion: 'Exiliado', liberado: '12/2025' }, 'exiled', '2025-12-01', 'month', 0],
    [{ situacion: 'Desaparecido' }, 'whereabouts_unknown', null, 'unknown', 0],
  ] as const)('status %o → a %s event', (cells, kind, occurredOn, precision, measures) => {
    const mapped = mapCaseRow(2, row(cells), wide, reference);
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    const status = mapped.row.events[1]!;
    expect([status.externalId, status.kind, status.occurredOn, status.precision, status.measures.length]).toEqual([
      'P-1/detention/status',
      kind,
      occurredOn,
      precision,
      measures,
    ]);
  });

  it.each([
    [{ situacion: 'Detenido', liberado: '14/01/2026' }, 'liberado', 'a release date, but the status says "Detenido"'],
    [{ situacion: 'Excarcelado', medidas: 'prohibición de salida del país' }, 'medidas', 'measures, but the status says "Excarcelado"'],
    [{ situacion: 'Excarcelado con medidas', liberado: '14/01/2026', medidas: 'presentación' }, 'medidas', 'periodic reporting without its interval'],
    [{ situacion: 'Excarcelado', liberado: '01/01/2024' }, 'liberado', 'before the arrest date'],
    [{ situacion: 'En la luna' }, 'situacion', 'status not understood'],
    [{ delitos: 'Contrabando de extracción' }, 'delitos', 'offence not in the thesaurus'],
    [{ centro: 'Un sótano' }, 'centro', 'facility not known'],
    [{ politico: 'quizás' }, 'politico', 'expected the organisation’s judgment'],
    [{ nombre: 'PÉREZ' }, 'nombre', 'a full name needs a given name and a surname'],
    [{ id: '' }, 'id', 'the id column is empty'],
  ])('%o is refused at column %s: %s', (cells, column, reason) => {
    const mapped = mapCaseRow(2, row(cells), wide, reference);
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.problems).toContainEqual(expect.objectContaining({ column, reason: expect.stringContaining(reason) }));
  });
});

describe('placeUndatedEvents: nothing invented, the order kept', () => {
  const event = (personExternalId: string, kind: ImportedEvent['kind'], occurredOn: string | null): ImportedEvent => ({
    externalId: `${personExternalId}/${kind}`,
    personExternalId,
    detentionExternalId: null,
    kind,
    occurredOn,
    precision: occurredOn ? 'day' : 'unknown',
    measures: [],
    asWritten: {},
    line: 2,
  });
  it('an undated event takes the latest date known before it for the same person', () => {
    const placed = placeUndatedEvents(
      [event('A', 'detained', '2024-08-02'), event('B', 'detained', '2025-01-01'), event('A', 'house_arrest', null)],
      '2026-02-01',
    );
    expect(placed.map((e) => [e.kind, e.occurredOn, e.precision])).toEqual([
      ['detained', '2024-08-02', 'day'],
      ['detained', '2025-01-01', 'day'],
      ['house_arrest', '2024-08-02', 'unknown'],
    ]);
  });

  it('with nothing dated before it, the first date after it; with nothing dated at all, the sheet’s date', () => {
    expect(placeUndatedEvents([event('A', 'detained', null), event('A', 'released', '2026-01-14')], '2026-02-01').map((e) => e.occurredOn)).toEqual([
      '2026-01-14',
      '2026-01-14',
    ]);
    expect(placeUndatedEvents([event('A', 'detained', null)], '2026-02-01')[0]!.occurredOn).toBe('2026-02-01');
  });
});

describe('CaseHistoryMappingSchema', () => {
  it.each([
    [{ idColumn: 'id', columns: {} }, 'name a fullName column, or givenNames and firstSurname columns'],
    [{ layout: 'long', idColumn: 'id', columns: { fullName: 'n' } }, 'a long sheet needs an eventKind column'],
    [{ idColumn: 'id', columns: { fullName: 'n', eventKind: 'e' } }, 'eventKind and eventDate are for long sheets'],
    [
      {
        idColumn: 'id',
        columns: { fullName: 'n' },
        declare: {
          offences: [
            { code: 'x_y', labelEs: 'X', category: 'common' },
            { code: 'x_y', labelEs: 'Y', category: 'political' },
          ],
        },
      },
      'offence x_y is declared twice',
    ],
  ])('refuses %o: %s', (json, message) => {
    const parsed = CaseHistoryMappingSchema.safeParse(json);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues.map((i) => i.message)).toContainEqual(expect.stringContaining(message));
  });
});
