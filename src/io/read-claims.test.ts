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

  it('names missing columns', async () => {
    const path = join(dir, 'short.csv');
    await writeFile(path, 'as_of,claimant\n2026-01-01,X\n');
    await expect(readClaimsFile(path)).rejects.toMatchObject({ details: expect.arrayContaining([{ row: 1, column: 'metric', reason: 'missing column' }]) });
  });
});
