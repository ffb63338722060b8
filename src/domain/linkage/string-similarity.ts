/**
 * String comparators for record linkage, written to run tens of millions of times:
 * no allocation per call (scratch buffers are reused), plain char-code loops.
 * Jaro–Winkler: Winkler (1990), "String comparator metrics and enhanced decision rules
 * in the Fellegi–Sunter model of record linkage"; prefix scale 0.1 over at most 4 letters.
 * Damerau–Levenshtein: the optimal-string-alignment variant (adjacent transpositions cost 1).
 */

const MAX = 256;
const matchedA = new Uint8Array(MAX);
const matchedB = new Uint8Array(MAX);

const positions = new Int32Array(128);

/**
 * Jaro for words of at most 32 ASCII letters, bit-parallel: each character of b is a
 * bit mask of its positions, so finding a's matches in the window is a few integer
 * operations instead of a scan (after Hyyrö's bit-parallel string matching). Returns −1
 * when the words do not qualify.
 */
function jaroBitParallel(a: string, b: string, la: number, lb: number): number {
  for (let j = 0; j < lb; j++) {
    const code = b.charCodeAt(j);
    if (code >= 128) {
      for (let k = 0; k < j; k++) positions[b.charCodeAt(k)] = 0;
      return -1;
    }
    positions[code]! |= 1 << j;
  }
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let flaggedA = 0;
  let flaggedB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const code = a.charCodeAt(i);
    if (code >= 128) {
      matches = -1;
      break;
    }
    const lo = i > range ? i - range : 0;
    const hi = Math.min(i + range, lb - 1);
    if (lo > hi) continue;
    const upper = hi >= 31 ? -1 : (1 << (hi + 1)) - 1;
    const window = upper & ~((1 << lo) - 1);
    const candidates = positions[code]! & ~flaggedB & window;
    if (candidates !== 0) {
      flaggedB |= candidates & -candidates;
      flaggedA |= 1 << i;
      matches++;
    }
  }
  for (let j = 0; j < lb; j++) positions[b.charCodeAt(j)] = 0;
  if (matches <= 0) return matches;
  let transpositions = 0;
  let restB = flaggedB;
  let restA = flaggedA;
  while (restA !== 0) {
    const i = 31 - Math.clz32(restA & -restA);
    const j = 31 - Math.clz32(restB & -restB);
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    restA &= restA - 1;
    restB &= restB - 1;
  }
  return (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
}

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la <= 32 && lb <= 32) {
    const fast = jaroBitParallel(a, b, la, lb);
    if (fast >= 0) return fast;
  }
  return jaroByScan(a, b);
}

/** Jaro by the textbook scan of the match window: any length, any characters. */
export function jaroByScan(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  let la = a.length;
  let lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > MAX) la = MAX;
  if (lb > MAX) lb = MAX;
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const code = a.charCodeAt(i);
    const start = i > range ? i - range : 0;
    const end = i + range + 1 < lb ? i + range + 1 : lb;
    for (let j = start; j < end; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === code) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro–Winkler similarity in [0, 1]: Jaro, raised for a shared prefix of up to 4 letters. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let prefix = 0;
  const limit = Math.min(4, a.length, b.length);
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

const rowA = new Int32Array(MAX + 1);
const rowB = new Int32Array(MAX + 1);
const rowC = new Int32Array(MAX + 1);

/**
 * Damerau–Levenshtein distance (optimal string alignment): insertions, deletions,
 * substitutions and adjacent transpositions each cost 1. Stops early once the distance
 * must exceed `limit` and returns limit + 1.
 */
export function damerauLevenshtein(a: string, b: string, limit = MAX): number {
  if (a === b) return 0;
  const la = Math.min(a.length, MAX);
  const lb = Math.min(b.length, MAX);
  if (Math.abs(la - lb) > limit) return limit + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = prev[j - 1]! + cost;
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      if (del < v) v = del;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const t = prev2[j - 2]! + 1;
        if (t < v) v = t;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[lb]!;
}

/**
 * True when a and b are at most one edit apart (one insertion, deletion, substitution or
 * adjacent transposition): the Damerau–Levenshtein test ≤ 1 in linear time.
 */
export function isWithinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === lb) return true;
  if (la === lb) {
    // substitution at i, or transposition of i and i + 1
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Token-set similarity: the share of the smaller token set found in the larger one,
 * so word order and extra words do not count against a match ("Pérez González José" vs
 * "José Pérez"). Tokens equal when their Jaro–Winkler reaches `tokenThreshold`.
 */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[], tokenThreshold = 1): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  let found = 0;
  for (const token of small) {
    for (const other of large) {
      if (token === other || (tokenThreshold < 1 && jaroWinkler(token, other) >= tokenThreshold)) {
        found++;
        break;
      }
    }
  }
  return found / small.length;
}
