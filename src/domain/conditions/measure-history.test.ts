import { describe, expect, it } from 'vitest';
import { measureEnd, measureSpan, type RecordedChange, type RecordedMeasure, scheduleChanges, type TimelinePoint } from './measure-history.js';
import { reportingStatus } from './reporting-schedule.js';

const measure: RecordedMeasure = {
  id: 'm1',
  person: 'p1',
  eventId: 'release',
  kind: 'periodic_reporting',
  everyDays: 15,
  weekdays: null,
  court: 'Control 1',
  startsOn: '2026-01-10',
  endsOn: null,
};
const timeline = (...events: [string, TimelinePoint['kind'], string][]): TimelinePoint[] =>
  events.map(([id, kind, occurredOn], seq) => ({ id, kind, occurredOn, seq }));
const released = timeline(['arrest', 'detained', '2024-08-01'], ['release', 'released_with_measures', '2026-01-10']);

describe('the end of a measure', () => {
  it.each<[string, Partial<RecordedMeasure>, RecordedChange[], TimelinePoint[], ReturnType<typeof measureEnd>]>([
    ['still in force', {}, [], released, null],
    ['its planned end: the day after the last day in force', { endsOn: '2026-07-09' }, [], released, { on: '2026-07-10', by: 'planned_end', eventId: null }],
    ['lifted by a recorded change', {}, [{ on: '2026-03-01', kind: 'lifted' }], released, { on: '2026-03-01', by: 'lifted', eventId: null }],
    [
      'converted to house arrest',
      {},
      [{ on: '2026-02-01', kind: 'converted_to_house_arrest' }],
      released,
      { on: '2026-02-01', by: 'converted_to_house_arrest', eventId: null },
    ],
    [
      'a re-arrest on the timeline',
      {},
      [],
      [...released, ...timeline(['x', 'measures_changed', '2026-01-20'], ['back', 're_arrested', '2026-02-03'])],
      { on: '2026-02-03', by: 're_arrested', eventId: 'back' },
    ],
    [
      'an amnesty lifts it',
      {},
      [],
      [...released, { id: 'am', kind: 'amnestied', occurredOn: '2026-03-05', seq: 9 }],
      { on: '2026-03-05', by: 'amnestied', eventId: 'am' },
    ],
    [
      'a change of measures imposing a new reporting measure replaces it; one imposing another kind does not',
      {},
      [],
      [
        ...released,
        { id: 'ban', kind: 'measures_changed', occurredOn: '2026-01-20', seq: 8, carries: ['press_gag'] },
        { id: 'new', kind: 'measures_changed', occurredOn: '2026-02-01', seq: 9, carries: ['periodic_reporting'] },
      ],
      { on: '2026-02-01', by: 'measures_changed', eventId: 'new' },
    ],
    ['events before the release do not end it', {}, [], [{ id: 'old', kind: 'released', occurredOn: '2025-05-01', seq: 7 }, ...released], null],
    [
      'the earliest of several ends',
      { endsOn: '2026-12-31' },
      [{ on: '2026-04-01', kind: 'lifted' }],
      [...released, { id: 'ex', kind: 'exiled', occurredOn: '2026-03-20', seq: 9 }],
      { on: '2026-03-20', by: 'exiled', eventId: 'ex' },
    ],
  ])('%s', (_, patch, changes, events, expected) => {
    expect(measureEnd({ ...measure, ...patch }, changes, events)).toEqual(expected);
  });

  it('a measure ended by a re-arrest stops falling due: no missed presentation after it', () => {
    const events = [...released, ...timeline(['back', 're_arrested', '2026-02-03'])];
    const end = measureEnd(measure, [], events);
    const status = reportingStatus(scheduleChanges(measure, [], end), [{ on: '2026-01-24', court: 'Control 1', source: null }], [], '2026-06-01');
    expect(status.dues.map((due) => [due.on, due.state])).toEqual([['2026-01-25', 'met']]);
    expect(status.overdue).toBe(false);
    expect(status.ended).toEqual({ on: '2026-02-03', kind: 'lifted' });
    expect(measureSpan(measure, end)).toEqual({ person: 'p1', kind: 'periodic_reporting', from: '2026-01-10', to: '2026-02-02' });
  });

  it('a change moves the court and the rule from its date; changes after the end are ignored', () => {
    const changes: RecordedChange[] = [
      { on: '2026-02-09', kind: 'court_changed', court: 'Control 2' },
      { on: '2026-03-01', kind: 'relaxed', everyDays: 30 },
      { on: '2026-05-01', kind: 'lifted' },
      { on: '2026-06-01', kind: 'tightened', everyDays: 8 },
    ];
    const history = scheduleChanges(measure, changes, measureEnd(measure, changes, released));
    expect(history.map((c) => [c.on, c.kind])).toEqual([
      ['2026-01-10', 'imposed'],
      ['2026-02-09', 'court_changed'],
      ['2026-03-01', 'relaxed'],
      ['2026-05-01', 'lifted'],
    ]);
    const status = reportingStatus(history, [], [], '2026-06-30');
    expect(status.dues.map((due) => [due.on, due.court])).toEqual([
      ['2026-01-25', 'Control 1'],
      ['2026-02-09', 'Control 2'], // the count goes on from 10 January; the new court from the day of the change
      ['2026-02-24', 'Control 2'],
      ['2026-03-31', 'Control 2'], // every 30 days from 1 March
      ['2026-04-30', 'Control 2'],
    ]);
    expect(status.next).toBeNull();
  });

  it('named weekdays as the rule', () => {
    const weekly = { ...measure, everyDays: null, weekdays: ['mon'] as const };
    const status = reportingStatus(scheduleChanges(weekly, [], null), [], [], '2026-01-20');
    expect(status.dues.map((due) => due.on)).toEqual(['2026-01-12', '2026-01-19']);
    expect(status.next).toEqual({ on: '2026-01-26', court: 'Control 1' });
  });
});
