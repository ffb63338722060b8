/**
 * Small-cell suppression for public counts. A count of one or two people in a facility, a status or
 * an occupation can point at someone; so in what the public sees, no cell below MIN_PUBLIC_CELL
 * appears on its own:
 * - categories (status, facility, occupation): the small cells are pooled into one row,
 *   SMALL_CELLS_KEY, which names none of them; when only one cell is small, or the small ones add
 *   up to fewer than the threshold, the next smallest join them, so the pool never equals a single
 *   named category's count nor shows fewer than the threshold;
 * - periods (by day or month): a small period's count is carried into the next until the sum
 *   reaches the threshold, so totals stay right and dates move by no more than that; a remainder
 *   still below it at the end joins the last period shown.
 * Within a row shown, the split by verification level follows the same rule: a level below the
 * threshold is withheld (null), with the next smallest while only one is or they add up to fewer
 * than the threshold, so none can be worked out from the row's total. Staff see exact counts. Totals are unchanged.
 */

export const MIN_PUBLIC_CELL = 5;
export const SMALL_CELLS_KEY = '_small_cells';
export const SMALL_CELLS_LABEL = `groups of fewer than ${MIN_PUBLIC_CELL}, together`;

export type Levels = { reported: number; corroborated: number; verified: number; disputed: number; refuted: number };
/** A level split as the public sees it: null where the count is too small to show. */
export type PublicLevels = { [level in keyof Levels]: number | null };
export type Cell = { key: string | null; label: string | null; count: number; levels?: Levels | undefined };

function addLevels(a: Levels | undefined, b: Levels | undefined): Levels | undefined {
  if (!a) return b && { ...b };
  if (!b) return a;
  return {
    reported: a.reported + b.reported,
    corroborated: a.corroborated + b.corroborated,
    verified: a.verified + b.verified,
    disputed: a.disputed + b.disputed,
    refuted: a.refuted + b.refuted,
  };
}

/** Categories: cells below the threshold pooled into one unnamed row (never a single cell). */
export function poolSmallCells(cells: readonly Cell[], label: string, min = MIN_PUBLIC_CELL): Cell[] {
  const nonEmpty = cells.filter((c) => c.count > 0);
  const small = nonEmpty.filter((c) => c.count < min);
  if (small.length === 0) return [...nonEmpty];
  const pooled = new Set(small);
  // A lone small cell, or a pool still below the threshold, takes the next smallest cells with it.
  const rest = nonEmpty.filter((c) => !pooled.has(c)).sort((a, b) => a.count - b.count);
  const total = () => [...pooled].reduce((sum, c) => sum + c.count, 0);
  while (rest.length > 0 && (pooled.size === 1 || total() < min)) pooled.add(rest.shift()!);
  const kept = nonEmpty.filter((c) => !pooled.has(c));
  const pool: Cell = { key: SMALL_CELLS_KEY, label, count: 0, levels: undefined };
  for (const c of pooled) {
    pool.count += c.count;
    pool.levels = addLevels(pool.levels, c.levels);
  }
  // A pool that holds the only cells there are would still single someone out when tiny.
  if (kept.length === 0 && pool.count < min) return [];
  return [...kept, pool];
}

/** Periods in order: a small period's count carried forward until the sum reaches the threshold. */
export function carrySmallPeriods(cells: readonly Cell[], min = MIN_PUBLIC_CELL): Cell[] {
  const out: Cell[] = [];
  let carried: Cell | undefined;
  for (const cell of cells) {
    const merged: Cell = carried ? { ...cell, count: carried.count + cell.count, levels: addLevels(carried.levels, cell.levels) } : { ...cell };
    if (merged.count >= min) {
      out.push(merged);
      carried = undefined;
    } else {
      carried = merged;
    }
  }
  if (carried && carried.count > 0) {
    const last = out.at(-1);
    if (last) out[out.length - 1] = { ...last, count: last.count + carried.count, levels: addLevels(last.levels, carried.levels) };
  }
  return out;
}

/** A row's split by level with the small values withheld (never exactly one, which the total would give away). */
export function withholdSmallLevels(levels: Levels, min = MIN_PUBLIC_CELL): PublicLevels {
  const names = Object.keys(levels) as (keyof Levels)[];
  const shown = withholdSmallParts(
    names.map((name) => levels[name]),
    min,
  );
  return Object.fromEntries(names.map((name, i) => [name, shown[i]])) as PublicLevels;
}

/**
 * Parts of a total that is shown: each part from 1 to min − 1 withheld (null), and then the next
 * smallest parts too until the withheld ones are more than one and add up to at least min, so that
 * no withheld part can be worked out by subtraction, nor a small sum of them.
 */
export function withholdSmallParts(parts: readonly number[], min = MIN_PUBLIC_CELL): (number | null)[] {
  const small = new Set(parts.flatMap((n, i) => (n > 0 && n < min ? [i] : [])));
  if (small.size === 0) return [...parts];
  // Withheld together they must not be one part, nor add up to fewer than the threshold (the total less those shown).
  const rest = parts
    .map((n, i) => ({ n, i }))
    .filter(({ n, i }) => n > 0 && !small.has(i))
    .sort((a, b) => a.n - b.n);
  const total = () => [...small].reduce((sum, i) => sum + parts[i]!, 0);
  while (rest.length > 0 && (small.size === 1 || total() < min)) small.add(rest.shift()!.i);
  return parts.map((n, i) => (small.has(i) ? null : n));
}

/** One public number: withheld (null) when it is above zero and below the threshold. */
export function withheld(count: number, min = MIN_PUBLIC_CELL): number | null {
  return count > 0 && count < min ? null : count;
}

/**
 * A stock shown as a series (persons held, day by day): withheld from 1 to min − 1, and otherwise
 * rounded to a multiple of min, so that one person coming or going cannot be read from the
 * difference between two days.
 */
export function roundedStock(count: number, min = MIN_PUBLIC_CELL): number | null {
  const shown = withheld(count, min);
  return shown === null ? null : Math.round(shown / min) * min;
}
