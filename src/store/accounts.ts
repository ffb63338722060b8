/** Named accounts with a role, and their API tokens (only a SHA-256 of each token is kept). */
import { type Kysely, sql } from 'kysely';
import { inTransaction } from './in-transaction.js';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;
export type Account = { id: string; name: string; role: string; createdAt: string; disabledAt: string | null };

export async function createAccount(db: Db, fields: { name: string; role: string; passwordHash?: string | undefined }): Promise<Account> {
  return translateErrors(() =>
    db
      .insertInto('accounts')
      .values({
        id: newTimeOrderedId(),
        name: fields.name,
        role: fields.role,
        ...(fields.passwordHash ? { passwordHash: fields.passwordHash, passwordChangedAt: new Date().toISOString() } : {}),
      })
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

export async function insertToken(db: Db, fields: { accountId: string; tokenHash: string; label: string; scopes?: string[] | null }): Promise<{ id: string }> {
  return db
    .insertInto('apiTokens')
    .values({ id: newTimeOrderedId(), ...fields })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** The account a token belongs to, when the token is live and the account enabled. */
export async function accountOfToken(db: Db, tokenHash: string): Promise<(Account & { scopes: string[] | null }) | undefined> {
  return db
    .selectFrom('apiTokens as t')
    .innerJoin('accounts as a', 'a.id', 't.accountId')
    .select(['a.id', 'a.name', 'a.role', 'a.createdAt', 'a.disabledAt', 't.scopes'])
    .where('t.tokenHash', '=', tokenHash)
    .where('t.revokedAt', 'is', null)
    .where('a.disabledAt', 'is', null)
    .executeTakeFirst();
}

export async function listTokens(db: Db, accountId: string) {
  return db.selectFrom('apiTokens').select(['id', 'label', 'createdAt', 'revokedAt', 'scopes']).where('accountId', '=', accountId).orderBy('id').execute();
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

/** What signing in needs to know of an account (its secrets stay sealed or hashed). */
export type Credentials = {
  id: string;
  name: string;
  role: string;
  disabledAt: string | null;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabledAt: string | null;
  totpLastStep: number | null;
};

const CREDENTIAL_COLUMNS = ['id', 'name', 'role', 'disabledAt', 'passwordHash', 'totpSecret', 'totpEnabledAt', 'totpLastStep'] as const;

export async function credentialsByName(db: Db, name: string): Promise<Credentials | undefined> {
  return db.selectFrom('accounts').select(CREDENTIAL_COLUMNS).where('name', '=', name).executeTakeFirst();
}

export async function credentialsById(db: Db, id: string): Promise<Credentials | undefined> {
  return db.selectFrom('accounts').select(CREDENTIAL_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Sets an account's password hash and ends its sessions (all, or all but one). */
export async function setPasswordHash(db: Db, accountId: string, passwordHash: string, keepSessionHash?: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ passwordHash, passwordChangedAt: new Date().toISOString() }).where('id', '=', accountId).execute();
    await endSessionsOf(trx, accountId, keepSessionHash);
  });
}

/** Stores a sealed TOTP secret not yet confirmed (enrolment starts). */
export async function setPendingTotp(db: Db, accountId: string, sealedSecret: string): Promise<void> {
  await db.updateTable('accounts').set({ totpSecret: sealedSecret, totpEnabledAt: null, totpLastStep: null }).where('id', '=', accountId).execute();
}

/** Turns the second factor on with its first used step, replacing any recovery codes. */
export async function enableTotp(db: Db, accountId: string, step: number, recoveryCodeHashes: readonly string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ totpEnabledAt: new Date().toISOString(), totpLastStep: step }).where('id', '=', accountId).execute();
    await trx.deleteFrom('recoveryCodes').where('accountId', '=', accountId).execute();
    await trx
      .insertInto('recoveryCodes')
      .values(recoveryCodeHashes.map((codeHash) => ({ id: newTimeOrderedId(), accountId, codeHash })))
      .execute();
  });
}

/** Removes the second factor (an administrator's reset when a phone is lost) and ends the sessions. */
export async function clearTotp(db: Db, accountId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where('id', '=', accountId).execute();
    await trx.deleteFrom('recoveryCodes').where('accountId', '=', accountId).execute();
    await endSessionsOf(trx, accountId);
  });
}

