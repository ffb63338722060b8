/**
 * Several lists in one run — a government list, an NGO's registry, families' reports, a
 * UN list — or one list deduplicated. Every record of every list goes into one pool and
 * is compared with the records its blocking rules pair it with: across lists, and within
 * a list too unless `acrossOnly` (a list can name one person twice). The pairs are then
 * clustered under the exclusive guard (never two cédulas in one cluster), so that each
 * cluster is one person and says which lists name them.
 *
 * Full names in one cell (`split: full_name`) are read every way, as linkAllReadings
 * does for two lists: each record becomes one record per reading of its name, readings
 * of one record are never compared with each other, each pair of records keeps its best
 * pair of readings. Each pair of lists then gets its own prior, estimated from its pairs
 * (estimatePriors): two lists of one period share many people, a list names few twice, and
 * one prior for the whole pool would be wrong for both.
 */
import type { ScoredPairs } from './cluster-pairs.js';
import { probabilityOf } from './fellegi-sunter.js';
import { clusterUnderGuard, type LinkOptions, type LinkRun, type LinkTable, linkRecords } from './link-records.js';
import { readFullName } from './person-names.js';

/** A list and the name it is reported under (government, ngo, family…). */
export type NamedTable = { name: string; table: LinkTable };

export type ListsOptions = Omit<LinkOptions, 'left' | 'right' | 'allPairs' | 'apart' | 'cluster'> & {
  lists: readonly NamedTable[];
  /** Compare records of different lists only (each list taken as free of duplicates). */
  acrossOnly?: boolean | undefined;
};

/** A run over lists: records numbered list after list; pairs and clusters are of records. */
export type ListsRun = LinkRun & {
  clusterOf: Int32Array;
  lists: string[];
  /** Merges refused because they would have joined two records of one list through a record of another. */
  refusedSameList: number;
  /** listOf[r]: the list record r comes from (an index into `lists`). */
  listOf: Int32Array;
  /** The prior (in bits) pair i was scored with: its pair of lists' own. */
  priorOfPair(i: number): number;
  /** The encoded values of the readings pair i was scored on (for explanations). */
  valuesOfPair(i: number): [unknown[], unknown[]];
};

/** The most lists one run links. */
export const MAX_LISTS = 31;

/** Below this a pair is not kept at all when priors are estimated again (the threshold decides after). */
const FLOOR = 0.0001;

/** Pairs of lists l ≤ m, numbered l·n + m. */
function groupIndex(l: number, m: number, n: number): number {
  return Math.min(l, m) * n + Math.max(l, m);
}

/**
 * The prior of each pair of lists (and of each list with itself): the share of its record
 * pairs that are one person, estimated by EM on the pairs' Bayes factors (`factors`, in
 * bits, m and u held fixed) — as many people are on both of two lists as the evidence says,
 * and a list names few people twice. Pairs below the floor count as non-matches. Returns
 * log2(λ / (1 − λ)) per group.
 */
export function estimatePriors(
  factors: readonly number[],
  groups: readonly number[],
  sizes: readonly number[],
  acrossOnly: boolean,
  start: number,
): Float64Array {
  const n = sizes.length;
  const possible = new Float64Array(n * n);
  for (let l = 0; l < n; l++)
    for (let m = l; m < n; m++) possible[l * n + m] = l === m ? (acrossOnly ? 0 : (sizes[l]! * (sizes[l]! - 1)) / 2) : sizes[l]! * sizes[m]!;
  const priors = new Float64Array(n * n).fill(Math.log2(start / (1 - start)));
  for (let iteration = 0; iteration < 200; iteration++) {
    const expected = new Float64Array(n * n);
    for (let i = 0; i < factors.length; i++) expected[groups[i]!]! += probabilityOf(factors[i]! + priors[groups[i]!]!);
    let moved = 0;
    for (let g = 0; g < n * n; g++) {
      if (possible[g] === 0) continue;
      // at least half a match in any pair of lists, at most one pair in two
      const lambda = Math.min(Math.max(expected[g]! / possible[g]!, 0.5 / possible[g]!), 0.5);
      const prior = Math.log2(lambda / (1 - lambda));
      moved = Math.max(moved, Math.abs(prior - priors[g]!));
      priors[g] = prior;
    }
    if (moved < 1e-6) break;
  }
  return priors;
}

