import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPersons } from '../../../domain/demo/generate-persons.js';
import { createPerson } from '../../../store/persons.js';
import { insertDemoPersons } from '../../../store/seed-demo.js';
import { buildPerson } from '../../../test/factories.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';

type Duplicates = {
  pairs: { probability: number; a: { personId: string }; b: { personId: string }; explanation: { steps: { comparison: string; label: string }[] } }[];
};

describe(`registry duplicates and merges API on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let original: string;
  let duplicate: string;
  beforeAll(async () => {
    server = await startTestServer();
    await insertDemoPersons(server.store.db, generateDemoPersons(200, 29, 700_000));
    original = (
      await createPerson(
        server.store.db,
        buildPerson({
          givenNames: 'Yusmary Alejandra',
          firstSurname: 'Urdaneta',
          secondSurname: 'Colmenares',
          identifiers: [{ kind: 'cedula_v', value: '19888777' }],
        }),
      )
    ).id;
    duplicate = (
      await createPerson(
        server.store.db,
        // the registry holds a cédula once: the duplicate came in without it
        buildPerson({ givenNames: 'YUSMARY', firstSurname: 'Urdaneta', secondSurname: 'Colmenares', identifiers: [] }),
      )
    ).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is for staff only', async () => {
    expect((await server.get('/api/persons/duplicates')).status).toBe(401);
    expect((await server.get('/api/persons/merges', json('POST', { keepId: original, mergeId: duplicate }))).status).toBe(401);
  });

  it('finds the duplicate with its explanation, merges it and undoes the merge', async () => {
    const found = (await (await server.admin('/api/persons/duplicates?minProbability=0.9')).json()) as Duplicates;
    const pair = found.pairs.find((p) => [p.a.personId, p.b.personId].sort().join() === [original, duplicate].sort().join());
    expect(pair?.probability).toBeGreaterThan(0.95);
    expect(pair?.explanation.steps.map((s) => `${s.comparison}: ${s.label}`)).toEqual([
      'given_names: one name of a compound',
      'surnames: exact',
      'cedula: missing on one side (no evidence)',
      'birth_date: exact',
    ]);

    const merged = await server.admin('/api/persons/merges', json('POST', { keepId: original, mergeId: duplicate }));
    expect(merged.status).toBe(201);
    const merge = (await merged.json()) as { id: string };
    expect((await server.admin(`/api/persons/${duplicate}`)).status).toBe(404);

    const undone = await server.admin(`/api/persons/merges/${merge.id}/undo`, { method: 'POST' });
    expect(undone.status).toBe(200);
    expect(await undone.json()).toEqual({ keptPersonId: original, restoredPersonId: duplicate });
    expect((await server.admin(`/api/persons/${duplicate}`)).status).toBe(200);
  });

  it('answers 409 to a merge of two different cédulas', async () => {
    const other = (await createPerson(server.store.db, buildPerson({ identifiers: [{ kind: 'cedula_v', value: '19888778' }] }))).id;
    const refused = await server.admin('/api/persons/merges', json('POST', { keepId: original, mergeId: other }));
    expect(refused.status).toBe(409);
    // the refusal names what would let it through, so a screen can offer it
    expect(((await refused.json()) as { error: { details: { path: string }[] } }).error.details).toEqual([
      { path: 'force', reason: expect.stringContaining('different cédulas') },
    ]);
  });
});
