import { describe, expect, it } from 'vitest';
import { fromHex, readGolden, sha256, toHex } from '../../test/crypto.js';
import { createRandom } from '../demo/generate-persons.js';
import { consistencyProof, hashLeaf, inclusionProof, rootOf, verifyConsistency, verifyInclusion } from './merkle.js';
import { MerkleLog } from './merkle-log.js';

const vectors = readGolden<{ leaves: string[]; roots: string[] }>('translog/rfc6962-vectors.json');

describe('MerkleLog: a tree that grows by appending', () => {
  it('has the published root of the RFC 6962 reference tree after each append', () => {
    const log = new MerkleLog(sha256);
    expect(toHex(log.root())).toBe(vectors.roots[0]);
    vectors.leaves.forEach((hex, i) => {
      expect(log.append(hashLeaf(sha256, fromHex(hex)))).toBe(i);
      expect(toHex(log.root()), `size ${i + 1}`).toBe(vectors.roots[i + 1]);
    });
  });

  it('gives the same roots and proofs as the tree recomputed from its leaves, for every size up to 70', () => {
    const random = createRandom(62);
    const leaves = Array.from({ length: 70 }, () =>
      hashLeaf(
        sha256,
        Uint8Array.from({ length: 8 }, () => random.int(0, 255)),
      ),
    );
    const log = new MerkleLog(sha256);
    for (const leaf of leaves) log.append(leaf);
    for (let size = 1; size <= leaves.length; size++) {
      const root = rootOf(sha256, leaves.slice(0, size));
      expect(toHex(log.root(size))).toBe(toHex(root));
      for (let index = 0; index < size; index += 1 + (size >> 3)) {
        const proof = log.inclusionProof(index, size);
        expect(proof.map(toHex)).toEqual(inclusionProof(sha256, leaves, index, size).map(toHex));
        expect(verifyInclusion(sha256, index, size, log.leaf(index), proof, root).ok).toBe(true);
      }
      for (let first = 1; first <= size; first += 1 + (size >> 2)) {
        const proof = log.consistencyProof(first, size);
        expect(proof.map(toHex)).toEqual(consistencyProof(sha256, leaves, first, size).map(toHex));
        expect(verifyConsistency(sha256, first, size, proof, log.root(first), root).ok).toBe(true);
      }
    }
  });

  it('refuses sizes and leaves it does not have, and leaf hashes of the wrong length', () => {
    const log = new MerkleLog(sha256);
    log.append(hashLeaf(sha256, new Uint8Array([1])));
    expect(() => log.root(2)).toThrow(RangeError);
    expect(() => log.inclusionProof(1, 1)).toThrow(RangeError);
    expect(() => log.consistencyProof(1, 2)).toThrow(RangeError);
    expect(() => log.leaf(1)).toThrow(RangeError);
    expect(() => log.append(new Uint8Array(31))).toThrow(RangeError);
  });

  it('cut back to an earlier size (appends that were never stored), grows again to the same roots', () => {
    const leaves = Array.from({ length: 37 }, (_, i) => hashLeaf(sha256, new Uint8Array([i])));
    const log = new MerkleLog(sha256);
    for (const leaf of leaves) log.append(leaf);
    const expected = leaves.map((_, i) => toHex(log.root(i + 1)));
    for (const cut of [36, 32, 17, 1, 0]) {
      log.truncate(cut);
      expect(log.size).toBe(cut);
      if (cut > 0) expect(toHex(log.root())).toBe(expected[cut - 1]);
      for (const leaf of leaves.slice(cut)) log.append(leaf);
      expect(toHex(log.root())).toBe(expected[36]);
    }
    expect(() => log.truncate(38)).toThrow(RangeError);
  });
});
