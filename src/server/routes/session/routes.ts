/**
 * Web sessions: signing in (password, then a TOTP or recovery code for the roles that need one),
 * who is signed in, signing out, changing one's password and setting up the authenticator app.
 * The session lives in an HttpOnly, SameSite=Strict cookie ("__Host-" over HTTPS); requests that
 * change something carry its CSRF token in the x-csrf-token header.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../shared/app-error.js';
import { ROLES } from '../../../shared/roles.js';
import { endSession, endSessionsOf, liveSessionsOf } from '../../../store/accounts.js';
import {
  changePassword,
  confirmTotpEnrolment,
  csrfTokenOf,
  reauthenticate,
  sessionRef,
  signIn,
  startSession,
  startTotpEnrolment,
} from '../../../usecases/sign-in.js';
import type { RouteDeps } from '../../app.js';
import { sessionCookie, setSessionCookie } from '../../authenticate.js';
import { ACTIONS, isAllowed } from '../../policies/index.js';
import { ERROR_RESPONSES, ErrorBodySchema } from '../common.js';

const SessionSchema = z.object({
  signedIn: z.boolean(),
  account: z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }).optional(),
  secondFactor: z
    .enum(['done', 'enrol'])
    .optional()
    .describe('enrol: the role needs an authenticator app, not set up yet; nothing else is allowed until it is'),
  csrfToken: z.string().optional().describe('send it as the x-csrf-token header on every request that changes something'),
  may: z.array(z.string()).optional().describe('the actions this session may perform (see GET /api/session/scopes): what the web UI offers'),
});

export async function registerSessionRoutes(app: FastifyInstance, { store, masterKeys }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['session'];
  const maxAge = Math.floor(app.sessionLimits.absoluteMs / 1000);

  r.post(
    '/api/session',
    {
      config: { policy: 'session.signin' },
      schema: {
        summary: 'Sign in',
        description:
          'Every failure gets the same answer, whether or not the account exists. After 5 failures for a name (or 20 from an address) sign-in is refused for 15 minutes. When the password is right and a code is needed, the answer is 401 with a detail on "code".',
        tags,
        body: z.object({
          name: z.string().trim().min(1).max(100),
          password: z.string().min(1).max(1024),
          code: z.string().trim().max(40).optional().describe('the 6-digit code from the authenticator app, or a recovery code'),
        }),
        response: { 200: SessionSchema, 429: ErrorBodySchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      // A new session every time: one the browser already had is ended, never reused.
      const previous = request.actor;
      if (previous.kind === 'account' && previous.sessionHash) await endSession(store.db, previous.sessionHash);
      const result = await signIn(store.db, masterKeys, { ...request.body, ip: request.ip });
      request.actor = { kind: 'account', id: result.account.id, name: result.account.name, role: result.account.role, via: 'session' };
      setSessionCookie(request, reply, result.session.token, maxAge);
      return { signedIn: true, account: result.account, secondFactor: result.secondFactor, csrfToken: result.session.csrf };
    },
  );

  r.get(
    '/api/session',
    { config: { policy: 'session.read' }, schema: { summary: 'Who is signed in (and the CSRF token)', tags, response: { 200: SessionSchema } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const actor = request.actor;
      const token = sessionCookie(request);
      if (actor.kind !== 'account' || actor.via !== 'session' || !token) return { signedIn: false };
      return {
        signedIn: true,
        account: { id: actor.id, name: actor.name, role: actor.role },
        secondFactor: actor.secondFactorPending ? ('enrol' as const) : ('done' as const),
        csrfToken: csrfTokenOf(token),
        may: ACTIONS.filter((action) => isAllowed(actor, action)),
      };
    },
  );

  r.delete(
    '/api/session',
    { config: { policy: 'session.signout' }, schema: { summary: 'Sign out', tags, response: { 204: z.null(), ...ERROR_RESPONSES } } },
    async (request, reply) => {
      const actor = request.actor;
      if (actor.kind === 'account' && actor.sessionHash) await endSession(store.db, actor.sessionHash);
      setSessionCookie(request, reply, null, 0);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/session/password',
    {
      config: { policy: 'session.self' },
      schema: {
        summary: 'Change my password (ends my other sessions)',
        tags,
        body: z.object({ current: z.string().min(1).max(1024), next: z.string().min(1).max(1024) }),
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor.kind !== 'account') return reply.status(204).send(null);
      await changePassword(store.db, actor.id, request.body, actor.sessionHash);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/session/second-factor',
    {
      config: { policy: 'session.self' },
      schema: {
        summary: 'Start setting up an authenticator app (TOTP)',
        description: 'Returns the secret (shown this once) as text and as an otpauth:// URI; confirm it with a code.',
        tags,
        response: { 200: z.object({ secret: z.string(), uri: z.string() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (actor.kind !== 'account') throw new Error('unreachable: session.self');
      return startTotpEnrolment(store.db, masterKeys, actor.id, 'Recuento');
    },
  );

  r.post(
    '/api/session/second-factor/confirm',
    {
      config: { policy: 'session.self' },
      schema: {
        summary: 'Confirm the authenticator app with a code; returns 10 recovery codes, shown this once',
        description: 'The session is replaced by a new one (new cookie, new CSRF token) that has passed the second factor.',
        tags,
        body: z.object({ code: z.string().trim().min(6).max(10) }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()), csrfToken: z.string() }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor.kind !== 'account') throw new Error('unreachable: session.self');
      const recoveryCodes = await confirmTotpEnrolment(store.db, masterKeys, actor.id, request.body.code);
      if (actor.sessionHash) await endSession(store.db, actor.sessionHash);
      const session = await startSession(store.db, actor.id, true, request.ip);
      setSessionCookie(request, reply, session.token, maxAge);
      return { recoveryCodes, csrfToken: session.csrf };
    },
  );

  r.get(
    '/api/session/all',
    {
      config: { policy: 'session.self' },
      schema: {
        summary: 'My open sessions: when each began and was last used, and from which address',
        description: 'ref names a session for ending it; current marks the one asking.',
        tags,
        response: {
          200: z.array(
            z.object({ ref: z.string(), current: z.boolean(), createdAt: z.string(), lastSeenAt: z.string(), ip: z.string(), secondFactor: z.boolean() }),
          ),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const actor = request.actor;
      if (actor.kind !== 'account') throw new Error('unreachable: session.self');
      const sessions = await liveSessionsOf(store.db, actor.id, app.sessionLimits);
      return sessions.map((s) => ({
        ref: sessionRef(s.idHash),
        current: s.idHash === actor.sessionHash,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        ip: s.ip,
        secondFactor: s.secondFactorDone,
      }));
    },
  );

  r.post(
    '/api/session/end',
    {
      config: { policy: 'session.self' },
      schema: {
        summary: 'End one of my other sessions, or all of them (my password asked again)',
        description: 'Without ref, every session but this one ends. Wrong passwords count towards the 15-minute lock, as at sign-in.',
        tags,
        body: z.object({
          password: z.string().min(1).max(1024),
          ref: z
            .string()
            .regex(/^[0-9a-f]{16}$/)
            .optional()
            .describe('a ref from GET /api/session/all'),
        }),
        response: { 200: z.object({ ended: z.number().int() }), 429: ErrorBodySchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (actor.kind !== 'account') throw new Error('unreachable: session.self');
      await reauthenticate(store.db, actor.id, request.body.password, 'password');
      const { ref } = request.body;
      if (ref === undefined) return { ended: await endSessionsOf(store.db, actor.id, actor.sessionHash) };
      const target = (await liveSessionsOf(store.db, actor.id, app.sessionLimits)).find((s) => sessionRef(s.idHash) === ref);
      if (!target) throw new AppError('not_found', 'no such session', { publicMessage: 'No open session of yours has that ref: it may have ended already.' });
      if (target.idHash === actor.sessionHash) {
        throw new AppError('validation_failed', 'own session', {
          publicMessage: 'That is this session: sign out to end it.',
          details: [{ path: 'ref', reason: 'this session' }],
        });
      }
      await endSession(store.db, target.idHash);
      return { ended: 1 };
    },
  );

  r.get(
    '/api/session/scopes',
    {
      config: { policy: 'session.signin' },
      schema: {
        summary: 'The actions an API token can be scoped to',
        description: 'A scope is "*", "resource.*", "*.verb" or one action; a token may do what both its account\'s role and its scopes allow.',
        tags,
        response: { 200: z.array(z.string()) },
      },
    },
    async () => ACTIONS,
  );
}
