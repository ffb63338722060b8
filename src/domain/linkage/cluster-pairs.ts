/**
 * From scored pairs to decisions. Deduplicating, pairs above the threshold join records
 * into clusters, strongest first, with a guard against chaining: a cluster never holds two
 * different values of an exclusive field (two cédulas are two people, however alike their
 * names), so namesakes and siblings linked through a third record stay apart. With
 * several lists, two records of one list join a cluster only on a pair of their own: a
 * record of another list that resembles both is not enough evidence that they are one.
 * Linking two lists, each record is assigned at most one partner: the strongest pairs
 * first (the greedy approximation of the maximum-weight matching, exact when no record
 * has two strong candidates).
 */

/** Pairs as parallel arrays, indexed 0..count−1. */
export type ScoredPairs = { count: number; left: Int32Array; right: Int32Array; weight: Float64Array; probability: Float64Array };

/** The pairs at the given indices, in that order. */
export function pickPairs(pairs: ScoredPairs, indices: ArrayLike<number>): ScoredPairs {
  const at = Array.from(indices);
  return {
    count: at.length,
    left: Int32Array.from(at, (i) => pairs.left[i]!),
    right: Int32Array.from(at, (i) => pairs.right[i]!),
    weight: Float64Array.from(at, (i) => pairs.weight[i]!),
    probability: Float64Array.from(at, (i) => pairs.probability[i]!),
  };
}

/** The pairs' indices, strongest first (ties by record, for a stable result). */
export function orderByWeight(pairs: ScoredPairs): Uint32Array {
  const order = new Uint32Array(pairs.count);
  for (let i = 0; i < pairs.count; i++) order[i] = i;
  return order.sort((a, b) => pairs.weight[b]! - pairs.weight[a]! || pairs.left[a]! - pairs.left[b]! || pairs.right[a]! - pairs.right[b]!);
}

/**
 * Clusters `recordCount` records. `exclusive[f][r]` is record r's value id for exclusive
 * field f (−1 when missing); `sameValue[f]`, when given, says whether two value ids are
 * one value written two ways (a cédula one digit off), which then does not split a
 * cluster. `listOf[r]`, with several lists (at most 31), is record r's list: clusters
 * that both hold records of one list merge only through a pair within that list. Returns
 * each record's cluster id (the smallest record index in it) and the pairs refused by the
 * guard, and by the one-list rule.
 */
export function clusterRecords(
  recordCount: number,
  pairs: ScoredPairs,
  exclusive: readonly Int32Array[],
  sameValue: readonly ((a: number, b: number) => boolean)[] = [],
  listOf?: Int32Array,
): { clusterOf: Int32Array; refused: number; refusedSameList: number } {
  if (listOf?.some((l) => l > 30)) throw new Error('clusterRecords keeps apart at most 31 lists');
  const lists = listOf ? Int32Array.from(listOf, (l) => 1 << l) : null;
  const parent = new Int32Array(recordCount);
  for (let i = 0; i < recordCount; i++) parent[i] = i;
  const own = exclusive.map((values) => Int32Array.from(values));
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[x] !== root) {
      const next = parent[x]!;
      parent[x] = root;
      x = next;
    }
    return root;
  };
  let refused = 0;
  let refusedSameList = 0;
  for (const p of orderByWeight(pairs)) {
    const a = find(pairs.left[p]!);
    const b = find(pairs.right[p]!);
    if (a === b) continue;
    if (lists && (lists[a]! & lists[b]!) !== 0 && listOf![pairs.left[p]!] !== listOf![pairs.right[p]!]) {
      refusedSameList++;
      continue;
    }
    if (own.some((v, f) => v[a]! >= 0 && v[b]! >= 0 && v[a] !== v[b] && !(sameValue[f]?.(v[a]!, v[b]!) ?? false))) {
      refused++;
      continue;
    }
    const [root, child] = a < b ? [a, b] : [b, a];
    parent[child] = root;
    for (const v of own) if (v[root]! < 0) v[root] = v[child]!;
    if (lists) lists[root]! |= lists[child]!;
  }
  const clusterOf = new Int32Array(recordCount);
  for (let i = 0; i < recordCount; i++) clusterOf[i] = find(i);
  return { clusterOf, refused, refusedSameList };
}

/** The pairs kept by one-to-one assignment, strongest first. */
export function assignOneToOne(pairs: ScoredPairs): Uint32Array {
  const takenLeft = new Set<number>();
  const takenRight = new Set<number>();
  const kept: number[] = [];
  for (const p of orderByWeight(pairs)) {
    const l = pairs.left[p]!;
    const r = pairs.right[p]!;
    if (takenLeft.has(l) || takenRight.has(r)) continue;
    takenLeft.add(l);
    takenRight.add(r);
    kept.push(p);
  }
  return Uint32Array.from(kept);
}
