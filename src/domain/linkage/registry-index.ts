/**
 * The registry's side of linkage, kept between runs: every person's encoded values, the
 * blocks of every blocking rule, and how often each value and name word occurs. Linking a
 * list against it (linkRecords' `registry` option) encodes and blocks only the list: the
 * registry is not read, encoded or blocked again.
 *
 * A change replaces one person's record: the old record is retired (its counts taken back,
 * its blocks told), the new one appended to a small overlay of blocks. When the overlay
 * and the retired records grow past a tenth of the registry, the blocks are rebuilt whole
 * from the living records in id order (sorted packed keys, as blocking.ts builds them), so a
 * long series of edits never degrades a lookup. Between rebuilds, blocks and random records are
 * still given in id order (the built ones merged with those appended since), so a run depends on
 * the registry as it is, not on the changes that led to it.
 */
import { blockOf, indexRule, type RuleIndex, ruleKeys } from './blocking.js';
import { type Comparison, createComparison } from './compare-fields.js';
import { encodeRecords, type LinkTable } from './link-records.js';
import type { BlockingRule, LinkSettings } from './settings.js';

/** The part of a registry record the index counts for term frequencies: values and words. */
type Counts = { values: Map<string, number>; present: number; words: Map<string, number>; wordTotal: number; wordSquares: number };

export class RegistryIndex {
  readonly settings: LinkSettings;
  readonly comparisons: Comparison[];
  /** values[c][slot]: a record's encoded value for comparison c (retired slots keep theirs). */
  values: unknown[][];
  /** Increases with every change: a linkage kept from an earlier version is stale. */
  version = 0;
  private ids: string[] = [];
  private slotOf = new Map<string, number>();
  private retired = new Uint8Array(1024);
  /** Two hashes of each slot's cells as given: a record given again unchanged is recognised. */
  private hashA = new Int32Array(1024);
  private hashB = new Int32Array(1024);
  /** The columns the comparisons read. */
  private readonly columnNames: string[];
  private livingCount = 0;
  private readonly keysOf: ((recordValues: readonly unknown[]) => number[])[];
  private readonly rules: readonly BlockingRule[];
  /** Blocks of the records below `baseCount`, built whole. */
  private base: RuleIndex[] = [];
  private baseCount = 0;
  /** Per rule: retired records still counted in a base block, by the block's hash. */
  private retiredInBase: Map<number, number>[];
  /** Per rule: records appended since the base was built, by block hash. */
  private overlay: Map<number, number[]>[];
  private counts: Counts[];

  constructor(settings: LinkSettings) {
    this.settings = settings;
    this.comparisons = settings.comparisons.map(createComparison);
    this.rules = settings.blocking;
    this.keysOf = this.rules.map((rule) => ruleKeys(rule, this.comparisons));
    this.columnNames = [...new Set(this.comparisons.flatMap((c) => c.columnNames))];
    this.values = this.comparisons.map(() => []);
    this.retiredInBase = this.rules.map(() => new Map());
    this.overlay = this.rules.map(() => new Map());
    this.counts = this.comparisons.map(() => ({ values: new Map(), present: 0, words: new Map(), wordTotal: 0, wordSquares: 0 }));
    this.compact();
  }

  /** Living records. */
  get size(): number {
    return this.livingCount;
  }

  /**
   * Adds records, or replaces those whose id is already indexed; a record given again as it is
   * indexed (a change read twice) changes nothing, and the version stays.
   */
  put(table: LinkTable): void {
    const cells = (i: number) => this.columnNames.map((name) => table.columns[name]?.[i] ?? '').join('\u001f');
    const changed: number[] = [];
    const hashes: [number, number][] = [];
    for (let i = 0; i < table.ids.length; i++) {
      const hash = hashCells(cells(i));
      const earlier = this.slotOf.get(table.ids[i]!);
      if (earlier !== undefined && this.hashA[earlier] === hash[0] && this.hashB[earlier] === hash[1]) continue;
      changed.push(i);
      hashes.push(hash);
    }
    if (changed.length === 0) return;
    const part: LinkTable =
      changed.length === table.ids.length
        ? table
        : {
            ids: changed.map((i) => table.ids[i]!),
            columns: Object.fromEntries(Object.entries(table.columns).map(([name, column]) => [name, changed.map((i) => column[i] ?? '')])),
          };
    const encoded = encodeRecords(this.comparisons, [part]);
    // a batch as large as a tenth of the registry (the first, say) is cheaper blocked whole
    const large = part.ids.length >= this.livingCount / 10;
    this.reserve(this.ids.length + part.ids.length);
    for (let i = 0; i < part.ids.length; i++) {
      const id = part.ids[i]!;
      const earlier = this.slotOf.get(id);
      if (earlier !== undefined) this.retire(earlier, !large);
      const slot = this.ids.length;
      this.ids.push(id);
      for (let c = 0; c < this.comparisons.length; c++) this.values[c]!.push(encoded[c]![i] ?? null);
      this.hashA[slot] = hashes[i]![0];
      this.hashB[slot] = hashes[i]![1];
      this.slotOf.set(id, slot);
      this.livingCount++;
      this.count(slot, 1);
      if (!large) this.addToOverlay(slot);
    }
    this.livingSlots = null;
    if (large || this.changesSinceBase > Math.max(10_000, this.livingCount / 10)) this.compact();
    this.version++;
  }

