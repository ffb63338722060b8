/**
 * Reconciling a claimed list with the registry, shared by `recuento reconcile` and the
 * /api/reconciliations routes: read the list (same CSV reading and mapping file as
 * imports), keep it as a source with its entries, link it to the registry with the
 * registry's linkage settings, and classify every entry. The report is recomputed on
 * demand, so it follows new registry facts and every reviewer's decision.
 */
import type { Kysely } from 'kysely';
import { createRandom } from '../domain/demo/generate-persons.js';
import { defaultMapping, findMissingColumns, type PersonMapping } from '../domain/importing/person-mapping.js';
import { explainPair, type PairExplanation } from '../domain/linkage/explain-pair.js';
import { linkRecords } from '../domain/linkage/link-records.js';
import { REGISTRY_LINK_SETTINGS } from '../domain/linkage/registry-settings.js';
import {
  type Candidate,
  DEFAULT_MATCH_RULES,
  type MatchRules,
  type ReconciledEntry,
  type ReconciliationClass,
  reconcileEntries,
} from '../domain/reconciliation/reconcile-entries.js';
import { AppError, type ErrorDetail } from '../shared/app-error.js';
import {
  createReconciliation,
  getReconciliation,
  type ListEntry,
  type ListEntryFields,
  listDecisions,
  listEntries,
  loadRegistryFacts,
  loadRegistryTable,
  type Reconciliation,
} from '../store/reconciliations.js';
import type { Database } from '../store/schema.js';
import { openTable } from './read-table.js';
import { csvCell } from './write-table.js';

type Db = Kysely<Database>;

/** Reads a claimed list: every row needs an id (unique) and a name; nothing else is checked, since lists are what they are. */
export async function readClaimedList(name: string, mapping?: PersonMapping, path = name): Promise<ListEntryFields[]> {
  const file = await openTable(path);
  const map = mapping ?? defaultMapping(file.header);
  const missing = findMissingColumns(map, file.header);
  if (missing.length > 0) {
    throw new AppError('import_rejected', 'list columns missing', {
      publicMessage: `${name} lacks columns the mapping names; nothing was written. Its columns are: ${file.header.join(', ')}.`,
      details: missing.map((column) => ({ path: name, column, reason: 'named in the mapping, not in the header' })),
    });
  }
  const cell = (record: Record<string, string>, column: string | undefined) => (column ? (record[column] ?? '').trim() : '');
  const entries: ListEntryFields[] = [];
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  for await (const { line, record } of file.records()) {
    const externalId = cell(record, map.idColumn);
    if (externalId === '') problems.push({ path: name, row: line, column: map.idColumn, reason: 'the id is empty' });
    else if (seen.has(externalId))
      problems.push({ path: name, row: line, column: map.idColumn, reason: `this id is already used on line ${seen.get(externalId)}` });
    else seen.set(externalId, line);
    const entry = {
      rowNumber: line,
      externalId,
      givenNames: cell(record, map.columns.givenNames),
      firstSurname: cell(record, map.columns.firstSurname),
      secondSurname: cell(record, map.columns.secondSurname),
      cedula: cell(record, map.columns.cedula),
      birthDate: cell(record, map.columns.birthDate),
    };
    if (entry.givenNames === '' && entry.firstSurname === '')
      problems.push({ path: name, row: line, column: `${map.columns.givenNames}, ${map.columns.firstSurname}`, reason: 'the name is empty' });
    entries.push(entry);
  }
  if (entries.length === 0) problems.push({ path: name, reason: 'the file has a header but no rows' });
  if (problems.length > 0) {
    throw new AppError('import_rejected', 'list rejected', {
      publicMessage: `${name} has ${problems.length} problem(s); nothing was written.`,
      details: problems,
    });
  }
  return entries;
}

/** Stores a claimed list for reconciliation. */
export async function storeClaimedList(
  db: Db,
  entries: readonly ListEntryFields[],
  options: { label: string; organisation?: string | undefined; periodFrom: string; periodTo: string },
): Promise<Reconciliation> {
  if (options.periodTo < options.periodFrom) {
    throw new AppError('validation_failed', 'period reversed', {
      publicMessage: `The claimed period ends (${options.periodTo}) before it starts (${options.periodFrom}).`,
    });
  }
  return createReconciliation(db, {
    organisation: options.organisation ?? options.label,
    label: options.label,
    claim: 'released',
    periodFrom: options.periodFrom,
    periodTo: options.periodTo,
    entries,
  });
}

/** A registry person as a reviewer sees them beside the list's entry. */
export type RegistrySide = { personId: string; givenNames: string; firstSurname: string; secondSurname: string; cedula: string; birthDate: string };

export type ReportCandidate = Candidate & { person: RegistrySide; explanation: PairExplanation };

export type ReportEntry = Omit<ReconciledEntry, 'candidates' | 'duplicateOf'> & {
  entry: ListEntry;
  duplicateOfRow: number | null;
  candidates: ReportCandidate[];
};

export type ReconciliationReport = {
  reconciliation: Reconciliation;
  counts: Record<ReconciliationClass, number>;
  entries: ReportEntry[];
  registrySize: number;
  rules: MatchRules;
};

