import type { FastifyReply } from 'fastify';
/**
 * A cache for aggregate answers (counts, totals, public pages' figures) that read much of the
 * registry. Concurrent askers of the same question share one computation; any successful write
 * through this server empties the cache, and so does any write committed by another server or the
 * command line on the same PostgreSQL (announced by the database: Store.watchChanges). Entries also
 * expire after `ttlMs`, a bound should a notice be lost. An answer being computed when the cache
 * is emptied is given to whoever asked, never kept.
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

/**
 * A public answer kept as the JSON text sent (checked against its response schema once, when
 * made): the same for every anonymous reader, so repeated reads skip the database and the
 * serializer alike. Keyed by the parsed question, never the raw address (junk parameters make no
 * new entries).
 */
export async function sendCachedJson(
  answers: AnswerCache,
  reply: FastifyReply,
  key: string,
  schema: { parse(value: unknown): unknown },
  compute: () => Promise<unknown>,
): Promise<FastifyReply> {
  const text = await answers.get(`json:${key}`, async () => JSON.stringify(schema.parse(await compute())));
  return reply.type('application/json; charset=utf-8').send(text);
}
