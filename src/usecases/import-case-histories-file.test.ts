import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecretKey } from '../io/secrets.js';
import { createAccount } from '../store/accounts.js';
import type { Store } from '../store/database.js';
import { listDetentionsOfPerson } from '../store/detentions.js';
import { listTimeline } from '../store/events.js';
import { personIdsByExternalId } from '../store/import-case-histories.js';
import type { ImportProblem } from '../store/import-persons.js';
import { getPerson } from '../store/persons.js';
import { loadRegistryFacts } from '../store/reconciliations.js';
import { insertReview } from '../store/verification.js';
import { testNotes } from '../test/crypto.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { writeXlsx } from '../test/write-xlsx.js';
import { actsOfPerson, readTestimony } from './acts.js';
import { checkDerived } from './check-derived.js';
import { type CaseImportOptions, importCaseHistoriesFile, parseCaseHistoryMapping } from './import-case-histories-file.js';
import { eraseSensitive } from './sensitive.js';

const example = (name: string) => join(import.meta.dirname, '..', '..', 'docs', 'examples', name);

/** The example sheet's rows as text (it ships in Windows-1252, semicolon-separated). */
async function exampleRows(): Promise<string[][]> {
  const text = new TextDecoder('windows-1252').decode(await readFile(example('ngo-registry.csv')));
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => [...line.matchAll(/("([^"]|"")*"|[^;]*)(;|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, 15));
}

describe(`importing case histories on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  let dir: string;
  let mappingJson: Record<string, unknown>;
  beforeAll(async () => {
    store = await openTestStore();
    dir = await mkdtemp(join(tmpdir(), 'recuento-cases-'));
    mappingJson = JSON.parse(await readFile(example('ngo-registry.mapping.json'), 'utf8'));
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (path: string, options: Partial<CaseImportOptions> & { json?: unknown } = {}) => {
    const problems: ImportProblem[] = [];
    const report = await importCaseHistoriesFile(store.db, path, 'sheet', {
      mapping: parseCaseHistoryMapping(options.json ?? mappingJson, 'test'),
      today: '2026-02-01',
      onProblem: (p) => problems.push(p),
      ...options,
    });
    return { report, problems };
  };
  const personOf = async (externalId: string) => {
    const id = (await personIdsByExternalId(store.db, [externalId])).get(externalId);
    expect(id, externalId).toBeDefined();
    return {
      person: (await getPerson(store.db, id!))!,
      timeline: await listTimeline(store.db, id!, testNotes),
      detentions: await listDetentionsOfPerson(store.db, id!),
      id: id!,
    };
  };

  it('loads the example NGO sheet (Windows-1252, ";", dd/mm/yyyy): persons, detentions, charges, judgments, releases and measures', async () => {
    const { report, problems } = await run(example('ngo-registry.csv'));
    expect(problems).toEqual([]);
    expect(report).toMatchObject({
      committed: true,
      rows: 10,
      persons: 10,
      detentions: 10,
      events: 17,
      undatedEvents: 1,
      encoding: 'windows-1252',
      delimiter: ';',
    });

    const jose = await personOf('FP-0101');
    const written = await store.db.selectFrom('persons').select('nameAsWritten').where('externalId', '=', 'FP-0101').executeTakeFirst();
    expect(written?.nameAsWritten).toBe('PÉREZ GÓMEZ José Luis');
    // surnames first in capitals, given names in mixed case: split by the writing, kept as written
    expect(jose.person).toMatchObject({ givenNames: 'José Luis', firstSurname: 'PÉREZ', secondSurname: 'GÓMEZ', sex: 'male', occupationGroup: 'student' });
    expect(jose.person.identifiers).toEqual([{ kind: 'cedula_v', value: '14567890' }]);
    expect(jose.detentions).toHaveLength(1);
    expect(jose.detentions[0]).toMatchObject({ arrestedOn: '2024-08-02', agency: 'SEBIN', caseNumber: 'CJ-2024-1101' });
    expect([...jose.detentions[0]!.charges].sort()).toEqual(['incitacion_odio', 'terrorismo']);
    expect(jose.timeline.map((e) => [e.kind, e.occurredOn, e.occurredOnPrecision])).toEqual([
      ['detained', '2024-08-02', 'day'],
      ['released_with_measures', '2026-01-14', 'day'],
    ]);
    const measures = jose.timeline[1]!.measures.map((m) => [m.kind, m.everyDays]).sort();
    expect(measures).toEqual([
      ['periodic_reporting', 30],
      ['travel_ban', null],
    ]);
    const facts = (await loadRegistryFacts(store.db, [jose.id])).get(jose.id)!;
    expect(facts.facility).toBe('El Helicoide');
    // the arrest is placed there too: the timeline knows where he was held (and that he was not incommunicado)
    expect(jose.timeline[0]!.facilityId).toBe(jose.detentions[0]!.facilityId);
    expect(jose.timeline[0]!.facilityId).not.toBeNull();
    expect(facts.judgment).toEqual({ judgment: 'political', by: 'Example NGO (synthetic data)' });

    // an undated house arrest is still a house arrest, placed after the arrest, its date unknown
    const ana = await personOf('FP-0104');
    expect(ana.person).toMatchObject({ givenNames: 'Ana Teresa', firstSurname: 'GONZÁLEZ' });
    expect(ana.timeline.map((e) => [e.kind, e.occurredOnPrecision])).toEqual([
      ['detained', 'day'],
      ['house_arrest', 'unknown'],
    ]);
    expect(ana.person.status).toBe('house_arrest');

    // the organisation's "no" is a judgment of its own, beside charges that look political
    const deisy = await personOf('FP-0109');
    expect((await loadRegistryFacts(store.db, [deisy.id])).get(deisy.id)!.judgment?.judgment).toBe('common');
    // a compound given name of Marian devotion stays a given name; "El Rodeo I" is Rodeo I
    expect((await personOf('FP-0106')).person).toMatchObject({ givenNames: 'Yusmary del Valle', firstSurname: 'Chirinos' });
    expect((await loadRegistryFacts(store.db, [(await personOf('FP-0105')).id])).get((await personOf('FP-0105')).id)!.facility).toBe(
      'Centro Penitenciario Rodeo I',
    );
    // the declared offence and facility are in the registry now
    const jhonny = await personOf('FP-0107');
    expect(jhonny.detentions[0]!.charges).toContain('magnicidio_frustrado');
  });

  it('re-importing the same sheet updates and never duplicates', async () => {
    const { report, problems } = await run(example('ngo-registry.csv'));
    expect(problems).toEqual([]);
    expect(report.written).toMatchObject({
      persons: { inserted: 0, updated: 10 },
      detentions: { inserted: 0, updated: 10 },
      events: { inserted: 0, updated: 17 },
    });
    const jose = await personOf('FP-0101');
    expect(jose.timeline).toHaveLength(2);
    expect(jose.timeline[1]!.measures).toHaveLength(2);
    expect([...jose.detentions[0]!.charges].sort()).toEqual(['incitacion_odio', 'terrorismo']);
    expect(report.categoryChanges).toEqual([]);
  });

  it('reads the same sheet as XLSX (dates typed as dates) and as JSON, with the same result', async () => {
    const rows = await exampleRows();
    const dateColumns = new Set([5, 13]);
    const typed = rows.map((row, r) =>
      row.map((cell, c) => {
        if (r === 0 || cell === '') return cell === '' ? null : cell;
        if (dateColumns.has(c)) {
          const [d, m, y] = cell.split('/').map(Number);
          return new Date(Date.UTC(y!, m! - 1, d!));
        }
        return cell;
      }),
    );
    const xlsx = join(dir, 'registro.xlsx');
    await writeXlsx(xlsx, typed);
    const fromXlsx = await run(xlsx);
    expect(fromXlsx.problems).toEqual([]);
    expect(fromXlsx.report).toMatchObject({ format: 'xlsx', rows: 10, persons: 10, events: 17, written: { persons: { inserted: 0, updated: 10 } } });
    expect((await personOf('FP-0106')).timeline.map((e) => [e.kind, e.occurredOn])).toEqual([
      ['detained', '2024-08-05'],
      ['released_with_measures', '2025-11-20'],
    ]);

    const json = join(dir, 'registro.json');
    const [header, ...body] = rows;
    await writeFile(json, JSON.stringify(body.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i] ?? ''])))));
    const fromJson = await run(json);
    expect(fromJson.problems).toEqual([]);
    expect(fromJson.report).toMatchObject({ format: 'json', persons: 10, detentions: 10, events: 17 });
  });

  it('refuses offences and facilities it does not know, with the closest entries, and writes nothing', async () => {
    const rows = await exampleRows();
    rows[1]![0] = 'FP-0901';
    rows[1]![2] = 'V-30.000.001';
    rows[1]![7] = 'Zona 7';
    rows[1]![10] = 'Obstaculización de vías';
    const path = join(dir, 'unknown.csv');
    await writeFile(path, [rows[0]!, rows[1]!].map((r) => r.map((c) => (c.includes(';') ? `"${c}"` : c)).join(';')).join('\n'));
    const bare = { ...mappingJson, values: {} };
    const { report, problems } = await run(path, { json: bare });
    expect(report.committed).toBe(false);
    expect(problems).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'Centro de reclusión',
        value: 'Zona 7',
        reason: expect.stringContaining('zona-7-boleita "Zona 7 PNB Boleíta"'),
      }),
      expect.objectContaining({
        row: 2,
        column: 'Delitos imputados',
        value: 'Obstaculización de vías',
        reason: expect.stringContaining('obstaculizacion_vias'),
      }),
    ]);
    expect(report.unknownValues.map((u) => [u.field, u.value, u.rows])).toEqual([
      ['facility', 'Zona 7', 1],
      ['charges', 'Obstaculización de vías', 1],
    ]);
    expect(await personIdsByExternalId(store.db, ['FP-0901'])).toEqual(new Map());
  });

  it('says which stored cases an import moves between political and common, and refuses to redefine an offence unless allowed', async () => {
    const rows = await exampleRows();
    const wilmer = rows.findIndex((r) => r[0] === 'FP-0110');
    rows[wilmer]![11] = 'No';
    const path = join(dir, 'changed.csv');
    await writeFile(path, [rows[0]!, rows[wilmer]!].map((r) => r.join(';')).join('\n'));
    const changed = await run(path, { dryRun: true });
    expect(changed.problems).toEqual([]);
    expect(changed.report.categoryChanges).toEqual([{ detention: 'FP-0110/detention', person: 'FP-0110', from: 'undetermined', to: 'common' }]);

    const redefine = { ...mappingJson, declare: { offences: [{ code: 'terrorismo', labelEs: 'Terrorismo', category: 'common' }], facilities: [] } };
    const refused = await run(path, { json: redefine, dryRun: true });
    expect(refused.problems).toEqual([
      expect.objectContaining({ column: 'declare.offences', value: 'terrorismo', reason: expect.stringContaining('from terrorism to common') }),
    ]);
    const allowed = await run(path, { json: redefine, dryRun: true, allowCategoryChanges: true });
    expect(allowed.problems).toEqual([]);
  });

  it('names every bad row and value: a release date for a detained person, measures without a release, an unreadable status', async () => {
    const rows = await exampleRows();
    const bad = rows.slice(0, 4).map((r) => [...r]);
    bad[1]![12] = 'Detenido'; // still has its release date and measures
    bad[2]![12] = 'Trasladado a otro país';
    bad[3]![13] = '31/02/2026';
    const path = join(dir, 'bad.csv');
    await writeFile(path, bad.map((r) => r.map((c) => (c.includes(';') ? `"${c}"` : c)).join(';')).join('\n'));
    const { report, problems } = await run(path);
    expect(report.committed).toBe(false);
    expect(problems.map((p) => [p.row, p.column, p.reason.replace(/ \(closest.*$/, '').split(':')[0]])).toEqual([
      [2, 'Fecha de excarcelación', 'a release date, but the status says "Detenido"'],
      [2, 'Medidas cautelares', 'measures, but no release with measures'],
      [3, 'Situación actual', 'status not understood'],
      [4, 'Fecha de excarcelación', 'day 31 does not exist in 2026-02'],
    ]);
  });

  it('retracts a status event an earlier import made when the sheet goes back to "detained"', async () => {
    const rows = await exampleRows();
    const pedro = rows.findIndex((r) => r[0] === 'FP-0108');
    rows[pedro]![12] = 'Detenido';
    rows[pedro]![13] = '';
    const path = join(dir, 'retract.csv');
    await writeFile(path, [rows[0]!, rows[pedro]!].map((r) => r.join(';')).join('\n'));
    expect((await personOf('FP-0108')).person.status).toBe('released');
    const { report, problems } = await run(path);
    expect(problems).toEqual([]);
    expect(report.written?.events.removed).toBe(1);
    const after = await personOf('FP-0108');
    expect(after.person.status).toBe('detained');
    expect(after.timeline.map((e) => e.kind)).toEqual(['detained']);
  });

  it('reads a long sheet, one row per event, the person given once', async () => {
    const path = join(dir, 'long.csv');
    await writeFile(
      path,
      [
        'persona,caso,evento,nombre,cedula,fecha detencion,delitos,suceso,fecha,medidas',
        'L-1,L-1-A,L-1-A-1,Rosa Elena Quintero Paz,V-22.333.444,10/08/2024,Terrorismo,detenida,10/08/2024,',
        'L-1,L-1-A,L-1-A-2,,,,,traslado,15/09/2024,',
        'L-1,L-1-A,L-1-A-3,,,,,excarcelada con medidas,20/01/2026,presentación cada 15 días',
        'L-1,L-1-A,L-1-A-4,,,,,casa por cárcel,,',
      ].join('\n'),
    );
    const long = {
      layout: 'long',
      idColumn: 'persona',
      detentionIdColumn: 'caso',
      eventIdColumn: 'evento',
      columns: {
        fullName: 'nombre',
        cedula: 'cedula',
        arrestDate: 'fecha detencion',
        charges: 'delitos',
        eventKind: 'suceso',
        eventDate: 'fecha',
        measures: 'medidas',
      },
      source: { organisation: 'Example NGO (synthetic data)' },
    };
    const { report, problems } = await run(path, { json: long });
    expect(problems).toEqual([]);
    expect(report).toMatchObject({ persons: 1, detentions: 1, events: 4, undatedEvents: 1, committed: true });
    const rosa = await personOf('L-1');
    expect(rosa.timeline.map((e) => [e.kind, e.occurredOn, e.occurredOnPrecision])).toEqual([
      ['detained', '2024-08-10', 'day'],
      ['transferred', '2024-09-15', 'day'],
      ['released_with_measures', '2026-01-20', 'day'],
      ['house_arrest', '2026-01-20', 'unknown'],
    ]);
    expect(rosa.person.status).toBe('house_arrest');
    expect(rosa.detentions[0]!.charges).toEqual(['terrorismo']);
  });

  it('reads acts suffered in custody, one a row, sealing the account and the names, and refuses what it cannot record', async () => {
    const masterKeys = { current: newSecretKey(), retired: [] };
    const header = 'persona,caso,nombre,fecha detencion,suceso,fecha,acto,desde,hasta,lugar,cuerpo,relato por,relato,señalados';
    const path = join(dir, 'acts.csv');
    await writeFile(
      path,
      [
        header,
        'T-1,T-1-A,Pedro Pérez Gil,05/03/2025,detenido,05/03/2025,,,,,,,,',
        'T-1,T-1-A,,,paradero desconocido,06/03/2025,desaparición forzada,,,,DGCIM,madre,No sabíamos dónde estaba,',
        'T-1,T-1-A,,,,,Tortura,10/03/2025,12/03/2025,El Helicoide,Sebin,víctima,Descargas eléctricas en los pies,alias Tigre',
        'T-1,T-1-A,,,excarcelado,30/03/2025,,,,,,,,',
      ].join('\n'),
    );
    const mapping = {
      layout: 'long',
      idColumn: 'persona',
      detentionIdColumn: 'caso',
      columns: {
        fullName: 'nombre',
        arrestDate: 'fecha detencion',
        eventKind: 'suceso',
        eventDate: 'fecha',
        actKind: 'acto',
        actDate: 'desde',
        actEndDate: 'hasta',
        actFacility: 'lugar',
        actAgency: 'cuerpo',
        actAccountBy: 'relato por',
        actAccount: 'relato',
        actPerpetrators: 'señalados',
      },
      source: { organisation: 'Example NGO (synthetic data)' },
    };
    const { report, problems } = await run(path, { json: mapping, masterKeys });
    expect(problems).toEqual([]);
    expect(report).toMatchObject({ persons: 1, acts: 2, committed: true, written: { acts: { inserted: 2, updated: 0 } } });
    const pedro = await personOf('T-1');
    const cases = await actsOfPerson(store.db, pedro.id, '2026-01-01', testNotes);
    const [disappearance, torture] = ['enforced_disappearance', 'torture'].map((kind) => cases[0]!.acts.find((a) => a.kind === kind)!);
    expect(torture).toMatchObject({
      fromOn: '2025-03-10',
      toOn: '2025-03-12',
      facilityName: 'El Helicoide',
      agency: 'SEBIN',
      accountBy: 'victim',
      hasAccount: true,
      sources: 1,
    });
    // whereabouts unknown from 6 March to the day before the release on 30 March: 24 days
    expect(disappearance).toMatchObject({ agency: 'DGCIM', accountBy: 'relative', fromTimeline: { days: 24, locatedOn: '2025-03-30' } });
    expect(await readTestimony(store.db, masterKeys, torture!.id)).toMatchObject({
      account: 'Descargas eléctricas en los pies',
      namedPerpetrators: 'alias Tigre',
    });
    const sealed = await store.db.selectFrom('acts').select('account').where('id', '=', torture!.id).executeTakeFirstOrThrow();
    expect(sealed.account).toMatch(/^rcx1\./);

    // again: the same acts, updated in place (their ids, reviews and evidence kept)
    const again = await run(path, { json: mapping, masterKeys });
    expect(again.report.written).toMatchObject({ acts: { inserted: 0, updated: 2 } });
    expect((await actsOfPerson(store.db, pedro.id, '2026-01-01', testNotes))[0]!.acts.map((a) => a.id).sort()).toEqual([disappearance!.id, torture!.id].sort());

    // a sheet without the account columns leaves the sealed accounts as they are
    const { actAccount: _a, actPerpetrators: _p, actAccountBy: _b, ...withoutAccounts } = mapping.columns;
    const plain = await run(path, { json: { ...mapping, columns: withoutAccounts } });
    expect(plain.problems).toEqual([]);
    expect(await readTestimony(store.db, masterKeys, torture!.id)).toMatchObject({ account: 'Descargas eléctricas en los pies', accountBy: 'victim' });
    // an act a verifier reviewed is left as it was: the sheet does not rewrite it
    const reviewer = await createAccount(store.db, { name: 'verificadora', role: 'verifier' });
    await store.db
      .transaction()
      .execute((trx) =>
        insertReview(trx, { subjectKind: 'act', subjectId: torture!.id, verdict: 'confirms', reviewer: reviewer.id, evidenceIds: [], note: null }),
      );
    const reviewedOnce = await run(path, { json: mapping, masterKeys });
    expect(reviewedOnce.report.written).toMatchObject({ acts: { updated: 1, keptReviewed: 1 } });
    // once the family had the key erased, an old sheet does not bring the accounts back
    await eraseSensitive(store.db, pedro.id, null, undefined);
    const afterErasure = await run(path, { json: mapping, masterKeys });
    expect(afterErasure.report.written).toMatchObject({ acts: { updated: 1, keptReviewed: 1, erasedAccounts: 1 } });
    expect(await readTestimony(store.db, masterKeys, torture!.id)).toMatchObject({ account: null, namedPerpetrators: null });
    expect(await readTestimony(store.db, masterKeys, disappearance!.id)).toMatchObject({ account: null });

    const bad = join(dir, 'acts-bad.csv');
    await writeFile(
      bad,
      [
        header,
        'T-2,T-2-A,Ana Gil Paz,05/03/2025,detenida,05/03/2025,,,,,,,,',
        'T-2,T-2-A,,,,,paseo obligado,,,,,,,',
        'T-2,T-2-A,,,,,desaparición forzada,06/03/2025,,,,,,',
        'T-2,T-2-A,,,,,tortura,07/03/2025,,,,,Golpes con un bate,',
        'T-2,T-2-A,,,,,,,,,Coronel 23,,,',
      ].join('\n'),
    );
    const refused = await run(bad, { json: mapping, masterKeys });
    expect(refused.report.committed).toBe(false);
    expect(refused.problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'acto'],
      [4, 'desde'],
      [5, 'relato por'],
      [6, 'cuerpo'],
    ]);
    const reasons = refused.problems.map((p) => p.reason);
    expect(reasons[0]).toMatch(/^act not understood \(closest: .*\); map it in values\.actKind/);
    expect(reasons[1]).toMatch(/comes from the timeline/);
    expect(reasons[2]).toMatch(/an account without who gave it/);
    expect(reasons[3]).toMatch(/details of an act without its kind/);
    expect(JSON.stringify(refused.problems)).not.toContain('bate');
    // accounts without the master key: refused, nothing written
    const keyless = await run(path, { json: mapping });
    expect(keyless.problems.map((p) => p.reason)).toEqual(['accounts of acts are sealed with the master key, which this import was not given']);
  });

  // after every import, re-import and retraction above: the status the triggers kept, the place, the
  // levels and the counts are those the timelines give
  it('leaves each stored status, place and count equal to the timelines it wrote', async () => {
    const report = await checkDerived(store.db);
    expect(report.persons).toBeGreaterThan(0);
    expect(report.statusExamples).toEqual([]);
    expect(report.tallyDifferences).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
