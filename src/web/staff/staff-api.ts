/**
 * The staff screens' calls to the documented API (/api/docs), nothing private. Names travel only
 * in request bodies (search is a POST); URLs carry opaque ids and vocabulary filters.
 */
import type {
  Detention,
  Facility,
  Measure,
  Offence,
  Person,
  PersonFields,
  SensitiveField,
  SensitivePatch,
  SensitiveValues,
  Source,
  SourceLink,
  TimelineEvent,
} from '../../shared/schemas.js';
import { type ApiProblem, call, csrfHeaders } from '../session-api.js';

export type PersonListItem = Person & { statusLevel: string };
/** `next`: what to ask the following page `after` (keyset paging); null on the last page. */
export type PersonPage = { items: PersonListItem[]; total: number; limit: number; offset: number; next: string | null };

/** Filters carry no personal data, so they may sit in the address bar. */
export type PersonFilters = {
  status?: string;
  facilityId?: string;
  protestWave?: string;
  occupationGroup?: string;
  level?: string;
  consent?: string;
};

/** A page of persons: `offset` rows in, or right after the person `after` (a page's `next`). */
export function listPersons(filters: PersonFilters, q: string, limit: number, offset: number, after?: string): Promise<PersonPage> {
  if (q.trim()) return call<PersonPage>('POST', '/api/persons/search', { ...filters, q: q.trim(), limit, offset, ...(after ? { after } : {}) });
  const query = new URLSearchParams({ ...filters, limit: String(limit), offset: String(offset), ...(after ? { after } : {}) });
  return call<PersonPage>('GET', `/api/persons?${query}`);
}

export type PersonRecord = {
  person: Person;
  detentions: Detention[];
  timeline: (TimelineEvent & { measures: Measure[] })[];
  sources?: (SourceLink & { source: Source })[];
};

export const personRecord = (id: string) => call<PersonRecord>('GET', `/api/persons/${encodeURIComponent(id)}/record`);
export const getPerson = (id: string) => call<Person>('GET', `/api/persons/${encodeURIComponent(id)}`);
export const createPerson = (fields: PersonFields) => call<Person>('POST', '/api/persons', fields);
/** Saves over the version read (`updatedAt`): if the person changed since, the API answers 412 stale_version. */
export const updatePerson = (id: string, patch: Partial<PersonFields>, version: string) =>
  call<Person>('PATCH', `/api/persons/${encodeURIComponent(id)}`, patch, { 'if-match': `"${version}"` });

export type EventFields = Omit<TimelineEvent, 'id' | 'seq' | 'personId'>;
export const addEvent = (personId: string, fields: EventFields) => call<TimelineEvent>('POST', '/api/events', { ...fields, personId });
export const correctEvent = (id: string, fields: Partial<EventFields>) => call<TimelineEvent>('PATCH', `/api/events/${encodeURIComponent(id)}`, fields);

/** Reference data (facilities, offences), read once per page load; a failure is tried again next time. */
function once<T>(url: string): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => {
    answer ??= call<T>('GET', url).catch((error: unknown) => {
      answer = undefined;
      throw error;
    });
    return answer;
  };
}
export const facilities = once<Facility[]>('/api/facilities');
export const offences = once<Offence[]>('/api/offences');

// ——— imports ———

export type { FileInspection } from '../../domain/importing/suggest-columns.js';

import type { FileInspection } from '../../domain/importing/suggest-columns.js';

/** A case-history mapping as the import takes it (docs/IMPORT.md). */
export type CaseMapping = {
  layout: 'wide' | 'long';
  idColumn: string;
  nameOrder?: string;
  columns: Record<string, string>;
  values?: Record<string, Record<string, string>>;
  declare?: { offences?: unknown[]; facilities?: unknown[] };
  defaults?: Record<string, string>;
  [key: string]: unknown;
};

