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
      'row,list_id,full_name,given_names,first_surname,second_surname,class,reason,person_id,person_external_id,match_probability,matched_by,basis,released_on,duplicate_of_row,candidates',
    );
    const matched = csv.split('\n').filter((line) => line.startsWith('2,L-0') || line.startsWith('3,L-1'));
    expect(matched).toHaveLength(2);
    // their cédulas are exact and the names alike: matched by the identifier
    for (const line of matched) expect(line).toMatch(/,identifier,/);
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
    for (const args of [
      [list],
      [list, '--as', 'X', '--to', '30/01/2026'],
      [list, '--as', 'X', '--claim', 'detained'],
      [list, '--as', 'X', '--floor', '0.95', '--threshold', '0.9'],
      [],
    ]) {
      const result = await runCli(['reconcile', ...args, '--data', data]);
      expect(result.code, args.join(' ')).toBe(2);
    }
    expect(existsSync(`${list}.reconciliation.csv`)).toBe(false);
  });
});

describe('recuento review, decide, duplicates, merge and unmerge', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-review-cli-'));
    data = join(dir, 'data');
    expect((await runCli(['seed-demo', '--persons', '150', '--data', data])).code).toBe(0);
    // the same woman twice: once with her cédula, once without (the registry holds a cédula once)
    const persons = join(dir, 'persons.csv');
    await writeFile(
      persons,
      [
        'external_id,given_names,first_surname,second_surname,cedula,birth_date',
        'T-1,Yusmary,Urdaneta,Colmenares,V-19.888.777,12/03/1991',
        'T-2,YUSMARY,Urdaneta,Colmenares,,12/03/1991',
      ].join('\n'),
    );
    const imported = await runCli(['import', persons, '--data', data]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('queues an entry that two records could be, records the decision, then merges the two records and undoes it', async () => {
    const list = join(dir, 'list.csv');
    await writeFile(list, 'id,given_names,first_surname,second_surname,cedula,birth_date\nL-1,Yusmary,Urdaneta,Colmenares,,\n');
    const reconciled = await runCli(['reconcile', list, '--as', 'Twins list', '--from', '2026-01-08', '--to', '2026-01-30', '--data', data]);
    expect(reconciled.code, reconciled.stderr).toBe(0);
    expect(reconciled.stdout).toMatch(/ambiguous \(sent to review\)\s+1/);
    const id = /Reconciliation ([0-9a-f-]{36})/.exec(reconciled.stdout)![1]!;

    const review = await runCli(['review', id, '--data', data]);
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain('row 2 (L-1): Yusmary Urdaneta Colmenares');
    const candidates = [...review.stdout.matchAll(/^\s+0\.\d+\s+([0-9a-f-]{36})\s+(.*)$/gm)].map((m) => ({ id: m[1]!, who: m[2]! }));
    expect(candidates).toHaveLength(2);
    const withCedula = candidates.find((c) => c.who.includes('19888777'))!;
    const withoutCedula = candidates.find((c) => c !== withCedula)!;

    const decided = await runCli(['decide', id, '--row', '2', '--person', withCedula.id, '--match', 'yes', '--data', data]);
    expect(decided.code, decided.stderr).toBe(0);
    expect(decided.stdout).toContain('0 entries left to review');
    expect((await runCli(['review', id, '--data', data])).stdout).toContain('Nothing to review');
    expect((await runCli(['decide', id, '--row', '2', '--person', withCedula.id, '--match', 'maybe', '--data', data])).code).toBe(2);

    const duplicates = await runCli(['duplicates', '--min', '0.9', '--data', data]);
    expect(duplicates.code, duplicates.stderr).toBe(0);
    expect(duplicates.stdout).toContain(withCedula.id);
    expect(duplicates.stdout).toContain(withoutCedula.id);

    const merged = await runCli(['merge', '--keep', withCedula.id, '--merge', withoutCedula.id, '--data', data]);
    expect(merged.code, merged.stderr).toBe(0);
    const mergeId = /recuento unmerge ([0-9a-f-]{36})/.exec(merged.stdout)![1]!;
    expect((await runCli(['duplicates', '--min', '0.9', '--data', data])).stdout).not.toContain(withoutCedula.id);
    const unmerged = await runCli(['unmerge', mergeId, '--data', data]);
    expect(unmerged.code, unmerged.stderr).toBe(0);
    expect(unmerged.stdout).toBe(`Restored ${withoutCedula.id} beside ${withCedula.id}.\n`);
  });
});

