import { describe, expect, it } from 'vitest';
import { sha256, toHex } from '../../test/crypto.js';
import { createRandom } from '../demo/generate-persons.js';
import { hashLeaf, verifyConsistency, verifyInclusion } from './merkle.js';
import { MerkleLog } from './merkle-log.js';
import { CHUNK, TiledMerkleLog } from './tiled-log.js';

const random = createRandom(19);
const leaves = Array.from({ length: 5 * CHUNK + 77 }, (_, i) => hashLeaf(sha256, Uint8Array.of(i % 251, i >> 8, random.int(0, 255))));
const whole = new MerkleLog(sha256);
for (const leaf of leaves) whole.append(leaf);

/** A tiled tree opened from its chunk roots and tail, as the log opens from its stored tiles. */
function opened(size: number): TiledMerkleLog {
  const chunks = Math.floor(size / CHUNK);
  const roots = Array.from({ length: chunks }, (_, c) => whole.subtree(c * CHUNK, (c + 1) * CHUNK));
  return TiledMerkleLog.fromTiles(sha256, roots, leaves.slice(chunks * CHUNK, size));
}

/** Loads what the operation needs, as the log does from its stored leaves. */
function load(tree: TiledMerkleLog, indexes: number[]) {
  for (const c of tree.missingChunks(indexes)) tree.addChunk(c, leaves.slice(c * CHUNK, (c + 1) * CHUNK));
}

describe('TiledMerkleLog: the tree held as tiles', () => {
  it('gives the roots and proofs of the whole tree, opened from chunk roots and a tail, loading only the chunks it names', () => {
    const tree = opened(leaves.length);
    expect(tree.size).toBe(leaves.length);
    expect(toHex(tree.root())).toBe(toHex(whole.root()));
    for (let k = 0; k < 300; k++) {
      const size = random.int(1, leaves.length);
      const index = random.int(0, size - 1);
      const fresh = opened(leaves.length);
      load(fresh, TiledMerkleLog.indexesFor({ inclusion: [index, size] }));
      const proof = fresh.inclusionProof(index, size);
      expect(proof.map(toHex), `inclusion ${index} in ${size}`).toEqual(whole.inclusionProof(index, size).map(toHex));
      expect(verifyInclusion(sha256, index, size, leaves[index]!, proof, whole.root(size))).toEqual({ ok: true });
      const first = random.int(0, size);
      const other = opened(leaves.length);
      load(other, TiledMerkleLog.indexesFor({ consistency: [first, size] }));
      const consistency = other.consistencyProof(first, size);
      expect(consistency.map(toHex), `consistency ${first} → ${size}`).toEqual(whole.consistencyProof(first, size).map(toHex));
      expect(verifyConsistency(sha256, first, size, consistency, whole.root(first), whole.root(size))).toEqual({ ok: true });
      const past = opened(leaves.length);
      load(past, TiledMerkleLog.indexesFor({ root: size }));
      expect(toHex(past.root(size))).toBe(toHex(whole.root(size)));
    }
  });

  it('grows by appending across chunk boundaries, as the whole tree does', () => {
    const tree = new TiledMerkleLog(sha256);
    leaves.forEach((leaf, i) => {
      expect(tree.append(leaf)).toBe(i);
      if (i % 97 === 0 || (i + 1) % CHUNK === 0) expect(toHex(tree.root()), `size ${i + 1}`).toBe(toHex(whole.root(i + 1)));
    });
    expect(tree.completeChunks).toBe(5);
    expect(toHex(tree.chunkRoot(3))).toBe(toHex(whole.subtree(3 * CHUNK, 4 * CHUNK)));
    // the chunks it completed itself are at hand: a proof in them needs nothing loaded
    expect(tree.missingChunks([10, 4 * CHUNK + 3])).toEqual([]);
  });

  it('refuses a chunk whose leaves do not give its stored root, and names a chunk it needs and lacks', () => {
    const tree = opened(leaves.length);
    const wrong = leaves.slice(CHUNK, 2 * CHUNK);
    wrong[7] = leaves[8]!;
    expect(() => tree.addChunk(1, wrong)).toThrow(/do not give its stored root/);
    expect(() => tree.inclusionProof(CHUNK + 5, leaves.length)).toThrow(/chunk 1 of the log is needed and not loaded/);
    expect(tree.missingChunks([CHUNK + 5, leaves.length - 1])).toEqual([1]);
  });
});

describe('TiledMerkleLog.truncate', () => {
  it('undoes appends within the tail and across chunks it completed, and says when it cannot', () => {
    const tree = new TiledMerkleLog(sha256);
    for (const leaf of leaves.slice(0, 2 * CHUNK + 10)) tree.append(leaf);
    expect(tree.truncate(2 * CHUNK + 3)).toBe(true);
    expect(toHex(tree.root())).toBe(toHex(whole.root(2 * CHUNK + 3)));
    expect(tree.truncate(CHUNK + 17)).toBe(true);
    expect(tree.size).toBe(CHUNK + 17);
    expect(toHex(tree.root())).toBe(toHex(whole.root(CHUNK + 17)));
    for (const leaf of leaves.slice(CHUNK + 17, 3 * CHUNK)) tree.append(leaf);
    expect(toHex(tree.root())).toBe(toHex(whole.root(3 * CHUNK)));
    // a tree opened from tiles does not hold the leaves of its complete chunks
    expect(opened(3 * CHUNK).truncate(CHUNK + 1)).toBe(false);
    expect(opened(3 * CHUNK).truncate(CHUNK)).toBe(true);
  });
});
