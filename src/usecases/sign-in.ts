/**
 * Signing in to the web UI: a password checked against its Argon2id hash, then a TOTP code (or a
 * single-use recovery code) for the roles that need one, then a new session. Failures are
 * throttled per name and per address, and every failure — unknown name, wrong password, wrong
 * code, locked — gives the same answer after the same work, so the answer never tells whether an
 * account exists.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { afterFailure, isLocked, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_NAME, passwordProblems, type Throttle } from '../domain/auth/credentials.js';
import { base32Encode, matchTotp, otpauthUri } from '../domain/auth/totp.js';
import { allKeys, fieldContext, type MasterKeys, open, seal } from '../io/secrets.js';
import { AppError } from '../shared/app-error.js';
import { type Role, SECOND_FACTOR_ROLES } from '../shared/roles.js';
import {
  type Credentials,
  claimTotpStep,
  clearThrottles,
  credentialsById,
  credentialsByName,
  enableTotp,
  insertSession,
  readThrottles,
  setPasswordHash,
  setPendingTotp,
  spendRecoveryCode,
  updateThrottle,
} from '../store/accounts.js';
import type { Database } from '../store/schema.js';
import { hashToken } from './account-tokens.js';

type Db = Kysely<Database>;

/** OWASP's Argon2id parameters: 19 MiB of memory, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };

const SIGN_IN_FAILED = 'The name, password or code is not right, or there were too many attempts. Check them and try again; after 5 failures, wait 15 minutes.';

/** Hashes a new password after checking it against the rules (the reasons name no secret). */
export async function hashNewPassword(password: string, accountName: string): Promise<string> {
  const problems = passwordProblems(password, accountName);
  if (problems.length > 0) {
    throw new AppError('validation_failed', 'weak password', {
      publicMessage: `The password must be ${problems.join('; ')}.`,
      details: problems.map((reason) => ({ path: 'password', reason })),
    });
  }
  return hash(password.normalize('NFC'), ARGON2_OPTIONS);
}

let decoy: Promise<string> | undefined;
/** A hash of nothing anyone knows: checked against when the name is unknown, so timing tells nothing. */
function decoyHash(): Promise<string> {
  decoy ??= hash(randomBytes(32).toString('base64url'), ARGON2_OPTIONS);
  return decoy;
}

async function passwordMatches(account: Credentials | undefined, password: string): Promise<boolean> {
  // Awaited whoever asks, so the first unknown name does not take longer than a known one.
  const decoyStored = await decoyHash();
  const stored = account?.passwordHash ?? decoyStored;
  const ok = await verify(stored, password.normalize('NFC')).catch(() => false);
  return ok && account?.passwordHash != null && account.disabledAt === null;
}

function throttleKeys(name: string, ip: string): { name: string; address: string } {
  return { name: `name:${hashToken(name.trim().toLowerCase())}`, address: `address:${hashToken(ip)}` };
}

export const hmacSha1 = (key: Uint8Array, message: Uint8Array) => new Uint8Array(createHmac('sha1', key).update(message).digest());

function totpContext(accountId: string): string {
  return fieldContext('accounts', accountId, 'totp_secret');
}

/**
 * A session's CSRF token, derived from the cookie's value: the page reads it from GET /api/session
 * (which another site cannot read) and sends it back in a header; a forged request cannot.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`recuento/csrf/v1\n${sessionToken}`).digest('base64url');
}

/** A session's name in lists: 64 bits of a hash of its stored hash; it opens nothing. */
export function sessionRef(idHash: string): string {
  return createHash('sha256').update(`recuento/session-ref/v1\n${idHash}`).digest('hex').slice(0, 16);
}

/** A new session: 256 random bits in the cookie; only its SHA-256 (and its CSRF token's) is kept. */
export async function startSession(db: Db, accountId: string, secondFactorDone: boolean, ip: string): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = csrfTokenOf(token);
  await insertSession(db, { idHash: hashToken(token), accountId, csrfHash: hashToken(csrf), secondFactorDone, ip });
  return { token, csrf };
}

export type SignInResult = {
  account: { id: string; name: string; role: Role };
  /** done: fully signed in; enrol: the role needs a second factor not yet set up (only that is allowed). */
  secondFactor: 'done' | 'enrol';
  session: { token: string; csrf: string };
};

/** Checks a sign-in; throws the one generic refusal on any failure, or asks for the code. */
export async function signIn(
  db: Db,
  masterKeys: MasterKeys,
  attempt: { name: string; password: string; code?: string | undefined; ip: string },
  now = Date.now(),
): Promise<SignInResult> {
  const keys = throttleKeys(attempt.name, attempt.ip);
  const throttles = await readThrottles(db, [keys.name, keys.address]);
  if (isLocked(throttles.get(keys.address), now)) {
    throw new AppError('too_many_requests', 'address locked', { publicMessage: 'Too many failed sign-ins from this address: wait 15 minutes.' });
  }
  const account = await credentialsByName(db, attempt.name);
  const locked = isLocked(throttles.get(keys.name), now);
  // The password is checked even when locked or unknown: the same work, the same answer.
  const passwordOk = await passwordMatches(account, attempt.password);
  const fail = async (reason: string): Promise<never> => {
    // A lock is not lengthened by attempts made during it: the owner is back after 15 minutes.
    if (!locked) await updateThrottle(db, keys.name, (current) => afterFailure(current as Throttle | undefined, now, MAX_FAILURES_PER_NAME));
    await updateThrottle(db, keys.address, (current) => afterFailure(current as Throttle | undefined, now, MAX_FAILURES_PER_ADDRESS));
    throw new AppError('unauthenticated', `sign-in refused: ${reason}`, { publicMessage: SIGN_IN_FAILED });
  };
  if (locked) return fail('locked');
  if (!account || !passwordOk) return fail(account ? 'wrong password or disabled' : 'unknown name');

  const role = account.role as Role;
  const needsSecondFactor = SECOND_FACTOR_ROLES.includes(role);
  let secondFactor: SignInResult['secondFactor'] = 'done';
  if (account.totpEnabledAt) {
    const code = attempt.code?.trim();
    if (!code) {
      throw new AppError('unauthenticated', 'second factor needed', {
        publicMessage: 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
        details: [{ path: 'code', reason: 'required' }],
      });
    }
    if (!(await secondFactorMatches(db, masterKeys, account, code, now))) return fail('wrong code');
  } else if (needsSecondFactor) {
    secondFactor = 'enrol';
  }
  await clearThrottles(db, [keys.name]);
  const session = await startSession(db, account.id, secondFactor === 'done', attempt.ip);
  return { account: { id: account.id, name: account.name, role }, secondFactor, session };
}

