import { describe, expect, it } from 'vitest';
import { newTimeOrderedId } from './time-ordered-id.js';

describe('newTimeOrderedId', () => {
  it('makes version-7 UUIDs that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newTimeOrderedId(1_790_000_000_000));
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newTimeOrderedId(1_790_000_000_001) > ids[ids.length - 1]!).toBe(true);
  });

  it('carries its millisecond in the first 48 bits', () => {
    const id = newTimeOrderedId(1_790_123_456_789);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(1_790_123_456_789);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeLessThan(1_790_123_456_789 + 5);
  });
});
