/**
 * A full disk during an import and during a backup: a clear error, and nothing corrupt or
 * half-written — the registry has exactly what it had, the backup leaves no partial file.
 * Needs a small disk: a tmpfs mounted for the test, so it runs as root only (as CI does).
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

const sh = (command: string, ...args: string[]) => spawnSync(command, args, { encoding: 'utf8' });
const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = join(tmpdir(), `recuento-mount-probe-${process.pid}`);
  spawnSync('mkdir', ['-p', probe]);
  const mounted = sh('mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe).status === 0;
  if (mounted) sh('umount', probe);
  spawnSync('rmdir', [probe]);
  return mounted;
})();

describe.runIf(canMount)('a full disk', () => {
  let dir: string;
  let base: string;
  let small: string;
  const persons = async (data: string) => (JSON.parse((await runCli(['export', '--format', 'json', '--data', data])).stdout) as unknown[]).length;
  /** A disk of `size` (tmpfs: 12m, 8k…), mounted at `at`. */
  const mountDisk = async (at: string, size: string) => {
    await mkdir(at, { recursive: true });
    expect(sh('mount', '-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at).status).toBe(0);
  };
  const usedMegabytes = (path: string) => Number(sh('du', '-sm', path).stdout.split('\t')[0]);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-full-disk-'));
    base = join(dir, 'base');
    const seeded = await runCli(['seed-demo', '--persons', '20', '--no-claims', '--data', base]);
    expect(seeded.code, seeded.stderr).toBe(0);
    small = join(dir, 'small');
  }, 120_000);
  afterAll(async () => {
    for (const at of [small, join(dir, 'tiny')]) sh('umount', at);
    await rm(dir, { recursive: true, force: true });
  });

  it('stops an import with a clear error and keeps the registry as it was', async () => {
    // the database, with a dozen megabytes to spare: far less than importing 60,000 persons takes
    await mountDisk(small, `${usedMegabytes(base) + 12}m`);
    await cp(base, join(small, 'data'), { recursive: true });
    const rows = Array.from({ length: 60_000 }, (_, i) => `FULL-${i},Persona ${i},Sintética,Disco`);
    const csv = join(dir, 'persons.csv');
    await writeFile(csv, `external_id,given_names,first_surname,second_surname\n${rows.join('\n')}\n`);
    const imported = await runCli(['import', csv, '--data', join(small, 'data')]);
    expect(imported.code).not.toBe(0);
    expect(imported.stderr).toMatch(/disk is full|no space left/i);
    expect(imported.stderr).toMatch(/MiB free/);
    // room again: the registry opens, with exactly the persons it had
    expect(sh('mount', '-o', 'remount,size=400m', small).status).toBe(0);
    expect(await persons(join(small, 'data'))).toBe(20);
  }, 180_000);

  it('stops a backup with a clear error and leaves no partial file', async () => {
    const tiny = join(dir, 'tiny');
    await mountDisk(tiny, '8k'); // the sealed backup of even a small registry takes more
    const backup = await runCli(['backup', '--out', join(tiny, 'registry.backup'), '--data', base]);
    expect(backup.code).not.toBe(0);
    expect(backup.stderr).toContain(`The disk holding ${tiny} is full: the backup was not written (its partial file was removed).`);
    expect(await readdir(tiny)).toEqual([]);
  }, 120_000);
});
