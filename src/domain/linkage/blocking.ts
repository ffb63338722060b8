/**
 * Blocking: the union of several rules, each choosing pairs that share a key (the same
 * cédula; both surnames sounding alike; …), so that a million-record run compares only
 * plausible pairs instead of 5 × 10^11. A pair found by several rules is compared once,
 * and counted under the first rule that finds it (as Splink does), so each rule's count
 * says what it adds. Keys are hashed to 30-bit integers: a collision merges two blocks,
 * which costs a few comparisons and never loses a pair.
 */
import type { Comparison } from './compare-fields.js';
import type { BlockingRule } from './settings.js';

/** The index of one rule: each record's keys and each key's records, both sorted. */
export type RuleIndex = {
  name: string;
  maxBlockSize: number;
  keyOffsets: Int32Array;
  keyIds: Int32Array;
  blockOffsets: Int32Array;
  blockMembers: Int32Array;
  /** The hash of each key, ascending: key ids are positions in this array. */
  blockHashes: Int32Array;
  /** 1 where a block was larger than the rule allows and was skipped. */
  skipped: Uint8Array;
  keysOf(values: readonly unknown[]): number[];
};

/** What a rule did: pairs it added, and blocks it skipped for size. */
export type RuleReport = { name: string; comparisons: number; skippedBlocks: number; recordsInSkippedBlocks: number };

/** FNV-1a over UTF-16 code units, continuing from `seed`. */
function fnv(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** The hash of a key made of parts, as a non-negative 30-bit integer. */
function hashKey(parts: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) h = fnv(part, Math.imul(h ^ 0x1f, 0x01000193));
  return (h >>> 2) & 0x3fffffff;
}

/** The hashed keys of a rule for one record: every combination of its parts' keys. */
function recordKeys(partKeys: readonly (readonly string[])[], out: number[]): void {
  out.length = 0;
  const chosen: string[] = [];
  const walk = (depth: number) => {
    if (depth === partKeys.length) {
      const h = hashKey(chosen);
      if (!out.includes(h)) out.push(h);
      return;
    }
    for (const key of partKeys[depth]!) {
      chosen[depth] = key;
      walk(depth + 1);
    }
  };
  if (partKeys.every((p) => p.length > 0)) walk(0);
}

const RECORD_BITS = 2 ** 23;

/** A rule's hashed keys for one record, given its encoded values (one per comparison). */
export function ruleKeys(rule: BlockingRule, comparisons: readonly Comparison[]): (recordValues: readonly unknown[]) => number[] {
  const parts = rule.keys.map((k) => ({ c: comparisons.findIndex((x) => x.name === k.comparison), key: k.key }));
  return (recordValues) => {
    const out: number[] = [];
    recordKeys(
      parts.map((p) => comparisons[p.c]!.keys(p.key, recordValues[p.c] ?? null)),
      out,
    );
    return out;
  };
}

/**
 * Indexes records under a rule. `values[c][r]` is record r's encoded value for
 * comparison c; `sides` (when linking two lists) marks left records 0 and right 1, and
 * the size that matters for `maxBlockSize` is the larger side. Each (key, record) entry
 * is packed into one float (30-bit hash × 2^23 + record) and the entries sorted
 * natively: no hash table of millions of keys, and members come out in record order.
 */
export function indexRule(
  rule: BlockingRule,
  comparisons: readonly Comparison[],
  values: readonly (readonly unknown[])[],
  count: number,
  sides?: Uint8Array,
): RuleIndex {
  if (count > RECORD_BITS) throw new Error(`blocking indexes at most ${RECORD_BITS} records`);
  const parts = rule.keys.map((k) => ({ c: comparisons.findIndex((x) => x.name === k.comparison), key: k.key }));
  const keysOf = ruleKeys(rule, comparisons);
  let entries = new Float64Array(Math.max(16, count));
  let used = 0;
  const hashes: number[] = [];
  const partKeys: string[][] = parts.map(() => []);
  for (let r = 0; r < count; r++) {
    for (let p = 0; p < parts.length; p++) partKeys[p] = comparisons[parts[p]!.c]!.keys(parts[p]!.key, values[parts[p]!.c]![r] ?? null);
    recordKeys(partKeys, hashes);
    if (used + hashes.length > entries.length) {
      const grown = new Float64Array(Math.max(entries.length * 2, used + hashes.length));
      grown.set(entries);
      entries = grown;
    }
    for (const h of hashes) entries[used++] = h * RECORD_BITS + r;
  }
  const sorted = entries.subarray(0, used).sort();
  const keyCount = new Int32Array(count + 1);
  const blockHashes: number[] = [];
  const blockStarts: number[] = [];
  const blockMembers = new Int32Array(used);
  let previous = -1;
  for (let i = 0; i < used; i++) {
    const entry = sorted[i]!;
    const h = Math.floor(entry / RECORD_BITS);
    const r = entry - h * RECORD_BITS;
    if (h !== previous) {
      blockHashes.push(h);
      blockStarts.push(i);
      previous = h;
    }
    blockMembers[i] = r;
    keyCount[r + 1]!++;
  }
  blockStarts.push(used);
  const blockOffsets = Int32Array.from(blockStarts);
  const keyOffsets = keyCount;
  for (let r = 0; r < count; r++) keyOffsets[r + 1]! += keyOffsets[r]!;
  const fill = keyOffsets.slice(0, count);
  const keyIds = new Int32Array(used);
  const blockCount = blockHashes.length;
  for (let b = 0; b < blockCount; b++) for (let i = blockOffsets[b]!; i < blockOffsets[b + 1]!; i++) keyIds[fill[blockMembers[i]!]!++] = b;
  const maxBlockSize = rule.maxBlockSize ?? Number.POSITIVE_INFINITY;
  const skipped = new Uint8Array(blockCount);
  for (let b = 0; b < blockCount; b++) {
    const start = blockOffsets[b]!;
    const end = blockOffsets[b + 1]!;
    let size = end - start;
    if (sides) {
      let right = 0;
      for (let i = start; i < end; i++) right += sides[blockMembers[i]!]!;
      size = Math.max(right, size - right);
    }
    if (size > maxBlockSize) skipped[b] = 1;
  }
  return { name: rule.name, maxBlockSize, keyOffsets, keyIds, blockOffsets, blockMembers, blockHashes: Int32Array.from(blockHashes), skipped, keysOf };
}

