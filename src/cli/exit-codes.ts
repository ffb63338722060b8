/** Exit codes of the recuento command; documented in `recuento --help` and the README. */
import { type ErrorCode, isAppError } from '../shared/app-error.js';

export const EXIT = {
  ok: 0,
  failure: 1, // unexpected: a bug or an environment problem; see the message
  usage: 2, // wrong command line
  rejected: 3, // the input was refused (bad file, bad mapping, invalid value); nothing was written
  unavailable: 4, // the database could not be reached or opened
  conflict: 5, // the target already holds data (restore without --force), the folder is in use, a master key is missing
  failedCheck: 6, // a verification did not hold (log verify, prove, witness; audit verify; check)
} as const;

export function exitCodeFor(error: unknown): number {
  if (!isAppError(error)) return EXIT.failure;
  const byCode: Partial<Record<ErrorCode, number>> = {
    validation_failed: EXIT.rejected,
    import_rejected: EXIT.rejected,
    invalid_reference: EXIT.rejected,
    not_found: EXIT.rejected,
    conflict: EXIT.conflict,
    stale_version: EXIT.conflict,
    database_unavailable: EXIT.unavailable,
    integrity_failed: EXIT.failedCheck,
  };
  return byCode[error.code] ?? EXIT.failure;
}

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  unexpected failure (see the message)
  2  wrong command line
  3  input rejected (bad file, mapping or value); nothing was written
  4  database unavailable
  5  target already holds data (use --force to replace it), the data folder is in use,
     or its master key is missing (serve)
  6  a check did not hold (log verify, log prove, log witness, audit verify, check): see the line marked ✗`;
