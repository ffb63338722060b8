import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPersons } from '../domain/demo/generate-persons.js';
import type { EventKind } from '../domain/registry/vocabulary.js';
import { isAppError } from '../shared/app-error.js';
import type { Store } from '../store/database.js';
import { createDetention } from '../store/detentions.js';
import { createEvent } from '../store/events.js';
import { createPerson } from '../store/persons.js';
import { recordDecision } from '../store/reconciliations.js';
import { insertDemoPersons } from '../store/seed-demo.js';
import { testNotes } from '../test/crypto.js';
import { buildPerson } from '../test/factories.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { computeReconciliationReport, readClaimedList, storeClaimedList } from './reconcile-list.js';

const HEADER = 'id,given_names,first_surname,second_surname,cedula,birth_date';

describe(`reconciling a claimed list on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  let dir: string;
  const ids: Record<string, string> = {};

  async function person(
    key: string,
    fields: { given: string; first: string; second: string; cedula: string },
    timeline: [EventKind, string][],
    charges: string[],
  ) {
    const created = await createPerson(
      store.db,
      buildPerson({
        givenNames: fields.given,
        firstSurname: fields.first,
        secondSurname: fields.second,
        identifiers: [{ kind: 'cedula_v', value: fields.cedula }],
      }),
    );
    const detention = await createDetention(store.db, { personId: created.id, arrestedOn: '2024-08-02', arrestedOnPrecision: 'day', charges });
    for (const [kind, occurredOn] of timeline) {
      await createEvent(store.db, { personId: created.id, detentionId: detention.id, kind, occurredOn, occurredOnPrecision: 'day' }, testNotes);
    }
    ids[key] = created.id;
  }

  beforeAll(async () => {
    store = await openTestStore();
    dir = await mkdtemp(join(tmpdir(), 'recuento-reconcile-'));
    // several hundred other (synthetic) people, so the model has a registry to learn from
    await insertDemoPersons(store.db, generateDemoPersons(300, 17, 900_000));
    await person(
      'released',
      { given: 'Yorman José', first: 'Uzcátegui', second: 'Briceño', cedula: '21456789' },
      [
        ['detained', '2024-08-02'],
        ['released_with_measures', '2026-01-14'],
      ],
      ['incitacion_odio'],
    );
    await person(
      'earlier',
      { given: 'Xiomara', first: 'Villalobos', second: 'Quintero', cedula: '18222333' },
      [
        ['detained', '2024-08-02'],
        ['released', '2025-11-20'],
      ],
      ['terrorismo'],
    );
    await person('detained', { given: 'Nohelia', first: 'Colmenares', second: 'Yépez', cedula: '25111222' }, [['detained', '2024-08-02']], ['traicion_patria']);
    await person(
      'common',
      { given: 'Wilmer', first: 'Escalona', second: 'Bracho', cedula: '16333444' },
      [
        ['detained', '2025-03-01'],
        ['released', '2026-01-20'],
      ],
      ['hurto'],
    );
    await person(
      'twin1',
      { given: 'Deivis Alberto', first: 'Montilla', second: 'Sequera', cedula: '27000111' },
      [['detained', '2024-08-02']],
      ['conspiracion'],
    );
    await person(
      'twin2',
      { given: 'Deivis Alberto', first: 'Montilla', second: 'Sequera', cedula: '27000999' },
      [
        ['detained', '2024-08-02'],
        ['released', '2026-01-15'],
      ],
      ['conspiracion'],
    );
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('explains every entry of the list, and follows a reviewer', async () => {
    const list = join(dir, 'government.csv');
    await writeFile(
      list,
      [
        HEADER,
        'G-1,YORMAN,Uzcategui,Briceno,V-21.456.789,', // the cédula in another form, the second given name dropped
        'G-2,Xiomara,Villalobos,,18222333,',
        'G-3,Nohelia,Colmenares,Yépez,V25111222,',
        'G-4,Wilmer,Escalona,Bracho,16.333.444,',
        'G-5,Persona,Inventada,Desconocida,,',
        'G-6,Yorman José,Uzcátegui,Briceño,,', // the same person again
        'G-7,Deivis Alberto,Montilla,Sequera,,', // two registry persons share this name
      ].join('\n'),
    );
    const entries = await readClaimedList(list);
    const stored = await storeClaimedList(store.db, entries, { label: 'Government list 2026-01-30', periodFrom: '2026-01-08', periodTo: '2026-01-30' });
    const report = await computeReconciliationReport(store.db, stored.id);
    const classOf = Object.fromEntries(report.entries.map((e) => [e.entry.externalId, e.class]));
    expect(classOf).toEqual({
      'G-1': 'released_in_period',
      'G-2': 'released_earlier',
      'G-3': 'still_detained',
      'G-4': 'common_crime_only',
      'G-5': 'unknown',
      'G-6': 'listed_twice',
      'G-7': 'ambiguous',
    });
    expect(report.entries.find((e) => e.entry.externalId === 'G-1')?.personId).toBe(ids.released);
    expect(report.entries.find((e) => e.entry.externalId === 'G-6')?.duplicateOfRow).toBe(2);
    expect(report.counts).toMatchObject({
      released_in_period: 1,
      released_earlier: 1,
      still_detained: 1,
      common_crime_only: 1,
      unknown: 1,
      listed_twice: 1,
      ambiguous: 1,
    });
    const ambiguous = report.entries.find((e) => e.entry.externalId === 'G-7')!;
    expect(ambiguous.candidates.map((c) => c.personId).sort()).toEqual([ids.twin1, ids.twin2].sort());
    expect(ambiguous.candidates[0]!.explanation.steps.map((s) => s.comparison)).toEqual(['given_names', 'surnames', 'cedula', 'birth_date']);

    // a reviewer decides G-7 is the twin released on 15 January
    await recordDecision(store.db, { entryId: ambiguous.entryId, personId: ids.twin2!, match: true, decidedBy: 'test reviewer', note: null });
    const after = await computeReconciliationReport(store.db, stored.id);
    const decided = after.entries.find((e) => e.entry.externalId === 'G-7')!;
    expect(decided).toMatchObject({ class: 'released_in_period', personId: ids.twin2, matchedBy: 'reviewer' });
    expect(after.counts.ambiguous).toBe(0);
  });

  it('refuses a list with repeated ids, rows without a name or dates it cannot read, naming the row', async () => {
    const list = join(dir, 'bad.csv');
    await writeFile(list, [HEADER, 'A,Ana,Pérez,,,', 'A,Luis,Rivas,,,', 'B,,,,V-1.234.567,', 'C,Rosa,Paz,,,30 de febrero'].join('\n'));
    const error = await readClaimedList(list).catch((e: unknown) => e);
    expect(isAppError(error, 'import_rejected')).toBe(true);
    if (!isAppError(error)) return;
    expect(error.details.map((d) => `${d.row} ${d.reason}`)).toEqual([
      '3 this id is already used on line 2',
      '4 the name is empty',
      '5 not a date: dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy',
    ]);
  });

  it('reads a list with a full name in one cell and no id column, numbering its rows', async () => {
    const list = join(dir, 'names.csv');
    await writeFile(list, ['Nombre,Cédula', 'UZCATEGUI BRICEÑO YORMAN JOSE,21456789', '"PÉREZ, María",'].join('\n'));
    const entries = await readClaimedList(list);
    expect(entries.map((e) => [e.externalId, e.fullName, e.cedula])).toEqual([
      ['row 2', 'UZCATEGUI BRICEÑO YORMAN JOSE', '21456789'],
      ['row 3', 'PÉREZ, María', ''],
    ]);
    const stored = await storeClaimedList(store.db, entries, { label: 'Names in one cell', periodFrom: '2026-01-08', periodTo: '2026-01-30' });
    const report = await computeReconciliationReport(store.db, stored.id);
    // surnames first, capitals, no accents: still the registry's Yorman José Uzcátegui Briceño, by his cédula
    expect(report.entries[0]).toMatchObject({ personId: ids.released, matchedBy: 'identifier', class: 'released_in_period' });
  });
});
