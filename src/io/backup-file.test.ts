import { mkdtempSync, readdirSync } from 'node:fs';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/database.js';
import { dumpDatabase, restoreDatabase, tableDigests } from '../store/dump.js';
import { createPerson } from '../store/persons.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { backupKeyId, readBackupLines, writeBackupFile } from './backup-file.js';
import { type MasterKeys, newSecretKey } from './secrets.js';

const PRIVATE_NAME = 'Marisela Canario';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

describe(`backup files on ${TEST_DATABASE_KIND}`, () => {
  let source: Store;
  let dir: string;
  const keys: MasterKeys = { current: newSecretKey(), retired: [] };
  beforeAll(async () => {
    source = await openTestStore();
    dir = mkdtempSync(join(tmpdir(), 'recuento-backup-'));
    await createPerson(source.db, buildPerson({ givenNames: 'Marisela', firstSurname: 'Canario', consent: 'private' }));
  });
  afterAll(async () => {
    await source?.close();
  });

  it('are sealed by the master key: no name in them, even unzipped, and they restore with that key only', async () => {
    const path = join(dir, 'sealed.backup');
    const digests = await writeBackupFile(source.db, 'x', path, keys);
    expect(digests.persons?.rows).toBe(1);
    expect(readdirSync(dir)).toEqual(['sealed.backup']); // nothing half-written beside it
    const bytes = await readFile(path);
    expect(bytes.includes(PRIVATE_NAME)).toBe(false);
    expect(() => gunzipSync(bytes)).toThrow();
    expect(await backupKeyId(path)).toBe(keys.current.id);

    const lines = await collect(readBackupLines(path, [keys.current], dir));
    expect(lines.join('\n')).toContain('Canario');
    const target = await openTestStore();
    try {
      await restoreDatabase(target.db, readBackupLines(path, [keys.current], dir), { schema: 'x' });
      expect(await tableDigests(target.db)).toEqual(await tableDigests(source.db));
    } finally {
      await target.close();
    }

    const stranger = newSecretKey();
    await expect(collect(readBackupLines(path, [stranger], '/the/data'))).rejects.toMatchObject({
      code: 'conflict',
      publicMessage: expect.stringContaining(
        `is sealed by master key ${keys.current.id}, which is not here: copy master.key (or master.${keys.current.id}.retired.key`,
      ),
    });
  });

  it('refuse a changed or cut backup, saying nothing was restored, and leave the database as it was', async () => {
    const path = join(dir, 'tampered.backup');
    await writeBackupFile(source.db, 'x', path, keys);
    const bytes = await readFile(path);
    const changed = Buffer.from(bytes);
    changed[bytes.length - 40] = changed[bytes.length - 40]! ^ 1;
    await writeFile(path, changed);
    const target = await openTestStore();
    try {
      const before = await tableDigests(target.db);
      await expect(restoreDatabase(target.db, readBackupLines(path, [keys.current], dir), { schema: 'x' })).rejects.toMatchObject({
        code: 'validation_failed',
        publicMessage: expect.stringMatching(/was changed or damaged: part of it does not authenticate\. Nothing was restored\./),
      });
      await writeFile(path, bytes);
      await truncate(path, bytes.length - 10);
      await expect(collect(readBackupLines(path, [keys.current], dir))).rejects.toMatchObject({ code: 'validation_failed' });
      expect(await tableDigests(target.db)).toEqual(before);
    } finally {
      await target.close();
    }
    await writeFile(path, 'not a backup at all');
    await expect(collect(readBackupLines(path, [keys.current], dir))).rejects.toMatchObject({
      publicMessage: expect.stringMatching(/is not a Recuento backup/),
    });
  });

  it('still read a backup written before backups were sealed (plain gzip)', async () => {
    const lines: string[] = [];
    await dumpDatabase(source.db, 'x', (line) => {
      lines.push(line);
    });
    const path = join(dir, 'old.jsonl.gz');
    await writeFile(path, await promisify(gzip)(`${lines.join('\n')}\n`));
    expect(await backupKeyId(path)).toBeUndefined();
    expect(await collect(readBackupLines(path, [], dir))).toEqual(lines);
  });
});
