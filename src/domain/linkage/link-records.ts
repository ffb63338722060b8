/**
 * One linkage run, end to end and without I/O: encode every record once, block, compare
 * the candidate pairs into level patterns, estimate the model (u from random pairs, m by
 * EM, refined by labelled pairs), score each pair with its term-frequency adjustments,
 * then cluster (deduplicating one list) or assign one-to-one (linking two).
 */
import { findCandidates, forEachCandidatePair, indexRule, type RuleIndex, type RuleReport, shareKey } from './blocking.js';
import { assignOneToOne, clusterRecords, pickPairs, type ScoredPairs } from './cluster-pairs.js';
import { type Comparison, createComparison } from './compare-fields.js';
import {
  estimateLambda,
  estimateM,
  estimateU,
  initialM,
  levelWeights,
  type ModelParameters,
  PatternCodec,
  PatternCounter,
  priorWeight,
  probabilityOf,
  refineM,
} from './fellegi-sunter.js';
import type { RegistryIndex } from './registry-index.js';
import type { BlockingRule, LinkSettings } from './settings.js';

/** A table to link, column by column; `ids` come from the settings' id column. */
export type LinkTable = { ids: readonly string[]; columns: Readonly<Record<string, readonly string[]>> };

/** A reviewer's decision on a pair, by record ids (left id first when linking). */
export type PairLabel = { leftId: string; rightId: string; match: boolean };

export type LinkStage = 'encoding' | 'blocking' | 'comparing' | 'estimating' | 'scoring' | 'clustering';

export type LinkOptions = {
  settings: LinkSettings;
  left: LinkTable;
  right?: LinkTable | undefined;
  /** Pairs below this probability are dropped (default: the settings' threshold). */
  threshold?: number | undefined;
  labels?: readonly PairLabel[] | undefined;
  /** Linking: keep every pair above the threshold instead of the one-to-one assignment. */
  allPairs?: boolean | undefined;
  /**
   * Deduplicating: records with the same value here are never compared (the records of
   * one list, when only links across lists are wanted; the readings of one record).
   */
  apart?: Int32Array | undefined;
  /** Deduplicating: cluster the pairs (the default); false leaves every pair above the threshold. */
  cluster?: boolean | undefined;
  /**
   * Linking to a registry kept between runs (registry-index.ts) in place of `right`: only
   * `left` is encoded and blocked; a right record is the index's slot (record leftCount + slot).
   * The run's model then knows the term frequencies of the list's values only, its indexes block
   * the list only, and its idOf reads the index as it is: use them for these pairs, before the
   * index changes. The rules' skipped blocks are those a list record falls in.
   */
  registry?: RegistryIndex | undefined;
  /** A uniform random source in [0, 1) for sampling pairs; seeded by the caller. */
  random: () => number;
  onProgress?: ((stage: LinkStage, done: number, total: number) => void) | undefined;
};

/** Everything needed to score, explain and look up pairs after a run. */
export type LinkModel = {
  comparisons: Comparison[];
  codec: PatternCodec;
  parameters: ModelParameters;
  weights: Float64Array[];
  prior: number;
  /** Per comparison where term frequency is on, the share of each term. */
  frequencies: (TermFrequencies | null)[];
};

export type LinkRun = {
  mode: 'dedupe' | 'link';
  leftCount: number;
  recordCount: number;
  /** values[c][r]: record r's encoded value for comparison c (left records first). */
  values: unknown[][];
  idOf(record: number): string;
  model: LinkModel;
  rules: RuleReport[];
  indexes: RuleIndex[];
  comparedPairs: number;
  distinctPatterns: number;
  /** One EM estimate per blocking rule, on that rule's pairs, for the comparisons it does not block on. */
  sessions: TrainingSession[];
  /** Comparisons no EM estimate covered (too few pairs, or every rule blocks on them): their m keeps its prior. */
  unestimated: string[];
  threshold: number;
  /** Kept pairs: above the threshold (linking: after the one-to-one assignment unless allPairs). */
  pairs: ScoredPairs;
  /** Deduplicating: each record's cluster (smallest member index); linking: null. */
  clusterOf: Int32Array | null;
  refusedByGuard: number;
};

/** Kinds whose values repeat (names, dates, categories): encoded once per distinct text. */
const REPEATING_KINDS: ReadonlySet<string> = new Set(['given_names', 'surnames', 'date', 'exact', 'jaro_winkler', 'levenshtein', 'token_set']);

