/**
 * Reports of a detention through the public API: sent with the form's token, followed by a code
 * that tells the status and nothing else, triaged by staff (accept, link, reject), the reporter's
 * contact sealed and read only by named documenters and verifiers; robots and floods turned away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPerson } from '../../../store/persons.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';
import { formToken, submitReport } from '../../../usecases/reports.js';

type Triage = { id: string; status: string; details: { name: string }; hasContact: boolean; personId: string | null; reason: string | null };

describe(`reports of a detention on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let documenter: string;
  const asDocumenter = (path: string, init?: RequestInit) =>
    server.get(path, { ...init, headers: { ...init?.headers, authorization: `Bearer ${documenter}` } });
  const report = async (fields: Record<string, unknown> = {}, from = '203.0.113.7') => {
    const { token } = (await (await server.get('/api/reports/form-token')).json()) as { token: string };
    return server.get('/api/reports', {
      ...json('POST', {
        name: 'Yusmary Quintero',
        relation: 'family',
        place: 'Barquisimeto, Lara',
        arrestedOn: '2026-11-30',
        contact: '+58 412 555 0101',
        token,
        ...fields,
      }),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    });
  };
  beforeAll(async () => {
    server = await startTestServer({ app: { reportMinFillMs: 0, trustProxy: 1 } });
    const made = await server.admin('/api/accounts', json('POST', { name: 'dora-reports', role: 'documenter' }));
    documenter = ((await made.json()) as { token: { token: string } }).token.token;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps a report and gives its sender a code that tells the status and nothing else', async () => {
    const sent = await report();
    expect(sent.status).toBe(201);
    expect(sent.headers.get('cache-control')).toBe('no-store');
    const { code } = (await sent.json()) as { code: string };
    expect(code).toMatch(/^R(-[A-HJ-NP-Z2-9]{4}){6}$/);
    const followed = await server.get('/api/reports/follow', json('POST', { code: code.toLowerCase().replaceAll('-', ' ') }));
    expect(await followed.json()).toEqual({ status: 'received', receivedAt: expect.any(String), reviewedAt: null });
    const wrong = await server.get('/api/reports/follow', json('POST', { code: 'R-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA' }));
    expect(wrong.status).toBe(404);
    // the queue is staff's; the contact is not in it
    expect((await server.get('/api/reports')).status).toBe(401);
    const queue = (await (await asDocumenter('/api/reports')).json()) as Triage[];
    const mine = queue.find((r) => r.details.name === 'Yusmary Quintero')!;
    expect(mine).toMatchObject({ status: 'new', hasContact: true });
    expect(JSON.stringify(queue)).not.toContain('555 0101');
  });

  it('lets a named documenter read the contact, in the audit trail; not the shared administrator', async () => {
    const [first] = (await (await asDocumenter('/api/reports')).json()) as Triage[];
    expect((await server.admin(`/api/reports/${first!.id}/contact`, { method: 'POST' })).status).toBe(403);
    const opened = await asDocumenter(`/api/reports/${first!.id}/contact`, { method: 'POST' });
    expect(await opened.json()).toEqual({ contact: '+58 412 555 0101' });
    const audit = (await (await server.admin('/api/audit?limit=50')).json()) as { action: string; targets: string[] }[];
    expect(audit.some((a) => a.action === 'reports.contact' && a.targets.includes(first!.id))).toBe(true);
  });

  it('accepts a report into the registry as a private person with its detention, once', async () => {
    const { code } = (await (await report({ name: 'Freddy Alexander Colmenares', contact: null }, '203.0.113.8')).json()) as { code: string };
    const queue = (await (await asDocumenter('/api/reports?status=new')).json()) as Triage[];
    const id = queue.find((r) => r.details.name === 'Freddy Alexander Colmenares')!.id;
    const decide = (body: unknown) => asDocumenter(`/api/reports/${id}/decision`, json('POST', body));
    const accepted = await decide({ decision: 'accept', givenNames: 'Freddy Alexander', firstSurname: 'Colmenares' });
    expect(accepted.status).toBe(200);
    const { personId } = (await accepted.json()) as { personId: string };
    const person = (await getPerson(server.store.db, personId))!;
    expect(person).toMatchObject({ givenNames: 'Freddy Alexander', firstSurname: 'Colmenares', consent: 'private' });
    expect((await decide({ decision: 'reject', reason: 'twice' })).status).toBe(409);
    // the sender learns it was reviewed, not how (joined to a recorded person would say the team holds a record)
    const followed = (await (await server.get('/api/reports/follow', json('POST', { code }))).json()) as { status: string; reviewedAt: string };
    expect(followed).toEqual({ status: 'reviewed', receivedAt: expect.any(String), reviewedAt: expect.any(String) });
    // a link needs a person who exists; a rejection, a reason
    await report({ name: 'Otra Persona' }, '203.0.113.9');
    const other = ((await (await asDocumenter('/api/reports?status=new')).json()) as Triage[]).find((r) => r.details.name === 'Otra Persona')!.id;
    expect(
      (await asDocumenter(`/api/reports/${other}/decision`, json('POST', { decision: 'link', personId: '00000000-0000-7000-8000-000000000000' }))).status,
    ).toBe(422);
    expect((await asDocumenter(`/api/reports/${other}/decision`, json('POST', { decision: 'reject' }))).status).toBe(400);
    expect((await asDocumenter(`/api/reports/${other}/decision`, json('POST', { decision: 'link', personId }))).status).toBe(200);
  });

  it('accepts all or nothing: a report whose person cannot be made stays to triage, and no person is left behind', async () => {
    await report({ name: 'Primera Persona', cedula: 'V-20.111.222' }, '203.0.113.20');
    await report({ name: 'Segunda Persona', cedula: '20111222' }, '203.0.113.21');
    const queue = (await (await asDocumenter('/api/reports?status=new')).json()) as Triage[];
    const first = queue.find((r) => r.details.name === 'Primera Persona')!.id;
    const second = queue.find((r) => r.details.name === 'Segunda Persona')!.id;
    const accept = (id: string, names: Record<string, string>) => asDocumenter(`/api/reports/${id}/decision`, json('POST', { decision: 'accept', ...names }));
    const made = await accept(first, { givenNames: 'Primera', firstSurname: 'Persona' });
    expect(made.status).toBe(200);
    const { personId } = (await made.json()) as { personId: string };
    expect((await getPerson(server.store.db, personId))!.identifiers).toEqual([{ kind: 'cedula_v', value: '20111222' }]);
    const count = async () =>
      Number(
        (
          await server.store.db
            .selectFrom('persons')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    // the same cédula again: refused whole — the report waits, nobody half-made
    const refused = await accept(second, { givenNames: 'Segunda', firstSurname: 'Persona' });
    expect(refused.status).toBe(409);
    expect(await count()).toBe(before);
    expect(((await (await asDocumenter(`/api/reports/${second}`)).json()) as Triage).status).toBe('new');
    // it can be accepted without the cédula (added on the record once checked), or joined to the first
    expect((await accept(second, { givenNames: 'Segunda', firstSurname: 'Persona', keepCedula: false } as never)).status).toBe(200);
  });

  it('tells a robot that filled the hidden field "received" and keeps nothing; turns a flood away', async () => {
    const before = ((await (await asDocumenter('/api/reports')).json()) as Triage[]).length;
    const robot = await report({ name: 'Spam Spam', website: 'http://spam.example' }, '198.51.100.1');
    expect(robot.status).toBe(201);
    expect(((await (await asDocumenter('/api/reports')).json()) as Triage[]).length).toBe(before);
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await report({ name: `Flood ${i}` }, '198.51.100.2')).status);
    expect(answers).toEqual([201, 201, 201, 201, 201, 429]);
    expect((await report({ name: 'Someone else' }, '198.51.100.3')).status).toBe(201); // another address is not held back
    // junk does not count: a form without a valid token, however often, leaves room for a real report
    for (let i = 0; i < 8; i++) expect((await report({ token: 'forged' }, '198.51.100.4')).status).toBe(400);
    expect((await report({ name: 'Real one' }, '198.51.100.4')).status).toBe(201);
    // one IPv6 home network counts as one address
    const v6: number[] = [];
    for (const n of [1, 2, 3, 4, 5, 6]) v6.push((await report({ name: `V6 ${n}` }, `2001:db8:1:2::${n}`)).status);
    expect(v6).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('refuses a form sent within seconds of its page, or with a token it did not make, and names the field', async () => {
    const secret = Buffer.alloc(32, 7);
    const now = Date.now();
    const input = { name: 'A', relation: 'family' };
    await expect(submitReport(server.store.db, server.masterKeys, input, { token: formToken(secret, now - 1000), secret, now })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'token', reason: 'sent too soon after the page was made' }],
    });
    await expect(
      submitReport(server.store.db, server.masterKeys, input, { token: formToken(Buffer.alloc(32, 8), now - 60_000), secret, now }),
    ).rejects.toMatchObject({
      details: [{ path: 'token', reason: expect.stringContaining('not made by this site') }],
    });
    expect((await submitReport(server.store.db, server.masterKeys, input, { token: formToken(secret, now - 60_000), secret, now })).kept).toBe(true);
  });
});
