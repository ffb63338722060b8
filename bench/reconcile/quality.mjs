#!/usr/bin/env node
// Reconciliation quality on a scenario built the way real data arrives (see
// src/domain/demo/reconciliation-scenario.ts, which is not the linkage benchmark the engine
// was tuned on): an NGO's case-history sheet is imported with `recuento import`'s own code,
// a padded government list of "released" is reconciled with the default rules, and every
// row is scored against the truth — beside two baselines run on the same registry and the
// same classification: exact cédula alone, and exact cédula then exact name.
// Usage: node bench/reconcile/quality.mjs [--registry 4000] [--list 1000] [--seed 808]   (after npm run build)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SCENARIO, generateReconciliationScenario } from '../../dist/domain/demo/reconciliation-scenario.js';
import { reconcileEntries } from '../../dist/domain/reconciliation/reconcile-entries.js';
import { openStore } from '../../dist/store/database.js';
import { migrateToLatest } from '../../dist/store/migrate.js';
import { listEntries, loadRegistryFacts, loadRegistryTable } from '../../dist/store/reconciliations.js';
import { importCaseHistoriesFile, parseCaseHistoryMapping } from '../../dist/usecases/import-case-histories-file.js';
import { computeReconciliationReport, readClaimedList, storeClaimedList } from '../../dist/usecases/reconcile-list.js';

const { values: args } = parseArgs({
  options: {
    registry: { type: 'string', default: String(DEFAULT_SCENARIO.registrySize) },
    list: { type: 'string', default: String(DEFAULT_SCENARIO.listSize) },
    seed: { type: 'string', default: String(DEFAULT_SCENARIO.seed) },
  },
});
const options = { ...DEFAULT_SCENARIO, registrySize: Number(args.registry), listSize: Number(args.list), seed: Number(args.seed) };
const scenario = generateReconciliationScenario(options);
const dir = await mkdtemp(join(tmpdir(), 'recuento-bench-reconcile-'));
const store = await openStore({ dataDir: 'memory://' });
await migrateToLatest(store.db);

// — the NGO's sheet, as the example in docs/examples (Windows-1252, semicolons)
const cell = (v) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const header = [
  'Nº',
  'Nombre completo',
  'Cédula',
  'Sexo',
  'Fecha de detención',
  'Delitos imputados',
  '¿Preso político?',
  'Situación actual',
  'Fecha de excarcelación',
];
const sheet = [header, ...scenario.registry.map((r) => [r.id, r.fullName, r.cedula, r.sex, r.arrestDate, r.charges, r.judgment, r.status, r.releaseDate])];
const sheetPath = join(dir, 'registro.csv');
await writeFile(sheetPath, Buffer.from(sheet.map((row) => row.map(cell).join(';')).join('\r\n'), 'latin1'));
const mapping = parseCaseHistoryMapping(
  {
    idColumn: 'Nº',
    columns: {
      fullName: 'Nombre completo',
      cedula: 'Cédula',
      sex: 'Sexo',
      arrestDate: 'Fecha de detención',
      charges: 'Delitos imputados',
      judgment: '¿Preso político?',
      status: 'Situación actual',
      releaseDate: 'Fecha de excarcelación',
    },
    values: { charges: { 'Instigación pública a delinquir': 'instigacion_publica' } },
    source: { organisation: 'Scenario NGO (synthetic)', date: '2026-02-01' },
  },
  'bench',
);
let started = performance.now();
const problems = [];
const imported = await importCaseHistoriesFile(store.db, sheetPath, 'registro.csv', { mapping, today: '2026-02-01', onProblem: (p) => problems.push(p) });
if (!imported.committed) {
  console.error('the scenario sheet did not import:', problems.slice(0, 5));
  process.exit(1);
}
const importSeconds = (performance.now() - started) / 1000;

// — the government's list: one name cell, cédula when it has one
const listPath = join(dir, 'lista.csv');
await writeFile(
  listPath,
  ['N°,NOMBRE,CEDULA', ...scenario.list.map((r) => [r.id, r.name, r.cedula].map((v) => (v.includes(',') ? `"${v}"` : v)).join(','))].join('\n'),
);
const entries = await readClaimedList('lista.csv', undefined, listPath);
const stored = await storeClaimedList(store.db, entries, { label: 'Scenario government list', periodFrom: scenario.period.from, periodTo: scenario.period.to });
started = performance.now();
const report = await computeReconciliationReport(store.db, stored.id);
const reconcileSeconds = (performance.now() - started) / 1000;
started = performance.now();
await computeReconciliationReport(store.db, stored.id);
const reviewSeconds = (performance.now() - started) / 1000;