/**
 * Encodes the records of one or two tables: values[c][r]. Equal cells share one encoded
 * value (a million records hold a few thousand distinct given names), which saves both
 * the parsing and the memory.
 */
export function encodeRecords(comparisons: readonly Comparison[], tables: readonly LinkTable[], onRecord?: (done: number) => void): unknown[][] {
  const total = tables.reduce((n, t) => n + t.ids.length, 0);
  const values = comparisons.map(() => new Array<unknown>(total));
  const caches = comparisons.map((c) => (REPEATING_KINDS.has(c.kind) ? new Map<string, unknown>() : null));
  let r = 0;
  for (const table of tables) {
    const columns = comparisons.map((c) => c.columnNames.map((name) => table.columns[name] ?? []));
    for (let i = 0; i < table.ids.length; i++, r++) {
      for (let c = 0; c < comparisons.length; c++) {
        const cols = columns[c]!;
        const cells = cols.length === 1 ? [cols[0]![i] ?? ''] : cols.map((col) => col[i] ?? '');
        const cache = caches[c];
        if (!cache) {
          values[c]![r] = comparisons[c]!.encode(cells);
          continue;
        }
        const text = cells.join('\u001f');
        let value = cache.get(text);
        if (value === undefined) {
          value = comparisons[c]!.encode(cells);
          if (cache.size >= 2_000_000) cache.clear();
          cache.set(text, value);
        }
        values[c]![r] = value;
      }
      if (onRecord && r % 10_000 === 0) onRecord(r);
    }
  }
  return values;
}

/** The weight of a pair of encoded records: prior, level weights and term-frequency adjustments. */
export function scoreValues(model: LinkModel, a: readonly unknown[], b: readonly unknown[]): { weight: number; pattern: number } {
  let pattern = 0;
  let weight = model.prior;
  for (let c = 0; c < model.comparisons.length; c++) {
    const comparison = model.comparisons[c]!;
    const level = comparison.level(a[c] ?? null, b[c] ?? null);
    pattern += level * model.codec.strides[c]!;
    weight += model.weights[c]![level]! + frequencyAdjustment(model, c, a[c], b[c], level);
  }
  return { weight, pattern };
}

/**
 * The term-frequency adjustment of a comparison's level. Exact agreement: Splink's
 * log2(u_exact / share(value)), the value's own frequency in place of the average.
 * A partial agreement of names: Σ log2(S / share(w)) over the words w the two names share,
 * S = Σ share² being the chance that two random words agree — a rare surname agreeing
 * says more than González.
 */
export function frequencyAdjustment(model: LinkModel, c: number, a: unknown, b: unknown, level: number): number {
  const table = model.frequencies[c];
  if (!table || level === 0 || a === null || a === undefined) return 0;
  const comparison = model.comparisons[c]!;
  if (level === 1) {
    const share = table.values.get(comparison.valueKey(a));
    return share === undefined ? 0 : Math.log2(model.parameters.u[c]![1]! / share);
  }
  let adjustment = 0;
  comparison.forSharedTerms(a, b ?? null, level, (word) => {
    const share = table.words.get(word);
    if (share !== undefined) adjustment += Math.log2(table.wordAgreement / share);
  });
  return adjustment;
}

/** Shares of a comparison's values and (names) words, and the chance that two random words agree. */
export type TermFrequencies = { values: Map<string, number>; words: Map<string, number>; wordAgreement: number };

/** Bits term-frequency adjustments could add at most: one word shared by 1 record in 10^9 per comparison. */
const HOPELESS_MARGIN = 60;

class PairBuffer {
  left = new Int32Array(1 << 16);
  right = new Int32Array(1 << 16);
  pattern = new Int32Array(1 << 16);
  count = 0;
  push(a: number, b: number, pattern: number): void {
    if (this.count === this.left.length) {
      const size = this.left.length * 2;
      this.left = grow(this.left, size);
      this.right = grow(this.right, size);
      this.pattern = grow(this.pattern, size);
    }
    this.left[this.count] = a;
    this.right[this.count] = b;
    this.pattern[this.count] = pattern;
    this.count++;
  }
}

