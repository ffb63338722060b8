/**
 * Quality of a linkage against ground truth: pairwise precision, recall and F1 (each
 * predicted pair right or wrong), and B-cubed precision, recall and F1 over clusters
 * (Bagga & Baldwin, 1998: per record, the share of its predicted cluster that truly
 * belongs with it, and the share of its true cluster that was found).
 */

export type Scores = { precision: number; recall: number; f1: number };

function f1Of(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** The number of true pairs: within one list (dedupe), or across the two sides (link). */
export function countTruePairs(truth: ArrayLike<number>, sides?: ArrayLike<number>): number {
  const counts = new Map<number, [number, number]>();
  for (let r = 0; r < truth.length; r++) {
    const entry = counts.get(truth[r]!) ?? [0, 0];
    entry[sides ? sides[r]! : 0]!++;
    counts.set(truth[r]!, entry);
  }
  let total = 0;
  for (const [left, right] of counts.values()) total += sides ? left * right : (left * (left - 1)) / 2;
  return total;
}

/** Pairwise scores of predicted pairs (record indices). */
export function scorePairs(
  left: ArrayLike<number>,
  right: ArrayLike<number>,
  count: number,
  truth: ArrayLike<number>,
  truePairs: number,
): Scores & { truePositives: number; predicted: number } {
  let hits = 0;
  for (let i = 0; i < count; i++) if (truth[left[i]!] === truth[right[i]!]) hits++;
  const precision = count === 0 ? 1 : hits / count;
  const recall = truePairs === 0 ? 1 : hits / truePairs;
  return { precision, recall, f1: f1Of(precision, recall), truePositives: hits, predicted: count };
}

/** B-cubed scores of a clustering. */
export function scoreClusters(clusterOf: ArrayLike<number>, truth: ArrayLike<number>): Scores {
  const predicted = new Map<number, Map<number, number>>();
  const trueSizes = new Map<number, number>();
  for (let r = 0; r < clusterOf.length; r++) {
    const inCluster = predicted.get(clusterOf[r]!) ?? new Map<number, number>();
    inCluster.set(truth[r]!, (inCluster.get(truth[r]!) ?? 0) + 1);
    predicted.set(clusterOf[r]!, inCluster);
    trueSizes.set(truth[r]!, (trueSizes.get(truth[r]!) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const inCluster of predicted.values()) {
    let size = 0;
    for (const n of inCluster.values()) size += n;
    for (const [person, n] of inCluster) {
      // each of the n records of `person` in this cluster
      precision += n * (n / size);
      recall += n * (n / trueSizes.get(person)!);
    }
  }
  precision /= clusterOf.length;
  recall /= clusterOf.length;
  return { precision, recall, f1: f1Of(precision, recall) };
}

/** Clusters holding two different values of a field (two cédulas), counted. */
export function countConflictingClusters(clusterOf: ArrayLike<number>, value: (record: number) => string | null): number {
  const seen = new Map<number, string>();
  const conflicting = new Set<number>();
  for (let r = 0; r < clusterOf.length; r++) {
    const v = value(r);
    if (v === null) continue;
    const other = seen.get(clusterOf[r]!);
    if (other === undefined) seen.set(clusterOf[r]!, v);
    else if (other !== v) conflicting.add(clusterOf[r]!);
  }
  return conflicting.size;
}
