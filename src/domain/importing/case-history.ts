/**
 * Whole case histories from a spreadsheet (PRODUCT.md, capabilities 1 and 5): a row makes
 * or updates a person, their detention (arrest date, place, agency, facility, court,
 * case number, charges, the organisation's own judgment) and the events that follow
 * (released, released with measures, house arrest, exiled…, dated or not) with their
 * precautionary measures. Two layouts, as the mapping says: `wide`, one row per person
 * (its status column names the event that set the current status), and `long`, one row
 * per event, the person and detention repeated or given once.
 *
 * Values arrive as people type them and are mapped through the mapping's value tables
 * and the registry's vocabularies (match-vocabulary.ts); an offence or facility that is
 * not certain is a problem with the closest entries as suggestions, never a guess. The
 * text of every mapped value is kept beside its code. Format: docs/IMPORT.md.
 */
import { z } from 'zod';
import { type NameOrder, splitFullName } from '../linkage/person-names.js';
import { parseFlexibleDate } from '../registry/parse-date.js';
import { type DatePrecision, type EventKind, FACILITY_KINDS, OFFENCE_CATEGORIES } from '../registry/vocabulary.js';
import { type ActRecord, checkAct } from '../violations/acts.js';
import { ACCOUNT_GIVERS, ACT_KINDS, type AccountGiver, type ActKind } from '../violations/vocabulary.js';
import {
  ACCOUNT_GIVER_ENTRIES,
  ACT_KIND_ENTRIES,
  EVENT_KIND_ENTRIES,
  JUDGMENT_ENTRIES,
  type Judgment,
  normalizeAgency,
  OCCUPATION_ENTRIES,
  type ParsedMeasure,
  parseMeasure,
  RELEASE_EVENT_KINDS,
  SEX_ENTRIES,
} from './field-vocabularies.js';
import { matchVocabulary, type PreparedVocabulary, prepareVocabulary, splitList } from './match-vocabulary.js';
import { type ImportedPerson, MAPPABLE_FIELDS, MappingDefaultsSchema, mapPersonRow, type PersonMapping, type RowProblem } from './person-mapping.js';

/** The fields a column can be mapped to in a case-history sheet. */
export const CASE_FIELDS = [
  // the person: a full name in one cell, or the persons' own fields
  'fullName',
  ...MAPPABLE_FIELDS,
  // the detention
  'arrestDate',
  'arrestPlace',
  'agency',
  'facility',
  'court',
  'caseNumber',
  'charges',
  'judgment',
  // what followed: wide sheets
  'status',
  'statusDate',
  'releaseDate',
  'measures',
  // what followed: long sheets, one event a row
  'eventKind',
  'eventDate',
  // an act suffered in custody, one a row (docs/VIOLATIONS.md); the account and names are sealed on import
  'actKind',
  'actDate',
  'actEndDate',
  'actFacility',
  'actAgency',
  'actUnit',
  'actAccountBy',
  'actAccount',
  'actPerpetrators',
] as const;
export type CaseField = (typeof CASE_FIELDS)[number];

const VALUE_TABLES = ['sex', 'occupationGroup', 'consent', 'nationality', 'status', 'agency', 'facility', 'charges', 'judgment', 'actKind'] as const;

const DeclaredOffenceSchema = z.object({
  code: z.string().regex(/^[a-z0-9_]{2,60}$/, 'expected a lower-case code such as traicion_patria'),
  labelEs: z.string().min(1).max(200),
  labelEn: z.string().min(1).max(200).optional(),
  legalCode: z.string().min(1).max(100).default('no consta'),
  article: z.string().min(1).max(20).default('no consta'),
  category: z.enum(OFFENCE_CATEGORIES),
});
const DeclaredFacilitySchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'expected a lower-case slug such as rodeo-i'),
  name: z.string().min(1).max(200),
  kind: z.enum(FACILITY_KINDS).default('other'),
  agency: z.string().max(40).nullish(),
  state: z.string().max(100).nullish(),
});
export type DeclaredOffence = z.infer<typeof DeclaredOffenceSchema>;
export type DeclaredFacility = z.infer<typeof DeclaredFacilitySchema>;

