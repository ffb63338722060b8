/**
 * Merging two registry records of the same person, and undoing it. The merge keeps
 * everything of both: the merged record's identifiers, detentions (with their charges),
 * events (with their measures), source links and reviewers' decisions move to the kept
 * record, and its names become aliases. What moved, and the merged record as it was, are
 * kept in person_merges, so an unmerge restores both records exactly.
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { buildNameSearchKey } from '../domain/registry/normalize-name.js';
import { AppError } from '../shared/app-error.js';
import { sealedActsOf } from './acts.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** What an unmerge needs: the merged record as it was, and the ids of what moved. */
type MergeSnapshot = {
  person: Record<string, unknown>;
  identifiers: { kind: string; value: string; moved: boolean }[];
  keptAliases: string[];
  detentions: string[];
  events: string[];
  sourceLinks: string[];
  decisions: { id: string; entryId: string; personId: string; match: boolean; decidedBy: string; note: string | null; decidedAt: string; moved: boolean }[];
};

export type PersonMerge = { id: string; keptPersonId: string; mergedPersonId: string; mergedBy: string; mergedAt: string };

async function moveIdentifier(trx: Transaction<Database>, identifier: { kind: string; value: string }, from: string, to: string): Promise<void> {
  await trx
    .updateTable('personIdentifiers')
    .set({ personId: to })
    .where('personId', '=', from)
    .where('kind', '=', identifier.kind)
    .where('value', '=', identifier.value)
    .execute();
}

async function cedulasOf(db: Db | Transaction<Database>, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('personIdentifiers')
    .select('value')
    .where('personId', '=', personId)
    .where('kind', 'in', ['cedula_v', 'cedula_e'])
    .execute();
  return rows.map((r) => r.value);
}

/**
 * Merges `mergeId` into `keepId`. Two records with different cédulas are two people:
 * refused (conflict) unless `force`, for the rare cédula recorded wrongly.
 */
