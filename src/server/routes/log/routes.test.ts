import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPersons } from '../../../domain/demo/generate-persons.js';
import { checkConsistency, checkReceipt, openCheckpoint, type Receipt, type Step } from '../../../domain/translog/audit.js';
import { cosign } from '../../../domain/translog/cosignature.js';
import { decodeEntry, lookupCodeOf } from '../../../domain/translog/entries.js';
import { hashLeaf, verifyInclusion } from '../../../domain/translog/merkle.js';
import { fromBase64, parseVerifierKey, signNote } from '../../../domain/translog/signed-note.js';
import { signingKeyOf } from '../../../io/log-keys.js';
import { ed25519Verify, randomSalt, sha256 } from '../../../io/node-crypto.js';
import { iteratePersons } from '../../../store/persons.js';
import { insertDemoPersons } from '../../../store/seed-demo.js';
import { json, sideApp, startTestServer, type TestServer, testLogKey } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';
import { TransparencyLog } from '../../../usecases/transparency-log.js';

const b64 = (text: string) => fromBase64(text)!;

describe(`transparency log API on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let logKey: ReturnType<typeof parseVerifierKey> & { ok: true };
  const released: { id: string; name: string; consent: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await insertDemoPersons(server.store.db, generateDemoPersons(150, 77, 800_000));
    for await (const page of iteratePersons(server.store.db, { status: 'released' })) {
      for (const p of page) released.push({ id: p.id, name: [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' '), consent: p.consent });
    }
    const key = parseVerifierKey(sha256, await (await server.get('/api/log/key')).text());
    if (!key.ok) throw new Error(key.reason);
    logKey = key;
  });
  afterAll(async () => {
    await server?.close();
  });

  const checkpointNow = async () => {
    const steps: Step[] = [];
    const opened = openCheckpoint('checkpoint', await (await server.get('/api/log/checkpoint')).text(), [logKey], [], ed25519Verify, steps);
    expect(steps.filter((s) => !s.ok)).toEqual([]);
    return opened!;
  };

  it('serves a signed checkpoint of the empty log from the first start, to anyone', async () => {
    expect(released.some((p) => p.consent === 'public')).toBe(true);
    expect(released.some((p) => p.consent !== 'public')).toBe(true);
    const checkpoint = await checkpointNow();
    expect(checkpoint.origin).toBe('recuento.test/log');
    expect(checkpoint.size).toBe(0);
  });

  it('publishes a list: public names in clear, aggregate-only persons as commitments, private ones not at all, then the manifest; anyone can prove every entry', async () => {
    expect((await server.get('/api/log/publications/list', json('POST', { title: 'x' }))).status).toBe(401);
    // the preview says what the list will hold and writes nothing
    const preview = await server.admin('/api/log/publications/list/preview', json('POST', { statuses: ['released'], asOf: '2026-03-01' }));
    expect(await preview.json()).toEqual({
      named: released.filter((p) => p.consent === 'public').length,
      committed: released.filter((p) => p.consent === 'aggregate_only').length,
      leftOut: released.filter((p) => p.consent === 'private').length,
      names: released
        .filter((p) => p.consent === 'public')
        .map((p) => p.name)
        .sort((a, b) => a.localeCompare(b, 'es')),
    });
    expect((await (await server.get('/api/log/checkpoint')).text()).split('\n')[1]).toBe('0');
    const response = await server.admin(
      '/api/log/publications/list',
      json('POST', { title: 'Excarcelados verificados (demo)', statuses: ['released'], asOf: '2026-03-01' }),
    );
    expect(response.status).toBe(201);
    const published = (await response.json()) as { firstIndex: number; size: number; named: number; committed: number };
    const listed = released.filter((p) => p.consent !== 'private');
    expect(released.some((p) => p.consent === 'private')).toBe(true);
    expect(published.named).toBe(released.filter((p) => p.consent === 'public').length);
    expect(published.committed).toBe(released.filter((p) => p.consent === 'aggregate_only').length);
    expect(published.size).toBe(listed.length + 1);

    const page = (await (await server.get(`/api/log/entries?start=0&end=${published.size}`)).json()) as {
      entries: { index: number; data: string; leafHash: string }[];
    };
    const all = page.entries.map((e) => e.data).join('\n');
    for (const person of released) {
      if (person.consent === 'public') expect(all).toContain(person.name);
      else expect(all, 'a private name in the public log').not.toContain(person.name);
    }
    const manifest = decodeEntry(new TextEncoder().encode(page.entries.at(-1)!.data));
    expect(manifest).toMatchObject({
      ok: true,
      entry: { type: 'list-manifest', entries: listed.length, committed: published.committed, asOf: '2026-03-01' },
    });

    const checkpoint = await checkpointNow();
    expect(checkpoint.size).toBe(published.size);
    for (const entry of page.entries.filter((_, i) => i % 7 === 0)) {
      const leafHash = hashLeaf(sha256, new TextEncoder().encode(entry.data));
      expect(Buffer.from(leafHash).toString('hex')).toBe(entry.leafHash);
      const proof = (await (await server.get(`/api/log/proof/inclusion?index=${entry.index}&size=${checkpoint.size}`)).json()) as { proof: string[] };
      expect(verifyInclusion(sha256, entry.index, checkpoint.size, leafHash, proof.proof.map(b64), checkpoint.root)).toEqual({ ok: true });
    }
  });

  it("gives staff a family's receipt that proves the entry without the log naming the person", async () => {
    const hidden = released.find((p) => p.consent === 'aggregate_only')!;
    expect((await server.get(`/api/persons/${hidden.id}/receipts`)).status).toBe(401);
    const receipts = (await (await server.admin(`/api/persons/${hidden.id}/receipts`)).json()) as Receipt[];
    expect(receipts).toHaveLength(1);
    const result = checkReceipt(sha256, receipts[0], [logKey], [], ed25519Verify);
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(JSON.parse(receipts[0]!.subject)).toMatchObject({ name: hidden.name, status: 'released' });
    const withWrongSalt = { ...receipts[0]!, salt: Buffer.from(randomSalt()).toString('base64') };
    expect(checkReceipt(sha256, withWrongSalt, [logKey], [], ed25519Verify).steps.at(-1)!.detail).toMatch(/salt is wrong/);
    // a private person is on no list, so has no receipt: nothing in the log stands for them
    const secret = released.find((p) => p.consent === 'private')!;
    expect(await (await server.admin(`/api/persons/${secret.id}/receipts`)).json()).toEqual([]);
  });

  it("opens a family's receipt by its look-up code alone, and nothing by a guess, a name or a neighbour's index", async () => {
    const hidden = released.find((p) => p.consent === 'aggregate_only')!;
    const [receipt] = (await (await server.admin(`/api/persons/${hidden.id}/receipts`)).json()) as Receipt[];
    const code = lookupCodeOf(sha256, fromBase64(receipt!.salt)!, receipt!.leafIndex);
    expect(code).toMatch(/^\d+(-[A-HJ-NP-Z2-9]{4}){6}$/);
    const ask = (typed: string) => server.get('/api/log/receipts/lookup', json('POST', { code: typed }));
    const opened = await ask(code.toLowerCase().replaceAll('-', ' ')); // as typed from paper
    expect(opened.status).toBe(200);
    const found = (await opened.json()) as Receipt;
    expect(found.subject).toBe(receipt!.subject);
    expect(checkReceipt(sha256, found, [logKey], [], ed25519Verify).ok).toBe(true);
    // one character off, another index with the same characters, a name, a cédula: the same 404
    const [index, ...groups] = code.split('-');
    const last = groups.at(-1)!;
    const wrong = [
      `${index}-${groups.slice(0, -1).join('-')}-${last.slice(0, 3)}${last[3] === 'A' ? 'B' : 'A'}`,
      `${Number(index) + 1}-${groups.join('-')}`,
      hidden.name,
      'V-12345678',
      '',
    ];
    // one after the other, as a person asks (the load gate sheds a burst from one address with 429)
    const answers: [number, string][] = [];
    for (const typed of wrong) {
      const answer = await ask(typed);
      answers.push([answer.status, ((await answer.json()) as { error: { message: string } }).error.message]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(
      new Set([JSON.stringify([404, 'No receipt has this code. Check it character by character, or use the receipt file.'])]),
    );
  });

  it('proves that a later log extends an earlier one', async () => {
    const before = await checkpointNow();
    const second = await server.admin('/api/log/publications/list', json('POST', { title: 'Detenidos (demo)', statuses: ['detained'] }));
    expect(second.status).toBe(201);
    const after = await checkpointNow();
    expect(after.size).toBeGreaterThan(before.size);
    const proof = (await (await server.get(`/api/log/proof/consistency?from=${before.size}&to=${after.size}`)).json()) as { proof: string[] };
    const steps: Step[] = [];
    expect(checkConsistency(sha256, before, after, proof.proof.map(b64), steps)).toBe(true);
    const old = await server.get(`/api/log/checkpoints/${before.size}`);
    expect(await old.text()).toContain(`\n${before.size}\n`);
  });

  it('refuses proofs it cannot give, and says why', async () => {
    const size = (await checkpointNow()).size;
    const past = await server.get(`/api/log/proof/inclusion?index=${size}&size=${size}`);
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: { message: string } }).error.message).toMatch(`index ${size} is past the end of a tree of ${size} entries`);
    const bigger = await server.get(`/api/log/proof/consistency?from=1&to=${size + 5}`);
    expect(bigger.status).toBe(400);
    expect(((await bigger.json()) as { error: { message: string } }).error.message).toMatch(/not one this log has had/);
    expect((await server.get('/api/log/proof/inclusion?index=-1')).status).toBe(400);
    expect((await server.get('/api/log/checkpoints/3')).status).toBe(404);
  });

  it("keeps a registered witness's cosignature and serves it with the checkpoint; refuses forged and unknown ones", async () => {
    const witness = signingKeyOf('witness.test/w1', randomSalt(32), 'witness');
    const stranger = signingKeyOf('witness.test/w2', randomSalt(32), 'witness');
    const note = await (await server.get('/api/log/checkpoint')).text();
    const text = note.slice(0, note.indexOf('\n\n') + 1);
    const now = Math.floor(Date.now() / 1000);
    const unknown = await server.get('/api/log/cosignatures', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: note + cosign(text, stranger, now),
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/no cosignature by a witness this log knows/);

    expect((await server.get('/api/log/witnesses', json('POST', { key: witness.verifierKeyText }))).status).toBe(401);
    expect((await server.admin('/api/log/witnesses', json('POST', { key: witness.verifierKeyText }))).status).toBe(201);
    expect((await server.admin('/api/log/witnesses', json('POST', { key: server.logKey.verifierKeyText }))).status).toBe(400);

    const line = cosign(text, witness, now);
    const forged = line.replace(/.{6}\n$/, 'AAAAAA\n');
    const refused = await server.get('/api/log/cosignatures', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: note + forged });
    expect(refused.status).toBe(400);
    const accepted = await server.get('/api/log/cosignatures', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: note + line });
    expect(await accepted.json()).toMatchObject({ accepted: ['witness.test/w1'] });
    const served = await (await server.get('/api/log/checkpoint')).text();
    expect(served).toBe(note + line);

    // A checkpoint of another log under the same name (a split view) is not cosigned here.
    const foreignLog = signingKeyOf('recuento.test/log', randomSalt(32), 'log');
    const foreignText = text.replace(/\n\d+\n/, '\n999\n');
    const foreignNote = signNote(foreignText, [foreignLog]);
    const wrongLog = await server.get('/api/log/cosignatures', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: foreignNote + cosign(foreignText, witness, now),
    });
    expect(((await wrongLog.clone().json()) as { error: { message: string } }).error.message).toMatch(/not signed by this log's key: signed by the wrong key/);
    expect(wrongLog.status).toBe(400);
  });

  it('logs what it refuses, with the reason and without the request body', async () => {
    const { app, lines } = await sideApp(server);
    try {
      const note = await (await server.get('/api/log/checkpoint')).text();
      const forged = note.replace(/\n(\d+)\n/, (_, n: string) => `\n${Number(n) + 1}\n`);
      const response = await app.inject({ method: 'POST', url: '/api/log/cosignatures', headers: { 'content-type': 'text/plain' }, payload: forged });
      expect(response.statusCode).toBe(400);
      const past = await app.inject({ method: 'GET', url: '/api/log/proof/inclusion?index=99999' });
      expect(past.statusCode).toBe(400);
      const logged = lines.join('');
      expect(logged).toMatch(/cosignature refused: the checkpoint is not signed by this log's key: the signature by recuento\.test\/log .* does not verify/);
      expect(logged).toMatch(/log range: index 99999 is past the end/);
      expect(logged).not.toContain(forged.split('\n')[2]!);
    } finally {
      await app.close();
    }
  });

  it('is append-only in the database itself, and will not open with another key', async () => {
    await expect(sql`update log_entries set data = '{}' where index = 0`.execute(server.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from log_checkpoints`.execute(server.store.db)).rejects.toThrow(/append-only/);
    await expect(TransparencyLog.open(server.store.db, testLogKey())).rejects.toMatchObject({
      publicMessage: expect.stringMatching(/did not sign its latest checkpoint/),
    });
    const again = await TransparencyLog.open(server.store.db, server.logKey);
    expect(await again.size()).toBe((await checkpointNow()).size);
  });
});
