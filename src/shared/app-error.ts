/**
 * The one error type of the application. `code` is a closed, documented set; `message`
 * is internal (may name tables and constraints, never personal data); `publicMessage`
 * is safe to show anyone. src/server/errors.ts maps codes to HTTP statuses.
 */

export const ERROR_CODES = {
  validation_failed: 'The request is not valid.',
  not_found: 'Nothing was found at this address.',
  conflict: 'This conflicts with a record that already exists.',
  stale_version: 'Someone changed this record since you opened it; nothing was written. Compare both versions and save again.',
  invalid_reference: 'The request refers to a record that does not exist.',
  unauthenticated: 'You need to sign in for this.',
  forbidden: 'You are not allowed to do this.',
  import_rejected: 'The file was rejected; nothing was written. See the list of problems.',
  payload_too_large: 'The request is too large.',
  too_many_requests: 'Too many attempts: wait a few minutes and try again.',
  integrity_failed: 'Stored data failed its integrity check; it is not shown.',
  unsupported_media_type: 'This content type is not accepted here.',
  database_unavailable: 'The database is not available right now.',
  busy: 'The server is busy: try again in a few seconds.',
  disk_full: 'The disk is full: nothing was written.',
  internal: 'Something went wrong on our side. Nothing was changed.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One detail of a validation or import problem: where, and why. */
export type ErrorDetail = {
  path?: string;
  row?: number | undefined;
  column?: string;
  value?: string;
  reason: string;
  /** For a value the vocabulary does not know: its closest entries, for the person to choose from. */
  suggestions?: { code: string; label: string }[];
};

/** An expected failure with a stable code, safe to report to users. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly publicMessage: string;
  readonly details: readonly ErrorDetail[];

  constructor(code: ErrorCode, message: string, options: { publicMessage?: string; details?: readonly ErrorDetail[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.publicMessage = options.publicMessage ?? ERROR_CODES[code];
    this.details = options.details ?? [];
  }
}

/** True for an AppError with the given code (or any code when omitted). */
export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
