import { describe, expect, it } from 'vitest';
import { foldText } from './fold-text.js';
import { phoneticKey } from './spanish-phonetic.js';

const key = (name: string) => phoneticKey(foldText(name));

describe('phoneticKey', () => {
  it.each([
    ['Yépez', 'Llepes'],
    ['Vásquez', 'Básquez'],
    ['Vásquez', 'Vázquez'],
    ['Hernández', 'Ernández'],
    ['Jiménez', 'Giménez'],
    ['Jiménez', 'Ximénez'],
    ['Quintero', 'Kintero'],
    ['Xiomara', 'Siomara'],
    ['Cecilia', 'Sesilia'],
    ['Guillermo', 'Guiyermo'],
    ['Ximena', 'Jimena'],
    ['Maritza', 'Marisa'],
    ['Yelitza', 'Yelisa'],
    ['Zambrano', 'Sambrano'],
    ['Villalobos', 'Billalobos'],
    ['Rafael', 'Raphael'],
    ['Mary', 'Mari'],
    ['Carrasco', 'Carasco'],
  ])('%s sounds like %s', (a, b) => {
    expect(key(a)).toBe(key(b));
  });

  it.each([
    ['Pérez', 'Páez'],
    ['Gómez', 'Gámez'],
    ['Castro', 'Castillo'],
    ['Rosa', 'Rosas'],
    ['Luis', 'Luisa'],
  ])('%s does not sound like %s', (a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it('keeps ch distinct from k and s', () => {
    expect(key('Chacón')).not.toBe(key('Cacón'));
    expect(key('Chacón')).not.toBe(key('Sacón'));
  });
});
