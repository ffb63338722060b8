/**
 * Writes the server's audit records in batches: a record waits while the batch before it is being
 * written, then goes with every other that arrived meanwhile, in one transaction (group commit).
 * An idle server writes each record at once; a busy one takes the audit chain's lock once per batch
 * instead of once per request. Whoever writes a record is answered once it is committed.
 */
import type { Kysely } from 'kysely';
import type { HashFunction } from '../domain/translog/merkle.js';
import { type AuditFields, appendAuditRecords } from '../store/audit.js';
import type { Database } from '../store/schema.js';

type Pending = { record: Omit<AuditFields, 'seq'>; done: () => void; failed: (error: unknown) => void };

export function createAuditWriter(db: Kysely<Database>, sha256: HashFunction, maxBatch = 500) {
  let queue: Pending[] = [];
  let writing = false;
  let idle: (() => void)[] = [];
  const flush = async () => {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await appendAuditRecords(
          db,
          sha256,
          batch.map((p) => p.record),
        );
        for (const p of batch) p.done();
      } catch (error) {
        for (const p of batch) p.failed(error);
      }
    }
    writing = false;
    for (const wake of idle) wake();
    idle = [];
  };
  return {
    /** Resolves once every record written so far is committed (a reader of the trail sees them all). */
    written(): Promise<void> {
      if (!writing && queue.length === 0) return Promise.resolve();
      return new Promise((wake) => idle.push(wake));
    },
    write(record: Omit<AuditFields, 'seq'>): Promise<void> {
      return new Promise((done, failed) => {
        queue.push({ record, done, failed });
        if (!writing) void flush();
      });
    },
  };
}
