import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, startServe } from '../test/run-cli.js';
import { dataFolderWarning } from './context.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);

describe('the recuento command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists its commands, each with its own help, and the exit codes', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'seed-demo',
      'import',
      'export',
      'backup',
      'restore',
      'link',
      'reconcile',
      'review',
      'decide',
      'duplicates',
      'merge',
      'unmerge',
    ]) {
      expect(help.stdout).toContain(command);
      const own = await runCli([command, '--help']);
      expect(own.code, command).toBe(0);
      expect(own.stdout).toContain(`Usage: recuento ${command}`);
    }
    expect(help.stdout).toContain('Exit codes:');
  });

  it('exits 2 on a wrong command line', async () => {
    expect((await runCli(['import'])).code).toBe(2);
    expect((await runCli(['serve', '--bogus'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });

  it('says once why a password is refused', async () => {
    const weak = await runCli(['user', 'add', 'corta', '--role', 'viewer', '--password-stdin', '--data', join(dir, 'weak')], {}, 'corta\n');
    expect(weak.code).toBe(3);
    expect(weak.stderr.match(/at least 12 characters/g)).toHaveLength(1);
  });

  it('rejects a bad file with exit 3, a report of every bad row, and nothing written but its audit record', async () => {
    const data = join(dir, 'import');
    const bad = join(dir, 'bad.csv');
    await writeFile(
      bad,
      'ID,Nombres,Primer apellido,Segundo apellido,Cédula,Fecha de nacimiento,Sexo,Ocupación,Consentimiento\nB-1,Ana,,,,32/01/2000,,,\nB-1,Luis,Díaz,,,,,,\n',
    );
    const result = await runCli(['import', bad, '--map', fixture('mapping.json'), '--data', data]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Nothing was written');
    const report = await readFile(`${bad}.problems.csv`, 'utf8');
    expect(report.trim().split('\n')).toEqual([
      'row,column,value,reason',
      '2,Primer apellido,,required and empty',
      '2,Fecha de nacimiento,32/01/2000,day 32 does not exist in 2000-01',
      '3,ID,B-1,the same id is already on row 2',
    ]);
    const exported = await runCli(['export', '--format', 'json', '--data', data]);
    expect(JSON.parse(exported.stdout)).toEqual([]);

    // Both commands are in the audit trail: who, which command, its exit code — never its arguments.
    const out = join(dir, 'audit.jsonl');
    expect((await runCli(['audit', 'export', '--out', out, '--data', data])).code).toBe(0);
    const text = await readFile(out, 'utf8');
    const records = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { actor: string; actorName: string; action: string; method: string; route: string; status: number; ip: string });
    expect(records.map((r) => [r.action, r.route, r.status])).toEqual([
      ['cli.import', 'recuento import', 3],
      ['cli.export', 'recuento export', 0],
    ]);
    expect(records[0]).toMatchObject({ actor: 'command-line', method: 'CLI', ip: 'local', actorName: expect.stringMatching(/^os:./) });
    expect(text).not.toMatch(/bad\.csv|mapping|json/);

    // a list of bad rows that cannot be written is said at once, before anything is read (it used to crash the command)
    const nowhere = await runCli(['import', bad, '--map', fixture('mapping.json'), '--report', join(dir, 'no-such-folder', 'problems.csv'), '--data', data]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('cannot write the list of bad rows');
    expect(nowhere.stderr).toContain('no such folder');
    expect(nowhere.stderr).not.toMatch(/node:events|Unhandled/);
    // a file that is not there is said as such, and leaves nothing behind
    const missing = await runCli(['import', join(dir, 'typo', 'people.csv'), '--data', data]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('there is no such file');
    // the list of bad rows never overwrites the file being imported
    const over = await runCli(['import', bad, '--map', fixture('mapping.json'), '--report', bad, '--data', data]);
    expect(over.code).toBe(2);
    expect(await readFile(bad, 'utf8')).toMatch(/^ID,Nombres/);
    // nor any file that is not an earlier list: the mapping, or the input through a link
    const mapping = join(dir, 'kept-mapping.json');
    await copyFile(fixture('mapping.json'), mapping);
    const overMapping = await runCli(['import', bad, '--map', mapping, '--report', mapping, '--dry-run', '--data', data]);
    expect(overMapping.code).toBe(2);
    expect(overMapping.stderr).toContain('is not a list of bad rows');
    expect(await readFile(mapping, 'utf8')).toBe(await readFile(fixture('mapping.json'), 'utf8'));
    await symlink(dir, join(dir, 'alias'));
    const throughLink = await runCli(['import', join(dir, 'alias', 'bad.csv'), '--map', mapping, '--report', bad, '--data', data]);
    expect(throughLink.code).toBe(2);
    expect(await readFile(bad, 'utf8')).toMatch(/^ID,Nombres/);
    // an earlier list is written over, and kept to its owner
    await chmod(`${bad}.problems.csv`, 0o644);
    expect((await runCli(['import', bad, '--map', mapping, '--data', data])).code).toBe(3);
    expect((await stat(`${bad}.problems.csv`)).mode & 0o777).toBe(0o600);
    // a file refused before any row is read (its header lacks a mapped column) leaves no empty list behind
    const headless = join(dir, 'no-columns.csv');
    await writeFile(headless, 'Nombre\nAna\n');
    const refused = await runCli(['import', headless, '--map', fixture('mapping.json'), '--data', data]);
    expect(refused.code).toBe(3);
    await expect(readFile(`${headless}.problems.csv`, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('imports, exports, backs up and restores', async () => {
    const data = join(dir, 'main');
    const imported = await runCli(['import', fixture('persons-cp1252-semicolon.csv'), '--map', fixture('mapping.json'), '--data', data]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('3 rows read (windows-1252, ";"-separated): 3 persons added, 0 updated.');

    const publicExport = await runCli(['export', '--public', '--format', 'json', '--data', data]);
    expect((JSON.parse(publicExport.stdout) as { given_names: string }[]).map((p) => p.given_names)).toEqual(['José Gregorio']);

    const backup = join(dir, 'backup.recuento');
    const made = await runCli(['backup', '--out', backup, '--data', data]);
    expect(made.code).toBe(0);
    const keyId = /sealed by master key ([0-9a-f]{8})/.exec(made.stdout)?.[1];
    expect(keyId).toBe((await readFile(join(data, 'master.key'), 'utf8')).split('+')[3]);
    // Sealed by the master key: a fresh data folder needs a copy of it first.
    const restored = join(dir, 'restored');
    const keyless = await runCli(['restore', backup, '--data', restored]);
    expect(keyless.code).toBe(5);
    expect(keyless.stderr).toContain(`is sealed by master key ${keyId}, which is not here: copy master.key`);
    await copyFile(join(data, 'master.key'), join(restored, 'master.key'));
    const restore = await runCli(['restore', backup, '--data', restored]);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('(3 persons)');
    const again = await runCli(['restore', backup, '--data', restored]);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('--force');
    const damaged = join(dir, 'damaged.recuento');
    await writeFile(damaged, (await readFile(backup)).subarray(0, 200));
    const cut = await runCli(['restore', damaged, '--data', restored, '--force']);
    expect(cut.code).toBe(3);
    expect(cut.stderr).toContain('Nothing was restored');
    expect((await runCli(['export', '--format', 'json', '--data', restored])).stdout).toContain('José Gregorio');
  });

  it('serves on the given port with health 200, and locks its data folder against a second process', async () => {
    const data = join(dir, 'serve');
    const server = await startServe(['--port', '0', '--data', data], { RECUENTO_DEMO_PERSONS: '25' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      const claims = (await (await fetch(`${server.url}/api/claims`)).json()) as unknown[];
      expect(claims.length).toBe(32);
      expect(existsSync(join(data, 'admin-token'))).toBe(true);
      // The master key is made beside it, readable by its owner only.
      expect(statSync(join(data, 'master.key')).mode & 0o777).toBe(0o600);
      // The data folder it made is its owner's alone.
      expect(statSync(data).mode & 0o777).toBe(0o700);
      expect(dataFolderWarning(data)).toBeNull();

      const second = await runCli(['export', '--data', data]);
      expect(second.code).toBe(5);
      expect(second.stderr).toContain('in use by another Recuento process');
    } finally {
      await server.stop();
    }
    // The demo's evidence files are sealed under that key: without it, serve will not quietly make another.
    const status = await runCli(['keys', 'status', '--data', data]);
    const [, keyId, sealed] = /current master key ([0-9a-f]{8}) \(.*master\.key\): (\d+) sealed value/.exec(status.stdout) ?? [];
    expect(Number(sealed)).toBeGreaterThan(0);
    await rename(join(data, 'master.key'), join(dir, 'master.key.away'));
    const refused = await runCli(['serve', '--port', '0', '--data', data]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain(`${sealed} sealed value(s) here need master key ${keyId}. Copy master.key from the data folder`);
    expect(existsSync(join(data, 'master.key'))).toBe(false);
    expect((await runCli(['keys', 'status', '--data', data])).stdout).toContain(`missing master key ${keyId}: ${sealed} sealed value(s)`);
    await rename(join(dir, 'master.key.away'), join(data, 'master.key'));
  });

  it('warns of a data folder other users of the machine can enter, and says how to close it', async () => {
    const open = join(dir, 'open-folder');
    await mkdir(open, { mode: 0o755 });
    await chmod(open, 0o755);
    expect(dataFolderWarning(open)).toMatch(/can be entered by other users of this machine \(mode 755\); run "chmod 700 .*open-folder"/);
    await chmod(open, 0o700);
    expect(dataFolderWarning(open)).toBeNull();
  });

  it('loses nothing committed and keeps nothing half-written when killed in the middle of an import', async () => {
    const data = join(dir, 'crash');
    expect((await runCli(['seed-demo', '--persons', '20', '--no-claims', '--data', data])).code).toBe(0);
    const big = join(dir, 'big.csv');
    const rows = ['external_id,given_names,first_surname'];
    for (let i = 0; i < 200_000; i++) rows.push(`BIG-${i},Ana,Pérez`);
    await writeFile(big, `${rows.join('\n')}\n`);
    const child = spawn(process.execPath, [BIN, 'import', big, '--data', data], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the import of 200k rows takes far longer
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
    const exported = await runCli(['export', '--format', 'json', '--data', data]);
    expect(exported.code).toBe(0);
    const persons = JSON.parse(exported.stdout) as { external_id: string }[];
    expect(persons).toHaveLength(20);
    expect(persons.every((p) => p.external_id.startsWith('DEMO-'))).toBe(true);
  });

  it.runIf(process.env.DATABASE_URL)('moves an embedded database to PostgreSQL and verifies every table', async () => {
    const data = join(dir, 'move');
    expect((await runCli(['seed-demo', '--persons', '50', '--data', data])).code).toBe(0);
    const url = new URL(process.env.DATABASE_URL!);
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    const name = `recuento_move_${process.pid}`;
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    url.pathname = `/${name}`;
    try {
      const moved = await runCli(['migrate', '--to', url.toString(), '--data', data]);
      expect(moved.code).toBe(0);
      expect(moved.stdout).toContain('every table verified');
      expect(moved.stdout).not.toContain('MISMATCH');
      // moved again onto the copy: refused (it holds persons) before anything is written, and the
      // dump that was feeding it stops and leaves no partial backup behind
      const again = await runCli(['migrate', '--to', url.toString(), '--data', data]);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toMatch(/already holds 50 persons.*--force/s);
      expect((await readdir(data)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const server = await startServe(['--port', '0', '--data', join(dir, 'move-serve'), '--no-demo'], { DATABASE_URL: url.toString() });
      try {
        const counts = (await (await fetch(`${server.url}/api/counts?by=claimant`)).json()) as { rows: unknown[] };
        expect(counts.rows.length).toBeGreaterThan(3);
      } finally {
        await server.stop();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