export type ImportSummary = {
  committed: boolean;
  rows: number;
  persons: number;
  detentions: number;
  events: number;
  undatedEvents: number;
  written: {
    persons: { inserted: number; updated: number };
    detentions: { inserted: number; updated: number };
    events: { inserted: number; updated: number; removed: number; keptReviewed: string[] };
    measures: number;
    judgments: number;
  } | null;
  categoryChanges: { detention: string; person: string; from: string; to: string }[];
};

/**
 * Sends a multipart form with the upload's progress reported (fetch cannot report it); answers
 * the JSON, or throws the API's problem.
 */
export function sendForm<T>(url: string, form: FormData, onProgress?: (sent: number, total: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    if (onProgress) xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total);
    xhr.onerror = () => reject({ status: 0, code: 'network', message: 'network', details: [] } satisfies ApiProblem);
    xhr.onload = () => {
      let body: { error?: ApiProblem } & Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else
        reject({
          status: xhr.status,
          code: body.error?.code ?? 'internal',
          message: body.error?.message ?? String(xhr.status),
          details: body.error?.details ?? [],
        } satisfies ApiProblem);
    };
    xhr.send(form);
  });
}

export function inspectFile(file: File): Promise<FileInspection> {
  const form = new FormData();
  form.append('file', file, file.name);
  return sendForm<FileInspection>('/api/imports/inspect', form);
}

/** Checks (dryRun) or imports a sheet with its mapping, all or nothing. */
export function importCaseHistories(
  file: File,
  mapping: CaseMapping,
  source: { organisation: string; date: string },
  dryRun: boolean,
  onProgress?: (sent: number, total: number) => void,
): Promise<ImportSummary> {
  const form = new FormData();
  form.append('mapping', JSON.stringify(mapping));
  if (source.organisation.trim()) form.append('organisation', source.organisation.trim());
  if (source.date) form.append('sourceDate', source.date);
  form.append('file', file, file.name);
  return sendForm<ImportSummary>(`/api/imports/case-histories?dryRun=${dryRun}`, form, onProgress);
}

export type SavedMappingInfo = { name: string; updatedBy: string; updatedAt: string };
export const savedMappings = () => call<SavedMappingInfo[]>('GET', '/api/imports/mappings');
export const savedMapping = (name: string) => call<SavedMappingInfo & { mapping: CaseMapping }>('GET', `/api/imports/mappings/${encodeURIComponent(name)}`);
export const saveMapping = (name: string, mapping: CaseMapping) =>
  call<SavedMappingInfo>('PUT', `/api/imports/mappings/${encodeURIComponent(name)}`, { mapping });

// ——— accounts (administrators) ———

export type Account = { id: string; name: string; role: string; createdAt: string; disabledAt: string | null };
export const listAccounts = () => call<Account[]>('GET', '/api/accounts');
export const createAccount = (name: string, role: string, password: string | undefined) =>
  call<{ account: Account; token: { id: string; token: string } }>('POST', '/api/accounts', { name, role, ...(password ? { password } : {}) });
export const endAccountSessions = (id: string) => call<{ ended: number }>('POST', `/api/accounts/${encodeURIComponent(id)}/sessions/end`);
export const resetSecondFactor = (id: string) => call<void>('POST', `/api/accounts/${encodeURIComponent(id)}/second-factor`);
export const resetPassword = (id: string, password: string) => call<void>('POST', `/api/accounts/${encodeURIComponent(id)}/password`, { password });
export const disableAccount = (id: string) => call<void>('POST', `/api/accounts/${encodeURIComponent(id)}/disable`);

// ——— eligibility ———

