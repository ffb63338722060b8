import { describe, expect, it } from 'vitest';
import {
  type Cell,
  carrySmallPeriods,
  MIN_PUBLIC_CELL,
  poolSmallCells,
  roundedStock,
  SMALL_CELLS_KEY,
  withholdSmallLevels,
  withholdSmallParts,
} from './small-cells.js';

const cell = (key: string, count: number): Cell => ({ key, label: key, count });
const total = (cells: Cell[]) => cells.reduce((s, c) => s + c.count, 0);

describe('small-cell suppression', () => {
  it('pools categories below the threshold into one unnamed row, keeping the total', () => {
    const cells = [cell('detained', 40), cell('disappeared', 2), cell('house_arrest', 1), cell('released', 12)];
    const out = poolSmallCells(cells, 'fewer than 5 each');
    // 2 and 1 together are still fewer than 5: the next smallest (12) joins them
    expect(out.map((c) => c.key)).toEqual(['detained', SMALL_CELLS_KEY]);
    expect(out.at(-1)!.count).toBe(15);
    const wider = poolSmallCells([...cells, cell('exiled', 3)], 'fewer than 5 each');
    expect(wider.map((c) => [c.key, c.count])).toEqual([
      ['detained', 40],
      ['released', 12],
      [SMALL_CELLS_KEY, 6],
    ]);
    expect(total(out)).toBe(total(cells));
  });

  it('never leaves one small cell alone in the pool (its count would be the pool)', () => {
    const out = poolSmallCells([cell('a', 40), cell('b', 2), cell('c', 9)], 'pool');
    expect(out.map((c) => c.key)).toEqual(['a', SMALL_CELLS_KEY]);
    expect(out[1]!.count).toBe(11);
  });

  it('shows nothing when everything together is below the threshold, and cells at it as they are', () => {
    expect(poolSmallCells([cell('a', 1), cell('b', 2)], 'pool')).toEqual([]);
    expect(poolSmallCells([cell('a', MIN_PUBLIC_CELL), cell('b', 7)], 'pool')).toEqual([cell('a', 5), cell('b', 7)]);
  });

  it('carries small periods forward, so no period shows fewer than the threshold and the total holds', () => {
    const days = [cell('2026-01-08', 1), cell('2026-01-09', 3), cell('2026-01-10', 2), cell('2026-01-14', 30), cell('2026-01-20', 2)];
    const out = carrySmallPeriods(days);
    expect(out).toEqual([cell('2026-01-10', 6), cell('2026-01-14', 32)]);
    for (const c of out) expect(c.count).toBeGreaterThanOrEqual(MIN_PUBLIC_CELL);
    expect(carrySmallPeriods([cell('x', 2)])).toEqual([]);
  });

  it('adds verification levels along with the counts', () => {
    const levels = (verified: number) => ({ reported: 0, corroborated: 0, verified, disputed: 0, refuted: 0 });
    const out = poolSmallCells(
      [
        { key: 'a', label: 'a', count: 1, levels: levels(1) },
        { key: 'b', label: 'b', count: 2, levels: levels(2) },
        { key: 'c', label: 'c', count: 50, levels: levels(9) },
      ],
      'pool',
    );
    expect(out.at(-1)!.levels!.verified).toBe(12); // 1 + 2 is below the threshold: c joins the pool
  });

  it('withholds small level counts within a row, never just one (the total would give it away)', () => {
    const levels = { reported: 108, corroborated: 14, verified: 12, disputed: 2, refuted: 0 };
    expect(withholdSmallLevels(levels)).toEqual({ reported: 108, corroborated: 14, verified: null, disputed: null, refuted: 0 });
    // 3 and 1 withheld would still add up to 4 (the total less 40): 40 is withheld with them
    expect(withholdSmallLevels({ reported: 40, corroborated: 3, verified: 1, disputed: 0, refuted: 0 })).toEqual({
      reported: null,
      corroborated: null,
      verified: null,
      disputed: 0,
      refuted: 0,
    });
    expect(withholdSmallLevels({ reported: 40, corroborated: 9, verified: 0, disputed: 0, refuted: 0 })).toEqual({
      reported: 40,
      corroborated: 9,
      verified: 0,
      disputed: 0,
      refuted: 0,
    });
  });

  it('parts of a shown total: a lone small part takes the next smallest with it, so subtraction gives nothing away', () => {
    expect(withholdSmallParts([6, 1, 0, 12])).toEqual([null, null, 0, 12]);
    expect(withholdSmallParts([6, 2, 3, 12])).toEqual([6, null, null, 12]);
    expect(withholdSmallParts([6, 7])).toEqual([6, 7]);
    // two small parts adding up to fewer than 5 take the next smallest with them
    expect(withholdSmallParts([1, 1, 5, 9])).toEqual([null, null, null, 9]);
  });

  it('a stock over time is rounded to the threshold, so that one move is not read from two days', () => {
    expect([0, 1, 4, 5, 6, 7, 8, 12, 13].map((n) => roundedStock(n))).toEqual([0, null, null, 5, 5, 5, 10, 10, 15]);
  });
});
