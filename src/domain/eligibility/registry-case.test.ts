import { describe, expect, it } from 'vitest';
import { buildRegistryCase, type RegistryDetention } from './registry-case.js';

const detention: RegistryDetention = {
  detentionId: 'd1',
  personId: 'p1',
  arrestedOn: '2024-08-03',
  arrestedOnPrecision: 'day',
  protestWave: '2024',
  facility: 'tocoron',
  occupationGroup: 'student',
  status: 'detained',
  offences: ['terrorismo', 'incitacion_odio'],
};

describe('buildRegistryCase', () => {
  it.each([
    ['detained', { a_derecho: true, abroad: false }],
    ['house_arrest', { a_derecho: true, abroad: false }],
    ['released_with_measures', { a_derecho: true, abroad: false }],
    ['exiled', { a_derecho: false, abroad: true }],
    ['disappeared', {}],
    ['released', {}],
    [null, {}],
  ])('a person whose status is %s has the facts %o', (status, facts) => {
    expect(buildRegistryCase({ ...detention, status }).facts).toEqual(facts);
  });

  it('dates every charge by the arrest, at its precision, and says so', () => {
    const built = buildRegistryCase({ ...detention, arrestedOn: '2019-04-01', arrestedOnPrecision: 'month' });
    expect(built.charges).toEqual([
      { offence: 'terrorismo', factsOn: '2019-04' },
      { offence: 'incitacion_odio', factsOn: '2019-04' },
    ]);
    expect(built.factSources?.facts_date).toBe('registry: date of arrest');
    expect(buildRegistryCase({ ...detention, arrestedOn: null }).charges[0]!.factsOn).toBeNull();
  });

  it('carries the groupings comparisons break down by', () => {
    expect(buildRegistryCase(detention).groups).toEqual({ protest_wave: '2024', facility: 'tocoron', occupation_group: 'student' });
  });
});

describe('buildRegistryCase: the amnesty request from the timeline', () => {
  const event = (kind: string, occurredOn: string, detentionId: string | null = 'd1') => ({ detentionId, kind, occurredOn, occurredOnPrecision: 'day' });

  it('takes the latest request for the detention and the first decision on or after it', () => {
    const built = buildRegistryCase({
      ...detention,
      requestEvents: [
        event('case_dismissed', '2025-01-01'),
        event('amnesty_requested', '2026-02-20'),
        event('amnesty_requested', '2026-03-01'),
        event('amnesty_denied', '2026-03-20'),
        event('amnestied', '2026-05-02'),
      ],
    });
    expect(built.request).toEqual({ filedOn: '2026-03-01', decidedOn: '2026-03-20' });
  });

  it('leaves the decision open when none is recorded, and ignores other detentions', () => {
    const built = buildRegistryCase({ ...detention, requestEvents: [event('amnesty_requested', '2026-03-01', null), event('amnestied', '2026-03-05', 'd2')] });
    expect(built.request).toEqual({ filedOn: '2026-03-01' });
    expect(buildRegistryCase({ ...detention, requestEvents: [event('amnesty_requested', '2026-03-01', 'd2')] }).request).toBeUndefined();
  });
});
