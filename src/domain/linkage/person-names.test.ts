import { describe, expect, it } from 'vitest';
import { parseGivenNames, parseSurnames, readFullName, splitFullName } from './person-names.js';

describe('parseGivenNames', () => {
  it('folds case and accents and drops particles of compound names', () => {
    expect(parseGivenNames(['MARÍA de los Ángeles'])?.tokens).toEqual(['maria', 'angeles']);
  });

  it('knows the formal names behind a nickname', () => {
    expect(parseGivenNames(['Pepe'])?.formal[0]).toEqual(['pepe', 'jose']);
    expect(parseGivenNames(['Beto'])?.formal[0]).toEqual(['beto', 'alberto', 'roberto', 'humberto', 'norberto']);
  });

  it('is null for an empty cell', () => {
    expect(parseGivenNames(['  '])).toBeNull();
  });
});

describe('parseSurnames', () => {
  it('reads two surnames from two cells or from one', () => {
    expect(parseSurnames(['Pérez', 'González'])?.tokens).toEqual(['perez', 'gonzalez']);
    expect(parseSurnames(['Pérez González', ''])?.tokens).toEqual(['perez', 'gonzalez']);
  });

  it('keeps "de la Cruz" as a surname without its particles', () => {
    expect(parseSurnames(['de la Cruz', 'Pérez'])?.tokens).toEqual(['cruz', 'perez']);
  });

  it('sets a married form aside', () => {
    const written = parseSurnames(['González de Pérez']);
    expect(written?.tokens).toEqual(['gonzalez']);
    expect(written?.married).toBe('de perez');
    expect(parseSurnames(['Zambrano', 'de Pérez'])?.tokens).toEqual(['zambrano']);
  });
});

describe('splitFullName', () => {
  it.each([
    ['José Gregorio Núñez Añez', 'José Gregorio', 'Núñez Añez'],
    ['NÚÑEZ AÑEZ, José Gregorio', ' José Gregorio', 'NÚÑEZ AÑEZ'],
    ['María Pérez', 'María', 'Pérez'],
    ['José de la Cruz Pérez', 'José', 'de la Cruz Pérez'],
    ['María de los Ángeles Pérez González', 'María de los Ángeles', 'Pérez González'],
  ])('%s → given "%s", surnames "%s"', (full, given, surnames) => {
    expect(splitFullName(full)).toEqual({ given, surnames });
  });
});

describe('splitFullName with an order', () => {
  it.each([
    ['PÉREZ GÓMEZ JOSÉ LUIS', 'surnames_first', 'JOSÉ LUIS', 'PÉREZ GÓMEZ'],
    ['Pérez José', 'surnames_first', 'José', 'Pérez'],
    ['DE LA CRUZ PÉREZ MARÍA', 'surnames_first', 'MARÍA', 'DE LA CRUZ PÉREZ'],
    ['PÉREZ GÓMEZ José Luis', 'auto', 'José Luis', 'PÉREZ GÓMEZ'],
    ['José Luis PÉREZ GÓMEZ', 'auto', 'José Luis', 'PÉREZ GÓMEZ'],
    ['José Luis Pérez Gómez', 'auto', 'José Luis', 'Pérez Gómez'],
    ['PÉREZ GÓMEZ, JOSÉ LUIS', 'given_first', ' JOSÉ LUIS', 'PÉREZ GÓMEZ'],
    ['Yusmary del Valle Chirinos', 'auto', 'Yusmary del Valle', 'Chirinos'],
    ['Luis de Jesús Pérez Gómez', 'auto', 'Luis de Jesús', 'Pérez Gómez'],
    ['María de los Ángeles Pérez', 'given_first', 'María de los Ángeles', 'Pérez'],
    ['José de la Cruz Pérez', 'given_first', 'José', 'de la Cruz Pérez'],
  ] as const)('%s (%s) → given "%s", surnames "%s"', (full, order, given, surnames) => {
    expect(splitFullName(full, order)).toEqual({ given, surnames });
  });
});

describe('readFullName: every reading of a name in one cell', () => {
  it('cuts after each word, in both orders when the writing does not tell', () => {
    expect(readFullName('JOSE ALFONSO VILLASMIL')).toEqual([
      { given: 'JOSE', surnames: 'ALFONSO VILLASMIL' },
      { given: 'ALFONSO VILLASMIL', surnames: 'JOSE' },
      { given: 'JOSE ALFONSO', surnames: 'VILLASMIL' },
      { given: 'VILLASMIL', surnames: 'JOSE ALFONSO' },
    ]);
  });

  it('keeps to the order the writing shows, and never leaves a particle alone', () => {
    expect(readFullName('PAZ VILLASMIL Yusbeidy del Valle')).toEqual([{ given: 'Yusbeidy del Valle', surnames: 'PAZ VILLASMIL' }]);
    expect(readFullName('José Luis Pérez Gómez')).toEqual([
      { given: 'José Luis', surnames: 'Pérez Gómez' },
      { given: 'Pérez Gómez', surnames: 'José Luis' },
    ]);
  });

  it('takes a comma as settling the order', () => {
    expect(readFullName('PÉREZ GÓMEZ, José Luis')).toEqual([{ given: 'José Luis', surnames: 'PÉREZ GÓMEZ' }]);
  });
});
