/**
 * The Fellegi–Sunter model of record linkage (Fellegi & Sunter, "A Theory for Record
 * Linkage", JASA 1969), as Splink implements it: for each comparison level, m is the
 * probability of that level among true matches and u among non-matches; a pair's match
 * weight is log2(λ/(1−λ)) + Σ log2(m/u), its probability 1/(1 + 2^−weight), where λ is
 * the probability that two records drawn at random match.
 * u is estimated from random pairs (nearly all non-matches); m by expectation–
 * maximisation over the blocked pairs with u held fixed (no labels needed), and refined
 * by labelled pairs when reviewers have decided some. A missing value contributes 0.
 */

/** Per comparison, per level (index 0 = missing, unused), the m and u probabilities. */
export type ModelParameters = {
  /** λ: the probability that two records drawn at random match. */
  lambda: number;
  m: Float64Array[];
  u: Float64Array[];
};

/** Packs a vector of levels into one integer (mixed radix: each comparison has K+1 values). */
export class PatternCodec {
  readonly strides: number[];
  readonly radices: number[];
  /** How many patterns there are. */
  readonly size: number;
  constructor(levelCounts: readonly number[]) {
    this.radices = levelCounts.map((k) => k + 1);
    this.strides = [];
    let stride = 1;
    for (const radix of this.radices) {
      this.strides.push(stride);
      stride *= radix;
    }
    if (stride > 2 ** 31) throw new Error('too many comparison levels to pack a pattern into 31 bits');
    this.size = stride;
  }
  /** The level of comparison c in a pattern. */
  level(pattern: number, c: number): number {
    return Math.floor(pattern / this.strides[c]!) % this.radices[c]!;
  }
}

/** Counts patterns: a dense array when there are few possible patterns, a map otherwise. */
export class PatternCounter {
  private readonly dense: Float64Array | null;
  private readonly sparse = new Map<number, number>();
  constructor(codec: PatternCodec) {
    this.dense = codec.size <= 1 << 20 ? new Float64Array(codec.size) : null;
  }
  add(pattern: number): void {
    if (this.dense) this.dense[pattern]!++;
    else this.sparse.set(pattern, (this.sparse.get(pattern) ?? 0) + 1);
  }
  /** The patterns seen, with their counts. */
  toMap(): Map<number, number> {
    if (!this.dense) return this.sparse;
    const map = new Map<number, number>();
    for (let p = 0; p < this.dense.length; p++) if (this.dense[p]! > 0) map.set(p, this.dense[p]!);
    return map;
  }
}

/** Estimates u from level counts over random pairs, with add-one smoothing. */
export function estimateU(levelCounts: readonly number[], randomPatternCounts: ReadonlyMap<number, number>, codec: PatternCodec): Float64Array[] {
  return levelCounts.map((k, c) => {
    const counts = new Float64Array(k + 1);
    for (const [pattern, n] of randomPatternCounts) counts[codec.level(pattern, c)]! += n;
    let total = 0;
    for (let l = 1; l <= k; l++) total += counts[l]! + 1;
    const u = new Float64Array(k + 1);
    for (let l = 1; l <= k; l++) u[l] = (counts[l]! + 1) / total;
    return u;
  });
}

/** The starting m: most weight on the strongest agreement, falling off level by level. */
export function initialM(levelCounts: readonly number[]): Float64Array[] {
  return levelCounts.map((k) => {
    const m = new Float64Array(k + 1);
    let total = 0;
    for (let l = 1; l <= k; l++) {
      m[l] = 0.5 ** (l - 1) * (l === k ? 0.1 : 1);
      total += m[l]!;
    }
    for (let l = 1; l <= k; l++) m[l]! /= total;
    return m;
  });
}

/**
 * Expectation–maximisation for m and λ with u fixed, over the distinct patterns of the
 * compared pairs and their counts. Stops when no parameter moves by more than 1e-5.
 */
