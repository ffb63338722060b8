/**
 * Acts suffered in custody, as recorded (migration 011). The account and any named perpetrator
 * arrive here already sealed (usecases/acts.ts holds the keys) and leave sealed: no function below opens
 * them, and only `sealedOfAct` returns them. What the counts need (`actFacts`) is read in two
 * statements: the acts with their detention, person and level; and the timelines of the persons
 * ever recorded as "whereabouts unknown", from which incommunicado and disappearance are derived.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Consent, DatePrecision, EventKind, VerificationLevel } from '../domain/registry/vocabulary.js';
import type { RecordedActFact, TimelineFact } from '../domain/violations/counts.js';
import type { AccountGiver, ActKind } from '../domain/violations/vocabulary.js';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database> | Transaction<Database>;

export type ActFields = {
  kind: ActKind;
  fromOn: string | null;
  fromPrecision: DatePrecision;
  toOn: string | null;
  toPrecision: DatePrecision;
  facilityId: string | null;
  agency: string | null;
  unit: string | null;
  accountBy: AccountGiver | null;
  /** Sealed with the person's data key (or null: none recorded). */
  account: string | null;
  namedPerpetrators: string | null;
  externalId?: string | null;
};

/** An act as staff see it: never the sealed text, only whether there is one. */
export type StoredAct = Omit<ActFields, 'account' | 'namedPerpetrators' | 'externalId'> & {
  id: string;
  detentionId: string;
  personId: string;
  facilityName: string | null;
  hasAccount: boolean;
  hasNamedPerpetrators: boolean;
  level: VerificationLevel;
  evidence: number;
  sources: number;
  recordedAt: string;
  updatedAt: string;
};

export async function insertAct(db: Db, detentionId: string, fields: ActFields, by: string | null, id = newTimeOrderedId()): Promise<string> {
  await translateErrors(() =>
    db
      .insertInto('acts')
      .values({ id, detentionId, ...fields, externalId: fields.externalId ?? null, recordedBy: by })
      .execute(),
  );
  return id;
}

