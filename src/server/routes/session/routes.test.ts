import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_MS } from '../../../domain/auth/credentials.js';
import { base32Decode, hotp, totpStep } from '../../../domain/auth/totp.js';
import { json, sideApp, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';
import { hmacSha1, signIn } from '../../../usecases/sign-in.js';

const PASSWORD = 'tres tristes tigres comen trigo';

type Browser = { cookie: string; csrf: string };

/** A browser's view of a session: the cookie it was given and the CSRF token the page read. */
function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0]!;
}

describe(`web sessions on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let slow: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    slow = await startTestServer({ app: { sessionIdleMs: 1500, sessionAbsoluteMs: 4000 } });
    for (const [name, role] of [
      ['dora', 'documenter'],
      ['vera', 'verifier'],
      ['lola', 'documenter'],
      ['pablo', 'documenter'],
      ['pablo2', 'documenter'],
      ['lola2', 'documenter'],
      ['sara', 'documenter'],
      ['sara2', 'documenter'],
    ] as const) {
      expect((await server.admin('/api/accounts', json('POST', { name, role, password: PASSWORD }))).status).toBe(201);
    }
    expect((await slow.admin('/api/accounts', json('POST', { name: 'dora', role: 'documenter', password: PASSWORD }))).status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    await slow?.close();
  });

  async function login(target: TestServer, name: string, password = PASSWORD, code?: string, headers: Record<string, string> = {}) {
    return target.get('/api/session', {
      ...json('POST', { name, password, ...(code ? { code } : {}) }),
      headers: { 'content-type': 'application/json', ...headers },
    });
  }
  async function browser(target: TestServer, name: string): Promise<Browser> {
    const response = await login(target, name);
    expect(response.status).toBe(200);
    return { cookie: cookieOf(response), csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  }
  const as = (b: Browser, init: RequestInit = {}, csrf = true): RequestInit => ({
    ...init,
    headers: { ...(init.headers as Record<string, string>), cookie: b.cookie, ...(csrf ? { 'x-csrf-token': b.csrf } : {}) },
  });

  it('signs in with a password into an HttpOnly, SameSite=Strict cookie, and out again', async () => {
    const response = await login(server, 'dora');
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^recuento_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const body = (await response.json()) as { account: { name: string; role: string }; secondFactor: string; csrfToken: string };
    expect(body.account).toMatchObject({ name: 'dora', role: 'documenter' });
    expect(body.secondFactor).toBe('done');
    const b = { cookie: cookieOf(response), csrf: body.csrfToken };

    const who = await server.get('/api/session', as(b));
    const session = (await who.json()) as { may: string[] };
    expect(session).toMatchObject({ signedIn: true, account: { name: 'dora' }, csrfToken: b.csrf });
    // what the screens may offer a documenter: her role's actions, nothing of an administrator's
    expect(session.may).toEqual(expect.arrayContaining(['persons.write', 'events.write', 'imports.write', 'session.self']));
    for (const action of ['accounts.manage', 'audit.read', 'verification.review', 'log.publish']) expect(session.may).not.toContain(action);
    expect(who.headers.get('cache-control')).toBe('no-store');
    expect((await server.get('/api/sources', as(b))).status).toBe(200); // staff reads
    expect((await server.get('/api/audit', as(b))).status).toBe(403); // not an administrator

    // no other page can end the session: signing out needs the page's token
    const forced = await server.get('/api/session', as(b, { method: 'DELETE' }, false));
    expect(forced.status).toBe(403);
    expect(await (await server.get('/api/session', as(b))).json()).toMatchObject({ signedIn: true });
    expect((await server.get('/api/session', as(b, { method: 'DELETE' }))).status).toBe(204);
    expect(await (await server.get('/api/session', as(b))).json()).toEqual({ signedIn: false });
    expect((await server.get('/api/sources', as(b))).status).toBe(401);
  });

  it('shows me my open sessions and ends one or all the others, my password asked again', async () => {
    type Listed = { ref: string; current: boolean; createdAt: string; lastSeenAt: string; ip: string; secondFactor: boolean };
    const listOf = async (b: Browser) => (await (await server.get('/api/session/all', as(b))).json()) as Listed[];
    const laptop = await browser(server, 'sara');
    const phone = await browser(server, 'sara');
    const tablet = await browser(server, 'sara');
    const listed = await server.get('/api/session/all', as(laptop));
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const sessions = (await listed.json()) as Listed[];
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.every((s) => /^[0-9a-f]{16}$/.test(s.ref) && s.ip.length > 0 && s.secondFactor)).toBe(true);
    const phoneRef = (await listOf(phone)).find((s) => s.current)!.ref;
    const laptopRef = sessions.find((s) => s.current)!.ref;
    const stillIn = async (b: Browser) => (await server.get('/api/sources', as(b))).status;

    const wrong = await server.get('/api/session/end', as(laptop, json('POST', { password: 'not the password', ref: phoneRef })));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('password');
    expect((await server.get('/api/session/end', as(laptop, json('POST', { password: PASSWORD, ref: phoneRef }), false))).status).toBe(403); // no CSRF token
    expect((await server.get('/api/session/end', as(laptop, json('POST', { password: PASSWORD, ref: laptopRef })))).status).toBe(400); // sign out instead
    expect(await stillIn(phone)).toBe(200);

    const one = await server.get('/api/session/end', as(laptop, json('POST', { password: PASSWORD, ref: phoneRef })));
    expect(await one.json()).toEqual({ ended: 1 });
    expect(await stillIn(phone)).toBe(401);
    expect(await stillIn(tablet)).toBe(200);

    // Someone else's session cannot be named.
    const dora = await browser(server, 'dora');
    const doraRef = (await listOf(dora)).find((s) => s.current)!.ref;
    expect((await server.get('/api/session/end', as(laptop, json('POST', { password: PASSWORD, ref: doraRef })))).status).toBe(404);
    expect(await stillIn(dora)).toBe(200);

    const all = await server.get('/api/session/end', as(laptop, json('POST', { password: PASSWORD })));
    expect(await all.json()).toEqual({ ended: 1 });
    expect(await stillIn(tablet)).toBe(401);
    expect(await stillIn(laptop)).toBe(200);
    expect((await listOf(laptop)).map((s) => s.ref)).toEqual([laptopRef]);
  });

  it('counts wrong passwords asked again towards the lock, so a stolen session cannot guess the password', async () => {
    const b = await browser(server, 'sara2');
    for (let i = 0; i < 5; i++) {
      const wrong = await server.get('/api/session/password', as(b, json('POST', { current: `wrong ${i}`, next: 'un ñandú cruza el llano' })));
      expect(wrong.status).toBe(400);
    }
    const locked = await server.get('/api/session/end', as(b, json('POST', { password: PASSWORD })));
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/wait 15 minutes/);
    expect((await login(server, 'sara2')).status).toBe(401); // signing in is locked too
  });

  it('uses the __Host- cookie with Secure behind an HTTPS proxy', async () => {
    const proxied = await startTestServer({ app: { trustProxy: true } });
    try {
      await proxied.admin('/api/accounts', json('POST', { name: 'dora', role: 'documenter', password: PASSWORD }));
      const response = await login(proxied, 'dora', PASSWORD, undefined, { 'x-forwarded-proto': 'https' });
      expect(response.headers.get('set-cookie')).toMatch(/^__Host-recuento_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure; Max-Age=/);
    } finally {
      await proxied.close();
    }
  });

  it('gives a new session id at every sign-in and ends the one the browser had', async () => {
    const first = await browser(server, 'dora');
    const second = await login(server, 'dora', PASSWORD, undefined, { cookie: first.cookie });
    const next = cookieOf(second);
    expect(next).not.toBe(first.cookie);
    expect(await (await server.get('/api/session', { headers: { cookie: first.cookie } })).json()).toEqual({ signedIn: false });
    expect(await (await server.get('/api/session', { headers: { cookie: next } })).json()).toMatchObject({ signedIn: true });
  });

  it('refuses a change without the CSRF token, with a wrong one, or from another site', async () => {
    const b = await browser(server, 'dora');
    const body = json('POST', { givenNames: 'Sintético', firstSurname: 'Prueba', synthetic: true });
    const missing = await server.get('/api/persons', as(b, body, false));
    expect(missing.status).toBe(403);
    expect(await missing.text()).toMatch(/x-csrf-token/);
    const wrong = await server.get('/api/persons', { ...body, headers: { ...(body.headers as object), cookie: b.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    const foreign = await server.get('/api/persons', as(b, { ...body, headers: { ...(body.headers as object), origin: 'https://evil.example' } }));
    expect(foreign.status).toBe(403);
    const ok = await server.get('/api/persons', as(b, body));
    expect(ok.status).toBe(201);
    // each refusal is in the audit trail, as the public's (the session did not prove the page was ours)
    const trail = (await (await server.admin('/api/audit?limit=50')).json()) as { actor: string; action: string; status: number }[];
    expect(trail.filter((r) => r.actor === 'public' && r.action === 'persons.write' && r.status === 403)).toHaveLength(3);
  });

  it('locks a name after 5 failures, with answers that do not tell whether the account exists', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await login(server, 'lola', 'not the password at all');
      answers.push(`${response.status} ${await response.text()}`);
    }
    const locked = await login(server, 'lola'); // the right password, during the lock
    const unknown = await login(server, 'nobody-here', 'not the password at all');
    expect(new Set([...answers, `${locked.status} ${await locked.text()}`, `${unknown.status} ${await unknown.text()}`]).size).toBe(1);
    expect(answers[0]).toMatch(/^401 .*too many attempts/);
    // The lock ends by itself (checked at the clock's end), and another name is not affected.
    const later = await signIn(server.store.db, server.masterKeys, { name: 'lola', password: PASSWORD, ip: '10.9.9.9' }, Date.now() + LOCK_MS + 1000);
    expect(later.account.name).toBe('lola');
    expect((await login(server, 'pablo')).status).toBe(200);
  });

  it('ends a session after its idle time, and after its absolute time even when in use', async () => {
    const idle = await browser(slow, 'dora');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const afterIdle = await slow.get('/api/sources', as(idle));
    expect(afterIdle.status).toBe(401);
    expect(afterIdle.headers.get('set-cookie')).toMatch(/Max-Age=0/); // the browser forgets it

    const busy = await browser(slow, 'dora');
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      statuses.push((await slow.get('/api/sources', as(busy))).status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(401);
  });

  it('makes a verifier set up an authenticator app, then asks for its code; recovery codes work once', async () => {
    const first = await login(server, 'vera');
    const firstBody = (await first.json()) as { secondFactor: string; csrfToken: string };
    expect(firstBody.secondFactor).toBe('enrol');
    const pending = { cookie: cookieOf(first), csrf: firstBody.csrfToken };
    const blocked = await server.get('/api/verification/queue', as(pending));
    expect(blocked.status).toBe(403);
    expect(await blocked.text()).toMatch(/second factor/);

    const enrol = (await (await server.get('/api/session/second-factor', as(pending, { method: 'POST' }))).json()) as { secret: string; uri: string };
    expect(enrol.uri).toMatch(/^otpauth:\/\/totp\/Recuento:vera\?secret=/);
    const secret = base32Decode(enrol.secret)!;
    const wrong = await server.get('/api/session/second-factor/confirm', as(pending, json('POST', { code: '000000' })));
    expect(wrong.status).toBe(400);
    const enrolledAt = Date.now();
    const confirm = await server.get('/api/session/second-factor/confirm', as(pending, json('POST', { code: hotp(hmacSha1, secret, totpStep(enrolledAt)) })));
    expect(confirm.status).toBe(200);
    const { recoveryCodes, csrfToken } = (await confirm.json()) as { recoveryCodes: string[]; csrfToken: string };
    expect(recoveryCodes).toHaveLength(10);
    const upgraded = { cookie: cookieOf(confirm), csrf: csrfToken };
    expect(upgraded.cookie).not.toBe(pending.cookie); // rotated when the second factor passed
    expect((await server.get('/api/verification/queue', as(pending))).status).toBe(401);
    expect((await server.get('/api/verification/queue', as(upgraded))).status).toBe(200);

    const noCode = await login(server, 'vera');
    expect(noCode.status).toBe(401);
    expect(((await noCode.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('code');
    expect((await login(server, 'vera', PASSWORD, recoveryCodes[3]!.toUpperCase())).status).toBe(200);
    expect((await login(server, 'vera', PASSWORD, recoveryCodes[3])).status).toBe(401); // used up

    // The TOTP code used at enrolment cannot be replayed; the next step's code signs in.
    const now = enrolledAt; // the same 30-second step, whatever the clock says by now
    await expect(
      signIn(server.store.db, server.masterKeys, { name: 'vera', password: PASSWORD, code: hotp(hmacSha1, secret, totpStep(now)), ip: '10.0.0.1' }, now),
    ).rejects.toMatchObject({ code: 'unauthenticated' });
    const next = await signIn(
      server.store.db,
      server.masterKeys,
      { name: 'vera', password: PASSWORD, code: hotp(hmacSha1, secret, totpStep(now) + 1), ip: '10.0.0.1' },
      now + 30_000,
    );
    expect(next.secondFactor).toBe('done');
  });

  it('changes a password (the old one stops working, other sessions end) and refuses weak ones', async () => {
    const one = await browser(server, 'pablo');
    const other = await browser(server, 'pablo');
    const weak = await server.get('/api/session/password', as(one, json('POST', { current: PASSWORD, next: 'password1234' })));
    expect(weak.status).toBe(400);
    expect(await weak.text()).toMatch(/at least 12 characters|most common/);
    const changed = await server.get('/api/session/password', as(one, json('POST', { current: PASSWORD, next: 'un ñandú cruza el llano' })));
    expect(changed.status).toBe(204);
    expect((await server.get('/api/sources', as(one))).status).toBe(200);
    expect((await server.get('/api/sources', as(other))).status).toBe(401);
    expect((await login(server, 'pablo')).status).toBe(401);
    expect((await login(server, 'pablo', 'un ñandú cruza el llano')).status).toBe(200);
  });

  it('scopes and revokes API tokens, and a disabled account loses its sessions and tokens at once', async () => {
    const made = (await (
      await server.admin('/api/accounts', json('POST', { name: 'scripted', role: 'documenter', scopes: ['counts.read', '*.read'] }))
    ).json()) as {
      account: { id: string };
      token: { id: string; token: string };
    };
    const bearer = { headers: { authorization: `Bearer ${made.token.token}` } };
    expect((await server.get('/api/sources', bearer)).status).toBe(200);
    const write = await server.get('/api/persons', {
      ...json('POST', { givenNames: 'X', firstSurname: 'Y' }),
      headers: { ...bearer.headers, 'content-type': 'application/json' },
    });
    expect(write.status).toBe(403); // the role could, the scope cannot
    expect((await server.admin('/api/accounts', json('POST', { name: 'bad-scope', role: 'viewer', scopes: ['persons.fly'] }))).status).toBe(400);
    // a scope the role can do nothing of is refused, not kept silently
    const outOfRole = await server.admin('/api/accounts', json('POST', { name: 'viewer-writes', role: 'viewer', scopes: ['imports.write'] }));
    expect(outOfRole.status).toBe(400);
    expect(await outOfRole.text()).toContain('\\"imports.write\\" gives a viewer nothing');
    const another = await server.admin(`/api/accounts/${made.account.id}/tokens`, json('POST', { label: 'x', scopes: ['accounts.manage'] }));
    expect(another.status).toBe(400);
    expect((await server.admin(`/api/accounts/${made.account.id}/tokens`, json('POST', { label: 'x', scopes: ['persons.*'] }))).status).toBe(201);

    const tokens = (await (await server.admin(`/api/accounts/${made.account.id}/tokens`)).json()) as { id: string; scopes: string[] }[];
    expect(tokens[0]!.scopes).toEqual(['counts.read', '*.read']);
    expect((await server.admin(`/api/tokens/${made.token.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await server.get('/api/sources', bearer)).status).toBe(401);

    // Administrators end one account's sessions, or everyone's (not their own).
    const p1 = await browser(server, 'pablo2');
    const pabloId = ((await (await server.admin('/api/accounts')).json()) as { id: string; name: string }[]).find((a) => a.name === 'pablo2')!.id;
    expect(await (await server.admin(`/api/accounts/${pabloId}/sessions/end`, { method: 'POST' })).json()).toEqual({ ended: 1 });
    expect((await server.get('/api/sources', as(p1))).status).toBe(401);
    const p2 = await browser(server, 'pablo2');
    const l1 = await browser(server, 'lola2');
    expect(((await (await server.admin('/api/sessions/end', { method: 'POST' })).json()) as { ended: number }).ended).toBeGreaterThanOrEqual(2);
    expect((await server.get('/api/sources', as(p2))).status).toBe(401);
    expect((await server.get('/api/sources', as(l1))).status).toBe(401);

    const d = await browser(server, 'dora');
    const accounts = (await (await server.admin('/api/accounts')).json()) as { id: string; name: string }[];
    expect((await server.admin(`/api/accounts/${accounts.find((a) => a.name === 'dora')!.id}/disable`, { method: 'POST' })).status).toBe(204);
    expect((await server.get('/api/sources', as(d))).status).toBe(401);
    expect((await login(server, 'dora')).status).toBe(401);
  });

  it('records every sign-in attempt in the audit trail, never the name typed or the password', async () => {
    await login(server, 'someone-else', 'a wrong password here');
    const audit = (await (await server.admin('/api/audit?limit=1000')).json()) as { action: string; status: number; actorName: string }[];
    const signIns = audit.filter((r) => r.action === 'session.signin');
    expect(signIns.some((r) => r.status === 401 && r.actorName === 'anonymous')).toBe(true);
    expect(signIns.some((r) => r.status === 200 && r.actorName === 'dora')).toBe(true);
    const text = JSON.stringify(audit);
    expect(text).not.toContain('someone-else');
    expect(text).not.toContain('wrong password');
  });

  it('writes no name typed, password, code, cookie or sensitive value to the server log', async () => {
    const { app, lines } = await sideApp(server);
    try {
      const body = (password: string, code?: string) => JSON.stringify({ name: 'lola', password, ...(code ? { code } : {}) });
      const headers = { 'content-type': 'application/json' };
      await app.inject({ method: 'POST', url: '/api/session', headers, payload: body('secret-typed-wrong-1') });
      await app.inject({ method: 'POST', url: '/api/session', headers, payload: JSON.stringify({ name: 'nadie-aqui', password: 'secret-typed-wrong-2' }) });
      const ok = await app.inject({ method: 'POST', url: '/api/session', headers, payload: body(PASSWORD) });
      const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
      const csrf = (ok.json() as { csrfToken: string }).csrfToken;
      const person = await app.inject({
        method: 'POST',
        url: '/api/persons',
        headers: { ...headers, cookie, 'x-csrf-token': csrf },
        payload: JSON.stringify({ givenNames: 'Persona', firstSurname: 'Registrada', synthetic: true }),
      });
      expect(person.statusCode).toBe(201);
      const sensitive = await app.inject({
        method: 'PATCH',
        url: `/api/persons/${(person.json() as { id: string }).id}/sensitive`,
        headers: { ...headers, cookie, 'x-csrf-token': csrf },
        payload: JSON.stringify({ health: 'valor-sensible-en-el-log' }),
      });
      expect(sensitive.statusCode).toBe(200);
      const logged = lines.join('');
      expect(logged).toMatch(/sign-in refused: unknown name/); // the reason, for the operator
      for (const secret of ['secret-typed-wrong', PASSWORD, 'nadie-aqui', '"lola"', 'valor-sensible', cookie.split('=')[1]!, csrf, 'Registrada']) {
        expect(logged, secret).not.toContain(secret);
      }
    } finally {
      await app.close();
    }
  });
});
