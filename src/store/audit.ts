/** The audit trail's table: appended under a lock (a record, or a batch chained in order), read in order. */
import { type Kysely, sql } from 'kysely';
import { type AuditFields, type AuditRecord, chainHash, GENESIS } from '../domain/audit/chain.js';

export type { AuditFields };

import type { HashFunction } from '../domain/translog/merkle.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
const COLUMNS = ['seq', 'at', 'actor', 'actorName', 'action', 'method', 'route', 'targets', 'status', 'ip', 'prevHash', 'hash'] as const;

/** Appends a record after the newest one, chained to it; serialised across processes. */
export async function appendAudit(db: Db, sha256: HashFunction, record: Omit<AuditFields, 'seq'>): Promise<AuditRecord> {
  const [row] = await appendAuditRecords(db, sha256, [record]);
  return row!;
}

/**
 * Appends records in order, chained one to the next, in one transaction: one lock and one insert
 * for many (a busy server's records written together, see server/audit-writer.ts).
 */
export async function appendAuditRecords(db: Db, sha256: HashFunction, records: readonly Omit<AuditFields, 'seq'>[]): Promise<AuditRecord[]> {
  if (records.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(8231994456)`.execute(trx);
    const last = await trx.selectFrom('auditEvents').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let seq = Number(last?.seq ?? 0);
    let prevHash = last?.hash ?? GENESIS;
    const rows: AuditRecord[] = records.map((record) => {
      const fields: AuditFields = { ...record, seq: ++seq };
      const row: AuditRecord = { ...fields, prevHash, hash: chainHash(sha256, prevHash, fields) };
      prevHash = row.hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto('auditEvents')
        .values(rows.slice(i, i + 1000))
        .execute();
    return rows;
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
