/**
 * Why a pair scored what it did: the waterfall of match weights, from the prior through
 * each comparison's level (and its term-frequency adjustment) to the final probability,
 * as a reviewer sees it beside the two records.
 */

import { probabilityOf } from './fellegi-sunter.js';
import type { LinkModel } from './link-records.js';
import { frequencyAdjustment } from './link-records.js';

/** One bar of the waterfall. */
export type WeightStep = {
  comparison: string;
  /** 0 when a value is missing on either side. */
  level: number;
  label: string;
  /** log2(m/u) of the level. */
  weight: number;
  /** Added for an exact agreement on a rarer (positive) or commoner (negative) value. */
  frequencyAdjustment: number;
  m: number | null;
  u: number | null;
};

export type PairExplanation = { prior: number; steps: WeightStep[]; weight: number; probability: number };

/** Explains the score of two encoded records. */
export function explainPair(model: LinkModel, a: readonly unknown[], b: readonly unknown[]): PairExplanation {
  const steps = model.comparisons.map((comparison, c): WeightStep => {
    const level = comparison.level(a[c] ?? null, b[c] ?? null);
    const missing = level === 0;
    return {
      comparison: comparison.name,
      level,
      label: missing ? 'missing on one side (no evidence)' : comparison.levels[level - 1]!,
      weight: missing ? 0 : model.weights[c]![level]!,
      frequencyAdjustment: frequencyAdjustment(model, c, a[c], b[c], level),
      m: missing ? null : model.parameters.m[c]![level]!,
      u: missing ? null : model.parameters.u[c]![level]!,
    };
  });
  const weight = steps.reduce((w, s) => w + s.weight + s.frequencyAdjustment, model.prior);
  return { prior: model.prior, steps, weight, probability: probabilityOf(weight) };
}
