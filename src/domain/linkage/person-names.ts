/**
 * Hispanic personal names, taken apart for comparison. A Venezuelan name has one or more
 * given names (María José, José Gregorio) and two surnames, paternal then maternal;
 * lists drop the second, swap them, or add a married form ("González de Pérez").
 * Particles (de, del, de la, y) are dropped from the comparison keys; the married
 * "de X" after a surname is set aside, because the husband's surname is not the person's.
 */
import { foldTokens, NAME_PARTICLES } from './fold-text.js';
import { expandHypocorism, type NicknameTable } from './hypocorisms.js';
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

/** Parses given names from one or more cells; nicknames are read through the chosen tables (Spanish by default). */
export function parseGivenNames(cells: readonly string[], nicknames: NicknameTable = 'es'): GivenNames | null {
  const tokens = cells.flatMap(foldTokens).filter((t) => !NAME_PARTICLES.has(t));
  if (tokens.length === 0) return null;
  const joined = tokens.join(' ');
  return { tokens, joined, formal: tokens.map((t) => expandHypocorism(t, nicknames)), phonetic: tokens.map(phoneticWord) };
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

/** How a full name in one cell is ordered: given names first, surnames first, or read from the writing. */
export type NameOrder = 'given_first' | 'surnames_first' | 'auto';

/**
 * Splits a full name written in one cell. "PÉREZ GONZÁLEZ, José Luis" has its surnames
 * before the comma. Otherwise, given names first: the last two words that are not
 * particles are the surnames (the last one only, when the name has just two words);
 * surnames first ("PÉREZ GONZÁLEZ JOSÉ LUIS", as registers and court lists write them):
 * the first two. `auto` reads the order from the writing — surnames in capitals before
 * or after given names in mixed case ("PÉREZ GONZÁLEZ José Luis") — and falls back to
 * given names first when the writing does not tell (see `guessNameOrder`).
 */
export function splitFullName(full: string, order: NameOrder = 'given_first'): { given: string; surnames: string } {
  const comma = full.indexOf(',');
  if (comma >= 0) return { surnames: full.slice(0, comma), given: full.slice(comma + 1) };
  const resolved = order === 'auto' ? (guessNameOrder(full) ?? 'given_first') : order;
  const words = full.trim().split(/\s+/).filter(Boolean);
  const isParticle = (w: string) => NAME_PARTICLES.has(foldTokens(w)[0] ?? '');
  const content = words.map((w, i) => ({ w, i })).filter(({ w }) => !isParticle(w));
  if (content.length <= 1) return { given: '', surnames: full.trim() };
  const surnameCount = content.length === 2 ? 1 : 2;
  if (resolved === 'surnames_first') {
    // the given names start at the content word after the surnames; particles before
    // it stay with the surnames ("de la Cruz Pérez José": "de la Cruz Pérez")
    const end = content[surnameCount]!.i;
    return { surnames: words.slice(0, end).join(' '), given: words.slice(end).join(' ') };
  }
  let start = content[content.length - surnameCount]!.i;
  // particles before the first surname belong to it: "José de la Cruz Pérez"
  while (start > 0 && isParticle(words[start - 1]!)) start--;
  if (start === 0) start = content[content.length - surnameCount]!.i;
  // …unless they open a compound given name: "Yusmary del Valle Chirinos", "Luis de Jesús Pérez"
  const tail = givenNameTail(words, 1);
  if (tail > start && tail < words.length) start = tail;
  return { given: words.slice(0, start).join(' '), surnames: words.slice(start).join(' ') };
}

/** Compound given names of Marian devotion, written after a first name: María del Valle, José de Jesús. */
const GIVEN_NAME_TAILS: readonly string[][] = [
  ['del', 'valle'],
  ['de', 'jesus'],
  ['del', 'carmen'],
  ['de', 'los', 'angeles'],
  ['del', 'rosario'],
  ['del', 'pilar'],
  ['de', 'las', 'mercedes'],
  ['de', 'lourdes'],
  ['de', 'fatima'],
  ['del', 'socorro'],
  ['de', 'la', 'chiquinquira'],
  ['de', 'la', 'consolacion'],
];

/** Where a compound given-name tail starting at `at` ends (the index after it), or -1. */
function givenNameTail(words: readonly string[], at: number): number {
  const folded = words.map((w) => foldTokens(w)[0] ?? '');
  for (const tail of GIVEN_NAME_TAILS) if (tail.every((t, k) => folded[at + k] === t)) return at + tail.length;
  return -1;
}

/**
 * The order a full name is written in, when its writing tells: words in capitals at
 * the start followed by words in mixed case are surnames first ("PÉREZ GÓMEZ José"), the
 * reverse is given names first ("José PÉREZ GÓMEZ"); null when all words share one case.
 */
export function guessNameOrder(full: string): 'given_first' | 'surnames_first' | null {
  const words = full
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w) && !NAME_PARTICLES.has(foldTokens(w)[0] ?? ''));
  const upper = words.map((w) => w === w.toUpperCase() && w !== w.toLowerCase());
  const firstMixed = upper.indexOf(false);
  const firstUpper = upper.indexOf(true);
  if (firstMixed < 0 || firstUpper < 0) return null;
  const flips = upper.filter((u, i) => i > 0 && u !== upper[i - 1]).length;
  if (flips !== 1) return null;
  return upper[0] ? 'surnames_first' : 'given_first';
}

/**
 * Every way a full name in one cell can be read as given names and surnames, for an
 * order-free comparison: one or two given names and one or two surnames (particles
 * ride along: "Yusbeidy del Valle", "de la Cruz"), given names first and — when the
 * writing does not say the order — surnames first: "José Alfonso Villasmil" may be
 * José + Alfonso Villasmil or José Alfonso + Villasmil. A comma settles it. The
 * linkage keeps, for each registry person, the reading that agrees best.
 */
export function readFullName(full: string): { given: string; surnames: string }[] {
  if (full.includes(',')) {
    const split = splitFullName(full);
    return [{ given: split.given.trim(), surnames: split.surnames.trim() }];
  }
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return [{ given: '', surnames: full.trim() }];
  const order = guessNameOrder(full);
  const isParticle = (w: string) => NAME_PARTICLES.has(foldTokens(w)[0] ?? '');
  const readings: { given: string; surnames: string }[] = [];
  const seen = new Set<string>();
  for (let k = 1; k < words.length; k++) {
    const head = words.slice(0, k);
    const tail = words.slice(k);
    // a cut that leaves one side all particles, or a particle at the end of the head, is no reading
    if (head.every(isParticle) || tail.every(isParticle) || isParticle(head[head.length - 1]!)) continue;
    const headWords = head.filter((w) => !isParticle(w)).length;
    const tailWords = tail.filter((w) => !isParticle(w)).length;
    if (headWords > 2 || tailWords > 2) continue;
    const forms: { given: string; surnames: string }[] = [];
    if (order !== 'surnames_first') forms.push({ given: head.join(' '), surnames: tail.join(' ') });
    if (order !== 'given_first') forms.push({ given: tail.join(' '), surnames: head.join(' ') });
    for (const f of forms) {
      const key = `${f.given}|${f.surnames}`;
      if (!seen.has(key)) {
        seen.add(key);
        readings.push(f);
      }
    }
  }
  return readings.length > 0 ? readings : [splitFullName(full)];
}
