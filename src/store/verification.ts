/** Evidence items, their links to events, detentions and persons, verifiers' reviews and the history of derived levels. */
import { type Kysely, sql, type Transaction } from 'kysely';
import { type EvidenceKind, latestReviews, type SubjectKind, type Verdict } from '../domain/verification/derive-level.js';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';

type Db = Kysely<Database> | Transaction<Database>;

export type EvidenceRow = {
  id: string;
  kind: EvidenceKind;
  title: string;
  sha256: string;
  mediaType: string;
  sizeBytes: number;
  sourceId: string | null;
  addedBy: string | null;
  addedAt: string;
};
const EVIDENCE_COLUMNS = ['id', 'kind', 'title', 'sha256', 'mediaType', 'sizeBytes', 'sourceId', 'addedBy', 'addedAt'] as const;

export async function insertEvidence(db: Db, fields: Omit<EvidenceRow, 'id' | 'addedAt'>): Promise<EvidenceRow> {
  return db
    .insertInto('evidence')
    .values({ id: newTimeOrderedId(), ...fields })
    .returning([...EVIDENCE_COLUMNS])
    .executeTakeFirstOrThrow() as Promise<EvidenceRow>;
}

export async function getEvidence(db: Db, id: string): Promise<EvidenceRow | undefined> {
  return db.selectFrom('evidence').select(EVIDENCE_COLUMNS).where('id', '=', id).executeTakeFirst() as Promise<EvidenceRow | undefined>;
}

export async function getEvidenceByHash(db: Db, sha256: string): Promise<EvidenceRow | undefined> {
  return db.selectFrom('evidence').select(EVIDENCE_COLUMNS).where('sha256', '=', sha256).executeTakeFirst() as Promise<EvidenceRow | undefined>;
}

