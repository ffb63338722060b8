/**
 * A busy server writes its audit records in batches: every record arrives, in the order written,
 * on one unbroken chain, and each writer hears back once its record is committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../io/node-crypto.js';
import { readAudit } from '../store/audit.js';
import type { Store } from '../store/database.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { verifyAudit } from '../usecases/audit-trail.js';
import { createAuditWriter } from './audit-writer.js';

describe(`the audit writer on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('writes many records at once as batches on one chain, in the order they came', async () => {
    const writer = createAuditWriter(store.db, sha256, 64);
    const record = (i: number) => ({
      at: new Date().toISOString(),
      actor: 'local-admin',
      actorName: 'local administrator',
      action: 'persons.read',
      method: 'GET',
      route: `/api/test/${i}`,
      targets: [],
      status: 200,
      ip: '127.0.0.1',
    });
    const answered: number[] = [];
    await Promise.all(Array.from({ length: 300 }, (_, i) => writer.write(record(i)).then(() => answered.push(i))));
    expect(answered).toHaveLength(300);
    const rows = await readAudit(store.db, 1, 1000);
    expect(rows.map((r) => r.route)).toEqual(Array.from({ length: 300 }, (_, i) => `/api/test/${i}`));
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, checked: 300 });
  });
});
