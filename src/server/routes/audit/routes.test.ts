import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';

type Record = { seq: number; actor: string; actorName: string; action: string; method: string; route: string; targets: string[]; status: number; ip: string };

describe(`the audit trail on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let viewerToken: string;
  const audit = async () => (await (await server.admin('/api/audit?limit=1000')).json()) as Record[];
  beforeAll(async () => {
    server = await startTestServer();
    const made = await server.admin('/api/accounts', json('POST', { name: 'vera', role: 'viewer' }));
    viewerToken = ((await made.json()) as { token: { token: string } }).token.token;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('records everything staff do and every refused attempt, with who, what, which record, from where and the result', async () => {
    const person = (await (
      await server.admin('/api/persons', json('POST', { givenNames: 'Persona', firstSurname: 'Sintética', consent: 'private' }))
    ).json()) as { id: string };
    const asViewer = { headers: { authorization: `Bearer ${viewerToken}` } };
    expect((await server.get(`/api/persons/${person.id}/record?secret=nothing`, asViewer)).status).toBe(200);
    expect((await server.get('/api/counts?by=status')).status).toBe(200);
    expect((await server.get('/api/persons', json('POST', { givenNames: 'X', firstSurname: 'Y' }))).status).toBe(401);
    expect((await server.get('/api/audit', asViewer)).status).toBe(403);
    // refused by the route's own rule, not its policy: the public may list persons, not filter by consent
    expect((await server.get('/api/persons?consent=private')).status).toBe(403);
    // refused before the caller is known: a change sent from another site
    expect(
      (await server.get('/api/persons', { ...json('POST', { givenNames: 'X', firstSurname: 'Y' }), headers: { origin: 'https://evil.example' } })).status,
    ).toBe(403);

    await expect.poll(async () => (await audit()).length, { timeout: 5000 }).toBeGreaterThanOrEqual(7);
    const records = await audit();
    const find = (action: string, method: string) => records.find((r) => r.action === action && r.method === method && r.actor !== 'public');
    expect(find('persons.write', 'POST')).toMatchObject({
      actor: 'local-admin',
      actorName: 'local administrator',
      route: '/api/persons',
      status: 201,
      ip: '127.0.0.1',
    });
    expect(records.find((r) => r.actorName === 'vera' && r.route === '/api/persons/:id/record')).toMatchObject({ targets: [person.id], status: 200 });
    expect(records.find((r) => r.actor === 'public' && r.status === 401)).toMatchObject({ action: 'persons.write', route: '/api/persons' });
    expect(records.find((r) => r.action === 'audit.read' && r.actorName === 'vera')).toMatchObject({ status: 403 });
    expect(records.find((r) => r.action === 'persons.read' && r.actor === 'public')).toMatchObject({ route: '/api/persons', status: 403 });
    expect(records.find((r) => r.action === 'persons.write' && r.actor === 'public' && r.status === 403)).toMatchObject({ method: 'POST' });
    expect(records.some((r) => r.action === 'counts.read')).toBe(false); // the public's reads are not the audit's business
    expect(JSON.stringify(records)).not.toMatch(/secret|Sintética/);
  });

  it('checks its hash chain, exports it, and names the first record changed by someone who bypassed the database trigger', async () => {
    const ok = (await (await server.admin('/api/audit/verify')).json()) as { ok: boolean; checked: number };
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThanOrEqual(7);
    const exported = (await (await server.admin('/api/audit/export')).text()).trim().split('\n');
    expect(exported.length).toBeGreaterThanOrEqual(ok.checked);

    await expect(sql`update audit_events set status = 200 where seq = 2`.execute(server.store.db)).rejects.toThrow(/append-only/);
    await sql`alter table audit_events disable trigger audit_events_append_only`.execute(server.store.db);
    await sql`update audit_events set actor_name = 'someone else' where seq = 2`.execute(server.store.db);
    await sql`alter table audit_events enable trigger audit_events_append_only`.execute(server.store.db);
    const broken = (await (await server.admin('/api/audit/verify')).json()) as { ok: boolean; seq: number; reason: string };
    expect(broken).toMatchObject({ ok: false, seq: 2, reason: 'record 2 was changed after it was written' });
  });
});
