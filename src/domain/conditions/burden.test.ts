import { describe, expect, it } from 'vitest';
import { daysUnderMeasures, type MeasureSpan, presentationsDue, underMeasuresOn, weekOf } from './burden.js';
import { schedulePeriods } from './reporting-schedule.js';

const spans: MeasureSpan[] = [
  { person: 'a', kind: 'periodic_reporting', from: '2026-01-10', to: null },
  { person: 'a', kind: 'travel_ban', from: '2026-01-10', to: '2026-03-31' },
  { person: 'b', kind: 'periodic_reporting', from: '2026-02-01', to: '2026-02-28' },
  { person: 'b', kind: 'periodic_reporting', from: '2026-03-15', to: null },
  { person: 'c', kind: 'house_arrest', from: '2026-01-20', to: '2026-02-20' },
];

describe('the burden of conditions', () => {
  it.each([
    ['2026-01-09', {}, 0],
    ['2026-01-20', { periodic_reporting: 1, travel_ban: 1, house_arrest: 1 }, 2],
    ['2026-02-20', { periodic_reporting: 2, travel_ban: 1, house_arrest: 1 }, 3],
    ['2026-02-21', { periodic_reporting: 2, travel_ban: 1 }, 2],
    ['2026-03-01', { periodic_reporting: 1, travel_ban: 1 }, 1],
    ['2026-04-01', { periodic_reporting: 2 }, 2],
  ])('on %s: persons under each kind of measure, and under any', (on, byKind, any) => {
    expect(underMeasuresOn(spans, on)).toEqual({ byKind, any });
  });

  it('counts the days under any measure, overlapping measures once and gaps not at all', () => {
    const days = daysUnderMeasures(spans, '2026-03-31');
    expect(days.get('a')).toBe(81); // 10 January – 31 March
    expect(days.get('b')).toBe(28 + 17); // February, then 15–31 March
    expect(days.get('c')).toBe(32);
    expect(daysUnderMeasures(spans, '2026-01-15').get('b')).toBeUndefined();
  });

  it('presentations due per court and week, with the persons who owe them', () => {
    const schedules = [
      { person: 'a', periods: schedulePeriods([{ on: '2026-03-01', kind: 'imposed', rule: { everyDays: 8 }, court: 'Control 1' }]) },
      { person: 'b', periods: schedulePeriods([{ on: '2026-03-01', kind: 'imposed', rule: { weekdays: ['mon', 'thu'] }, court: 'Control 1' }]) },
      { person: 'c', periods: schedulePeriods([{ on: '2026-03-02', kind: 'imposed', rule: { everyDays: 15 }, court: 'Control 2' }]) },
    ];
    expect(presentationsDue(schedules, '2026-03-02', '2026-03-15')).toEqual([
      { court: 'Control 1', week: '2026-03-02', due: 2, persons: 1 }, // b on Monday 2 and Thursday 5
      { court: 'Control 1', week: '2026-03-09', due: 3, persons: 2 }, // a on 9, b on 9 and 12
    ]);
    expect(presentationsDue(schedules, '2026-03-16', '2026-03-22').find((cell) => cell.court === 'Control 2')).toEqual({
      court: 'Control 2',
      week: '2026-03-16',
      due: 1,
      persons: 1,
    });
  });

  it('weeks start on Monday', () => {
    expect(weekOf('2026-03-08')).toBe('2026-03-02');
    expect(weekOf('2026-03-09')).toBe('2026-03-09');
  });
});
