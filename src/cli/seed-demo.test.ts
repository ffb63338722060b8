/** recuento seed-demo is all or nothing: killed half-way, it leaves no synthetic person behind. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../test/run-cli.js';

describe('recuento seed-demo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-seed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const persons = async (data: string) => {
    const exported = await runCli(['export', '--format', 'json', '--data', data]);
    expect(exported.code, exported.stderr).toBe(0);
    return (JSON.parse(exported.stdout) as unknown[]).length;
  };

  it('adds the persons asked for, then, killed while adding more, keeps exactly what it had', async () => {
    const data = join(dir, 'data');
    const first = await runCli(['seed-demo', '--persons', '30', '--no-claims', '--data', data]);
    expect(first.code, first.stderr).toBe(0);
    expect(await persons(data)).toBe(30);
    // a large seed, killed once it has written several batches
    const child = spawn(process.execPath, [BIN, 'seed-demo', '--persons', '300000', '--no-claims', '--data', data], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect(child.exitCode).toBeNull(); // still at work
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await persons(data)).toBe(30);
  }, 90_000);
});