function grow(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

/** Runs linkage: deduplicates `left`, or links `left` to `right` (a table, or a registry index kept between runs). */
export function linkRecords(options: LinkOptions): LinkRun {
  if (options.registry) return linkToRegistry(options, options.registry);
  const { settings, left, right, random, onProgress } = options;
  const apart = right ? undefined : options.apart;
  const mode = right ? 'link' : 'dedupe';
  const comparisons = settings.comparisons.map(createComparison);
  const tables = right ? [left, right] : [left];
  const leftCount = left.ids.length;
  const recordCount = leftCount + (right?.ids.length ?? 0);
  const idOf = (r: number) => (r < leftCount ? left.ids[r]! : right!.ids[r - leftCount]!);

  onProgress?.('encoding', 0, recordCount);
  const values = encodeRecords(comparisons, tables, (done) => onProgress?.('encoding', done, recordCount));
  onProgress?.('encoding', recordCount, recordCount);
  const sides = right ? new Uint8Array(recordCount).fill(1, leftCount) : undefined;

  onProgress?.('blocking', 0, settings.blocking.length);
  const indexes = settings.blocking.map((rule, i) => {
    const index = indexRule(rule, comparisons, values, recordCount, sides);
    onProgress?.('blocking', i + 1, settings.blocking.length);
    return index;
  });

  const run = startRun(settings, comparisons, values, onProgress);
  const rules = forEachCandidatePair(indexes, (a, b) => run.visit(a, b, (r) => shareKey(indexes[r]!, a, b, Number.POSITIVE_INFINITY)), sides, apart);
  onProgress?.('comparing', run.buffer.count, run.buffer.count);

  const rightCount = recordCount - leftCount;
  const samples = Math.min(settings.randomPairs, mode === 'link' ? leftCount * rightCount : (recordCount * (recordCount - 1)) / 2);
  const valueCounts = comparisons.map((c, ci) => countValues(c, values[ci]!, recordCount, mode === 'link' ? leftCount : -1));
  return finishRun(options, run, {
    mode,
    leftCount,
    recordCount,
    idOf,
    indexes,
    rules,
    randomPair: () => {
      if (mode === 'link') return [Math.floor(random() * leftCount), leftCount + Math.floor(random() * rightCount)];
      const a = Math.floor(random() * recordCount);
      const b = Math.floor(random() * recordCount);
      return a === b || (apart && apart[a] === apart[b]) ? null : [a, b];
    },
    samples,
    valueCounts,
    totalPairs: mode === 'link' ? leftCount * rightCount : pairsApart(recordCount, apart),
    wordShares: (ci, present) => {
      const { words, total: wordCount } = countWords(comparisons[ci]!, values[ci]!, recordCount);
      // counts summed as integers, shares divided last: the registry path gets the same bits
      let sumSquares = 0;
      for (const [word, n] of words) {
        words.set(word, n / wordCount);
        sumSquares += n * n;
      }
      const counts = new Map<string, number>(valueCounts[ci]!.left);
      for (const [key, n] of valueCounts[ci]!.right) counts.set(key, (counts.get(key) ?? 0) + n);
      const values_ = new Map<string, number>();
      for (const [key, n] of counts) values_.set(key, n / present);
      return { values: values_, words, wordAgreement: wordCount > 0 ? sumSquares / wordCount ** 2 : 0 };
    },
  });
}

/**
 * Links `left` to a registry kept between runs: only the list is encoded and blocked; each
 * list record's blocks are looked up in the registry's (a block larger than the rule allows
 * on either side is skipped, as when both are blocked together); u is estimated from random
 * (list, registry) pairs, and the term frequencies and the exact agreement of values from
 * the registry's own counts, as if the registry had been passed whole as `right`.
 */
function linkToRegistry(options: LinkOptions, registry: RegistryIndex): LinkRun {
  const { settings, left, random, onProgress } = options;
  if (settings !== registry.settings) throw new Error('link to a registry index under the settings it was built with');
  const comparisons = registry.comparisons;
  const leftCount = left.ids.length;
  onProgress?.('encoding', 0, leftCount);
  const leftValues = encodeRecords(comparisons, [left]);
  onProgress?.('encoding', leftCount, leftCount);
  // a registry record is record leftCount + its slot
  const values = leftValues.map((column, c) => column.concat(registry.values[c]!));
  const recordCount = values[0]?.length ?? leftCount;
  const idOf = (r: number) => (r < leftCount ? left.ids[r]! : registry.idOf(r - leftCount));
  onProgress?.('blocking', 0, settings.blocking.length);
  const indexes = settings.blocking.map((rule) => indexRule(rule, comparisons, leftValues, leftCount));
  onProgress?.('blocking', settings.blocking.length, settings.blocking.length);

  const run = startRun(settings, comparisons, values, onProgress);
  const rules: RuleReport[] = indexes.map((index) => ({ name: index.name, comparisons: 0, skippedBlocks: 0, recordsInSkippedBlocks: 0 }));
  const skippedSeen = indexes.map(() => new Set<number>());
  const found = new Map<number, number>();
  // list records are visited in a fixed stride over the list, not in its order: the EM sessions
  // keep the first pairs they are given, and a list sorted by surname would give them one end of it
  const stride = strideOver(leftCount);
  for (let k = 0; k < leftCount; k++) {
    const l = (k * stride) % leftCount;
    found.clear();
    for (let r = 0; r < indexes.length; r++) {
      const index = indexes[r]!;
      for (let k = index.keyOffsets[l]!; k < index.keyOffsets[l + 1]!; k++) {
        const b = index.keyIds[k]!;
        const hash = index.blockHashes[b]!;
        const leftSize = index.blockOffsets[b + 1]! - index.blockOffsets[b]!;
        const rightSize = registry.blockSize(r, hash);
        if (rightSize === 0) continue;
        if (Math.max(leftSize, rightSize) > index.maxBlockSize) {
          if (!skippedSeen[r]!.has(b)) {
            skippedSeen[r]!.add(b);
            rules[r]!.skippedBlocks++;
            rules[r]!.recordsInSkippedBlocks += leftSize + rightSize;
          }
          continue;
        }
        registry.blockMembers(r, hash, (slot) => {
          const mask = found.get(slot);
          if (mask === undefined) {
            found.set(slot, 1 << r);
            rules[r]!.comparisons++;
          } else found.set(slot, mask | (1 << r));
        });
      }
    }
    for (const [slot, mask] of found) run.visit(l, leftCount + slot, (r) => (mask & (1 << r)) !== 0);
  }
  onProgress?.('comparing', run.buffer.count, run.buffer.count);

  const registryCounts = comparisons.map((_, c) => registry.valueCounts(c));
  const valueCounts = comparisons.map((c, ci): ValueCounts => {
    const counts: ValueCounts = { left: new Map(), right: registryCounts[ci]!.counts, nLeft: 0, nRight: registryCounts[ci]!.present };
    for (let r = 0; r < leftCount; r++) {
      const v = leftValues[ci]![r];
      if (v === null || v === undefined) continue;
      const key = c.valueKey(v);
      counts.left.set(key, (counts.left.get(key) ?? 0) + 1);
      counts.nLeft++;
    }
    return counts;
  });
  return finishRun(options, run, {
    mode: 'link',
    leftCount,
    recordCount,
    idOf,
    indexes,
    rules,
    randomPair: () => {
      // drawn in the order linking two tables draws them: the same seed, the same pairs
      const a = Math.floor(random() * leftCount);
      const slot = registry.randomSlot(random);
      return slot < 0 ? null : [a, leftCount + slot];
    },
    samples: Math.min(settings.randomPairs, leftCount * registry.size),
    valueCounts,
    totalPairs: leftCount * registry.size,
    wordShares: (ci, present) => {
      // shares are looked up for the list's values and words only (the left side of every pair)
      const { counts, total, squares } = registry.wordCounts(ci);
      const { words: listWords, total: listTotal } = countWords(comparisons[ci]!, leftValues[ci]!, leftCount);
      const wordCount = listTotal + total;
      let sumSquares = squares;
      const words = new Map<string, number>();
      for (const [word, n] of listWords) {
        const inRegistry = counts.get(word) ?? 0;
        sumSquares += (n + inRegistry) ** 2 - inRegistry ** 2;
        words.set(word, (n + inRegistry) / wordCount);
      }
      const values_ = new Map<string, number>();
      for (const [key, n] of valueCounts[ci]!.left) values_.set(key, (n + (valueCounts[ci]!.right.get(key) ?? 0)) / present);
      return { values: values_, words, wordAgreement: wordCount > 0 ? sumSquares / wordCount ** 2 : 0 };
    },
  });
}

/** A step near the golden section of n and prime to it: k × step mod n visits each of n records once, spread over the list. */
function strideOver(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let step = Math.max(1, Math.round(n * 0.6180339887));
  while (gcd(step, n) !== 1) step++;
  return step;
}

/** The comparing stage shared by both ways of finding pairs: each pair's pattern, kept, counted, and fed to the EM sessions. */
function startRun(settings: LinkSettings, comparisons: Comparison[], values: readonly (readonly unknown[])[], onProgress: LinkOptions['onProgress']) {
  const codec = new PatternCodec(comparisons.map((c) => c.levels.length));
  const levelOf = (a: number, b: number) => {
    let pattern = 0;
    for (let c = 0; c < comparisons.length; c++) pattern += comparisons[c]!.level(values[c]![a] ?? null, values[c]![b] ?? null) * codec.strides[c]!;
    return pattern;
  };
  const buffer = new PairBuffer();
  const patternCounter = new PatternCounter(codec);
  const sessions = settings.blocking.map((rule) => createSession(rule, comparisons, codec));
  /** A candidate pair; `foundBy(r)` says whether blocking rule r (unskipped) finds it. */
  const visit = (a: number, b: number, foundBy: (rule: number) => boolean) => {
    const pattern = levelOf(a, b);
    buffer.push(a, b, pattern);
    patternCounter.add(pattern);
    for (let r = 0; r < sessions.length; r++) {
      const session = sessions[r]!;
      if (session.free.length === 0 || session.pairs >= SESSION_PAIRS || !foundBy(r)) continue;
      session.pairs++;
      let reduced = pattern;
      for (const c of session.blocked) reduced -= codec.level(pattern, c) * codec.strides[c]!;
      session.counter.add(reduced);
    }
    if (buffer.count % 200_000 === 0) onProgress?.('comparing', buffer.count, 0);
  };
  return { comparisons, values, codec, levelOf, buffer, patternCounter, sessions, visit };
}

type Found = {
  mode: 'dedupe' | 'link';
  leftCount: number;
  recordCount: number;
  idOf: (record: number) => string;
  indexes: RuleIndex[];
  rules: RuleReport[];
  /** A random pair of records that may be compared, or null for a draw to skip. */
  randomPair: () => readonly [number, number] | null;
  samples: number;
  valueCounts: ValueCounts[];
  totalPairs: number;
  /** A term-frequency comparison's shares of values and words, and the chance that two random words agree. */
  wordShares: (comparison: number, present: number) => TermFrequencies;
};

/** Estimates the model from what was compared, scores every pair, and clusters or assigns them. */
function finishRun(options: LinkOptions, run: ReturnType<typeof startRun>, found: Found): LinkRun {
  const { settings, onProgress } = options;
  const { comparisons, values, codec, levelOf, buffer, patternCounter, sessions } = run;
  const { mode, leftCount, recordCount, idOf, valueCounts, totalPairs } = found;
  onProgress?.('estimating', 0, 1);
  const patternCounts = patternCounter.toMap();
  const randomCounter = new PatternCounter(codec);
  for (let s = 0; s < found.samples; s++) {
    const pair = found.randomPair();
    if (pair) randomCounter.add(levelOf(pair[0], pair[1]));
  }
  const levelCounts = comparisons.map((c) => c.levels.length);
  const u = estimateU(levelCounts, randomCounter.toMap(), codec);
  for (let c = 0; c < comparisons.length; c++) setExactU(u[c]!, exactAgreement(valueCounts[c]!, mode === 'link'));
  const priors = settings.comparisons.map((c) => (c.m ? Float64Array.from([0, ...c.m]) : null));
  const { m, trained, unestimated } = trainM(sessions, comparisons, codec, u, priors);
  let parameters: ModelParameters = { lambda: estimateLambda(patternCounts, codec, m, u, totalPairs), m, u };
  const labels = options.labels ?? [];
  const indexOfId = new Map<string, number>();
  if (labels.length > 0) for (let r = 0; r < recordCount; r++) indexOfId.set(`${r < leftCount ? 'L' : 'R'}${idOf(r)}`, r);
  const matchPatterns = labels
    .filter((l) => l.match)
    .map((l) => [indexOfId.get(`L${l.leftId}`), indexOfId.get(`${mode === 'link' ? 'R' : 'L'}${l.rightId}`)] as const)
    .filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined)
    .map(([a, b]) => levelOf(a, b));
  parameters = refineM(parameters, codec, matchPatterns);
  if (matchPatterns.length > 0) parameters = { ...parameters, lambda: estimateLambda(patternCounts, codec, parameters.m, u, totalPairs, parameters.lambda) };
  onProgress?.('estimating', 1, 1);

  const frequencies = comparisons.map((c, ci): TermFrequencies | null => {
    if (!c.termFrequency) return null;
    const { nLeft, nRight } = valueCounts[ci]!;
    return found.wordShares(ci, nLeft + nRight);
  });
  const model: LinkModel = { comparisons, codec, parameters, weights: levelWeights(parameters), prior: priorWeight(parameters.lambda), frequencies };

  const threshold = options.threshold ?? settings.threshold;
  const thresholdWeight = Math.log2(threshold / (1 - threshold));
  const patternWeight = new Map<number, number>();
  for (const pattern of patternCounts.keys()) {
    let w = model.prior;
    for (let c = 0; c < comparisons.length; c++) w += model.weights[c]![codec.level(pattern, c)]!;
    patternWeight.set(pattern, w);
  }
  const kept: number[] = [];
  const keptWeights: number[] = [];
  for (let i = 0; i < buffer.count; i++) {
    const pattern = buffer.pattern[i]!;
    let w = patternWeight.get(pattern)!;
    // term frequencies move a weight by a few bits per shared word; far below the
    // threshold, they cannot bring a pair over it
    if (w + HOPELESS_MARGIN < thresholdWeight) continue;
    for (let c = 0; c < comparisons.length; c++) {
      if (model.frequencies[c]) w += frequencyAdjustment(model, c, values[c]![buffer.left[i]!], values[c]![buffer.right[i]!], codec.level(pattern, c));
    }
    if (w >= thresholdWeight) {
      kept.push(i);
      keptWeights.push(w);
    }
    if (i % 500_000 === 0) onProgress?.('scoring', i, buffer.count);
  }
  onProgress?.('scoring', buffer.count, buffer.count);
  let pairs: ScoredPairs = {
    count: kept.length,
    left: Int32Array.from(kept, (i) => buffer.left[i]!),
    right: Int32Array.from(kept, (i) => buffer.right[i]!),
    weight: Float64Array.from(keptWeights),
    probability: Float64Array.from(keptWeights, probabilityOf),
  };

  let clusterOf: Int32Array | null = null;
  let refusedByGuard = 0;
  onProgress?.('clustering', 0, 1);
  if (mode === 'dedupe') {
    if (options.cluster !== false) ({ clusterOf, refused: refusedByGuard } = clusterUnderGuard(settings, comparisons, values, recordCount, pairs));
  } else if (!options.allPairs) {
    pairs = pickPairs(pairs, assignOneToOne(pairs));
  }
  onProgress?.('clustering', 1, 1);

  return {
    mode,
    leftCount,
    recordCount,
    values: values as unknown[][],
    idOf,
    model,
    rules: found.rules,
    indexes: found.indexes,
    comparedPairs: buffer.count,
    distinctPatterns: patternCounts.size,
    sessions: trained,
    unestimated,
    threshold,
    pairs,
    clusterOf,
    refusedByGuard,
  };
}