export const CaseHistoryMappingSchema = z
  .object({
    layout: z.enum(['wide', 'long']).default('wide'),
    idColumn: z.string().min(1),
    detentionIdColumn: z.string().min(1).optional(),
    eventIdColumn: z.string().min(1).optional(),
    actIdColumn: z.string().min(1).optional(),
    nameOrder: z.enum(['given_first', 'surnames_first', 'auto']).default('auto'),
    columns: z.partialRecord(z.enum(CASE_FIELDS), z.string().min(1)),
    values: z.partialRecord(z.enum(VALUE_TABLES), z.record(z.string(), z.string())).default({}),
    declare: z
      .object({ offences: z.array(DeclaredOffenceSchema).default([]), facilities: z.array(DeclaredFacilitySchema).default([]) })
      .default({ offences: [], facilities: [] }),
    defaults: MappingDefaultsSchema,
    listSeparator: z.string().min(1).max(3).default(';'),
    chargeSeparators: z.array(z.string().min(1).max(3)).default([',', ';', '/', '\n']),
    source: z
      .object({
        organisation: z.string().min(1).max(200),
        title: z.string().min(1).max(500).optional(),
        date: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
      })
      .optional(),
  })
  .superRefine((m, ctx) => {
    const c = m.columns;
    if (!c.fullName && !(c.givenNames && c.firstSurname))
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'name a fullName column, or givenNames and firstSurname columns' });
    if (m.layout === 'long' && !c.eventKind)
      ctx.addIssue({ code: 'custom', path: ['columns', 'eventKind'], message: 'a long sheet needs an eventKind column' });
    if (m.layout === 'wide' && (c.eventKind || c.eventDate))
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'eventKind and eventDate are for long sheets; a wide sheet uses status and releaseDate' });
    const codes = m.declare.offences.map((o) => o.code);
    const dup = codes.find((code, i) => codes.indexOf(code) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['declare', 'offences'], message: `offence ${dup} is declared twice` });
  });
export type CaseHistoryMapping = z.infer<typeof CaseHistoryMappingSchema>;

/** Column names the mapping needs that the header lacks. */
export function findMissingCaseColumns(mapping: CaseHistoryMapping, header: readonly string[]): string[] {
  const needed = [mapping.idColumn, mapping.detentionIdColumn, mapping.eventIdColumn, mapping.actIdColumn, ...Object.values(mapping.columns)].filter(
    (c): c is string => c !== undefined,
  );
  return [...new Set(needed)].filter((column) => !header.includes(column));
}

/** The reference data the values are matched against: the registry's offences and facilities and the mapping's declarations. */
export type CaseReference = { offences: PreparedVocabulary; facilities: PreparedVocabulary };

/** Builds the reference vocabularies from stored entries plus the mapping's declared ones. */
export function buildCaseReference(
  offences: readonly { code: string; labelEs: string; labelEn: string }[],
  facilities: readonly { code: string; name: string }[],
  labelsOfFacility: (name: string) => string[],
): CaseReference {
  return {
    offences: prepareVocabulary(offences.map((o) => ({ code: o.code, labels: [o.labelEs, o.labelEn] }))),
    facilities: prepareVocabulary(facilities.map((f) => ({ code: f.code, labels: labelsOfFacility(f.name) }))),
  };
}

/** A detention as a row gives it. */
export type ImportedDetention = {
  externalId: string;
  personExternalId: string;
  arrestedOn: string | null;
  arrestedOnPrecision: 'day' | 'month' | 'year';
  place: string | null;
  agency: string | null;
  facilityCode: string | null;
  court: string | null;
  caseNumber: string | null;
  charges: string[];
  judgment: Judgment | null;
  /** The cells as written, for every mapped value. */
  asWritten: Record<string, string>;
};

