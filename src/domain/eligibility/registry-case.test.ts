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
