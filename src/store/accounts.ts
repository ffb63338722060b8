/** Named accounts with a role, and their API tokens (only a SHA-256 of each token is kept). */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;
export type Account = { id: string; name: string; role: string; createdAt: string; disabledAt: string | null };

export async function createAccount(db: Db, fields: { name: string; role: string }): Promise<Account> {
  return translateErrors(() =>
    db
      .insertInto('accounts')
      .values({ id: newTimeOrderedId(), name: fields.name, role: fields.role })
      .returning(['id', 'name', 'role', 'createdAt', 'disabledAt'])
      .executeTakeFirstOrThrow(),
  );
}

export async function listAccounts(db: Db): Promise<Account[]> {
  return db.selectFrom('accounts').select(['id', 'name', 'role', 'createdAt', 'disabledAt']).orderBy('name').execute();
}

export async function findAccountByName(db: Db, name: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').select(['id', 'name', 'role', 'createdAt', 'disabledAt']).where('name', '=', name).executeTakeFirst();
}

export async function getAccounts(db: Db, ids: readonly string[]): Promise<Account[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('accounts')
    .select(['id', 'name', 'role', 'createdAt', 'disabledAt'])
    .where('id', 'in', [...ids])
    .execute();
}

export async function insertToken(db: Db, fields: { accountId: string; tokenHash: string; label: string }): Promise<{ id: string }> {
  return db
    .insertInto('apiTokens')
    .values({ id: newTimeOrderedId(), ...fields })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** The account a token belongs to, when the token is live and the account enabled. */
export async function accountOfToken(db: Db, tokenHash: string): Promise<Account | undefined> {
  return db
    .selectFrom('apiTokens as t')
    .innerJoin('accounts as a', 'a.id', 't.accountId')
    .select(['a.id', 'a.name', 'a.role', 'a.createdAt', 'a.disabledAt'])
    .where('t.tokenHash', '=', tokenHash)
    .where('t.revokedAt', 'is', null)
    .where('a.disabledAt', 'is', null)
    .executeTakeFirst();
}

export async function listTokens(db: Db, accountId: string) {
  return db.selectFrom('apiTokens').select(['id', 'label', 'createdAt', 'revokedAt']).where('accountId', '=', accountId).orderBy('id').execute();
}

/** Revokes a token; false when there is no live token with that id. */
export async function revokeToken(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('apiTokens')
    .set({ revokedAt: new Date().toISOString() })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
