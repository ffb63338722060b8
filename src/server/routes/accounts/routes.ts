/**
 * Named accounts and their API tokens. A token is shown once, when made; only its SHA-256 is
 * kept. Passwords, second factors and sessions for the web come with the full account system.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashToken, newAccountToken } from '../../../io/account-tokens.js';
import { ROLES } from '../../../shared/roles.js';
import { createAccount, insertToken, listAccounts, revokeToken } from '../../../store/accounts.js';
import type { RouteDeps } from '../../app.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';

const AccountSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), createdAt: z.string(), disabledAt: z.string().nullable() });
const TokenSchema = z.object({ id: z.string(), token: z.string().describe('shown this once: send it as "Authorization: Bearer <token>"') });

export async function registerAccountRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];
  const security = [{ admin: [] }];

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
        tags,
        security,
        body: z.object({ name: z.string().trim().min(1).max(100), role: z.enum(ROLES) }),
        response: { 201: z.object({ account: AccountSchema, token: TokenSchema }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const account = await createAccount(store.db, request.body);
      const token = newAccountToken();
      const { id } = await insertToken(store.db, { accountId: account.id, tokenHash: hashToken(token), label: 'first token' });
      return reply.status(201).send({ account: { ...account, role: account.role as 'viewer' }, token: { id, token } });
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
        body: z.object({ label: z.string().trim().min(1).max(100) }),
        response: { 201: TokenSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      orNotFound(
        (await listAccounts(store.db)).find((a) => a.id === request.params.id),
        'account',
      );
      const token = newAccountToken();
      const { id } = await insertToken(store.db, { accountId: request.params.id, tokenHash: hashToken(token), label: request.body.label });
      return reply.status(201).send({ id, token });
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
