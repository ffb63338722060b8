import { describe, expect, it } from 'vitest';
import { fromHex, readGolden, sha256, toHex } from '../../test/crypto.js';
import { createRandom } from '../demo/generate-persons.js';
import { consistencyProof, hashLeaf, inclusionProof, rootOf, verifyConsistency, verifyInclusion } from './merkle.js';

type Vectors = {
  leaves: string[];
  roots: string[];
  inclusion: { index: number; size: number; proof: string[] }[];
  consistency: { first: number; second: number; proof: string[] }[];
};
const vectors = readGolden<Vectors>('translog/rfc6962-vectors.json');
const leaves = vectors.leaves.map((hex) => hashLeaf(sha256, fromHex(hex)));
const root = (size: number) => fromHex(vectors.roots[size]!);

describe('the RFC 6962 reference tree', () => {
  it('has the published root at every size from 0 to 8', () => {
    for (let size = 0; size <= 8; size++) expect(toHex(rootOf(sha256, leaves.slice(0, size))), `size ${size}`).toBe(vectors.roots[size]);
  });

  it.each(vectors.inclusion)('inclusion proof of leaf $index in a tree of $size is the published one, and verifies', ({ index, size, proof }) => {
    expect(inclusionProof(sha256, leaves, index, size).map(toHex)).toEqual(proof);
    expect(verifyInclusion(sha256, index, size, leaves[index]!, proof.map(fromHex), root(size))).toEqual({ ok: true });
  });

  it.each(vectors.consistency)('consistency proof from $first to $second is the published one, and verifies', ({ first, second, proof }) => {
    expect(consistencyProof(sha256, leaves, first, second).map(toHex)).toEqual(proof);
    expect(verifyConsistency(sha256, first, second, proof.map(fromHex), root(first), root(second))).toEqual({ ok: true });
  });
});

describe('proofs on trees of every shape (properties)', () => {
  const random = createRandom(9162);
  const many = Array.from({ length: 40 }, (_, i) =>
    hashLeaf(
      sha256,
      Uint8Array.from({ length: random.int(0, 12) }, () => random.int(0, 255) ^ i),
    ),
  );
  const flip = (hash: Uint8Array, at: number) => {
    const copy = Uint8Array.from(hash);
    copy[at % copy.length]! ^= 1 << (at % 8);
    return copy;
  };

  it('every inclusion proof verifies; a changed byte in the leaf, the proof or the root fails', () => {
    for (let size = 1; size <= many.length; size++) {
      const treeRoot = rootOf(sha256, many.slice(0, size));
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(sha256, many, index, size);
        expect(verifyInclusion(sha256, index, size, many[index]!, proof, treeRoot).ok, `${index}/${size}`).toBe(true);
        expect(verifyInclusion(sha256, index, size, flip(many[index]!, index + size), proof, treeRoot).ok).toBe(false);
        expect(verifyInclusion(sha256, index, size, many[index]!, proof, flip(treeRoot, index)).ok).toBe(false);
        if (proof.length > 0) {
          const tampered = proof.map((p, i) => (i === (index + size) % proof.length ? flip(p, size) : p));
          expect(verifyInclusion(sha256, index, size, many[index]!, tampered, treeRoot).ok).toBe(false);
        }
        if (size > 1) expect(verifyInclusion(sha256, (index + 1) % size, size, many[index]!, proof, treeRoot).ok).toBe(false); // the same proof for the same leaf at another position
      }
    }
  });

  it('every consistency proof verifies; a changed byte or another size fails', () => {
    const roots = Array.from({ length: 26 }, (_, size) => rootOf(sha256, many.slice(0, size)));
    for (let second = 1; second <= 25; second++)
      for (let first = 1; first <= second; first++) {
        const proof = consistencyProof(sha256, many, first, second);
        expect(verifyConsistency(sha256, first, second, proof, roots[first]!, roots[second]!).ok, `${first}→${second}`).toBe(true);
        if (first === second) continue;
        expect(verifyConsistency(sha256, first, second, proof, flip(roots[first]!, second), roots[second]!).ok).toBe(false);
        expect(verifyConsistency(sha256, first, second, proof, roots[first]!, flip(roots[second]!, first)).ok).toBe(false);
        const tampered = proof.map((p, i) => (i === first % proof.length ? flip(p, second) : p));
        expect(verifyConsistency(sha256, first, second, tampered, roots[first]!, roots[second]!).ok).toBe(false);
        if (second < 25) expect(verifyConsistency(sha256, first, second + 1, proof, roots[first]!, roots[second + 1]!).ok).toBe(false);
      }
  });

  it('says exactly what failed', () => {
    const proof = inclusionProof(sha256, leaves, 5, 8);
    expect(verifyInclusion(sha256, 8, 8, leaves[5]!, proof, root(8))).toEqual({ ok: false, reason: 'index 8 is past the end of a tree of 8 entries' });
    expect(verifyInclusion(sha256, 5, 8, leaves[5]!, proof.slice(1), root(8))).toEqual({ ok: false, reason: 'the proof is shorter than the tree is deep' });
    expect(verifyInclusion(sha256, 5, 8, leaves[5]!, [...proof, proof[0]!], root(8))).toEqual({
      ok: false,
      reason: 'the proof is longer than the tree is deep',
    });
    expect(verifyConsistency(sha256, 8, 6, [], root(8), root(6))).toEqual({ ok: false, reason: 'the first tree (8) is larger than the second (6)' });
    const consistency = consistencyProof(sha256, leaves, 6, 8);
    expect(verifyConsistency(sha256, 6, 8, consistency, root(5), root(8)).ok).toBe(false);
  });

  it('refuses to make a proof for a leaf or size the tree does not have', () => {
    expect(() => inclusionProof(sha256, leaves, 8, 8)).toThrow(RangeError);
    expect(() => consistencyProof(sha256, leaves, 0, 8)).toThrow(RangeError);
    expect(() => consistencyProof(sha256, leaves, 3, 9)).toThrow(RangeError);
  });
});
