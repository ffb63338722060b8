/**
 * Acts suffered in custody: recorded, corrected and withdrawn; the account and any named
 * perpetrator sealed with the person's data key (usecases/sensitive.ts) and opened only on a reader's
 * request; a person's acts beside (never mixed with) the charges they face; and the counts. The API
 * and the CLI share these; who may call which is decided in server/policies.
 */
import type { Kysely } from 'kysely';
import type { Consent, DatePrecision } from '../domain/registry/vocabulary.js';
import { checkAct } from '../domain/violations/acts.js';
import { type ActCountDimension, type ActCounts, countActs, countedActs, type PublicActCell, publicActCells } from '../domain/violations/counts.js';
import { ACT_KINDS, type AccountGiver, type ActKind } from '../domain/violations/vocabulary.js';
import { detentionsOfStretches, type UnknownStretch, unknownWhereabouts } from '../domain/violations/whereabouts.js';
import { fieldContext, type MasterKeys, open, type SecretKey, seal } from '../io/secrets.js';
import { AppError } from '../shared/app-error.js';
import { actFacts, deleteAct, detentionOfAct, insertAct, reviewsOfAct, type StoredAct, sealedOfAct, storedActs, updateAct } from '../store/acts.js';
import { listDetentionsOfPerson } from '../store/detentions.js';
import type { NoteCipher } from '../store/events.js';
import { listTimeline } from '../store/events.js';
import { getFacility, listOffences } from '../store/facilities.js';
import type { SealActText } from '../store/import-case-histories.js';
import type { Database } from '../store/schema.js';
import { erasureOf } from '../store/sensitive.js';
import { createSourceLink } from '../store/sources.js';
import { newTimeOrderedId } from '../store/time-ordered-id.js';
import { existingDataKey, personDataKey } from './sensitive.js';
import { sourceLinked } from './verification.js';

type Db = Kysely<Database>;

export type ActInput = {
  kind: ActKind;
  from?: string | null | undefined;
  fromPrecision?: DatePrecision | undefined;
  to?: string | null | undefined;
  toPrecision?: DatePrecision | undefined;
  facilityId?: string | null | undefined;
  agency?: string | null | undefined;
  unit?: string | null | undefined;
  accountBy?: AccountGiver | null | undefined;
  /** The account in the words of whoever gave it: sealed, never logged. */
  account?: string | null | undefined;
  /** Individuals the account names as responsible: sealed like the account, never counted or published. */
  namedPerpetrators?: string | null | undefined;
  /** A source that reports the act (it counts towards the act's level). */
  sourceId?: string | null | undefined;
  externalId?: string | null | undefined;
};

const SEALED = ['account', 'namedPerpetrators'] as const;
const context = (actId: string, field: (typeof SEALED)[number]) => fieldContext('acts', actId, field === 'account' ? 'account' : 'named_perpetrators');

function refuse(problems: { field: string; reason: string }[]): never {
  throw new AppError('validation_failed', 'invalid act', {
    publicMessage: problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
    details: problems.map((p) => ({ path: p.field, reason: p.reason })),
  });
}

function checked(input: ActInput) {
  const record = {
    kind: input.kind,
    from: input.from ?? null,
    fromPrecision: input.fromPrecision ?? 'day',
    to: input.to ?? null,
    toPrecision: input.toPrecision ?? 'day',
    facility: input.facilityId ?? null,
    perpetrator: { agency: input.agency ?? null, unit: input.unit ?? null },
    accountBy: input.accountBy ?? null,
  };
  const problems = checkAct(record);
  if (input.account != null && input.accountBy == null)
    problems.push({ field: 'accountBy', reason: 'say who gave the account (victim, witness, relative, lawyer, medical_examiner)' });
  if (problems.length > 0) refuse(problems);
  return record;
}

