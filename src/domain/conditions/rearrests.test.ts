import { describe, expect, it } from 'vitest';
import { delayDistribution, type EpisodeEvent, episodesOf, rearrestRates, rearrestRatesBy, releasesOf, waveOf } from './rearrests.js';

let seq = 0;
const timeline = (person: string, ...events: [EpisodeEvent['kind'], string, EpisodeEvent['measures']?][]): EpisodeEvent[] =>
  events.map(([kind, occurredOn, measures]) => ({ id: `${person}-${seq}`, person, kind, occurredOn, seq: seq++, measures: measures ?? [] }));

const revolving = timeline(
  'a',
  ['detained', '2024-08-01'],
  ['released_with_measures', '2026-01-10', ['periodic_reporting', 'travel_ban']],
  ['measures_changed', '2026-01-15'],
  ['re_arrested', '2026-01-30'],
  ['released', '2026-03-01'],
);
const once = timeline('b', ['detained', '2024-08-01'], ['released', '2025-06-01'], ['detained', '2026-05-01']);
const free = timeline('c', ['detained', '2024-09-01'], ['released_with_measures', '2026-02-20', ['periodic_reporting']]);

describe('episodes and re-arrests', () => {
  it('splits a timeline into custody episodes, the later ones marked as re-arrests', () => {
    expect(episodesOf(revolving).map((e) => [e.taken.occurredOn, e.released?.occurredOn ?? null, e.rearrest])).toEqual([
      ['2024-08-01', '2026-01-10', false],
      ['2026-01-30', '2026-03-01', true],
    ]);
  });

  it('each release with the re-arrest that followed and the days between', () => {
    expect(releasesOf(revolving).map((r) => [r.release.occurredOn, r.wave, r.daysToRearrest, r.measures])).toEqual([
      ['2026-01-10', 'jan_2026_announced', 20, ['periodic_reporting', 'travel_ban']],
      ['2026-03-01', 'amnesty_law', null, []],
    ]);
  });

  it.each([
    ['2026-01-07', 'before_2026'],
    ['2026-01-08', 'jan_2026_announced'],
    ['2026-02-18', 'jan_2026_announced'],
    ['2026-02-19', 'amnesty_law'],
  ])('a release on %s belongs to the wave %s', (on, wave) => {
    expect(waveOf(on)).toBe(wave);
  });

  it('rates count only releases watched for the whole window', () => {
    const records = [...releasesOf(revolving), ...releasesOf(once), ...releasesOf(free)];
    // as of 2026-04-15: 30 days watched — releases of 2025-06-01, 2026-01-10, 2026-03-01, 2026-02-20
    expect(rearrestRates(records, '2026-04-15')).toEqual([
      { window: 30, releases: 4, rearrested: 1, rate: 0.25 },
      { window: 90, releases: 2, rearrested: 1, rate: 0.5 }, // 2025-06-01 and 2026-01-10 (+90 days = 2026-04-10)
      { window: 365, releases: 0, rearrested: 0, rate: null }, // 2025-06-01 + 365 days is still to come
    ]);
    // a year later the 2025 release has been watched for 365 days: its re-arrest came after 334
    expect(rearrestRates(records, '2026-06-01')[2]).toEqual({ window: 365, releases: 1, rearrested: 1, rate: 1 });
    expect(rearrestRates([], '2026-04-15')[0]!.rate).toBeNull();
  });

  it('by measure: a release with two kinds counts under each; without measures under "none"', () => {
    const records = [...releasesOf(revolving), ...releasesOf(once), ...releasesOf(free)];
    const groups = rearrestRatesBy(records, 'measure', '2026-12-31');
    expect(groups.map((g) => [g.key, g.rates[0]!.releases, g.rates[0]!.rearrested])).toEqual([
      ['none', 2, 0],
      ['periodic_reporting', 2, 1],
      ['travel_ban', 1, 1],
    ]);
    expect(rearrestRatesBy(records, 'wave', '2026-12-31').map((g) => g.key)).toEqual(['before_2026', 'jan_2026_announced', 'amnesty_law']);
  });

  it('the delay from release to re-arrest as buckets and quartiles', () => {
    const records = [...releasesOf(revolving), ...releasesOf(once)];
    const distribution = delayDistribution(records);
    expect(distribution.rearrests).toBe(2);
    expect(distribution.buckets.find((b) => b.key === '8-30')!.count).toBe(1);
    expect(distribution.buckets.find((b) => b.key === '181-365')!.count).toBe(1); // 2025-06-01 → 2026-05-01: 334 days
    expect(distribution.quartiles).toEqual({ q1: 20, median: 20, q3: 334 });
    expect(delayDistribution([]).quartiles).toBeNull();
  });
});