export type Outcome = 'covered' | 'excluded' | 'review';
export type RuleSetSummary = {
  id: string;
  short: string;
  title: { es: string; en: string };
  status: string;
  kind: string;
  readings: { name: string; label: { es: string; en: string } }[];
};
export type EligibilityRun = {
  id: string;
  ruleSetId: string;
  variants: string[];
  asOf: string;
  covered: number;
  excluded: number;
  review: number;
  createdBy: string;
  createdAt: string;
};
export type RunResult = {
  detentionId: string;
  personId: string;
  personName: string | null;
  protestWave: string | null;
  facilityId: string | null;
  outcome: Outcome;
  decisiveRule: string | null;
  decisiveArticle: string | null;
  result: {
    missingFacts: { fact: string }[];
    deadlines: { deadline: string; article: string; due: string; status: string; days: number }[];
    explanation?: string[];
  };
};
export type Comparison = {
  cases: number;
  persons: number;
  byCase: Record<Outcome, Record<Outcome, number>>;
  changed: { case: string; person: string | null; from: Outcome; to: Outcome; ruleA: string; ruleB: string }[];
};

export const ruleSets = () => call<RuleSetSummary[]>('GET', '/api/rules');
export const eligibilityRuns = () => call<EligibilityRun[]>('GET', '/api/eligibility/runs');
export const startRun = (rules: string, asOf: string) => call<EligibilityRun>('POST', '/api/eligibility/runs', { rules, asOf });
export const eligibilityRun = (id: string, lang: string) =>
  call<{ run: EligibilityRun; results: RunResult[] }>('GET', `/api/eligibility/runs/${encodeURIComponent(id)}?lang=${lang === 'en' ? 'en' : 'es'}`);
export const compareRuleSets = (a: string, b: string) => call<Comparison>('GET', `/api/rules/compare?${new URLSearchParams({ a, b })}`);

// ——— reconciliation of claimed lists ———

export { RECONCILIATION_CLASSES, type ReconciliationClass } from '../../domain/reconciliation/reconcile-entries.js';

import type { PairExplanation } from '../../domain/linkage/explain-pair.js';
import type { ReconciliationClass, RegistrySide, WrittenEntry } from '../../domain/reconciliation/reconcile-entries.js';

export type Reconciliation = { id: string; label: string; periodFrom: string; periodTo: string; createdAt: string; entries: number };
export type Candidate = {
  personId: string;
  probability: number;
  weight: number;
  person: Omit<RegistrySide, 'personId'>;
  explanation: PairExplanation;
  wouldBe: { class: ReconciliationClass; reason: string };
};
export type ReportEntry = {
  entryId: string;
  entry: WrittenEntry;
  class: ReconciliationClass;
  reason: string;
  personId: string | null;
  probability: number | null;
  matchedBy: 'model' | 'reviewer' | 'identifier' | 'name' | null;
  personExternalId: string | null;
  releasedOn: string | null;
  basis: 'judgment' | 'charges' | null;
  duplicateOfRow: number | null;
  status: string | null;
  candidates: Candidate[];
};
export type ReconciliationReport = {
  reconciliation: Reconciliation;
  counts: Record<ReconciliationClass, number>;
  registrySize: number;
  warnings: string[];
  entries: ReportEntry[];
};

export const reconciliations = () => call<Reconciliation[]>('GET', '/api/reconciliations');
/** A reconciliation's report; `only` and `limit` keep the first entries of one class (the counts stay whole). */
export const reconciliationReport = (id: string, view: { only?: 'ambiguous'; limit?: number } = {}) => {
  const query = new URLSearchParams();
  if (view.only) query.set('entries', view.only);
  if (view.limit) query.set('limit', String(view.limit));
  const text = query.toString();
  return call<ReconciliationReport>('GET', `/api/reconciliations/${encodeURIComponent(id)}${text ? `?${text}` : ''}`);
};
export const reviewQueue = (id: string) => call<ReportEntry[]>('GET', `/api/reconciliations/${encodeURIComponent(id)}/review`);
export const decide = (id: string, entryId: string, personId: string, match: boolean) =>
  call<{ decidedBy: string }>('POST', `/api/reconciliations/${encodeURIComponent(id)}/decisions`, { entryId, personId, match });

