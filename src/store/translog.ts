/** The transparency log's tables: entries, checkpoints, witnesses and cosignatures, publications and commitments. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type StoredEntry = { index: number; kind: string; data: string; leafHash: string; publicationId: string | null };
export type StoredCheckpoint = { size: number; root: string; note: string; signedAt: string };
export type StoredCosignature = { size: number; witnessKey: string; line: string; cosignedAt: string };
export type Witness = { key: string; name: string; addedBy: string; addedAt: string };
export type Publication = { id: string; kind: string; title: string; firstIndex: number; entries: number; createdBy: string; createdAt: string };
export type Commitment = { index: number; publicationId: string; personId: string; salt: string; subject: string };

/** Serialises appends across processes (the server and a CLI on one PostgreSQL) until the transaction ends. */
export async function lockLog(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(8231994455)`.execute(trx);
}

/** How many entries the log holds. */
export async function countEntries(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('logEntries')
    .select((eb) => eb.fn.coalesce(eb.fn.max('index'), sql<number>`-1`).as('n'))
    .executeTakeFirstOrThrow();
  return Number(n) + 1;
}

/** Leaf hashes (hex) from an index on, in order, a page at a time. */
export async function* leafHashesFrom(db: Db, from: number, page = 50_000): AsyncGenerator<string[]> {
  let next = from;
  for (;;) {
    const rows = await db
      .selectFrom('logEntries')
      .select('leafHash')
      .where('index', '>=', next)
      .where('index', '<', next + page)
      .orderBy('index')
      .execute();
    if (rows.length === 0) return;
    yield rows.map((r) => r.leafHash);
    next += rows.length;
    if (rows.length < page) return;
  }
}

/**
 * The stored roots of complete chunks (hex), in order from chunk 0 up to the first one missing (a
 * tile not written — by an older version, say — is made again from the entries when the log opens).
 */
export async function readTiles(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('logTiles').select(['chunk', 'hash']).orderBy('chunk').execute();
  const prefix: string[] = [];
  for (const row of rows) {
    if (Number(row.chunk) !== prefix.length) break;
    prefix.push(row.hash);
  }
  return prefix;
}

/** Stores chunk roots; one already stored is left as it is (another process wrote it). */
export async function insertTiles(db: Db, tiles: readonly { chunk: number; hash: string }[]): Promise<void> {
  for (let i = 0; i < tiles.length; i += 2000) {
    await db
      .insertInto('logTiles')
      .values(tiles.slice(i, i + 2000).map((t) => ({ chunk: t.chunk, lastIndex: t.chunk * 256 + 255, hash: t.hash })))
      .onConflict((oc) => oc.column('chunk').doNothing())
      .execute();
  }
}

/** Leaf hashes (hex) of entries [from, to), in order. */
export async function leafHashesBetween(db: Db, from: number, to: number): Promise<string[]> {
  const rows = await db.selectFrom('logEntries').select('leafHash').where('index', '>=', from).where('index', '<', to).orderBy('index').execute();
  return rows.map((r) => r.leafHash);
}

export async function insertEntries(trx: Transaction<Database>, entries: readonly StoredEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 2000) {
    await trx
      .insertInto('logEntries')
      .values(entries.slice(i, i + 2000))
      .execute();
  }
}

/** Entries [start, end), in order. */
export async function readEntries(db: Db, start: number, end: number): Promise<StoredEntry[]> {
  return db
    .selectFrom('logEntries')
    .select(['index', 'kind', 'data', 'leafHash', 'publicationId'])
    .where('index', '>=', start)
    .where('index', '<', end)
    .orderBy('index')
    .execute();
}

export async function insertCheckpoint(trx: Transaction<Database>, checkpoint: Omit<StoredCheckpoint, 'signedAt'>): Promise<void> {
  await trx.insertInto('logCheckpoints').values(checkpoint).execute();
}

/** The checkpoint of the largest size, or of a given size. */
export async function readCheckpoint(db: Db, size?: number): Promise<StoredCheckpoint | undefined> {
  let query = db.selectFrom('logCheckpoints').select(['size', 'root', 'note', 'signedAt']);
  query = size === undefined ? query.orderBy('size', 'desc').limit(1) : query.where('size', '=', size);
  return query.executeTakeFirst();
}

export async function cosignaturesOf(db: Db, size: number): Promise<StoredCosignature[]> {
  return db.selectFrom('logCosignatures').select(['size', 'witnessKey', 'line', 'cosignedAt']).where('size', '=', size).orderBy('witnessKey').execute();
}

/** Stores a witness's cosignature; a newer one from the same witness for the same size replaces nothing (the first stays). */
export async function insertCosignature(db: Db, cosignature: StoredCosignature): Promise<boolean> {
  const result = await db
    .insertInto('logCosignatures')
    .values(cosignature)
    .onConflict((oc) => oc.columns(['size', 'witnessKey']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function listWitnesses(db: Db): Promise<Witness[]> {
  return db.selectFrom('logWitnesses').select(['key', 'name', 'addedBy', 'addedAt']).orderBy('name').execute();
}

export async function addWitness(db: Db, witness: Omit<Witness, 'addedAt'>): Promise<boolean> {
  const result = await db
    .insertInto('logWitnesses')
    .values(witness)
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertPublication(trx: Transaction<Database>, publication: Omit<Publication, 'id' | 'createdAt'> & { id: string }): Promise<void> {
  await trx.insertInto('logPublications').values(publication).execute();
}

export async function listPublications(db: Db, limit = 100): Promise<Publication[]> {
  return db
    .selectFrom('logPublications')
    .select(['id', 'kind', 'title', 'firstIndex', 'entries', 'createdBy', 'createdAt'])
    .orderBy('firstIndex', 'desc')
    .limit(limit)
    .execute();
}

export async function insertCommitments(trx: Transaction<Database>, commitments: readonly Commitment[]): Promise<void> {
  for (let i = 0; i < commitments.length; i += 2000) {
    await trx
      .insertInto('logCommitments')
      .values(commitments.slice(i, i + 2000))
      .execute();
  }
}

/** The commitments made for a person (each a receipt a family can be given), newest first. */
export async function commitmentsOfPerson(db: Db, personId: string): Promise<Commitment[]> {
  return db
    .selectFrom('logCommitments')
    .select(['index', 'publicationId', 'personId', 'salt', 'subject'])
    .where('personId', '=', personId)
    .orderBy('index', 'desc')
    .execute();
}

export async function commitmentsOfPublication(db: Db, publicationId: string): Promise<Commitment[]> {
  return db
    .selectFrom('logCommitments')
    .select(['index', 'publicationId', 'personId', 'salt', 'subject'])
    .where('publicationId', '=', publicationId)
    .orderBy('index')
    .execute();
}

/** The commitment at one index of the log, if any. */
export async function commitmentAt(db: Db, index: number): Promise<Commitment | undefined> {
  return db.selectFrom('logCommitments').select(['index', 'publicationId', 'personId', 'salt', 'subject']).where('index', '=', index).executeTakeFirst();
}
