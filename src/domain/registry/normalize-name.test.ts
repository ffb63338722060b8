import { describe, expect, it } from 'vitest';
import { buildNameSearchKey, normalizeForSearch } from './normalize-name.js';

describe('name search keys', () => {
  it.each([
    ['María José PÉREZ', 'maria jose perez'],
    ['Núñez-Añez', 'nunez anez'],
    ["D'Ambrosio  de  la Cruz", 'd ambrosio de la cruz'],
    ['  Ángel  ', 'angel'],
  ])('%s → %s', (input, key) => {
    expect(normalizeForSearch(input)).toBe(key);
  });

  it('includes aliases, so a person is found by a nickname', () => {
    expect(buildNameSearchKey({ givenNames: 'José', firstSurname: 'Pérez', secondSurname: null, aliases: ['Pepe'] })).toBe('jose perez pepe');
  });
});
