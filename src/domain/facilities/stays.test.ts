import { describe, expect, it } from 'vitest';
import { type CustodyEvent, closureAccounting, closureCounts, populationSeries, staysOf } from './stays.js';

let seq = 0;
const person = (id: string, ...events: [CustodyEvent['kind'], string, string?][]): CustodyEvent[] =>
  events.map(([kind, occurredOn, facility], i) => ({ id: `${id}-${i}`, person: id, kind, occurredOn, seq: seq++, facility: facility ?? null }));

describe('stays', () => {
  it('follows detentions and transfers, ends at a release, skips events that move nobody', () => {
    const stays = staysOf(
      person(
        'a',
        ['detained', '2024-08-01', 'H'],
        ['amnestied', '2024-09-01'],
        ['transferred', '2025-01-10', 'R'],
        ['released_with_measures', '2026-01-15'],
        ['re_arrested', '2026-02-01', 'H'],
      ),
    );
    expect(stays.map((s) => [s.facility, s.from, s.to])).toEqual([
      ['H', '2024-08-01', '2025-01-09'],
      ['R', '2025-01-10', '2026-01-14'],
      ['H', '2026-02-01', null],
    ]);
  });

  it('a detention at an unrecorded place or whereabouts unknown ends the stay', () => {
    const stays = staysOf(person('b', ['detained', '2024-08-01', 'H'], ['whereabouts_unknown', '2024-08-05'], ['transferred', '2024-09-01', 'R']));
    expect(stays.map((s) => [s.facility, s.from, s.to])).toEqual([
      ['H', '2024-08-01', '2024-08-04'],
      ['R', '2024-09-01', null],
    ]);
  });
});

describe('population', () => {
  const stays = [
    ...staysOf(person('a', ['detained', '2026-01-01', 'H'], ['transferred', '2026-01-03', 'R'])),
    ...staysOf(person('b', ['detained', '2026-01-02', 'H'], ['released', '2026-02-01'])),
    ...staysOf(person('c', ['detained', '2025-12-20', 'H'])),
  ].filter((s) => s.facility === 'H');

  it.each([
    // day, held (boundaries: brought in counts that day; moved out does not)
    ['2025-12-31', 1],
    ['2026-01-01', 2],
    ['2026-01-02', 3],
    ['2026-01-03', 2],
    ['2026-01-31', 2],
    ['2026-02-01', 1],
  ])('on %s: %i held', (day, held) => {
    expect(populationSeries(stays, day, day, 'day')[0]!.held).toBe(held);
  });

  it('by month: held at the month end, entered and left during it', () => {
    expect(populationSeries(stays, '2025-12-01', '2026-02-28', 'month')).toEqual([
      { period: '2025-12', held: 1, entered: 1, left: 0 },
      { period: '2026-01', held: 2, entered: 2, left: 1 },
      { period: '2026-02', held: 1, entered: 0, left: 1 },
    ]);
  });

  it('a person with overlapping stays (bad data) counts once', () => {
    const twice = [...stays, { ...stays[2]!, from: '2026-01-01' }];
    expect(populationSeries(twice, '2026-01-05', '2026-01-05', 'day')[0]!.held).toBe(2);
  });
});

describe('closure accounting', () => {
  const timelines = [
    person('chained', ['detained', '2025-06-01', 'H'], ['transferred', '2026-02-02', 'R'], ['transferred', '2026-03-01', 'T']),
    person('freed', ['detained', '2025-06-01', 'H'], ['released_with_measures', '2026-02-10']),
    person('transfer-then-free', ['detained', '2025-06-01', 'H'], ['transferred', '2026-02-02', 'R'], ['released', '2026-04-01']),
    person('lost', ['detained', '2025-06-01', 'H'], ['whereabouts_unknown', '2026-02-05']),
    person('silent', ['detained', '2025-06-01', 'H']),
    person('left-on-the-day', ['detained', '2025-06-01', 'H'], ['released', '2026-01-30']),
    person('left-before', ['detained', '2025-06-01', 'H'], ['released', '2026-01-29']),
    person('brought-in-on-the-day', ['detained', '2026-01-30', 'H'], ['house_arrest', '2026-02-20']),
    person('elsewhere', ['detained', '2025-06-01', 'R']),
    person('unrecorded', ['detained', '2025-06-01', 'H'], ['transferred', '2026-02-03']),
  ];

  it('everyone held when the closure was announced, where each went, unknowns first', () => {
    const entries = closureAccounting(timelines, 'H', '2026-01-30', '2026-03-15', '2026-05-01');
    expect(entries.map((e) => [e.person, e.outcome, e.path.join('>'), e.heldAt])).toEqual([
      ['lost', 'whereabouts_unknown', '', null],
      ['silent', 'not_recorded', '', 'H'],
      ['chained', 'held_elsewhere', 'R>T', 'T'],
      ['unrecorded', 'held_place_unrecorded', '', null],
      ['brought-in-on-the-day', 'house_arrest', '', null],
      ['freed', 'released_with_measures', '', null],
      ['left-on-the-day', 'released', '', null],
      ['transfer-then-free', 'released', 'R', null],
    ]);
    expect(entries.find((e) => e.person === 'chained')!.lastEvent.kind).toBe('transferred');
    expect(closureCounts(entries)).toMatchObject({ whereabouts_unknown: 1, not_recorded: 1, held_elsewhere: 1, released: 2, still_there: 0 });
  });

  it('as of an earlier date: only what was known then; before the closure, no move is "still there"', () => {
    const entries = closureAccounting(timelines, 'H', '2026-01-30', '2026-03-15', '2026-02-15');
    const outcome = (id: string) => entries.find((e) => e.person === id)!.outcome;
    expect(outcome('silent')).toBe('still_there');
    expect(outcome('chained')).toBe('held_elsewhere');
    expect(entries.find((e) => e.person === 'chained')!.path).toEqual(['R']);
    expect(outcome('brought-in-on-the-day')).toBe('still_there');
  });
});
