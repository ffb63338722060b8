/** API tokens of named accounts: 256 random bits behind a recognisable prefix; only their SHA-256 is stored. */
import { createHash, randomBytes } from 'node:crypto';

/** A new account token: "rct_" and 43 base64url characters. */
export function newAccountToken(): string {
  return `rct_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 (hex) of a token: what the database keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