/**
 * Clusters scored pairs, strongest first, refusing a merge that would put two values of an
 * exclusive comparison (two cédulas) in one cluster. `values[c][r]` is record r's encoded
 * value; `listOf`, with several lists, each record's list (see clusterRecords).
 */
export function clusterUnderGuard(
  settings: LinkSettings,
  comparisons: readonly Comparison[],
  values: readonly (readonly unknown[])[],
  recordCount: number,
  pairs: ScoredPairs,
  listOf?: Int32Array,
): { clusterOf: Int32Array; refused: number; refusedSameList: number } {
  const exclusive = settings.exclusive.map((name) => {
    const c = comparisons.findIndex((x) => x.name === name);
    const ids = new Map<string, number>();
    return Int32Array.from({ length: recordCount }, (_, r) => {
      const v = values[c]![r];
      if (v === null || v === undefined) return -1;
      const key = comparisons[c]!.valueKey(v);
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      return id;
    });
  });
  // two values of an exclusive field are two people only when their comparison calls them
  // different: a cédula one digit off is the same cédula mistyped, and does not split a cluster
  const sameValue = settings.exclusive.map((name) => {
    const c = comparisons.findIndex((x) => x.name === name);
    const representative: unknown[] = [];
    for (let r = 0; r < recordCount; r++) {
      const id = exclusive[settings.exclusive.indexOf(name)]![r]!;
      if (id >= 0 && representative[id] === undefined) representative[id] = values[c]![r];
    }
    const different = comparisons[c]!.levels.length;
    return (a: number, b: number) => comparisons[c]!.level(representative[a], representative[b]) < different;
  });
  return clusterRecords(recordCount, pairs, exclusive, sameValue, listOf);
}

