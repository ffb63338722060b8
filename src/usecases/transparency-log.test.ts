/**
 * The log opened from its tiles: a log of a few chunks is opened again from the chunk roots and
 * the last chunk's leaves alone, and gives every proof a tree rebuilt from all leaves gives; a log
 * written before tiles were kept (or restored) gets them at its next opening; a tile that does not
 * match its entries stops the log rather than prove from it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../domain/translog/entries.js';
import { verifyConsistency, verifyInclusion } from '../domain/translog/merkle.js';
import { MerkleLog } from '../domain/translog/merkle-log.js';
import { CHUNK } from '../domain/translog/tiled-log.js';
import type { Store } from '../store/database.js';
import { fromHex, sha256, toHex } from '../test/crypto.js';
import { testLogKey } from '../test/server.js';
import { openTestStore, TEST_DATABASE_KIND } from '../test/store.js';
import { TransparencyLog } from './transparency-log.js';

const count = (i: number): LogEntry => ({
  type: 'count',
  metric: `test-${i}`,
  level: 'reported',
  value: i,
  asOf: '2026-01-01',
  scope: 'test',
  publishedAt: '2026-01-01T00:00:00Z',
});

describe(`the transparency log's tiles on ${TEST_DATABASE_KIND}`, () => {
  let store: Store;
  const key = testLogKey();
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  const whole = async () => {
    const tree = new MerkleLog(sha256);
    const rows = await sql<{ leafHash: string }>`select leaf_hash from log_entries order by index`.execute(store.db);
    for (const r of rows.rows) tree.append(fromHex(r.leafHash)!);
    return tree;
  };
  const tiles = async () => Number((await sql<{ n: string }>`select count(*) as n from log_tiles`.execute(store.db)).rows[0]!.n);

  it('stores a tile for each complete chunk, and opens from them with every proof the whole tree gives', async () => {
    const log = await TransparencyLog.open(store.db, key);
    // publications of uneven sizes, so that some cross a chunk's end
    for (const n of [100, 300, 7, 400, 1]) {
      await log.append({ kind: 'counts', title: `test ${n}`, createdBy: 'test', entries: Array.from({ length: n }, (_, i) => count(i)) });
    }
    const size = await log.size();
    expect(size).toBe(808); // the log opened with a checkpoint and no entry
    expect(await tiles()).toBe(Math.floor(size / CHUNK));
    const tree = await whole();
    const again = await TransparencyLog.open(store.db, key);
    for (const [index, at] of [
      [0, size],
      [5, 300],
      [CHUNK + 3, 600],
      [size - 1, size],
      [2 * CHUNK - 1, 2 * CHUNK],
    ] as const) {
      const { leafHash, proof } = await again.inclusionProof(index, at);
      expect(toHex(leafHash)).toBe(toHex(tree.leaf(index)));
      expect(verifyInclusion(sha256, index, at, leafHash, proof, tree.root(at))).toEqual({ ok: true });
    }
    for (const [from, to] of [
      [1, size],
      [CHUNK, 3 * CHUNK],
      [300, 301],
      [CHUNK + 1, size],
    ] as const) {
      const proof = await again.consistencyProof(from, to);
      expect(verifyConsistency(sha256, from, to, proof, tree.root(from), tree.root(to))).toEqual({ ok: true });
    }
  });

  it('makes the tiles of a log that has none (written before them, or restored) when it opens', async () => {
    await sql`alter table log_tiles disable trigger user`.execute(store.db);
    await sql`delete from log_tiles`.execute(store.db);
    await sql`alter table log_tiles enable trigger user`.execute(store.db);
    expect(await tiles()).toBe(0);
    const log = await TransparencyLog.open(store.db, key);
    expect(await tiles()).toBe(Math.floor((await log.size()) / CHUNK));
  });

  it('refuses to open, or to prove, from a tile its entries do not give', async () => {
    await sql`alter table log_tiles disable trigger user`.execute(store.db);
    await sql`update log_tiles set hash = ${'0'.repeat(64)} where chunk = 0`.execute(store.db);
    await sql`alter table log_tiles enable trigger user`.execute(store.db);
    await expect(TransparencyLog.open(store.db, key)).rejects.toMatchObject({ code: 'conflict' });
  });
});
