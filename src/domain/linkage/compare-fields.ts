/**
 * Field comparisons of the Fellegi–Sunter model. Each comparison turns the cells of two
 * records into a level: 0 when either side is missing (no evidence either way), then
 * 1 (the strongest agreement) to K (disagreement). Each kind also says how to encode a
 * value once (so the millions of pair comparisons do no parsing), which value its
 * term-frequency adjustment uses, and which blocking keys it offers.
 */
import { type LinkDate, parseAge, parseLinkDate, parseLinkDateParts } from './dates.js';
import { digitsOf, foldText, foldTokens } from './fold-text.js';
import type { NicknameTable } from './hypocorisms.js';
import { type GivenNames, parseGivenNames, parseSurnames, type Surnames, splitFullName } from './person-names.js';
import type { ComparisonSettings } from './settings.js';
import { phoneticKey } from './spanish-phonetic.js';
import { damerauLevenshtein, isWithinOneEdit, jaroWinkler, tokenSetSimilarity } from './string-similarity.js';

/** A prepared comparison: its level labels and the functions over encoded values. */
export type Comparison = {
  name: string;
  kind: ComparisonSettings['kind'];
  /** The columns whose cells this comparison reads. */
  columnNames: readonly string[];
  /** Labels of levels 1..K; index 0 of this array is level 1. */
  levels: readonly string[];
  termFrequency: boolean;
  encode(cells: readonly string[]): unknown;
  level(a: unknown, b: unknown): number;
  /** The value as one string: what "the same value" means for exclusive fields. */
  valueKey(value: unknown): string;
  /** Names only: the words whose frequencies are counted. */
  terms(value: unknown): readonly string[];
  /**
   * Names only, below exact agreement: calls `visit` with each word two names share
   * exactly, for the term-frequency adjustment of a partial agreement (a rare surname
   * agreeing says more than González).
   */
  forSharedTerms(a: unknown, b: unknown, level: number, visit: (term: string) => void): void;
  /** Blocking keys of one kind for one value; an empty list puts the record in no block. */
  keys(kind: string, value: unknown): string[];
  keyKinds: readonly string[];
};

type Spec<F> = {
  levels: readonly string[];
  encode(cells: readonly string[]): F | null;
  level(a: F, b: F): number;
  valueKey(value: F): string;
  /** Names only: their words, compared exactly at the levels that rest on agreeing words. */
  words?: { of(value: F): readonly string[]; levels: readonly number[] };
  keys: Readonly<Record<string, (value: F) => string[]>>;
};

/** Builds a comparison from its settings. */
export function createComparison(settings: ComparisonSettings): Comparison {
  const spec = specFor(settings) as Spec<unknown>;
  return {
    name: settings.name,
    kind: settings.kind,
    columnNames: settings.columns,
    levels: spec.levels,
    termFrequency: settings.termFrequency ?? false,
    encode: (cells) => spec.encode(cells),
    level: (a, b) => (a === null || b === null ? 0 : spec.level(a, b)),
    valueKey: (value) => spec.valueKey(value),
    terms: (value) => (spec.words ? spec.words.of(value) : []),
    forSharedTerms(a, b, level, visit) {
      if (a === null || b === null || !spec.words || !spec.words.levels.includes(level)) return;
      const x = spec.words.of(a);
      const y = spec.words.of(b);
      for (let i = 0; i < x.length; i++) {
        const word = x[i]!;
        if (y.includes(word) && x.indexOf(word) === i) visit(word);
      }
    },
    keys: (kind, value) => (value === null ? [] : spec.keys[kind]!(value)),
    keyKinds: Object.keys(spec.keys),
  };
}

