import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, isWithinOneEdit, jaro, jaroByScan, jaroWinkler, tokenSetSimilarity } from './string-similarity.js';

describe('jaroWinkler', () => {
  // reference values from Winkler (1990), table 4 (Jaro and Jaro–Winkler columns)
  it.each([
    ['shackleford', 'shackelford', 0.97, 0.982],
    ['dunningham', 'cunnigham', 0.896, 0.896],
    ['nichleson', 'nichulson', 0.926, 0.956],
    ['jones', 'johnson', 0.79, 0.832],
    ['massey', 'massie', 0.889, 0.933],
    ['abroms', 'abrams', 0.889, 0.922],
    ['jeraldine', 'geraldine', 0.926, 0.926],
    ['marhta', 'martha', 0.944, 0.961],
    ['michelle', 'michael', 0.869, 0.921],
    ['julies', 'julius', 0.889, 0.933],
    ['tanya', 'tonya', 0.867, 0.88],
    ['dwayne', 'duane', 0.822, 0.84],
    ['sean', 'susan', 0.783, 0.805],
    ['jon', 'john', 0.917, 0.933],
    ['jon', 'jan', 0.778, 0.8],
  ])('%s / %s: Jaro %f, Jaro–Winkler %f', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
  });

  it('is 1 for equal strings, 0 when nothing matches or a side is empty', () => {
    expect(jaroWinkler('perez', 'perez')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'perez')).toBe(0);
  });

  it('is symmetric', () => {
    expect(jaroWinkler('gonzalez', 'gonsales')).toBeCloseTo(jaroWinkler('gonsales', 'gonzalez'), 12);
  });
});

describe('damerauLevenshtein', () => {
  it.each([
    ['12345678', '12345678', 0],
    ['12345678', '12345679', 1],
    ['12345678', '12354678', 1],
    ['12345678', '1234567', 1],
    ['12345678', '21436587', 4],
    ['ca', 'abc', 3],
    ['perez', 'peres', 1],
  ])('%s → %s costs %i', (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d);
  });

  it('stops early past the limit', () => {
    expect(damerauLevenshtein('12345678', '87654321', 1)).toBe(2);
  });
});

describe('tokenSetSimilarity', () => {
  it('ignores order and extra words', () => {
    expect(tokenSetSimilarity(['perez', 'gonzalez', 'jose'], ['jose', 'perez'])).toBe(1);
    expect(tokenSetSimilarity(['jose', 'perez'], ['jose', 'rodriguez'])).toBe(0.5);
  });

  it('accepts spelling slips above the token threshold', () => {
    expect(tokenSetSimilarity(['gonzalez'], ['gonzales'], 0.92)).toBe(1);
    expect(tokenSetSimilarity(['gonzalez'], ['gonzales'])).toBe(0);
  });
});

describe('isWithinOneEdit', () => {
  it.each([
    ['12345678', '12345678', true],
    ['12345678', '12345679', true],
    ['12345678', '12354678', true],
    ['12345678', '1234568', true],
    ['1234567', '12345678', true],
    ['12345678', '21345687', false],
    ['12345678', '12435687', false],
    ['perez', 'peres', true],
    ['perez', 'pesez', true],
    ['perez', 'prezz', false],
  ])('%s / %s: %s', (a, b, expected) => {
    expect(isWithinOneEdit(a, b)).toBe(expected);
    expect(damerauLevenshtein(a, b) <= 1).toBe(expected);
  });
});

describe('jaro, bit-parallel', () => {
  it('equals the textbook scan on 20,000 random pairs of words', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const word = () => Array.from({ length: 1 + Math.floor(next() * 32) }, () => 'aeioubcdlmnrs'[Math.floor(next() * 13)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const a = word();
      const b = next() < 0.5 ? word() : a.replace(/[aeiou]/, 'x');
      expect(jaro(a, b)).toBeCloseTo(jaroByScan(a, b), 12);
    }
  });

  it('falls back to the scan for words past 32 letters or outside ASCII', () => {
    const long = 'abcdefghijklmnopqrstuvwxyzabcdefghij';
    expect(jaro(long, long.replace('k', 'x'))).toBeCloseTo(jaroByScan(long, long.replace('k', 'x')), 12);
    expect(jaro('muñoz', 'munoz')).toBeCloseTo(0.8667, 4);
  });
});
