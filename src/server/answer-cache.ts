/**
 * A cache for aggregate answers (counts, totals) that are costly on a large registry:
 * the person status they group by is derived from every timeline on each query, never
 * stored. Concurrent askers of the same question share one computation; any successful
 * write through this server empties the cache; entries also expire after `ttlMs`, which
 * bounds staleness from writes made by other servers or the CLI.
 */
export type AnswerCache = {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  invalidate(): void;
};

export function createAnswerCache(options: { ttlMs: number; maxEntries?: number; now?: () => number }): AnswerCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 500;
  let entries = new Map<string, { expires: number; value: Promise<unknown> }>();
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && hit.expires > now()) return hit.value as Promise<T>;
      if (entries.size >= maxEntries) entries = new Map();
      const value = compute();
      const current = entries;
      current.set(key, { expires: now() + options.ttlMs, value });
      value.catch(() => {
        if (current.get(key)?.value === value) current.delete(key);
      });
      return value;
    },
    invalidate() {
      entries = new Map();
    },
  };
}