/** Records a used TOTP step; false when it (or a later one) was used already — a replay. */
export async function claimTotpStep(db: Db, accountId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ totpLastStep: step })
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Uses a recovery code once; false when it is not a live code of this account. */
export async function spendRecoveryCode(db: Db, accountId: string, codeHash: string): Promise<boolean> {
  const result = await db
    .updateTable('recoveryCodes')
    .set({ usedAt: new Date().toISOString() })
    .where('accountId', '=', accountId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodes(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('recoveryCodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('accountId', '=', accountId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type Session = { idHash: string; accountId: string; csrfHash: string; secondFactorDone: boolean; createdAt: string; lastSeenAt: string };

export async function insertSession(
  db: Db,
  session: { idHash: string; accountId: string; csrfHash: string; secondFactorDone: boolean; ip: string },
): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** What makes a session (aliased s) live: not ended, used within the idle time, begun within the absolute time. */
function isLive(limits: { idleMs: number; absoluteMs: number }) {
  return sql<boolean>`s.ended_at is null and s.last_seen_at > now() - ${`${limits.idleMs} milliseconds`}::interval and s.created_at > now() - ${`${limits.absoluteMs} milliseconds`}::interval`;
}

/**
 * A live session and its enabled account: not ended, seen within `idleMs`, made within
 * `absoluteMs`. Touches last_seen_at at most once a minute (or a tenth of the idle time): fewer
 * writes, and the idle bound moves by at most that.
 */
export async function liveSession(
  db: Db,
  idHash: string,
  limits: { idleMs: number; absoluteMs: number },
): Promise<(Session & { account: Account }) | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.accountId')
    .select([
      's.idHash',
      's.accountId',
      's.csrfHash',
      's.secondFactorDone',
      's.createdAt',
      's.lastSeenAt',
      'a.name',
      'a.role',
      'a.createdAt as accountCreatedAt',
    ])
    .where('s.idHash', '=', idHash)
    .where('a.disabledAt', 'is', null)
    .where(isLive(limits))
    .executeTakeFirst();
  if (!row) return undefined;
  await db
    .updateTable('sessions')
    .set({ lastSeenAt: sql<string>`now()` })
    .where('idHash', '=', idHash)
    .where(sql<boolean>`last_seen_at < now() - ${`${Math.min(60_000, Math.floor(limits.idleMs / 10))} milliseconds`}::interval`)
    .execute();
  return {
    idHash: row.idHash,
    accountId: row.accountId,
    csrfHash: row.csrfHash,
    secondFactorDone: row.secondFactorDone,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    account: { id: row.accountId, name: row.name, role: row.role, createdAt: row.accountCreatedAt, disabledAt: null },
  };
}

/** An account's live sessions, newest first: when each began and was last used, and from where. */
export async function liveSessionsOf(
  db: Db,
  accountId: string,
  limits: { idleMs: number; absoluteMs: number },
): Promise<{ idHash: string; createdAt: string; lastSeenAt: string; ip: string; secondFactorDone: boolean }[]> {
  const rows = await db
    .selectFrom('sessions as s')
    .select(['s.idHash', 's.createdAt', 's.lastSeenAt', 's.ip', 's.secondFactorDone'])
    .where('s.accountId', '=', accountId)
    .where(isLive(limits))
    .orderBy('s.createdAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString(), lastSeenAt: new Date(r.lastSeenAt).toISOString() }));
}

export async function endSession(db: Db, idHash: string): Promise<void> {
  await db.updateTable('sessions').set({ endedAt: new Date().toISOString() }).where('idHash', '=', idHash).where('endedAt', 'is', null).execute();
}

/** Ends live sessions: one account's (all but one, maybe) or, with accountId null, everyone's. Returns how many. */
export async function endSessionsOf(db: Db, accountId: string | null, exceptHash?: string): Promise<number> {
  let query = db.updateTable('sessions').set({ endedAt: new Date().toISOString() }).where('endedAt', 'is', null);
  if (accountId !== null) query = query.where('accountId', '=', accountId);
  if (exceptHash) query = query.where('idHash', '<>', exceptHash);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends an account's sessions and refuses its tokens from now on. */
export async function disableAccount(db: Db, accountId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ disabledAt: new Date().toISOString() }).where('id', '=', accountId).execute();
    await endSessionsOf(trx, accountId);
  });
}

export type ThrottleRow = { failures: number; firstFailureAt: number; lockedUntil: number | null };

export async function readThrottles(db: Db, keys: readonly string[]): Promise<Map<string, ThrottleRow>> {
  const rows = await db
    .selectFrom('loginThrottle')
    .selectAll()
    .where('key', 'in', [...keys])
    .execute();
  return new Map(
    rows.map((r) => [
      r.key,
      { failures: r.failures, firstFailureAt: Date.parse(r.firstFailureAt), lockedUntil: r.lockedUntil ? Date.parse(r.lockedUntil) : null },
    ]),
  );
}

/**
 * Counts a failure under `key`: reads its throttle and writes what `next` makes of it, one writer
 * at a time (an advisory lock per key), so failures sent to several servers at once all count.
 */
export async function updateThrottle(db: Kysely<Database>, key: string, next: (current: ThrottleRow | undefined) => ThrottleRow): Promise<void> {
  await inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`throttle:${key}`}))`.execute(trx);
    const throttle = next((await readThrottles(trx, [key])).get(key));
    const values = {
      failures: throttle.failures,
      firstFailureAt: new Date(throttle.firstFailureAt).toISOString(),
      lockedUntil: throttle.lockedUntil === null ? null : new Date(throttle.lockedUntil).toISOString(),
    };
    await trx
      .insertInto('loginThrottle')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
  });
}

export async function clearThrottles(db: Db, keys: readonly string[]): Promise<void> {
  await db
    .deleteFrom('loginThrottle')
    .where('key', 'in', [...keys])
    .execute();
}
