/**
 * Reconciling a claimed list with the registry, shared by `recuento reconcile` and the
 * /api/reconciliations routes: read the list (same CSV reading and mapping file as
 * imports), keep it as a source with its entries, link it to the registry with the
 * registry's linkage settings, and classify every entry. The report is recomputed on
 * demand, so it follows new registry facts and every reviewer's decision.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { createRandom } from '../domain/demo/generate-persons.js';
import { defaultMapping } from '../domain/importing/person-mapping.js';
import { parseLinkDate } from '../domain/linkage/dates.js';
import { explainPair, type PairExplanation } from '../domain/linkage/explain-pair.js';
import { probabilityOf } from '../domain/linkage/fellegi-sunter.js';
import { linkRecords } from '../domain/linkage/link-records.js';
import { readFullName, splitFullName } from '../domain/linkage/person-names.js';
import { REGISTRY_LINK_SETTINGS } from '../domain/linkage/registry-settings.js';
import {
  type Candidate,
  classifyMatched,
  DEFAULT_MATCH_RULES,
  decideMatch,
  type MatchRules,
  type PairEvidence,
  type ReconciledEntry,
  type ReconciliationClass,
  type RegistrySide,
  reconcileEntries,
} from '../domain/reconciliation/reconcile-entries.js';
import { normalizeForSearch } from '../domain/registry/normalize-name.js';
import { checkMapping, parseMappingJson } from '../io/read-mapping.js';
import { openTable } from '../io/read-table.js';
import { csvCell } from '../io/write-table.js';
import { AppError, type ErrorDetail } from '../shared/app-error.js';
import {
  createReconciliation,
  getReconciliation,
  type ListEntry,
  type ListEntryFields,
  listDecisions,
  listEntries,
  loadRegistrySide,
  loadRegistrySides,
  type Reconciliation,
} from '../store/reconciliations.js';
import type { Database } from '../store/schema.js';
import { registryFacts, registryLinkIndex } from './registry-link-index.js';

type Db = Kysely<Database>;

/**
 * The columns of a claimed list: an id, a name (in one cell, or given names and
 * surnames), and optionally the second surname, cédula and birth date. The persons'
 * import mapping (docs/IMPORT.md) is accepted as it is; its other keys are ignored.
 */
export const ListMappingSchema = z
  .object({
    idColumn: z.string().min(1),
    nameOrder: z.enum(['given_first', 'surnames_first', 'auto']).default('auto'),
    columns: z.record(z.string(), z.string().min(1)),
  })
  .transform((m) => ({
    idColumn: m.idColumn,
    nameOrder: m.nameOrder,
    columns: {
      fullName: m.columns.fullName,
      givenNames: m.columns.givenNames,
      firstSurname: m.columns.firstSurname,
      secondSurname: m.columns.secondSurname,
      cedula: m.columns.cedula,
      birthDate: m.columns.birthDate,
    },
  }))
  .refine((m) => m.columns.fullName || (m.columns.givenNames && m.columns.firstSurname), {
    message: 'name a fullName column, or givenNames and firstSurname columns',
    path: ['columns'],
  });
export type ListMapping = z.infer<typeof ListMappingSchema>;

/** Parses a list mapping (JSON text); every problem names the mapping's field. */
export function parseListMapping(text: string, origin: string): ListMapping {
  return checkMapping(ListMappingSchema, parseMappingJson(text, origin), origin, 'docs/LINKAGE.md');
}

/**
 * The mapping used when none is given: columns named like the fields (the export's
 * columns), or as lists usually head them — "N°", "Nombre", "Cédula", "Fecha de
 * nacimiento" — folded for case and accents. A list without an id column is numbered by
 * its rows.
 */
