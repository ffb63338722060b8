/**
 * Named accounts: made with a role (and, for the web, a first password the person then changes),
 * their API tokens for scripts — scoped, revocable, shown once, kept as SHA-256 — and what an
 * administrator does when something goes wrong: reset a password, remove a lost second factor,
 * disable an account (its sessions end and its tokens stop working at once).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES, type Role } from '../../../shared/roles.js';
import {
  clearTotp,
  createAccount,
  credentialsById,
  disableAccount,
  endSessionsOf,
  insertToken,
  listAccounts,
  listTokens,
  revokeToken,
  setPasswordHash,
} from '../../../store/accounts.js';
import { hashToken, newAccountToken } from '../../../usecases/account-tokens.js';
import { hashNewPassword } from '../../../usecases/sign-in.js';
import type { RouteDeps } from '../../app.js';
import { checkScopes } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';

const AccountSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), createdAt: z.string(), disabledAt: z.string().nullable() });
const TokenSchema = z.object({ id: z.string(), token: z.string().describe('shown this once: send it as "Authorization: Bearer <token>"') });
const ScopesSchema = z
  .array(z.string().max(60))
  .min(1)
  .max(50)
  .optional()
  .describe('what the token may do, within its role: "*", "resource.*", "*.verb" or an action (GET /api/session/scopes); default "*"');

export async function registerAccountRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];
  const security = [{ admin: [] }];
  const account = async (id: string) => orNotFound(await credentialsById(store.db, id), 'account');

  r.get(
    '/api/accounts',
    {
      config: { policy: 'accounts.manage' },
      schema: { summary: 'The accounts', tags, security, response: { 200: z.array(AccountSchema), ...ERROR_RESPONSES } },
    },
    async () => (await listAccounts(store.db)).map((a) => ({ ...a, role: a.role as 'viewer' })),
  );
  r.post(
    '/api/accounts',
    {
      config: { policy: 'accounts.manage' },
      schema: {
        summary: 'Make an account with a role, and its first API token',
        description:
          'With a password, the person can sign in to the web UI (and should change it); administrators and verifiers then set up an authenticator app.',
        tags,
        security,
        body: z.object({
          name: z.string().trim().min(1).max(100),
          role: z.enum(ROLES),
          password: z.string().min(1).max(1024).optional(),
          scopes: ScopesSchema,
        }),
        response: { 201: z.object({ account: AccountSchema, token: TokenSchema }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const scopes = checkScopes(request.body.scopes, request.body.role);
      const passwordHash = request.body.password === undefined ? undefined : await hashNewPassword(request.body.password, request.body.name);
      const made = await createAccount(store.db, { name: request.body.name, role: request.body.role, passwordHash });
      const token = newAccountToken();
      const { id } = await insertToken(store.db, { accountId: made.id, tokenHash: hashToken(token), label: 'first token', scopes });
      return reply.status(201).send({ account: { ...made, role: made.role as 'viewer' }, token: { id, token } });
    },
  );
  r.get(
    '/api/accounts/:id/tokens',
    {
      config: { policy: 'accounts.manage' },
      schema: {
        summary: "An account's API tokens (never the tokens themselves)",
        tags,
        security,
        params: IdParamsSchema,
        response: {
          200: z.array(z.object({ id: z.string(), label: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), scopes: z.array(z.string()) })),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      await account(request.params.id);
      return (await listTokens(store.db, request.params.id)).map((t) => ({ ...t, scopes: t.scopes ?? ['*'] }));
    },
  );
  r.post(
    '/api/accounts/:id/tokens',
    {
      config: { policy: 'accounts.manage' },
      schema: {
        summary: 'Another API token for an account',
        tags,
        security,
        params: IdParamsSchema,
        body: z.object({ label: z.string().trim().min(1).max(100), scopes: ScopesSchema }),
        response: { 201: TokenSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const holder = await account(request.params.id);
      const scopes = checkScopes(request.body.scopes, holder.role as Role);
      const token = newAccountToken();
      const { id } = await insertToken(store.db, { accountId: request.params.id, tokenHash: hashToken(token), label: request.body.label, scopes });
      return reply.status(201).send({ id, token });
    },
  );
  r.put(
    '/api/accounts/:id/password',
    {
      config: { policy: 'accounts.manage' },
      schema: {
        summary: "Reset an account's password (its sessions end)",
        tags,
        security,
        params: IdParamsSchema,
        body: z.object({ password: z.string().min(1).max(1024) }),
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const found = await account(request.params.id);
      await setPasswordHash(store.db, found.id, await hashNewPassword(request.body.password, found.name));
      return reply.status(204).send(null);
    },
  );
  r.delete(
    '/api/accounts/:id/second-factor',
    {
      config: { policy: 'accounts.manage' },
      schema: {
        summary: "Remove an account's second factor (a lost phone); its sessions end and it must set one up again",
        tags,
        security,
        params: IdParamsSchema,
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await clearTotp(store.db, (await account(request.params.id)).id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/accounts/:id/disable',
    {
      config: { policy: 'accounts.manage' },
      schema: {
        summary: 'Disable an account: its sessions end and its tokens stop working at once (its decisions stay, with its name)',
        tags,
        security,
        params: IdParamsSchema,
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await disableAccount(store.db, (await account(request.params.id)).id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/accounts/:id/sessions/end',
    {
      config: { policy: 'accounts.manage' },
      schema: {
        summary: "End an account's web sessions now (it must sign in again)",
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: z.object({ ended: z.number().int() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => ({ ended: await endSessionsOf(store.db, (await account(request.params.id)).id) }),
  );
  r.post(
    '/api/sessions/end',
    {
      config: { policy: 'accounts.manage' },
      schema: {
        summary: 'End every web session of every account now (after a suspected theft); API tokens are not affected',
        tags,
        security,
        response: { 200: z.object({ ended: z.number().int() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const keep = request.actor.kind === 'account' ? request.actor.sessionHash : undefined;
      return { ended: await endSessionsOf(store.db, null, keep) };
    },
  );
  r.delete(
    '/api/tokens/:id',
    {
      config: { policy: 'accounts.manage' },
      schema: { summary: 'Revoke an API token', tags, security, params: IdParamsSchema, response: { 204: z.null(), ...ERROR_RESPONSES } },
    },
    async (request, reply) => {
      if (!(await revokeToken(store.db, request.params.id))) orNotFound(undefined, 'live token');
      return reply.status(204).send(null);
    },
  );
}