export async function mergePersons(db: Db, options: { keepId: string; mergeId: string; mergedBy: string; force?: boolean }): Promise<PersonMerge> {
  const { keepId, mergeId } = options;
  if (keepId === mergeId) throw new AppError('validation_failed', 'merge with itself', { publicMessage: 'A record cannot be merged with itself.' });
  return db.transaction().execute(async (trx) => {
    const [kept, merged] = await Promise.all([
      trx.selectFrom('persons').selectAll().where('id', '=', keepId).forUpdate().executeTakeFirst(),
      trx.selectFrom('persons').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst(),
    ]);
    if (!kept || !merged) throw new AppError('not_found', 'person to merge not found');
    const [keptCedulas, mergedCedulas] = [await cedulasOf(trx, keepId), await cedulasOf(trx, mergeId)];
    if (!options.force && keptCedulas.length > 0 && mergedCedulas.length > 0 && !keptCedulas.some((c) => mergedCedulas.includes(c))) {
      throw new AppError('conflict', 'merge of two cédulas', {
        publicMessage:
          'The two records carry different cédulas, so they are two people. If a cédula was recorded wrongly, correct it first, or merge with force.',
        details: [{ path: 'force', reason: 'the two records carry different cédulas: merging needs force' }],
      });
    }
    const keptIdentifiers = await trx.selectFrom('personIdentifiers').select(['kind', 'value']).where('personId', '=', keepId).execute();
    const mergedIdentifiers = await trx.selectFrom('personIdentifiers').select(['kind', 'value']).where('personId', '=', mergeId).execute();
    const identifiers = mergedIdentifiers.map((i) => ({ ...i, moved: !keptIdentifiers.some((k) => k.kind === i.kind && k.value === i.value) }));
    const ids = async (table: 'detentions' | 'events' | 'sourceLinks') =>
      (await trx.selectFrom(table).select('id').where('personId', '=', mergeId).execute()).map((r) => r.id);
    const keptDecisionEntries = new Set(
      (await trx.selectFrom('linkDecisions').select('entryId').where('personId', '=', keepId).execute()).map((r) => r.entryId),
    );
    const decisions = (await trx.selectFrom('linkDecisions').selectAll().where('personId', '=', mergeId).execute()).map((d) => ({
      id: d.id,
      entryId: d.entryId,
      personId: d.personId,
      match: d.match,
      decidedBy: d.decidedBy,
      note: d.note,
      decidedAt: d.decidedAt,
      moved: !keptDecisionEntries.has(d.entryId),
    }));
    const snapshot: MergeSnapshot = {
      person: merged,
      identifiers,
      keptAliases: kept.aliases,
      detentions: await ids('detentions'),
      events: await ids('events'),
      sourceLinks: await ids('sourceLinks'),
      decisions,
    };
    // Sealed fields are bound to their person's key: they cannot move, and deleting the record would
    // erase them. The user moves what is needed to the kept record (or clears it) first.
    const sealed = await trx.selectFrom('personSensitive').select('field').where('personId', '=', mergeId).orderBy('field').execute();
    if (sealed.length > 0) {
      throw new AppError('conflict', 'merged record holds sensitive fields', {
        publicMessage: `The record to merge holds sensitive fields (${sealed.map((f) => f.field).join(', ')}). Copy what is needed to the record kept, clear them on the record to merge, then merge.`,
      });
    }
    const sealedActs = await sealedActsOf(trx, mergeId);
    if (sealedActs > 0) {
      throw new AppError('conflict', 'merged record holds sealed accounts of acts', {
        publicMessage: `The record to merge holds ${sealedActs} act(s) with a sealed account or named perpetrators, bound to its own key. Record them on the kept record's detention, clear them on the record to merge, then merge.`,
      });
    }
    await trx.deleteFrom('personKeys').where('personId', '=', mergeId).execute();
    const movedIdentifiers = identifiers.filter((i) => i.moved);
    for (const i of movedIdentifiers) await moveIdentifier(trx, i, mergeId, keepId);
    await trx.updateTable('detentions').set({ personId: keepId }).where('personId', '=', mergeId).execute();
    await trx.updateTable('events').set({ personId: keepId }).where('personId', '=', mergeId).execute();
    await trx.updateTable('sourceLinks').set({ personId: keepId }).where('personId', '=', mergeId).execute();
    const movedDecisions = decisions.filter((d) => d.moved).map((d) => d.id);
    if (movedDecisions.length > 0) await trx.updateTable('linkDecisions').set({ personId: keepId }).where('id', 'in', movedDecisions).execute();
    const mergedName = [merged.givenNames, merged.firstSurname, merged.secondSurname].filter(Boolean).join(' ');
    const keptName = [kept.givenNames, kept.firstSurname, kept.secondSurname].filter(Boolean).join(' ');
    const aliases = [...new Set([...kept.aliases, ...merged.aliases, ...(mergedName !== keptName ? [mergedName] : [])])];
    await trx
      .updateTable('persons')
      .set({ aliases, nameSearch: buildNameSearchKey({ ...kept, aliases }), updatedAt: new Date().toISOString() })
      .where('id', '=', keepId)
      .execute();
    await trx.deleteFrom('persons').where('id', '=', mergeId).execute();
    return trx
      .insertInto('personMerges')
      .values({ keptPersonId: keepId, mergedPersonId: mergeId, snapshot: JSON.stringify(snapshot), mergedBy: options.mergedBy })
      .returning(['id', 'keptPersonId', 'mergedPersonId', 'mergedBy', 'mergedAt'])
      .executeTakeFirstOrThrow();
  });
}

