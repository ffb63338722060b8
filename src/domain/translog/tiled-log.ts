/**
 * The log's Merkle tree held as tiles, so that opening a log of millions of entries reads a few
 * thousand hashes instead of every leaf (the C2SP tlog-tiles layout: tiles of height 8). The leaves
 * are cut into chunks of 256; the root of each complete chunk — a node of level 8, the entries of
 * a level-1 tile — is stored beside the entries, and the tree above them is kept whole in memory
 * (`upper`: a MerkleLog whose leaves are those roots, so its level k is the tree's level 8 + k).
 * Below level 8 only the last, incomplete chunk is in memory (`tail`); a proof that reaches into
 * a complete chunk needs that chunk's 256 leaves, which the caller loads first (`chunksFor…`
 * names them, `addChunk` takes them; a few hundred are kept). Pure: no I/O.
 */

import { consistencyPath, type Hash, type HashFunction, hashChildren, inclusionPath, splitPoint } from './merkle.js';
import { MerkleLog } from './merkle-log.js';

export const CHUNK = 256;
const KEEP_CHUNKS = 256;

export class TiledMerkleLog {
  private upper: MerkleLog;
  private tail: MerkleLog;
  /** Complete chunks whose leaves are at hand, by chunk index (oldest first, for eviction). */
  private readonly chunks = new Map<number, MerkleLog>();
  private readonly subtreeRoot = (from: number, to: number): Hash => this.rangeRoot(from, to);

  constructor(private readonly sha256: HashFunction) {
    this.upper = new MerkleLog(sha256);
    this.tail = new MerkleLog(sha256);
  }

  /** A tree from its stored chunk roots (in order) and the leaves after the last complete chunk. */
  static fromTiles(sha256: HashFunction, chunkRoots: readonly Hash[], tailLeaves: readonly Hash[]): TiledMerkleLog {
    if (tailLeaves.length >= CHUNK) throw new RangeError(`a tail holds fewer than ${CHUNK} leaves, not ${tailLeaves.length}`);
    const tree = new TiledMerkleLog(sha256);
    for (const root of chunkRoots) tree.upper.append(root);
    for (const leaf of tailLeaves) tree.tail.append(leaf);
    return tree;
  }

  /** How many leaves the tree holds. */
  get size(): number {
    return this.upper.size * CHUNK + this.tail.size;
  }

  /** How many chunks are complete (their roots are what is stored). */
  get completeChunks(): number {
    return this.upper.size;
  }

  /** The root of complete chunk `c` (a level-8 node). */
  chunkRoot(c: number): Hash {
    return this.upper.leaf(c);
  }

  /** Appends a leaf hash; returns its index. A chunk it completes moves up (and its leaves stay at hand). */
  append(leafHash: Hash): number {
    const index = this.size;
    this.tail.append(leafHash);
    if (this.tail.size === CHUNK) {
      this.upper.append(this.tail.root());
      this.keep(this.upper.size - 1, this.tail);
      this.tail = new MerkleLog(this.sha256);
    }
    return index;
  }

  /**
   * Forgets every leaf from `size` on (undoes appends that were never stored). Cutting into a
   * complete chunk needs its leaves at hand (those this tree completed itself usually are); false
   * when they are not, and the tree is then to be opened again from what is stored.
   */
  truncate(size: number): boolean {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) throw new RangeError(`cannot cut a tree of ${this.size} leaves to ${size}`);
    const c = Math.floor(size / CHUNK);
    if (c === this.upper.size) {
      this.tail.truncate(size - c * CHUNK);
      return true;
    }
    const chunk = this.chunks.get(c);
    if (!chunk && size % CHUNK !== 0) return false;
    const tail = new MerkleLog(this.sha256);
    for (let i = 0; i < size - c * CHUNK; i++) tail.append(chunk!.leaf(i));
    this.upper.truncate(c);
    this.tail = tail;
    for (const k of [...this.chunks.keys()]) if (k >= c) this.chunks.delete(k);
    return true;
  }

  /** The chunks (complete, not at hand) whose leaves these indexes need. */
  missingChunks(indexes: readonly number[]): number[] {
    const wanted = new Set<number>();
    for (const i of indexes) {
      if (i < 0 || i >= this.size) continue;
      const c = Math.floor(i / CHUNK);
      if (c < this.upper.size && !this.chunks.has(c)) wanted.add(c);
    }
    return [...wanted].sort((a, b) => a - b);
  }

  /** The leaves a root, an inclusion or a consistency proof at these sizes may reach. */
  static indexesFor(op: { root: number } | { inclusion: [number, number] } | { consistency: [number, number] }): number[] {
    if ('root' in op) return [op.root - 1];
    if ('inclusion' in op) return [op.inclusion[0], op.inclusion[1] - 1];
    const [first, second] = op.consistency;
    return [first - 1, first, second - 1];
  }

  /** Gives the 256 leaves of complete chunk `c`, checked against its stored root. */
  addChunk(c: number, leaves: readonly Hash[]): void {
    if (c >= this.upper.size) throw new RangeError(`chunk ${c} is not complete`);
    const chunk = new MerkleLog(this.sha256);
    for (const leaf of leaves) chunk.append(leaf);
    if (chunk.size !== CHUNK || !equal(chunk.root(), this.upper.leaf(c))) {
      throw new Error(`the stored leaves of chunk ${c} do not give its stored root: the log's tables disagree`);
    }
    this.keep(c, chunk);
  }

  /** The leaf hash at an index (its chunk at hand, or in the tail). */
  leaf(index: number): Hash {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no leaf ${index} in a tree of ${this.size}`);
    const c = Math.floor(index / CHUNK);
    return this.chunkTree(c).leaf(index - c * CHUNK);
  }

  /** The root of the tree of the first `size` leaves (default: all). */
  root(size = this.size): Hash {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
    return Uint8Array.from(this.rangeRoot(0, size));
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

  private keep(c: number, chunk: MerkleLog): void {
    this.chunks.delete(c);
    this.chunks.set(c, chunk);
    while (this.chunks.size > KEEP_CHUNKS) this.chunks.delete(this.chunks.keys().next().value!);
  }

  private chunkTree(c: number): MerkleLog {
    if (c === this.upper.size) return this.tail;
    const chunk = this.chunks.get(c);
    if (!chunk) throw new Error(`chunk ${c} of the log is needed and not loaded (ask missingChunks first)`);
    return chunk;
  }

  private rangeRoot(from: number, to: number): Hash {
    const n = to - from;
    if (n === 0) return this.sha256(new Uint8Array(0));
    // a complete, aligned subtree of at least a chunk is a node of the upper tree
    if (n >= CHUNK && (n & (n - 1)) === 0 && from % n === 0) return this.upper.subtree(from / CHUNK, to / CHUNK);
    const c = Math.floor(from / CHUNK);
    if (Math.floor((to - 1) / CHUNK) === c) return this.chunkTree(c).subtree(from - c * CHUNK, to - c * CHUNK);
    const k = splitPoint(n);
    return hashChildren(this.sha256, this.rangeRoot(from, from + k), this.rangeRoot(from + k, to));
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