/** An event as a row gives it; an undated one (occurredOn null) is placed by `placeUndatedEvents`. */
export type ImportedEvent = {
  externalId: string;
  personExternalId: string;
  detentionExternalId: string | null;
  kind: EventKind;
  occurredOn: string | null;
  precision: 'day' | 'month' | 'year' | 'unknown';
  /** Where it happened: the arrest takes the detention's facility (so the timeline knows where the person was). */
  facilityCode?: string | null;
  measures: ParsedMeasure[];
  asWritten: Record<string, string>;
  /** The spreadsheet row, for problems found later. */
  line: number;
};

/** An act suffered in custody as a row gives it (its account and names still in clear: the store seals them). */
export type ImportedAct = {
  externalId: string;
  personExternalId: string;
  detentionExternalId: string;
  kind: ActKind;
  fromOn: string | null;
  fromPrecision: DatePrecision;
  toOn: string | null;
  toPrecision: DatePrecision;
  facilityCode: string | null;
  agency: string | null;
  unit: string | null;
  accountBy: AccountGiver | null;
  account: string | null;
  namedPerpetrators: string | null;
  line: number;
};

/** An unmatched value, for the dry run's list of what to map or declare. */
export type UnknownValue = {
  field: 'charges' | 'facility' | 'status' | 'judgment' | 'occupationGroup' | 'sex' | 'actKind';
  value: string;
  suggestions: { code: string; label: string }[];
};

export type CaseRow = {
  line: number;
  person: (ImportedPerson & { nameAsWritten: string | null }) | null;
  detention: ImportedDetention | null;
  events: ImportedEvent[];
  acts: ImportedAct[];
};

export type MappedCaseRow = { ok: true; row: CaseRow } | { ok: false; problems: (RowProblem & { unknown?: UnknownValue })[] };

const GIVEN = '\u0000given';
const FIRST = '\u0000first';
const SECOND = '\u0000second';

