/**
 * What an outside probe sent and got a 500 for, or no answer at all: each now gets a clear
 * 4xx in the error shape, and each refusal is in the audit trail.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../test/server.js';

type AuditRecord = { route: string; status: number; targets: string[]; actor: string };

describe('malformed requests', () => {
  let server: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'recuento-malformed-'));
    server = await startTestServer({ app: { dataDir } });
  });
  afterAll(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const expectRefusal = async (response: Response, status: number, path: string, reason: RegExp) => {
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; details: { path: string; reason: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details[0]).toMatchObject({ path });
    expect(body.error.details[0]!.reason).toMatch(reason);
  };

  describe('a NUL character in any text: 400 naming where it was', () => {
    it.each([
      ['sign-in, anonymous', () => server.get('/api/session', json('POST', { name: 'ana\u0000', password: 'x' })), 'body.name'],
      [
        'a new person',
        () => server.admin('/api/persons', json('POST', { givenNames: 'Ana\u0000', firstSurname: 'Pérez', synthetic: true })),
        'body.givenNames',
      ],
      ['a path parameter', () => server.get('/api/persons/%00abc'), 'params.id'],
      ['a query parameter', () => server.get('/api/counts?asOf=2026-01-01%00'), 'querystring.asOf'],
    ])('%s', async (_, send, path) => {
      await expectRefusal(await send(), 400, path, /NUL character/);
    });

    it('audits a refused attempt whose id holds one, the id kept visible', async () => {
      const refused = await server.get('/api/accounts/%00x/tokens');
      expect(refused.status).toBe(401);
      await expect
        .poll(
          async () => {
            const records = (await (await server.admin('/api/audit?limit=1000')).json()) as AuditRecord[];
            return records.filter((r) => r.route === '/api/accounts/:id/tokens' && r.status === 401 && r.targets.includes('\uFFFDx')).length;
          },
          { timeout: 5000 },
        )
        .toBe(1);
    });
  });

  it.each([
    ['an id longer than any id', () => server.get(`/api/persons/${'a'.repeat(200)}`), 414, 'a part of the address is longer than any id'],
    ['a badly encoded address', () => server.get('/api/persons/%E0%A4%A'), 400, 'the address is not validly encoded'],
  ])('%s: the error shape, the security headers, and never the address', async (_, send, status, reason) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'validation_failed', message: 'The request is not valid.', details: [{ path: 'url', reason }] } });
    expect(text).not.toContain('aaaa');
  });

  it('proves consistency from the empty tree (nothing to prove), never a 500', async () => {
    const response = await server.get('/api/log/proof/consistency?from=0&to=0');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ from: 0, to: 0, proof: [] });
  });

  describe('multipart forms that cannot be read: 400, nothing left behind', () => {
    const part = (name: string, filename: string, content: string) =>
      `--X\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`;
    const upload = (contentType: string, body: string) =>
      server.admin('/api/imports/persons', { method: 'POST', headers: { 'content-type': contentType }, body });

    it('without a boundary', async () => {
      await expectRefusal(await upload('multipart/form-data', 'abc'), 400, 'body', /could not be read/);
    });

    it("without a data folder, spools in a folder of its own and leaves the machine's temporary folder as it was", async () => {
      const before = (await stat(tmpdir())).mode;
      const bare = await startTestServer();
      try {
        const response = await bare.admin('/api/imports/persons', {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=X' },
          body: '--X--\r\n',
        });
        expect(response.status).toBe(400);
      } finally {
        await bare.close();
      }
      expect((await stat(tmpdir())).mode).toBe(before);
    });

    it('with two files', async () => {
      const body = `${part('file', 'a.csv', 'a,b')}${part('other', 'b.csv', 'a,b')}--X--\r\n`;
      await expectRefusal(await upload('multipart/form-data; boundary=X', body), 400, 'body', /one file per request/);
    });

    it('whose body ends without the closing boundary: answered, the spooled file removed', async () => {
      const body = part('file', 'a.csv', 'given_names,first_surname\nAna,Pérez\n');
      const url = new URL(server.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(
            `POST /api/imports/persons HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\n` +
              `Content-Type: multipart/form-data; boundary=X\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
          );
        });
        let received = '';
        socket.on('data', (chunk) => {
          received += chunk;
          if (received.includes('\r\n\r\n{')) {
            socket.destroy();
            resolve(received);
          }
        });
        socket.on('error', reject);
        setTimeout(() => {
          socket.destroy();
          resolve(received || 'no answer');
        }, 10_000);
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      expect(answer).toContain('the multipart form could not be read');
      const spool = join(dataDir, 'tmp');
      expect(await readdir(spool)).toEqual([]);
      expect((await stat(spool)).mode & 0o777).toBe(0o700);
    }, 20_000);
  });
});