function specFor(s: ComparisonSettings): Spec<unknown> {
  switch (s.kind) {
    case 'given_names':
      return givenNamesSpec(s.split === 'full_name', s.nicknames ?? 'es') as Spec<unknown>;
    case 'surnames':
      return surnamesSpec(s.split === 'full_name') as Spec<unknown>;
    case 'cedula':
      return cedulaSpec as Spec<unknown>;
    case 'date':
      return dateSpec(s.ageAsOf) as Spec<unknown>;
    case 'exact':
      return stringSpec([], () => 0) as Spec<unknown>;
    case 'jaro_winkler': {
      const t = s.thresholds ?? [0.95, 0.88];
      return stringSpec(
        t.map((x) => `Jaro–Winkler ≥ ${x}`),
        (a, b) => {
          const sim = jaroWinkler(a.folded, b.folded);
          const i = t.findIndex((x) => sim >= x);
          return i < 0 ? t.length : i;
        },
      ) as Spec<unknown>;
    }
    case 'levenshtein': {
      const t = s.thresholds ?? [1, 2];
      const limit = Math.max(...t);
      return stringSpec(
        t.map((x) => `at most ${x} edit${x === 1 ? '' : 's'}`),
        (a, b) => {
          const d = damerauLevenshtein(a.folded, b.folded, limit);
          const i = t.findIndex((x) => d <= x);
          return i < 0 ? t.length : i;
        },
      ) as Spec<unknown>;
    }
    case 'token_set': {
      const t = s.thresholds ?? [0.99, 0.5];
      return stringSpec(
        t.map((x) => `${Math.round(x * 100)} % of words shared`),
        (a, b) => {
          const sim = tokenSetSimilarity(a.tokens, b.tokens, 0.92);
          const i = t.findIndex((x) => sim >= x);
          return i < 0 ? t.length : i;
        },
      ) as Spec<unknown>;
    }
    case 'numeric': {
      const t = s.thresholds ?? [1];
      return numericSpec(t) as Spec<unknown>;
    }
  }
}

/**
 * Word i of name a agrees with word j of name b when they are equal, one may stand for
 * the other (a nickname), they sound alike, or they differ by a slip of the pen.
 */
function wordsAgree(a: GivenNames | Surnames, i: number, b: GivenNames | Surnames, j: number): boolean {
  const x = a.tokens[i]!;
  const y = b.tokens[j]!;
  if (x === y || a.phonetic[i] === b.phonetic[j]) return true;
  if ('formal' in a && 'formal' in b) {
    const fx = a.formal[i]!;
    const fy = b.formal[j]!;
    if (fx.length > 1 || fy.length > 1) for (const p of fx) if (fy.includes(p)) return true;
  }
  return isSlip(x, y);
}

/** One slip of the pen: Jaro–Winkler ≥ 0.92, or one edit between words of five letters or more. */
function isSlip(a: string, b: string): boolean {
  if (a.length <= 3 || b.length <= 3) return false;
  return (a.length >= 5 && b.length >= 5 && isWithinOneEdit(a, b)) || jaroWinkler(a, b) >= 0.92;
}

function givenNamesSpec(split: boolean, nicknames: NicknameTable): Spec<GivenNames> {
  return {
    levels: ['exact', 'same names (nickname or spelling)', 'one name of a compound', 'similar spelling', 'same initial', 'different'],
    encode: (cells) => parseGivenNames(split ? [splitFullName(cells.join(' ')).given] : cells, nicknames),
    level(a, b) {
      if (a.joined === b.joined) return 1;
      const na = a.tokens.length;
      const nb = b.tokens.length;
      if (na === nb) {
        let all = true;
        for (let i = 0; i < na && all; i++) all = wordsAgree(a, i, b, i);
        if (all) return 2;
      }
      // every word of the shorter name is found in the longer: "María" in "María José"
      const small = na <= nb ? a : b;
      const large = small === a ? b : a;
      let contained = true;
      for (let i = 0; i < small.tokens.length && contained; i++) {
        let found = false;
        for (let j = 0; j < large.tokens.length && !found; j++) found = wordsAgree(small, i, large, j);
        contained = found;
      }
      if (contained) return 3;
      if (jaroWinkler(a.tokens[0]!, b.tokens[0]!) >= 0.92 || jaroWinkler(a.joined, b.joined) >= 0.9) return 4;
      if (a.joined.charCodeAt(0) === b.joined.charCodeAt(0)) return 5;
      return 6;
    },
    valueKey: (v) => v.joined,
    words: { of: (v) => v.tokens, levels: [2, 3] },
    keys: {
      value: (v) => [v.joined],
      first: (v) => [...v.formal[0]!],
      first_phonetic: (v) => [v.phonetic[0]!],
      initial: (v) => [v.joined[0]!],
      initials: (v) => [v.tokens.map((t) => t[0]).join('')],
    },
  };
}

