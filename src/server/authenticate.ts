/**
 * Works out who is calling: the local administrator (the token kept in the data folder), a named
 * account (an API token "rct_…", of which only the SHA-256 is stored), or the anonymous public.
 * Tokens are compared in constant time or by hash, and never logged.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hashToken } from '../io/account-tokens.js';
import { AppError } from '../shared/app-error.js';
import { ACCOUNT_TOKEN_PATTERN, type Role } from '../shared/roles.js';
import type { Actor } from './policies/index.js';

export type AccountLookup = (tokenHash: string) => Promise<{ id: string; name: string; role: string } | undefined>;

/** Resolves the actor; a malformed or wrong token is an error, not a silent downgrade. */
export async function authenticate(request: FastifyRequest, adminToken: string, findAccount: AccountLookup): Promise<Actor> {
  const header = request.headers.authorization;
  if (!header) return { kind: 'public' };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('unauthenticated', 'malformed authorization header', { publicMessage: 'Use "Authorization: Bearer <token>".' });
  const token = match[1]!;
  if (ACCOUNT_TOKEN_PATTERN.test(token)) {
    const account = await findAccount(hashToken(token));
    if (!account) throw new AppError('unauthenticated', 'unknown or revoked account token', { publicMessage: 'The token is not valid.' });
    return { kind: 'account', id: account.id, name: account.name, role: account.role as Role };
  }
  const given = Buffer.from(token);
  const expected = Buffer.from(adminToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('unauthenticated', 'wrong token', { publicMessage: 'The token is not valid.' });
  }
  return { kind: 'admin' };
}
