import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson } from '../../../test/factories.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';
import { PUBLIC_RECORD } from '../../policies/index.js';

describe(`persons API on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let publicId: string;
  let privateId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const pub = await server.admin('/api/persons', json('POST', buildPerson({ givenNames: 'Génesis', firstSurname: 'Contreras', consent: 'public' })));
    publicId = ((await pub.json()) as { id: string }).id;
    const priv = await server.admin('/api/persons', json('POST', buildPerson({ givenNames: 'Oculta', firstSurname: 'Privada', consent: 'private' })));
    privateId = ((await priv.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates a person as the administrator and refuses the anonymous public', async () => {
    const anonymous = await server.get('/api/persons', json('POST', buildPerson()));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthenticated', message: 'You need to sign in for this.', details: [] } });
    const wrongToken = await server.get('/api/persons', { headers: { authorization: 'Bearer nope' } });
    expect(wrongToken.status).toBe(401);
  });

  it('answers invalid input with 400, the field and the reason', async () => {
    const response = await server.admin('/api/persons', json('POST', { givenNames: '', firstSurname: 'X', birthDate: '2024-02-31', consent: 'everyone' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { path: string; reason: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.givenNames', 'body.birthDate', 'body.consent']));
  });

  it('shows the public only persons who consented, and only public fields', async () => {
    const counted = await server.admin(
      '/api/persons',
      json('POST', buildPerson({ givenNames: 'Contada', firstSurname: 'Anónima', consent: 'aggregate_only' })),
    );
    const countedId = ((await counted.json()) as { id: string }).id;
    expect((await server.get(`/api/persons/${countedId}`)).status).toBe(404); // counted in numbers, never shown
    const list = (await (await server.get('/api/persons?limit=100')).json()) as { items: Record<string, unknown>[] };
    const ids = list.items.map((p) => p.id);
    expect(ids).toContain(publicId);
    expect(ids).not.toContain(privateId);
    expect(ids).not.toContain(countedId);
    const shown = list.items.find((p) => p.id === publicId)!;
    expect(Object.keys(shown).sort()).toEqual(['firstSurname', 'givenNames', 'id', 'occupationGroup', 'secondSurname', 'status', 'synthetic']);
    expect((await server.get(`/api/persons/${privateId}`)).status).toBe(404);
    expect((await server.admin(`/api/persons/${privateId}`)).status).toBe(200);
  });

  it('filters lists by consent and by the verification level of what set the status (staff only)', async () => {
    const ids = async (path: string) => ((await (await server.admin(path)).json()) as { items: { id: string; statusLevel: string }[] }).items.map((p) => p.id);
    const privateOnes = await ids('/api/persons?consent=private&limit=500');
    expect(privateOnes).toContain(privateId);
    expect(privateOnes).not.toContain(publicId);
    expect((await server.get('/api/persons?consent=private')).status).toBe(403); // the public cannot widen, nor narrow by it
    expect((await server.get('/api/persons?level=reported')).status).toBe(403);

    // a detention two organisations report is corroborated: the level of the event that set the status
    const person = (await (await server.admin('/api/persons', json('POST', buildPerson({ givenNames: 'Nelson', firstSurname: 'Aular' })))).json()) as {
      id: string;
    };
    const event = (await (await server.admin('/api/events', json('POST', { personId: person.id, kind: 'detained', occurredOn: '2026-01-03' }))).json()) as {
      id: string;
    };
    for (const organisation of ['Foro Penal', 'Provea']) {
      const source = (await (await server.admin('/api/sources', json('POST', { organisation, title: 'Lista de detenidos' }))).json()) as { id: string };
      expect((await server.admin('/api/source-links', json('POST', { sourceId: source.id, eventId: event.id, level: 'reported' }))).status).toBe(201);
    }
    const corroborated = (await (await server.admin('/api/persons?level=corroborated&limit=500')).json()) as { items: { id: string; statusLevel: string }[] };
    expect(corroborated.items.map((p) => [p.id, p.statusLevel])).toContainEqual([person.id, 'corroborated']);
    expect(await ids('/api/persons?level=reported&limit=500')).toEqual(expect.arrayContaining([publicId, privateId]));
    expect(await ids('/api/persons?level=reported&limit=500')).not.toContain(person.id);
    expect((await server.admin('/api/persons?level=certain')).status).toBe(400);
  });

  it('keeps a staff page until the next write, and never gives it to an account that may see less', async () => {
    const made = async (name: string, scopes?: string[]) =>
      (
        (await (await server.admin('/api/accounts', json('POST', { name, role: 'viewer', ...(scopes ? { scopes } : {}) }))).json()) as {
          token: { token: string };
        }
      ).token.token;
    const [reader, scoped] = [await made('vera'), await made('sofia', ['persons.read'])];
    const list = async (token?: string) => {
      const answer = await (token
        ? server.get('/api/persons?limit=100', { headers: { authorization: `Bearer ${token}` } })
        : server.admin('/api/persons?limit=100'));
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { items: Record<string, unknown>[] }).items;
    };
    const staff = await list();
    expect(staff.map((p) => p.id)).toContain(privateId);
    expect(staff[0]).toHaveProperty('identifiers');
    // the same question from a token scoped to reading persons only: the public's persons and fields
    const narrow = await list(scoped);
    expect(narrow.map((p) => p.id)).not.toContain(privateId);
    expect(narrow.map((p) => p.id)).toContain(publicId);
    for (const person of narrow) expect(Object.keys(person).sort()).toEqual([...PUBLIC_RECORD.person].sort());
    // a viewer sees what staff see, and the same page
    expect(await list(reader)).toEqual(staff);
    // a write shows at once
    const added = await server.admin('/api/persons', json('POST', buildPerson({ givenNames: 'Recién', firstSurname: 'Llegada' })));
    const addedId = ((await added.json()) as { id: string }).id;
    expect((await list(reader)).map((p) => p.id)).toContain(addedId);
  });

  it('pages by keyset: following each next gives every person once, in the order offsets give', async () => {
    for (let i = 0; i < 7; i++) {
      await server.admin('/api/persons', json('POST', buildPerson({ givenNames: `Página ${i}`, firstSurname: 'Recorrida', consent: 'public' })));
    }
    type Listed = { items: { id: string }[]; total: number; next: string | null };
    const all = (await (await server.admin('/api/persons?limit=500')).json()) as Listed;
    expect(all.next).toBeNull(); // one page holds everyone: none follows
    const walked: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const body = (await (await server.admin(`/api/persons?limit=3${after ? `&after=${after}` : ''}`)).json()) as Listed;
      expect(body.total).toBe(all.total);
      walked.push(...body.items.map((p) => p.id));
      if (!body.next) break;
      expect(body.next).toBe(body.items.at(-1)!.id);
      after = body.next;
    }
    expect(walked).toEqual(all.items.map((p) => p.id));
    // a name search and the public's list page the same way; the public never sees past its own
    const searched = (await (await server.admin('/api/persons/search', json('POST', { q: 'recorrida', limit: 4 }))).json()) as Listed;
    const rest = (await (await server.admin('/api/persons/search', json('POST', { q: 'recorrida', limit: 4, after: searched.next }))).json()) as Listed;
    expect([...searched.items, ...rest.items]).toHaveLength(7);
    expect(rest.next).toBeNull();
    // the public's page right after the person just newer than a private one: the private one is not on it
    const newer = all.items[all.items.findIndex((p) => p.id === privateId) - 1]!.id;
    const publicPage = (await (await server.get(`/api/persons?limit=500&after=${newer}`)).json()) as Listed;
    expect(publicPage.items.map((p) => p.id)).toContain(publicId);
    expect(publicPage.items.map((p) => p.id)).not.toContain(privateId);
    expect((await server.admin('/api/persons?after=not-a-person')).status).toBe(400);
  });

  it('searches names accent- and case-blind in a POST body, never in the URL', async () => {
    const response = await server.get('/api/persons/search', json('POST', { q: 'GENESIS contreras' }));
    const body = (await response.json()) as { items: { id: string }[]; total: number };
    expect(body.items.map((p) => p.id)).toEqual([publicId]);
    const hidden = (await (await server.get('/api/persons/search', json('POST', { q: 'oculta privada' }))).json()) as { total: number };
    expect(hidden.total).toBe(0);
    const staff = (await (await server.admin('/api/persons/search', json('POST', { q: 'oculta privada' }))).json()) as { total: number };
    expect(staff.total).toBe(1);
  });

  it('records a detention, a release with measures and shows the derived status', async () => {
    const facilities = (await (await server.get('/api/facilities')).json()) as { id: string; code: string; status: string; statusSince: string | null }[];
    const helicoide = facilities.find((f) => f.code === 'el-helicoide')!;
    expect(helicoide).toMatchObject({ status: 'closure_announced', statusSince: '2026-01-30' });
    const detention = await server.admin(
      '/api/detentions',
      json('POST', { personId: publicId, arrestedOn: '2024-08-02', agency: 'SEBIN', facilityId: helicoide.id, protestWave: '2024', charges: ['terrorismo'] }),
    );
    expect(detention.status).toBe(201);
    await server.admin('/api/events', json('POST', { personId: publicId, kind: 'detained', occurredOn: '2024-08-02', facilityId: helicoide.id }));
    const release = (await (
      await server.admin('/api/events', json('POST', { personId: publicId, kind: 'released_with_measures', occurredOn: '2026-01-14' }))
    ).json()) as { id: string };
    const measure = await server.admin(
      '/api/measures',
      json('POST', { eventId: release.id, kind: 'periodic_reporting', everyDays: 15, court: 'Tribunal 1.º de Control', startsOn: '2026-01-14' }),
    );
    expect(measure.status).toBe(201);
    const noDays = await server.admin('/api/measures', json('POST', { eventId: release.id, kind: 'periodic_reporting', startsOn: '2026-01-14' }));
    expect(noDays.status).toBe(400);

    const person = (await (await server.get(`/api/persons/${publicId}`)).json()) as { status: string };
    expect(person.status).toBe('released_with_measures');
    const record = (await (await server.get(`/api/persons/${publicId}/record`)).json()) as {
      timeline: { kind: string; measures: unknown[] }[];
      detentions: Record<string, unknown>[];
    };
    expect(record.timeline.map((e) => e.kind)).toEqual(['detained', 'released_with_measures']);
    expect(record.timeline[1]!.measures).toEqual([{ kind: 'periodic_reporting', everyDays: 15, startsOn: '2026-01-14', endsOn: null }]);
    expect(record.detentions[0]).not.toHaveProperty('caseNumber');
    // exactly the fields consent "public" publishes, as docs/SECURITY.md lists them
    const documented = publishedFields();
    const full = (await (await server.get(`/api/persons/${publicId}/record`)).json()) as {
      person: object;
      detentions: object[];
      timeline: { measures: object[] }[];
    };
    expect(Object.keys(full.person).sort()).toEqual([...PUBLIC_RECORD.person].sort());
    expect(Object.keys(full.detentions[0]!).sort()).toEqual([...PUBLIC_RECORD.detention].sort());
    for (const event of full.timeline) expect(Object.keys(event).sort()).toEqual([...PUBLIC_RECORD.event].sort());
    expect(Object.keys(full.timeline[1]!.measures[0]!).sort()).toEqual([...PUBLIC_RECORD.measure].sort());
    expect(documented).toEqual(Object.fromEntries(Object.entries(PUBLIC_RECORD).map(([part, fields]) => [part, [...fields]])));
    // The full case file (courts, case numbers, notes) is staff-only.
    expect((await server.get(`/api/persons/${publicId}/timeline`)).status).toBe(401);
    expect((await server.get(`/api/persons/${publicId}/detentions`)).status).toBe(401);
    expect((await server.get(`/api/events/${release.id}`)).status).toBe(401);
    expect((await server.admin(`/api/persons/${publicId}/timeline`)).status).toBe(200);
    const filtered = (await (await server.get(`/api/persons?status=released_with_measures&facilityId=${helicoide.id}&protestWave=2024`)).json()) as {
      items: { id: string }[];
    };
    expect(filtered.items.map((p) => p.id)).toEqual([publicId]);
  });

  it('links a source with a verification level, visible to staff only', async () => {
    const source = (await (
      await server.admin(
        '/api/sources',
        json('POST', { organisation: 'Foro Penal', title: 'Lista de excarcelados', url: 'https://example.org/lista', publishedOn: '2026-01-30' }),
      )
    ).json()) as { id: string };
    const link = await server.admin('/api/source-links', json('POST', { sourceId: source.id, personId: publicId, level: 'corroborated' }));
    expect(link.status).toBe(201);
    const twoSubjects = await server.admin('/api/source-links', json('POST', { sourceId: source.id, personId: publicId, eventId: source.id }));
    expect(twoSubjects.status).toBe(400);
    const staffRecord = (await (await server.admin(`/api/persons/${publicId}/record`)).json()) as {
      sources: { level: string; source: { organisation: string } }[];
    };
    expect(staffRecord.sources).toEqual([expect.objectContaining({ level: 'corroborated', source: expect.objectContaining({ organisation: 'Foro Penal' }) })]);
    const publicRecord = (await (await server.get(`/api/persons/${publicId}/record`)).json()) as Record<string, unknown>;
    expect(publicRecord).not.toHaveProperty('sources');
    expect((await server.get('/api/sources')).status).toBe(401);
    // a viewer reads case files, but not sources (a source can expose who informed)
    const viewer = (await (await server.admin('/api/accounts', json('POST', { name: 'vito', role: 'viewer' }))).json()) as { token: { token: string } };
    const viewerRecord = (await (
      await server.get(`/api/persons/${publicId}/record`, { headers: { authorization: `Bearer ${viewer.token.token}` } })
    ).json()) as Record<string, unknown>;
    expect(viewerRecord).toHaveProperty('timeline');
    expect(viewerRecord).not.toHaveProperty('sources');
  });

  it('refuses an edit based on an old version (412 stale_version) and writes nothing: no lost update', async () => {
    const created = await server.admin('/api/persons', json('POST', buildPerson({ givenNames: 'Yaritza', firstSurname: 'Campos' })));
    const { id } = (await created.json()) as { id: string };
    const read = await server.admin(`/api/persons/${id}`);
    const etag = read.headers.get('etag')!;
    expect(etag).toMatch(/^"\d{4}-\d\d-\d\dT[\d:.]+Z"$/);

    // Two documenters opened the same version; the first saves, then the second
    const first = await server.admin(`/api/persons/${id}`, {
      ...json('PATCH', { secondSurname: 'Rojas' }),
      headers: { 'content-type': 'application/json', 'if-match': etag },
    });
    expect(first.status).toBe(200);
    const next = first.headers.get('etag')!;
    expect(next).not.toBe(etag);
    expect(((await first.json()) as { updatedAt: string }).updatedAt).toBe(next.slice(1, -1));
    const second = await server.admin(`/api/persons/${id}`, {
      ...json('PATCH', { givenNames: 'Yaritsa' }),
      headers: { 'content-type': 'application/json', 'if-match': etag },
    });
    expect(second.status).toBe(412);
    const problem = (await second.json()) as { error: { code: string; message: string; details: { path: string; reason: string }[] } };
    expect(problem.error.code).toBe('stale_version');
    expect(problem.error.details).toEqual([{ path: 'If-Match', reason: `the stored version is ${next.slice(1, -1)}` }]);
    expect(JSON.stringify(problem)).not.toMatch(/Yarit|Campos|Rojas/); // no personal data in errors
    const stored = (await (await server.admin(`/api/persons/${id}`)).json()) as { givenNames: string; secondSurname: string };
    expect(stored).toMatchObject({ givenNames: 'Yaritza', secondSurname: 'Rojas' });

    // Resent on the current version, it lands; a malformed If-Match is a 400 naming the header
    const again = await server.admin(`/api/persons/${id}`, {
      ...json('PATCH', { givenNames: 'Yaritsa' }),
      headers: { 'content-type': 'application/json', 'if-match': next },
    });
    expect(again.status).toBe(200);
    for (const tag of ['yesterday', '"1"', `W/${next}`, next.slice(1, -1)]) {
      const malformed = await server.admin(`/api/persons/${id}`, {
        ...json('PATCH', { givenNames: 'X' }),
        headers: { 'content-type': 'application/json', 'if-match': tag },
      });
      expect(malformed.status, tag).toBe(400);
    }
    // Without If-Match the last write wins, as before
    const blind = await server.admin(`/api/persons/${id}`, json('PATCH', { sex: 'female' }));
    expect(blind.status).toBe(200);
  });

  it('changes only the fields a PATCH names: defaults never reset identifiers, consent, charges or precisions', async () => {
    const person = (await (
      await server.admin(
        '/api/persons',
        json(
          'POST',
          buildPerson({
            givenNames: 'Rosa',
            firstSurname: 'Lugo',
            aliases: ['Rosita'],
            identifiers: [{ kind: 'cedula_v', value: '15333444' }],
            sex: 'female',
            occupationGroup: 'journalist',
            consent: 'public',
          }),
        ),
      )
    ).json()) as { id: string };
    expect((await server.admin(`/api/persons/${person.id}`, json('PATCH', { givenNames: 'Rosa Elena' }))).status).toBe(200);
    expect(await (await server.admin(`/api/persons/${person.id}`)).json()).toMatchObject({
      givenNames: 'Rosa Elena',
      aliases: ['Rosita'],
      identifiers: [{ kind: 'cedula_v', value: '15333444' }],
      sex: 'female',
      occupationGroup: 'journalist',
      consent: 'public',
    });

    const detention = (await (
      await server.admin(
        '/api/detentions',
        json('POST', { personId: person.id, arrestedOn: '2025-03-01', arrestedOnPrecision: 'month', charges: ['terrorismo'] }),
      )
    ).json()) as { id: string };
    expect((await server.admin(`/api/detentions/${detention.id}`, json('PATCH', { court: 'Tribunal 1.º de Control' }))).status).toBe(200);
    expect(await (await server.admin(`/api/detentions/${detention.id}`)).json()).toMatchObject({
      court: 'Tribunal 1.º de Control',
      arrestedOnPrecision: 'month',
      charges: ['terrorismo'],
    });

    const event = (await (
      await server.admin('/api/events', json('POST', { personId: person.id, kind: 'detained', occurredOn: '2025-03-01', occurredOnPrecision: 'month' }))
    ).json()) as { id: string };
    expect((await server.admin(`/api/events/${event.id}`, json('PATCH', { court: 'Tribunal 1.º de Control' }))).status).toBe(200);
    expect(await (await server.admin(`/api/events/${event.id}`)).json()).toMatchObject({ occurredOnPrecision: 'month' });
  });

  it('answers unknown ids and routes with the error shape', async () => {
    const missing = await server.admin('/api/persons/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const badId = await server.get('/api/persons/not-a-uuid');
    expect(badId.status).toBe(400);
    const noRoute = await server.get('/api/nothing-here');
    expect(noRoute.status).toBe(404);
  });
});

/** The table "What consent publishes" of docs/SECURITY.md: part → fields. */
function publishedFields(): Record<string, string[]> {
  const text = readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'SECURITY.md'), 'utf8');
  const section = text.slice(text.indexOf('### What consent publishes'));
  const rows = section.split('\n').filter((line) => /^\| (person|detention|event|measure) \|/.test(line));
  return Object.fromEntries(rows.map((line) => [line.split('|')[1]!.trim(), [...line.split('|')[2]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!)]));
}
