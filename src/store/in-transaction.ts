import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Runs the work in the transaction already open (a caller's that makes several records at once), or in a new one. */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