/** Undoes a merge: the merged record comes back as it was, with everything that moved. */
export async function unmergePersons(db: Db, mergeId: string): Promise<{ keptPersonId: string; restoredPersonId: string }> {
  return db.transaction().execute(async (trx) => {
    const merge = await trx.selectFrom('personMerges').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst();
    if (!merge) throw new AppError('not_found', 'merge not found');
    const snapshot = (typeof merge.snapshot === 'string' ? JSON.parse(merge.snapshot) : merge.snapshot) as MergeSnapshot;
    const keepId = merge.keptPersonId;
    const restoredId = merge.mergedPersonId;
    // what the database derives (status, place, their levels) is left to it: a snapshot taken before
    // this version has none of it, and a later one may be stale by now
    const {
      status: _status,
      statusEventId: _statusEvent,
      statusLevel: _statusLevel,
      placeEventId: _placeEvent,
      placeFacilityId: _placeFacility,
      placeLevel: _placeLevel,
      ...person
    } = snapshot.person as Insertable<Database['persons']>;
    await trx
      .insertInto('persons')
      .values({ ...person, id: restoredId })
      .execute();
    for (const i of snapshot.identifiers) {
      if (i.moved) {
        await moveIdentifier(trx, i, keepId, restoredId);
      } else {
        await trx
          .insertInto('personIdentifiers')
          .values({ personId: restoredId, kind: i.kind, value: i.value })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    const back = async (table: 'detentions' | 'events' | 'sourceLinks', list: string[]) => {
      if (list.length > 0) await trx.updateTable(table).set({ personId: restoredId }).where('id', 'in', list).where('personId', '=', keepId).execute();
    };
    // acts recorded since the merge are sealed with the kept record's key: moving them back would lose their accounts
    if (snapshot.detentions.length > 0) {
      const sealed = await trx
        .selectFrom('acts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('detentionId', 'in', snapshot.detentions)
        .where((eb) => eb.or([eb('account', 'is not', null), eb('namedPerpetrators', 'is not', null)]))
        .executeTakeFirstOrThrow();
      if (Number(sealed.n) > 0) {
        throw new AppError('conflict', 'unmerge would lose sealed accounts', {
          publicMessage: `Since the merge, ${sealed.n} act(s) of the detentions to move back hold a sealed account, bound to the kept record's key. Record them again once the records are apart (clear them here first), then undo.`,
        });
      }
    }
    await back('detentions', snapshot.detentions);
    await back('events', snapshot.events);
    await back('sourceLinks', snapshot.sourceLinks);
    // both persons' status and place from the timelines they now have (the moves above refreshed
    // them, unless no event moved)
    await sql`select refresh_person_status(${[keepId, restoredId].sort()}::uuid[])`.execute(trx);
    for (const d of snapshot.decisions) {
      if (d.moved) await trx.updateTable('linkDecisions').set({ personId: restoredId }).where('id', '=', d.id).execute();
      else
        await trx
          .insertInto('linkDecisions')
          .values({ id: d.id, entryId: d.entryId, personId: restoredId, match: d.match, decidedBy: d.decidedBy, note: d.note, decidedAt: d.decidedAt })
          .onConflict((oc) => oc.doNothing())
          .execute();
    }
    const kept = await trx
      .selectFrom('persons')
      .select(['givenNames', 'firstSurname', 'secondSurname', 'aliases'])
      .where('id', '=', keepId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('persons')
      .set({ aliases: snapshot.keptAliases, nameSearch: buildNameSearchKey({ ...kept, aliases: snapshot.keptAliases }), updatedAt: new Date().toISOString() })
      .where('id', '=', keepId)
      .execute();
    await trx.deleteFrom('personMerges').where('id', '=', mergeId).execute();
    return { keptPersonId: keepId, restoredPersonId: restoredId };
  });
}

/** Merges into a person, newest first. */
export async function listMerges(db: Db, keptPersonId?: string): Promise<PersonMerge[]> {
  let query = db.selectFrom('personMerges').select(['id', 'keptPersonId', 'mergedPersonId', 'mergedBy', 'mergedAt']).orderBy('mergedAt', 'desc');
  if (keptPersonId) query = query.where('keptPersonId', '=', keptPersonId);
  return query.execute();
}
