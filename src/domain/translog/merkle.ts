/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0), §2.1: leaf hash
 * SHA-256(0x00 ‖ entry), node hash SHA-256(0x01 ‖ left ‖ right), the tree of n leaves split
 * at the largest power of two below n. Inclusion proofs (§2.1.3) and consistency proofs
 * (§2.1.4), with the verification algorithms of the RFC. Pure: SHA-256 comes in as a
 * parameter (the caller passes node:crypto's). A failed verification is a result with the
 * reason, never an exception.
 */

export type Hash = Uint8Array;
/** SHA-256 of the concatenation of its arguments (so callers need not copy prefixes and hashes together). */
export type HashFunction = (...parts: Uint8Array[]) => Hash;

export type Verification = { ok: true } | { ok: false; reason: string };

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** SHA-256(0x00 ‖ entry). */
export function hashLeaf(sha256: HashFunction, entry: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, entry);
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(sha256: HashFunction, left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right);
}

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The root of the leaves [from, to) of a tree. Proofs are built from such roots; a stored tree
 * (merkle-log.ts) answers them from its levels, a list of leaves by recomputing.
 */
export type SubtreeRoot = (from: number, to: number) => Hash;

/** MTH(D[n]): the root of the leaves [from, to) (SHA-256 of nothing for an empty tree). */
export function rootOf(sha256: HashFunction, leaves: readonly Hash[], from = 0, to = leaves.length): Hash {
  const n = to - from;
  if (n === 0) return sha256(new Uint8Array(0));
  if (n === 1) return leaves[from]!;
  const k = split(n);
  return hashChildren(sha256, rootOf(sha256, leaves, from, from + k), rootOf(sha256, leaves, from + k, to));
}

/** The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  return split(n);
}

/** PATH(m, D[n]): the audit path of leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(sha256: HashFunction, leaves: readonly Hash[], index: number, size: number): Hash[] {
  if (size > leaves.length) throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  return inclusionPath((from, to) => rootOf(sha256, leaves, from, to), index, size);
}

/** PATH(m, D[n]) from any source of subtree roots. */
export function inclusionPath(subtreeRoot: SubtreeRoot, index: number, size: number): Hash[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  const path: Hash[] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n <= 1) return;
    const k = split(n);
    if (m < k) {
      walk(m, from, from + k);
      path.push(subtreeRoot(from + k, to));
    } else {
      walk(m - k, from + k, to);
      path.push(subtreeRoot(from, from + k));
    }
  };
  walk(index, 0, size);
  return path;
}

/** PROOF(m, D[n]): the consistency proof between the trees of the first `first` and `second` leaves. */
export function consistencyProof(sha256: HashFunction, leaves: readonly Hash[], first: number, second: number): Hash[] {
  if (second > leaves.length) throw new RangeError(`no consistency proof from ${first} to ${second}`);
  return consistencyPath((from, to) => rootOf(sha256, leaves, from, to), first, second);
}

/** PROOF(m, D[n]) from any source of subtree roots. */
export function consistencyPath(subtreeRoot: SubtreeRoot, first: number, second: number): Hash[] {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || first > second)
    throw new RangeError(`no consistency proof from ${first} to ${second}`);
  const proof: Hash[] = [];
  const subproof = (m: number, from: number, to: number, whole: boolean): void => {
    const n = to - from;
    if (m === n) {
      if (!whole) proof.push(subtreeRoot(from, to));
      return;
    }
    const k = split(n);
    if (m <= k) {
      subproof(m, from, from + k, whole);
      proof.push(subtreeRoot(from + k, to));
    } else {
      subproof(m - k, from + k, to, false);
      proof.push(subtreeRoot(from, from + k));
    }
  };
  subproof(first, 0, second, true);
  return proof;
}

function equal(a: Hash, b: Hash): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** RFC 9162 §2.1.3.2: does `leafHash` sit at `index` in the tree of `size` leaves whose root is `root`? */
export function verifyInclusion(sha256: HashFunction, index: number, size: number, leafHash: Hash, proof: readonly Hash[], root: Hash): Verification {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || size < 1)
    return { ok: false, reason: 'the index and the tree size must be whole numbers, the size at least 1' };
  if (index >= size) return { ok: false, reason: `index ${index} is past the end of a tree of ${size} entries` };
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return { ok: false, reason: 'the proof is longer than the tree is deep' };
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(sha256, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(sha256, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return { ok: false, reason: 'the proof is shorter than the tree is deep' };
  return equal(r, root) ? { ok: true } : { ok: false, reason: 'the proof does not lead to this root' };
}

/** RFC 9162 §2.1.4.2: is the tree of `second` leaves (root `secondRoot`) an extension of the tree of `first` leaves (root `firstRoot`)? */
export function verifyConsistency(
  sha256: HashFunction,
  first: number,
  second: number,
  proof: readonly Hash[],
  firstRoot: Hash,
  secondRoot: Hash,
): Verification {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || second < 0)
    return { ok: false, reason: 'tree sizes must be whole numbers' };
  if (first > second) return { ok: false, reason: `the first tree (${first}) is larger than the second (${second})` };
  if (first === second) {
    if (proof.length !== 0) return { ok: false, reason: 'a proof between equal sizes must be empty' };
    return equal(firstRoot, secondRoot) ? { ok: true } : { ok: false, reason: 'two trees of the same size have different roots' };
  }
  if (first === 0) return proof.length === 0 ? { ok: true } : { ok: false, reason: 'a proof from the empty tree must be empty' };
  if (proof.length === 0) return { ok: false, reason: 'the proof is empty' };
  const path = [...proof];
  // If the first size is a power of two, its root is the first node of the path.
  if ((first & (first - 1)) === 0) path.unshift(firstRoot);
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return { ok: false, reason: 'the proof is longer than the trees allow' };
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(sha256, c, fr);
      sr = hashChildren(sha256, c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sha256, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return { ok: false, reason: 'the proof is shorter than the trees require' };
  if (!equal(fr, firstRoot)) return { ok: false, reason: 'the proof does not lead to the first root: the log was rewritten, or the proof is for other sizes' };
  if (!equal(sr, secondRoot)) return { ok: false, reason: 'the proof does not lead to the second root' };
  return { ok: true };
}