function defaultListMapping(header: readonly string[]): ListMapping {
  const person = defaultMapping(header);
  const find = (...names: string[]) => header.find((h) => names.includes(normalizeForSearch(h)));
  const idColumn = header.includes(person.idColumn) ? person.idColumn : (find('id', 'n', 'no', 'nro', 'numero', 'n o', 'item') ?? ROW_NUMBER);
  const given = person.columns.givenNames ?? find('nombres', 'given names');
  const first = person.columns.firstSurname ?? find('apellidos', 'primer apellido', 'surname', 'surnames');
  return {
    idColumn,
    nameOrder: 'auto',
    columns: {
      fullName: given && first ? undefined : find('full name', 'fullname', 'name', 'nombre', 'nombre completo', 'nombres y apellidos', 'apellidos y nombres'),
      givenNames: given && first ? given : undefined,
      firstSurname: given && first ? first : undefined,
      secondSurname: person.columns.secondSurname ?? find('segundo apellido'),
      cedula: person.columns.cedula ?? find('cedula', 'ci', 'c i', 'cedula de identidad', 'documento'),
      birthDate: person.columns.birthDate ?? find('fecha de nacimiento', 'birth date', 'nacimiento'),
    },
  };
}

/** Stands for "no id column: the row number is the entry's id". */
const ROW_NUMBER = '\u0000row';

/**
 * Reads a claimed list: every row needs an id (unique) and a name; nothing else is
 * checked, since lists are what they are. A full name in one cell is kept as written
 * and split when the list is linked (both ways when its writing does not tell).
 */
