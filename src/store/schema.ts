/** Kysely's view of the tables, in camelCase (the CamelCasePlugin maps to snake_case). */
import type { ColumnType, Generated } from 'kysely';
import type { ReportDetails } from '../shared/schemas.js';

type Timestamp = ColumnType<string, string | undefined, string>;

export interface Database {
  eventKinds: { kind: string; effect: string; setsStatus: string | null };
  persons: {
    id: Generated<string>;
    externalId: string | null;
    givenNames: string;
    firstSurname: string;
    secondSurname: string | null;
    aliases: ColumnType<string[], string[] | undefined, string[]>;
    nationality: string | null;
    sex: string;
    birthDate: string | null;
    birthDatePrecision: string | null;
    occupationGroup: string;
    consent: string;
    synthetic: Generated<boolean>;
    nameSearch: string;
    nameAsWritten: Generated<string | null>;
    /** Kept by triggers from the timeline (migration 015); never written by the application. */
    status: Generated<string>;
    statusEventId: Generated<string | null>;
    statusLevel: Generated<string>;
    placeEventId: Generated<string | null>;
    placeFacilityId: Generated<string | null>;
    placeLevel: Generated<string>;
    createdAt: Timestamp;
    updatedAt: Timestamp;
  };
  logTiles: { chunk: number; lastIndex: number; hash: string };
  personIdentifiers: { personId: string; kind: string; value: string };
  importMappings: { name: string; mapping: ColumnType<unknown, string, string>; updatedBy: string; updatedAt: Timestamp };
  facilities: {
    id: Generated<string>;
    code: string;
    name: string;
    kind: string;
    agency: string | null;
    state: string | null;
    status: string;
    statusSince: string | null;
  };
  offences: { code: string; labelEs: string; labelEn: string; legalCode: string; article: string; category: string };
  detentions: {
    id: Generated<string>;
    personId: string;
    arrestedOn: string | null;
    arrestedOnPrecision: string;
    place: string | null;
    agency: string | null;
    facilityId: string | null;
    court: string | null;
    caseNumber: string | null;
    protestWave: string | null;
    externalId: Generated<string | null>;
    asWritten: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
    createdAt: Timestamp;
  };
  detentionJudgments: {
    detentionId: string;
    sourceId: string;
    judgment: string;
    level: Generated<string>;
    asWritten: string | null;
    recordedAt: Timestamp;
  };
  detentionCharges: { detentionId: string; offenceCode: string };
  events: {
    id: Generated<string>;
    seq: Generated<number>;
    personId: string;
    detentionId: string | null;
    kind: string;
    occurredOn: string;
    occurredOnPrecision: string;
    facilityId: string | null;
    court: string | null;
    notes: string | null;
    externalId: Generated<string | null>;
    asWritten: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
    createdAt: Timestamp;
  };
  measures: {
    id: Generated<string>;
    eventId: string;
    kind: string;
    everyDays: number | null;
    court: string | null;
    startsOn: string;
    endsOn: string | null;
    notes: string | null;
    weekdays: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
    reviewOn: ColumnType<string | null, string | null | undefined, string | null>;
  };
  measureChanges: {
    id: string;
    measureId: string;
    eventId: string | null;
    changedOn: string;
    kind: string;
    everyDays: number | null;
    weekdays: string[] | null;
    court: string | null;
    courtChanged: boolean;
    sourceId: string | null;
    recordedAt: Timestamp;
  };
  presentations: { id: string; measureId: string; presentedOn: string; court: string | null; sourceId: string | null; recordedAt: Timestamp };
  measureBreaches: { id: string; measureId: string; breachedOn: string; kind: string; sourceId: string | null; recordedAt: Timestamp };
  facilityStatusChanges: {
    id: string;
    facilityId: string;
    changedOn: string;
    status: string;
    citation: string | null;
    url: string | null;
    sourceId: string | null;
    recordedAt: Timestamp;
  };
  acts: {
    id: string;
    detentionId: string;
    kind: string;
    fromOn: string | null;
    fromPrecision: Generated<string>;
    toOn: string | null;
    toPrecision: Generated<string>;
    facilityId: string | null;
    agency: string | null;
    unit: string | null;
    accountBy: string | null;
    account: string | null;
    namedPerpetrators: string | null;
    externalId: string | null;
    recordedBy: string | null;
    recordedAt: Timestamp;
    updatedAt: Timestamp;
  };
  sources: {
    id: Generated<string>;
    organisation: string;
    title: string;
    url: string | null;
    publishedOn: string | null;
    createdAt: Timestamp;
  };
  sourceLinks: {
    id: Generated<string>;
    sourceId: string;
    personId: string | null;
    detentionId: string | null;
    eventId: string | null;
    measureId: string | null;
    actId: Generated<string | null>;
    level: string;
    note: string | null;
    createdAt: Timestamp;
  };
  claims: {
    id: Generated<string>;
    claimant: string;
    claimantKind: string;
    metric: string;
    qualifier: string;
    value: number;
    valueHigh: number | null;
    asOf: string;
    asOfPrecision: string;
    publishedOn: string | null;
    scope: string;
    countedFrom: string | null;
    basis: string | null;
    citation: string;
    url: string | null;
    createdAt: Timestamp;
  };
  reports: {
    id: string;
    receivedAt: Timestamp;
    status: Generated<string>;
    details: ColumnType<ReportDetails, string, string>;
    contact: string | null;
    followCodeHash: string;
    personId: string | null;
    decidedBy: string | null;
    decidedAt: Timestamp | null;
    reason: string | null;
  };
  settings: { key: string; value: string };
  reconciliations: {
    id: Generated<string>;
    sourceId: string;
    label: string;
    claim: string;
    periodFrom: string;
    periodTo: string;
    createdAt: Timestamp;
  };
  reconciliationEntries: {
    id: Generated<string>;
    reconciliationId: string;
    rowNumber: number;
    externalId: string;
    givenNames: string;
    firstSurname: string;
    secondSurname: string;
    cedula: string;
    birthDate: string;
    fullName: Generated<string>;
  };
  eligibilityRuns: {
    id: Generated<string>;
    ruleSetId: string;
    ruleSetVersion: number;
    ruleSetHash: string;
    variants: ColumnType<string[], string[] | undefined, string[]>;
    asOf: string;
    strict: boolean;
    covered: number;
    excluded: number;
    review: number;
    createdBy: string;
    createdAt: Timestamp;
  };
  eligibilityResults: {
    runId: string;
    detentionId: string;
    personId: string;
    outcome: string;
    decisiveRule: string | null;
    decisiveArticle: string | null;
    result: ColumnType<unknown, string, string>;
  };
  personMerges: {
    id: Generated<string>;
    keptPersonId: string;
    mergedPersonId: string;
    snapshot: ColumnType<unknown, string, string>;
    mergedBy: string;
    mergedAt: Timestamp;
  };
  linkDecisions: {
    id: Generated<string>;
    entryId: string;
    personId: string;
    match: boolean;
    decidedBy: string;
    note: string | null;
    decidedAt: Timestamp;
  };
  logPublications: {
    id: Generated<string>;
    kind: string;
    title: string;
    firstIndex: number;
    entries: number;
    createdBy: string;
    createdAt: Timestamp;
  };
  logEntries: {
    index: number;
    kind: string;
    data: string;
    leafHash: string;
    publicationId: string | null;
    appendedAt: Timestamp;
  };
  logCheckpoints: {
    size: number;
    root: string;
    note: string;
    signedAt: Timestamp;
  };
  logWitnesses: {
    key: string;
    name: string;
    addedBy: string;
    addedAt: Timestamp;
  };
  logCosignatures: {
    size: number;
    witnessKey: string;
    line: string;
    cosignedAt: string;
    receivedAt: Timestamp;
  };
  logCommitments: {
    index: number;
    publicationId: string;
    personId: string;
    salt: string;
    subject: string;
  };
  accounts: {
    id: string;
    name: string;
    role: string;
    createdAt: Timestamp;
    disabledAt: string | null;
    passwordHash: ColumnType<string | null, string | undefined, string | null>;
    passwordChangedAt: ColumnType<string | null, string | undefined, string | null>;
    totpSecret: ColumnType<string | null, string | undefined, string | null>;
    totpEnabledAt: ColumnType<string | null, string | undefined, string | null>;
    totpLastStep: ColumnType<number | null, number | undefined, number | null>;
  };
  personKeys: {
    personId: string;
    wrapped: string;
    createdAt: Timestamp;
  };
  personSensitive: {
    personId: string;
    field: string;
    sealed: string;
    updatedAt: Timestamp;
    updatedBy: string | null;
  };
  erasures: {
    personId: string;
    erasedAt: Timestamp;
    erasedBy: string | null;
  };
  recoveryCodes: {
    id: string;
    accountId: string;
    codeHash: string;
    madeAt: Timestamp;
    usedAt: string | null;
  };
  sessions: {
    idHash: string;
    accountId: string;
    csrfHash: string;
    secondFactorDone: boolean;
    createdAt: Timestamp;
    lastSeenAt: Timestamp;
    endedAt: string | null;
    ip: string;
  };
  loginThrottle: {
    key: string;
    failures: number;
    firstFailureAt: string;
    lockedUntil: string | null;
  };
  apiTokens: {
    id: string;
    accountId: string;
    tokenHash: string;
    label: string;
    createdAt: Timestamp;
    revokedAt: string | null;
    scopes: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  };
  evidence: {
    id: string;
    kind: string;
    title: string;
    sha256: string;
    mediaType: string;
    sizeBytes: number;
    sourceId: string | null;
    addedBy: string | null;
    addedAt: Timestamp;
  };
  evidenceLinks: {
    id: string;
    evidenceId: string;
    subjectKind: string;
    subjectId: string;
    linkedBy: string | null;
    linkedAt: Timestamp;
  };
  verificationReviews: {
    id: string;
    subjectKind: string;
    subjectId: string;
    verdict: string;
    reviewer: string;
    evidenceIds: string[];
    note: string | null;
    reviewedAt: Timestamp;
  };
  verificationLevels: {
    id: string;
    subjectKind: string;
    subjectId: string;
    level: string;
    previous: string | null;
    independentSources: number;
    cause: string;
    changedBy: string | null;
    changedAt: Timestamp;
    logIndex: number | null;
  };
  currentVerificationLevels: {
    subjectKind: string;
    subjectId: string;
    level: string;
    independentSources: number;
    changedAt: string;
  };
  auditEvents: {
    seq: number;
    at: string;
    actor: string;
    actorName: string;
    action: string;
    method: string;
    route: string;
    targets: string[];
    status: number;
    ip: string;
    prevHash: string;
    hash: string;
  };
}
