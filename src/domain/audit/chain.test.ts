import { describe, expect, it } from 'vitest';
import { sha256 } from '../../test/crypto.js';
import { type AuditRecord, chainHash, GENESIS, verifyChain } from './chain.js';

function chain(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      seq,
      at: `2026-02-01T10:00:0${seq % 10}Z`,
      actor: 'acc-1',
      actorName: 'ana',
      action: 'events.write',
      method: 'POST',
      route: '/api/events',
      targets: [`t${seq}`],
      status: 201,
      ip: '127.0.0.1',
    };
    const hash = chainHash(sha256, prev, fields);
    records.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return records;
}

describe('the audit hash chain', () => {
  it('verifies an untouched chain and gives its head', () => {
    const records = chain(6);
    expect(verifyChain(sha256, records)).toEqual({ ok: true, checked: 6, head: records[5]!.hash });
  });

  it('names the first record that was changed, removed or reordered', () => {
    const changed = chain(6);
    changed[2] = { ...changed[2]!, actorName: 'someone else' };
    expect(verifyChain(sha256, changed)).toMatchObject({ ok: false, seq: 3, reason: 'record 3 was changed after it was written' });
    const removed = chain(6).filter((r) => r.seq !== 4);
    expect(verifyChain(sha256, removed)).toMatchObject({ ok: false, seq: 5, reason: 'record 4 is missing: the next one is 5' });
    // Rewriting a record with a fresh hash does not help: the next one no longer follows it.
    const rewritten = chain(6);
    const fields = { ...rewritten[1]!, status: 403 };
    const { prevHash: _, hash: __, ...rest } = fields;
    rewritten[1] = { ...fields, hash: chainHash(sha256, rewritten[0]!.hash, rest) };
    expect(verifyChain(sha256, rewritten)).toMatchObject({ ok: false, seq: 3, reason: expect.stringContaining('does not follow') });
  });
});
