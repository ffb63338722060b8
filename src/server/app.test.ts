import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sideApp, startTestServer, type TestServer } from '../test/server.js';
import { TEST_DATABASE_KIND } from '../test/store.js';
import { isAllowed, POLICIES } from './policies/index.js';

describe(`the HTTP application on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the health check', async () => {
    const response = await server.get('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: TEST_DATABASE_KIND });
  });

  it('publishes an OpenAPI document covering every route, and a docs page', async () => {
    const doc = (await (await server.get('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/persons',
      '/api/persons/search',
      '/api/persons/{id}/record',
      '/api/detentions',
      '/api/events',
      '/api/measures',
      '/api/facilities',
      '/api/sources',
      '/api/claims',
      '/api/counts',
      '/api/imports/persons',
      '/api/exports/persons.{format}',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const docsPage = await server.get('/api/docs/');
    expect(docsPage.status).toBe(200);
    expect(await docsPage.text()).toContain('swagger');
    // every operation the public may not call says so, and what lets one in
    const policies = server.app.routePolicies;
    let secured = 0;
    for (const { method, url, policy } of policies) {
      if (!policy || isAllowed({ kind: 'public' }, policy)) continue;
      const operation = (doc.paths as Record<string, Record<string, { security?: unknown[] }>>)[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      if (!operation) continue; // hidden from the document
      expect(operation.security, `${method} ${url}`).toEqual(expect.arrayContaining([{ admin: [] }]));
      secured++;
    }
    expect(secured).toBeGreaterThan(40);
    // the docs page keeps our policy: no framing, nothing from other hosts, only its own inline scripts
    for (const page of ['/api/docs/', '/api/docs/static/index.html']) {
      const policy = (await server.get(page)).headers.get('content-security-policy') ?? '';
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("base-uri 'none'");
      expect(policy).not.toMatch(/https:|validator\.swagger\.io|frame-ancestors 'self'/);
      expect(policy).toMatch(/script-src 'self'( 'sha\d+-[^']+')*;/);
    }
  });

  it('sends its security headers: CSP everywhere, HSTS only over HTTPS, no caching of what staff see', async () => {
    const pub = await server.get('/api/counts?by=status');
    const csp = pub.headers.get('content-security-policy') ?? '';
    for (const directive of ["script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(pub.headers.get('strict-transport-security')).toBeNull();
    expect(pub.headers.get('cache-control')).toBeNull();
    expect((await server.admin('/api/counts?by=status')).headers.get('cache-control')).toBe('no-store');
    const { app: proxied } = await sideApp(server, { trustProxy: true });
    const https = await proxied.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const http = await proxied.inject({ method: 'GET', url: '/api/health' });
    expect(http.headers['strict-transport-security']).toBeUndefined();
    const tooLarge = await proxied.inject({
      method: 'POST',
      url: '/api/rules/compare',
      headers: { 'content-type': 'application/json' },
      payload: `{"x":"${'a'.repeat(1_100_000)}"}`,
    });
    expect(tooLarge.statusCode).toBe(413);
    await proxied.close();
  });

  it('refuses to register an API route without a policy', async () => {
    const { app } = await sideApp(server);
    expect(() => app.withTypeProvider<ZodTypeProvider>().get('/api/leak', { schema: { response: { 200: z.object({}) } } }, async () => ({}))).toThrow(
      /has no policy/,
    );
    await app.close();
  });

  it('lets the anonymous public read but never write', async () => {
    const writes = Object.keys(POLICIES).filter((a) => a.endsWith('.write'));
    expect(writes.length).toBeGreaterThan(5);
    for (const action of writes) expect(POLICIES[action as keyof typeof POLICIES]({ kind: 'public' }), action).toBe(false);
    // The local administrator may do everything but what needs a named person: review evidence (four
    // eyes), read or write a family's sensitive fields or open an account of torture (every read names
    // who), act in a web session, triage the public's reports or open a reporter's contact.
    const named = [
      'verification.review',
      'sensitive.read',
      'sensitive.write',
      'testimonies.read',
      'testimonies.write',
      'session.self',
      'reports.triage',
      'reports.contact',
    ];
    for (const action of Object.keys(POLICIES)) expect(POLICIES[action as keyof typeof POLICIES]({ kind: 'admin' }), action).toBe(!named.includes(action));
  });

  it('sets protective headers and never caches staff answers', async () => {
    const response = await server.admin('/api/facilities');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toMatch(/^camera=\(\), microphone=\(\), geolocation=\(\)/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('rejects a malformed authorization header instead of treating the caller as public', async () => {
    const response = await server.get('/api/facilities', { headers: { authorization: 'Basic abc' } });
    expect(response.status).toBe(401);
  });
});
