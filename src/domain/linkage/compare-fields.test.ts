import { describe, expect, it } from 'vitest';
import { createComparison } from './compare-fields.js';
import { KEY_KINDS } from './settings.js';

function levelOf(kind: 'given_names' | 'surnames' | 'cedula' | 'date', a: string[], b: string[]): string {
  const comparison = createComparison({ name: kind, kind, columns: a.map((_, i) => `c${i}`) });
  const level = comparison.level(comparison.encode(a), comparison.encode(b));
  return level === 0 ? 'missing' : comparison.levels[level - 1]!;
}

describe('given names', () => {
  it.each([
    [['José Gregorio'], ['JOSE GREGORIO'], 'exact'],
    [['José'], ['Pepe'], 'same names (nickname or spelling)'],
    [['Jesús'], ['Chucho'], 'same names (nickname or spelling)'],
    [['Francisco'], ['Pancho'], 'same names (nickname or spelling)'],
    [['Francisco'], ['Paco'], 'same names (nickname or spelling)'],
    [['Ignacio'], ['Nacho'], 'same names (nickname or spelling)'],
    [['Guillermo'], ['Memo'], 'same names (nickname or spelling)'],
    [['Guadalupe'], ['Lupe'], 'same names (nickname or spelling)'],
    [['Antonio'], ['Toño'], 'same names (nickname or spelling)'],
    [['Roberto'], ['Beto'], 'same names (nickname or spelling)'],
    [['Yelitza'], ['Yelisa'], 'same names (nickname or spelling)'],
    [['Gabriela'], ['Gavriela'], 'same names (nickname or spelling)'],
    [['María José'], ['María'], 'one name of a compound'],
    [['José Gregorio'], ['Gregorio'], 'one name of a compound'],
    [['Leonardo'], ['Lenardo Ramón'], 'one name of a compound'],
    [['Mariángel'], ['María Ángel'], 'similar spelling'],
    [['Carlos'], ['César'], 'same initial'],
    [['Luis'], ['Pedro'], 'different'],
    [['Luis'], [''], 'missing'],
  ])('%j / %j: %s', (a, b, expected) => {
    expect(levelOf('given_names', a, b)).toBe(expected);
  });

  it.each([
    ['en', 'William', 'Bill', 'same names (nickname or spelling)'],
    ['en', 'Robert James', 'Bob Jim', 'same names (nickname or spelling)'],
    ['en', 'Elizabeth', 'Betty', 'same names (nickname or spelling)'],
    ['es', 'William', 'Bill', 'different'],
    ['en', 'José', 'Pepe', 'different'],
    ['es+en', 'José', 'Pepe', 'same names (nickname or spelling)'],
    ['es+en', 'Margaret', 'Peggy', 'same names (nickname or spelling)'],
  ] as const)('with the %s nickname table: %s / %s: %s', (nicknames, a, b, expected) => {
    const comparison = createComparison({ name: 'given', kind: 'given_names', columns: ['g'], nicknames });
    const level = comparison.level(comparison.encode([a]), comparison.encode([b]));
    expect(comparison.levels[level - 1]).toBe(expected);
  });
});

describe('surnames', () => {
  it.each([
    [['Pérez', 'González'], ['PEREZ', 'GONZALEZ'], 'exact'],
    [['Pérez', 'González'], ['González', 'Pérez'], 'both agree (swapped or spelling)'],
    [['Vásquez', 'Quintero'], ['Basquez', 'Kintero'], 'both agree (swapped or spelling)'],
    [['Rodríguez', 'Blanco'], ['Rodirguez', 'Blanco'], 'both agree (swapped or spelling)'],
    [['Pérez', 'González'], ['Pérez', ''], 'one missing, the other agrees'],
    [['Pérez', 'González'], ['González', ''], 'one missing, the other agrees'],
    [['Zambrano', 'Villalobos'], ['Zambrano', 'de Pérez'], 'one missing, the other agrees'],
    [['Pérez', 'González'], ['Pérez', 'Rivas'], 'paternal agrees, maternal differs'],
    [['Pérez', 'González'], ['Rivas', 'Pérez'], 'one surname in common'],
    [['Pérez', 'González'], ['Rivas', 'Mendoza'], 'different'],
  ])('%j / %j: %s', (a, b, expected) => {
    expect(levelOf('surnames', a, b)).toBe(expected);
  });
});

