/**
 * A Merkle tree that grows by appending (RFC 9162 §2.1), kept level by level: level 0 holds
 * the leaf hashes, level k the root of every complete, aligned subtree of 2^k leaves. An
 * append hashes one leaf's worth of new nodes on average (one leaf hash is the caller's, then
 * one node hash per completed pair), and any subtree root a proof needs is either stored or
 * made from O(log n) stored ones, so proofs cost O(log² n) hashes at most and usually none.
 * Hashes are kept in one growing byte array per level, not as millions of small objects.
 */
import { consistencyPath, type Hash, type HashFunction, hashChildren, inclusionPath, splitPoint } from './merkle.js';

const HASH_BYTES = 32;

class Level {
  data = new Uint8Array(HASH_BYTES * 1024);
  count = 0;

  push(hash: Hash): void {
    if ((this.count + 1) * HASH_BYTES > this.data.length) {
      const grown = new Uint8Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(hash, this.count * HASH_BYTES);
    this.count++;
  }

  at(index: number): Hash {
    return this.data.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }
}

export class MerkleLog {
  private readonly levels: Level[] = [new Level()];
  private readonly subtreeRoot = (from: number, to: number): Hash => this.rootOfRange(from, to);

  constructor(private readonly sha256: HashFunction) {}

  /** How many leaves the tree holds. */
  get size(): number {
    return this.levels[0]!.count;
  }

  /** Appends a leaf hash (SHA-256(0x00 ‖ entry), see hashLeaf); returns its index. */
  append(leafHash: Hash): number {
    if (leafHash.length !== HASH_BYTES) throw new RangeError('a leaf hash is 32 bytes');
    this.levels[0]!.push(leafHash);
    let level = 0;
    // Each time a level's count becomes even, a pair is complete: its parent goes one level up.
    while (this.levels[level]!.count % 2 === 0) {
      const below = this.levels[level]!;
      const parent = hashChildren(this.sha256, below.at(below.count - 2), below.at(below.count - 1));
      if (!this.levels[level + 1]) this.levels.push(new Level());
      this.levels[level + 1]!.push(parent);
      level++;
    }
    return this.size - 1;
  }

  /** Forgets every leaf from `size` on (undoes appends that were never stored). */
  truncate(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) throw new RangeError(`cannot cut a tree of ${this.size} leaves to ${size}`);
    this.levels.forEach((level, k) => {
      level.count = Math.floor(size / 2 ** k);
    });
  }

  /** The leaf hash at an index. */
  leaf(index: number): Hash {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no leaf ${index} in a tree of ${this.size}`);
    return Uint8Array.from(this.levels[0]!.at(index));
  }

  /** The root of the tree of the first `size` leaves (default: all). */
  root(size = this.size): Hash {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
    return Uint8Array.from(this.rootOfRange(0, size));
  }

  /** The audit path of leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size = this.size): Hash[] {
    if (size > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
    return inclusionPath(this.subtreeRoot, index, size).map((hash) => Uint8Array.from(hash));
  }

  /** The consistency proof between the trees of the first `first` and `second` leaves. */
  consistencyProof(first: number, second = this.size): Hash[] {
    if (second > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${second}`);
    return consistencyPath(this.subtreeRoot, first, second).map((hash) => Uint8Array.from(hash));
  }

  /** The root of the leaves [from, to) — a stored node when they form a complete, aligned subtree (not a copy). */
  subtree(from: number, to: number): Hash {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from || to > this.size) {
      throw new RangeError(`no range [${from}, ${to}) in a tree of ${this.size}`);
    }
    return this.rootOfRange(from, to);
  }

  private rootOfRange(from: number, to: number): Hash {
    const n = to - from;
    if (n === 0) return this.sha256(new Uint8Array(0));
    // A complete subtree aligned on its size is stored (every range a proof asks for is either one, or splits into them).
    if ((n & (n - 1)) === 0 && from % n === 0) {
      const level = 31 - Math.clz32(n);
      return this.levels[level]!.at(from / n);
    }
    const k = splitPoint(n);
    return hashChildren(this.sha256, this.rootOfRange(from, from + k), this.rootOfRange(from + k, to));
  }
}