/** Keeps a list that claims releases and answers its report (the mapping JSON is optional: columns are guessed). */
export function reconcileList(
  file: File,
  fields: { as: string; from: string; to: string; organisation: string; mapping: string },
  onProgress?: (sent: number, total: number) => void,
): Promise<ReconciliationReport> {
  const form = new FormData();
  form.append('as', fields.as.trim());
  form.append('from', fields.from);
  form.append('to', fields.to);
  if (fields.organisation.trim()) form.append('organisation', fields.organisation.trim());
  if (fields.mapping.trim()) form.append('mapping', fields.mapping.trim());
  form.append('file', file, file.name);
  return sendForm<ReconciliationReport>('/api/reconciliations', form, onProgress);
}

// ——— evidence and verification ———

export type { VerificationLevel as Level } from '../../domain/registry/vocabulary.js';
export { EVIDENCE_KINDS, type SubjectKind, type Verdict } from '../../domain/verification/derive-level.js';

import type { VerificationLevel as Level } from '../../domain/registry/vocabulary.js';
import type { EvidenceKind, SubjectKind, Verdict } from '../../domain/verification/derive-level.js';

export type QueueItem = {
  subjectKind: SubjectKind;
  subjectId: string;
  level: Level;
  independentSources: number;
  changedAt: string;
  personId: string | null;
  personName: string | null;
  subjectType: string | null;
  subjectDate: string | null;
  confirmedBy: string[];
};
export type Evidence = {
  id: string;
  kind: EvidenceKind;
  title: string;
  sha256: string;
  mediaType: string;
  sizeBytes: number;
  sourceId: string | null;
  addedAt: string;
  sourceOrganisation?: string | null;
};
export type SubjectView = {
  kind: SubjectKind;
  id: string;
  personId: string;
  subjectType: string | null;
  subjectDate: string | null;
  level: Level;
  independentSources: number;
  confirmedBy: string[];
  next: string | null;
  evidence: Evidence[];
  sources: { id: string; organisation: string; title: string }[];
  reviews: { id: string; verdict: Verdict; reviewerName: string; evidenceIds: string[]; note: string | null; reviewedAt: string }[];
  history: { level: Level; previous: Level | null; independentSources: number; cause: string; changedBy: string; changedAt: string; logIndex: number | null }[];
};

