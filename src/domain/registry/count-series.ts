/**
 * Counts of events over time from one series by day: a month is the sum of its days, and a
 * period [from, to] keeps the days inside it. The store counts every day once (all time);
 * each question about dates is answered from that, so changing the dates of a request costs
 * nothing and cannot be used to make the database count again.
 */
import type { CountRow } from '../../shared/schemas.js';

/** Rows by day (key yyyy-mm-dd) → rows by `period`, for the days from `from` to `to` (inclusive). */
export function seriesFromDays(days: readonly CountRow[], period: 'month' | 'day', from?: string, to?: string): CountRow[] {
  const out = new Map<string, CountRow>();
  for (const day of days) {
    const key = String(day.key);
    if ((from !== undefined && key < from) || (to !== undefined && key > to)) continue;
    const bucket = period === 'month' ? key.slice(0, 7) : key;
    const entry = out.get(bucket);
    if (!entry) {
      out.set(bucket, { ...day, key: bucket, ...(day.levels ? { levels: { ...day.levels } } : {}) });
      continue;
    }
    entry.count += day.count;
    if (entry.levels && day.levels) for (const [level, n] of Object.entries(day.levels)) entry.levels[level as keyof typeof entry.levels] += n;
  }
  return [...out.values()].sort((a, b) => String(a.key).localeCompare(String(b.key)));
}
