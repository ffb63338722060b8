/**
 * No text of a request holds a NUL character: PostgreSQL cannot store one, and no name, note or
 * id needs it. One search and one refusal for every part of a request — parameters, query, JSON
 * body (app.ts) and multipart fields (routes/upload.ts).
 */
import { AppError } from '../shared/app-error.js';

/** The path of the first string holding a NUL character in a parsed request part, or null. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
    const found = findNul(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The refusal of a request whose text at `path` holds a NUL character. */
export function nulRefusal(path: string): AppError {
  return new AppError('validation_failed', 'NUL character in the request', {
    details: [{ path, reason: 'the text holds a NUL character (\\u0000), which no field accepts' }],
  });
}
