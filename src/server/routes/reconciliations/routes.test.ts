import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPersons } from '../../../domain/demo/generate-persons.js';
import { createPerson } from '../../../store/persons.js';
import { insertDemoPersons } from '../../../store/seed-demo.js';
import { buildPerson } from '../../../test/factories.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';

function upload(content: string, fields: Record<string, string>): RequestInit {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([content]), 'list.csv');
  return { method: 'POST', body: form };
}

const LIST = ['id,given_names,first_surname,second_surname,cedula,birth_date', 'G-1,Deivis Alberto,Montilla,Sequera,,', 'G-2,Ana,Inventada,Nadie,,'].join('\n');
const FIELDS = { as: 'Government list 2026-01-30', from: '2026-01-08', to: '2026-01-30' };

type Report = {
  reconciliation: { id: string };
  counts: Record<string, number>;
  entries: {
    entryId: string;
    class: string;
    reason: string;
    entry: { externalId: string };
    candidates: { personId: string; person: { givenNames: string }; explanation: { steps: unknown[] } }[];
  }[];
};

describe(`reconciliation API on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let twins: string[];
  beforeAll(async () => {
    server = await startTestServer();
    await insertDemoPersons(server.store.db, generateDemoPersons(200, 23, 800_000));
    twins = [];
    for (const cedula of ['27000111', '27000999']) {
      const p = await createPerson(
        server.store.db,
        buildPerson({ givenNames: 'Deivis Alberto', firstSurname: 'Montilla', secondSurname: 'Sequera', identifiers: [{ kind: 'cedula_v', value: cedula }] }),
      );
      twins.push(p.id);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is for staff only: the public gets 401 and sees no list', async () => {
    expect((await server.get('/api/reconciliations')).status).toBe(401);
    expect((await server.get('/api/reconciliations', upload(LIST, FIELDS))).status).toBe(401);
  });

  it('reconciles an uploaded list, queues the doubtful entry for review, and follows the decision', async () => {
    const created = await server.admin('/api/reconciliations', upload(LIST, FIELDS));
    expect(created.status).toBe(201);
    const report = (await created.json()) as Report;
    expect(report.counts).toMatchObject({ ambiguous: 1, unknown: 1 });
    const id = report.reconciliation.id;

    // a stricter floor leaves no candidate above it, but names that fit are never "unknown": still for review
    const strict = (await (await server.admin(`/api/reconciliations/${id}?floor=0.99999999&threshold=0.999999999`)).json()) as Report;
    expect(strict.entries.find((e) => e.entry.externalId === 'G-1')).toMatchObject({ class: 'ambiguous', reason: expect.stringContaining('weakly') });
    expect((await server.admin(`/api/reconciliations/${id}?floor=0.95&threshold=0.9`)).status).toBe(400);

    // the review screen asks for the doubtful rows alone, with the whole list's counts
    const doubtful = (await (await server.admin(`/api/reconciliations/${id}?entries=ambiguous`)).json()) as Report;
    expect(doubtful.entries.map((e) => e.entry.externalId)).toEqual(['G-1']);
    expect(doubtful.counts).toEqual(report.counts);
    expect((await server.admin(`/api/reconciliations/${id}?entries=maybe`)).status).toBe(400);
    const first = (await (await server.admin(`/api/reconciliations/${id}?limit=1`)).json()) as Report;
    expect(first.entries.map((e) => e.entry.externalId)).toEqual([report.entries[0]!.entry.externalId]);
    expect(first.counts).toEqual(report.counts);
    expect((await server.admin(`/api/reconciliations/${id}?limit=0`)).status).toBe(400);

    const queue = (await (await server.admin(`/api/reconciliations/${id}/review`)).json()) as Report['entries'];
    expect(queue).toHaveLength(1);
    expect(queue[0]!.entry.externalId).toBe('G-1');
    expect(queue[0]!.candidates.map((c) => c.personId).sort()).toEqual([...twins].sort());
    expect(queue[0]!.candidates[0]!.person.givenNames).toBe('Deivis Alberto');
    expect(queue[0]!.candidates[0]!.explanation.steps).toHaveLength(4);

    const decided = await server.admin(`/api/reconciliations/${id}/decisions`, json('POST', { entryId: queue[0]!.entryId, personId: twins[1], match: true }));
    expect(decided.status).toBe(201);
    expect(await decided.json()).toMatchObject({ personId: twins[1], match: true, decidedBy: 'local administrator' });

    const csv = await server.admin(`/api/reconciliations/${id}/report.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = (await csv.text()).trim().split('\n');
    expect(header).toBe(
      'row,list_id,full_name,given_names,first_surname,second_surname,class,reason,person_id,person_external_id,match_probability,matched_by,basis,released_on,duplicate_of_row,candidates',
    );
    expect(rows.map((r) => r.split(',')[6])).toEqual(['still_detained', 'unknown']);

    const after = (await (await server.admin(`/api/reconciliations/${id}`)).json()) as Report;
    expect(after.counts.ambiguous).toBe(0);
    expect(after.entries.find((e) => e.entry.externalId === 'G-1')?.class).toBe('still_detained');
    expect((await (await server.admin(`/api/reconciliations/${id}/review`)).json()) as unknown[]).toEqual([]);
  });

  it('refuses missing fields and decisions about entries of another list', async () => {
    const missing = await server.admin('/api/reconciliations', upload(LIST, { from: '2026-01-08', to: '2026-01-30' }));
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('"path":"as"');
    const list = (await server.admin('/api/reconciliations').then((r) => r.json())) as { id: string }[];
    const wrong = await server.admin(`/api/reconciliations/${list[0]!.id}/decisions`, json('POST', { entryId: twins[0], personId: twins[0], match: false }));
    expect(wrong.status).toBe(404);
  });
});
