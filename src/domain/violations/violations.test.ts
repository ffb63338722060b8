import { describe, expect, it } from 'vitest';
import { SMALL_CELLS_KEY } from '../registry/small-cells.js';
import type { EventKind } from '../registry/vocabulary.js';
import { type ActRecord, checkAct } from './acts.js';
import { countActs, countedActs, knownAgency, publicActCells, type RecordedActFact, type TimelineFact } from './counts.js';
import { ACT_KIND_CODES, ACT_KINDS, type ActKind } from './vocabulary.js';
import { unknownWhereabouts, unknownWhereaboutsTotals, type WhereaboutsEvent } from './whereabouts.js';

let seq = 0;
const timeline = (...events: [WhereaboutsEvent['kind'], string, string?, string?][]): WhereaboutsEvent[] =>
  events.map(([kind, occurredOn, facility, precision]) => ({
    id: `${kind}@${occurredOn}`,
    kind,
    occurredOn,
    seq: seq++,
    facility: facility ?? null,
    precision: precision ?? 'day',
  }));

describe('the vocabulary of acts', () => {
  it('has each kind the documentation standards name, each with labels, a definition and its source', () => {
    expect(ACT_KIND_CODES).toEqual([
      'torture',
      'cruel_treatment',
      'sexual_violence',
      'incommunicado',
      'enforced_disappearance',
      'denial_of_counsel',
      'denial_of_medical_care',
      'denial_of_family_visits',
      'solitary_confinement',
      'transfer_far_from_family',
    ]);
    for (const kind of ACT_KINDS) {
      expect(
        kind.label.es.length * kind.label.en.length * kind.definition.es.length * kind.definition.en.length * kind.source.length,
        kind.code,
      ).toBeGreaterThan(0);
    }
  });

  const act = (patch: Partial<ActRecord>): ActRecord => ({
    kind: 'torture',
    from: '2025-03-01',
    fromPrecision: 'day',
    to: '2025-03-03',
    toPrecision: 'day',
    facility: 'el-helicoide',
    perpetrator: { agency: 'SEBIN', unit: null },
    accountBy: 'victim',
    ...patch,
  });

  it.each<[string, Partial<ActRecord>, { field: string; reason: string }[]]>([
    ['a well-formed act', {}, []],
    ['an unknown kind', { kind: 'waterboarding' as ActRecord['kind'] }, [{ field: 'kind', reason: expect.stringContaining('unknown kind "waterboarding"') }]],
    ['a period that ends before it starts', { to: '2025-02-01' }, [{ field: 'to', reason: 'the period ends before it starts' }]],
    ['an impossible date', { from: '2025-02-30' }, [{ field: 'from', reason: 'expected a real date written yyyy-mm-dd' }]],
    [
      'dates typed for a disappearance, which the timeline gives',
      { kind: 'enforced_disappearance' },
      [{ field: 'from', reason: expect.stringContaining('comes from the timeline') }],
    ],
    ['a derived kind without dates', { kind: 'incommunicado', from: null, to: null }, []],
    [
      'an identifier where the agency goes',
      { perpetrator: { agency: 'V-12345678', unit: null } },
      [{ field: 'perpetrator.agency', reason: expect.stringContaining('sealed account') }],
    ],
  ])('%s', (_, patch, problems) => {
    expect(checkAct(act(patch))).toEqual(problems);
  });
});

