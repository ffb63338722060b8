import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

describe('recuento reconcile', () => {
  let dir: string;
  let data: string;
  let registry: { external_id: string; given_names: string; first_surname: string; second_surname: string; cedula: string }[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-reconcile-cli-'));
    data = join(dir, 'data');
    expect((await runCli(['seed-demo', '--persons', '200', '--data', data])).code).toBe(0);
    const exported = await runCli(['export', '--format', 'json', '--data', data]);
    registry = JSON.parse(exported.stdout);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('explains a list against the registry, writes the report, and recomputes it by id', async () => {
    const list = join(dir, 'list.csv');
    const rows = registry.slice(0, 5).map((p, i) => `L-${i},${p.given_names.toUpperCase()},${p.first_surname},${p.second_surname},${p.cedula},`);
    await writeFile(list, ['id,given_names,first_surname,second_surname,cedula,birth_date', ...rows, 'L-9,Nombre,Inexistente,Ninguno,,'].join('\n'));
    const result = await runCli(['reconcile', list, '--as', 'Test list', '--from', '2026-01-08', '--to', '2026-01-30', '--data', data]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/"Test list", 6 entries claimed released between 2026-01-08 and 2026-01-30, against 200 registry persons/);
    expect(result.stdout).toMatch(/unknown to the registry\s+1/);
    const csv = await readFile(`${list}.reconciliation.csv`, 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'row,list_id,given_names,first_surname,second_surname,class,reason,person_id,match_probability,matched_by,released_on,duplicate_of_row,candidates',
    );
    const matched = csv.split('\n').filter((line) => line.startsWith('2,L-0') || line.startsWith('3,L-1'));
    expect(matched).toHaveLength(2);
    for (const line of matched) expect(line).toMatch(/,model,/);
    const id = /Reconciliation ([0-9a-f-]{36})/.exec(result.stdout)![1]!;
    const again = await runCli(['reconcile', '--id', id, '--csv', join(dir, 'again.csv'), '--json', join(dir, 'again.json'), '--data', data]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'again.json'), 'utf8')).counts).toEqual(
      JSON.parse(await readFile(`${list}.reconciliation.json`, 'utf8')).counts,
    );
  });

  it('refuses a wrong command line with exit 2, writing nothing', async () => {
    const list = join(dir, 'other.csv');
    await writeFile(list, 'id,given_names,first_surname\nA,Ana,Pérez\n');
    for (const args of [[list], [list, '--as', 'X', '--to', '30/01/2026'], [list, '--as', 'X', '--claim', 'detained'], []]) {
      const result = await runCli(['reconcile', ...args, '--data', data]);
      expect(result.code, args.join(' ')).toBe(2);
    }
    expect(existsSync(`${list}.reconciliation.csv`)).toBe(false);
  });
});