/** True when records a and b share a key of the rule below `limit` whose block was not skipped. */
export function shareKey(index: RuleIndex, a: number, b: number, limit: number): boolean {
  const { keyOffsets, keyIds, skipped } = index;
  let i = keyOffsets[a]!;
  const iEnd = keyOffsets[a + 1]!;
  let j = keyOffsets[b]!;
  const jEnd = keyOffsets[b + 1]!;
  while (i < iEnd && j < jEnd) {
    const x = keyIds[i]!;
    const y = keyIds[j]!;
    if (x >= limit || y >= limit) return false;
    if (x === y) {
      if (skipped[x] === 0) return true;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return false;
}

/**
 * Calls `visit(a, b)` once for every candidate pair. Deduplicating one list, a < b;
 * linking, a is a left record and b a right one (`sides` marks them). Deduplicating,
 * records with the same `apart` value are never paired (records of one list when only
 * links across lists are wanted; readings of one record's name). Returns what each rule
 * added.
 */
export function forEachCandidatePair(
  indexes: readonly RuleIndex[],
  visit: (a: number, b: number) => void,
  sides?: Uint8Array,
  apart?: Int32Array,
): RuleReport[] {
  const reports: RuleReport[] = [];
  for (let r = 0; r < indexes.length; r++) {
    const index = indexes[r]!;
    const report: RuleReport = { name: index.name, comparisons: 0, skippedBlocks: 0, recordsInSkippedBlocks: 0 };
    const isNew = (a: number, b: number, key: number) => {
      for (let e = 0; e < r; e++) if (shareKey(indexes[e]!, a, b, Number.POSITIVE_INFINITY)) return false;
      return !shareKey(index, a, b, key);
    };
    const blockCount = index.blockOffsets.length - 1;
    for (let key = 0; key < blockCount; key++) {
      const start = index.blockOffsets[key]!;
      const end = index.blockOffsets[key + 1]!;
      if (end - start < 2) continue;
      if (index.skipped[key] === 1) {
        report.skippedBlocks++;
        report.recordsInSkippedBlocks += end - start;
        continue;
      }
      const members = index.blockMembers;
      for (let x = start; x < end; x++) {
        const a = members[x]!;
        for (let y = x + 1; y < end; y++) {
          const b = members[y]!;
          if (sides) {
            if (sides[a] === sides[b]) continue;
            const left = sides[a] === 0 ? a : b;
            const right = left === a ? b : a;
            if (!isNew(left, right, key)) continue;
            visit(left, right);
          } else {
            if (apart && apart[a] === apart[b]) continue;
            if (!isNew(a, b, key)) continue;
            visit(a, b);
          }
          report.comparisons++;
        }
      }
    }
    reports.push(report);
  }
  return reports;
}

/** The records that share an unskipped key with a new record, under any rule. */
export function findCandidates(indexes: readonly RuleIndex[], values: readonly unknown[]): Set<number> {
  const found = new Set<number>();
  for (const index of indexes) {
    for (const h of index.keysOf(values)) {
      const b = blockOf(index, h);
      if (b < 0 || index.skipped[b] === 1) continue;
      for (let i = index.blockOffsets[b]!; i < index.blockOffsets[b + 1]!; i++) found.add(index.blockMembers[i]!);
    }
  }
  return found;
}

/** The position of the block with this key hash in an index, or -1. */
export function blockOf(index: Pick<RuleIndex, 'blockHashes'>, hash: number): number {
  let lo = 0;
  let hi = index.blockHashes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.blockHashes[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  return hi >= 0 && index.blockHashes[lo] === hash ? lo : -1;
}
