/**
 * Venezuelan cédula de identidad: V (national) or E (foreign resident) followed by up
 * to nine digits, written V-12.345.678, V12345678, v 12345678 or bare 12345678.
 * Stored normalised (kind + digits without separators or leading zeros), shown formatted.
 */
import type { IdentifierKind } from './vocabulary.js';

export type ParsedIdentifier = { ok: true; kind: IdentifierKind; value: string } | { ok: false; reason: string };

const CEDULA = /^([VE])?\s*-?\s*0*([1-9]\d{0,2}(?:[.\s]?\d{3}){0,2})$/i;

/** Parses a cédula; a bare number is taken as `defaultLetter` (V unless said otherwise). */
export function parseCedula(raw: string, defaultLetter: 'V' | 'E' = 'V'): ParsedIdentifier {
  const m = CEDULA.exec(raw.trim());
  if (!m) return { ok: false, reason: 'not a cédula: expected V-12.345.678, E-81.234.567 or digits' };
  const letter = (m[1] ?? defaultLetter).toUpperCase();
  const digits = m[2]!.replace(/[.\s]/g, '');
  return { ok: true, kind: letter === 'E' ? 'cedula_e' : 'cedula_v', value: digits };
}

/** Normalises an identifier of any kind for storage and exact matching. */
export function normalizeIdentifier(kind: IdentifierKind, raw: string): ParsedIdentifier {
  if (kind === 'cedula_v' || kind === 'cedula_e') {
    const parsed = parseCedula(raw, kind === 'cedula_e' ? 'E' : 'V');
    if (parsed.ok && parsed.kind !== kind) return { ok: false, reason: `the letter contradicts the kind ${kind}` };
    return parsed;
  }
  const value = raw.trim().toUpperCase().replace(/\s+/g, '');
  if (value.length === 0) return { ok: false, reason: 'empty identifier' };
  if (value.length > 40) return { ok: false, reason: 'identifier longer than 40 characters' };
  return { ok: true, kind, value };
}

/** Formats a stored identifier for display: V-12.345.678. */
export function formatIdentifier(kind: IdentifierKind, value: string): string {
  if (kind !== 'cedula_v' && kind !== 'cedula_e') return value;
  const grouped = value.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${kind === 'cedula_e' ? 'E' : 'V'}-${grouped}`;
}
