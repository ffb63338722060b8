/**
 * A count of events per key over a sliding hour, in this process's memory: enough to keep one
 * address (or everyone together) from flooding the public form. Forgotten at restart.
 */
export function slidingLimit(options: { perKey: number; overall: number; windowMs?: number }) {
  const windowMs = options.windowMs ?? 3_600_000;
  const seen = new Map<string, number[]>();
  let all: number[] = [];
  return {
    /** True, and counted, when `key` may do it once more now; false when over either limit. */
    take(key: string, now = Date.now()): boolean {
      const since = now - windowMs;
      const mine = (seen.get(key) ?? []).filter((t) => t > since);
      all = all.filter((t) => t > since);
      if (mine.length >= options.perKey || all.length >= options.overall) {
        seen.set(key, mine);
        return false;
      }
      mine.push(now);
      all.push(now);
      seen.set(key, mine);
      if (seen.size > 100_000) for (const [k, times] of seen) if (times.every((t) => t <= since)) seen.delete(k);
      return true;
    },
  };
}