describe('incommunicado and disappearance from the timeline', () => {
  it.each<[string, WhereaboutsEvent[], string, [string, string, string | null, number, boolean][]]>([
    [
      'taken to no known place, then disappeared, then located: incommunicado from the arrest, disappearance from the event',
      timeline(['detained', '2024-08-01'], ['whereabouts_unknown', '2024-08-03'], ['transferred', '2024-09-02', 'rodeo-i']),
      '2026-01-01',
      [
        ['incommunicado', '2024-08-01', '2024-09-02', 32, false],
        ['enforced_disappearance', '2024-08-03', '2024-09-02', 30, false],
      ],
    ],
    [
      'held at a known place, then disappeared: both from the event',
      timeline(['detained', '2024-08-01', 'el-helicoide'], ['whereabouts_unknown', '2024-08-10'], ['released', '2024-08-20']),
      '2026-01-01',
      [
        ['incommunicado', '2024-08-10', '2024-08-20', 10, false],
        ['enforced_disappearance', '2024-08-10', '2024-08-20', 10, false],
      ],
    ],
    [
      'still disappeared: counted to the date asked, both days in',
      timeline(['detained', '2026-01-01', 'el-helicoide'], ['whereabouts_unknown', '2026-01-05']),
      '2026-01-14',
      [
        ['incommunicado', '2026-01-05', null, 10, true],
        ['enforced_disappearance', '2026-01-05', null, 10, true],
      ],
    ],
    ['a detention recorded without a place, and nothing else: missing data, not incommunicado', timeline(['detained', '2024-08-01']), '2026-01-01', []],
    [
      'a transfer to a place not recorded does not locate; a later one naming a facility does',
      timeline(['detained', '2024-08-01', 'x'], ['whereabouts_unknown', '2024-08-05'], ['transferred', '2024-08-07'], ['transferred', '2024-08-15', 'tocoron']),
      '2026-01-01',
      [
        ['incommunicado', '2024-08-05', '2024-08-15', 10, false],
        ['enforced_disappearance', '2024-08-05', '2024-08-15', 10, false],
      ],
    ],
    [
      'two disappearances in one detention: two stretches each',
      timeline(
        ['detained', '2024-08-01', 'x'],
        ['whereabouts_unknown', '2024-08-02'],
        ['transferred', '2024-08-04', 'y'],
        ['whereabouts_unknown', '2024-09-01'],
        ['transferred', '2024-09-03', 'z'],
      ),
      '2026-01-01',
      [
        ['incommunicado', '2024-08-02', '2024-08-04', 2, false],
        ['enforced_disappearance', '2024-08-02', '2024-08-04', 2, false],
        ['incommunicado', '2024-09-01', '2024-09-03', 2, false],
        ['enforced_disappearance', '2024-09-01', '2024-09-03', 2, false],
      ],
    ],
  ])('%s', (_, events, asOf, expected) => {
    expect(unknownWhereabouts(events, asOf).map((s) => [s.kind, s.from, s.locatedOn, s.days, s.ongoing])).toEqual(expected);
  });

  it('says a length is approximate when an end is known only to the month, and totals the days of each kind', () => {
    const stretches = unknownWhereabouts(timeline(['whereabouts_unknown', '2024-08-01', undefined, 'month'], ['released', '2024-08-21']), '2026-01-01');
    expect(stretches.every((s) => s.approximate)).toBe(true);
    expect(unknownWhereaboutsTotals(stretches)).toEqual({ incommunicado: 20, enforced_disappearance: 20 });
  });
});

describe('counting acts', () => {
  const act = (personId: string, kind: ActKind, extra: Partial<RecordedActFact> = {}): RecordedActFact => ({
    personId,
    detentionId: `${personId}-d`,
    kind,
    fromOn: '2025-02-10',
    facility: 'El Helicoide',
    agency: 'SEBIN',
    detentionAgency: 'DGCIM',
    level: 'reported',
    ...extra,
  });
  const step = (personId: string, kind: EventKind, on: string, seq: number, facility: string | null = null): TimelineFact => ({
    id: `${personId}-${seq}`,
    personId,
    detentionId: `${personId}-d`,
    detentionAgency: 'DGCIM',
    kind,
    occurredOn: on,
    seq,
    facility,
    level: 'reported',
  });

  it('counts each disappearance once, from the timeline, taking what a recorded act adds', () => {
    const acts = [
      act('p1', 'enforced_disappearance', { fromOn: null, facility: null, agency: 'DGCIM Boleíta', level: 'verified' }),
      act('p2', 'enforced_disappearance', { fromOn: null }),
    ];
    const timelines = [
      step('p1', 'detained', '2025-01-10', 1, 'Rodeo I'),
      step('p1', 'whereabouts_unknown', '2025-01-20', 2),
      step('p1', 'transferred', '2025-02-01', 3, 'El Helicoide'),
    ];
    const counted = countedActs(acts, timelines, '2026-01-01');
    const disappearances = counted.filter((c) => c.kind === 'enforced_disappearance');
    expect(disappearances).toHaveLength(2);
    expect(disappearances.find((c) => c.personId === 'p1')).toMatchObject({
      month: '2025-01',
      agency: 'DGCIM Boleíta',
      level: 'verified',
      days: 12,
      derived: true,
    });
    // recorded, the timeline not showing it yet: counted, period unknown
    expect(disappearances.find((c) => c.personId === 'p2')).toMatchObject({ month: null, days: null });
    expect(counted.filter((c) => c.kind === 'incommunicado')).toHaveLength(1);
  });

  it('counts persons once per row by their best-verified act, refuted acts apart', () => {
    const counts = countActs(
      countedActs(
        [
          act('p1', 'torture', { level: 'reported' }),
          act('p1', 'torture', { level: 'verified' }),
          act('p2', 'torture', { level: 'disputed' }),
          act('p3', 'torture', { level: 'refuted' }),
        ],
        [],
        '2026-01-01',
      ),
      'kind',
    );
    expect(counts.cells).toEqual([
      { key: 'torture', label: 'Torture', persons: 2, acts: 3, levels: { reported: 0, corroborated: 0, verified: 1, disputed: 1, refuted: 0 } },
    ]);
    expect(counts.refuted).toBe(1);
  });

  it('shows the public no row under 5 and no agency as typed', () => {
    const many = Array.from({ length: 7 }, (_, i) =>
      act(`p${i}`, 'torture', { agency: i < 5 ? 'Dirección General de Contrainteligencia Militar (DGCIM)' : 'Coronel Fulano' }),
    );
    const few = [act('q1', 'solitary_confinement'), act('q2', 'sexual_violence')];
    const byKind = publicActCells(countedActs([...many, ...few], [], '2026-01-01'), 'kind').cells;
    expect(byKind.every((cell) => cell.persons >= 5)).toBe(true);
    expect(byKind.map((cell) => cell.key)).not.toContain('sexual_violence');
    const byAgency = publicActCells(countedActs(many, [], '2026-01-01'), 'agency').cells;
    expect(JSON.stringify(byAgency)).not.toContain('Fulano');
    expect(byAgency.map((cell) => cell.key)).toEqual([SMALL_CELLS_KEY]); // DGCIM 5 and "other agency" 2 pooled: 2 alone would single out
    expect(knownAgency('dgcim boleíta')).toBe('DGCIM');
    expect(knownAgency('Coronel Fulano')).toBeNull();
  });
});

