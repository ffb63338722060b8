import { describe, expect, it } from 'vitest';
import { formatIdentifier, normalizeIdentifier, parseCedula } from './identifiers.js';

describe('cédula', () => {
  it.each([
    ['V-12.345.678', 'cedula_v', '12345678'],
    ['V12345678', 'cedula_v', '12345678'],
    ['v 12345678', 'cedula_v', '12345678'],
    ['12345678', 'cedula_v', '12345678'],
    ['12.345.678', 'cedula_v', '12345678'],
    ['E-81.234.567', 'cedula_e', '81234567'],
    ['V-1.234.567', 'cedula_v', '1234567'],
  ])('%s → %s %s', (raw, kind, value) => {
    expect(parseCedula(raw)).toEqual({ ok: true, kind, value });
  });

  it.each(['X-12345678', '12345678901', 'V-12,345,678', 'abc', ''])('rejects %s', (raw) => {
    expect(parseCedula(raw).ok).toBe(false);
  });

  it('formats for display in the usual form', () => {
    expect(formatIdentifier('cedula_v', '12345678')).toBe('V-12.345.678');
    expect(formatIdentifier('cedula_e', '81234567')).toBe('E-81.234.567');
    expect(formatIdentifier('passport', 'AB123')).toBe('AB123');
  });

  it('refuses a letter that contradicts the declared kind', () => {
    expect(normalizeIdentifier('cedula_v', 'E-81.234.567')).toEqual({ ok: false, reason: 'the letter contradicts the kind cedula_v' });
  });
});