async function secondFactorMatches(db: Db, masterKeys: MasterKeys, account: Credentials, code: string, now: number): Promise<boolean> {
  if (/^\d[\d\s]*$/.test(code)) {
    const secret = open(allKeys(masterKeys), account.totpSecret ?? '', totpContext(account.id), 'The second-factor secret');
    const step = matchTotp(hmacSha1, secret, code, now, account.totpLastStep);
    return step !== undefined && (await claimTotpStep(db, account.id, step));
  }
  return spendRecoveryCode(db, account.id, hashToken(normaliseRecoveryCode(code)));
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** Starts setting up an authenticator app: a new secret, sealed, shown once (as text and as a URI). */
export async function startTotpEnrolment(db: Db, masterKeys: MasterKeys, accountId: string, issuer: string): Promise<{ secret: string; uri: string }> {
  const account = await credentialsById(db, accountId);
  if (!account) throw new AppError('not_found', 'no account');
  if (account.totpEnabledAt) {
    throw new AppError('conflict', 'second factor already on', {
      publicMessage: 'A second factor is already set up. To move it to a new phone, ask an administrator to reset it (recuento user reset-2fa).',
    });
  }
  const secret = randomBytes(20);
  await setPendingTotp(db, accountId, seal(masterKeys.current, secret, totpContext(accountId)));
  return { secret: base32Encode(secret), uri: otpauthUri(issuer, account.name, secret) };
}

/** Confirms the authenticator app with a code from it; turns the factor on and returns 10 recovery codes, shown once. */
export async function confirmTotpEnrolment(db: Db, masterKeys: MasterKeys, accountId: string, code: string, now = Date.now()): Promise<string[]> {
  const account = await credentialsById(db, accountId);
  if (!account?.totpSecret || account.totpEnabledAt) {
    throw new AppError('conflict', 'no enrolment in progress', { publicMessage: 'Start setting up the authenticator app first.' });
  }
  const secret = open(allKeys(masterKeys), account.totpSecret, totpContext(accountId), 'The second-factor secret');
  const step = matchTotp(hmacSha1, secret, code, now, null);
  if (step === undefined) {
    throw new AppError('validation_failed', 'wrong enrolment code', {
      publicMessage: 'That code does not match. Check the phone’s clock and enter the code now shown.',
      details: [{ path: 'code', reason: 'does not match' }],
    });
  }
  // 120 random bits each: enough (≥ 112, OWASP ASVS 6.5.2) for a plain SHA-256 to keep them.
  const codes = Array.from({ length: 10 }, () => base32Encode(randomBytes(15)).toLowerCase().match(/.{4}/g)!.join('-'));
  await enableTotp(
    db,
    accountId,
    step,
    codes.map((c) => hashToken(normaliseRecoveryCode(c))),
  );
  return codes;
}

/** Changes one's own password (the current one is asked again); ends the account's other sessions. */
export async function changePassword(
  db: Db,
  accountId: string,
  passwords: { current: string; next: string },
  keepSessionHash: string | undefined,
): Promise<void> {
  const account = await reauthenticate(db, accountId, passwords.current, 'current');
  await setPasswordHash(db, accountId, await hashNewPassword(passwords.next, account.name), keepSessionHash);
}

/**
 * Asks a signed-in person for their password again before something that touches their access
 * (a new password, ending their sessions). Failures count towards the name's lock, as at sign-in,
 * so a stolen session cannot be used to guess the password; `field` names the form's field.
 */
export async function reauthenticate(db: Db, accountId: string, password: string, field: string, now = Date.now()): Promise<Credentials> {
  const account = await credentialsById(db, accountId);
  if (!account) throw new AppError('not_found', 'no account');
  const key = throttleKeys(account.name, '').name;
  const throttle = (await readThrottles(db, [key])).get(key);
  if (isLocked(throttle, now)) {
    throw new AppError('too_many_requests', 'name locked', { publicMessage: 'Too many wrong passwords: wait 15 minutes and try again.' });
  }
  if (!(await passwordMatches(account, password))) {
    await updateThrottle(db, key, (current) => afterFailure(current as Throttle | undefined, now, MAX_FAILURES_PER_NAME));
    throw new AppError('validation_failed', 'password wrong', {
      publicMessage: 'The current password is not right.',
      details: [{ path: field, reason: 'does not match' }],
    });
  }
  await clearThrottles(db, [key]);
  return account;
}