/** Links the lists (or deduplicates a single one), reading full names every way. */
export function linkLists(options: ListsOptions): ListsRun {
  const { settings, lists, acrossOnly = false } = options;
  if (lists.length === 0 || lists.length > MAX_LISTS) throw new Error(`linkLists links 1 to ${MAX_LISTS} lists`);
  const splitColumns = [...new Set(settings.comparisons.filter((c) => c.split === 'full_name').flatMap((c) => c.columns))];
  const column = splitColumns.length === 1 ? splitColumns[0]! : null;
  const columnNames = [...new Set(lists.flatMap((l) => Object.keys(l.table.columns)))];
  const expanded: Record<string, string[]> = Object.fromEntries(columnNames.map((c) => [c, []]));
  const readingIds: string[] = [];
  const origin: number[] = [];
  const readingList: number[] = [];
  const recordIds: string[] = [];
  const recordList: number[] = [];
  const firstReading: number[] = [];
  lists.forEach(({ name, table }, l) => {
    for (let r = 0; r < table.ids.length; r++) {
      const full = column ? (table.columns[column]?.[r] ?? '').trim() : '';
      const readings = full === '' || full.includes(',') ? [null] : readFullName(full);
      firstReading.push(readingIds.length);
      for (const reading of readings) {
        for (const c of columnNames) expanded[c]!.push(table.columns[c]?.[r] ?? '');
        if (reading && column) expanded[column]![expanded[column]!.length - 1] = `${reading.surnames}, ${reading.given}`;
        // labels name a record of one list by its id, of several lists by list:id
        readingIds.push(lists.length === 1 ? table.ids[r]! : `${name}:${table.ids[r]}`);
        origin.push(recordIds.length);
        readingList.push(l);
      }
      recordIds.push(table.ids[r]!);
      recordList.push(l);
    }
  });
  const records = recordIds.length;
  const readings = readingIds.length;
  const apart = acrossOnly ? Int32Array.from(readingList) : readings > records ? Int32Array.from(origin) : undefined;
  const threshold = options.threshold ?? settings.threshold;
  // the prior is estimated again per pair of lists (below) whenever the pool mixes lists or
  // readings; a single list without readings is exactly linkRecords
  const recalibrate = lists.length > 1 || readings > records;
  const run = linkRecords({
    ...options,
    left: { ids: readingIds, columns: expanded },
    right: undefined,
    apart,
    cluster: false,
    threshold: recalibrate ? Math.min(threshold, FLOOR) : threshold,
  });

  // each pair of records keeps its best pair of readings
  const best = new Map<number, number>();
  for (let i = 0; i < run.pairs.count; i++) {
    const a = origin[run.pairs.left[i]!]!;
    const b = origin[run.pairs.right[i]!]!;
    const key = Math.min(a, b) * records + Math.max(a, b);
    const kept = best.get(key);
    if (kept === undefined || run.pairs.weight[i]! > run.pairs.weight[kept]!) best.set(key, i);
  }
  const candidates = [...best.values()];
  const recordOf = (reading: number) => origin[reading]!;
  const groupOf = (i: number) => groupIndex(recordList[recordOf(run.pairs.left[i]!)]!, recordList[recordOf(run.pairs.right[i]!)]!, lists.length);
  const priors = recalibrate
    ? estimatePriors(
        candidates.map((i) => run.pairs.weight[i]! - run.model.prior),
        candidates.map(groupOf),
        lists.map((l) => l.table.ids.length),
        acrossOnly,
        run.model.parameters.lambda,
      )
    : null;
  const weightOf = (i: number) => (priors ? run.pairs.weight[i]! - run.model.prior + priors[groupOf(i)]! : run.pairs.weight[i]!);
  const chosen = candidates.filter((i) => probabilityOf(weightOf(i)) >= threshold);
  const pairs: ScoredPairs = {
    count: chosen.length,
    left: Int32Array.from(chosen, (i) => Math.min(recordOf(run.pairs.left[i]!), recordOf(run.pairs.right[i]!))),
    right: Int32Array.from(chosen, (i) => Math.max(recordOf(run.pairs.left[i]!), recordOf(run.pairs.right[i]!))),
    weight: Float64Array.from(chosen, weightOf),
    probability: Float64Array.from(chosen, (i) => probabilityOf(weightOf(i))),
  };
  const values = run.values.map((column_) => firstReading.map((reading) => column_[reading]));
  const listOf = Int32Array.from(recordList);
  const { clusterOf, refused, refusedSameList } = clusterUnderGuard(
    settings,
    run.model.comparisons,
    values,
    records,
    pairs,
    lists.length > 1 ? listOf : undefined,
  );
  const readingValues = (reading: number) => run.model.comparisons.map((_, c) => run.values[c]![reading] ?? null);
  return {
    ...run,
    mode: 'dedupe',
    leftCount: records,
    recordCount: records,
    values,
    idOf: (r) => recordIds[r]!,
    threshold,
    pairs,
    clusterOf,
    refusedByGuard: refused,
    refusedSameList,
    priorOfPair: (i) => (priors ? priors[groupOf(chosen[i]!)]! : run.model.prior),
    lists: lists.map((l) => l.name),
    listOf,
    valuesOfPair: (i) => {
      const reading = chosen[i]!;
      return [readingValues(run.pairs.left[reading]!), readingValues(run.pairs.right[reading]!)];
    },
  };
}

/** Who is in which list: what a multi-list run tells a reader first. */
export type ListOverlaps = {
  /** persons[l]: clusters holding a record of list l (the persons list l names). */
  persons: number[];
  /** only[l]: clusters holding records of list l and of no other list. */
  only: number[];
  /** shared[l][m]: clusters holding records of both l and m. */
  shared: number[][];
  /** repeated[l]: clusters holding two or more records of list l (one person named twice). */
  repeated: number[];
  /** Clusters in all, and clusters naming one person in every list. */
  clusters: number;
  inAll: number;
};

export function listOverlaps(run: Pick<ListsRun, 'clusterOf' | 'listOf' | 'lists'>): ListOverlaps {
  const n = run.lists.length;
  const members = new Map<number, number[]>();
  for (let r = 0; r < run.clusterOf.length; r++) {
    const counts = members.get(run.clusterOf[r]!) ?? new Array<number>(n).fill(0);
    counts[run.listOf[r]!]!++;
    members.set(run.clusterOf[r]!, counts);
  }
  const overlaps: ListOverlaps = {
    persons: new Array(n).fill(0),
    only: new Array(n).fill(0),
    shared: Array.from({ length: n }, () => new Array(n).fill(0)),
    repeated: new Array(n).fill(0),
    clusters: members.size,
    inAll: 0,
  };
  for (const counts of members.values()) {
    const present = counts.flatMap((k, l) => (k > 0 ? [l] : []));
    if (present.length === n) overlaps.inAll++;
    for (const l of present) {
      overlaps.persons[l]!++;
      if (present.length === 1) overlaps.only[l]!++;
      if (counts[l]! > 1) overlaps.repeated[l]!++;
      for (const m of present) if (m !== l) overlaps.shared[l]![m]!++;
    }
  }
  return overlaps;
}
