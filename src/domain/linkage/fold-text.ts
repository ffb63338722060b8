/**
 * Text folding for record linkage: case-, accent- and punctuation-blind, so that
 * "MARÍA-JOSÉ  Pérez." and "maria jose perez" compare equal. ñ folds to n because lists
 * typed on keyboards without it write "Munoz" for "Muñoz".
 */
import { normalizeForSearch } from '../registry/normalize-name.js';

/** Lower-case ASCII letters and digits separated by single spaces: the registry's search folding. */
export const foldText: (value: string) => string = normalizeForSearch;

/** The folded tokens of a value; an empty value has none. */
export function foldTokens(value: string): string[] {
  const folded = foldText(value);
  return folded.length === 0 ? [] : folded.split(' ');
}

/** Particles that join Hispanic names ("de la Cruz", "Pérez y González") and carry no identity. */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'y',
  'e',
  'da',
  'do',
  'dos',
  'das',
  'di',
  'van',
  'von',
  'der',
  'mc',
]);

/** Just the digits of a value: "V-12.345.678" → "12345678"; leading zeros dropped. */
export function digitsOf(value: string): string {
  return value.replace(/\D+/g, '').replace(/^0+/, '');
}
