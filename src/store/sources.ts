/** Sources (who said it, in which document) and their links to facts, each with a verification level. */
import type { Kysely, Transaction } from 'kysely';
import type { Source, SourceLink } from '../shared/schemas.js';
import type { Database } from './schema.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database> | Transaction<Database>;
export type SourceFields = Omit<Source, 'id'>;
export type SourceLinkFields = Omit<SourceLink, 'id' | 'actId'> & { actId?: string | null };

export async function createSource(db: Db, fields: SourceFields): Promise<Source> {
  const row = await db
    .insertInto('sources')
    .values({ organisation: fields.organisation, title: fields.title, url: fields.url ?? null, publishedOn: fields.publishedOn ?? null })
    .returning(['id', 'organisation', 'title', 'url', 'publishedOn'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function getSource(db: Db, id: string): Promise<Source | undefined> {
  return db.selectFrom('sources').select(['id', 'organisation', 'title', 'url', 'publishedOn']).where('id', '=', id).executeTakeFirst();
}

export async function listSources(db: Db, limit: number, offset: number): Promise<{ items: Source[]; total: number }> {
  const items = await db
    .selectFrom('sources')
    .select(['id', 'organisation', 'title', 'url', 'publishedOn'])
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const { n } = await db
    .selectFrom('sources')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { items, total: Number(n) };
}

export async function createSourceLink(db: Db, fields: SourceLinkFields): Promise<SourceLink> {
  return translateErrors(
    () =>
      db
        .insertInto('sourceLinks')
        .values(fields)
        .returning(['id', 'sourceId', 'personId', 'detentionId', 'eventId', 'measureId', 'actId', 'level', 'note'])
        .executeTakeFirstOrThrow() as Promise<SourceLink>,
  );
}

/** Every source link about a person: on the person, their detentions, events and measures. */
export async function listSourceLinksOfPerson(db: Db, personId: string): Promise<(SourceLink & { source: Source })[]> {
  const rows = await db
    .selectFrom('sourceLinks as l')
    .innerJoin('sources as s', 's.id', 'l.sourceId')
    .leftJoin('detentions as d', 'd.id', 'l.detentionId')
    .leftJoin('events as e', 'e.id', 'l.eventId')
    .leftJoin('measures as m', 'm.id', 'l.measureId')
    .leftJoin('events as me', 'me.id', 'm.eventId')
    .leftJoin('acts as a', 'a.id', 'l.actId')
    .leftJoin('detentions as ad', 'ad.id', 'a.detentionId')
    .select([
      'l.id',
      'l.sourceId',
      'l.personId',
      'l.detentionId',
      'l.eventId',
      'l.measureId',
      'l.actId',
      'l.level',
      'l.note',
      's.organisation',
      's.title',
      's.url',
      's.publishedOn',
    ])
    .where((eb) =>
      eb.or([
        eb('l.personId', '=', personId),
        eb('d.personId', '=', personId),
        eb('e.personId', '=', personId),
        eb('me.personId', '=', personId),
        eb('ad.personId', '=', personId),
      ]),
    )
    .orderBy('l.createdAt')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.sourceId,
    personId: r.personId,
    detentionId: r.detentionId,
    eventId: r.eventId,
    measureId: r.measureId,
    actId: r.actId,
    level: r.level as SourceLink['level'],
    note: r.note,
    source: { id: r.sourceId, organisation: r.organisation, title: r.title, url: r.url, publishedOn: r.publishedOn },
  }));
}
