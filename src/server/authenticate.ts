/**
 * Works out who is calling. For now: a request bearing the administrator token is the
 * administrator; anything else is the anonymous public. The token is compared in
 * constant time and never logged.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../shared/app-error.js';
import type { Actor } from './policies/index.js';

/** Resolves the actor; a malformed or wrong token is an error, not a silent downgrade. */
export function authenticate(request: FastifyRequest, adminToken: string): Actor {
  const header = request.headers.authorization;
  if (!header) return { kind: 'public' };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('unauthenticated', 'malformed authorization header', { publicMessage: 'Use "Authorization: Bearer <token>".' });
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(adminToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('unauthenticated', 'wrong token', { publicMessage: 'The token is not valid.' });
  }
  return { kind: 'admin' };
}