/** The pairs of `count` records that may be compared: all of them, or those whose `apart` values differ. */
export function pairsApart(count: number, apart?: ArrayLike<number>): number {
  if (!apart) return (count * (count - 1)) / 2;
  const sizes = new Map<number, number>();
  for (let r = 0; r < count; r++) sizes.set(apart[r]!, (sizes.get(apart[r]!) ?? 0) + 1);
  let same = 0;
  for (const n of sizes.values()) same += n * n;
  return (count * count - same) / 2;
}

/** An index to look new records up in: a table's encoded records, its blocks and a trained model. */
export type LinkIndex = Pick<LinkRun, 'indexes' | 'values' | 'model'> & { ids: readonly string[] };

/**
 * Indexes a table (the registry, say) under a model trained earlier, without comparing any
 * pair: the structure behind looking one record up in milliseconds.
 */
export function buildLinkIndex(settings: LinkSettings, table: LinkTable, model: LinkModel): LinkIndex {
  const values = encodeRecords(model.comparisons, [table]);
  const indexes = settings.blocking.map((rule) => indexRule(rule, model.comparisons, values, table.ids.length));
  return { indexes, values, model, ids: table.ids };
}

/** Encodes one record given as column → cell, for a lookup. */
export function encodeOne(model: LinkModel, record: Readonly<Record<string, string>>): unknown[] {
  return model.comparisons.map((c) => c.encode(c.columnNames.map((name) => record[name] ?? '')));
}

