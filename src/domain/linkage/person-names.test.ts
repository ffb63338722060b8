import { describe, expect, it } from 'vitest';
import { parseGivenNames, parseSurnames, splitFullName } from './person-names.js';

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
