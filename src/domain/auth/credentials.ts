/**
 * What a password must be, and when sign-in attempts are throttled. Pure: the clock comes in.
 *
 * Passwords follow NIST SP 800-63B and OWASP ASVS 5.0 (V6.2): long rather than complex — at least
 * 12 characters, up to 256, any characters (spaces and emoji included), not the account's name, not
 * one of the most common passwords, no composition rules and no forced expiry.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** The most common passwords at or above the minimum length (from public breach corpora), lower-cased. */
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789012345',
  '1234567890qwerty',
  'qwertyuiopasdfgh',
  'qwertyuiopasdfghjkl',
  'qwerty123456',
  '123456qwerty',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'contraseña123',
  'contrasena123',
  'contraseña1234',
  'contrasena1234',
  'administrator',
  'administrador',
  'administrador1',
  'iloveyou1234',
  'welcome12345',
  'letmein12345',
  'aaaaaaaaaaaa',
  '111111111111',
  '000000000000',
  'abc123456789',
  'abcdefghijkl',
  'venezuela123',
  'venezuela2026',
  'recuento1234',
  'recuento2026',
]);

/** The reasons a new password is refused (empty when it is acceptable). */
export function passwordProblems(password: string, accountName: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`at least ${PASSWORD_MIN_LENGTH} characters (a few unrelated words make a good one)`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) problems.push('not one of the most common passwords');
  const name = accountName.trim().toLowerCase();
  if (name.length >= 3 && lower.includes(name)) problems.push("not containing the account's name");
  if (new Set(password).size <= 2 && length > 0) problems.push('not one or two characters repeated');
  return problems;
}

/** After this many failures in a row, a name (or an address) is locked for LOCK_MS. */
export const MAX_FAILURES_PER_NAME = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const LOCK_MS = 15 * 60 * 1000;
/** Failures older than this are forgotten. */
export const FAILURE_WINDOW_MS = 60 * 60 * 1000;

export type Throttle = { failures: number; firstFailureAt: number; lockedUntil: number | null };

/** True while the key (a name or an address) may not try again. */
export function isLocked(throttle: Throttle | undefined, now: number): boolean {
  return throttle?.lockedUntil != null && throttle.lockedUntil > now;
}

/** The throttle after one more failure: counted in a window, locked when it reaches the limit. */
export function afterFailure(throttle: Throttle | undefined, now: number, limit: number): Throttle {
  const fresh = !throttle || now - throttle.firstFailureAt > FAILURE_WINDOW_MS || (throttle.lockedUntil != null && throttle.lockedUntil <= now);
  const failures = fresh ? 1 : throttle.failures + 1;
  return {
    failures,
    firstFailureAt: fresh ? now : throttle.firstFailureAt,
    lockedUntil: failures >= limit ? now + LOCK_MS : null,
  };
}
