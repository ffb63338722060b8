import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPersons } from '../../../domain/demo/generate-persons.js';
import { decodeEntry } from '../../../domain/translog/entries.js';
import { sha256 } from '../../../io/node-crypto.js';
import { insertDemoPersons } from '../../../store/seed-demo.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';

type Level = { level: string; previous?: string; next?: string | null; logIndex?: number };

describe(`evidence and verification on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let event: { id: string; personId: string };
  const tokens: Record<string, string> = {};
  const as = (who: string, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${tokens[who]}` } });
  const upload = (who: string, content: string, fields: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('file', new Blob([content], { type: 'application/pdf' }), 'acta.pdf');
    return as(who, '/api/evidence', { method: 'POST', body: form });
  };
  const evidence: Record<string, { id: string; sha256: string }> = {};

  beforeAll(async () => {
    server = await startTestServer();
    await insertDemoPersons(server.store.db, generateDemoPersons(30, 5, 900_000));
    // A release that set the person's current status (released), so that lists and counts by status rest on it.
    const found = await sql<{ id: string; personId: string }>`
      select e.id, e.person_id from events e join person_status s on s.person_id = e.person_id
      where s.status = 'released' and e.kind = 'released' and not exists (
        select 1 from events l join event_kinds k on k.kind = l.kind
        where l.person_id = e.person_id and k.effect = 'set' and (l.occurred_on, l.seq) > (e.occurred_on, e.seq))
      order by e.id limit 1`.execute(server.store.db);
    event = found.rows[0]!;
    const people: [string, string][] = [
      ['doc', 'documenter'],
      ['ana', 'verifier'],
      ['luis', 'verifier'],
      ['vera', 'viewer'],
    ];
    for (const [name, role] of people) {
      const made = await server.admin('/api/accounts', json('POST', { name, role }));
      expect(made.status).toBe(201);
      tokens[name] = ((await made.json()) as { token: { token: string } }).token.token;
    }
    const sources: string[] = [];
    for (const organisation of ['Foro Penal', 'Provea']) {
      const made = await server.admin('/api/sources', json('POST', { organisation, title: `Lista de excarcelaciones (${organisation})` }));
      sources.push(((await made.json()) as { id: string }).id);
    }
    const files: [string, string][] = [
      ['acta', sources[0]!],
      ['lista', sources[1]!],
    ];
    for (const [name, sourceId] of files) {
      const response = await upload('doc', `%PDF-1.4 ${name} sintética`, { kind: 'official_list_entry', title: `Documento sintético ${name}`, sourceId });
      expect(response.status).toBe(201);
      evidence[name] = ((await response.json()) as { evidence: { id: string; sha256: string } }).evidence;
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps evidence with its SHA-256 and who added it; the same file twice is one item', async () => {
    expect(evidence.acta!.sha256).toBe(Buffer.from(sha256(new TextEncoder().encode('%PDF-1.4 acta sintética'))).toString('hex'));
    const again = await upload('doc', '%PDF-1.4 acta sintética', { kind: 'official_list_entry', title: 'otra vez' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { created: boolean; evidence: { id: string } }).evidence.id).toBe(evidence.acta!.id);
    const bad = await upload('doc', 'x', { kind: 'rumour', title: 't' });
    expect(bad.status).toBe(400);
    expect((await upload('vera', 'y', { kind: 'photo', title: 't' })).status).toBe(403);
    expect((await fetch(`${server.url}/api/evidence/${evidence.acta!.id}`)).status).toBe(401);
  });

  it('derives corroborated from two independent sources, and needs two different verifiers for verified', async () => {
    const link = async (name: string) =>
      (await (await as('doc', `/api/verification/event/${event.id}/evidence`, json('POST', { evidenceId: evidence[name]!.id }))).json()) as Level;
    expect(await link('acta')).toMatchObject({ linked: true, level: 'reported' });
    expect(await link('lista')).toMatchObject({ linked: true, level: 'corroborated', previous: 'reported' });

    const review = (who: string, verdict: string, cited: string[] = ['acta'], note?: string) =>
      as(who, `/api/verification/event/${event.id}/reviews`, json('POST', { verdict, evidence: cited.map((n) => evidence[n]!.id), note }));
    expect((await review('doc', 'confirms')).status).toBe(403);
    expect(
      (await server.admin(`/api/verification/event/${event.id}/reviews`, json('POST', { verdict: 'confirms', evidence: [evidence.acta!.id] }))).status,
    ).toBe(403);
    const noEvidence = await review('ana', 'confirms', []);
    expect(noEvidence.status).toBe(400);

    const first = (await (await review('ana', 'confirms')).json()) as Level;
    expect(first).toMatchObject({ level: 'corroborated', next: 'a second verifier (not the first) to confirm it' });
    // the queue shows the release, whose it is, and that it waits for a second verifier after ana
    const queue = (await (await as('luis', '/api/verification/queue')).json()) as Record<string, unknown>[];
    expect(queue.find((q) => q.subjectId === event.id)).toMatchObject({
      subjectKind: 'event',
      personId: event.personId,
      subjectType: 'released',
      subjectDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      level: 'corroborated',
      confirmedBy: ['ana'],
    });
    const again = (await (await review('ana', 'confirms', ['lista'])).json()) as Level;
    expect(again.level).toBe('corroborated');
    const second = (await (await review('luis', 'confirms', ['acta', 'lista'])).json()) as Level;
    expect(second).toMatchObject({ level: 'verified', previous: 'corroborated', next: null });

    const entries = (await (await fetch(`${server.url}/api/log/entries?start=${second.logIndex}&end=${second.logIndex! + 1}`)).json()) as {
      entries: { data: string }[];
    };
    const logged = decodeEntry(new TextEncoder().encode(entries.entries[0]!.data));
    expect(logged).toMatchObject({
      ok: true,
      entry: { type: 'verification', level: 'verified', previous: 'corroborated', subject: { kind: 'event', id: event.id } },
    });
    const entry = logged.ok ? logged.entry : null;
    if (entry?.type !== 'verification') throw new Error('not a verification entry');
    expect(entry.decidedBy).toMatch(/^v-[0-9a-f]{16}$/);
    expect(entry.secondBy).toMatch(/^v-[0-9a-f]{16}$/);
    expect(entry.secondBy).not.toBe(entry.decidedBy);
    expect(entry.evidence).toEqual([evidence.acta!.sha256, evidence.lista!.sha256].sort());
    expect(entries.entries[0]!.data).not.toMatch(/luis|ana/);
  });

  it('turns disputed when a verifier disputes, back when corrected, and keeps every step with who and when', async () => {
    const dispute = await as('luis', `/api/verification/event/${event.id}/reviews`, json('POST', { verdict: 'disputes', note: 'la fecha no coincide' }));
    expect(((await dispute.json()) as Level).level).toBe('disputed');
    const corrected = await as('luis', `/api/verification/event/${event.id}/reviews`, json('POST', { verdict: 'confirms', evidence: [evidence.lista!.id] }));
    expect(((await corrected.json()) as Level).level).toBe('verified');

    expect((await as('vera', `/api/verification/event/${event.id}`)).status).toBe(403);
    const view = (await (await as('doc', `/api/verification/event/${event.id}`)).json()) as {
      level: string;
      confirmedBy: string[];
      reviews: { verdict: string; reviewerName: string }[];
      history: { level: string; changedBy: string; cause: string; logIndex: number | null }[];
    };
    expect(view.level).toBe('verified');
    expect(view).toMatchObject({ subjectType: 'released', subjectDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(view.confirmedBy).toEqual(['ana', 'luis'].sort());
    expect(view.reviews.map((r) => `${r.reviewerName}:${r.verdict}`)).toEqual([
      'ana:confirms',
      'ana:confirms',
      'luis:confirms',
      'luis:disputes',
      'luis:confirms',
    ]);
    expect(view.history.map((h) => h.level)).toEqual(['corroborated', 'corroborated', 'corroborated', 'verified', 'disputed', 'verified']);
    expect(view.history[0]).toMatchObject({ cause: 'evidence', changedBy: 'doc', logIndex: null });
    expect(view.history.at(-1)).toMatchObject({ cause: 'review', changedBy: 'luis' });
    expect(view.history.filter((h) => h.cause === 'review').every((h) => h.logIndex !== null)).toBe(true);
  });

  it('refuses a review citing evidence not linked to the subject', async () => {
    const other = await server.store.db.selectFrom('events').select('id').where('id', '!=', event.id).executeTakeFirstOrThrow();
    const response = await as('ana', `/api/verification/event/${other.id}/reviews`, json('POST', { verdict: 'confirms', evidence: [evidence.acta!.id] }));
    expect(response.status).toBe(422);
    expect((await as('ana', '/api/verification/event/00000000-0000-7000-8000-000000000000/reviews', json('POST', { verdict: 'disputes' }))).status).toBe(404);
  });

  it('states the level of every count, and publishes counts by level into the log', async () => {
    const counts = (await (await server.admin('/api/counts?by=status')).json()) as { rows: { key: string; count: number; levels: Record<string, number> }[] };
    for (const row of counts.rows) expect(Object.values(row.levels).reduce((a, b) => a + b, 0)).toBe(row.count);
    const verified = counts.rows.reduce((n, r) => n + r.levels.verified!, 0);
    expect(verified).toBe(1);
    const releases = (await (await server.admin('/api/counts?by=month&event=releases')).json()) as { rows: { levels: Record<string, number> }[] };
    expect(releases.rows.reduce((n, r) => n + r.levels.verified!, 0)).toBe(1);

    const published = await server.admin('/api/log/publications/counts', json('POST', { asOf: '2026-03-01' }));
    expect(published.status).toBe(201);
    const { firstIndex, size } = (await published.json()) as { firstIndex: number; size: number };
    const page = (await (await fetch(`${server.url}/api/log/entries?start=${firstIndex}&end=${size}`)).json()) as { entries: { data: string }[] };
    const logged = page.entries.map((e) => JSON.parse(e.data) as { type: string; level: string; value: number });
    expect(logged.every((e) => e.type === 'count')).toBe(true);
    expect(logged.some((e) => e.level === 'verified' || e.value > 0)).toBe(true);
  });

  it('publishes a list of verified releases only, each entry stating its level', async () => {
    const published = await server.admin(
      '/api/log/publications/list',
      json('POST', { title: 'Excarcelaciones verificadas', statuses: ['released'], minLevel: 'verified' }),
    );
    expect(published.status).toBe(201);
    const { firstIndex, size, named, committed } = (await published.json()) as { firstIndex: number; size: number; named: number; committed: number };
    expect(named + committed).toBe(1);
    const page = (await (await fetch(`${server.url}/api/log/entries?start=${firstIndex}&end=${size}`)).json()) as { entries: { data: string }[] };
    const [entry, manifest] = page.entries.map((e) => JSON.parse(e.data) as { type: string; level?: string; criteria?: string });
    expect(entry).toMatchObject({ type: 'list-entry', level: 'verified' });
    expect(manifest).toMatchObject({ type: 'list-manifest', criteria: 'status: released; verification level: verified or better' });
  });

  it('serves a file only while it still has its hash', async () => {
    const content = await as('ana', `/api/evidence/${evidence.acta!.id}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('x-content-sha256')).toBe(evidence.acta!.sha256);
    expect(await content.text()).toBe('%PDF-1.4 acta sintética');
    const path = join(server.evidenceDir, evidence.acta!.sha256.slice(0, 2), evidence.acta!.sha256);
    expect(await readFile(path, 'utf8')).not.toContain('acta sintética'); // encrypted at rest
    await writeFile(path, Buffer.concat([await readFile(path), Buffer.from(' alterado')]));
    const damaged = await as('ana', `/api/evidence/${evidence.acta!.id}/content`);
    expect(damaged.status).toBe(500); // integrity_failed: the stored file, not the request, is wrong
    expect(((await damaged.json()) as { error: { message: string } }).error.message).toMatch(/changed or damaged/);
  });

  it('stops a revoked token at once', async () => {
    const accounts = (await (await server.admin('/api/accounts')).json()) as { id: string; name: string }[];
    const luis = accounts.find((a) => a.name === 'luis')!;
    const extra = (await (await server.admin(`/api/accounts/${luis.id}/tokens`, json('POST', { label: 'laptop' }))).json()) as { id: string; token: string };
    tokens.luis2 = extra.token;
    expect((await as('luis2', '/api/verification/queue')).status).toBe(200);
    expect((await server.admin(`/api/tokens/${extra.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await as('luis2', '/api/verification/queue')).status).toBe(401);
    expect((await as('luis', '/api/verification/queue')).status).toBe(200);
  });
});