function surnamesSpec(split: boolean): Spec<Surnames> {
  return {
    levels: [
      'exact',
      'both agree (swapped or spelling)',
      'one missing, the other agrees',
      'paternal agrees, maternal differs',
      'one surname in common',
      'different',
    ],
    encode: (cells) => parseSurnames(split ? [splitFullName(cells.join(' ')).surnames] : cells),
    level(a, b) {
      if (a.joined === b.joined) return 1;
      const la = a.tokens.length;
      const lb = b.tokens.length;
      if (la >= 2 && lb >= 2) {
        const first = wordsAgree(a, 0, b, 0);
        if (first && wordsAgree(a, 1, b, 1)) return 2;
        if (wordsAgree(a, 0, b, 1) && wordsAgree(a, 1, b, 0)) return 2;
        if (first) return 4;
      } else {
        // one side has a single surname: it agrees with either of the other's
        for (let i = 0; i < la; i++) for (let j = 0; j < lb; j++) if (wordsAgree(a, i, b, j)) return 3;
        return 6;
      }
      for (let i = 0; i < la; i++) for (let j = 0; j < lb; j++) if (wordsAgree(a, i, b, j)) return 5;
      return 6;
    },
    valueKey: (v) => v.joined,
    words: { of: (v) => v.tokens, levels: [2, 3, 4, 5] },
    keys: {
      value: (v) => [v.joined],
      any: (v) => v.tokens,
      any_phonetic: (v) => v.phonetic,
      first_phonetic: (v) => [v.phonetic[0]!],
      pair_phonetic: (v) => (v.phonetic.length >= 2 ? [[v.phonetic[0]!, v.phonetic[1]!].sort().join(' ')] : []),
      one_misspelt: oneSurnameMisspelt,
    },
  };
}

/**
 * Keys that survive one surname mistyped: each surname as it sounds, with the other's first n
 * letters or its last n. A word of L ≥ 3 letters has n = min(3, ⌊(L − 1) / 2⌋): its two ends
 * never meet, so one edit — a letter dropped, added, changed, two swapped — leaves one of them as
 * it was (a surname of two letters, "Li", is not covered). A typo changes L by one at most, so a word gives the keys of its length and of the
 * lengths next to it: the true spelling's are among them.
 */
function oneSurnameMisspelt(v: Surnames): string[] {
  if (v.tokens.length < 2) return [];
  const keys: string[] = [];
  const ends = (tag: string, sound: string, word: string) => {
    const sizes = new Set([word.length - 1, word.length, word.length + 1].map((l) => Math.min(3, Math.floor((l - 1) / 2))));
    for (const n of sizes) if (n >= 1 && n < word.length) keys.push(`${tag} ${sound} ${word.slice(0, n)}…`, `${tag} ${sound} …${word.slice(-n)}`);
  };
  ends('1', v.phonetic[0]!, v.tokens[1]!);
  ends('2', v.phonetic[1]!, v.tokens[0]!);
  return keys;
}

const cedulaSpec: Spec<string> = {
  levels: ['exact', 'one digit off (typo or transposition)', 'different'],
  encode: (cells) => {
    const digits = digitsOf(cells.join(''));
    return digits.length >= 4 ? digits : null;
  },
  level: (a, b) => (a === b ? 1 : isWithinOneEdit(a, b) ? 2 : 3),
  valueKey: (v) => v,
  keys: {
    value: (v) => [v],
    // every form with one digit deleted: two cédulas one substitution, insertion or
    // adjacent transposition apart share at least one of these keys
    deletions: (v) => Array.from(new Set(Array.from({ length: v.length }, (_, i) => v.slice(0, i) + v.slice(i + 1)))),
  },
};

