/**
 * Checks a form against the API's own zod schema before sending it, in the reader's language:
 * zod's words in Spanish or English, and for the formats the schema words itself (dates, country
 * codes), the screen's own hint for the field.
 */
import type { z } from 'zod';
import en from 'zod/v4/locales/en.js';
import es from 'zod/v4/locales/es.js';

const LOCALES = { es: es(), en: en() };

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** The screen's own words: for a required field left empty, and a field's format. */
export type FormWords = { required: string; hint: (field: string) => string | undefined };

export function check<S extends z.ZodType>(schema: S, data: unknown, language: string, words: FormWords): Checked<z.output<S>> {
  const locale = language === 'en' ? LOCALES.en : LOCALES.es;
  const result = schema.safeParse(data, { error: locale.localeError });
  if (result.success) return { ok: true, value: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    const empty = issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1;
    const own = empty ? words.required : issue.code === 'custom' || issue.code === 'invalid_format' ? words.hint(field) : undefined;
    errors[field] ??= own ?? issue.message;
  }
  return { ok: false, errors };
}