export function estimateM(
  patternCounts: ReadonlyMap<number, number>,
  codec: PatternCodec,
  u: readonly Float64Array[],
  start: { lambda: number; m: readonly Float64Array[] },
  maxIterations = 100,
): ModelParameters & { iterations: number } {
  const patterns = [...patternCounts.keys()];
  const counts = patterns.map((p) => patternCounts.get(p)!);
  const levels = patterns.map((p) => codec.radices.map((_, c) => codec.level(p, c)));
  let lambda = start.lambda;
  let m = start.m.map((x) => Float64Array.from(x));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const nextM = m.map((x) => new Float64Array(x.length));
    let matchTotal = 0;
    let total = 0;
    for (let p = 0; p < patterns.length; p++) {
      let pm = lambda;
      let pu = 1 - lambda;
      const lv = levels[p]!;
      for (let c = 0; c < lv.length; c++) {
        const l = lv[c]!;
        if (l === 0) continue;
        pm *= m[c]![l]!;
        pu *= u[c]![l]!;
      }
      const posterior = pm / (pm + pu);
      const n = counts[p]!;
      const weight = posterior * n;
      matchTotal += weight;
      total += n;
      for (let c = 0; c < lv.length; c++) if (lv[c]! > 0) nextM[c]![lv[c]!]! += weight;
    }
    let moved = Math.abs(matchTotal / total - lambda);
    lambda = Math.min(Math.max(matchTotal / total, 1e-9), 1 - 1e-9);
    for (let c = 0; c < nextM.length; c++) {
      const row = nextM[c]!;
      let sum = 0;
      for (let l = 1; l < row.length; l++) sum += row[l]! + 1e-6;
      if (sum < 1e-3) {
        // no pair informs this comparison (it is missing, or left out of this estimate)
        nextM[c] = m[c]!;
        continue;
      }
      for (let l = 1; l < row.length; l++) {
        row[l] = (row[l]! + 1e-6) / sum;
        moved = Math.max(moved, Math.abs(row[l]! - m[c]![l]!));
      }
    }
    m = nextM;
    if (moved < 1e-5) {
      iterations++;
      break;
    }
  }
  return { lambda, m, u: u.map((x) => Float64Array.from(x)), iterations };
}

/**
 * λ, the probability that two records drawn at random match, by EM with m and u fixed:
 * the expected matches among the compared pairs over all possible pairs (`totalPairs`);
 * pairs that blocking left out are taken as non-matches. It is the prior of every pair's
 * weight. Using the share of matches among compared pairs instead would count the
 * agreement that made them candidates twice.
 */
export function estimateLambda(
  patternCounts: ReadonlyMap<number, number>,
  codec: PatternCodec,
  m: readonly Float64Array[],
  u: readonly Float64Array[],
  totalPairs: number,
  start = 1e-4,
): number {
  const ratios: [number, number][] = [];
  let compared = 0;
  for (const [pattern, n] of patternCounts) {
    let ratio = 1;
    for (let c = 0; c < codec.radices.length; c++) {
      const l = codec.level(pattern, c);
      if (l > 0) ratio *= m[c]![l]! / u[c]![l]!;
    }
    ratios.push([ratio, n]);
    compared += n;
  }
  const total = Math.max(totalPairs, compared, 1);
  let lambda = Math.min(start, 0.5);
  for (let iteration = 0; iteration < 500; iteration++) {
    let matches = 0;
    for (const [ratio, n] of ratios) {
      const odds = (lambda / (1 - lambda)) * ratio;
      matches += (n * odds) / (1 + odds);
    }
    const next = Math.min(Math.max(matches / total, 1e-12), 1 - 1e-9);
    if (Math.abs(next - lambda) < lambda * 1e-6) return next;
    lambda = next;
  }
  return lambda;
}

/**
 * Refines m with reviewers' decisions: the level counts among pairs labelled as matches,
 * blended with the unlabelled estimate as if it were worth `priorWeight` labelled pairs.
 * Non-match labels leave u alone: reviewed non-matches are hard cases (namesakes), not
 * a sample of random pairs.
 */
export function refineM(model: ModelParameters, codec: PatternCodec, matchPatterns: readonly number[], priorWeight = 20): ModelParameters {
  if (matchPatterns.length === 0) return model;
  const m = model.m.map((row, c) => {
    const counts = new Float64Array(row.length);
    let n = 0;
    for (const p of matchPatterns) {
      const l = codec.level(p, c);
      if (l > 0) {
        counts[l]!++;
        n++;
      }
    }
    const refined = new Float64Array(row.length);
    for (let l = 1; l < row.length; l++) refined[l] = (row[l]! * priorWeight + counts[l]!) / (priorWeight + n);
    return refined;
  });
  return { ...model, m };
}

/** The weight of each level: log2(m/u), 0 for a missing value. */
export function levelWeights(model: ModelParameters): Float64Array[] {
  return model.m.map((row, c) => {
    const w = new Float64Array(row.length);
    for (let l = 1; l < row.length; l++) w[l] = Math.log2(row[l]! / model.u[c]![l]!);
    return w;
  });
}

/** The prior weight: log2(λ/(1−λ)). */
export function priorWeight(lambda: number): number {
  return Math.log2(lambda / (1 - lambda));
}

/** A match weight as a probability. */
export function probabilityOf(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}
