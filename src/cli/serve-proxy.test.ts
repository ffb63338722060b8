/**
 * `recuento serve` behind a TLS-terminating reverse proxy (RECUENTO_TRUST_PROXY): tested on
 * the served command, as an operator runs it, not on the app builder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../test/run-cli.js';

const PASSWORD = 'el río Caroní corre al Orinoco';

describe('recuento serve behind a proxy', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServe>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-proxy-'));
    const data = join(dir, 'data');
    const added = await runCli(['user', 'add', 'dora', '--role', 'documenter', '--password-stdin', '--data', data], {}, `${PASSWORD}\n`);
    expect(added.code, added.stderr).toBe(0);
    server = await startServe(['--port', '0', '--data', data, '--no-demo'], { RECUENTO_TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const signIn = (name: string, password: string, headers: Record<string, string>) =>
    fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ name, password }),
    });

  it('gives the __Host- cookie with Secure, and HSTS, to a client the proxy reached over HTTPS', async () => {
    const response = await signIn('dora', PASSWORD, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.20' });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/^__Host-recuento_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure;/);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it("throttles sign-in by the client's address, so failures from one address lock out no one else", async () => {
    // 20 failures from one client (as many names, so that no name is locked): its address is locked…
    for (let i = 0; i < 20; i++) {
      const failed = await signIn(`guess-${i}`, 'not the password at all', { 'x-forwarded-for': '203.0.113.66' });
      expect(failed.status).toBe(401);
    }
    const locked = await signIn('dora', PASSWORD, { 'x-forwarded-for': '203.0.113.66' });
    expect(locked.status).toBe(429);
    // …and another client behind the same proxy still signs in
    const other = await signIn('dora', PASSWORD, { 'x-forwarded-for': '198.51.100.21' });
    expect(other.status).toBe(200);
  });

  it('believes one hop only: an address the client wrote before the proxy added its own is not the key', async () => {
    // the proxy appends the address it saw; the client's own X-Forwarded-For value comes first
    for (let i = 0; i < 20; i++) {
      const failed = await signIn(`spoof-${i}`, 'not the password at all', { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.77` });
      expect(failed.status).toBe(401);
    }
    const locked = await signIn('dora', PASSWORD, { 'x-forwarded-for': '10.0.0.99, 203.0.113.77' });
    expect(locked.status).toBe(429);
  });
});