export async function readClaimedList(name: string, mapping?: ListMapping, path = name): Promise<ListEntryFields[]> {
  const file = await openTable(path);
  const map = mapping ?? defaultListMapping(file.header);
  const named = [map.idColumn, ...Object.values(map.columns)].filter((c): c is string => c !== undefined && c !== ROW_NUMBER);
  const missing = [...new Set(named)].filter((c) => !file.header.includes(c));
  if (missing.length > 0 || (!map.columns.fullName && !(map.columns.givenNames && map.columns.firstSurname))) {
    throw new AppError('import_rejected', 'list columns missing', {
      publicMessage: `${name} lacks columns the mapping names (or a name column); nothing was written. Its columns are: ${file.header.join(', ')}.`,
      details:
        missing.length > 0
          ? missing.map((column) => ({ path: name, column, reason: 'named in the mapping, not in the header' }))
          : [{ path: name, reason: 'no name column: map fullName, or givenNames and firstSurname' }],
    });
  }
  const cell = (record: Record<string, string>, column: string | undefined) => (column ? (record[column] ?? '').trim() : '');
  const entries: ListEntryFields[] = [];
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  for await (const { line, record } of file.records()) {
    const externalId = map.idColumn === ROW_NUMBER ? `row ${line}` : cell(record, map.idColumn);
    if (externalId === '') problems.push({ path: name, row: line, column: map.idColumn, reason: 'the id is empty' });
    else if (seen.has(externalId))
      problems.push({ path: name, row: line, column: map.idColumn, reason: `this id is already used on line ${seen.get(externalId)}` });
    else seen.set(externalId, line);
    const fullName = cell(record, map.columns.fullName);
    const split = fullName !== '' ? splitFullName(fullName, map.nameOrder) : null;
    const entry = {
      rowNumber: line,
      externalId,
      fullName,
      givenNames: split ? split.given.trim() : cell(record, map.columns.givenNames),
      firstSurname: split ? split.surnames.trim() : cell(record, map.columns.firstSurname),
      secondSurname: split ? '' : cell(record, map.columns.secondSurname),
      cedula: cell(record, map.columns.cedula),
      birthDate: cell(record, map.columns.birthDate),
    };
    if (entry.birthDate !== '' && parseLinkDate(entry.birthDate) === null)
      problems.push({ path: name, row: line, column: map.columns.birthDate!, reason: 'not a date: dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy' });
    if (entry.givenNames === '' && entry.firstSurname === '')
      problems.push({
        path: name,
        row: line,
        column: map.columns.fullName ?? `${map.columns.givenNames}, ${map.columns.firstSurname}`,
        reason: 'the name is empty',
      });
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

export type { RegistrySide } from '../domain/reconciliation/reconcile-entries.js';

export type ReportCandidate = Candidate & {
  person: RegistrySide;
  explanation: PairExplanation;
  /** The class the entry would get were it this person, and why. */
  wouldBe: { class: ReconciliationClass; reason: string };
};

export type ReportEntry = Omit<ReconciledEntry, 'candidates' | 'duplicateOf'> & {
  entry: ListEntry;
  duplicateOfRow: number | null;
  /** The matched person's external id (the organisation's own), when matched. */
  personExternalId: string | null;
  candidates: ReportCandidate[];
};

export type ReconciliationReport = {
  reconciliation: Reconciliation;
  counts: Record<ReconciliationClass, number>;
  entries: ReportEntry[];
  registrySize: number;
  rules: MatchRules;
  /** What makes the classification doubtful, said before the counts are read. */
  warnings: string[];
};

/** What the linkage of a list gave, kept while the registry does not change (reviews need no relinking). */
type LinkedList = {
  fingerprint: string;
  candidatesOf: Map<string, { personId: string; probability: number; weight: number; evidence: PairEvidence; explanation: PairExplanation }[]>;
  registrySize: number;
  side: Map<string, RegistrySide>;
};
const linkedLists = new Map<string, LinkedList>();
const keptEntries = new Map<string, ListEntry[]>();
const KEPT_LINKS = 8;
/** Pairs kept below the floor, for names that fit but weakly (the floor itself still decides who is a candidate). */
const WEAK_FIT = 0.01;

/**
 * Links a stored list to the registry, or takes the linkage kept from the last time
 * when the registry has not changed since. A full name in one cell is linked in every
 * reading of it (readFullName: order-free), and each candidate keeps its best reading.
 */
async function linkList(db: Db, reconciliationId: string, entries: readonly ListEntry[], floor: number): Promise<LinkedList> {
  const { index, stamp } = await registryLinkIndex(db);
  const fingerprint = `${stamp}/${floor}`;
  const kept = linkedLists.get(reconciliationId);
  if (kept && kept.fingerprint === fingerprint) return kept;
  const candidatesOf: LinkedList['candidatesOf'] = new Map(entries.map((e) => [e.id, []]));
  const side = new Map<string, RegistrySide>();
  if (index.size > 0 && entries.length > 0) {
    // one left record per reading of each entry
    const readings: { entry: ListEntry; given: string; first: string; second: string }[] = [];
    for (const e of entries) {
      if (e.fullName === '') readings.push({ entry: e, given: e.givenNames, first: e.firstSurname, second: e.secondSurname });
      else for (const r of readFullName(e.fullName)) readings.push({ entry: e, given: r.given, first: r.surnames, second: '' });
    }
    const left = {
      ids: readings.map((_, i) => String(i)),
      columns: {
        given_names: readings.map((r) => r.given),
        first_surname: readings.map((r) => r.first),
        second_surname: readings.map((r) => r.second),
        cedula: readings.map((r) => r.entry.cedula),
        birth_date: readings.map((r) => r.entry.birthDate),
      },
    };
    const run = linkRecords({
      settings: REGISTRY_LINK_SETTINGS,
      left,
      registry: index,
      // weaker pairs too: a name that fits below the floor still goes to a reviewer
      threshold: Math.min(floor, WEAK_FIT),
      allPairs: true,
      random: createRandom(REGISTRY_LINK_SETTINGS.seed).next,
    });
    const valuesOf = (r: number) => run.model.comparisons.map((_, c) => run.values[c]![r] ?? null);
    // the model's prior is a share of (reading, person) pairs; an entry read several ways
    // is still one entry that matches at most one person: the prior is per entry
    const perEntry = Math.log2(readings.length / entries.length);
    for (let i = 0; i < run.pairs.count; i++) {
      const l = run.pairs.left[i]!;
      const personId = run.idOf(run.pairs.right[i]!);
      const explained = explainPair(run.model, valuesOf(l), valuesOf(run.pairs.right[i]!));
      const explanation =
        perEntry === 0
          ? explained
          : { ...explained, prior: explained.prior + perEntry, weight: explained.weight + perEntry, probability: probabilityOf(explained.weight + perEntry) };
      const list = candidatesOf.get(readings[l]!.entry.id)!;
      const earlier = list.findIndex((c) => c.personId === personId);
      const candidate = {
        personId,
        probability: explanation.probability,
        weight: explanation.weight,
        evidence: pairEvidence(explanation, readings[l]!.entry.cedula.replace(/\D/g, '').length >= 4),
        explanation,
      };
      if (earlier < 0) list.push(candidate);
      else if (list[earlier]!.weight < candidate.weight) list[earlier] = candidate;
    }
  }
  const linked = { fingerprint, candidatesOf, registrySize: index.size, side };
  linkedLists.delete(reconciliationId);
  linkedLists.set(reconciliationId, linked);
  if (linkedLists.size > KEPT_LINKS) linkedLists.delete(linkedLists.keys().next().value!);
  return linked;
}

/** What the identifiers and names of a pair say, read off the model's own comparison levels. */
function pairEvidence(explanation: PairExplanation, entryHasCedula: boolean): PairEvidence {
  const level = (name: string) => explanation.steps.find((s) => s.comparison === name)?.level ?? 0;
  const cedula = level('cedula');
  const given = level('given_names');
  const surnames = level('surnames');
  // given names: exact, a nickname or spelling, one name of a compound; surnames: exact,
  // swapped, one missing (levels 1–3 of each, 0 when a side has none)
  const namesCompatible = given >= 1 && given <= 3 && surnames >= 1 && surnames <= 3;
  // looser: given names alike or a slip (level 4), and a surname in common (up to level 5)
  const namesSimilar = given >= 1 && given <= 4 && surnames >= 1 && surnames <= 5;
  const none = entryHasCedula ? 'unrecorded' : 'missing';
  return { cedula: cedula === 0 ? none : cedula === 1 ? 'same' : cedula === 2 ? 'one_off' : 'different', namesCompatible, namesSimilar };
}

/** Computes the report of a stored reconciliation, following every decision recorded so far. */
export async function computeReconciliationReport(
  db: Db,
  reconciliationId: string,
  rules: MatchRules = DEFAULT_MATCH_RULES,
  /** Only the entries of one class (the review queue: the ambiguous), the first `limit` of them; the counts stay whole. */
  view: { only?: ReconciliationClass | undefined; limit?: number | undefined } = {},
): Promise<ReconciliationReport> {
  const { only, limit = Number.POSITIVE_INFINITY } = view;
  const reconciliation = await getReconciliation(db, reconciliationId);
  if (!reconciliation) throw new AppError('not_found', 'reconciliation not found');
  // a list's entries never change once stored: kept with its linkage
  const entries = keptEntries.get(reconciliationId) ?? (await listEntries(db, reconciliationId));
  keptEntries.delete(reconciliationId);
  keptEntries.set(reconciliationId, entries);
  if (keptEntries.size > KEPT_LINKS) keptEntries.delete(keptEntries.keys().next().value!);
  const decisions = await listDecisions(db, reconciliationId);
  const linked = await linkList(db, reconciliationId, entries, rules.floor);
  const decisionsOf = new Map<string, { personId: string; match: boolean }[]>();
  for (const d of decisions) decisionsOf.set(d.entryId, [...(decisionsOf.get(d.entryId) ?? []), { personId: d.personId, match: d.match }]);
  // the facts of the persons the entries are, or may be for a reviewer: not of every weak candidate
  const persons = new Set(decisions.map((d) => d.personId));
  const outcomes = entries.map((e) => {
    const outcome = decideMatch(linked.candidatesOf.get(e.id)!, decisionsOf.get(e.id) ?? [], rules);
    if (outcome.kind === 'matched') persons.add(outcome.personId);
    else if (outcome.kind === 'ambiguous') for (const c of outcome.candidates) persons.add(c.personId);
    return outcome;
  });
  const facts = await registryFacts(db, [...persons]);
  // who they are, as the registry holds them now (kept with the linkage, which a change in the registry renews)
  const unread = [...persons].filter((id) => !linked.side.has(id));
  for (const [id, fields] of await loadRegistrySides(db, unread)) linked.side.set(id, { ...fields, facility: null, releasedOn: null });
  const period = { from: reconciliation.periodFrom, to: reconciliation.periodTo };
  const result = reconcileEntries(
    entries.map((e, i) => ({ entryId: e.id, candidates: linked.candidatesOf.get(e.id)!, decisions: decisionsOf.get(e.id) ?? [], outcome: outcomes[i]! })),
    (id) => facts.get(id),
    period,
    rules,
  );
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const sideOf = async (personId: string): Promise<RegistrySide> => {
    const known = linked.side.get(personId) ?? (await loadRegistrySide(db, personId));
    const f = facts.get(personId);
    return { ...known, facility: f?.facility ?? null, releasedOn: f?.releasedOn ?? null };
  };
  const reportEntries: ReportEntry[] = [];
  for (const { candidates, duplicateOf, ...rest } of result.entries) {
    if (only && rest.class !== only) continue;
    if (reportEntries.length >= limit) break;
    const linkedCandidates = linked.candidatesOf.get(rest.entryId)!;
    const shown: ReportCandidate[] = [];
    for (const c of candidates) {
      const full = linkedCandidates.find((x) => x.personId === c.personId)!;
      const would = classifyMatched(facts.get(c.personId) ?? { timeline: [], chargeCategories: [] }, period);
      shown.push({ ...full, person: await sideOf(c.personId), wouldBe: { class: would.class, reason: would.reason } });
    }
    reportEntries.push({
      ...rest,
      entry: entryById.get(rest.entryId)!,
      duplicateOfRow: duplicateOf ? entryById.get(duplicateOf)!.rowNumber : null,
      personExternalId: rest.personId ? (await sideOf(rest.personId)).externalId : null,
      candidates: shown,
    });
  }
  const matched = [...new Set(result.entries.map((e) => e.personId).filter((id): id is string => id !== null))];
  const withoutHistory = matched.filter((id) => (facts.get(id)?.timeline.length ?? 0) === 0).length;
  const warnings: string[] = [];
  if (withoutHistory > 0) {
    warnings.push(
      withoutHistory === matched.length
        ? `The registry holds no history (no detention or event) for any of the ${matched.length} persons matched: the classification cannot be trusted. Import their case histories first (recuento import … with a case-history mapping, docs/IMPORT.md).`
        : `The registry holds no history (no detention or event) for ${withoutHistory} of the ${matched.length} persons matched: their entries show as "still detained" only for want of facts. Import their case histories (docs/IMPORT.md).`,
    );
  }
  return { reconciliation, counts: result.counts, registrySize: linked.registrySize, rules, warnings, entries: reportEntries };
}

/** Columns of the row-level report file. */
export const REPORT_COLUMNS = [
  'row',
  'list_id',
  'full_name',
  'given_names',
  'first_surname',
  'second_surname',
  'class',
  'reason',
  'person_id',
  'person_external_id',
  'match_probability',
  'matched_by',
  'basis',
  'released_on',
  'duplicate_of_row',
  'candidates',
] as const;

/** One report entry as a flat row for CSV. */
export function reportRow(e: ReportEntry): Record<(typeof REPORT_COLUMNS)[number], string | number | null> {
  return {
    row: e.entry.rowNumber,
    list_id: e.entry.externalId,
    full_name: e.entry.fullName,
    // a name in one cell is read every way when linked: no one split of it is the list's
    given_names: e.entry.fullName ? '' : e.entry.givenNames,
    first_surname: e.entry.fullName ? '' : e.entry.firstSurname,
    second_surname: e.entry.fullName ? '' : e.entry.secondSurname,
    class: e.class,
    reason: e.reason,
    person_id: e.personId,
    person_external_id: e.personExternalId,
    match_probability: e.probability === null ? null : Number(e.probability.toFixed(6)),
    matched_by: e.matchedBy,
    basis: e.basis,
    released_on: e.releasedOn,
    duplicate_of_row: e.duplicateOfRow,
    candidates: e.candidates.map((c) => `${c.person.externalId ?? c.personId} (${c.probability.toFixed(3)}; would be ${c.wouldBe.class})`).join('; '),
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