/** Maps and validates one row; collects every problem rather than stopping at the first. */
export function mapCaseRow(
  line: number,
  record: Readonly<Record<string, string | undefined>>,
  mapping: CaseHistoryMapping,
  reference: CaseReference,
): MappedCaseRow {
  const problems: (RowProblem & { unknown?: UnknownValue })[] = [];
  const cols = mapping.columns;
  const cell = (field: CaseField): { column: string; value: string } | null => {
    const column = cols[field];
    return column ? { column, value: (record[column] ?? '').trim() } : null;
  };
  const text = (field: CaseField, max: number): string | null => {
    const c = cell(field);
    if (!c || c.value === '') return null;
    if (c.value.length > max) {
      problems.push({ column: c.column, value: c.value.slice(0, 40), reason: `longer than ${max} characters` });
      return null;
    }
    return c.value;
  };
  const date = (field: CaseField) => {
    const c = cell(field);
    if (!c || c.value === '') return null;
    const parsed = parseFlexibleDate(c.value);
    if (!parsed.ok) {
      problems.push({ column: c.column, value: c.value, reason: parsed.reason });
      return null;
    }
    return parsed;
  };
  /** A facility as written, matched to the reference list (or a problem naming its column). */
  const facilityOf = (field: 'facility' | 'actFacility'): string | null => {
    const c = cell(field);
    if (!c || c.value === '') return null;
    let m = matchVocabulary(c.value, reference.facilities, mapping.values.facility);
    // "El Rodeo I" is Rodeo I: an article before a facility's name says nothing
    const bare = c.value.replace(/^(el|la|los|las)\s+/i, '');
    if (!m.ok && bare !== c.value) {
      const again = matchVocabulary(bare, reference.facilities, mapping.values.facility);
      if (again.ok) m = again;
    }
    if (m.ok) return m.code;
    problems.push({
      column: c.column,
      value: c.value,
      reason: `facility not known${hint(m.suggestions)}; map it in values.facility or declare it in declare.facilities`,
      unknown: { field: 'facility', value: c.value, suggestions: m.suggestions },
    });
    return null;
  };
  const personExternalId = (record[mapping.idColumn] ?? '').trim();
  if (personExternalId === '') problems.push({ column: mapping.idColumn, value: '', reason: 'the id column is empty' });
  else if (personExternalId.length > 100)
    problems.push({ column: mapping.idColumn, value: personExternalId.slice(0, 40), reason: 'id longer than 100 characters' });

  // — the person: names split from one cell when the sheet has one; sex and occupation as written
  const person = mapCasePerson(record, mapping, problems);

  // — the detention
  const arrest = date('arrestDate');
  const detentionCells: CaseField[] = ['arrestDate', 'arrestPlace', 'agency', 'facility', 'court', 'caseNumber', 'charges', 'judgment'];
  const hasDetention = detentionCells.some((f) => (cell(f)?.value ?? '') !== '');
  const detentionIdCell = mapping.detentionIdColumn ? (record[mapping.detentionIdColumn] ?? '').trim() : '';
  const detentionExternalId = detentionIdCell !== '' ? detentionIdCell : personExternalId === '' ? '' : `${personExternalId}/detention`;
  let detention: ImportedDetention | null = null;
  if (hasDetention || detentionIdCell !== '') {
    const asWritten: Record<string, string> = {};
    for (const f of detentionCells) {
      const c = cell(f);
      if (c && c.value !== '' && f !== 'arrestDate') asWritten[f] = c.value;
    }
    const charges: string[] = [];
    const chargesCell = cell('charges');
    if (chargesCell && chargesCell.value !== '') {
      for (const written of splitList(chargesCell.value, mapping.chargeSeparators)) {
        const m = matchVocabulary(written, reference.offences, mapping.values.charges);
        if (m.ok) {
          if (!charges.includes(m.code)) charges.push(m.code);
        } else {
          problems.push({
            column: chargesCell.column,
            value: written,
            reason: `offence not in the thesaurus${hint(m.suggestions)}; map it in values.charges or declare it in declare.offences`,
            unknown: { field: 'charges', value: written, suggestions: m.suggestions },
          });
        }
      }
    }
    const facilityCode = facilityOf('facility');
    let judgment: Judgment | null = null;
    const judgmentCell = cell('judgment');
    if (judgmentCell && judgmentCell.value !== '') {
      const m = matchVocabulary(judgmentCell.value, JUDGMENT_VOCABULARY, mapping.values.judgment);
      if (m.ok) judgment = m.code as Judgment;
      else
        problems.push({
          column: judgmentCell.column,
          value: judgmentCell.value,
          reason: 'expected the organisation’s judgment: political (sí), common (no) or undetermined; or a translation in values.judgment',
          unknown: { field: 'judgment', value: judgmentCell.value, suggestions: [] },
        });
    }
    const agencyCell = cell('agency');
    detention = {
      externalId: detentionExternalId,
      personExternalId,
      arrestedOn: arrest?.date ?? null,
      arrestedOnPrecision: arrest?.precision ?? 'day',
      place: text('arrestPlace', 200),
      agency: agencyCell && agencyCell.value !== '' ? normalizeAgency(agencyCell.value, mapping.values.agency).slice(0, 100) : null,
      facilityCode,
      court: text('court', 200),
      caseNumber: text('caseNumber', 100),
      charges,
      judgment,
      asWritten,
    };
  }

  // — the events
  const events: ImportedEvent[] = [];
  const detentionRef = detention
    ? detention.externalId
    : detentionIdCell !== ''
      ? detentionIdCell
      : mapping.layout === 'long' && personExternalId !== ''
        ? `${personExternalId}/detention`
        : null;
  const kindOf = (field: 'status' | 'eventKind'): { kind: EventKind; written: string } | null => {
    const c = cell(field);
    if (!c || c.value === '') return null;
    const m = matchVocabulary(c.value, EVENT_VOCABULARY, mapping.values.status);
    if (m.ok) return { kind: m.code as EventKind, written: c.value };
    problems.push({
      column: c.column,
      value: c.value,
      reason: `status not understood${hint(m.suggestions)}; map it in values.status`,
      unknown: { field: 'status', value: c.value, suggestions: m.suggestions },
    });
    return null;
  };
  const measuresOf = (): { measures: ParsedMeasure[]; written: string | null } => {
    const c = cell('measures');
    if (!c || c.value === '') return { measures: [], written: null };
    const measures: ParsedMeasure[] = [];
    for (const part of splitList(c.value, [';', ',', '/', '\n', '+'])) {
      const parsed = parseMeasure(part);
      if (!parsed) measures.push({ kind: 'other', everyDays: null });
      else if (parsed.kind === 'periodic_reporting' && parsed.everyDays === null)
        problems.push({ column: c.column, value: part, reason: 'periodic reporting without its interval: write "cada N días"' });
      else measures.push(parsed);
    }
    return { measures, written: c.value };
  };
  const withMeasures = (kind: EventKind) => kind === 'released_with_measures' || kind === 'house_arrest' || kind === 'measures_changed';

  if (mapping.layout === 'wide') {
    if (detention) {
      events.push({
        externalId: `${detentionExternalId}/arrest`,
        personExternalId,
        detentionExternalId: detentionExternalId,
        kind: 'detained',
        occurredOn: arrest?.date ?? null,
        precision: arrest ? arrest.precision : 'unknown',
        facilityCode: detention.facilityCode,
        measures: [],
        asWritten: {},
        line,
      });
    }
    const status = kindOf('status');
    const release = date('releaseDate');
    const statusDate = date('statusDate');
    const measures = measuresOf();
    if (status && status.kind !== 'detained') {
      const isRelease = RELEASE_EVENT_KINDS.has(status.kind);
      const when = (isRelease ? release : null) ?? statusDate;
      if (!isRelease && release)
        problems.push({ column: cols.releaseDate!, value: cell('releaseDate')!.value, reason: `a release date, but the status says "${status.written}"` });
      if (measures.measures.length > 0 && !withMeasures(status.kind))
        problems.push({
          column: cols.measures!,
          value: measures.written ?? '',
          reason: `measures, but the status says "${status.written}" (expected a release with measures or house arrest)`,
        });
      events.push({
        externalId: `${detentionExternalId || personExternalId}/status`,
        personExternalId,
        detentionExternalId: detentionRef,
        kind: status.kind,
        occurredOn: when?.date ?? null,
        precision: when ? when.precision : 'unknown',
        measures: measures.measures,
        asWritten: { status: status.written, ...(measures.written ? { measures: measures.written } : {}) },
        line,
      });
      if (arrest && when && when.date < arrest.date)
        problems.push({
          column: cols.releaseDate ?? cols.statusDate!,
          value: cell(isRelease && release ? 'releaseDate' : 'statusDate')!.value,
          reason: 'before the arrest date',
        });
    } else {
      if (release && status?.kind === 'detained')
        problems.push({ column: cols.releaseDate!, value: cell('releaseDate')!.value, reason: `a release date, but the status says "${status.written}"` });
      else if (release && !status)
        problems.push({
          column: cols.releaseDate!,
          value: cell('releaseDate')!.value,
          reason: 'a release date without a status: say which release (released, with measures, house arrest…)',
        });
      if (measures.measures.length > 0)
        problems.push({ column: cols.measures!, value: measures.written ?? '', reason: 'measures, but no release with measures' });
      if (status?.kind === 'detained' && !detention)
        events.push({
          externalId: `${personExternalId}/status`,
          personExternalId,
          detentionExternalId: null,
          kind: 'detained',
          occurredOn: statusDate?.date ?? null,
          precision: statusDate ? statusDate.precision : 'unknown',
          measures: [],
          asWritten: { status: status.written },
          line,
        });
    }
  } else {
    const event = kindOf('eventKind');
    const when = date('eventDate');
    const measures = measuresOf();
    if (event) {
      if (measures.measures.length > 0 && !withMeasures(event.kind))
        problems.push({ column: cols.measures!, value: measures.written ?? '', reason: `measures, but the event is "${event.written}"` });
      const eventIdCell = mapping.eventIdColumn ? (record[mapping.eventIdColumn] ?? '').trim() : '';
      events.push({
        externalId: eventIdCell !== '' ? eventIdCell : `${detentionRef ?? personExternalId}/${event.kind}/${when?.date ?? 'undated'}`,
        personExternalId,
        detentionExternalId: detentionRef,
        kind: event.kind,
        occurredOn: when?.date ?? (event.kind === 'detained' ? (arrest?.date ?? null) : null),
        precision: when ? when.precision : event.kind === 'detained' && arrest ? arrest.precision : 'unknown',
        facilityCode: event.kind === 'detained' ? (detention?.facilityCode ?? null) : null,
        measures: measures.measures,
        asWritten: { eventKind: event.written, ...(measures.written ? { measures: measures.written } : {}) },
        line,
      });
    } else if ((cell('eventDate')?.value ?? '') !== '') {
      problems.push({ column: cols.eventDate!, value: cell('eventDate')!.value, reason: 'a date without an event' });
    }
  }

  // — an act suffered in custody, one a row
  const acts: ImportedAct[] = [];
  const actKindCell = cell('actKind');
  const actDetails: CaseField[] = ['actDate', 'actEndDate', 'actFacility', 'actAgency', 'actUnit', 'actAccountBy', 'actAccount', 'actPerpetrators'];
  if (actKindCell && actKindCell.value !== '') {
    const m = matchVocabulary(actKindCell.value, ACT_KIND_VOCABULARY, mapping.values.actKind);
    if (!m.ok) {
      problems.push({
        column: actKindCell.column,
        value: actKindCell.value,
        reason: `act not understood${hint(m.suggestions)}; map it in values.actKind (recuento acts kinds lists them)`,
        unknown: { field: 'actKind', value: actKindCell.value, suggestions: m.suggestions },
      });
    } else {
      const from = date('actDate');
      const to = date('actEndDate');
      const giverCell = cell('actAccountBy');
      let accountBy: AccountGiver | null = null;
      if (giverCell && giverCell.value !== '') {
        const giver = matchVocabulary(giverCell.value, ACCOUNT_GIVER_VOCABULARY);
        if (giver.ok) accountBy = giver.code as AccountGiver;
        else problems.push({ column: giverCell.column, value: giverCell.value, reason: `expected who gave the account: ${ACCOUNT_GIVERS.join(', ')}` });
      }
      const sealedText = (field: 'actAccount' | 'actPerpetrators', max: number): string | null => {
        const c = cell(field);
        if (!c || c.value === '') return null;
        // never echoed: an account or a name is not repeated in a problem report
        if (c.value.length > max) problems.push({ column: c.column, value: '', reason: `longer than ${max} characters` });
        return c.value.slice(0, max);
      };
      const agencyCell = cell('actAgency');
      const act = {
        kind: m.code as ActKind,
        from: from?.date ?? null,
        fromPrecision: from?.precision ?? 'day',
        to: to?.date ?? null,
        toPrecision: to?.precision ?? 'day',
        facility: facilityOf('actFacility'),
        perpetrator: {
          agency: agencyCell && agencyCell.value !== '' ? normalizeAgency(agencyCell.value, mapping.values.agency).slice(0, 100) : null,
          unit: text('actUnit', 200),
        },
        accountBy,
      } satisfies ActRecord;
      const columnOf: Record<string, CaseField> = { kind: 'actKind', from: 'actDate', to: 'actEndDate', 'perpetrator.agency': 'actAgency' };
      for (const problem of checkAct(act)) problems.push({ column: cols[columnOf[problem.field] ?? 'actKind']!, value: '', reason: problem.reason });
      const account = sealedText('actAccount', 20_000);
      if (account !== null && accountBy === null)
        problems.push({
          column: cols.actAccountBy ?? cols.actAccount!,
          value: '',
          reason: cols.actAccountBy
            ? 'an account without who gave it: fill in this cell (víctima, testigo, familiar, abogado, médico…)'
            : 'an account without who gave it: map an actAccountBy column (victim, witness, relative, lawyer, medical_examiner)',
        });
      const actIdCell = mapping.actIdColumn ? (record[mapping.actIdColumn] ?? '').trim() : '';
      if (detentionRef === null)
        problems.push({ column: actKindCell.column, value: actKindCell.value, reason: 'an act belongs to a detention: the row names none' });
      else
        acts.push({
          externalId: actIdCell !== '' ? actIdCell : `${detentionRef}/act/${act.kind}/${act.from ?? 'undated'}`,
          personExternalId,
          detentionExternalId: detentionRef,
          kind: act.kind,
          fromOn: act.from,
          fromPrecision: act.fromPrecision,
          toOn: act.to,
          toPrecision: act.toPrecision,
          facilityCode: act.facility,
          agency: act.perpetrator.agency,
          unit: act.perpetrator.unit,
          accountBy,
          account,
          namedPerpetrators: sealedText('actPerpetrators', 2000),
          line,
        });
    }
  } else {
    const stray = actDetails.find((f) => (cell(f)?.value ?? '') !== '');
    if (stray) problems.push({ column: cols[stray]!, value: '', reason: 'details of an act without its kind: map and fill the actKind column' });
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, row: { line, person, detention, events, acts } };
}