describe('counting acts: dates, detentions and months', () => {
  const fact = (personId: string, kind: ActKind, fromOn: string | null, detentionId = `${personId}-d`): RecordedActFact => ({
    personId,
    detentionId,
    kind,
    fromOn,
    facility: null,
    agency: null,
    detentionAgency: 'SEBIN',
    level: 'reported',
  });
  const event = (personId: string, kind: EventKind, on: string, seq: number, detentionId: string | null, facility: string | null = null): TimelineFact => ({
    id: `${personId}-${seq}`,
    personId,
    detentionId,
    detentionAgency: null,
    kind,
    occurredOn: on,
    seq,
    facility,
    level: 'reported',
  });

  it('counts as of a day only the acts begun by then', () => {
    const counted = countedActs([fact('p1', 'torture', '2025-03-01'), fact('p2', 'torture', '2025-06-01')], [], '2025-04-01');
    expect(counted.map((c) => c.personId)).toEqual(['p1']);
  });

  it('gives a stretch whose events name no detention to the detention in force, and matches its recorded act there', () => {
    const timeline = [
      event('p1', 'detained', '2025-01-10', 1, 'p1-d', 'Rodeo I'),
      event('p1', 'whereabouts_unknown', '2025-02-01', 2, null),
      event('p1', 'transferred', '2025-02-11', 3, null, 'El Helicoide'),
    ];
    const counted = countedActs([{ ...fact('p1', 'enforced_disappearance', null), agency: 'DGCIM' }], timeline, '2026-01-01');
    const disappearances = counted.filter((c) => c.kind === 'enforced_disappearance');
    expect(disappearances).toEqual([expect.objectContaining({ month: '2025-02', agency: 'DGCIM', days: 10, facility: '_whereabouts_unknown' })]);
  });

  it('shows the public which months a carried row spans', () => {
    const acts = [
      ...['a', 'b'].map((p) => fact(p, 'torture', '2014-11-02')),
      fact('c', 'torture', '2015-03-02'),
      ...['d', 'e', 'f', 'g', 'h', 'i'].map((p) => fact(p, 'torture', '2017-04-02')),
      ...['j', 'k'].map((p) => fact(p, 'torture', '2026-02-02')),
    ];
    const { cells, persons } = publicActCells(countedActs(acts, [], '2026-06-01'), 'month');
    expect(cells.map((c) => [c.persons, c.span])).toEqual([[11, { from: '2014-11', to: '2026-02' }]]);
    expect(persons).toBe(11);
  });

  it('counts a person once in a pooled or carried row, however many small rows they are in', () => {
    const one = ['incommunicado', 'enforced_disappearance', 'solitary_confinement'].map((kind) => fact('p1', kind as ActKind, '2025-03-01'));
    const others = ['p2', 'p3', 'p4', 'p5', 'p6'].map((p) => fact(p, 'torture', '2025-03-01'));
    const { cells } = publicActCells(countedActs([...one, ...others], [], '2026-01-01'), 'kind');
    // p1's three small rows are one person: with torture's five, the pool holds six persons, not eight
    expect(cells.map((c) => [c.key, c.persons])).toEqual([[SMALL_CELLS_KEY, 6]]);
    const months = ['2025-01-05', '2025-02-05', '2025-03-05', '2025-04-05', '2025-05-05'].map((on) => fact('p1', 'torture', on));
    // one person over five months is not five persons: never shown
    expect(publicActCells(countedActs(months, [], '2026-01-01'), 'month').cells).toEqual([]);
  });
});
