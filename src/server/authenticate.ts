/**
 * Works out who is calling: the local administrator (the token kept in the data folder), a named
 * account by an API token ("rct_…", of which only the SHA-256 is stored) or by a web session
 * cookie (likewise), or the anonymous public. Tokens are compared in constant time or by hash, and
 * never logged. A session's requests that change something must carry its CSRF token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/app-error.js';
import { ACCOUNT_TOKEN_PATTERN, CSRF_HEADER, type Role, SESSION_COOKIE } from '../shared/roles.js';
import type { Session } from '../store/accounts.js';
import { hashToken } from '../usecases/account-tokens.js';
import type { Actor } from './policies/index.js';

export type AccountLookup = (tokenHash: string) => Promise<{ id: string; name: string; role: string; scopes: string[] | null } | undefined>;
export type SessionLookup = (idHash: string) => Promise<(Session & { account: { id: string; name: string; role: string } }) | undefined>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the actor; a malformed or wrong token is an error, not a silent downgrade. */
export async function authenticate(request: FastifyRequest, adminToken: string, findAccount: AccountLookup, findSession: SessionLookup): Promise<Actor> {
  const header = request.headers.authorization;
  if (!header) return sessionActor(request, findSession);
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('unauthenticated', 'malformed authorization header', { publicMessage: 'Use "Authorization: Bearer <token>".' });
  const token = match[1]!;
  if (ACCOUNT_TOKEN_PATTERN.test(token)) {
    const account = await findAccount(hashToken(token));
    if (!account) throw new AppError('unauthenticated', 'unknown or revoked account token', { publicMessage: 'The token is not valid.' });
    return { kind: 'account', id: account.id, name: account.name, role: account.role as Role, via: 'token', scopes: account.scopes ?? undefined };
  }
  const given = Buffer.from(token);
  const expected = Buffer.from(adminToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('unauthenticated', 'wrong token', { publicMessage: 'The token is not valid.' });
  }
  return { kind: 'admin' };
}

/** The session cookie's value, if the request has one. */
export function sessionCookie(request: FastifyRequest): string | undefined {
  const cookies = request.headers.cookie;
  if (!cookies) return undefined;
  const values = new Map<string, string>();
  for (const part of cookies.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) values.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const value = values.get(SESSION_COOKIE.secure) ?? values.get(SESSION_COOKIE.plain);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

async function sessionActor(request: FastifyRequest, findSession: SessionLookup): Promise<Actor> {
  const token = sessionCookie(request);
  if (!token) return { kind: 'public' };
  const session = await findSession(hashToken(token));
  if (!session) {
    // Expired, ended or unknown: the caller is the public again, and the browser forgets the cookie.
    request.staleSession = true;
    return { kind: 'public' };
  }
  // Signing in is exempt (the page has no token before it; the Origin check and SameSite=Strict
  // stop other sites). Signing out is not: no other page may end someone's session.
  const signingIn = request.method === 'POST' && request.routeOptions.config.policy === 'session.signin';
  if (!SAFE_METHODS.has(request.method) && !signingIn) {
    const given = request.headers[CSRF_HEADER];
    const ok = typeof given === 'string' && given.length < 100 && timingSafeEqual(Buffer.from(hashToken(given)), Buffer.from(session.csrfHash));
    if (!ok) {
      throw new AppError('forbidden', 'missing or wrong CSRF token', {
        publicMessage: `This request did not carry the page's security token (${CSRF_HEADER}); reload the page and try again.`,
      });
    }
  }
  return {
    kind: 'account',
    id: session.account.id,
    name: session.account.name,
    role: session.account.role as Role,
    via: 'session',
    sessionHash: session.idHash,
    secondFactorPending: !session.secondFactorDone,
  };
}

/**
 * Refuses a cross-site request that changes something: when the browser names the page it came
 * from (Origin), it must be this server. Scripts that send no Origin are not browsers.
 */
export function checkOrigin(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== request.host) {
    throw new AppError('forbidden', 'cross-origin request', { publicMessage: 'Requests that change something must come from this site’s own pages.' });
  }
}

/** Sets (or, with null, clears) the session cookie: HttpOnly, SameSite=Strict; "__Host-" and Secure over HTTPS. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string | null, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https';
  const name = secure ? SESSION_COOKIE.secure : SESSION_COOKIE.plain;
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : []), `Max-Age=${token ? maxAgeSeconds : 0}`];
  reply.header('set-cookie', `${name}=${token ?? ''}; ${attributes.join('; ')}`);
}