const EVENT_VOCABULARY = prepareVocabulary(EVENT_KIND_ENTRIES);
const JUDGMENT_VOCABULARY = prepareVocabulary(JUDGMENT_ENTRIES);
const ACT_KIND_VOCABULARY = prepareVocabulary([...ACT_KIND_ENTRIES, ...ACT_KINDS.map((kind) => ({ code: kind.code, labels: [kind.label.es, kind.label.en] }))]);
const ACCOUNT_GIVER_VOCABULARY = prepareVocabulary(ACCOUNT_GIVER_ENTRIES);
const OCCUPATION_VOCABULARY = prepareVocabulary(OCCUPATION_ENTRIES);
const SEX_VOCABULARY = prepareVocabulary(SEX_ENTRIES);

function hint(suggestions: readonly { code: string; label: string }[]): string {
  return suggestions.length === 0 ? '' : ` (closest: ${suggestions.map((s) => `${s.code} "${s.label}"`).join(', ')})`;
}

/**
 * The person part of a row, through the persons' own mapping (so both imports check a
 * person alike); null on a long sheet's row that leaves the name empty.
 */
function mapCasePerson(
  record: Readonly<Record<string, string | undefined>>,
  mapping: CaseHistoryMapping,
  problems: (RowProblem & { unknown?: UnknownValue })[],
): (ImportedPerson & { nameAsWritten: string | null }) | null {
  const cols = mapping.columns;
  const copy: Record<string, string | undefined> = { ...record };
  let nameAsWritten: string | null = null;
  const personColumns: PersonMapping['columns'] = {};
  for (const f of MAPPABLE_FIELDS) {
    if (f !== 'givenNames' && f !== 'firstSurname' && cols[f]) personColumns[f] = cols[f];
  }
  if (cols.fullName) {
    nameAsWritten = (record[cols.fullName] ?? '').trim();
    if (nameAsWritten === '' && mapping.layout === 'long') return null;
    const split = splitFullName(nameAsWritten, mapping.nameOrder as NameOrder);
    const surnames = split.surnames.trim().split(/\s+/);
    // two surnames (with their particles) in one part: the first word and what follows
    const cut = surnames.length >= 2 ? splitSurnames(surnames) : [split.surnames.trim(), ''];
    copy[GIVEN] = split.given.trim();
    copy[FIRST] = cut[0];
    copy[SECOND] = cut[1];
    personColumns.givenNames = GIVEN;
    personColumns.firstSurname = FIRST;
    if (!cols.secondSurname) personColumns.secondSurname = SECOND;
    if (copy[GIVEN] === '' && nameAsWritten !== '') {
      problems.push({ column: cols.fullName, value: nameAsWritten, reason: 'a full name needs a given name and a surname' });
      return null;
    }
  } else {
    if (mapping.layout === 'long' && (record[cols.givenNames!] ?? '').trim() === '' && (record[cols.firstSurname!] ?? '').trim() === '') return null;
    personColumns.givenNames = cols.givenNames!;
    personColumns.firstSurname = cols.firstSurname!;
  }
  const tables: PersonMapping['values'] = { ...(mapping.values.consent ? { consent: mapping.values.consent } : {}) };
  if (mapping.values.nationality) tables.nationality = mapping.values.nationality;
  for (const [field, vocabulary] of [
    ['sex', SEX_VOCABULARY],
    ['occupationGroup', OCCUPATION_VOCABULARY],
  ] as const) {
    const column = cols[field];
    const value = column ? (record[column] ?? '').trim() : '';
    if (!column || value === '') continue;
    const m = matchVocabulary(value, vocabulary, mapping.values[field]);
    if (m.ok) copy[column] = m.code;
    else {
      problems.push({
        column,
        value,
        reason: `not understood${hint(m.suggestions)}; map it in values.${field}`,
        unknown: { field, value, suggestions: m.suggestions },
      });
      copy[column] = '';
    }
  }
  const personMapping: PersonMapping = {
    idColumn: mapping.idColumn,
    columns: personColumns,
    values: tables,
    defaults: mapping.defaults,
    listSeparator: mapping.listSeparator,
  };
  const mapped = mapPersonRow(copy, personMapping);
  if (!mapped.ok) {
    const rename = (column: string) => ([GIVEN, FIRST, SECOND].includes(column) ? cols.fullName! : column);
    // the id column's problems are reported once, by the caller
    for (const p of mapped.problems) if (p.column !== mapping.idColumn) problems.push({ ...p, column: rename(p.column) });
    return null;
  }
  return { ...mapped.person, nameAsWritten };
}