  /** Removes records by id (an id not indexed is ignored, and changes nothing). */
  remove(ids: Iterable<string>): void {
    let removed = 0;
    for (const id of ids) {
      const slot = this.slotOf.get(id);
      if (slot === undefined) continue;
      this.retire(slot, true);
      this.slotOf.delete(id);
      removed++;
    }
    if (removed === 0) return;
    if (this.changesSinceBase > Math.max(10_000, this.livingCount / 10)) this.compact();
    this.version++;
  }

  /** Room for `slots` slots in the per-slot arrays. */
  private reserve(slots: number): void {
    if (this.retired.length >= slots) return;
    const size = Math.max(slots, this.retired.length * 2);
    const grow = <T extends Uint8Array | Int32Array>(array: T, next: T): T => {
      next.set(array);
      return next;
    };
    this.retired = grow(this.retired, new Uint8Array(size));
    this.hashA = grow(this.hashA, new Int32Array(size));
    this.hashB = grow(this.hashB, new Int32Array(size));
  }

  /** The id of a record (a slot of `values`). */
  idOf(slot: number): string {
    return this.ids[slot]!;
  }

  /** True when a slot holds a living record. */
  isLiving(slot: number): boolean {
    return slot < this.ids.length && this.retired[slot] === 0;
  }

  /** Slots of `values`, living or retired. */
  get slots(): number {
    return this.ids.length;
  }

  /** Every living record: its id and its encoded values (one per comparison). */
  *living(): Generator<[string, unknown[]]> {
    for (let slot = 0; slot < this.ids.length; slot++) if (this.retired[slot] === 0) yield [this.ids[slot]!, this.recordValues(slot)];
  }

  /** A uniformly random living record, or -1 when there is none. */
  randomSlot(random: () => number): number {
    if (this.livingCount === 0) return -1;
    if (this.livingCount === this.ids.length && this.baseCount === this.ids.length) return Math.floor(random() * this.ids.length);
    // by rank among the living in id order, as in an index built afresh: one draw each, and the
    // same record for the same registry whatever changes led to it
    if (!this.livingSlots) {
      const built: number[] = [];
      for (let slot = 0; slot < this.baseCount; slot++) if (this.retired[slot] === 0) built.push(slot);
      const since: number[] = [];
      for (let slot = this.baseCount; slot < this.ids.length; slot++) if (this.retired[slot] === 0) since.push(slot);
      this.livingSlots = Int32Array.from(this.inIdOrder(built, since));
    }
    return this.livingSlots[Math.floor(random() * this.livingCount)]!;
  }

  /** Living slots in id order, made when a random record is first asked for after a change. */
  private livingSlots: Int32Array | null = null;

  /** Slots of the built blocks (already in id order) and slots appended since, merged in id order. */
  private inIdOrder(built: readonly number[], since: number[]): number[] {
    if (since.length === 0) return built as number[];
    const ids = this.ids;
    since.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    const merged: number[] = [];
    let i = 0;
    let j = 0;
    while (i < built.length || j < since.length) {
      if (j >= since.length || (i < built.length && ids[built[i]!]! < ids[since[j]!]!)) merged.push(built[i++]!);
      else merged.push(since[j++]!);
    }
    return merged;
  }

  /** The living records in a rule's block (by key hash): how many, and (when asked) which. */
  blockSize(rule: number, hash: number): number {
    const base = this.base[rule]!;
    const b = blockOf(base, hash);
    const inBase = b < 0 ? 0 : base.blockOffsets[b + 1]! - base.blockOffsets[b]! - (this.retiredInBase[rule]!.get(hash) ?? 0);
    return inBase + (this.overlay[rule]!.get(hash)?.length ?? 0);
  }

  /** Visits the living records of a block in id order (the order of an index built afresh). */
  blockMembers(rule: number, hash: number, visit: (slot: number) => void): void {
    const base = this.base[rule]!;
    const b = blockOf(base, hash);
    const since = this.overlay[rule]!.get(hash);
    if (!since || since.length === 0) {
      if (b < 0) return;
      for (let i = base.blockOffsets[b]!; i < base.blockOffsets[b + 1]!; i++) {
        const slot = base.blockMembers[i]!;
        if (this.retired[slot] === 0) visit(slot);
      }
      return;
    }
    const built: number[] = [];
    if (b >= 0)
      for (let i = base.blockOffsets[b]!; i < base.blockOffsets[b + 1]!; i++) if (this.retired[base.blockMembers[i]!] === 0) built.push(base.blockMembers[i]!);
    for (const slot of this.inIdOrder(built, [...since])) visit(slot);
  }

