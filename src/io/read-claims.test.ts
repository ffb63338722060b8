import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClaimsFile } from './read-claims.js';

const HEADER = 'as_of,as_of_precision,published,claimant,claimant_kind,metric,qualifier,value,value_high,scope,reported_by';

describe('readClaimsFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-claims-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the shipped 2026 claims: 32 real figures, each with its citation', async () => {
    const claims = await readClaimsFile(join(import.meta.dirname, '..', '..', 'demo', 'claims-2026.csv'));
    expect(claims).toHaveLength(32);
    expect(claims.every((c) => c.citation.length > 5)).toBe(true);
    expect(claims).toContainEqual(
      expect.objectContaining({ claimant: 'Foro Penal', metric: 'released', qualifier: 'at_least', value: 302, asOf: '2026-01-29' }),
    );
  });

  it('rejects a file with bad rows, naming each row, column and reason', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(
      path,
      [HEADER, '2026-01-29,day,2026-01-30,X,ngo,released,range,300,,scope,cite', '2026-02-30,day,,Y,church,released,exact,-4,,scope,cite'].join('\n'),
    );
    await expect(readClaimsFile(path)).rejects.toMatchObject({
      code: 'import_rejected',
      details: expect.arrayContaining([
        { row: 2, column: 'valueHigh', reason: 'a range needs valueHigh, and only a range has one' },
        expect.objectContaining({ row: 3, column: 'claimantKind' }),
        expect.objectContaining({ row: 3, column: 'value' }),
        expect.objectContaining({ row: 3, column: 'asOf' }),
      ]),
    });
  });

  it('reads the period a figure counts from and its basis, and refuses a period that cannot be', async () => {
    const claims = await readClaimsFile(join(import.meta.dirname, '..', '..', 'demo', 'claims-2026.csv'));
    expect(claims.filter((c) => c.countedFrom === '2026-01-03').map((c) => c.value)).toEqual([600, 302]);
    expect(claims.find((c) => c.value === 179)).toMatchObject({ metric: 'released', basis: 'amnesty_law', countedFrom: null });
    const path = join(dir, 'periods.csv');
    await writeFile(
      path,
      [
        `${HEADER},counted_from,basis`,
        '2026-01-29,day,,X,ngo,released,exact,300,,scope,cite,2026-02-01,',
        '2026-01-29,day,,X,ngo,held,exact,700,,scope,cite,2026-01-01,',
        '2026-01-29,day,,X,ngo,released,exact,700,,scope,cite,,pardon',
      ].join('\n'),
    );
    await expect(readClaimsFile(path)).rejects.toMatchObject({
      details: [
        { row: 2, column: 'countedFrom', reason: 'a figure cannot count from a day after the one it is true on (asOf)' },
        { row: 3, column: 'countedFrom', reason: 'this metric counts persons in a situation on one day: it has no period to count from' },
        expect.objectContaining({ row: 4, column: 'basis' }),
      ],
    });
  });

  it('names missing columns', async () => {
    const path = join(dir, 'short.csv');
    await writeFile(path, 'as_of,claimant\n2026-01-01,X\n');
    await expect(readClaimsFile(path)).rejects.toMatchObject({ details: expect.arrayContaining([{ row: 1, column: 'metric', reason: 'missing column' }]) });
  });
});