describe('from an NGO spreadsheet to an explained government list (docs/examples)', () => {
  const examples = join(import.meta.dirname, '..', '..', 'docs', 'examples');
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-example-cli-'));
    data = join(dir, 'data');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports the case histories, explains the list row by row, takes decisions by the list’s and the NGO’s own ids, and deletes the reconciliation', async () => {
    const imported = await runCli(['import', join(examples, 'ngo-registry.csv'), '--map', join(examples, 'ngo-registry.mapping.json'), '--data', data]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('10 persons, 10 detentions, 17 events (1 undated)');

    const list = join(dir, 'government-list.csv');
    await writeFile(list, await readFile(join(examples, 'government-list.csv')));
    const reconciled = await runCli(['reconcile', list, '--as', 'Government list', '--from', '2026-01-08', '--to', '2026-01-31', '--data', data]);
    expect(reconciled.code, reconciled.stderr).toBe(0);
    const count = (label: RegExp) => Number(new RegExp(`${label.source}\\s+(\\d+)`).exec(reconciled.stdout)?.[1]);
    expect(count(/verified political prisoner released in the claimed period/)).toBe(3);
    expect(count(/released earlier \(counted twice\)/)).toBe(2);
    expect(count(/still recorded as detained \(conflict to verify\)/)).toBe(2);
    expect(count(/prosecuted for common crimes only/)).toBe(2);
    expect(count(/unknown to the registry/)).toBe(1);
    expect(count(/the same person twice in the list/)).toBe(2);
    const rows = (await readFile(`${list}.reconciliation.csv`, 'utf8')).trim().split('\n').slice(1);
    const byListId = new Map(rows.map((r) => [r.split(',')[1], r]));
    // surnames first, in capitals, without accents: matched by the cédula to the NGO's own record
    expect(byListId.get('1')).toContain('PEREZ GOMEZ JOSE LUIS');
    expect(byListId.get('1')).toMatch(/,released_in_period,.*,FP-0101,.*,identifier,judgment,2026-01-14,/);
    // the NGO said "no": common crimes by its judgment, though the charge looks political
    expect(byListId.get('8')).toMatch(/,common_crime_only,judged a common-crime case by Example NGO \(synthetic data\),.*,FP-0109,/);

    const id = /Reconciliation ([0-9a-f-]{36})/.exec(reconciled.stdout)![1]!;
    const decided = await runCli(['decide', id, '--entry', '10', '--person', 'FP-0110', '--match', 'no', '--data', data]);
    expect(decided.code, decided.stderr).toBe(0);
    expect(decided.stdout).toContain('Entry 10 is now "unknown"');
    expect((await runCli(['decide', id, '--entry', '10', '--person', 'FP-9999', '--match', 'no', '--data', data])).code).toBe(3);

    // an output file that cannot be written stops the command before anything is stored
    const before = await runCli(['reconcile', list, '--as', 'Again', '--csv', join(dir, 'no', 'such', 'folder.csv'), '--data', data]);
    expect(before.code).not.toBe(0);
    expect(before.stderr).toContain('Nothing was stored');

    const closed = await runCli(['facilities', 'set', 'el-helicoide', '--status', 'closed', '--status-since', '2026-03-01', '--data', data]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toBe('Changed el-helicoide: closed since 2026-03-01.\n');
    expect((await runCli(['offences', 'set', 'terrorismo', '--category', 'nonsense', '--data', data])).code).toBe(3);

    const deleted = await runCli(['reconcile', '--delete', id, '--data', data]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect((await runCli(['reconcile', '--id', id, '--data', data, '--csv', join(dir, 'x.csv'), '--json', join(dir, 'x.json')])).code).toBe(3);
  });
});
