import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, LOCK_MS, MAX_FAILURES_PER_NAME, passwordProblems } from './credentials.js';

describe('password rules', () => {
  it('takes long passphrases in any script and refuses short, common or name-based ones', () => {
    expect(passwordProblems('tres tristes tigres comen trigo', 'ana')).toEqual([]);
    expect(passwordProblems('ñandú–🐦–cóndor', 'ana')).toEqual([]);
    expect(passwordProblems('short', 'ana')[0]).toMatch(/at least 12/);
    expect(passwordProblems('Password1234', 'ana')).toEqual(['not one of the most common passwords']);
    expect(passwordProblems('mariagonzalez-2026', 'MariaGonzalez')).toEqual(["not containing the account's name"]);
    expect(passwordProblems('abababababababab', 'x')).toEqual(['not one or two characters repeated']);
    expect(passwordProblems('x'.repeat(257), 'ana')).toContain('at most 256 characters');
  });
});

describe('sign-in throttling', () => {
  it('locks after the limit of failures, for a while, then forgets', () => {
    let throttle = undefined as ReturnType<typeof afterFailure> | undefined;
    const t0 = 1_000_000;
    for (let i = 1; i < MAX_FAILURES_PER_NAME; i++) {
      throttle = afterFailure(throttle, t0 + i, MAX_FAILURES_PER_NAME);
      expect(isLocked(throttle, t0 + i)).toBe(false);
    }
    throttle = afterFailure(throttle, t0 + 10, MAX_FAILURES_PER_NAME);
    expect(isLocked(throttle, t0 + 11)).toBe(true);
    expect(isLocked(throttle, t0 + 10 + LOCK_MS + 1)).toBe(false);
    // After the lock ends, counting starts again.
    expect(afterFailure(throttle, t0 + 10 + LOCK_MS + 1, MAX_FAILURES_PER_NAME).failures).toBe(1);
  });
});
