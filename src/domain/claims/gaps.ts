/**
 * Which published claims can be compared, and the gap between them. A gap is computed only
 * between two parties' claims of the same metric, counted under the same basis, over the same
 * period and at comparable dates — never between the highest and lowest number ever claimed,
 * which often count different things (releases since December against releases under the
 * amnesty law). The methodology page (src/site/pages/methodology.ts) states the rule for readers.
 */

/** The parts of a claim the comparison reads. */
export type ComparedClaim = {
  id: string;
  claimant: string;
  metric: string;
  qualifier: string;
  value: number;
  valueHigh: number | null;
  asOf: string;
  countedFrom: string | null;
  basis: string | null;
};

/** Metrics that count how many are in a situation on a day (a stock), not how many it happened to since a date. */
export const STOCK_METRICS: ReadonlySet<string> = new Set(['held', 'held_foreigners', 'under_judicial_measures']);

/** Two claims are of comparable dates when they were true at most this many days apart. */
export const COMPARABLE_DAYS = 7;
/** Two cumulative claims count the same period when their first days are at most this many days apart. */
export const SAME_START_DAYS = 3;

export type ClaimGap<C extends ComparedClaim = ComparedClaim> = {
  metric: string;
  basis: string | null;
  /** The higher claim and the lower one; for a range, its bounds are read as they are. */
  high: C;
  low: C;
  /** How far apart the two are: 0 when one falls within the other's range. */
  difference: number;
};

/** The party behind a claim: "Government of Venezuela (Delcy Rodríguez)" is the government. */
export function partyOf(claimant: string): string {
  return claimant
    .replace(/\s*\([^)]*\)\s*$/, '')
    .trim()
    .toLowerCase();
}

function days(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/** True when the two claims count the same thing over the same period, at comparable dates, from different parties. */
export function comparable(a: ComparedClaim, b: ComparedClaim): boolean {
  if (a.metric !== b.metric || (a.basis ?? null) !== (b.basis ?? null)) return false;
  if (partyOf(a.claimant) === partyOf(b.claimant)) return false;
  if (days(a.asOf, b.asOf) > COMPARABLE_DAYS) return false;
  if (STOCK_METRICS.has(a.metric)) return true;
  // a cumulative figure: the same first day, or both counted under a basis that is its own period (a law)
  if (a.countedFrom && b.countedFrom) return days(a.countedFrom, b.countedFrom) <= SAME_START_DAYS;
  return a.countedFrom === null && b.countedFrom === null && a.basis !== null;
}

/** The distance between two stated figures (a range is its bounds; 0 when they overlap). */
export function distance(a: ComparedClaim, b: ComparedClaim): number {
  const [aLow, aHigh] = [a.value, a.valueHigh ?? a.value];
  const [bLow, bHigh] = [b.value, b.valueHigh ?? b.value];
  return Math.max(0, aLow - bHigh, bLow - aHigh);
}

/**
 * The gaps to tell readers: for each group of comparable claims (same metric, basis and period),
 * the most recent comparable pair, and of those the farthest apart. Newest first.
 */
export function claimGaps<C extends ComparedClaim>(claims: readonly C[]): ClaimGap<C>[] {
  const best = new Map<string, { gap: ClaimGap<C>; latest: string }>();
  for (let i = 0; i < claims.length; i++) {
    for (let j = i + 1; j < claims.length; j++) {
      const a = claims[i]!;
      const b = claims[j]!;
      if (!comparable(a, b)) continue;
      const [high, low] = a.value + (a.valueHigh ?? a.value) >= b.value + (b.valueHigh ?? b.value) ? [a, b] : [b, a];
      const gap: ClaimGap<C> = { metric: a.metric, basis: a.basis ?? null, high, low, difference: distance(a, b) };
      const latest = a.asOf > b.asOf ? a.asOf : b.asOf;
      const key = groupKey(a, claims);
      const held = best.get(key);
      if (!held || latest > held.latest || (latest === held.latest && gap.difference > held.gap.difference)) best.set(key, { gap, latest });
    }
  }
  return [...best.values()].sort((x, y) => (x.latest < y.latest ? 1 : x.latest > y.latest ? -1 : 0)).map((b) => b.gap);
}

/** The group a claim is compared within: its metric, basis and the earliest first day within reach of its own. */
function groupKey(claim: ComparedClaim, all: readonly ComparedClaim[]): string {
  if (STOCK_METRICS.has(claim.metric) || !claim.countedFrom) return `${claim.metric}|${claim.basis ?? ''}`;
  let start = claim.countedFrom;
  for (const other of all) {
    if (
      other.metric === claim.metric &&
      other.basis === claim.basis &&
      other.countedFrom &&
      other.countedFrom < start &&
      days(other.countedFrom, start) <= SAME_START_DAYS
    )
      start = other.countedFrom;
  }
  return `${claim.metric}|${claim.basis ?? ''}|${start}`;
}