/**
 * Dates of birth. With `ageAsOf` (the list's date), a cell that holds an age instead
 * ("35 años", "about 35") stands for the birth years it allows, which agree with a date
 * in any of them (level 3) or a year off (level 4).
 */
function dateSpec(ageAsOf: string | undefined): Spec<LinkDate> {
  const parseOne = (text: string) => parseLinkDate(text) ?? (ageAsOf ? parseAge(text, ageAsOf) : null);
  const years = (v: LinkDate): [number, number] => [v.year - (v.span ?? 0), v.year];
  return {
    levels: [
      'exact',
      'day and month swapped',
      'same year and month, same year when only the year is known, or within the years an age allows',
      'a year apart',
      'different',
    ],
    // one cell holds the whole date (or an age); three cells are its day, month and year, in that order
    encode: (cells) => (cells.length === 3 ? parseLinkDateParts(cells[0]!, cells[1]!, cells[2]!) : parseOne(cells.join(' ').trim())),
    level(a, b) {
      if (a.span !== undefined || b.span !== undefined) {
        const [a0, a1] = years(a);
        const [b0, b1] = years(b);
        const gap = Math.max(a0 - b1, b0 - a1, 0);
        return gap === 0 ? 3 : gap <= 1 ? 4 : 5;
      }
      if (a.day && b.day && a.month && b.month) {
        if (a.year === b.year && a.month === b.month && a.day === b.day) return 1;
        if (a.year === b.year && a.month === b.day && a.day === b.month) return 2;
      }
      if (a.year === b.year && (!a.month || !b.month || a.month === b.month)) return 3;
      if (Math.abs(a.year - b.year) <= 1) return 4;
      return 5;
    },
    valueKey: (v) => (v.span !== undefined ? `${v.year}~${v.span}` : `${v.year}-${v.month}-${v.day}`),
    keys: {
      value: (v) => (v.day ? [`${v.year}-${v.month}-${v.day}`] : []),
      year: (v) => {
        const [first, last] = years(v);
        return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
      },
      month_day: (v) => (v.day ? [[v.month, v.day].sort((x, y) => x - y).join('-')] : []),
    },
  };
}

type EncodedString = { folded: string; tokens: string[]; phonetic: string };

function stringSpec(levels: string[], grade: (a: EncodedString, b: EncodedString) => number): Spec<EncodedString> {
  return {
    levels: ['exact', ...levels, 'different'],
    encode: (cells) => {
      const folded = foldText(cells.join(' '));
      return folded.length === 0 ? null : { folded, tokens: foldTokens(folded), phonetic: phoneticKey(folded) };
    },
    level: (a, b) => (a.folded === b.folded ? 1 : 2 + grade(a, b)),
    valueKey: (v) => v.folded,
    keys: {
      value: (v) => [v.folded],
      phonetic: (v) => [v.phonetic],
      prefix3: (v) => [v.folded.slice(0, 3)],
      tokens: (v) => v.tokens,
    },
  };
}

function numericSpec(thresholds: readonly number[]): Spec<number> {
  return {
    levels: ['exact', ...thresholds.map((t) => `within ${t}`), 'different'],
    encode: (cells) => {
      const text = cells.join('').trim().replace(',', '.');
      if (text === '') return null;
      const n = Number(text);
      return Number.isFinite(n) ? n : null;
    },
    level(a, b) {
      if (a === b) return 1;
      const d = Math.abs(a - b);
      const i = thresholds.findIndex((t) => d <= t);
      return i < 0 ? thresholds.length + 2 : i + 2;
    },
    valueKey: (v) => String(v),
    keys: { value: (v) => [String(v)] },
  };
}
