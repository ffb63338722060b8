import { describe, expect, it } from 'vitest';
import { createRandom } from '../demo/generate-persons.js';
import { estimateLambda, estimateM, estimateU, initialM, levelWeights, PatternCodec, probabilityOf, refineM } from './fellegi-sunter.js';

// Two comparisons with three levels each (agree, partly, disagree), known m and u.
const TRUE_M = [Float64Array.of(0, 0.85, 0.1, 0.05), Float64Array.of(0, 0.7, 0.2, 0.1)];
const TRUE_U = [Float64Array.of(0, 0.01, 0.09, 0.9), Float64Array.of(0, 0.02, 0.08, 0.9)];
const codec = new PatternCodec([3, 3]);

function drawLevel(random: () => number, probabilities: Float64Array): number {
  let x = random();
  for (let l = 1; l < probabilities.length; l++) {
    x -= probabilities[l]!;
    if (x < 0) return l;
  }
  return probabilities.length - 1;
}

function drawPatterns(count: number, lambda: number, seed: number): Map<number, number> {
  const random = createRandom(seed).next;
  const counts = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const params = random() < lambda ? TRUE_M : TRUE_U;
    const pattern = drawLevel(random, params[0]!) * codec.strides[0]! + drawLevel(random, params[1]!) * codec.strides[1]!;
    counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
  }
  return counts;
}

describe('Fellegi–Sunter estimation', () => {
  it('estimates u from random pairs', () => {
    const u = estimateU([3, 3], drawPatterns(200_000, 0, 1), codec);
    expect(u[0]![1]).toBeCloseTo(0.01, 2);
    expect(u[1]![3]).toBeCloseTo(0.9, 2);
  });

  it('recovers m and λ by EM with u known, without labels', () => {
    const trained = estimateM(drawPatterns(100_000, 0.2, 2), codec, TRUE_U, { lambda: 0.3, m: initialM([3, 3]) });
    expect(trained.lambda).toBeCloseTo(0.2, 1);
    expect(trained.m[0]![1]).toBeCloseTo(0.85, 1);
    expect(trained.m[1]![2]).toBeCloseTo(0.2, 1);
  });

  it('estimates λ over all possible pairs, counting pairs blocking left out as non-matches', () => {
    // a million pairs, 1 % matches; blocking keeps those agreeing at least partly on the first field
    const all = drawPatterns(1_000_000, 0.01, 3);
    const compared = new Map([...all].filter(([pattern]) => codec.level(pattern, 0) <= 2));
    const lambda = estimateLambda(compared, codec, TRUE_M, TRUE_U, 1_000_000);
    expect(lambda * 1_000_000).toBeGreaterThan(8_500);
    expect(lambda * 1_000_000).toBeLessThan(11_000);
  });

  it('lets reviewed matches pull m towards what they show', () => {
    const model = { lambda: 0.01, m: TRUE_M.map((x) => Float64Array.from(x)), u: TRUE_U };
    const allPartial = Array.from({ length: 200 }, () => 2 * codec.strides[0]! + 2 * codec.strides[1]!);
    const refined = refineM(model, codec, allPartial);
    expect(refined.m[0]![2]).toBeGreaterThan(0.8);
    expect(refineM(model, codec, [])).toBe(model);
  });

  it('turns weights into probabilities: log2(m/u) per level, 1/(1 + 2^−w)', () => {
    const weights = levelWeights({ lambda: 0.5, m: TRUE_M, u: TRUE_U });
    expect(weights[0]![1]).toBeCloseTo(Math.log2(85), 10);
    expect(weights[0]![0]).toBe(0);
    expect(probabilityOf(0)).toBe(0.5);
    expect(probabilityOf(10)).toBeCloseTo(1024 / 1025, 10);
  });
});
