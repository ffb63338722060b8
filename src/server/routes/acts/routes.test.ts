import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson } from '../../../test/factories.js';
import { json, sideApp, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';

describe(`acts in custody through the API, on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const facilities = new Map<string, string>();
  const ok = async (response: Response, status = 200) => {
    const body = await response.json();
    if (response.status !== status) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads each JSON body where it checks it
    return body as any;
  };
  const as = (who: string, path: string, init: RequestInit = {}) =>
    server.get(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${tokens[who]}` } });
  const send = (who: string, method: string, path: string, body: unknown) =>
    as(who, path, { ...json(method, body), headers: { 'content-type': 'application/json' } });
  /** A person, one detention by an agency, and its timeline events. */
  const detained = async (name: string, consent: string, agency: string | null, events: { kind: string; on: string; facility?: string }[] = []) => {
    const person = await ok(await server.admin('/api/persons', json('POST', buildPerson({ givenNames: name, consent: consent as 'public' }))), 201);
    const detention = await ok(
      await server.admin(
        '/api/detentions',
        json('POST', { personId: person.id, arrestedOn: events[0]?.on ?? '2025-01-10', agency, charges: ['traicion_patria'] }),
      ),
      201,
    );
    for (const event of events) {
      await ok(
        await server.admin(
          '/api/events',
          json('POST', {
            personId: person.id,
            detentionId: detention.id,
            kind: event.kind,
            occurredOn: event.on,
            facilityId: event.facility ? facilities.get(event.facility) : null,
          }),
        ),
        201,
      );
    }
    return { person: person.id as string, detention: detention.id as string };
  };

  let ana: { person: string; detention: string };
  let torture: { id: string };
  beforeAll(async () => {
    server = await startTestServer();
    for (const f of await ok(await server.get('/api/facilities'))) facilities.set(f.code, f.id);
    for (const role of ['administrator', 'documenter', 'verifier', 'analyst', 'viewer']) {
      const made = await ok(await server.admin('/api/accounts', json('POST', { name: `acts-${role}`, role })), 201);
      tokens[role] = made.token.token;
    }
    ana = await detained('Ana', 'public', 'DGCIM', [
      { kind: 'detained', on: '2025-01-10' },
      { kind: 'whereabouts_unknown', on: '2025-01-11' },
      { kind: 'transferred', on: '2025-01-31', facility: 'el-helicoide' },
    ]);
    torture = await ok(
      await send('documenter', 'POST', `/api/detentions/${ana.detention}/acts`, {
        kind: 'torture',
        from: '2025-02-01',
        to: '2025-02-03',
        facilityId: facilities.get('el-helicoide'),
        agency: 'SEBIN',
        unit: 'Brigada de Acciones Especiales',
        accountBy: 'victim',
        account: 'Me colgaron de los brazos durante horas.',
        namedPerpetrators: 'alias "el Tigre"',
      }),
      201,
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps the account sealed: the act says only that one exists', async () => {
    const act = await ok(await as('analyst', `/api/acts/${torture.id}`));
    expect(act).toMatchObject({
      kind: 'torture',
      fromOn: '2025-02-01',
      facilityName: 'El Helicoide',
      agency: 'SEBIN',
      hasAccount: true,
      hasNamedPerpetrators: true,
      level: 'reported',
    });
    expect(JSON.stringify(act)).not.toMatch(/colgaron|Tigre/);
    const stored = await server.store.db.selectFrom('acts').select(['account', 'namedPerpetrators']).where('id', '=', torture.id).executeTakeFirstOrThrow();
    expect(stored.account).toMatch(/^rcx1\./);
    expect(`${stored.account}${stored.namedPerpetrators}`).not.toMatch(/colgaron|Tigre/);
  });

  it('opens the account for named documenters, verifiers and analysts only, and records every read', async () => {
    for (const who of ['documenter', 'verifier', 'analyst']) {
      expect(await ok(await as(who, `/api/acts/${torture.id}/testimony`))).toEqual({
        accountBy: 'victim',
        account: 'Me colgaron de los brazos durante horas.',
        namedPerpetrators: 'alias "el Tigre"',
        erasedAt: null,
      });
    }
    for (const who of ['administrator', 'viewer']) expect((await as(who, `/api/acts/${torture.id}/testimony`)).status).toBe(403);
    expect((await server.admin(`/api/acts/${torture.id}/testimony`)).status).toBe(403);
    expect((await server.get(`/api/acts/${torture.id}/testimony`)).status).toBe(401);
    const trail = (await ok(await server.admin('/api/audit?limit=50'))) as { route: string; actorName: string; targets: string[]; status: number }[];
    const reads = trail.filter((r) => r.route === '/api/acts/:id/testimony' && r.status === 200);
    expect(reads.map((r) => r.actorName).sort()).toEqual(['acts-analyst', 'acts-documenter', 'acts-verifier']);
    expect(reads[0]!.targets).toContain(torture.id);
    expect(JSON.stringify(trail)).not.toMatch(/colgaron|Tigre/);
  });

  it('never writes the account or a named perpetrator to the server log', async () => {
    const { app, lines } = await sideApp(server);
    try {
      const response = await app.inject({
        method: 'POST',
        url: `/api/detentions/${ana.detention}/acts`,
        headers: { authorization: `Bearer ${tokens.documenter}`, 'content-type': 'application/json' },
        payload: {
          kind: 'denial_of_medical_care',
          from: '2025-03-01',
          accountBy: 'relative',
          account: 'LOGMARKER account',
          namedPerpetrators: 'LOGMARKER name',
          agency: 'LOGMARKER',
        },
      });
      expect(response.statusCode).toBe(201);
      const refused = await app.inject({
        method: 'POST',
        url: `/api/detentions/${ana.detention}/acts`,
        headers: { authorization: `Bearer ${tokens.documenter}`, 'content-type': 'application/json' },
        payload: { kind: 'torture', from: '2025-03-01', account: 'LOGMARKER refused account', agency: 'LOGMARKER 12' },
      });
      expect(refused.statusCode).toBe(400);
      await server.admin(`/api/acts/${response.json().id}`, { method: 'DELETE' });
      // each request's line is written after its response (with the audit record): wait for both
      for (let i = 0; i < 100 && lines.filter((l) => l.includes('/api/detentions/:id/acts')).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(lines.filter((l) => l.includes('/api/detentions/:id/acts'))).toHaveLength(2);
      expect(lines.join('')).not.toContain('LOGMARKER');
    } finally {
      await app.close();
    }
  });

  it('refuses what it cannot record, naming each field and reason', async () => {
    const refused = await send('documenter', 'POST', `/api/detentions/${ana.detention}/acts`, {
      kind: 'enforced_disappearance',
      from: '2025-01-11',
      agency: 'Coronel 23',
      account: 'texto',
      facilityId: '00000000-0000-7000-8000-000000000000',
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { details: { path: string; reason: string }[] } };
    const fields = body.error.details.map((d) => d.path);
    expect(fields).toEqual(expect.arrayContaining(['from', 'perpetrator.agency', 'accountBy']));
    expect(body.error.details.find((d) => d.path === 'from')!.reason).toMatch(/comes from the timeline/);
    expect(JSON.stringify(body)).not.toContain('texto');
    const backwards = await send('documenter', 'POST', `/api/detentions/${ana.detention}/acts`, {
      kind: 'solitary_confinement',
      from: '2025-03-10',
      to: '2025-03-01',
    });
    expect(((await backwards.json()) as { error: { message: string } }).error.message).toMatch(/to: the period ends before it starts/);
    const nowhere = await send('documenter', 'POST', `/api/detentions/${ana.detention}/acts`, {
      kind: 'torture',
      facilityId: '00000000-0000-7000-8000-000000000000',
    });
    expect(((await nowhere.json()) as { error: { message: string } }).error.message).toMatch(/facilityId: no such facility/);
    expect((await send('documenter', 'POST', '/api/detentions/00000000-0000-7000-8000-000000000000/acts', { kind: 'torture' })).status).toBe(404);
    expect((await send('viewer', 'POST', `/api/detentions/${ana.detention}/acts`, { kind: 'torture' })).status).toBe(403);
  });

  it('shows the charges and the acts of a case apart, disappearance from the timeline', async () => {
    const recorded = await ok(
      await send('documenter', 'POST', `/api/detentions/${ana.detention}/acts`, {
        kind: 'enforced_disappearance',
        agency: 'DGCIM',
        accountBy: 'relative',
        account: 'Nadie nos decía dónde estaba.',
      }),
      201,
    );
    const cases = await ok(await as('analyst', `/api/persons/${ana.person}/acts?asOf=2026-01-01`));
    expect(cases).toHaveLength(1);
    expect(cases[0].charges).toEqual([{ code: 'traicion_patria', label: { es: 'Traición a la patria', en: 'Treason' } }]);
    const kinds = cases[0].acts.map((a: { kind: string }) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(['torture', 'enforced_disappearance']));
    const disappearance = cases[0].acts.find((a: { id: string }) => a.id === recorded.id);
    // whereabouts unknown on 11 January, located in El Helicoide on 31 January: 20 days
    expect(disappearance.fromTimeline).toMatchObject({ from: '2025-01-11', locatedOn: '2025-01-31', days: 20, ongoing: false });
    // incommunicado (from the arrest, which named no place) has no act recorded: the timeline shows it, listed apart
    expect(cases[0].unrecordedStretches.map((s: { kind: string; days: number }) => [s.kind, s.days])).toEqual([['incommunicado', 21]]);
    expect((await as('viewer', `/api/persons/${ana.person}/acts`)).status).toBe(403);
    expect((await server.get(`/api/persons/${ana.person}/acts`)).status).toBe(401);
  });

  it('derives the act’s level from independent sources and four eyes, like every other fact', async () => {
    for (const organisation of ['Foro Penal', 'Provea']) {
      const source = await ok(await server.admin('/api/sources', json('POST', { organisation, title: `Informe de ${organisation}` })), 201);
      await ok(await server.admin('/api/source-links', json('POST', { sourceId: source.id, actId: torture.id })), 201);
    }
    const subject = await ok(await as('analyst', `/api/verification/act/${torture.id}`));
    expect(subject.level).toBe('corroborated');
    expect(subject.sources.map((s: { organisation: string }) => s.organisation).sort()).toEqual(['Foro Penal', 'Provea']);
    expect((await ok(await as('analyst', `/api/acts/${torture.id}`))).level).toBe('corroborated');
    const sources = await ok(await as('analyst', `/api/persons/${ana.person}/sources`));
    expect(sources.filter((s: { actId: string | null }) => s.actId === torture.id)).toHaveLength(2);
    // who reported an act is as guarded as its evidence: not for administrators
    const forAdmin = await ok(await server.admin(`/api/persons/${ana.person}/sources`));
    expect(forAdmin.filter((s: { actId: string | null }) => s.actId !== null)).toEqual([]);
  });

  it('keeps what verifiers reviewed: its kind, dates and place, its evidence from administrators, and the act itself', async () => {
    const second = (await ok(await server.admin('/api/accounts', json('POST', { name: 'acts-verifier-2', role: 'verifier' })), 201)).token.token as string;
    const act = await ok(await send('documenter', 'POST', `/api/detentions/${ana.detention}/acts`, { kind: 'cruel_treatment', from: '2025-02-05' }), 201);
    const form = new FormData();
    form.set('kind', 'medical_report');
    form.set('title', 'Informe médico forense');
    form.set('file', new Blob(['lesiones compatibles con golpes'], { type: 'text/plain' }), 'informe.txt');
    const report = (await ok(await as('verifier', '/api/evidence', { method: 'POST', body: form }), 201)).evidence;
    await ok(await send('verifier', 'POST', `/api/verification/act/${act.id}/evidence`, { evidenceId: report.id }));
    for (const token of [tokens.verifier, second]) {
      const reviewed = await server.get(`/api/verification/act/${act.id}/reviews`, {
        ...json('POST', { verdict: 'confirms', evidence: [report.id] }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      expect(reviewed.status).toBe(201);
    }
    expect((await ok(await as('analyst', `/api/acts/${act.id}`))).level).toBe('verified');
    const moved = await send('documenter', 'PATCH', `/api/acts/${act.id}`, { kind: 'torture' });
    expect(moved.status).toBe(409);
    expect(((await moved.json()) as { error: { message: string } }).error.message).toMatch(/its kind cannot change under their reviews/);
    expect((await as('documenter', `/api/acts/${act.id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await send('documenter', 'PATCH', `/api/acts/${act.id}`, { unit: 'Brigada' })).status).toBe(200);
    // the report on an act is read by those who may read the account: not administrators
    expect((await server.admin(`/api/evidence/${report.id}/content`)).status).toBe(403);
    expect((await as('administrator', `/api/evidence/${report.id}`)).status).toBe(403);
    expect((await as('administrator', `/api/verification/act/${act.id}`)).status).toBe(403);
    expect(await (await as('analyst', `/api/evidence/${report.id}/content`)).text()).toBe('lesiones compatibles con golpes');
    // nor may an administrator read it by linking it to another subject, nor see its receipts
    expect((await server.admin(`/api/verification/person/${ana.person}/evidence`, json('POST', { evidenceId: report.id }))).status).toBe(403);
    const receipts = async (who: 'admin' | 'verifier') =>
      JSON.stringify(
        await ok(who === 'admin' ? await server.admin(`/api/persons/${ana.person}/receipts`) : await as('verifier', `/api/persons/${ana.person}/receipts`)),
      );
    expect(await receipts('verifier')).toContain('\\"act\\"');
    expect(await receipts('admin')).not.toContain('\\"act\\"');
    // who changed which field is in the audit trail
    const trail = (await ok(await server.admin('/api/audit?limit=20'))) as { route: string; method: string; targets: string[] }[];
    expect(trail.find((r) => r.route === '/api/acts/:id' && r.method === 'PATCH')!.targets).toEqual(expect.arrayContaining([act.id, 'unit']));
  });

  it('refuses dates outside custody, unknown fields, and accounts from administrators', async () => {
    const body = new FormData();
    body.append(
      'mapping',
      JSON.stringify({
        layout: 'long',
        idColumn: 'id',
        columns: { fullName: 'nombre', eventKind: 'suceso', actKind: 'acto', actAccountBy: 'por', actAccount: 'relato' },
      }),
    );
    body.append('organisation', 'ONG');
    body.append('file', new Blob(['id,nombre,suceso,acto,por,relato\nX-1,Luis Gil,detenido,tortura,víctima,texto\n']), 'hoja.csv');
    const imported = await server.admin('/api/imports/case-histories', { method: 'POST', body });
    expect(imported.status).toBe(403);
    expect(((await imported.json()) as { error: { message: string } }).error.message).toMatch(/imported only by a named documenter or verifier/);
    const early = await send('documenter', 'POST', `/api/detentions/${ana.detention}/acts`, { kind: 'torture', from: '2024-12-31' });
    expect(((await early.json()) as { error: { message: string } }).error.message).toMatch(/from: before the arrest \(2025-01-10\)/);
    const later = await send('documenter', 'POST', `/api/detentions/${ana.detention}/acts`, { kind: 'torture', from: '2099-01-01' });
    expect(((await later.json()) as { error: { message: string } }).error.message).toMatch(/from: after today/);
    const typo = await send('documenter', 'POST', `/api/detentions/${ana.detention}/acts`, { kind: 'torture', acount: 'texto' });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(await typo.json())).toContain('acount');
    const byAdmin = await send('administrator', 'PATCH', `/api/acts/${torture.id}`, { account: 'sobrescrito' });
    expect(byAdmin.status).toBe(403);
    expect((await server.admin(`/api/acts/${torture.id}`, json('PATCH', { account: null }))).status).toBe(403);
  });

  it('counts persons, not names: exact for staff; consented only and small cells withheld for the public', async () => {
    for (let i = 0; i < 5; i++) {
      const victim = await detained(`Víctima ${i}`, 'public', 'SEBIN');
      await ok(
        await send('documenter', 'POST', `/api/detentions/${victim.detention}/acts`, {
          kind: 'torture',
          from: `2025-0${1 + (i % 2)}-15`,
          facilityId: facilities.get('el-helicoide'),
          agency: i < 3 ? 'SEBIN' : 'Teniente Pérez',
        }),
        201,
      );
      await ok(await send('documenter', 'POST', `/api/detentions/${victim.detention}/acts`, { kind: 'denial_of_medical_care' }), 201);
    }
    const hidden = await detained('Privada', 'private', 'DGCIM');
    await ok(await send('documenter', 'POST', `/api/detentions/${hidden.detention}/acts`, { kind: 'sexual_violence', from: '2025-01-20' }), 201);

    const staff = await ok(await server.admin('/api/acts/counts?by=kind&asOf=2026-01-01'));
    const row = (rows: { key: string }[], key: string) =>
      rows.find((r) => r.key === key) as { persons: number; acts?: number; levels: Record<string, number | null> } | undefined;
    expect(row(staff.cells, 'torture')).toMatchObject({ persons: 6, acts: 6 });
    expect(row(staff.cells, 'sexual_violence')).toMatchObject({ persons: 1 });
    expect(row(staff.cells, 'enforced_disappearance')).toMatchObject({ persons: 1 });
    expect(row(staff.cells, 'incommunicado')).toMatchObject({ persons: 1 });
    expect(staff.smallCells).toBeNull();
    expect(staff.definition.en).toMatch(/each counted once per row/);
    expect(staff.definition.es).toMatch(/cada una contada una vez por fila/);

    const open = await ok(await server.get('/api/acts/counts?by=kind&asOf=2026-01-01'));
    expect(open.smallCells.minimum).toBe(5);
    expect(row(open.cells, 'torture')).toMatchObject({ persons: 6, levels: { reported: null, corroborated: null } });
    // incommunicado, disappearance and cruel treatment are one person (Ana): pooled with the next smallest
    // row (medical care, 5), each person once — 6, none named
    expect(row(open.cells, '_small_cells')).toMatchObject({ persons: 6 });
    expect(open.cells.find((c: { key: string }) => ['sexual_violence', 'incommunicado', 'denial_of_medical_care'].includes(c.key))).toBeUndefined();
    expect(open.cells.every((c: { persons: number }) => c.persons >= 5)).toBe(true);
    expect(JSON.stringify(open)).not.toContain('"acts"');
    // the public and viewers see today's public cells, whatever day they ask for
    expect(open.asOf).toBe(new Date().toISOString().slice(0, 10));
    const viewer = await ok(await as('viewer', '/api/acts/counts?by=agency&asOf=2026-01-01'));
    expect(viewer.smallCells).not.toBeNull();
    expect(JSON.stringify(viewer)).not.toContain('Pérez');

    const byAgency = await ok(await server.get('/api/acts/counts?by=agency&asOf=2026-01-01'));
    expect(JSON.stringify(byAgency)).not.toContain('Pérez');
    const staffByAgency = await ok(await server.admin('/api/acts/counts?by=agency&asOf=2026-01-01'));
    expect(row(staffByAgency.cells, 'Teniente Pérez')).toMatchObject({ persons: 2 });
    expect((await server.get('/api/acts/counts?by=perpetrator')).status).toBe(400);
  });

  it('corrects and withdraws acts; erasing the person’s key leaves the account unreadable', async () => {
    const act = await ok(await send('verifier', 'POST', `/api/detentions/${ana.detention}/acts`, { kind: 'denial_of_family_visits', from: '2025-02-01' }), 201);
    const changed = await ok(
      await send('verifier', 'PATCH', `/api/acts/${act.id}`, { to: '2025-06-30', accountBy: 'relative', account: 'Nunca nos dejaron verlo.' }),
    );
    expect(changed).toMatchObject({ fromOn: '2025-02-01', toOn: '2025-06-30', hasAccount: true });
    const wrong = await send('verifier', 'PATCH', `/api/acts/${act.id}`, { to: '2025-01-01' });
    expect(wrong.status).toBe(400);
    expect((await as('verifier', `/api/acts/${act.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await as('analyst', `/api/acts/${act.id}`)).status).toBe(404);

    await ok(await server.admin(`/api/persons/${ana.person}/sensitive/erase`, json('POST', { confirm: 'erase' })));
    const after = await ok(await as('documenter', `/api/acts/${torture.id}/testimony`));
    expect(after).toMatchObject({ account: null, namedPerpetrators: null });
    expect(after.erasedAt).toEqual(expect.any(String));
    expect(await ok(await as('analyst', `/api/acts/${torture.id}`))).toMatchObject({ hasAccount: false, hasNamedPerpetrators: false });
    // a new account after the erasure is sealed under a new key, and opens
    await ok(await send('documenter', 'PATCH', `/api/acts/${torture.id}`, { account: 'Relato nuevo' }));
    expect(await ok(await as('verifier', `/api/acts/${torture.id}/testimony`))).toMatchObject({ account: 'Relato nuevo', namedPerpetrators: null });
  });

  it('will not merge away acts whose account is sealed with the merged record’s key', async () => {
    const kept = await detained('Beatriz', 'private', null);
    const duplicate = await detained('Beatriz bis', 'private', null);
    await ok(await send('documenter', 'POST', `/api/detentions/${duplicate.detention}/acts`, { kind: 'torture', accountBy: 'victim', account: 'relato' }), 201);
    const merge = await send('verifier', 'POST', '/api/persons/merges', { keepId: kept.person, mergeId: duplicate.person, force: true });
    expect(merge.status).toBe(409);
    expect(((await merge.json()) as { error: { message: string } }).error.message).toMatch(/1 act\(s\) with a sealed account/);

    // merged, then an account recorded on a detention that came from the merged record: undoing would lose it
    const third = await detained('Carla', 'private', null);
    const fourth = await detained('Carla bis', 'private', null);
    const merged = await ok(await send('verifier', 'POST', '/api/persons/merges', { keepId: third.person, mergeId: fourth.person, force: true }), 201);
    await ok(await send('documenter', 'POST', `/api/detentions/${fourth.detention}/acts`, { kind: 'torture', accountBy: 'victim', account: 'relato' }), 201);
    const undo = await send('verifier', 'POST', `/api/persons/merges/${merged.id}/undo`, {});
    expect(undo.status).toBe(409);
    expect(((await undo.json()) as { error: { message: string } }).error.message).toMatch(/hold a sealed account, bound to the kept record's key/);
  });
});
