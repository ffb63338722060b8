import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../test/server.js';
import { TEST_DATABASE_KIND } from '../test/store.js';
import { type Action, POLICIES } from './policies/index.js';

/** Who calls: the anonymous public, the local administrator's token, and one account per role. */
const ACTORS = ['public', 'local-admin', 'administrator', 'documenter', 'verifier', 'analyst', 'viewer'] as const;
type Who = (typeof ACTORS)[number];

const EVERYONE: readonly Who[] = ACTORS;
const ADMINS: readonly Who[] = ['local-admin', 'administrator'];
const EDITORS: readonly Who[] = [...ADMINS, 'documenter', 'verifier'];
const STAFF: readonly Who[] = [...EDITORS, 'analyst'];

/**
 * The expected matrix, written out rather than derived from the policies, so that a change to a
 * policy that is not also made here fails. Every action any route declares must be in it.
 */
const EXPECTED: Record<Action, readonly Who[]> = {
  'health.read': EVERYONE,
  'docs.read': EVERYONE,
  'site.read': EVERYONE,
  'reports.submit': EVERYONE,
  'reportstatus.read': EVERYONE,
  'reports.triage': ['documenter', 'verifier'],
  'reports.contact': ['documenter', 'verifier'],
  'persons.read': EVERYONE,
  'persons.write': EDITORS,
  'persons.merge': [...ADMINS, 'verifier'],
  'casefile.read': [...STAFF, 'viewer'],
  'detentions.write': EDITORS,
  'events.write': EDITORS,
  'measures.write': EDITORS,
  'facilities.read': EVERYONE,
  'facilities.write': ADMINS,
  'offences.read': EVERYONE,
  'offences.write': ADMINS,
  'sources.read': STAFF,
  'sources.write': EDITORS,
  'claims.read': EVERYONE,
  'claims.write': EDITORS,
  'counts.read': EVERYONE,
  'imports.write': EDITORS,
  'reconciliations.read': STAFF,
  'reconciliations.write': EDITORS,
  'reconciliations.delete': ADMINS,
  'exports.read': EVERYONE,
  'rules.read': EVERYONE,
  'eligibility.evaluate': EVERYONE,
  'eligibility.read': STAFF,
  'eligibility.run': [...ADMINS, 'analyst'],
  'log.read': EVERYONE,
  'log.cosign': EVERYONE,
  'log.publish': ADMINS,
  'log.witnesses': ADMINS,
  'log.receipts': [...ADMINS, 'verifier'],
  'evidence.read': STAFF,
  'evidence.write': EDITORS,
  'verification.read': STAFF,
  'verification.review': ['administrator', 'verifier'],
  'acts.read': STAFF,
  'acts.write': EDITORS,
  'testimonies.read': ['documenter', 'verifier', 'analyst'], // named persons only, not administrators
  'testimonies.write': ['documenter', 'verifier'], // checked inside PATCH and POST of acts when they carry an account
  'sensitive.read': ['documenter', 'verifier', 'analyst'], // named persons only, not administrators
  'sensitive.write': ['documenter', 'verifier'],
  'sensitive.erase': ADMINS,
  'session.signin': EVERYONE,
  'session.read': EVERYONE,
  'session.signout': EVERYONE,
  'session.self': [], // a web session's own: no API token, not even the local administrator's
  'accounts.manage': ADMINS,
  'audit.read': ADMINS,
  'backups.create': ADMINS,
};

const SAMPLE: Record<string, string> = {
  id: '00000000-0000-7000-8000-000000000000',
  kind: 'event',
  size: '1',
  format: 'csv',
  ruleSet: 've-2026-ley',
};

describe(`the authorization matrix: every route, as every actor, on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  const tokens: Partial<Record<Who, string>> = {};
  beforeAll(async () => {
    server = await startTestServer();
    for (const role of ['administrator', 'documenter', 'verifier', 'analyst', 'viewer'] as const) {
      const made = await server.admin('/api/accounts', json('POST', { name: `matrix-${role}`, role }));
      tokens[role] = ((await made.json()) as { token: { token: string } }).token.token;
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has an expected row for every action, and every route declares one of them', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(POLICIES).sort());
    const api = server.app.routePolicies.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(60);
    for (const route of api) expect(route.policy, `${route.method} ${route.url}`).toBeDefined();
  });

  it('lets each actor through exactly where the matrix says, on every route', async () => {
    const routes = server.app.routePolicies.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD' && r.policy);
    const mismatches: string[] = [];
    for (const route of routes) {
      const path = route.url.replace(/:(\w+)/g, (_, name: string) => SAMPLE[name] ?? 'x');
      for (const who of ACTORS) {
        const headers: Record<string, string> = {};
        if (who === 'local-admin') headers.authorization = `Bearer ${TEST_ADMIN_TOKEN}`;
        else if (who !== 'public') headers.authorization = `Bearer ${tokens[who]}`;
        const init: RequestInit = { method: route.method, headers };
        if (route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH') {
          headers['content-type'] = 'application/json';
          init.body = '{}';
        }
        const status = (await fetch(`${server.url}${path}`, init)).status;
        const allowed = EXPECTED[route.policy!].includes(who);
        const denied = status === 401 || status === 403;
        if (allowed === denied) mismatches.push(`${route.method} ${route.url} as ${who}: ${status} (${route.policy} ${allowed ? 'allows' : 'denies'})`);
        else if (denied) expect(status, `${route.method} ${route.url} as ${who}`).toBe(who === 'public' ? 401 : 403);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
