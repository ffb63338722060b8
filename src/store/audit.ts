/** The audit trail's table: appended one record at a time under a lock, read in order. */
import { type Kysely, sql } from 'kysely';
import { type AuditFields, type AuditRecord, chainHash, GENESIS } from '../domain/audit/chain.js';
import type { HashFunction } from '../domain/translog/merkle.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
const COLUMNS = ['seq', 'at', 'actor', 'actorName', 'action', 'method', 'route', 'targets', 'status', 'ip', 'prevHash', 'hash'] as const;

/** Appends a record after the newest one, chained to it; serialised across processes. */
export async function appendAudit(db: Db, sha256: HashFunction, record: Omit<AuditFields, 'seq'>): Promise<AuditRecord> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(8231994456)`.execute(trx);
    const last = await trx.selectFrom('auditEvents').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const fields: AuditFields = { ...record, seq: Number(last?.seq ?? 0) + 1 };
    const prevHash = last?.hash ?? GENESIS;
    const row: AuditRecord = { ...fields, prevHash, hash: chainHash(sha256, prevHash, fields) };
    await trx.insertInto('auditEvents').values(row).execute();
    return row;
  });
}

/** Records in order from a sequence number, a page at a time. */
export async function readAudit(db: Db, from: number, limit: number): Promise<AuditRecord[]> {
  const rows = await db.selectFrom('auditEvents').select(COLUMNS).where('seq', '>=', from).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), at: new Date(r.at).toISOString() }));
}

/** The newest records first (for the administrators' view). */
export async function latestAudit(db: Db, limit: number, before?: number): Promise<AuditRecord[]> {
  let query = db.selectFrom('auditEvents').select(COLUMNS).orderBy('seq', 'desc').limit(limit);
  if (before !== undefined) query = query.where('seq', '<', before);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), at: new Date(r.at).toISOString() }));
}
