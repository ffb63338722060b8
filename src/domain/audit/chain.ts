/**
 * The audit trail as a hash chain: each record's hash is SHA-256 over the previous record's hash
 * and the record's own canonical JSON, so changing, removing or reordering any record breaks
 * every hash after it. Pure: SHA-256 comes in as a parameter.
 */
import { canonicalJson, type Json, toHex } from '../translog/entries.js';
import type { HashFunction } from '../translog/merkle.js';

export const GENESIS = '0'.repeat(64);
const encoder = new TextEncoder();

/** What an audit record says: who, when, what, on which records, from where, with what result. */
export type AuditFields = {
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
};

export type AuditRecord = AuditFields & { prevHash: string; hash: string };

/** The hash of a record chained after `prevHash`. */
export function chainHash(sha256: HashFunction, prevHash: string, fields: AuditFields): string {
  const body: Json = { ...fields, targets: [...fields.targets] };
  return toHex(sha256(encoder.encode(`recuento/audit/v1\n${prevHash}\n`), encoder.encode(canonicalJson(body))));
}

export type ChainCheck = { ok: true; checked: number; head: string } | { ok: false; checked: number; seq: number; reason: string };

/** Checks records in order, from `prevHash` (the genesis, or the hash before the first given). */
export function verifyChain(sha256: HashFunction, records: Iterable<AuditRecord>, prevHash = GENESIS, expectedSeq = 1): ChainCheck {
  let previous = prevHash;
  let seq = expectedSeq;
  let checked = 0;
  for (const record of records) {
    if (record.seq !== seq) return { ok: false, checked, seq: record.seq, reason: `record ${seq} is missing: the next one is ${record.seq}` };
    if (record.prevHash !== previous)
      return { ok: false, checked, seq: record.seq, reason: `record ${record.seq} does not follow the record before it: one was changed, removed or inserted` };
    const { prevHash: _, hash, ...fields } = record;
    if (chainHash(sha256, previous, fields) !== hash)
      return { ok: false, checked, seq: record.seq, reason: `record ${record.seq} was changed after it was written` };
    previous = hash;
    seq++;
    checked++;
  }
  return { ok: true, checked, head: previous };
}