/** A checked act as the store's columns (its sealed parts apart). */
function columnsOf(record: ReturnType<typeof checked>) {
  return {
    kind: record.kind,
    fromOn: record.from,
    fromPrecision: record.fromPrecision,
    toOn: record.to,
    toPrecision: record.toPrecision,
    facilityId: record.facility,
    agency: record.perpetrator.agency,
    unit: record.perpetrator.unit,
    accountBy: record.accountBy,
  };
}

/** An act's dates against its detention: not before the arrest (when known to the day), not after today. */
function checkDates(record: { from: string | null; to: string | null }, arrestedOn: string | null, today: string): void {
  const problems: { field: string; reason: string }[] = [];
  if (record.from !== null && arrestedOn !== null && record.from < arrestedOn)
    problems.push({ field: 'from', reason: `before the arrest (${arrestedOn}): an act in custody begins with or after it` });
  for (const field of ['from', 'to'] as const) {
    const value = record[field];
    if (value !== null && value > today) problems.push({ field, reason: `after today (${today})` });
  }
  if (problems.length > 0) refuse(problems);
}

async function checkFacility(db: Db, facilityId: string | null | undefined): Promise<void> {
  if (facilityId && !(await getFacility(db, facilityId))) refuse([{ field: 'facilityId', reason: 'no such facility (GET /api/facilities)' }]);
}

/** Seals accounts and named perpetrators during an import, each with its person's data key (made on first use); none for a person whose key was erased. */
export function actSealer(masterKeys: MasterKeys): SealActText {
  const keys = new Map<string, SecretKey | null>();
  return async (trx, personId, actId, field, text) => {
    let key = keys.get(personId);
    // a family asked for erasure: an old sheet does not bring their accounts back
    if (key === undefined && (await erasureOf(trx, personId))) {
      key = null;
      keys.set(personId, key);
    }
    if (key === null) return null;
    if (!key) {
      key = await personDataKey(trx, masterKeys, personId);
      keys.set(personId, key);
    }
    return seal(key, text, context(actId, field));
  };
}

/** Records an act in a detention; its sealed parts are sealed with the person's key in the same transaction. */
export async function recordAct(db: Db, masterKeys: MasterKeys, detentionId: string, input: ActInput, by: string | null): Promise<StoredAct> {
  const record = checked(input);
  await checkFacility(db, record.facility);
  const detention = await detentionOfAct(db, detentionId);
  if (!detention) throw new AppError('not_found', 'no such detention', { publicMessage: 'The detention does not exist.' });
  checkDates(record, detention.arrestedOn, new Date().toISOString().slice(0, 10));
  const id = await db.transaction().execute(async (trx) => {
    const needsKey = input.account != null || input.namedPerpetrators != null;
    const key = needsKey ? await personDataKey(trx, masterKeys, detention.personId) : null;
    const id = newTimeOrderedId();
    const sealed = (field: (typeof SEALED)[number]) => (input[field] != null && key ? seal(key, input[field], context(id, field)) : null);
    await insertAct(
      trx,
      detentionId,
      {
        ...columnsOf(record),
        account: sealed('account'),
        namedPerpetrators: sealed('namedPerpetrators'),
        externalId: input.externalId ?? null,
      },
      by,
      id,
    );
    if (input.sourceId)
      await createSourceLink(trx, {
        sourceId: input.sourceId,
        personId: null,
        detentionId: null,
        eventId: null,
        measureId: null,
        actId: id,
        level: 'reported',
        note: null,
      });
    return id;
  });
  if (input.sourceId) await sourceLinked(db, 'act', id, { accountId: by });
  return (await storedActs(db, { actId: id }))[0]!;
}

