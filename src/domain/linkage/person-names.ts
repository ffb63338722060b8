/**
 * Hispanic personal names, taken apart for comparison. A Venezuelan name has one or more
 * given names (María José, José Gregorio) and two surnames, paternal then maternal;
 * lists drop the second, swap them, or add a married form ("González de Pérez").
 * Particles (de, del, de la, y) are dropped from the comparison keys; the married
 * "de X" after a surname is set aside, because the husband's surname is not the person's.
 */
import { foldTokens, NAME_PARTICLES } from './fold-text.js';
import { expandHypocorism } from './hypocorisms.js';
import { phoneticWord } from './spanish-phonetic.js';

/** Given names ready for comparison. */
export type GivenNames = {
  /** Folded tokens without particles, in order: ["maria", "jose"]. */
  tokens: string[];
  /** Joined tokens, the key for exact agreement and term frequencies. */
  joined: string;
  /** Per token, the formal names it may stand for (itself first). */
  formal: (readonly string[])[];
  /** Phonetic key of each token. */
  phonetic: string[];
};

/** Surnames ready for comparison. */
export type Surnames = {
  /** Folded surnames without particles, paternal first: ["perez", "gonzalez"]. */
  tokens: string[];
  joined: string;
  phonetic: string[];
  /** A married form found and set aside ("de perez"), kept for the explanation only. */
  married: string | null;
};

/** Parses given names from one or more cells. */
export function parseGivenNames(cells: readonly string[]): GivenNames | null {
  const tokens = cells.flatMap(foldTokens).filter((t) => !NAME_PARTICLES.has(t));
  if (tokens.length === 0) return null;
  const joined = tokens.join(' ');
  return { tokens, joined, formal: tokens.map(expandHypocorism), phonetic: tokens.map(phoneticWord) };
}

/**
 * Parses surnames from one or more cells (first_surname, second_surname, or a single
 * "Pérez González" cell). "González de Pérez" keeps González and sets "de Pérez" aside.
 */
export function parseSurnames(cells: readonly string[]): Surnames | null {
  let married: string | null = null;
  const tokens: string[] = [];
  for (const cell of cells) {
    const words = foldTokens(cell);
    // "gonzalez de perez", or "de perez" after a surname cell: a married form
    const deAt = words.lastIndexOf('de');
    if (deAt >= 0 && deAt === words.length - 2 && (deAt > 0 ? !NAME_PARTICLES.has(words[deAt - 1]!) : tokens.length >= 1)) {
      married = `de ${words[deAt + 1]}`;
      words.length = deAt;
    }
    for (const w of words) if (!NAME_PARTICLES.has(w)) tokens.push(w);
  }
  if (tokens.length === 0) return null;
  return { tokens, joined: tokens.join(' '), phonetic: tokens.map(phoneticWord), married };
}

/**
 * Splits a full name written in one cell. "PÉREZ GONZÁLEZ, José Luis" has its surnames
 * before the comma; otherwise the last two words that are not particles are the
 * surnames (the last one only, when the name has just two words).
 */
export function splitFullName(full: string): { given: string; surnames: string } {
  const comma = full.indexOf(',');
  if (comma >= 0) return { surnames: full.slice(0, comma), given: full.slice(comma + 1) };
  const words = full.trim().split(/\s+/).filter(Boolean);
  const content = words.map((w, i) => ({ w, i })).filter(({ w }) => !NAME_PARTICLES.has(foldTokens(w)[0] ?? ''));
  if (content.length <= 1) return { given: '', surnames: full.trim() };
  const surnameCount = content.length === 2 ? 1 : 2;
  let start = content[content.length - surnameCount]!.i;
  // particles before the first surname belong to it: "José de la Cruz Pérez"
  while (start > 0 && NAME_PARTICLES.has(foldTokens(words[start - 1]!)[0] ?? '')) start--;
  if (start === 0) start = content[content.length - surnameCount]!.i;
  return { given: words.slice(0, start).join(' '), surnames: words.slice(start).join(' ') };
}
