/**
 * Imports whole case histories from a spreadsheet (CSV, XLSX or JSON) with a
 * case-history mapping: every row is read and checked first, the persons, detentions
 * and events assembled across rows (a long sheet repeats the person on every event),
 * then — only when no row has a problem — everything is written in one transaction.
 * Used by `recuento import` and POST /api/imports/persons when the mapping is a
 * case-history mapping. Format: docs/IMPORT.md.
 */
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import {
  buildCaseReference,
  type CaseHistoryMapping,
  CaseHistoryMappingSchema,
  type CaseRow,
  findMissingCaseColumns,
  type ImportedAct,
  type ImportedDetention,
  type ImportedEvent,
  mapCaseRow,
  placeUndatedEvents,
  type UnknownValue,
} from '../domain/importing/case-history.js';
import { facilityLabels } from '../domain/importing/field-vocabularies.js';
import { type ImportedPerson, MAPPABLE_FIELDS } from '../domain/importing/person-mapping.js';
import { checkMapping } from '../io/read-mapping.js';
import { openTable } from '../io/read-table.js';
import type { MasterKeys } from '../io/secrets.js';
import { AppError } from '../shared/app-error.js';
import {
  type CaseHistoryCounts,
  type CategoryChange,
  findCategoryChanges,
  loadCaseReferenceData,
  personIdsByExternalId,
  writeCaseHistories,
} from '../store/import-case-histories.js';
import { checkIdentifierOwners, type ImportProblem } from '../store/import-persons.js';
import type { Database } from '../store/schema.js';
import { actSealer } from './acts.js';

/** True when a mapping's JSON describes case histories rather than persons alone. */
export function isCaseHistoryMapping(json: unknown): boolean {
  if (json === null || typeof json !== 'object') return false;
  const m = json as { layout?: unknown; columns?: Record<string, unknown> };
  const personOnly: readonly string[] = MAPPABLE_FIELDS;
  return m.layout !== undefined || Object.keys(m.columns ?? {}).some((k) => !personOnly.includes(k));
}

/** Checks a case-history mapping's JSON; every problem names the mapping's field. */
export function parseCaseHistoryMapping(json: unknown, origin: string): CaseHistoryMapping {
  return checkMapping(CaseHistoryMappingSchema, json, origin, 'docs/IMPORT.md');
}

/** An unmatched value with how often it occurs and where first: what the dry run asks a person to map or declare. */
export type UnknownValueCount = UnknownValue & { rows: number; firstRow: number };

export type CaseImportReport = {
  rows: number;
  problems: number;
  committed: boolean;
  format: string;
  encoding: string;
  delimiter: string;
  persons: number;
  detentions: number;
  events: number;
  undatedEvents: number;
  /** Acts suffered in custody the sheet gives (their accounts sealed as they are written). */
  acts: number;
  written: CaseHistoryCounts | null;
  unknownValues: UnknownValueCount[];
  /** Stored cases the import would move between political and common (it says so; it does not refuse). */
  categoryChanges: CategoryChange[];
};

export type CaseImportOptions = {
  mapping: CaseHistoryMapping;
  dryRun?: boolean;
  /** Who the spreadsheet comes from and when (the mapping's `source` fills what is not given). */
  source?: { organisation?: string | undefined; title?: string | undefined; date?: string | undefined };
  /** Today, for a sheet without a date (undated events are placed no later than the sheet's date). */
  today: string;
  /** Accept declared offences that change the category of an offence already in the thesaurus. */
  allowCategoryChanges?: boolean;
  onProblem: (problem: ImportProblem) => void;
  onRow?: (done: number) => void;
  /** True on the embedded database: large sheets rebuild the name-search index once. */
  embedded?: boolean;
  /** Seals the accounts of acts (with each person's data key); a sheet with accounts needs it. */
  masterKeys?: MasterKeys;
};

/** From this many persons an embedded import rebuilds the name-search index once instead of updating it row by row. */
const LARGE_SHEET_PERSONS = 20_000;

