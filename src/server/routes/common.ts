/** Schemas shared by route modules: ids, pagination, the error body. */
import { z } from 'zod';
import { AppError, ERROR_CODES } from '../../shared/app-error.js';

export const IdParamsSchema = z.object({ id: z.uuid() });

export const PaginationSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]),
    message: z.string(),
    details: z.array(
      z.object({
        path: z.string().optional(),
        row: z.number().optional(),
        column: z.string().optional(),
        value: z.string().optional(),
        reason: z.string(),
        suggestions: z
          .array(z.object({ code: z.string(), label: z.string() }))
          .optional()
          .describe('closest known entries, for a value to map'),
      }),
    ),
  }),
});

/** Standard error responses for the OpenAPI document. */
/** A yes/no in a query string: true, false, 1, 0, yes, no, on, off (zod's coerce would read "false" as true). */
export const QueryFlag = z.stringbool().default(false);

export const ERROR_RESPONSES = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema } as const;

/** The record, or a 404 with the standard error shape. */
export function orNotFound<T>(value: T | undefined, what = 'record'): T {
  if (value === undefined) throw new AppError('not_found', `${what} not found`);
  return value;
}