/** Records of a run that may match a new record, best first, with their weights. */
export function lookupRecord(
  run: Pick<LinkRun, 'indexes' | 'values' | 'model'>,
  encoded: readonly unknown[],
  limit = 10,
): { record: number; weight: number; probability: number }[] {
  const found: { record: number; weight: number; probability: number }[] = [];
  for (const r of findCandidates(run.indexes, encoded)) {
    const other = run.model.comparisons.map((_, c) => run.values[c]![r] ?? null);
    const { weight } = scoreValues(run.model, encoded, other);
    found.push({ record: r, weight, probability: probabilityOf(weight) });
  }
  return found.sort((a, b) => b.weight - a.weight).slice(0, limit);
}

/** How often each name word occurs among the first `count` records' values, and how many words in all. */
function countWords(comparison: Comparison, values: readonly unknown[], count: number): { words: Map<string, number>; total: number } {
  const words = new Map<string, number>();
  let total = 0;
  for (let r = 0; r < count; r++) {
    const v = values[r];
    if (v === null || v === undefined) continue;
    for (const word of comparison.terms(v)) {
      words.set(word, (words.get(word) ?? 0) + 1);
      total++;
    }
  }
  return { words, total };
}

/** How often each value occurs, on each side when linking (all on the left when deduplicating). */
type ValueCounts = { left: Map<string, number>; right: ReadonlyMap<string, number>; nLeft: number; nRight: number };