/** Changes an act: the fields given replace it (null clears one); the result is checked as a whole. */
export async function changeAct(db: Db, masterKeys: MasterKeys, actId: string, patch: Partial<ActInput>): Promise<StoredAct> {
  const [current] = await storedActs(db, { actId });
  if (!current) throw new AppError('not_found', 'no such act', { publicMessage: 'The act does not exist.' });
  const merged: ActInput = {
    kind: patch.kind ?? current.kind,
    from: patch.from === undefined ? current.fromOn : patch.from,
    fromPrecision: patch.fromPrecision ?? current.fromPrecision,
    to: patch.to === undefined ? current.toOn : patch.to,
    toPrecision: patch.toPrecision ?? current.toPrecision,
    facilityId: patch.facilityId === undefined ? current.facilityId : patch.facilityId,
    agency: patch.agency === undefined ? current.agency : patch.agency,
    unit: patch.unit === undefined ? current.unit : patch.unit,
    accountBy: patch.accountBy === undefined ? current.accountBy : patch.accountBy,
    account: patch.account,
  };
  if (merged.account == null && patch.account === undefined && current.hasAccount && merged.accountBy == null) {
    refuse([{ field: 'accountBy', reason: 'the act holds an account: say who gave it' }]);
  }
  const record = checked(merged);
  await checkFacility(db, record.facility);
  checkDates(record, (await detentionOfAct(db, current.detentionId))?.arrestedOn ?? null, new Date().toISOString().slice(0, 10));
  const substance = (['kind', 'from', 'to', 'fromPrecision', 'toPrecision', 'facilityId', 'agency'] as const).filter((field) => patch[field] !== undefined);
  const was = {
    kind: current.kind,
    from: current.fromOn,
    to: current.toOn,
    fromPrecision: current.fromPrecision,
    toPrecision: current.toPrecision,
    facilityId: current.facilityId,
    agency: current.agency,
  };
  const changed = substance.filter((field) => patch[field] !== was[field]);
  if (changed.length > 0 && (await reviewsOfAct(db, actId)) > 0) {
    throw new AppError('conflict', 'reviewed act changed', {
      publicMessage: `Verifiers have reviewed this act as it stands: its ${changed.join(', ')} cannot change under their reviews. Record the act as it should be and have it reviewed; if this one is wrong, a verifier refutes it.`,
    });
  }
  await db.transaction().execute(async (trx) => {
    const sealedPatch: { account?: string | null; namedPerpetrators?: string | null } = {};
    for (const field of SEALED) {
      const value = patch[field];
      if (value === undefined) continue;
      sealedPatch[field] = value === null ? null : seal(await personDataKey(trx, masterKeys, current.personId), value, context(actId, field));
    }
    await updateAct(trx, actId, {
      ...columnsOf(record),
      ...sealedPatch,
    });
  });
  return (await storedActs(db, { actId }))[0]!;
}

/** Withdraws an act recorded in error (its sources, evidence links and reviews stay in the audit trail's care). */
export async function withdrawAct(db: Db, actId: string): Promise<void> {
  if ((await reviewsOfAct(db, actId)) > 0) {
    throw new AppError('conflict', 'reviewed act withdrawn', {
      publicMessage: 'Verifiers have reviewed this act: it stays, with its reviews. A verifier who finds it false refutes it (it then leaves the counts).',
    });
  }
  if (!(await deleteAct(db, actId))) throw new AppError('not_found', 'no such act', { publicMessage: 'The act does not exist.' });
}

export type Testimony = {
  accountBy: AccountGiver | null;
  account: string | null;
  namedPerpetrators: string | null;
  /** When the person's key was erased (nothing sealed can be read since). */
  erasedAt: string | null;
};

/** Opens an act's account and named perpetrators. The caller decides who may, and the read is audited by the caller's channel. */
export async function readTestimony(db: Db, masterKeys: MasterKeys, actId: string): Promise<Testimony> {
  const row = await sealedOfAct(db, actId);
  if (!row) throw new AppError('not_found', 'no such act', { publicMessage: 'The act does not exist.' });
  const key = await existingDataKey(db, masterKeys, row.personId);
  const erasure = await erasureOf(db, row.personId);
  const opened = (field: (typeof SEALED)[number], label: string) => {
    const sealed = row[field];
    if (sealed === null || key === null) return null;
    return open([key], sealed, context(actId, field), label).toString('utf8');
  };
  return {
    accountBy: row.accountBy as AccountGiver | null,
    account: opened('account', 'The account'),
    namedPerpetrators: opened('namedPerpetrators', 'The named perpetrators'),
    erasedAt: key === null ? (erasure?.erasedAt ?? null) : null,
  };
}

