import { describe, expect, it } from 'vitest';
import { createAnswerCache } from './answer-cache.js';

describe('answer cache', () => {
  it('computes once for concurrent askers, again after a write or expiry', async () => {
    let clock = 0;
    let computed = 0;
    const cache = createAnswerCache({ ttlMs: 1000, now: () => clock });
    const compute = async () => ++computed;
    expect(await Promise.all([cache.get('k', compute), cache.get('k', compute)])).toEqual([1, 1]);
    cache.invalidate();
    expect(await cache.get('k', compute)).toBe(2);
    clock = 999;
    expect(await cache.get('k', compute)).toBe(2);
    clock = 1001;
    expect(await cache.get('k', compute)).toBe(3);
  });

  it('does not keep a failure', async () => {
    const cache = createAnswerCache({ ttlMs: 1000 });
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });
});