/** Two surnames written together: particles stay with the surname they precede ("de la Cruz Pérez"). */
function splitSurnames(words: string[]): [string, string] {
  const particles = new Set(['de', 'del', 'la', 'las', 'los', 'y']);
  let i = 0;
  while (i < words.length - 1 && particles.has(words[i]!.toLowerCase())) i++;
  const first = words.slice(0, i + 1).join(' ');
  return [first, words.slice(i + 1).join(' ')];
}

/**
 * Dates the events a sheet leaves undated, so that the timeline still orders them: an
 * undated event is placed at the latest date known before it for the same person (in
 * the order of the sheet); when nothing before it is dated, at the earliest date known
 * after it (an undated arrest comes before a dated release); when nothing is dated, at
 * the sheet's own date. Its precision stays "unknown": nothing is invented, and every
 * view says "date unknown". Events of one person keep the sheet's order at equal dates.
 */
export function placeUndatedEvents(events: readonly ImportedEvent[], sheetDate: string): (ImportedEvent & { occurredOn: string })[] {
  const byPerson = new Map<string, number[]>();
  events.forEach((e, i) => {
    const list = byPerson.get(e.personExternalId);
    if (list) list.push(i);
    else byPerson.set(e.personExternalId, [i]);
  });
  const placed: string[] = events.map((e) => e.occurredOn ?? '');
  for (const indexes of byPerson.values()) {
    let before: string | null = null;
    const pending: number[] = [];
    for (const i of indexes) {
      const date = events[i]!.occurredOn;
      if (date === null) {
        if (before !== null) placed[i] = before;
        else pending.push(i);
        continue;
      }
      // undated events before the first dated one take the earliest date that follows
      for (const p of pending) placed[p] = placed[p] === '' ? date : placed[p]!;
      pending.length = 0;
      if (before === null || date > before) before = date;
    }
    for (const p of pending) placed[p] = sheetDate;
  }
  return events.map((e, i) => ({ ...e, occurredOn: placed[i]! }));
}
