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
        if (mine.length > 0) seen.set(key, mine);
        else seen.delete(key);
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

/** The key an address is counted under: an IPv6 address by its /64 (one home or one phone has them all). */
export function limitKey(ip: string): string {
  if (!ip.includes(':') || ip.startsWith('::ffff:')) return ip;
  const full = ip.includes('::') ? expandV6(ip) : ip.split(':');
  return `${full.slice(0, 4).join(':')}::/64`;
}

function expandV6(ip: string): string[] {
  const [head, tail] = ip.split('::') as [string, string];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}