/** Reads, checks and (when clean) writes a case-history file; throws AppError for a file it cannot read at all. */
export async function importCaseHistoriesFile(db: Kysely<Database>, path: string, name: string, options: CaseImportOptions): Promise<CaseImportReport> {
  const { mapping } = options;
  const organisation = options.source?.organisation ?? mapping.source?.organisation;
  if (!organisation) {
    throw new AppError('validation_failed', 'no organisation', {
      publicMessage: 'Say which organisation the spreadsheet comes from (--organisation, or source.organisation in the mapping): every imported fact cites it.',
    });
  }
  const sheetDate = options.source?.date ?? mapping.source?.date ?? options.today;
  const file = await openTable(path);
  const missing = findMissingCaseColumns(mapping, file.header);
  if (missing.length > 0) {
    throw new AppError('import_rejected', 'mapped columns missing from header', {
      publicMessage: `${name} lacks columns that the mapping names. Nothing was written. Its columns are: ${file.header.join(', ')}.`,
      details: missing.map((column) => ({ path: name, row: 1, column, reason: 'column named in the mapping is not in the header' })),
    });
  }
  const stored = await loadCaseReferenceData(db);
  const declaredCodes = new Set(mapping.declare.offences.map((o) => o.code));
  const offences = [
    ...stored.offences.filter((o) => !declaredCodes.has(o.code)),
    ...mapping.declare.offences.map((o) => ({ code: o.code, labelEs: o.labelEs, labelEn: o.labelEn ?? o.labelEs, category: o.category })),
  ];
  const facilities = [...stored.facilities, ...mapping.declare.facilities.filter((f) => !stored.facilities.some((s) => s.code === f.code))];
  const reference = buildCaseReference(offences, facilities, facilityLabels);

  const report: CaseImportReport = {
    rows: 0,
    problems: 0,
    committed: false,
    format: file.format,
    encoding: file.encoding,
    delimiter: file.delimiter,
    persons: 0,
    detentions: 0,
    events: 0,
    undatedEvents: 0,
    acts: 0,
    written: null,
    unknownValues: [],
    categoryChanges: [],
  };
  const problem = (p: ImportProblem) => {
    report.problems++;
    options.onProblem(p);
  };
  const unknown = new Map<string, UnknownValueCount>();

  // — read and check every row
  const rows: CaseRow[] = [];
  for await (const { line, record, cells } of file.records()) {
    report.rows++;
    options.onRow?.(report.rows);
    if (file.format === 'csv' && cells !== file.header.length) {
      problem({ row: line, column: '', value: '', reason: `the row has ${cells} cells but the header has ${file.header.length}` });
      continue;
    }
    const mapped = mapCaseRow(line, record, mapping, reference);
    if (!mapped.ok) {
      // in the sheet's column order, as a person reads the row
      const at = (column: string) => (file.header.includes(column) ? file.header.indexOf(column) : file.header.length);
      const ordered = [...mapped.problems].sort((a, b) => at(a.column) - at(b.column));
      for (const { unknown: u, ...p } of ordered) {
        problem({ row: line, ...p });
        if (u) {
          const key = `${u.field}\u0000${u.value.toLowerCase()}`;
          const seen = unknown.get(key);
          if (seen) seen.rows++;
          else unknown.set(key, { ...u, rows: 1, firstRow: line });
        }
      }
      continue;
    }
    rows.push(mapped.row);
  }
  report.unknownValues = [...unknown.values()].sort((a, b) => b.rows - a.rows);

  // — assemble persons, detentions and events across rows
  const persons = new Map<string, { person: ImportedPerson & { nameAsWritten: string | null }; line: number }>();
  const detentions = new Map<string, { detention: ImportedDetention; line: number }>();
  const events = new Map<string, ImportedEvent>();
  const acts = new Map<string, ImportedAct>();
  const identifierLine = new Map<string, { line: number; person: string }>();
  const idColumn = mapping.idColumn;
  const oneRowPerPerson = mapping.layout === 'wide' && !mapping.detentionIdColumn;
  for (const row of rows) {
    if (row.person) {
      const earlier = persons.get(row.person.externalId);
      if (earlier) {
        if (oneRowPerPerson)
          problem({ row: row.line, column: idColumn, value: row.person.externalId, reason: `the same id is already on row ${earlier.line}` });
        else {
          const differs = personDifference(earlier.person, row.person);
          if (differs)
            problem({
              row: row.line,
              column: differs,
              value: '',
              reason: `the same person (id ${row.person.externalId}) reads otherwise on row ${earlier.line}`,
            });
        }
      } else {
        persons.set(row.person.externalId, { person: row.person, line: row.line });
        for (const identifier of row.person.identifiers) {
          const key = `${identifier.kind}:${identifier.value}`;
          const other = identifierLine.get(key);
          if (other && other.person !== row.person.externalId) {
            const column = (identifier.kind === 'passport' ? mapping.columns.passport : mapping.columns.cedula) ?? '';
            problem({ row: row.line, column, value: identifier.value, reason: `the same identifier is already on row ${other.line}, for another person` });
          } else identifierLine.set(key, { line: row.line, person: row.person.externalId });
        }
      }
    }
    if (row.detention) {
      const earlier = detentions.get(row.detention.externalId);
      if (earlier) {
        if (mapping.layout === 'wide')
          problem({
            row: row.line,
            column: mapping.detentionIdColumn ?? idColumn,
            value: row.detention.externalId,
            reason: `the same detention is already on row ${earlier.line}`,
          });
        else if (detentionDiffers(earlier.detention, row.detention))
          problem({
            row: row.line,
            column: mapping.detentionIdColumn ?? idColumn,
            value: row.detention.externalId,
            reason: `the same detention reads otherwise on row ${earlier.line}`,
          });
      } else detentions.set(row.detention.externalId, { detention: row.detention, line: row.line });
    }
    for (const event of row.events) {
      // without an event id column, the same kind twice on one day (or twice undated) is two events: #2, #3…
      if (!mapping.eventIdColumn && mapping.layout === 'long' && events.has(event.externalId)) {
        let n = 2;
        while (events.has(`${event.externalId}#${n}`)) n++;
        event.externalId = `${event.externalId}#${n}`;
      }
      const earlier = events.get(event.externalId);
      if (earlier)
        problem({
          row: row.line,
          column: mapping.eventIdColumn ?? mapping.columns.eventKind ?? mapping.columns.status ?? '',
          value: event.externalId,
          reason: `the same event is already on row ${earlier.line}`,
        });
      else events.set(event.externalId, event);
    }
    for (const act of row.acts) {
      const key = `${act.detentionExternalId}\u0000${act.externalId}`;
      const earlier = acts.get(key);
      if (earlier)
        problem({
          row: row.line,
          column: mapping.actIdColumn ?? mapping.columns.actKind ?? '',
          value: '',
          reason: `the same act (kind and date, in the same detention) is already on row ${earlier.line}: give each act its own date, or map an actIdColumn`,
        });
      else acts.set(key, act);
    }
  }
  // persons and detentions that rows refer to must be in the file or in the registry
  const referred = [...new Set([...detentions.values()].map((d) => d.detention.personExternalId).concat([...events.values()].map((e) => e.personExternalId)))];
  const unnamed = referred.filter((id) => id !== '' && !persons.has(id));
  if (unnamed.length > 0) {
    const inRegistry = await personIdsByExternalId(db, unnamed);
    for (const id of unnamed.filter((x) => !inRegistry.has(x))) {
      const line =
        [...events.values()].find((e) => e.personExternalId === id)?.line ??
        [...detentions.values()].find((d) => d.detention.personExternalId === id)?.line ??
        0;
      problem({ row: line, column: idColumn, value: id, reason: 'no row of the file names this person, and the registry has no person with this id' });
    }
  }
  const detentionRefs = [
    ...new Set([...events.values(), ...acts.values()].map((e) => e.detentionExternalId).filter((d): d is string => d !== null && !detentions.has(d))),
  ];
  if (detentionRefs.length > 0) {
    const known = new Set((await db.selectFrom('detentions').select('externalId').where('externalId', 'in', detentionRefs).execute()).map((d) => d.externalId));
    for (const id of detentionRefs.filter((d) => !known.has(d))) {
      const implicit = [...events.values()].filter((e) => e.detentionExternalId === id && id === `${e.personExternalId}/detention`);
      const homeless = [...acts.values()].find((a) => a.detentionExternalId === id);
      if (homeless) {
        problem({
          row: homeless.line,
          column: mapping.detentionIdColumn ?? mapping.columns.actKind ?? '',
          value: id,
          reason: 'an act belongs to a detention: no row of the file gives this detention, and the registry has none with this id',
        });
        continue;
      }
      if (implicit.length > 0) {
        // a long sheet without a detention column, for a person with no detention given: the events stand alone
        for (const e of implicit) e.detentionExternalId = null;
        continue;
      }
      const line = [...events.values()].find((e) => e.detentionExternalId === id)!.line;
      problem({
        row: line,
        column: mapping.detentionIdColumn ?? '',
        value: id,
        reason: 'no row of the file gives this detention, and the registry has none with this id',
      });
    }
  }
  const personList = [...persons.values()];
  if (personList.length > 0) {
    const lineOf = new Map(personList.map((p) => [p.person.externalId, p.line]));
    for (let i = 0; i < personList.length; i += 5000) {
      const batch = personList.slice(i, i + 5000).map((p) => ({ line: p.line, person: p.person }));
      await checkIdentifierOwners(
        db,
        batch,
        (p) => problem({ ...p, row: p.row || (lineOf.get(p.value) ?? 0) }),
        (kind) => (kind === 'passport' ? mapping.columns.passport : mapping.columns.cedula) ?? kind,
      );
    }
  }
  const categoryOf = new Map(offences.map((o) => [o.code, o.category]));
  const changes = await findCategoryChanges(
    db,
    [...detentions.values()].map((d) => d.detention),
    categoryOf,
    mapping.declare.offences,
  );
  report.categoryChanges = changes.cases;
  if (changes.offences.length > 0 && !options.allowCategoryChanges) {
    for (const o of changes.offences) {
      problem({
        row: 0,
        column: 'declare.offences',
        value: o.code,
        reason: `would change the category of ${o.code} from ${o.from} to ${o.to} for every case that cites it; allow it explicitly (--allow-category-changes) or choose another code`,
      });
    }
  }

  const placed = placeUndatedEvents([...events.values()], sheetDate);
  report.persons = persons.size;
  report.detentions = detentions.size;
  report.events = placed.length;
  report.undatedEvents = placed.filter((e) => e.precision === 'unknown').length;
  report.acts = acts.size;
  const accounts = [...acts.values()].filter((a) => a.account !== null || a.namedPerpetrators !== null);
  if (accounts.length > 0 && !options.masterKeys)
    problem({
      row: accounts[0]!.line,
      column: mapping.columns.actAccount ?? '',
      value: '',
      reason: 'accounts of acts are sealed with the master key, which this import was not given',
    });
  if (report.problems > 0 || options.dryRun) return report;

  // a wide row's status event is its own: when the sheet no longer gives one, an earlier import's is retracted
  const retracted = mapping.layout === 'wide' ? [...detentions.keys()].map((id) => `${id}/status`).filter((id) => !events.has(id)) : [];
  report.written = await db.transaction().execute((trx) =>
    writeCaseHistories(
      trx,
      {
        source: { organisation, title: options.source?.title ?? mapping.source?.title ?? basename(name), publishedOn: sheetDate },
        declared: mapping.declare,
        persons: personList.map((p) => p.person),
        detentions: [...detentions.values()].map((d) => d.detention),
        events: placed,
        acts: [...acts.values()],
        retracted,
      },
      {
        rebuildSearchIndex: (options.embedded ?? false) && personList.length >= LARGE_SHEET_PERSONS,
        ...(options.masterKeys ? { sealActText: actSealer(options.masterKeys) } : {}),
      },
    ),
  );
  report.committed = true;
  return report;
}

/** The first person field two rows of one person give differently, as a column name; null when they agree. */
function personDifference(a: ImportedPerson, b: ImportedPerson): string | null {
  const fields: (keyof ImportedPerson)[] = ['givenNames', 'firstSurname', 'secondSurname', 'birthDate', 'sex', 'nationality', 'occupationGroup', 'consent'];
  for (const f of fields) if (JSON.stringify(a[f]) !== JSON.stringify(b[f]) && b[f] !== null) return f;
  if (JSON.stringify(a.identifiers) !== JSON.stringify(b.identifiers) && b.identifiers.length > 0) return 'identifiers';
  return null;
}

/** Two rows of one detention differ when both give a field and give it otherwise (a later row may leave cells empty). */
function detentionDiffers(a: ImportedDetention, b: ImportedDetention): boolean {
  const keys: (keyof ImportedDetention)[] = ['arrestedOn', 'place', 'agency', 'facilityCode', 'court', 'caseNumber', 'charges', 'judgment', 'personExternalId'];
  const given = (v: unknown) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
  return keys.some((k) => given(a[k]) && given(b[k]) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
