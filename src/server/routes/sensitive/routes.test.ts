import { mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMasterKey, loadMasterKeys, unloadedKeys } from '../../../io/secrets.js';
import { dumpDatabase, restoreDatabase } from '../../../store/dump.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { openTestStore, TEST_DATABASE_KIND } from '../../../test/store.js';
import { masterKeyUse, readSensitive, rotateMasterKey, sealPlainNotes } from '../../../usecases/sensitive.js';

const MARKER = 'CANARY-SENSITIVE-7f3a';
const FIELDS = {
  relatives: [{ name: `Madre ${MARKER}`, relation: 'madre', phone: '+58 412 000 0000' }],
  health: `Diabetes tipo 1 ${MARKER}`,
  address: `Calle 5, casa 12 ${MARKER}`,
  notes: `Testimonio de la familia ${MARKER}`,
};

describe(`sensitive fields, sealed per person, on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  let personId: string;
  let otherId: string;
  const as = (who: string, init: RequestInit = {}) => ({
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${tokens[who]}` },
  });

  beforeAll(async () => {
    server = await startTestServer();
    for (const role of ['administrator', 'documenter', 'verifier', 'analyst', 'viewer']) {
      const made = await server.admin('/api/accounts', json('POST', { name: `s-${role}`, role }));
      tokens[role] = ((await made.json()) as { token: { token: string } }).token.token;
    }
    const made = async () =>
      (
        (await (await server.admin('/api/persons', json('POST', { givenNames: 'Persona', firstSurname: 'Sintética', synthetic: true }))).json()) as {
          id: string;
        }
      ).id;
    personId = await made();
    otherId = await made();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets documenters write and read every field, analysts only health and notes, and no one else', async () => {
    const written = await server.get(`/api/persons/${personId}/sensitive`, as('documenter', json('PATCH', FIELDS)));
    expect(written.status).toBe(200);
    expect(await written.json()).toEqual({ changed: ['relatives', 'health', 'address', 'notes'] });

    const full = (await (await server.get(`/api/persons/${personId}/sensitive`, as('verifier'))).json()) as { values: typeof FIELDS; shown: string[] };
    expect(full.values).toEqual(FIELDS);
    const analyst = (await (await server.get(`/api/persons/${personId}/sensitive`, as('analyst'))).json()) as { values: object; shown: string[] };
    expect(analyst.values).toEqual({ health: FIELDS.health, notes: FIELDS.notes });
    expect(analyst.shown).toEqual(['health', 'notes']);
    for (const who of ['administrator', 'viewer']) expect((await server.get(`/api/persons/${personId}/sensitive`, as(who))).status).toBe(403);
    expect((await server.admin(`/api/persons/${personId}/sensitive`)).status).toBe(403); // the shared local token names no one
    expect((await server.get(`/api/persons/${personId}/sensitive`)).status).toBe(401);
    expect((await server.get(`/api/persons/${personId}/sensitive`, as('analyst', json('PATCH', { health: 'x' })))).status).toBe(403);

    // A field given replaces it; null clears it; others stay.
    await server.get(`/api/persons/${personId}/sensitive`, as('documenter', json('PATCH', { address: null })));
    const after = (await (await server.get(`/api/persons/${personId}/sensitive`, as('documenter'))).json()) as { values: Record<string, unknown> };
    expect(Object.keys(after.values).sort()).toEqual(['health', 'notes', 'relatives']);
    await server.get(`/api/persons/${personId}/sensitive`, as('documenter', json('PATCH', { address: FIELDS.address })));
  });

  it('seals the notes of events and measures too, and seals notes written before at start', async () => {
    const event = (await (
      await server.get(
        '/api/events',
        as('documenter', json('POST', { personId, kind: 'detained', occurredOn: '2025-03-01', notes: `Nota del caso ${MARKER}` })),
      )
    ).json()) as { id: string; notes: string };
    expect(event.notes).toBe(`Nota del caso ${MARKER}`);
    const stored = await server.store.db.selectFrom('events').select('notes').where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(stored.notes).toMatch(/^rcx1\./);
    const timeline = (await (await server.get(`/api/persons/${personId}/timeline`, as('viewer'))).json()) as { notes: string | null }[];
    expect(timeline.map((e) => e.notes)).toContain(`Nota del caso ${MARKER}`);

    // A note from before sealing (plain text in the column) is sealed by the start-up pass.
    const old = (await (
      await server.get('/api/events', as('documenter', json('POST', { personId: otherId, kind: 'detained', occurredOn: '2024-01-01' })))
    ).json()) as {
      id: string;
    };
    await server.store.db.updateTable('events').set({ notes: 'nota antigua' }).where('id', '=', old.id).execute();
    expect(await sealPlainNotes(server.store.db, server.masterKeys)).toBe(1);
    expect((await server.store.db.selectFrom('events').select('notes').where('id', '=', old.id).executeTakeFirstOrThrow()).notes).toMatch(/^rcx1\./);
    expect(((await (await server.get(`/api/events/${old.id}`, as('viewer'))).json()) as { notes: string }).notes).toBe('nota antigua');
  });

  it('refuses to merge away a record that holds sealed fields (they would be lost)', async () => {
    const refused = await server.get('/api/persons/merges', as('verifier', json('POST', { keepId: otherId, mergeId: personId })));
    expect(refused.status).toBe(409);
    const body = await refused.text();
    expect(body).toMatch(/holds sensitive fields \(address, health, notes, relatives\)/);
  });

  it('keeps no plaintext in the database or its backups, and records every read with the fields read', async () => {
    const lines: string[] = [];
    await dumpDatabase(server.store.db, 'x', (line) => {
      lines.push(line);
    });
    const dump = lines.join('\n');
    expect(dump).toContain('person_sensitive');
    expect(dump).not.toContain(MARKER);
    expect(dump).not.toContain('Diabetes');

    const audit = (await (await server.admin('/api/audit?limit=1000')).json()) as { action: string; actorName: string; targets: string[] }[];
    const reads = audit.filter((r) => r.action === 'sensitive.read' && r.actorName === 's-analyst');
    expect(reads.some((r) => r.targets.join(',') === `${personId},health,notes`)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(MARKER);
  });

  it('refuses a changed ciphertext and a value copied onto another person, showing neither', async () => {
    await server.get(`/api/persons/${otherId}/sensitive`, as('documenter', json('PATCH', { health: 'otra cosa' })));
    const { db } = server.store;
    const original = await db
      .selectFrom('personSensitive')
      .select('sealed')
      .where('personId', '=', personId)
      .where('field', '=', 'health')
      .executeTakeFirstOrThrow();
    // The second-to-last character carries six bits of the GCM tag; replace it with a different one.
    const changed = original.sealed.at(-2) === 'A' ? 'B' : 'A';
    const flipped = original.sealed.slice(0, -2) + changed + original.sealed.slice(-1);
    expect(flipped).not.toBe(original.sealed);
    await db.updateTable('personSensitive').set({ sealed: flipped }).where('personId', '=', personId).where('field', '=', 'health').execute();
    const tampered = await server.get(`/api/persons/${personId}/sensitive`, as('documenter'));
    expect(tampered.status).toBe(500);
    const body = await tampered.text();
    expect(body).toMatch(/integrity_failed.*Health does not decrypt: it was changed/);
    expect(body).not.toContain(MARKER);

    // Copied onto another person: sealed under the first person's key and context, it does not open.
    const others = await db
      .selectFrom('personSensitive')
      .select('sealed')
      .where('personId', '=', otherId)
      .where('field', '=', 'health')
      .executeTakeFirstOrThrow();
    await db.updateTable('personSensitive').set({ sealed: original.sealed }).where('personId', '=', otherId).where('field', '=', 'health').execute();
    expect((await server.get(`/api/persons/${otherId}/sensitive`, as('documenter'))).status).toBe(500);
    await db.updateTable('personSensitive').set({ sealed: others.sealed }).where('personId', '=', otherId).where('field', '=', 'health').execute();
    await db.updateTable('personSensitive').set({ sealed: original.sealed }).where('personId', '=', personId).where('field', '=', 'health').execute();
    expect((await server.get(`/api/persons/${personId}/sensitive`, as('documenter'))).status).toBe(200);
  });

  it('crypto-erases a person: nothing readable anywhere, and a backup made before is erased again on restore', async () => {
    const lines: string[] = [];
    await dumpDatabase(server.store.db, 'x', (line) => {
      lines.push(line);
    });
    expect((await server.get(`/api/persons/${personId}/sensitive/erase`, as('documenter', json('POST', { confirm: 'erase' })))).status).toBe(403);
    expect((await server.admin(`/api/persons/${personId}/sensitive/erase`, json('POST', { confirm: 'no' }))).status).toBe(400);
    const erased = await server.admin(`/api/persons/${personId}/sensitive/erase`, json('POST', { confirm: 'erase' }));
    expect(await erased.json()).toEqual({ erased: true });

    const read = (await (await server.get(`/api/persons/${personId}/sensitive`, as('documenter'))).json()) as { values: object; erasedAt: string | null };
    expect(read.values).toEqual({});
    expect(read.erasedAt).not.toBeNull();
    const left = await server.store.db.selectFrom('personSensitive').select('sealed').where('personId', '=', personId).execute();
    expect(left).toEqual([]);
    const notes = await server.store.db.selectFrom('events').select('notes').where('personId', '=', personId).execute();
    expect(notes.every((n) => n.notes === null)).toBe(true);
    // The other person is untouched.
    expect(((await (await server.get(`/api/persons/${otherId}/sensitive`, as('documenter'))).json()) as { values: object }).values).toEqual({
      health: 'otra cosa',
    });

    // Restoring the backup made before the erasure, over this database: the erasure holds.
    async function* linesOf(all: string[]) {
      yield* all;
    }
    const report = await restoreDatabase(server.store.db, linesOf(lines), { schema: 'x', force: true });
    expect(report.reErased).toBe(1);
    const restoredNotes = await server.store.db.selectFrom('events').select('notes').where('personId', '=', personId).execute();
    expect(restoredNotes.length).toBeGreaterThan(0);
    expect(restoredNotes.every((n) => n.notes === null)).toBe(true); // the backup's sealed notes are cleared again too
    const again = (await (await server.get(`/api/persons/${personId}/sensitive`, as('documenter'))).json()) as { values: object; erasedAt: string | null };
    expect(again.values).toEqual({});
    expect(again.erasedAt).not.toBeNull();

    // Into a fresh database, the data folder's ledger carries the erasure.
    const fresh = await openTestStore();
    try {
      const restored = await restoreDatabase(fresh.db, linesOf(lines), { schema: 'x', erased: [personId] });
      expect(restored.reErased).toBe(1);
      expect(await fresh.db.selectFrom('personKeys').select('personId').where('personId', '=', personId).execute()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('rotates the master key without touching the fields; deleting the retired key ends older backups', async () => {
    await server.get(`/api/persons/${otherId}/sensitive`, as('documenter', json('PATCH', { notes: `antes ${MARKER}` })));
    const before: string[] = [];
    await dumpDatabase(server.store.db, 'x', (line) => {
      before.push(line);
    });
    const dir = mkdtempSync(join(tmpdir(), 'recuento-keys-'));
    writeFileSync(join(dir, 'master.key'), `${formatMasterKey(server.masterKeys.current)}\n`, { mode: 0o600 });
    const rotation = await rotateMasterKey(server.store.db, dir);
    expect(rotation.counts.personKeys).toBeGreaterThanOrEqual(1);
    const loaded = loadMasterKeys(dir);
    expect(loaded.current.id).toBe(rotation.next.id);
    expect(loaded.retired.map((k) => k.id)).toEqual([rotation.previous.id]);
    Object.assign(server.masterKeys, { current: loaded.current, retired: loaded.retired });
    const read = (await (await server.get(`/api/persons/${otherId}/sensitive`, as('documenter'))).json()) as { values: { notes?: string } };
    expect(read.values.notes).toBe(`antes ${MARKER}`);

    // The retired key deleted: a backup from before the rotation no longer opens, for anyone.
    unlinkSync(rotation.retiredPath);
    const onlyNew = loadMasterKeys(dir);
    expect(onlyNew.retired).toEqual([]);
    const old = await openTestStore();
    try {
      async function* linesOf(all: string[]) {
        yield* all;
      }
      await restoreDatabase(old.db, linesOf(before), { schema: 'x' });
      await expect(readSensitive(old.db, onlyNew, otherId, ['notes'])).rejects.toMatchObject({
        code: 'integrity_failed',
        publicMessage: expect.stringMatching(/which is not loaded/),
      });
      // Said at start and by "keys status": what needs the deleted key; a later rotation leaves it as it is.
      const use = await masterKeyUse(old.db, dir);
      const unloaded = unloadedKeys(onlyNew, use);
      expect(unloaded.map((k) => k.id)).toEqual([rotation.previous.id]);
      expect(unloaded[0]!.count).toBe(use.get(rotation.previous.id));
      const again = await rotateMasterKey(old.db, dir);
      expect(again.counts.left).toBe(unloaded[0]!.count);
      expect(await masterKeyUse(old.db, dir)).toEqual(new Map([[rotation.previous.id, unloaded[0]!.count]]));
    } finally {
      await old.close();
    }
  });
});
