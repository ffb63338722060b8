import { describe, expect, it } from 'vitest';
import { dayNumber } from '../eligibility/case.js';
import { dueDates, type MeasureChange, type Presentation, reportingStatus, schedulePeriods, weekdayOf } from './reporting-schedule.js';

const at = (on: string, court: string | null = 'Control 1 Caracas'): Presentation => ({ on, court, source: 'acta de presentación' });
const every15: MeasureChange[] = [{ on: '2026-03-01', kind: 'imposed', rule: { everyDays: 15 }, court: 'Control 1 Caracas' }];

describe('due dates', () => {
  it.each([
    ['every 15 days from 1 March', every15, '2026-03-01', '2026-04-30', ['2026-03-16', '2026-03-31', '2026-04-15', '2026-04-30']],
    [
      'Mondays from Wednesday 4 March',
      [{ on: '2026-03-04', kind: 'imposed', rule: { weekdays: ['mon'] } }] as MeasureChange[],
      '2026-03-01',
      '2026-03-31',
      ['2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30'],
    ],
    [
      'Mondays and Thursdays',
      [{ on: '2026-03-01', kind: 'imposed', rule: { weekdays: ['mon', 'thu'] } }] as MeasureChange[],
      '2026-03-01',
      '2026-03-10',
      ['2026-03-02', '2026-03-05', '2026-03-09'],
    ],
    [
      'every 30 days, tightened to every 8 days at another court on 1 March',
      [
        { on: '2026-02-01', kind: 'imposed', rule: { everyDays: 30 }, court: 'A' },
        { on: '2026-03-01', kind: 'tightened', rule: { everyDays: 8 }, court: 'B' },
      ] as MeasureChange[],
      '2026-02-01',
      '2026-03-20',
      ['2026-03-09', '2026-03-17'],
    ],
    [
      'every 8 days, lifted by the amnesty on 20 March',
      [
        { on: '2026-03-01', kind: 'imposed', rule: { everyDays: 8 } },
        { on: '2026-03-20', kind: 'lifted' },
      ] as MeasureChange[],
      '2026-03-01',
      '2026-04-30',
      ['2026-03-09', '2026-03-17'],
    ],
  ])('%s', (_name, changes, from, to, expected) => {
    expect(dueDates(schedulePeriods(changes), from, to).map((due) => due.on)).toEqual(expected);
  });

  it('moves a date that falls on a given holiday to the next day, and ignores holidays not given (weekends included)', () => {
    const periods = schedulePeriods([{ on: '2026-01-01', kind: 'imposed', rule: { everyDays: 8 } }]);
    expect(dueDates(periods, '2026-01-01', '2026-01-12').map((due) => due.on)).toEqual(['2026-01-09']);
    expect(dueDates(periods, '2026-01-01', '2026-01-12', new Set(['2026-01-09'])).map((due) => due.on)).toEqual(['2026-01-10']);
  });

  it('names the court of each period; a change of court alone keeps the count of days', () => {
    const periods = schedulePeriods([
      { on: '2026-02-01', kind: 'imposed', rule: { everyDays: 15 }, court: 'A' },
      { on: '2026-02-20', kind: 'court_changed', court: 'B' },
    ]);
    expect(dueDates(periods, '2026-02-01', '2026-03-10').map((due) => `${due.on} ${due.court}`)).toEqual(['2026-02-16 A', '2026-03-03 B']);
  });

  it('knows the weekday of a day', () => {
    expect(weekdayOf(dayNumber('2026-03-09'))).toBe(0);
    expect(weekdayOf(dayNumber('2026-03-08'))).toBe(6);
    expect(weekdayOf(dayNumber('1969-12-29'))).toBe(0);
  });

  it('refuses a schedule it cannot count', () => {
    expect(() => dueDates(schedulePeriods([{ on: '2026-03-01', kind: 'imposed', rule: { everyDays: 0 } }]), '2026-03-01', '2026-03-31')).toThrow('at least 1');
    expect(() => schedulePeriods([{ on: '2026-03-01', kind: 'tightened' }])).toThrow('gives no reporting rule');
  });
});

describe('where a person stands', () => {
  it('meets a date with a presentation in its period, misses the next, and is overdue until presenting again', () => {
    const status = reportingStatus(every15, [at('2026-03-10')], [], '2026-04-02');
    expect(status.dues.map((due) => `${due.on} ${due.state}`)).toEqual(['2026-03-16 met', '2026-03-31 missed']);
    expect(status).toMatchObject({ next: { on: '2026-04-15' }, overdue: true, missed: 1, violated: false, ended: null });
  });

  it('is no longer overdue once the person presents again, but the missed date stays counted', () => {
    const status = reportingStatus(every15, [at('2026-03-10'), at('2026-04-05')], [], '2026-04-10');
    expect(status.dues.map((due) => `${due.on} ${due.state}`)).toEqual(['2026-03-16 met', '2026-03-31 missed', '2026-04-15 met']);
    expect(status).toMatchObject({ overdue: false, missed: 1, next: { on: '2026-04-15' } });
  });

  it('a date due today is pending, not missed', () => {
    const status = reportingStatus(every15, [], [], '2026-03-16');
    expect(status.dues.map((due) => `${due.on} ${due.state}`)).toEqual(['2026-03-16 pending']);
    expect(status.overdue).toBe(false);
  });

  it('says when a presentation was made at another court', () => {
    const status = reportingStatus(every15, [at('2026-03-12', 'Control 4 Caracas')], [], '2026-03-20');
    expect(status.dues[0]).toMatchObject({ state: 'met', atOtherCourt: true });
  });

  it('a recorded breach makes the measure violated; one recorded after the date asked about does not', () => {
    const breach = { on: '2026-03-20', what: 'salió del país', source: 'tribunal' };
    expect(reportingStatus(every15, [], [breach], '2026-03-25')).toMatchObject({ violated: true, breaches: [breach] });
    expect(reportingStatus(every15, [], [breach], '2026-03-19').violated).toBe(false);
  });

  it('ends with the measure: no date after it is lifted or converted to house arrest', () => {
    for (const kind of ['lifted', 'converted_to_house_arrest'] as const) {
      const status = reportingStatus([...every15, { on: '2026-04-01', kind }], [at('2026-03-10'), at('2026-03-30')], [], '2026-05-01');
      expect(status.dues.map((due) => due.on)).toEqual(['2026-03-16', '2026-03-31']);
      expect(status).toMatchObject({ next: null, overdue: false, ended: { on: '2026-04-01', kind } });
    }
  });

  it('a measure re-imposed after being lifted runs again', () => {
    const status = reportingStatus(
      [...every15, { on: '2026-04-01', kind: 'lifted' }, { on: '2026-05-01', kind: 'imposed', rule: { everyDays: 30 } }],
      [],
      [],
      '2026-05-10',
    );
    expect(status.ended).toBeNull();
    expect(status.next).toMatchObject({ on: '2026-05-31' });
    expect(status.dues.map((due) => due.on)).toEqual(['2026-03-16', '2026-03-31']);
  });
});
