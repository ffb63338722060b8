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

/** The numbers a claim allows: "more than 600" and "at least 600" set no upper bound. */
function bounds(c: ComparedClaim): [number, number] {
  if (c.qualifier === 'more_than') return [c.value + 1, Number.POSITIVE_INFINITY];
  if (c.qualifier === 'at_least') return [c.value, Number.POSITIVE_INFINITY];
  return [c.value, c.valueHigh ?? c.value];
}

/**
 * How far apart two claims are, as stated: 0 when some number fits both ("at least 302" allows
 * 600; 687 falls within 600–700). Otherwise the distance from the lower claim's highest number
 * to the higher claim's lowest.
 */
export function distance(a: ComparedClaim, b: ComparedClaim): number {
  const [aLow, aHigh] = bounds(a);
  const [bLow, bHigh] = bounds(b);
  return Math.max(0, aLow - bHigh, bLow - aHigh);
}

/** Why two claims are 0 apart: a range holds the other, or an open-ended claim allows it. */
export type Agreement = 'within_range' | 'open_ended' | null;

export type ClaimGap<C extends ComparedClaim = ComparedClaim> = {
  metric: string;
  basis: string | null;
  /** The higher claim and the lower one. */
  high: C;
  low: C;
  /** At least this far apart (see distance). */
  difference: number;
  /** The higher claim sets no upper bound, so the gap may be larger than `difference`. */
  open: boolean;
  /** Why the difference is 0, when it is. */
  agreement: Agreement;
};

function gapOf<C extends ComparedClaim>(a: C, b: C): ClaimGap<C> {
  const [aLow] = bounds(a);
  const [bLow] = bounds(b);
  const [high, low] = aLow > bLow || (aLow === bLow && a.id < b.id) ? [a, b] : [b, a];
  const difference = distance(a, b);
  const openEnded = (c: C) => c.qualifier === 'more_than' || c.qualifier === 'at_least';
  return {
    metric: a.metric,
    basis: a.basis ?? null,
    high,
    low,
    difference,
    open: difference > 0 && openEnded(high),
    agreement: difference > 0 ? null : openEnded(high) || openEnded(low) ? 'open_ended' : 'within_range',
  };
}

/**
 * The gaps to tell readers: for each group of comparable claims (same metric, basis and period),
 * the most recent comparable pair, and of those the farthest apart. Newest first. The same claims
 * in any order give the same gaps.
 */
export function claimGaps<C extends ComparedClaim>(claims: readonly C[]): ClaimGap<C>[] {
  const groupOf = periodGroups(claims);
  const best = new Map<string, { gap: ClaimGap<C>; latest: string }>();
  for (let i = 0; i < claims.length; i++) {
    for (let j = i + 1; j < claims.length; j++) {
      const a = claims[i]!;
      const b = claims[j]!;
      if (!comparable(a, b)) continue;
      const gap = gapOf(a, b);
      const latest = a.asOf > b.asOf ? a.asOf : b.asOf;
      const key = groupOf(a);
      const held = best.get(key);
      const better =
        !held ||
        latest > held.latest ||
        (latest === held.latest && (gap.difference > held.gap.difference || (gap.difference === held.gap.difference && pairId(gap) < pairId(held.gap))));
      if (better) best.set(key, { gap, latest });
    }
  }
  return [...best.values()].sort((x, y) => (x.latest < y.latest ? 1 : x.latest > y.latest ? -1 : pairId(x.gap) < pairId(y.gap) ? -1 : 1)).map((b) => b.gap);
}

const pairId = (gap: ClaimGap) => `${gap.high.id}|${gap.low.id}`;

/**
 * The group each claim is compared within: its metric and basis, and for a cumulative figure its
 * period — the first days, sorted, chained while each is within SAME_START_DAYS of the one before.
 */
function periodGroups(claims: readonly ComparedClaim[]): (claim: ComparedClaim) => string {
  const startOf = new Map<string, string>();
  const byKind = new Map<string, string[]>();
  for (const c of claims) {
    if (STOCK_METRICS.has(c.metric) || !c.countedFrom) continue;
    const kind = `${c.metric}|${c.basis ?? ''}`;
    byKind.set(kind, [...(byKind.get(kind) ?? []), c.countedFrom]);
  }
  for (const [kind, dates] of byKind) {
    let start = '';
    let previous = '';
    for (const date of [...new Set(dates)].sort()) {
      if (!previous || days(previous, date) > SAME_START_DAYS) start = date;
      startOf.set(`${kind}|${date}`, start);
      previous = date;
    }
  }
  return (claim) => {
    const kind = `${claim.metric}|${claim.basis ?? ''}`;
    return STOCK_METRICS.has(claim.metric) || !claim.countedFrom ? kind : `${kind}|${startOf.get(`${kind}|${claim.countedFrom}`)}`;
  };
}
