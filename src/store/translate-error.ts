/**
 * Turns PostgreSQL errors into AppErrors. Constraint names are kept in the internal
 * message only: a unique-violation detail can echo the conflicting value, which may be
 * personal data, so it is never copied.
 */
import { AppError } from '../shared/app-error.js';

type PgError = { code?: string; constraint?: string; table?: string; column?: string };

/** Runs `work`, rethrowing database constraint violations as AppErrors. */
export async function translateErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateError(error);
  }
}

/** Maps one error; anything unknown passes through unchanged. */
export function translateError(error: unknown): unknown {
  if (error instanceof AppError || typeof error !== 'object' || error === null) return error;
  const pg = error as PgError;
  const where = [pg.table, pg.constraint].filter(Boolean).join('.');
  switch (pg.code) {
    case '23505':
      return new AppError('conflict', `unique violation on ${where}`, { publicMessage: conflictMessage(pg.constraint), cause: error });
    case '23503':
      return new AppError('invalid_reference', `foreign key violation on ${where}`, { cause: error });
    case '23514':
    case '23502':
    case '22P02':
    case '22007':
    case '22008':
    case '22021': // a character the database cannot store (a NUL)
    case '22P05':
      return new AppError('validation_failed', `database rejected a value (${pg.code}) on ${where}`, { cause: error });
    default:
      if (isConnectionFailure(error)) {
        return Object.assign(new AppError('database_unavailable', `database connection failed (${pg.code ?? 'connection lost'})`, { cause: error }), {
          retryAfterSeconds: 5,
        });
      }
      return error;
  }
}

/** Connection classes and shutdowns (08xxx, 57P0x) and the socket errors of a server gone away. */
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'EHOSTUNREACH']);

/** True when the database cannot be reached (stopped, restarting, the network down), not when a query is wrong. */
export function isConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: string; message?: string };
  if (code && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  // the driver's own words when the server went away mid-query (a client's dropped upload is not one)
  return /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed/i.test(message ?? '');
}

function conflictMessage(constraint: string | undefined): string {
  if (constraint === 'person_identifiers_pkey') return 'This identifier already belongs to another person.';
  if (constraint === 'persons_external_id_key') return 'A person with this external id already exists.';
  if (constraint === 'facilities_code_key') return 'A facility with this code already exists.';
  return 'This conflicts with a record that already exists.';
}
