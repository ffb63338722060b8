import { statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../test/run-cli.js';

type Served = Awaited<ReturnType<typeof startServe>>;

describe('recuento log: a verifier, a witness and receipts anyone can check against a running server', () => {
  let dir: string;
  let data: string;
  let server: Served;
  let token: string;
  let serveOutput = '';
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  const saveCheckpoint = async (name: string) => {
    const path = join(dir, name);
    await writeFile(path, await (await fetch(`${server.url}/api/log/checkpoint`)).text());
    return path;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-log-'));
    data = join(dir, 'data');
    server = await startServe(['--port', '0', '--data', data], { RECUENTO_DEMO_PERSONS: '60', RECUENTO_LOG_ORIGIN: 'recuento.test/demo-log' });
    server.child.stderr?.on('data', (d) => (serveOutput += d));
    token = (await readFile(join(data, 'admin-token'), 'utf8')).trim();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the signing key on first start outside the database, readable by its owner only, and never prints it', async () => {
    const privateKey = await readFile(join(data, 'log-signing.key'), 'utf8');
    expect(privateKey).toMatch(/^PRIVATE\+KEY\+recuento\.test\/demo-log\+[0-9a-f]{8}\+/);
    expect(statSync(join(data, 'log-signing.key')).mode & 0o077).toBe(0);
    const publicKey = (await readFile(join(data, 'log-signing.pub'), 'utf8')).trim();
    expect(await (await fetch(`${server.url}/api/log/key`)).text()).toBe(`${publicKey}\n`);
    const published = await admin('/api/log/publications/list', {
      method: 'POST',
      body: JSON.stringify({ title: 'Excarcelados (demo)', statuses: ['released'] }),
    });
    expect(published.status).toBe(201);
    // The secret is base64 after the fourth '+', and base64 has '+' of its own: take all of it.
    const secret = privateKey.trim().split('+').slice(4).join('+');
    expect(secret.length).toBeGreaterThan(40);
    expect(serveOutput).not.toContain(secret);
    // The first start's demo data includes synthetic verification work, published like any other.
    const publications = (await (await fetch(`${server.url}/api/log/publications`)).json()) as { kind: string; title: string }[];
    expect(publications.map((p) => p.kind)).toEqual(expect.arrayContaining(['verification', 'list', 'counts']));
    expect(publications.find((p) => p.kind === 'list' && p.title.includes('DEMOSTRACIÓN'))).toBeDefined();
    const counts = (await (await admin('/api/counts?by=status')).json()) as { rows: { levels: Record<string, number> }[] };
    expect(counts.rows.reduce((n, r) => n + r.levels.verified!, 0)).toBeGreaterThan(0);
  });

  it('witnesses the log: checks it, cosigns it, and the server serves the cosignature', async () => {
    const keygen = await runCli(['log', 'keygen', '--witness', '--name', 'witness.test/w1', '--out', join(dir, 'w1.key')]);
    expect(keygen.code, keygen.stderr).toBe(0);
    const witnessKey = (await readFile(join(dir, 'w1.key.pub'), 'utf8')).trim();
    expect(keygen.stdout.trim()).toBe(witnessKey);
    expect((await admin('/api/log/witnesses', { method: 'POST', body: JSON.stringify({ key: witnessKey }) })).status).toBe(201);

    const args = [
      'log',
      'witness',
      '--server',
      server.url,
      '--log-key',
      join(data, 'log-signing.pub'),
      '--key',
      join(dir, 'w1.key'),
      '--state',
      join(dir, 'w1.state'),
    ];
    const first = await runCli(args);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/✓ cosigned: the server accepted the cosignature of \d+ entries/);
    expect(await (await fetch(`${server.url}/api/log/checkpoint`)).text()).toMatch(/— witness\.test\/w1 \S+\n$/);

    const more = await admin('/api/log/publications/list', { method: 'POST', body: JSON.stringify({ title: 'Detenidos (demo)', statuses: ['detained'] }) });
    expect(more.status).toBe(201);
    const second = await runCli(args);
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).toMatch(/✓ consistency \d+ → \d+: .*nothing was rewritten/);
  });

  it('catches a split view: a second log under the same key, shown to the same witness, is refused with an alert', async () => {
    const forked = join(dir, 'forked');
    await mkdir(forked);
    await copyFile(join(data, 'log-signing.key'), join(forked, 'log-signing.key'));
    const other = await startServe(['--port', '0', '--data', forked], { RECUENTO_DEMO_PERSONS: '12', RECUENTO_LOG_ORIGIN: 'recuento.test/demo-log' });
    try {
      const otherToken = (await readFile(join(forked, 'admin-token'), 'utf8')).trim();
      for (const status of ['released', 'detained', 'released']) {
        await fetch(`${other.url}/api/log/publications/list`, {
          method: 'POST',
          headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Lista paralela', statuses: [status] }),
        });
      }
      const state = join(dir, 'w1.state');
      const before = await readFile(state, 'utf8');
      const run = await runCli([
        'log',
        'witness',
        '--server',
        other.url,
        '--log-key',
        join(data, 'log-signing.pub'),
        '--key',
        join(dir, 'w1.key'),
        '--state',
        state,
      ]);
      expect(run.code).toBe(6);
      expect(run.stdout).toMatch(/✗ consistency \d+ → \d+: (the proof does not lead|the newer checkpoint has fewer entries)/);
      expect(run.stdout).toContain('ALERT: the log is not consistent with the checkpoint you last cosigned. Not cosigned.');
      expect(await readFile(state, 'utf8')).toBe(before);
      const alerts = (await readdir(dir)).filter((f) => f.startsWith('w1.state.alert-'));
      expect(alerts).toHaveLength(1);
      expect(await readFile(join(dir, alerts[0]!), 'utf8')).toContain(before);
    } finally {
      await other.stop();
    }
  });

  it('verifies checkpoints: signatures, witnesses, consistency; exits non-zero saying exactly what failed', async () => {
    const old = await saveCheckpoint('old.txt');
    await admin('/api/log/publications/list', {
      method: 'POST',
      body: JSON.stringify({ title: 'En arresto domiciliario (demo)', statuses: ['house_arrest'] }),
    });
    const current = await saveCheckpoint('new.txt');
    const key = join(data, 'log-signing.pub');

    const ok = await runCli(['log', 'verify', '--checkpoint', current, '--previous', old, '--key', key, '--server', server.url]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('OK: every signature and proof holds.');
    const withWitness = await runCli(['log', 'verify', '--checkpoint', old, '--key', key, '--witness-key', join(dir, 'w1.key.pub'), '--witnesses', '1']);
    expect(withWitness.code, withWitness.stdout).toBe(0);
    const missingWitness = await runCli(['log', 'verify', '--checkpoint', current, '--key', key, '--witness-key', join(dir, 'w1.key.pub'), '--witnesses', '1']);
    expect(missingWitness.code).toBe(6);
    expect(missingWitness.stdout).toMatch(/✗ .*witnesses: no cosignature .*1 required/);

    const offline = await runCli(['log', 'verify', '--checkpoint', current, '--previous', old, '--key', key]);
    expect(offline.code).toBe(6);
    expect(offline.stdout).toContain('no consistency proof: give --server URL to fetch one');
    const swapped = await runCli(['log', 'verify', '--checkpoint', old, '--previous', current, '--key', key]);
    expect(swapped.code).toBe(6);
    expect(swapped.stdout).toMatch(/fewer entries/);

    const text = await readFile(current, 'utf8');
    const forged = join(dir, 'forged.txt');
    await writeFile(
      forged,
      text.replace(/\n(\d+)\n/, (_, n: string) => `\n${Number(n) + 1}\n`),
    );
    const forgedRun = await runCli(['log', 'verify', '--checkpoint', forged, '--key', key]);
    expect(forgedRun.code).toBe(6);
    expect(forgedRun.stdout).toMatch(/✗ .*signature: the signature by recuento\.test\/demo-log .* does not verify: the note was changed or forged/);
    const truncated = join(dir, 'truncated.txt');
    await writeFile(truncated, text.slice(0, 50));
    expect((await runCli(['log', 'verify', '--checkpoint', truncated, '--key', key])).stdout).toMatch(/truncated/);

    const impostor = await runCli(['log', 'keygen', '--name', 'recuento.test/demo-log', '--out', join(dir, 'impostor.key')]);
    expect(impostor.code).toBe(0);
    const wrongKey = await runCli(['log', 'verify', '--checkpoint', current, '--key', join(dir, 'impostor.key.pub')]);
    expect(wrongKey.code).toBe(6);
    expect(wrongKey.stdout).toMatch(/signed by the wrong key/);
    const badKey = await runCli(['log', 'verify', '--checkpoint', current, '--key', 'not-a-key+zz+AAAA']);
    expect(badKey.code).toBe(3);
  });

  it("proves a family's receipt, offline and against the server; a wrong salt or index fails", async () => {
    const persons = (await (await admin('/api/persons?status=released&limit=200')).json()) as { items: { id: string; consent: string }[] };
    const hidden = persons.items.find((p) => p.consent !== 'public')!;
    const receipts = (await (await admin(`/api/persons/${hidden.id}/receipts`)).json()) as Record<string, unknown>[];
    const receipt = join(dir, 'receipt.json');
    await writeFile(receipt, JSON.stringify(receipts[0]));
    const key = join(data, 'log-signing.pub');

    const offline = await runCli(['log', 'prove', '--receipt', receipt, '--key', key]);
    expect(offline.code, offline.stdout).toBe(0);
    expect(offline.stdout).toMatch(/✓ commitment: the details and salt give the commitment/);
    const online = await runCli(['log', 'prove', '--receipt', receipt, '--key', key, '--server', server.url]);
    expect(online.code, online.stdout).toBe(0);
    expect(online.stdout).toMatch(/✓ entry served: the server serves the same entry/);
    expect(online.stdout).toMatch(/OK: .* is on the published list \(released\)/);

    const wrongSalt = join(dir, 'wrong-salt.json');
    await writeFile(wrongSalt, JSON.stringify({ ...receipts[0], salt: Buffer.alloc(32, 1).toString('base64') }));
    const salted = await runCli(['log', 'prove', '--receipt', wrongSalt, '--key', key]);
    expect(salted.code).toBe(6);
    expect(salted.stdout).toMatch(/✗ commitment: .*the salt is wrong/);
    const pastEnd = join(dir, 'past-end.json');
    await writeFile(pastEnd, JSON.stringify({ ...receipts[0], leafIndex: 1_000_000 }));
    expect((await runCli(['log', 'prove', '--receipt', pastEnd, '--key', key])).stdout).toMatch(/past the end of a tree/);
    await writeFile(join(dir, 'garbage.json'), '{"format":');
    expect((await runCli(['log', 'prove', '--receipt', join(dir, 'garbage.json'), '--key', key])).code).toBe(3);
  });

  it('rotates the key (the rotation checkpoint signed by both, later ones by the new key only); makes named accounts whose tokens work', async () => {
    await server.stop();
    const oldKey = join(dir, 'old-key.pub');
    await writeFile(oldKey, await readFile(join(data, 'log-signing.pub')));
    const rotated = await runCli(['log', 'rotate-key', '--data', data]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const note = rotated.stdout.slice(rotated.stdout.indexOf('recuento.test/demo-log\n'), rotated.stdout.indexOf('Publish the new'));
    await writeFile(join(dir, 'rotation.txt'), note);
    for (const key of [oldKey, join(data, 'log-signing.pub')]) {
      const check = await runCli(['log', 'verify', '--checkpoint', join(dir, 'rotation.txt'), '--key', key]);
      expect(check.code, check.stdout).toBe(0);
    }
    const status = await runCli(['log', 'status', '--data', data]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Witnesses: witness\.test\/w1/);
    const added = await runCli(['user', 'add', 'ana', '--role', 'verifier', '--data', data]);
    expect(added.code, added.stderr).toBe(0);
    const anaToken = added.stdout.trim();
    expect(anaToken).toMatch(/^rct_[A-Za-z0-9_-]{43}$/);
    expect((await runCli(['user', 'add', 'eve', '--role', 'overlord', '--data', data])).code).toBe(2);
    const audited = await runCli(['audit', 'verify', '--data', data]);
    expect(audited.code, audited.stdout).toBe(0);
    expect(audited.stdout).toMatch(/^OK: \d+ records, chain intact/);
    const users = await runCli(['user', 'list', '--data', data]);
    expect(users.stdout).toMatch(/ana {2}verifier {2}1 live token\(s\)/);
    expect(users.stdout).not.toContain(anaToken);

    server = await startServe(['--port', '0', '--data', data, '--no-demo']);
    const after = await saveCheckpoint('after-rotation.txt');
    expect((await runCli(['log', 'verify', '--checkpoint', after, '--key', join(data, 'log-signing.pub')])).code).toBe(0);
    const asAna = await fetch(`${server.url}/api/verification/queue`, { headers: { authorization: `Bearer ${anaToken}` } });
    expect(asAna.status).toBe(200);
    expect(serveOutput + (await readFile(join(data, 'admin-token'), 'utf8'))).not.toContain(anaToken);
  });

  it('refuses a folder restored without its log key, and makes no new key there', async () => {
    // a copy of the data folder, its key file left behind (keys are kept apart from backups)
    const restored = join(dir, 'restored');
    const made = await runCli(['log', 'status', '--data', restored]);
    expect(made.code, made.stderr).toBe(0);
    await rm(join(restored, 'log-signing.key'));
    await rm(join(restored, 'log-signing.pub'));
    const refused = await runCli(['serve', '--port', '0', '--no-demo', '--data', restored]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/holds a signed transparency log \(\d+ entries\) but .*log-signing\.key is missing\. Put back the key file/);
    const again = await runCli(['log', 'status', '--data', restored]);
    expect(again.code).not.toBe(0);
    expect(await readdir(restored)).not.toContain('log-signing.key');
  });
});