export type ActWithPeriod = StoredAct & {
  /** For incommunicado and disappearance: the stretch the timeline gives (null: the timeline shows none yet). */
  fromTimeline: UnknownStretch | null;
};

export type CaseActs = {
  detentionId: string;
  arrestedOn: string | null;
  /** What the person is accused of: the charges the amnesty engine reads, with their labels. */
  charges: { code: string; label: { es: string; en: string } }[];
  /** What was done to the person in custody: never read by the amnesty engine. */
  acts: ActWithPeriod[];
  /** Stretches of incommunicado and disappearance the timeline shows and no act recorded yet. */
  unrecordedStretches: UnknownStretch[];
};

/** A person's detentions, each with the charges they face and, apart, the acts they suffered. */
export async function actsOfPerson(db: Db, personId: string, asOf: string, notes: NoteCipher): Promise<CaseActs[]> {
  const [detentions, acts, timeline, offences] = await Promise.all([
    listDetentionsOfPerson(db, personId),
    storedActs(db, { personId }),
    listTimeline(db, personId, notes),
    listOffences(db),
  ]);
  const offence = new Map(offences.map((o) => [o.code, { es: o.labelEs, en: o.labelEn }]));
  const events = timeline.map((e) => ({
    id: e.id,
    kind: e.kind,
    occurredOn: e.occurredOn,
    seq: e.seq,
    precision: e.occurredOnPrecision,
    facility: e.facilityId ?? null,
    detentionId: e.detentionId ?? null,
  }));
  const stretches = unknownWhereabouts(events, asOf);
  // a stretch whose events name no detention belongs to the one in force (the only one, when there is one)
  const detentionOf = detentionsOfStretches(events, stretches);
  const only = detentions.length === 1 ? detentions[0]!.id : null;
  const unclaimed = new Set(stretches);
  return detentions.map((detention) => {
    const own = stretches.filter((s) => (detentionOf.get(s) ?? only) === detention.id);
    const withPeriods = acts
      .filter((act) => act.detentionId === detention.id)
      .map((act) => {
        const derived = ACT_KINDS.find((k) => k.code === act.kind)!.derivedFromTimeline;
        const stretch = derived ? (own.find((s) => s.kind === act.kind && unclaimed.has(s)) ?? null) : null;
        if (stretch) unclaimed.delete(stretch);
        return { ...act, fromTimeline: stretch };
      });
    return {
      detentionId: detention.id,
      arrestedOn: detention.arrestedOn ?? null,
      charges: (detention.charges ?? []).map((code) => ({ code, label: offence.get(code) ?? { es: code, en: code } })),
      acts: withPeriods,
      unrecordedStretches: own.filter((s) => unclaimed.has(s)),
    };
  });
}

/** Counts for staff: exact, every act, agencies as reported. */
export async function actCounts(db: Db, options: { by: ActCountDimension; asOf: string; consent: readonly Consent[] | undefined }): Promise<ActCounts> {
  const facts = await actFacts(db, options.consent);
  return countActs(countedActs(facts.acts, facts.timelines, options.asOf), options.by);
}

/** Counts as the public sees them: consented persons only, small cells withheld, agencies folded to the known ones. */
export async function publicActCounts(
  db: Db,
  options: { by: ActCountDimension; asOf: string; consent: readonly Consent[] },
): Promise<{ cells: PublicActCell[]; persons: number | null }> {
  const facts = await actFacts(db, options.consent);
  return publicActCells(countedActs(facts.acts, facts.timelines, options.asOf), options.by);
}
