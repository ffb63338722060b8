/** Builders of valid records for tests; override only what a test is about. */
import type { PersonFields } from '../shared/schemas.js';

let counter = 0;

/** A valid synthetic person; each call gets a distinct external id and cédula. */
export function buildPerson(overrides: Partial<PersonFields> = {}): PersonFields {
  counter++;
  return {
    externalId: `TEST-${counter}-${Math.floor(Math.random() * 1e9)}`,
    givenNames: 'María José',
    firstSurname: 'Pérez',
    secondSurname: 'Rodríguez',
    aliases: [],
    identifiers: [{ kind: 'cedula_v', value: String(10_000_000 + Math.floor(Math.random() * 20_000_000)) }],
    nationality: 'VE',
    sex: 'female',
    birthDate: '1990-05-17',
    birthDatePrecision: 'day',
    occupationGroup: 'student',
    consent: 'public',
    ...overrides,
  };
}