  /** How many living records have a value for comparison c, and how many have each value (by valueKey). */
  valueCounts(c: number): { counts: ReadonlyMap<string, number>; present: number } {
    return { counts: this.counts[c]!.values, present: this.counts[c]!.present };
  }

  /** Names: how many times each word occurs among the living records, in all, and Σ n² over words. */
  wordCounts(c: number): { counts: ReadonlyMap<string, number>; total: number; squares: number } {
    const k = this.counts[c]!;
    return { counts: k.words, total: k.wordTotal, squares: k.wordSquares };
  }

  private recordValues(slot: number): unknown[] {
    return this.comparisons.map((_, c) => this.values[c]![slot] ?? null);
  }

  /** Records retired or appended since the blocks were last built whole. */
  private changesSinceBase = 0;

  private retire(slot: number, tellBlocks: boolean): void {
    if (this.retired[slot] === 1) return;
    this.retired[slot] = 1;
    this.livingCount--;
    this.livingSlots = null;
    this.changesSinceBase++;
    this.count(slot, -1);
    if (!tellBlocks) return;
    const record = this.recordValues(slot);
    for (let r = 0; r < this.rules.length; r++) {
      for (const h of this.keysOf[r]!(record)) {
        if (slot < this.baseCount) this.retiredInBase[r]!.set(h, (this.retiredInBase[r]!.get(h) ?? 0) + 1);
        else {
          const list = this.overlay[r]!.get(h);
          const at = list ? list.indexOf(slot) : -1;
          if (at >= 0) list!.splice(at, 1);
        }
      }
    }
  }

  private addToOverlay(slot: number): void {
    this.changesSinceBase++;
    const record = this.recordValues(slot);
    for (let r = 0; r < this.rules.length; r++) {
      for (const h of this.keysOf[r]!(record)) {
        const list = this.overlay[r]!.get(h);
        if (list) list.push(slot);
        else this.overlay[r]!.set(h, [slot]);
      }
    }
  }

  private count(slot: number, sign: 1 | -1): void {
    for (let c = 0; c < this.comparisons.length; c++) {
      const value = this.values[c]![slot];
      if (value === null || value === undefined) continue;
      const comparison = this.comparisons[c]!;
      const k = this.counts[c]!;
      const key = comparison.valueKey(value);
      const n = (k.values.get(key) ?? 0) + sign;
      if (n === 0) k.values.delete(key);
      else k.values.set(key, n);
      k.present += sign;
      if (!comparison.termFrequency) continue;
      for (const word of comparison.terms(value)) {
        const before = k.words.get(word) ?? 0;
        const after = before + sign;
        if (after === 0) k.words.delete(word);
        else k.words.set(word, after);
        k.wordTotal += sign;
        k.wordSquares += after * after - before * before;
      }
    }
  }

  /** Drops retired records and builds every rule's blocks again from the living ones (done by itself as changes grow). */
  compact(): void {
    // the living records in the order of their ids: after a rebuild the index is laid out as one
    // built afresh from the registry (read in id order), so a run draws the same random records
    const keep: number[] = [];
    for (let slot = 0; slot < this.ids.length; slot++) if (this.retired[slot] === 0) keep.push(slot);
    const ids = this.ids;
    keep.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    if (keep.some((slot, i) => slot !== i) || keep.length < ids.length) {
      this.ids = keep.map((slot) => ids[slot]!);
      this.values = this.values.map((column) => keep.map((slot) => column[slot] ?? null));
      this.slotOf = new Map(this.ids.map((id, slot) => [id, slot]));
      const size = Math.max(1024, this.ids.length);
      this.retired = new Uint8Array(size);
      const [a, b] = [this.hashA, this.hashB];
      this.hashA = new Int32Array(size);
      this.hashB = new Int32Array(size);
      keep.forEach((slot, i) => {
        this.hashA[i] = a[slot]!;
        this.hashB[i] = b[slot]!;
      });
    }
    this.livingSlots = null;
    this.base = this.rules.map((rule) => indexRule(rule, this.comparisons, this.values, this.ids.length));
    this.baseCount = this.ids.length;
    this.changesSinceBase = 0;
    this.retiredInBase = this.rules.map(() => new Map());
    this.overlay = this.rules.map(() => new Map());
  }
}

/** Two independent 32-bit hashes of a text (FNV-1a, and FNV-1a from another basis with another prime). */
function hashCells(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return [a | 0, b | 0];
}