// — the baselines: the same classification, with matches made by exact cédula (and exact name)
const registry = await loadRegistryTable(store.db);
const personOfExternal = new Map(registry.ids.map((id, i) => [registry.externalIds[i], id]));
const byCedula = new Map();
const byName = new Map();
const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
registry.ids.forEach((id, i) => {
  if (registry.columns.cedula[i]) byCedula.set(registry.columns.cedula[i], id);
  const name = fold(`${registry.columns.given_names[i]} ${registry.columns.first_surname[i]} ${registry.columns.second_surname[i]}`);
  byName.set(name, [...(byName.get(name) ?? []), id]);
});
const listEntriesStored = await listEntries(store.db, stored.id);
const facts = await loadRegistryFacts(store.db, registry.ids);
const period = scenario.period;
function baseline(withName) {
  const rows = listEntriesStored.map((e) => {
    const digits = e.cedula.replace(/\D/g, '').replace(/^0+/, '');
    const byId = digits ? byCedula.get(digits) : undefined;
    let candidates = byId ? [{ personId: byId, probability: 1, weight: 50 }] : [];
    if (!byId && withName) {
      // a throw-away script: the name as written, as one string, against the registry's "given surnames"
      const found = byName.get(fold(e.fullName || `${e.givenNames} ${e.firstSurname} ${e.secondSurname}`)) ?? [];
      candidates = found.map((personId) => ({ personId, probability: 1, weight: 50 }));
    }
    return { entryId: e.id, candidates, decisions: [] };
  });
  return reconcileEntries(rows, (id) => facts.get(id), period).entries;
}

// — scoring
const truthOfEntry = new Map(listEntriesStored.map((e, i) => [e.id, scenario.list[i].truth]));
function score(name, results, matchedBy) {
  let right = 0;
  let automatic = 0;
  let automaticRight = 0;
  const conflicts = { namesakes: 0, stranger: 0 };
  const conflictsInReview = { namesakes: 0, stranger: 0 };
  const strangerLinked = { count: 0 };
  const confusion = new Map();
  for (const r of results) {
    const truth = truthOfEntry.get(r.entryId);
    const truePerson = truth.registryId ? personOfExternal.get(truth.registryId) : null;
    const personRight = truth.class === 'ambiguous' || truth.class === 'unknown' ? r.personId === null : r.personId === truePerson;
    if ((r.class === truth.class || r.class === truth.alsoRight) && personRight) right++;
    else
      confusion.set(
        `${truth.class} → ${r.class}${r.class === truth.class ? ' (wrong person)' : ''}`,
        (confusion.get(`${truth.class} → ${r.class}${r.class === truth.class ? ' (wrong person)' : ''}`) ?? 0) + 1,
      );
    if (r.personId !== null && matchedBy(r) !== 'reviewer') {
      automatic++;
      if (r.personId === truePerson) automaticRight++;
    }
    if (truth.conflict) {
      conflicts[truth.conflict]++;
      if (r.class === 'ambiguous') conflictsInReview[truth.conflict]++;
      if (truth.conflict === 'stranger' && r.personId !== null) strangerLinked.count++;
    }
  }
  const pct = (a, b) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(2)} %`);
  console.log(`\n## ${name}`);
  console.log(`rows in the right class with the right person: ${right} / ${results.length} = ${pct(right, results.length)}`);
  console.log(`precision of automatic matches: ${automaticRight} / ${automatic} = ${pct(automaticRight, automatic)}`);
  console.log(
    `true namesake conflicts (two registry persons fit, no cédula) sent to review: ${conflictsInReview.namesakes} / ${conflicts.namesakes} = ${pct(conflictsInReview.namesakes, conflicts.namesakes)}`,
  );
  console.log(
    `strangers bearing the name of a registry person without cédula: ${conflictsInReview.stranger} / ${conflicts.stranger} sent to review, ${strangerLinked.count} linked to that person`,
  );
  console.log(`sent to review: ${results.filter((r) => r.class === 'ambiguous').length}`);
  const worst = [...confusion.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (worst.length > 0) console.log(`errors: ${worst.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
}

console.log(`# Reconciliation quality (seed ${options.seed})`);
console.log(`registry ${scenario.registry.length} persons imported as case histories in ${importSeconds.toFixed(1)} s; list ${scenario.list.length} rows`);
console.log(
  `list recipe: ${Object.entries(scenario.recipe)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(`reconciled in ${reconcileSeconds.toFixed(2)} s; report again (as a review does) in ${reviewSeconds.toFixed(2)} s`);
if (report.warnings.length > 0) console.log(`warnings: ${report.warnings.join(' ')}`);
score('Recuento (default rules)', report.entries, (r) => r.matchedBy);
score('Baseline: exact cédula alone', baseline(false), () => 'model');
score('Baseline: exact cédula, then exact name', baseline(true), () => 'model');
await store.close();
await rm(dir, { recursive: true, force: true });
if (process.env.BENCH_SHOW) {
  const n = Number(process.env.BENCH_SHOW);
  let shown = 0;
  for (const r of report.entries) {
    const truth = truthOfEntry.get(r.entryId);
    if (r.class === truth.class || r.class === truth.alsoRight || shown >= n) continue;
    shown++;
    console.log(`\n${r.entry.fullName} [${r.entry.cedula}] truth ${truth.class} ${truth.registryId} → ${r.class}: ${r.reason}`);
    for (const c of r.candidates)
      console.log(
        `   ${c.person.externalId} ${c.person.givenNames} | ${c.person.firstSurname} | ${c.person.secondSurname} [${c.person.cedula}] p=${c.probability.toFixed(3)} w=${c.weight.toFixed(1)} ${JSON.stringify(c.evidence)} ${c.explanation.steps.map((s) => `${s.comparison}:${s.level}`).join(' ')}`,
      );
  }
}
