/** A backup while serving: made through the running server, under writes, then restored whole. */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../test/run-cli.js';

describe('a backup of a running server', () => {
  let dir: string;
  let data: string;
  let server: Awaited<ReturnType<typeof startServe>>;
  let token: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-live-backup-'));
    data = join(dir, 'data');
    server = await startServe(['--port', '0', '--data', data], { RECUENTO_DEMO_PERSONS: '80' });
    token = (await readFile(join(data, 'admin-token'), 'utf8')).trim();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });

  it('is one consistent snapshot although records are written meanwhile, and restores whole', async () => {
    expect((await fetch(`${server.url}/api/backups`, { method: 'POST' })).status).toBe(401);
    // writes keep arriving while the backup is made
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        const made = await admin('/api/persons', {
          method: 'POST',
          body: JSON.stringify({ givenNames: `Sintética ${n++}`, firstSurname: 'Respaldo', consent: 'private' }),
        });
        expect(made.status).toBe(201);
      }
      return n;
    })();
    const response = await admin('/api/backups', { method: 'POST' });
    writing = false;
    const written = await writer;
    expect(response.status, await response.clone().text()).toBe(201);
    const backup = (await response.json()) as { file: string; rows: number; tables: number };
    expect(backup.file).toMatch(/^recuento-.+\.backup$/);
    expect(written).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200); // still serving

    // restored into another folder (with the master key that seals it): every table matches its checksum
    const restored = join(dir, 'restored');
    await mkdir(restored, { recursive: true, mode: 0o700 });
    await copyFile(join(data, 'master.key'), join(restored, 'master.key'));
    const result = await runCli(['restore', join(data, 'backups', backup.file), '--data', restored]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Restored ${backup.rows} rows .* every table matched its checksum`));
  }, 120_000);
});