/** Links an item to a subject; false when it was already linked. */
export async function insertEvidenceLink(
  db: Db,
  fields: { evidenceId: string; subjectKind: SubjectKind; subjectId: string; linkedBy: string | null },
): Promise<boolean> {
  const result = await db
    .insertInto('evidenceLinks')
    .values({ id: newTimeOrderedId(), ...fields })
    .onConflict((oc) => oc.columns(['evidenceId', 'subjectKind', 'subjectId']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** True when an item of evidence is linked to an act in custody (its reading is then as guarded as the act's account). */
export async function evidenceOfActs(db: Db, evidenceId: string): Promise<boolean> {
  const row = await db.selectFrom('evidenceLinks').select('id').where('evidenceId', '=', evidenceId).where('subjectKind', '=', 'act').executeTakeFirst();
  return row !== undefined;
}

/** The person a subject belongs to, or undefined when there is no such subject. */
export async function personOfSubject(db: Db, kind: SubjectKind, id: string): Promise<string | undefined> {
  if (kind === 'person') return (await db.selectFrom('persons').select('id').where('id', '=', id).executeTakeFirst())?.id;
  if (kind === 'act') {
    const row = await db
      .selectFrom('acts')
      .innerJoin('detentions', 'detentions.id', 'acts.detentionId')
      .select('detentions.personId')
      .where('acts.id', '=', id)
      .executeTakeFirst();
    return row?.personId;
  }
  const table = kind === 'event' ? 'events' : 'detentions';
  return (await db.selectFrom(table).select('personId').where('id', '=', id).executeTakeFirst())?.personId;
}

/** Serialises level changes of one subject across processes until the transaction ends. */
export async function lockSubject(trx: Transaction<Database>, kind: SubjectKind, id: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`verification:${kind}:${id}`}))`.execute(trx);
}

export type SubjectRecord = {
  evidence: (EvidenceRow & { sourceOrganisation: string | null })[];
  sources: { id: string; organisation: string; title: string }[];
  reviews: { id: string; verdict: Verdict; reviewer: string; reviewerName: string; evidenceIds: string[]; note: string | null; reviewedAt: string }[];
  levels: {
    id: string;
    level: string;
    previous: string | null;
    independentSources: number;
    cause: string;
    changedBy: string | null;
    changedByName: string | null;
    changedAt: string;
    logIndex: number | null;
  }[];
};

const SOURCE_COLUMN = { event: 'l.eventId', detention: 'l.detentionId', person: 'l.personId', act: 'l.actId' } as const;

/** Everything a subject's level is derived from, and its history (oldest first). */
export async function loadSubject(db: Db, kind: SubjectKind, id: string): Promise<SubjectRecord> {
  const evidence = await db
    .selectFrom('evidenceLinks as k')
    .innerJoin('evidence as e', 'e.id', 'k.evidenceId')
    .leftJoin('sources as s', 's.id', 'e.sourceId')
    .select([
      'e.id',
      'e.kind',
      'e.title',
      'e.sha256',
      'e.mediaType',
      'e.sizeBytes',
      'e.sourceId',
      'e.addedBy',
      'e.addedAt',
      's.organisation as sourceOrganisation',
    ])
    .where('k.subjectKind', '=', kind)
    .where('k.subjectId', '=', id)
    .orderBy('e.id')
    .execute();
  const sources = await db
    .selectFrom('sourceLinks as l')
    .innerJoin('sources as s', 's.id', 'l.sourceId')
    .select(['s.id', 's.organisation', 's.title'])
    .where(SOURCE_COLUMN[kind], '=', id)
    .orderBy('s.id')
    .execute();
  const reviews = await db
    .selectFrom('verificationReviews as r')
    .innerJoin('accounts as a', 'a.id', 'r.reviewer')
    .select(['r.id', 'r.verdict', 'r.reviewer', 'a.name as reviewerName', 'r.evidenceIds', 'r.note', 'r.reviewedAt'])
    .where('r.subjectKind', '=', kind)
    .where('r.subjectId', '=', id)
    .orderBy('r.id')
    .execute();
  const levels = await db
    .selectFrom('verificationLevels as v')
    .leftJoin('accounts as a', 'a.id', 'v.changedBy')
    .select(['v.id', 'v.level', 'v.previous', 'v.independentSources', 'v.cause', 'v.changedBy', 'a.name as changedByName', 'v.changedAt', 'v.logIndex'])
    .where('v.subjectKind', '=', kind)
    .where('v.subjectId', '=', id)
    .orderBy('v.id')
    .execute();
  return { evidence: evidence as SubjectRecord['evidence'], sources, reviews: reviews.map((r) => ({ ...r, verdict: r.verdict as Verdict })), levels };
}

export async function insertReview(
  trx: Transaction<Database>,
  fields: { subjectKind: SubjectKind; subjectId: string; verdict: Verdict; reviewer: string; evidenceIds: string[]; note: string | null },
): Promise<{ id: string; reviewedAt: string }> {
  return trx
    .insertInto('verificationReviews')
    .values({ id: newTimeOrderedId(), ...fields })
    .returning(['id', 'reviewedAt'])
    .executeTakeFirstOrThrow();
}

export async function insertLevel(
  trx: Transaction<Database>,
  fields: {
    subjectKind: SubjectKind;
    subjectId: string;
    level: string;
    previous: string | null;
    independentSources: number;
    cause: 'evidence' | 'source' | 'review';
    changedBy: string | null;
    logIndex: number | null;
  },
): Promise<void> {
  await trx
    .insertInto('verificationLevels')
    .values({ id: newTimeOrderedId(), ...fields })
    .execute();
}

/**
 * What waits for verifiers: subjects at the given levels, newest change first, each with its
 * person, what it is (an event's kind and date, a detention's arrest, an act's kind) and the
 * verifiers whose latest review confirms it — so a queue shows who is first and who may be second.
 */
export async function subjectsAtLevels(db: Db, levels: readonly string[], limit: number) {
  const rows = await db
    .selectFrom('currentVerificationLevels')
    .select(['subjectKind', 'subjectId', 'level', 'independentSources', 'changedAt'])
    .where('level', 'in', [...levels])
    .orderBy('changedAt', 'desc')
    .limit(limit)
    .execute();
  const subjects = rows.map((r) => ({ kind: r.subjectKind as SubjectKind, id: r.subjectId }));
  const about = await subjectFacts(db, subjects);
  const reviews = await some(
    rows.map((r) => r.subjectId),
    (ids) =>
      db
        .selectFrom('verificationReviews as r')
        .innerJoin('accounts as a', 'a.id', 'r.reviewer')
        .select(['r.subjectKind', 'r.subjectId', 'r.reviewer', 'r.verdict', 'r.reviewedAt', 'a.name'])
        .where('r.subjectKind', 'in', [...new Set(rows.map((r) => r.subjectKind))])
        .where('r.subjectId', 'in', ids)
        .orderBy('r.id')
        .execute(),
  );
  const reviewers = new Map(reviews.map((r) => [r.reviewer, r.name]));
  const personIds = [...new Set([...about.values()].map((a) => a.personId))];
  const names = new Map(
    (
      await some(personIds, (ids) => db.selectFrom('persons').select(['id', 'givenNames', 'firstSurname', 'secondSurname']).where('id', 'in', ids).execute())
    ).map((p) => [p.id, [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' ')]),
  );
  return rows.map((row) => {
    const key = `${row.subjectKind}:${row.subjectId}`;
    const mine = reviews
      .filter((r) => r.subjectKind === row.subjectKind && r.subjectId === row.subjectId)
      .map((r, seq) => ({ reviewer: r.reviewer, verdict: r.verdict as Verdict, at: r.reviewedAt, seq }));
    const confirmedBy = latestReviews(mine)
      .filter((r) => r.verdict === 'confirms')
      .map((r) => reviewers.get(r.reviewer) ?? r.reviewer);
    const subject = about.get(key);
    return {
      ...row,
      personId: subject?.personId ?? null,
      personName: (subject && names.get(subject.personId)) ?? null,
      subjectType: subject?.type ?? null,
      subjectDate: subject?.on ?? null,
      confirmedBy: confirmedBy.sort(),
    };
  });
}

/** What each subject is and whose: an event's kind and date, a detention's arrest, an act's kind and start. */
export async function subjectFacts(
  db: Db,
  subjects: readonly { kind: SubjectKind; id: string }[],
): Promise<Map<string, { personId: string; type: string | null; on: string | null }>> {
  const idsOf = (kind: SubjectKind) => subjects.filter((s) => s.kind === kind).map((s) => s.id);
  const [events, detentions, acts] = await Promise.all([
    some(idsOf('event'), (ids) => db.selectFrom('events').select(['id', 'personId', 'kind', 'occurredOn as on']).where('id', 'in', ids).execute()),
    some(idsOf('detention'), (ids) => db.selectFrom('detentions').select(['id', 'personId', 'arrestedOn as on']).where('id', 'in', ids).execute()),
    some(idsOf('act'), (ids) =>
      db
        .selectFrom('acts')
        .innerJoin('detentions', 'detentions.id', 'acts.detentionId')
        .select(['acts.id', 'detentions.personId', 'acts.kind', 'acts.fromOn as on'])
        .where('acts.id', 'in', ids)
        .execute(),
    ),
  ]);
  const about = new Map<string, { personId: string; type: string | null; on: string | null }>();
  for (const e of events) about.set(`event:${e.id}`, { personId: e.personId, type: e.kind, on: e.on });
  for (const d of detentions) about.set(`detention:${d.id}`, { personId: d.personId, type: null, on: d.on });
  for (const a of acts) about.set(`act:${a.id}`, { personId: a.personId, type: a.kind, on: a.on });
  for (const id of idsOf('person')) about.set(`person:${id}`, { personId: id, type: null, on: null });
  return about;
}

/** Runs a query over a non-empty list of ids (an empty IN is not SQL). */
async function some<T>(ids: string[], query: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  return ids.length === 0 ? [] : query(ids);
}

/** A person's publication consent (what the public log may say of them). */
export async function consentOfPerson(db: Db, personId: string): Promise<string | undefined> {
  return (await db.selectFrom('persons').select('consent').where('id', '=', personId).executeTakeFirst())?.consent;
}

/** The current level of each of these subjects; one never sourced or reviewed has none (it counts as reported). */
export async function currentLevelsOf(db: Db, kind: SubjectKind, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('currentVerificationLevels')
    .select(['subjectId', 'level'])
    .where('subjectKind', '=', kind)
    .where('subjectId', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.subjectId, r.level]));
}