const subjectPath = (kind: SubjectKind, id: string) => `/api/verification/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;
export const verificationQueue = (levels: string) => call<QueueItem[]>('GET', `/api/verification/queue?${new URLSearchParams({ level: levels })}`);
export const subjectView = (kind: SubjectKind, id: string) => call<SubjectView>('GET', subjectPath(kind, id));
export const review = (kind: SubjectKind, id: string, verdict: Verdict, evidence: string[], note: string) =>
  call<{ level: Level; previous: Level; logIndex: number | null }>('POST', `${subjectPath(kind, id)}/reviews`, {
    verdict,
    evidence,
    ...(note.trim() ? { note: note.trim() } : {}),
  });
export const linkEvidence = (kind: SubjectKind, id: string, evidenceId: string) =>
  call<{ level: Level; previous: Level }>('POST', `${subjectPath(kind, id)}/evidence`, { evidenceId });
export function addEvidence(file: File, fields: { kind: string; title: string; sourceId: string }, onProgress?: (sent: number, total: number) => void) {
  const form = new FormData();
  form.append('kind', fields.kind);
  form.append('title', fields.title.trim());
  if (fields.sourceId) form.append('sourceId', fields.sourceId);
  form.append('file', file, file.name);
  return sendForm<{ evidence: Evidence; created: boolean }>('/api/evidence', form, onProgress);
}
/** The evidence file's bytes (the server checks its hash before sending; the screen checks again). */
export async function evidenceContent(id: string): Promise<Blob> {
  const response = await fetch(`/api/evidence/${encodeURIComponent(id)}/content`, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: ApiProblem };
    throw {
      status: response.status,
      code: body.error?.code ?? 'internal',
      message: body.error?.message ?? '',
      details: body.error?.details ?? [],
    } satisfies ApiProblem;
  }
  return response.blob();
}

// ——— duplicates in the registry ———

export type DuplicatePair = { probability: number; a: RegistrySide; b: RegistrySide; explanation: PairExplanation; sameCluster: boolean };
export type Merge = { id: string; keptPersonId: string; mergedPersonId: string; mergedBy: string; mergedAt: string };
export const duplicatePairs = (minProbability: number) =>
  call<{ compared: number; pairs: DuplicatePair[] }>('GET', `/api/persons/duplicates?minProbability=${minProbability}&limit=200`);
export const merges = () => call<Merge[]>('GET', '/api/persons/merges');
export const mergePersons = (keepId: string, mergeId: string, force: boolean) => call<Merge>('POST', '/api/persons/merges', { keepId, mergeId, force });
export const undoMerge = (id: string) => call<{ keptPersonId: string; restoredPersonId: string }>('POST', `/api/persons/merges/${encodeURIComponent(id)}/undo`);

// ——— sensitive fields (every read audited) ———

export type SensitiveView = { values: SensitiveValues; shown: SensitiveField[]; erasedAt: string | null; updatedAt: string | null };
export const readSensitive = (id: string) => call<SensitiveView>('GET', `/api/persons/${encodeURIComponent(id)}/sensitive`);
export const writeSensitive = (id: string, patch: SensitivePatch) =>
  call<{ changed: SensitiveField[] }>('PATCH', `/api/persons/${encodeURIComponent(id)}/sensitive`, patch);

// ——— publication into the transparency log (administrators) and families' receipts (verifiers) ———

export type Publication = { id: string; kind: string; title: string; firstIndex: number; entries: number; createdAt: string };
export type Published = { publication: string; firstIndex: number; size: number; checkpoint: string; named?: number; committed?: number };
export type ListChoice = { title: string; statuses: string[]; minLevel?: string; asOf: string };
export const publications = () => call<Publication[]>('GET', '/api/log/publications');
export const previewListPublication = (choice: Omit<ListChoice, 'title'>) =>
  call<{ named: number; committed: number; leftOut: number; names: string[] }>('POST', '/api/log/publications/list/preview', choice);
export const publishListNow = (choice: ListChoice) => call<Published>('POST', '/api/log/publications/list', choice);
export const publishCountsNow = (asOf: string) => call<Published>('POST', '/api/log/publications/counts', { asOf });
export const publishRunNow = (run: string) => call<Published>('POST', '/api/log/publications/eligibility', { run });
export const statusCounts = () => call<{ rows: { key: string; count: number }[] }>('GET', '/api/counts?by=status');

export type { Receipt } from '../../domain/translog/audit.js';

import type { Receipt } from '../../domain/translog/audit.js';

export const receiptsOf = (personId: string) => call<Receipt[]>('GET', `/api/persons/${encodeURIComponent(personId)}/receipts`);

// ——— conditions (measures) and facilities ———

export type DueEntry = {
  measureId: string;
  personId: string;
  personName: string;
  on: string;
  court: string | null;
  state: 'met' | 'missed' | 'pending';
  presentedOn: string | null;
};
export type OverdueEntry = {
  measureId: string;
  personId: string;
  personName: string;
  court: string | null;
  missedSince: string | null;
  missed: number;
  lastPresentation: string | null;
  next: string | null;
  overdue: boolean;
  violated: boolean;
  breaches: { on: string; kind: string }[];
};
export type Rate = { window: number; releases: number | null; rearrested: number | null; rate: number | null };
export type Rearrests = {
  asOf: string;
  definition: { es: string; en: string };
  releases: number | null;
  rearrests: number | null;
  overall: Rate[];
  delay: { quartiles: { q1: number; median: number; q3: number } | null };
};
export type Closure = {
  facility: { id: string; code: string; name: string };
  announcedOn: string;
  closedOn: string | null;
  total: number | null;
  persons?: {
    person: { id: string; name: string };
    outcome: string;
    path: { code: string; name: string }[];
    lastEvent: { kind: string; occurredOn: string };
  }[];
};
export const dueBetween = (from: string, to: string, asOf: string) =>
  call<{ entries: DueEntry[] }>('GET', `/api/conditions/due?${new URLSearchParams({ from, to, asOf })}`);
export const overdue = (asOf: string) => call<{ entries: OverdueEntry[] }>('GET', `/api/conditions/overdue?${new URLSearchParams({ asOf })}`);
export const rearrests = (asOf: string) => call<Rearrests>('GET', `/api/rearrests?${new URLSearchParams({ asOf })}`);
export const closure = (facilityId: string, asOf: string) =>
  call<Closure>('GET', `/api/facilities/${encodeURIComponent(facilityId)}/closure?${new URLSearchParams({ asOf })}`);
export const recordPresentation = (measureId: string, on: string) =>
  call<unknown>('POST', `/api/measures/${encodeURIComponent(measureId)}/presentations`, { on });

// ——— system (administrators): backups, the log and its witnesses, API tokens ———

export type Backup = { file: string; rows: number; tables: number; masterKey: string };
export type Witness = { name: string; key: string; addedAt: string };
export type Token = { id: string; label: string; createdAt: string; revokedAt: string | null; scopes: string[] };
export const makeBackup = () => call<Backup>('POST', '/api/backups');
export const witnesses = () => call<Witness[]>('GET', '/api/log/witnesses');
export const addWitness = (key: string) => call<Witness>('POST', '/api/log/witnesses', { key });
/** The newest signed checkpoint and the verifier key, as text. */
export async function logState(): Promise<{ checkpoint: string; key: string }> {
  const text = async (url: string) => {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw { status: response.status, code: 'internal', message: String(response.status), details: [] } satisfies ApiProblem;
    return response.text();
  };
  const [checkpoint, key] = await Promise.all([text('/api/log/checkpoint'), text('/api/log/key')]);
  return { checkpoint, key };
}
export const tokensOf = (accountId: string) => call<Token[]>('GET', `/api/accounts/${encodeURIComponent(accountId)}/tokens`);
export const newToken = (accountId: string, label: string) =>
  call<{ id: string; token: string }>('POST', `/api/accounts/${encodeURIComponent(accountId)}/tokens`, { label });
export const revokeToken = (id: string) => call<void>('DELETE', `/api/tokens/${encodeURIComponent(id)}`);

// ——— reports sent through the public form, and their triage (documenters, verifiers) ———
export type TriageReport = {
  id: string;
  receivedAt: string;
  status: 'new' | 'accepted' | 'linked' | 'rejected';
  details: {
    name: string;
    cedula?: string | null;
    arrestedOn?: string | null;
    place?: string | null;
    agency?: string | null;
    facilityId?: string | null;
    account?: string | null;
    relation: string;
  };
  hasContact: boolean;
  personId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
};
export const reports = (status?: string) => call<TriageReport[]>('GET', `/api/reports${status ? `?status=${encodeURIComponent(status)}` : ''}`);
export const reportContactOf = (id: string) => call<{ contact: string | null }>('POST', `/api/reports/${encodeURIComponent(id)}/contact`);
export type TriageDecision =
  | { decision: 'accept'; givenNames: string; firstSurname: string; secondSurname?: string | null; keepCedula?: boolean }
  | { decision: 'link'; personId: string }
  | { decision: 'reject'; reason: string };
export const decideReport = (id: string, decision: TriageDecision) =>
  call<{ personId: string | null }>('POST', `/api/reports/${encodeURIComponent(id)}/decision`, decision);