export async function updateAct(db: Db, id: string, fields: Partial<ActFields>): Promise<void> {
  await translateErrors(() =>
    db
      .updateTable('acts')
      .set({ ...fields, updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .execute(),
  );
}

export async function deleteAct(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('acts').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The act's sealed text and whose key seals it (undefined: no such act). */
export async function sealedOfAct(
  db: Db,
  id: string,
): Promise<{ personId: string; detentionId: string; accountBy: string | null; account: string | null; namedPerpetrators: string | null } | undefined> {
  return db
    .selectFrom('acts as a')
    .innerJoin('detentions as d', 'd.id', 'a.detentionId')
    .select(['d.personId', 'a.detentionId', 'a.accountBy', 'a.account', 'a.namedPerpetrators'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** The acts of a person (or one act), oldest detention first, with their derived level and how much supports them. */
export async function storedActs(db: Db, where: { personId: string } | { actId: string }): Promise<StoredAct[]> {
  const rows = await db
    .selectFrom('acts as a')
    .innerJoin('detentions as d', 'd.id', 'a.detentionId')
    .leftJoin('facilities as f', 'f.id', 'a.facilityId')
    .leftJoin('currentVerificationLevels as v', (join) => join.onRef('v.subjectId', '=', 'a.id').on('v.subjectKind', '=', 'act'))
    .select((eb) => [
      'a.id',
      'a.detentionId',
      'd.personId',
      'a.kind',
      'a.fromOn',
      'a.fromPrecision',
      'a.toOn',
      'a.toPrecision',
      'a.facilityId',
      'f.name as facilityName',
      'a.agency',
      'a.unit',
      'a.accountBy',
      sql<boolean>`a.account is not null`.as('hasAccount'),
      sql<boolean>`a.named_perpetrators is not null`.as('hasNamedPerpetrators'),
      eb.fn.coalesce('v.level', sql<string>`'reported'`).as('level'),
      eb
        .selectFrom('evidenceLinks as k')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('k.subjectId', '=', 'a.id')
        .where('k.subjectKind', '=', 'act')
        .as('evidence'),
      eb.selectFrom('sourceLinks as l').select(eb.fn.countAll<number>().as('n')).whereRef('l.actId', '=', 'a.id').as('sources'),
      'a.recordedAt',
      'a.updatedAt',
    ])
    .where('personId' in where ? 'd.personId' : 'a.id', '=', 'personId' in where ? where.personId : where.actId)
    .orderBy('d.arrestedOn')
    .orderBy('a.fromOn')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    kind: r.kind as ActKind,
    fromPrecision: r.fromPrecision as DatePrecision,
    toPrecision: r.toPrecision as DatePrecision,
    accountBy: r.accountBy as AccountGiver | null,
    level: r.level as VerificationLevel,
    evidence: Number(r.evidence ?? 0),
    sources: Number(r.sources ?? 0),
  }));
}

/** What the counts read: the domain's own shapes (domain/violations/counts.ts). */
export type ActFact = RecordedActFact;
export type WhereaboutsFact = TimelineFact;

/**
 * Every act of the persons counted, and the timelines of those ever recorded as "whereabouts
 * unknown". Each as one row holding a JSON array (the embedded database pays per row returned).
 */
export async function actFacts(db: Db, consent: readonly Consent[] | undefined): Promise<{ acts: ActFact[]; timelines: WhereaboutsFact[] }> {
  const counted = consent === undefined ? sql`true` : sql`p.consent = any(${[...consent]}::text[])`;
  // the detention only where a stretch of the timeline may need it (incommunicado, disappearance): the rest is bytes
  const acts = await sql<{ rows: [string, string | null, string, string | null, string | null, string | null, string | null, string][] | null }>`
    select json_agg(json_build_array(d.person_id, case when a.kind in ('incommunicado', 'enforced_disappearance') then a.detention_id end,
      a.kind, a.from_on, f.name, a.agency, d.agency, coalesce(v.level, 'reported'))) as rows
    from acts a
    join detentions d on d.id = a.detention_id
    join persons p on p.id = d.person_id
    left join facilities f on f.id = a.facility_id
    left join current_verification_levels v on v.subject_kind = 'act' and v.subject_id = a.id
    where ${counted}`.execute(db);
  const timelines = await sql<{
    rows: [string, string, string | null, string | null, string, string, string, number, string | null, string][] | null;
  }>`
    select json_agg(json_build_array(e.id, e.person_id, e.detention_id, d.agency, e.kind, e.occurred_on, e.occurred_on_precision, e.seq,
      f.name, coalesce(v.level, 'reported')) order by e.person_id, e.occurred_on, e.seq) as rows
    from events e
    join persons p on p.id = e.person_id
    left join detentions d on d.id = e.detention_id
    left join facilities f on f.id = e.facility_id
    left join current_verification_levels v on v.subject_kind = 'event' and v.subject_id = e.id
    where e.person_id in (select person_id from events where kind = 'whereabouts_unknown') and ${counted}`.execute(db);
  return {
    acts: (acts.rows[0]?.rows ?? []).map(([personId, detentionId, kind, fromOn, facility, agency, detentionAgency, level]) => ({
      personId,
      detentionId,
      kind: kind as ActKind,
      fromOn,
      facility,
      agency,
      detentionAgency,
      level: level as VerificationLevel,
    })),
    timelines: (timelines.rows[0]?.rows ?? []).map(([id, personId, detentionId, detentionAgency, kind, occurredOn, precision, seq, facility, level]) => ({
      id,
      personId,
      detentionId,
      detentionAgency,
      kind: kind as EventKind,
      occurredOn,
      precision,
      seq: Number(seq),
      facility,
      level: level as VerificationLevel,
    })),
  };
}

/** The detention an act may be recorded in, with its person and arrest (undefined: no such detention). */
export async function detentionOfAct(db: Db, detentionId: string): Promise<{ personId: string; arrestedOn: string | null } | undefined> {
  return db.selectFrom('detentions').select(['personId', 'arrestedOn']).where('id', '=', detentionId).executeTakeFirst();
}

/** How many verifiers' reviews an act has had. */
export async function reviewsOfAct(db: Db, actId: string): Promise<number> {
  const row = await db
    .selectFrom('verificationReviews')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subjectKind', '=', 'act')
    .where('subjectId', '=', actId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Clears the sealed text of the persons' acts (their key is being erased: it could never be read again). */
export async function clearSealedActsOf(db: Db, personIds: readonly string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const result = await db
    .updateTable('acts')
    .set({ account: null, namedPerpetrators: null })
    .where('detentionId', 'in', (eb) =>
      eb
        .selectFrom('detentions')
        .select('id')
        .where('personId', 'in', [...personIds]),
    )
    .where((eb) => eb.or([eb('account', 'is not', null), eb('namedPerpetrators', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Acts of a person that hold sealed text (a merge must not move them away from their key). */
export async function sealedActsOf(db: Db, personId: string): Promise<number> {
  const row = await db
    .selectFrom('acts as a')
    .innerJoin('detentions as d', 'd.id', 'a.detentionId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('d.personId', '=', personId)
    .where((eb) => eb.or([eb('a.account', 'is not', null), eb('a.namedPerpetrators', 'is not', null)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
