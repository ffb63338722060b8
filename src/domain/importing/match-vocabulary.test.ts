import { describe, expect, it } from 'vitest';
import { EVENT_KIND_ENTRIES, FACILITY_ENTRIES, facilityLabels, OFFENCE_ENTRIES, parseMeasure } from './field-vocabularies.js';
import { matchVocabulary, prepareVocabulary, splitList } from './match-vocabulary.js';

const offences = prepareVocabulary(OFFENCE_ENTRIES);
const facilities = prepareVocabulary(FACILITY_ENTRIES);
const events = prepareVocabulary(EVENT_KIND_ENTRIES);
const vocabularies = { offences, facilities, events };

describe('matchVocabulary: certain matches only', () => {
  it.each([
    ['Traición a la patria', 'offences', 'traicion_patria', 'label'],
    ['TRAICION A LA PATRIA', 'offences', 'traicion_patria', 'label'],
    ['traicion_patria', 'offences', 'traicion_patria', 'code'],
    ['Instigación pública', 'offences', 'instigacion_publica', 'code'],
    ['Incitement to hatred', 'offences', 'incitacion_odio', 'label'],
    ['Helicoide', 'facilities', 'el-helicoide', 'label'],
    ['La Tumba', 'facilities', 'sebin-plaza-venezuela', 'label'],
    ['Ramo Verde', 'facilities', 'ramo-verde', 'code'],
    ['Excarcelado con medidas', 'events', 'released_with_measures', 'label'],
    ['casa por cárcel', 'events', 'house_arrest', 'label'],
    ['Detenida', 'events', 'detained', 'label'],
  ] as const)('"%s" among %s is %s (by its %s)', (written, vocabulary, code, via) => {
    expect(matchVocabulary(written, vocabularies[vocabulary])).toEqual({ ok: true, code, via });
  });

  it('takes the mapping’s table first, as written or folded', () => {
    expect(matchVocabulary('Obstaculización de vías', offences, { 'obstaculizacion de vias': 'obstaculizacion_vias' })).toEqual({
      ok: true,
      code: 'obstaculizacion_vias',
      via: 'table',
    });
  });

  it('never takes a value that only resembles an entry: it suggests the closest', () => {
    const m = matchVocabulary('Obstaculización de vías', offences);
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.suggestions[0]).toEqual({ code: 'obstaculizacion_vias', label: 'Obstaculización de la vía pública' });
    expect(matchVocabulary('Robo', offences).ok).toBe(false);
    expect(matchVocabulary('Zona 7', facilities)).toMatchObject({ ok: false, suggestions: [{ code: 'zona-7-boleita' }] });
  });

  it('leaves out a label two entries share: it could be either', () => {
    const shared = prepareVocabulary([
      { code: 'a', labels: ['Centro'] },
      { code: 'b', labels: ['Centro'] },
    ]);
    expect(matchVocabulary('centro', shared).ok).toBe(false);
  });
});

describe('splitList', () => {
  it.each([
    ['Terrorismo, incitación al odio y conspiración', ['Terrorismo', 'incitación al odio', 'conspiración']],
    ['Traición a la patria / Rebelión militar', ['Traición a la patria', 'Rebelión militar']],
    ['  ', []],
  ])('%s', (cell, parts) => {
    expect(splitList(cell, [',', ';', '/'])).toEqual(parts);
  });
});

describe('parseMeasure', () => {
  it.each([
    ['Régimen de presentación cada 30 días', { kind: 'periodic_reporting', everyDays: 30 }],
    ['presentación c/15 días', { kind: 'periodic_reporting', everyDays: 15 }],
    ['Presentarse cada 2 semanas', { kind: 'periodic_reporting', everyDays: 14 }],
    ['presentación mensual', { kind: 'periodic_reporting', everyDays: 30 }],
    ['presentación ante el tribunal', { kind: 'periodic_reporting', everyDays: null }],
    ['Prohibición de salida del país', { kind: 'travel_ban', everyDays: null }],
    ['prohibición de declarar a medios', { kind: 'press_gag', everyDays: null }],
    ['arresto domiciliario', { kind: 'house_arrest', everyDays: null }],
    ['fianza', null],
  ] as const)('"%s"', (written, parsed) => {
    expect(parseMeasure(written)).toEqual(parsed);
  });
});

describe('facilityLabels', () => {
  it('knows a facility by its name, without its article, and by what is in brackets or quotes', () => {
    expect(facilityLabels('SEBIN Plaza Venezuela ("La Tumba")')).toEqual(['SEBIN Plaza Venezuela ("La Tumba")', 'SEBIN Plaza Venezuela', 'La Tumba', 'Tumba']);
    expect(facilityLabels('El Helicoide')).toEqual(['El Helicoide', 'Helicoide']);
  });
});
