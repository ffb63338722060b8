import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestServer, type TestServer } from '../test/server.js';
import { TEST_DATABASE_KIND } from '../test/store.js';
import { isAllowed } from './policies/index.js';

/**
 * Private records carry unique marker strings in every field that could leak (names, aliases,
 * cédula, court, case number, notes, source and evidence titles). Then every route the public may
 * call — with the private records' ids in its path, and the markers as its search — every export,
 * and every entry of the transparency log after a publication, are scanned: one marker found fails.
 * The ids of private and aggregate-only records and the SHA-256 of their evidence are markers too
 * (anyone holding a document could otherwise confirm Recuento has it), after they were verified,
 * published on a list and in an eligibility run.
 */
const MARK = `Canario${Math.random().toString(36).slice(2, 8)}`;
const marker = (field: string) => `${MARK}${field}`;

describe(`canary scan: nothing private reaches a public output, on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  const ids: Record<string, string[]> = { id: [] };
  /** Ids and evidence hashes of private and aggregate-only records: none may reach a public output. */
  const hidden: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ app: { reportMinFillMs: 0 } });
    const post = async (path: string, body: unknown) => {
      const response = await server.admin(path, json('POST', body));
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    const verifiers = await Promise.all(
      ['canary-verifier-1', 'canary-verifier-2'].map(
        async (name) =>
          ((await (await server.admin('/api/accounts', json('POST', { name, role: 'verifier' }))).json()) as { token: { token: string } }).token.token,
      ),
    );
    for (const consent of ['private', 'aggregate_only'] as const) {
      const person = await post('/api/persons', {
        givenNames: marker(`Given${consent}`),
        firstSurname: marker(`Surname${consent}`),
        secondSurname: marker(`Second${consent}`),
        aliases: [marker(`Alias${consent}`)],
        identifiers: [{ kind: 'passport', value: marker(`Passport${consent}`).slice(0, 40) }],
        consent,
      });
      const detention = await post('/api/detentions', {
        personId: person.id,
        arrestedOn: '2025-01-10',
        court: marker(`Court${consent}`),
        caseNumber: marker(`Case${consent}`),
        place: marker(`Place${consent}`),
      });
      const arrest = await post('/api/events', {
        personId: person.id,
        detentionId: detention.id,
        kind: 'detained',
        occurredOn: '2025-01-10',
        notes: marker(`Notes${consent}`),
      });
      const release = await post('/api/events', {
        personId: person.id,
        detentionId: detention.id,
        kind: 'released',
        occurredOn: '2026-01-14',
        court: marker(`ReleaseCourt${consent}`),
      });
      const source = await post('/api/sources', { organisation: marker(`Org${consent}`), title: marker(`SourceTitle${consent}`) });
      await post('/api/source-links', { sourceId: source.id, eventId: release.id, note: marker(`LinkNote${consent}`) });
      const form = new FormData();
      form.set('kind', 'testimony');
      form.set('title', marker(`EvidenceTitle${consent}`));
      form.set('file', new Blob([marker(`EvidenceContent${consent}`)], { type: 'text/plain' }), `${marker('FileName')}.txt`);
      const evidence = (await (await server.admin('/api/evidence', { method: 'POST', body: form })).json()) as { evidence: { id: string; sha256: string } };
      await post(`/api/verification/event/${release.id}/evidence`, { evidenceId: evidence.evidence.id });
      ids.id!.push(person.id, detention.id, arrest.id, release.id, source.id, evidence.evidence.id);
      hidden.push(person.id, detention.id, arrest.id, release.id, evidence.evidence.id, evidence.evidence.sha256);
      // two verifiers confirm the release: decisions the log records as the person's consent allows
      for (const token of verifiers) {
        const reviewed = await server.get(`/api/verification/event/${release.id}/reviews`, {
          ...json('POST', { verdict: 'confirms', evidence: [evidence.evidence.id] }),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        });
        if (reviewed.status !== 201) throw new Error(`review: ${reviewed.status} ${await reviewed.text()}`);
      }
    }
    // Sensitive fields, even of a person whose record is public, are never public.
    const documenter = (
      (await (await server.admin('/api/accounts', json('POST', { name: 'canary-documenter', role: 'documenter' }))).json()) as {
        token: { token: string };
      }
    ).token.token;
    const open = await post('/api/persons', { givenNames: 'Persona', firstSurname: 'Pública', consent: 'public' });
    const sensitive = await server.get(`/api/persons/${open.id}/sensitive`, {
      ...json('PATCH', {
        relatives: [{ name: marker('Relative'), relation: 'madre', phone: marker('Phone') }],
        health: marker('Health'),
        address: marker('Address'),
        notes: marker('SensitiveNotes'),
      }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${documenter}` },
    });
    if (sensitive.status !== 200) throw new Error(`sensitive fields: ${sensitive.status}`);
    ids.id!.push(open.id);
    // Acts in custody: the account, the named perpetrators and the unit never leave the staff's view,
    // nor an agency typed as free text — even for five persons whose records are public, enough to
    // make a row of the public counts by agency. A verified act is never named in the log.
    const agency = `Agencia ${MARK.replace(/\d/g, 'x')}`;
    hidden.push(agency);
    for (let i = 0; i < 5; i++) {
      const victim = i === 0 ? open : await post('/api/persons', { givenNames: `Víctima ${i}`, firstSurname: 'Pública', consent: 'public' });
      const held = await post('/api/detentions', { personId: victim.id, arrestedOn: '2025-02-01', agency: 'SEBIN' });
      // accounts are written by a named documenter (never the local token)
      const asDocumenter = async (path: string, body: unknown) => {
        const response = await server.get(path, {
          ...json('POST', body),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${documenter}` },
        });
        if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        return (await response.json()) as { id: string };
      };
      const act = await asDocumenter(`/api/detentions/${held.id}/acts`, {
        kind: 'torture',
        from: '2025-02-02',
        agency,
        unit: marker('Unit'),
        accountBy: 'victim',
        account: marker('Account'),
        namedPerpetrators: marker('Perpetrator'),
      });
      ids.id!.push(act.id);
      hidden.push(act.id);
      if (i === 0) {
        const report = new FormData();
        report.set('kind', 'medical_report');
        report.set('title', marker('MedicalReportTitle'));
        report.set('file', new Blob([marker('MedicalReport')], { type: 'text/plain' }), 'informe.txt');
        const item = (await (await server.admin('/api/evidence', { method: 'POST', body: report })).json()) as { evidence: { id: string; sha256: string } };
        await asDocumenter(`/api/verification/act/${act.id}/evidence`, { evidenceId: item.evidence.id });
        hidden.push(item.evidence.id, item.evidence.sha256);
        for (const token of verifiers) {
          const reviewed = await server.get(`/api/verification/act/${act.id}/reviews`, {
            ...json('POST', { verdict: 'confirms', evidence: [item.evidence.id] }),
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          });
          if (reviewed.status !== 201) throw new Error(`act review: ${reviewed.status} ${await reviewed.text()}`);
        }
      }
    }
    await post('/api/log/publications/list', { title: 'Lista con canarios', statuses: ['released'] });
    await post('/api/log/publications/counts', {});
    const run = await post('/api/eligibility/runs', { rules: 've-2026-ley' });
    await post('/api/log/publications/eligibility', { run: run.id });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps a report sent through the public form out of everything public', async () => {
    const { token } = (await (await server.get('/api/reports/form-token')).json()) as { token: string };
    const sent = await server.get(
      '/api/reports',
      json('POST', {
        name: marker('reportName'),
        cedula: '12345678',
        place: marker('reportPlace'),
        account: marker('reportAccount'),
        relation: 'family',
        contact: marker('reportContact'),
        token,
      }),
    );
    expect(sent.status).toBe(201);
  });

  it('finds no marker in any public route, export or log entry', async () => {
    const routes = server.app.routePolicies.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.policy && isAllowed({ kind: 'public' }, r.policy) && r.method !== 'HEAD',
    );
    expect(routes.length).toBeGreaterThan(20);
    const hits: string[] = [];
    let calls = 0;
    const scan = async (label: string, response: Response) => {
      calls++;
      const body = await response.text();
      if (body.includes(MARK)) hits.push(`${label} (${response.status})`);
      // an id the request itself carried may come back (an error naming what was asked); any other may not
      for (const secret of hidden) if (body.includes(secret) && !label.includes(secret)) hits.push(`${label} (${response.status}): a hidden id or hash`);
    };
    for (const route of routes) {
      const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const choices =
        params.length === 0 ? [[]] : (ids.id ?? []).map((id) => params.map((p) => (p === 'id' ? id : p === 'format' ? 'csv' : p === 'kind' ? 'event' : '1')));
      for (const values of choices) {
        let path = route.url;
        params.forEach((p, i) => {
          path = path.replace(`:${p}`, values[i]!);
        });
        if (route.method === 'GET') {
          await scan(`GET ${path}`, await server.get(`${path}${path.includes('?') ? '&' : '?'}limit=500`));
          await scan(`GET ${path}`, await server.get(path));
        } else if (route.method === 'POST') {
          const body = route.url === '/api/persons/search' ? { q: MARK } : {};
          await scan(`POST ${path}`, await server.get(path, json('POST', body)));
        }
      }
    }
    for (const query of ['by=status', 'by=facility', 'by=occupation', 'by=month&event=releases', 'by=day&event=detentions']) {
      await scan(`counts ${query}`, await server.get(`/api/counts?${query}`));
    }
    for (const by of ['kind', 'facility', 'agency', 'month']) {
      const counted = await server.get(`/api/acts/counts?by=${by}`);
      if (by === 'agency') expect(await counted.clone().text()).toContain('other agency');
      await scan(`acts counts by ${by}`, counted);
    }
    for (const name of ['persons.csv', 'persons.json', 'claims.csv']) await scan(`export ${name}`, await server.get(`/api/exports/${name}`));
    // the public site's pages, in both languages, with every choice they offer
    const pages = server.app.routePolicies
      .filter((r) => r.policy === 'site.read' && r.method === 'GET' && !r.url.includes('*') && !r.url.includes(':'))
      .map((r) => r.url);
    expect(pages).toEqual(
      expect.arrayContaining([
        '/',
        '/en/',
        '/metodologia',
        '/en/metodologia',
        '/lista',
        '/en/lista',
        '/centros',
        '/en/centros',
        '/datos',
        '/amnistia',
        '/condiciones',
      ]),
    );
    for (const path of pages) await scan(`page ${path}`, await server.get(path));
    for (const by of ['kind', 'facility', 'agency', 'month']) await scan(`page / por=${by}`, await server.get(`/?por=${by}&metrica=held`));
    await scan('page not found', await server.get('/personas/buscar'));
    const logSize = Number(((await (await server.get('/api/log/checkpoint')).text()).split('\n')[1] ?? '0').trim());
    for (let start = 0; start < logSize; start += 50) await scan(`page /transparencia?desde=${start}`, await server.get(`/transparencia?desde=${start}`));
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    // the look-up opens nothing but by a receipt's code: a name, a marker or an index opens nothing
    for (const code of [MARK, '0-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA', '1', marker('givenNames')]) {
      await scan(`lookup ${code}`, await server.get('/api/log/receipts/lookup', json('POST', { code })));
      const page = (await (await server.get('/consulta', { ...form, body: `codigo=${code}` })).text()).replaceAll(`value="${code}"`, '');
      await scan(`page POST /consulta ${code}`, new Response(page));
    }
    for (const path of ['/informar', '/en/informar', '/informar/seguimiento']) await scan(`page ${path}`, await server.get(path));
    await scan('report follow', await server.get('/api/reports/follow', json('POST', { code: MARK })));
    const pkg = (await (await server.get('/datos/datapackage.json')).json()) as { resources: { path: string }[] };
    expect(pkg.resources.length).toBeGreaterThan(10);
    for (const resource of pkg.resources) await scan(`data ${resource.path}`, await server.get(`/datos/${resource.path}`));
    const facilities = (await (await server.get('/api/facilities')).json()) as { code: string }[];
    for (const f of facilities) for (const lang of ['', '/en']) await scan(`page ${lang}/centro/${f.code}`, await server.get(`${lang}/centro/${f.code}`));
    for (const id of ids.id ?? []) for (const lang of ['', '/en']) await scan(`page ${lang}/persona/${id}`, await server.get(`${lang}/persona/${id}`));
    for (const body of [`nombre=${MARK}`, 'nombre=a', `nombre=${MARK}&situacion=released_with_measures&pagina=1`]) {
      // the search box shows what was typed (the marker itself): that echo aside, nothing of it
      const page = (await (await server.get('/lista', { ...form, body })).text()).replaceAll(`value="${MARK}"`, '');
      await scan(`page POST /lista ${body}`, new Response(page));
    }
    const log = (await (await server.get('/api/log/entries?start=0&end=1000')).json()) as { entries: { data: string }[] };
    expect(log.entries.length).toBeGreaterThan(2);
    for (const entry of log.entries) {
      if (entry.data.includes(MARK)) hits.push(`log entry ${entry.data.slice(0, 60)}`);
      for (const secret of hidden) if (entry.data.includes(secret)) hits.push(`log entry ${entry.data.slice(0, 60)}: a hidden id or hash`);
    }
    // the aggregate-only person is counted in the log (as commitments), the private one is not
    const kinds = log.entries.map((e) => JSON.parse(e.data) as { type: string; commitment?: string });
    // (and the public person's act, at each of its two level changes: only committed to)
    expect(kinds.filter((e) => e.type === 'verification' && e.commitment).length).toBe(4);
    expect(kinds.filter((e) => e.type === 'verification').length).toBe(4);
    expect(kinds.filter((e) => e.type === 'list-entry' && e.commitment).length).toBe(1);
    expect(kinds.filter((e) => e.type === 'eligibility-result' && e.commitment).length).toBe(1);
    expect(calls).toBeGreaterThan(100);
    expect(hits).toEqual([]);
  });

  it('is a scan that can find: staff outputs do carry the markers', async () => {
    const staff = await (await server.admin('/api/persons', { method: 'GET' })).text();
    expect(staff).toContain(MARK);
    const staffCounts = await (await server.admin('/api/acts/counts?by=agency')).text();
    expect(staffCounts).toContain(hidden.find((h) => h.startsWith('Agencia'))!);
    // the aggregate-only person's family holds receipts (list, verifications, eligibility); the private one's none
    const receipts = await (await server.admin(`/api/persons/${ids.id![6]}/receipts`)).text();
    expect(receipts).toContain(marker('Givenaggregate_only'));
    expect(await (await server.admin(`/api/persons/${ids.id![0]}/receipts`)).json()).toEqual([]);
    const staffLog = await (await server.admin('/api/log/entries?start=0&end=1000')).text();
    expect(staffLog).not.toContain(hidden[0]!); // the log is the same for everyone
  });
});
