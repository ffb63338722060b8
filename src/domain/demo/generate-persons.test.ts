import { describe, expect, it } from 'vitest';
import { deriveStatus } from '../registry/derive-status.js';
import { KNOWN_FACILITIES } from '../registry/facilities.js';
import { OFFENCE_THESAURUS } from '../registry/offences.js';
import { generateDemoPersons } from './generate-persons.js';

describe('generateDemoPersons', () => {
  const people = generateDemoPersons(2000, 7);

  it('is deterministic for a seed', () => {
    expect(generateDemoPersons(50, 7)).toEqual(people.slice(0, 50));
    expect(generateDemoPersons(50, 8)).not.toEqual(people.slice(0, 50));
  });

  it('labels every person as synthetic through the DEMO- id, with unique ids and cédulas', () => {
    expect(people.every((p) => /^DEMO-\d{7}$/.test(p.externalId))).toBe(true);
    expect(new Set(people.map((p) => p.externalId)).size).toBe(people.length);
    expect(new Set(people.map((p) => `${p.cedula.kind}:${p.cedula.value}`)).size).toBe(people.length);
  });

  it('uses only real facilities and thesaurus offences', () => {
    const facilities = new Set(KNOWN_FACILITIES.map((f) => f.code));
    const offences = new Set(OFFENCE_THESAURUS.map((o) => o.code));
    for (const p of people) {
      for (const d of p.detentions) {
        expect(facilities.has(d.facilityCode)).toBe(true);
        for (const c of d.charges) expect(offences.has(c)).toBe(true);
      }
      for (const e of p.events) if (e.facilityCode) expect(facilities.has(e.facilityCode)).toBe(true);
    }
  });

  it('produces a realistic mix: detained, released with measures, re-arrested, compound names, two surnames', () => {
    const statuses = people.map((p) => deriveStatus(p.events.map((e, seq) => ({ kind: e.kind, occurredOn: e.occurredOn, seq }))));
    for (const status of ['detained', 'released_with_measures', 'released', 'exiled']) expect(statuses).toContain(status);
    expect(people.some((p) => p.events.some((e) => e.kind === 're_arrested'))).toBe(true);
    expect(people.filter((p) => p.givenNames.includes(' ')).length).toBeGreaterThan(people.length * 0.3);
    expect(people.filter((p) => p.secondSurname).length).toBeGreaterThan(people.length * 0.8);
  });

  it('never dates a release before the arrest', () => {
    for (const p of people) {
      const arrest = p.detentions[0]!.arrestedOn;
      for (const e of p.events) expect(e.occurredOn >= arrest).toBe(true);
    }
  });
});