describe('cédula', () => {
  it.each([
    ['V-12.345.678', '12345678', 'exact'],
    ['V12345678', 'v-12.345.678', 'exact'],
    ['E-81.234.567', '81234567', 'exact'],
    ['12345678', '12345679', 'one digit off (typo or transposition)'],
    ['12345678', '12354678', 'one digit off (typo or transposition)'],
    ['12345678', '1234578', 'one digit off (typo or transposition)'],
    ['12345678', '12435687', 'different'],
    ['12345678', '', 'missing'],
  ])('%s / %s: %s', (a, b, expected) => {
    expect(levelOf('cedula', [a], [b])).toBe(expected);
  });
});

const SAME_YEAR = 'same year and month, same year when only the year is known, or within the years an age allows';

describe('dates of birth', () => {
  it.each([
    ['17/05/1990', '1990-05-17', 'exact'],
    ['19900517', '1990-05-17', 'exact'],
    ['05/11/1990', '11/05/1990', 'day and month swapped'],
    ['11/22/1988', '22/11/1988', 'exact'],
    ['1990', '17/05/1990', SAME_YEAR],
    ['17/05/1990', '02/05/1990', SAME_YEAR],
    ['17/05/1990', '17/05/1991', 'a year apart'],
    ['17/05/1990', '17/05/1970', 'different'],
    ['17/05/1990', 'unknown', 'missing'],
    ['03/04/1821', '1821-04-03', 'exact'],
    ['1795', '12/1795', SAME_YEAR],
  ])('%s / %s: %s', (a, b, expected) => {
    expect(levelOf('date', [a], [b])).toBe(expected);
  });

  it.each([
    [['17', '5', '1990'], ['17', '05', '1990'], 'exact'],
    [['', '5', '1990'], ['17', '5', '1990'], SAME_YEAR],
    [['', '', '1842'], ['3', '4', '1842'], SAME_YEAR],
    [['5', '11', '1990'], ['11', '5', '1990'], 'day and month swapped'],
    [['17', '5', '1990'], ['17', '5', '1991'], 'a year apart'],
    [['17', '', '1990'], ['17', '5', '1990'], 'missing'],
  ])('day, month and year in three columns: %o / %o: %s', (a, b, expected) => {
    expect(levelOf('date', a, b)).toBe(expected);
  });

  it.each([
    ['35', '17/05/1990', SAME_YEAR],
    ['35 años', '17/05/1991', SAME_YEAR],
    ['35', '17/05/1992', 'a year apart'],
    ['35', '17/05/1985', 'different'],
    ['about 35', '17/05/1988', SAME_YEAR],
    ['aprox. 35', '17/05/1993', SAME_YEAR],
    ['~35', '1994', 'a year apart'],
    ['~35', '1995', 'different'],
    ['35', '36', SAME_YEAR],
    ['35', '37', 'a year apart'],
    ['cumpleaños', '17/05/1990', 'missing'],
  ])('an age on 2026-02-01: %s / %s: %s', (a, b, expected) => {
    const comparison = createComparison({ name: 'dob', kind: 'date', columns: ['dob'], ageAsOf: '2026-02-01' });
    const level = comparison.level(comparison.encode([a]), comparison.encode([b]));
    expect(level === 0 ? 'missing' : comparison.levels[level - 1]).toBe(expected);
  });

  it('reads no age without the date the list was made', () => {
    expect(levelOf('date', ['35'], ['17/05/1990'])).toBe('missing');
  });

  it('blocks an age under every birth year it allows', () => {
    const comparison = createComparison({ name: 'dob', kind: 'date', columns: ['dob'], ageAsOf: '2026-02-01' });
    expect(comparison.keys('year', comparison.encode(['35']))).toEqual(['1990', '1991']);
    expect(comparison.keys('year', comparison.encode(['about 35']))).toEqual(['1988', '1989', '1990', '1991', '1992', '1993']);
  });
});

describe('blocking keys', () => {
  it('offers exactly the key kinds the settings accept', () => {
    for (const kind of ['given_names', 'surnames', 'cedula', 'date', 'exact', 'jaro_winkler', 'numeric'] as const) {
      expect([...createComparison({ name: 'x', kind, columns: ['x'] }).keyKinds].sort()).toEqual([...KEY_KINDS[kind]].sort());
    }
  });

  it('gives two cédulas one transposition apart a shared deletion key', () => {
    const cedula = createComparison({ name: 'c', kind: 'cedula', columns: ['c'] });
    const a = cedula.keys('deletions', cedula.encode(['12345678']));
    const b = cedula.keys('deletions', cedula.encode(['12354678']));
    expect(a.some((k) => b.includes(k))).toBe(true);
  });
});