function countValues(comparison: Comparison, values: readonly unknown[], recordCount: number, leftCount: number): ValueCounts {
  const counts = { left: new Map<string, number>(), right: new Map<string, number>(), nLeft: 0, nRight: 0 };
  for (let r = 0; r < recordCount; r++) {
    const v = values[r];
    if (v === null || v === undefined) continue;
    const key = comparison.valueKey(v);
    if (leftCount >= 0 && r >= leftCount) {
      counts.right.set(key, (counts.right.get(key) ?? 0) + 1);
      counts.nRight++;
    } else {
      counts.left.set(key, (counts.left.get(key) ?? 0) + 1);
      counts.nLeft++;
    }
  }
  return counts;
}

/**
 * The chance that two random records agree exactly, from the values' frequencies: exact
 * where random sampling sees a rare agreement (two equal cédulas) a handful of times.
 * Linking, it is Σ share_left(v) × share_right(v).
 */
function exactAgreement({ left, right, nLeft, nRight }: ValueCounts, linking: boolean): number {
  let agreement = 0;
  if (!linking) {
    if (nLeft < 2) return 0;
    for (const n of left.values()) agreement += (n * (n - 1)) / (nLeft * (nLeft - 1));
  } else {
    if (nLeft === 0 || nRight === 0) return 0;
    for (const [key, n] of left) agreement += (n / nLeft) * ((right.get(key) ?? 0) / nRight);
  }
  return agreement;
}

