import { describe, expect, it } from 'vitest';
import { seriesFromDays } from './count-series.js';

const levels = (reported: number, verified = 0) => ({ reported, corroborated: 0, verified, disputed: 0, refuted: 0 });
const days = [
  { key: '2026-01-08', label: null, count: 3, levels: levels(2, 1) },
  { key: '2026-01-31', label: null, count: 2, levels: levels(2) },
  { key: '2026-02-01', label: null, count: 7, levels: levels(4, 3) },
  { key: '2026-03-15', label: null, count: 1, levels: levels(1) },
];

describe('seriesFromDays', () => {
  it('sums the days of each month, levels included', () => {
    expect(seriesFromDays(days, 'month')).toEqual([
      { key: '2026-01', label: null, count: 5, levels: levels(4, 1) },
      { key: '2026-02', label: null, count: 7, levels: levels(4, 3) },
      { key: '2026-03', label: null, count: 1, levels: levels(1) },
    ]);
  });

  it('keeps only the days of the period, both ends included, even within a month', () => {
    expect(seriesFromDays(days, 'month', '2026-01-31', '2026-02-01').map((r) => [r.key, r.count])).toEqual([
      ['2026-01', 2],
      ['2026-02', 7],
    ]);
    expect(seriesFromDays(days, 'day', '2026-02-01').map((r) => r.key)).toEqual(['2026-02-01', '2026-03-15']);
  });

  it('leaves the series it was given unchanged', () => {
    const before = JSON.stringify(days);
    seriesFromDays(days, 'month');
    expect(JSON.stringify(days)).toBe(before);
  });
});
