/**
 * Mapping files (JSON) as people write them: parsed once, checked against their schema,
 * every problem named by its place in the mapping. One reader for the persons', the
 * case-history and the claimed-list mappings, from the command line and the API.
 */
import type { z } from 'zod';
import { AppError } from '../shared/app-error.js';

/** The JSON of a mapping; `origin` says where it came from ("mapping.json", 'in the "mapping" field'). */
export function parseMappingJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('validation_failed', 'mapping is not JSON', { publicMessage: `The mapping ${origin} is not valid JSON.` });
  }
}

/** Checks a mapping's JSON against its schema; `docs` names the page that describes the format. */
export function checkMapping<T>(schema: z.ZodType<T>, json: unknown, origin: string, docs: string): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'mapping invalid', {
      publicMessage: `The mapping ${origin} is not valid: see the details and ${docs}.`,
      details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), reason: i.message })),
    });
  }
  return parsed.data;
}