/** Computes the report of a stored reconciliation, following every decision recorded so far. */
export async function computeReconciliationReport(db: Db, reconciliationId: string, rules: MatchRules = DEFAULT_MATCH_RULES): Promise<ReconciliationReport> {
  const reconciliation = await getReconciliation(db, reconciliationId);
  if (!reconciliation) throw new AppError('not_found', 'reconciliation not found');
  const entries = await listEntries(db, reconciliationId);
  const decisions = await listDecisions(db, reconciliationId);
  const registry = await loadRegistryTable(db);
  const candidatesOf = new Map<string, ReportCandidate[]>(entries.map((e) => [e.id, []]));
  if (registry.ids.length > 0 && entries.length > 0) {
    const left = {
      ids: entries.map((e) => e.id),
      columns: {
        given_names: entries.map((e) => e.givenNames),
        first_surname: entries.map((e) => e.firstSurname),
        second_surname: entries.map((e) => e.secondSurname),
        cedula: entries.map((e) => e.cedula),
        birth_date: entries.map((e) => e.birthDate),
      },
    };
    const run = linkRecords({
      settings: REGISTRY_LINK_SETTINGS,
      left,
      right: registry,
      threshold: rules.floor,
      allPairs: true,
      random: createRandom(REGISTRY_LINK_SETTINGS.seed).next,
    });
    const valuesOf = (r: number) => run.model.comparisons.map((_, c) => run.values[c]![r] ?? null);
    for (let i = 0; i < run.pairs.count; i++) {
      const l = run.pairs.left[i]!;
      const r = run.pairs.right[i]! - run.leftCount;
      const column = (name: string) => registry.columns[name]![r]!;
      candidatesOf.get(entries[l]!.id)!.push({
        personId: registry.ids[r]!,
        probability: run.pairs.probability[i]!,
        weight: run.pairs.weight[i]!,
        person: {
          personId: registry.ids[r]!,
          givenNames: column('given_names'),
          firstSurname: column('first_surname'),
          secondSurname: column('second_surname'),
          cedula: column('cedula'),
          birthDate: column('birth_date'),
        },
        explanation: explainPair(run.model, valuesOf(l), valuesOf(run.pairs.right[i]!)),
      });
    }
  }
  const decisionsOf = new Map<string, { personId: string; match: boolean }[]>();
  for (const d of decisions) decisionsOf.set(d.entryId, [...(decisionsOf.get(d.entryId) ?? []), { personId: d.personId, match: d.match }]);
  const persons = new Set([...[...candidatesOf.values()].flat().map((c) => c.personId), ...decisions.map((d) => d.personId)]);
  const facts = await loadRegistryFacts(db, [...persons]);
  const result = reconcileEntries(
    entries.map((e) => ({ entryId: e.id, candidates: candidatesOf.get(e.id)!, decisions: decisionsOf.get(e.id) ?? [] })),
    (id) => facts.get(id),
    { from: reconciliation.periodFrom, to: reconciliation.periodTo },
    rules,
  );
  const entryById = new Map(entries.map((e) => [e.id, e]));
  return {
    reconciliation,
    counts: result.counts,
    registrySize: registry.ids.length,
    rules,
    entries: result.entries.map(({ candidates, duplicateOf, ...rest }) => ({
      ...rest,
      entry: entryById.get(rest.entryId)!,
      duplicateOfRow: duplicateOf ? entryById.get(duplicateOf)!.rowNumber : null,
      candidates: candidates.map((c) => candidatesOf.get(rest.entryId)!.find((x) => x.personId === c.personId)!),
    })),
  };
}

/** Columns of the row-level report file. */
export const REPORT_COLUMNS = [
  'row',
  'list_id',
  'given_names',
  'first_surname',
  'second_surname',
  'class',
  'reason',
  'person_id',
  'match_probability',
  'matched_by',
  'released_on',
  'duplicate_of_row',
  'candidates',
] as const;

/** One report entry as a flat row for CSV. */
export function reportRow(e: ReportEntry): Record<(typeof REPORT_COLUMNS)[number], string | number | null> {
  return {
    row: e.entry.rowNumber,
    list_id: e.entry.externalId,
    given_names: e.entry.givenNames,
    first_surname: e.entry.firstSurname,
    second_surname: e.entry.secondSurname,
    class: e.class,
    reason: e.reason,
    person_id: e.personId,
    match_probability: e.probability === null ? null : Number(e.probability.toFixed(6)),
    matched_by: e.matchedBy,
    released_on: e.releasedOn,
    duplicate_of_row: e.duplicateOfRow,
    candidates: e.candidates.map((c) => `${c.personId} (${c.probability.toFixed(3)})`).join('; '),
  };
}

/** The whole report as CSV text, a row per entry. */
export function reportCsv(report: ReconciliationReport): string {
  const lines = report.entries.map((e) => {
    const row = reportRow(e);
    return REPORT_COLUMNS.map((c) => csvCell(row[c])).join(',');
  });
  return `${REPORT_COLUMNS.join(',')}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** The classes in report order, with their Spanish and English labels. */
export const CLASS_LABELS: Readonly<Record<ReconciliationClass, { es: string; en: string }>> = {
  released_in_period: { es: 'preso político verificado, excarcelado en el período', en: 'verified political prisoner released in the claimed period' },
  released_earlier: { es: 'excarcelado antes (contado dos veces)', en: 'released earlier (counted twice)' },
  still_detained: { es: 'aún registrado como detenido (conflicto a verificar)', en: 'still recorded as detained (conflict to verify)' },
  common_crime_only: { es: 'procesado solo por delitos comunes', en: 'prosecuted for common crimes only' },
  unknown: { es: 'desconocido para el registro', en: 'unknown to the registry' },
  ambiguous: { es: 'ambiguo (enviado a revisión)', en: 'ambiguous (sent to review)' },
  listed_twice: { es: 'la misma persona dos veces en la lista', en: 'the same person twice in the list' },
};