/** Puts the exact level's u in place and rescales the others to keep the total at 1. */
function setExactU(u: Float64Array, exact: number): void {
  if (exact <= 0) return;
  const rest = 1 - u[1]!;
  const scale = rest > 0 ? (1 - exact) / rest : 0;
  u[1] = exact;
  for (let l = 2; l < u.length; l++) u[l]! *= scale;
}

/** What one EM estimate learnt from. */
export type TrainingSession = { rule: string; pairs: number; estimated: string[]; iterations: number; lambda: number };

type Session = { rule: string; blocked: number[]; free: number[]; counter: PatternCounter; pairs: number };

/** How many pairs a prior m from the settings is worth. */
const PRIOR_PAIRS = 100;

/** m never below 1/1000 per level: a level never seen among matches is rare, not impossible (a typo in a date). */
function floorM(row: Float64Array): Float64Array {
  for (let l = 1; l < row.length; l++) row[l] = Math.max(row[l]!, 1e-3);
  return normalise(row);
}

function normalise(row: Float64Array): Float64Array {
  let total = 0;
  for (let l = 1; l < row.length; l++) total += row[l]!;
  return row.map((x, l) => (l === 0 ? 0 : x / total));
}

/** Pairs an EM estimate learns from at most: blocks come in hash order, so the first ones are a fair sample. */
const SESSION_PAIRS = 2_000_000;

function createSession(rule: BlockingRule, comparisons: readonly Comparison[], codec: PatternCodec): Session {
  const blocked = new Set(rule.keys.map((k) => comparisons.findIndex((c) => c.name === k.comparison)));
  const free = comparisons.map((_, c) => c).filter((c) => !blocked.has(c));
  return { rule: rule.name, blocked: [...blocked].filter((c) => c < codec.radices.length), free, counter: new PatternCounter(codec), pairs: 0 };
}

/**
 * Estimates m as Splink does: one EM per blocking rule, on the compared pairs that rule
 * finds, leaving out the comparisons the rule blocks on (they agree in every pair it
 * finds, so they say nothing there); each comparison's m is the mean of the estimates
 * that did not leave it out. EM over all candidate pairs at once drifts to calling every
 * pair a match, because blocking made them all agree on something.
 */
function trainM(
  sessions: readonly Session[],
  comparisons: readonly Comparison[],
  codec: PatternCodec,
  u: readonly Float64Array[],
  priors: readonly (Float64Array | null)[],
): { m: Float64Array[]; trained: TrainingSession[]; unestimated: string[] } {
  const levelCounts = comparisons.map((c) => c.levels.length);
  const start = initialM(levelCounts).map((m, c) => (priors[c] ? normalise(priors[c]!) : m));
  const sums = levelCounts.map((k) => new Float64Array(k + 1));
  const estimates = new Array<number>(comparisons.length).fill(0);
  const trained: TrainingSession[] = [];
  for (const session of sessions) {
    const counts = session.counter.toMap();
    let pairs = 0;
    for (const n of counts.values()) pairs += n;
    if (session.free.length === 0 || pairs < 10) continue;
    const result = estimateM(counts, codec, u, { lambda: 0.3, m: start });
    for (const c of session.free) {
      // a prior m is worth PRIOR_PAIRS pairs against what EM found in this session's pairs
      const prior = priors[c] ? PRIOR_PAIRS : 0;
      for (let l = 1; l < sums[c]!.length; l++) sums[c]![l]! += (result.m[c]![l]! * pairs + start[c]![l]! * prior) / (pairs + prior);
      estimates[c]!++;
    }
    trained.push({ rule: session.rule, pairs, estimated: session.free.map((c) => comparisons[c]!.name), iterations: result.iterations, lambda: result.lambda });
  }
  const m = sums.map((row, c) => (estimates[c] === 0 ? start[c]! : floorM(row.map((x) => x / estimates[c]!))));
  const unestimated = comparisons.filter((_, c) => estimates[c] === 0).map((c) => c.name);
  return { m, trained, unestimated };
}
