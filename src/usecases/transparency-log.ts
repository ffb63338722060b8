/**
 * The transparency log as a running service: the Merkle tree kept in memory (rebuilt from the
 * stored leaf hashes at start, caught up from the database before every answer, so a CLI that
 * appended on the same PostgreSQL is seen), appends in one transaction each — entries,
 * commitments, the publication and a checkpoint signed with the key from the data folder —
 * serialised in this process and across processes, and the witnesses' cosignatures, each
 * checked before it is kept. Format: docs/TRANSPARENCY.md.
 */

import { existsSync } from 'node:fs';
import type { Kysely, Transaction } from 'kysely';
import { COSIGNATURE_ALGORITHM, verifyCosignatures } from '../domain/translog/cosignature.js';
import { encodeEntry, fromHex, type LogEntry, logInstant, toHex } from '../domain/translog/entries.js';
import { type Hash, hashLeaf } from '../domain/translog/merkle.js';
import {
  formatCheckpoint,
  formatSignatureLine,
  formatVerifierKey,
  openNote,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  signNote,
  type VerifierKey,
} from '../domain/translog/signed-note.js';
import { CHUNK, TiledMerkleLog } from '../domain/translog/tiled-log.js';
import { ensureLogKey, logKeyPaths, type SigningKey } from '../io/log-keys.js';
import { ed25519Verify, sha256 } from '../io/node-crypto.js';
import { AppError } from '../shared/app-error.js';
import type { Database } from '../store/schema.js';
import { newTimeOrderedId } from '../store/time-ordered-id.js';
import {
  type Commitment,
  cosignaturesOf,
  insertCheckpoint,
  insertCommitments,
  insertCosignature,
  insertEntries,
  insertPublication,
  insertTiles,
  leafHashesBetween,
  leafHashesFrom,
  listWitnesses,
  lockLog,
  readCheckpoint,
  readEntries,
  readTiles,
  type StoredEntry,
} from '../store/translog.js';

const decoder = new TextDecoder();

/** What a publication appends: its entries in order, and the commitments among them (by position in `entries`). */
export type PendingPublication = {
  /** The publication's id (a list's id, named in its entries); made here when absent. */
  id?: string;
  kind: 'list' | 'eligibility' | 'counts' | 'verification';
  title: string;
  createdBy: string;
  entries: LogEntry[];
  commitments?: { position: number; personId: string; salt: string; subject: string }[];
  /** Who signs the new checkpoint (default: the log's key; a rotation: the old and the new). */
  signers?: readonly SigningKey[];
};

export type AppendResult = { publicationId: string; firstIndex: number; size: number; checkpoint: string };

export class TransparencyLog {
  private tree = new TiledMerkleLog(sha256);
  /** Set when a failed append could not be undone in memory: the tree is read again before its next use. */
  private stale = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Kysely<Database>,
    private key: SigningKey,
  ) {}

  /** The log's origin (the name of its key). */
  get origin(): string {
    return this.key.name;
  }

  /** The verifier key others check checkpoints with. */
  get verifierKey(): string {
    return this.key.verifierKeyText;
  }

  /**
   * Loads the tree and checks the newest checkpoint against it and against the key: a key
   * that did not sign it (a lost or swapped key file) or a tree that does not give its root
   * (a damaged database) stops the log rather than signing a fork.
   */
  static async open(db: Kysely<Database>, key: SigningKey): Promise<TransparencyLog> {
    const log = new TransparencyLog(db, key);
    await log.load(db);
    const latest = await readCheckpoint(db);
    if (!latest) {
      await log.append({ kind: 'counts', title: 'log opened', createdBy: 'system', entries: [] });
      return log;
    }
    const opened = openNote(latest.note, [log.noteVerifier()]);
    if (!opened.ok) {
      throw new AppError('conflict', 'log key does not match the log', {
        publicMessage: `The log's signing key (${key.name}) did not sign its latest checkpoint (${latest.size} entries): ${opened.reason}. Restore the key file that signed it; a new key for an existing log needs "recuento log rotate-key" with the old one in place.`,
      });
    }
    if (latest.size <= log.tree.size) await log.ensureLeaves(TiledMerkleLog.indexesFor({ root: latest.size }));
    if (latest.size > log.tree.size || toHex(log.tree.root(latest.size)) !== latest.root) {
      throw new AppError('conflict', 'log entries do not match the checkpoint', {
        publicMessage: `The stored log entries do not give the root of the signed checkpoint at ${latest.size} entries: the database was damaged or restored from another log. Restore a backup taken after that checkpoint.`,
      });
    }
    return log;
  }

  private noteVerifier() {
    const { verifierKey } = this.key;
    return { name: verifierKey.name, keyId: verifierKey.keyId, verify: (m: Uint8Array, s: Uint8Array) => ed25519Verify(verifierKey.publicKey, m, s) };
  }

  /**
   * Reads the tree: the stored roots of complete chunks (tiles), then the entries after them. A
   * chunk completed by entries that have no tile yet (a log written before tiles were kept, or just
   * restored) gets its tile now, once.
   */
  private async load(db: Kysely<Database>): Promise<void> {
    this.tree = TiledMerkleLog.fromTiles(
      sha256,
      (await readTiles(db)).map((hex) => fromHex(hex)!),
      [],
    );
    this.stale = false;
    const made = await this.catchUp(db);
    if (made.length > 0) await insertTiles(db, made);
  }

  /** Adds to the tree the leaves stored since it was last read; returns the chunks they completed. */
  private async catchUp(db: Kysely<Database>): Promise<{ chunk: number; hash: string }[]> {
    if (this.stale) {
      await this.load(db);
      return [];
    }
    const completed: { chunk: number; hash: string }[] = [];
    for await (const page of leafHashesFrom(db, this.tree.size)) {
      for (const hex of page) {
        this.tree.append(fromHex(hex)!);
        if (this.tree.size % CHUNK === 0)
          completed.push({ chunk: this.tree.completeChunks - 1, hash: toHex(this.tree.chunkRoot(this.tree.completeChunks - 1)) });
      }
    }
    return completed;
  }

  /**
   * Brings to hand the leaves of the complete chunks a root or proof at these indexes reaches (read
   * again from what is stored first, after a failed append). Loops until none is missing, so that
   * the caller's proof, computed right after without waiting, finds them all.
   */
  private async ensureLeaves(indexes: readonly number[]): Promise<void> {
    if (this.stale) await this.serial(() => this.catchUp(this.db));
    for (let missing = this.tree.missingChunks(indexes); missing.length > 0; missing = this.tree.missingChunks(indexes)) {
      for (const c of missing) {
        const leaves = (await leafHashesBetween(this.db, c * CHUNK, (c + 1) * CHUNK)).map((hex) => fromHex(hex)!);
        try {
          this.tree.addChunk(c, leaves);
        } catch (error) {
          throw new AppError('conflict', 'log tiles do not match the entries', {
            publicMessage: `The stored log entries ${c * CHUNK}–${(c + 1) * CHUNK - 1} do not give the root stored for them: the database was damaged. Restore a backup.`,
            cause: error,
          });
        }
      }
    }
  }

  /** Runs one operation at a time in this process (the advisory lock covers other processes). */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  /** The number of entries, after catching up with other processes. */
  async size(): Promise<number> {
    await this.serial(() => this.catchUp(this.db));
    return this.tree.size;
  }

  /** Appends a publication in one transaction and signs the new checkpoint. Nothing is appended if anything fails. */
  append(publication: PendingPublication): Promise<AppendResult> {
    return this.appendWith(async () => ({ publication, finish: async () => undefined })).then(({ appended }) => appended);
  }

  /**
   * Appends what `prepare` decides once the log is locked (it sees the index its first entry
   * gets, and writes its own rows in the same transaction); `finish` runs after the entries are
   * stored, still inside it. Either everything commits — rows, entries, checkpoint — or nothing.
   */
  appendWith<T>(
    prepare: (trx: Transaction<Database>, firstIndex: number) => Promise<{ publication: PendingPublication; finish: () => Promise<T> }>,
  ): Promise<{ appended: AppendResult; result: T }> {
    return this.serial(async () => {
      try {
        return await this.db.transaction().execute(async (trx) => {
          await lockLog(trx);
          await this.catchUp(trx);
          const first = this.tree.size;
          const { publication, finish } = await prepare(trx, first);
          const publicationId = publication.id ?? newTimeOrderedId();
          const rows: StoredEntry[] = publication.entries.map((entry, i) => {
            const data = encodeEntry(entry);
            const leafHash = hashLeaf(sha256, data);
            this.tree.append(leafHash);
            return { index: first + i, kind: entry.type, data: decoder.decode(data), leafHash: toHex(leafHash), publicationId };
          });
          if (rows.length > 0) {
            await insertPublication(trx, {
              id: publicationId,
              kind: publication.kind,
              title: publication.title,
              firstIndex: first,
              entries: rows.length,
              createdBy: publication.createdBy,
            });
          }
          await insertEntries(trx, rows);
          // the roots of the chunks these entries complete, in the same transaction
          const tiles: { chunk: number; hash: string }[] = [];
          for (let c = Math.floor(first / CHUNK); (c + 1) * CHUNK <= this.tree.size; c++) tiles.push({ chunk: c, hash: toHex(this.tree.chunkRoot(c)) });
          await insertTiles(trx, tiles);
          const commitments: Commitment[] = (publication.commitments ?? []).map((c) => ({
            index: first + c.position,
            publicationId,
            personId: c.personId,
            salt: c.salt,
            subject: c.subject,
          }));
          await insertCommitments(trx, commitments);
          const checkpoint = this.signCheckpoint(publication.signers ?? [this.key]);
          if (!(await readCheckpoint(trx, this.tree.size))) {
            await insertCheckpoint(trx, { size: this.tree.size, root: toHex(this.tree.root()), note: checkpoint });
          }
          const result = await finish();
          return { appended: { publicationId, firstIndex: first, size: this.tree.size, checkpoint }, result };
        });
      } catch (error) {
        // The transaction rolled back: forget what was added in memory (and anything caught up inside it).
        // the transaction rolled back: the tree is read again from what is stored before its next use
        this.stale = true;
        throw error;
      }
    });
  }

  private signCheckpoint(keys: readonly SigningKey[]): string {
    return signNote(formatCheckpoint({ origin: this.key.name, size: this.tree.size, root: this.tree.root(), extensions: [] }), keys);
  }

  /**
   * Replaces the signing key: appends a key-rotation entry naming both keys, and signs the
   * checkpoint that contains it with both, so whoever trusts the old key learns the new one
   * from a note the old key signed.
   */
  async rotate(next: SigningKey): Promise<AppendResult> {
    const previous = this.key;
    const entry: LogEntry = { type: 'key-rotation', previous: previous.verifierKeyText, next: next.verifierKeyText, rotatedAt: logInstant(new Date()) };
    const publication: PendingPublication = { kind: 'counts', title: 'signing key rotated', createdBy: 'system', entries: [entry], signers: [previous, next] };
    try {
      // The key changes inside the append, so no other append can slip in between under the old one.
      const { appended } = await this.appendWith(async () => ({
        publication,
        finish: async () => {
          this.key = next;
        },
      }));
      return appended;
    } catch (error) {
      this.key = previous;
      throw error;
    }
  }

  /** The newest signed checkpoint (or the one of a given size) with the witnesses' cosignatures appended. */
  async checkpoint(size?: number): Promise<{ size: number; note: string; cosignatures: number }> {
    const stored = await readCheckpoint(this.db, size);
    if (!stored) {
      throw new AppError('not_found', 'no checkpoint of that size', {
        publicMessage:
          size === undefined ? 'The log has no checkpoint yet.' : `No checkpoint was signed at ${size} entries; GET /api/log/checkpoint gives the newest.`,
      });
    }
    const cosignatures = await cosignaturesOf(this.db, stored.size);
    return { size: stored.size, note: stored.note + cosignatures.map((c) => c.line).join(''), cosignatures: cosignatures.length };
  }

  /** The audit path of an entry in the tree of `size` entries. */
  async inclusionProof(index: number, size: number): Promise<{ leafHash: Hash; proof: Hash[] }> {
    if (this.stale) await this.serial(() => this.catchUp(this.db));
    // A tree the log already holds needs no visit to the database; a larger one may have been appended by another process.
    const current = size <= this.tree.size ? this.tree.size : await this.size();
    if (size < 1 || size > current) throw this.outOfRange(`tree size ${size} is not one this log has had: it has ${current} entries`);
    if (index < 0 || index >= size) throw this.outOfRange(`index ${index} is past the end of a tree of ${size} entries`);
    await this.ensureLeaves(TiledMerkleLog.indexesFor({ inclusion: [index, size] }));
    return { leafHash: this.tree.leaf(index), proof: this.tree.inclusionProof(index, size) };
  }

  /** The proof that the tree of `to` entries extends the tree of `from`. */
  async consistencyProof(from: number, to: number): Promise<Hash[]> {
    if (this.stale) await this.serial(() => this.catchUp(this.db));
    const current = to <= this.tree.size ? this.tree.size : await this.size();
    if (to > current) throw this.outOfRange(`tree size ${to} is not one this log has had: it has ${current} entries`);
    if (from < 0 || from > to) throw this.outOfRange(`the first size (${from}) must be between 0 and the second (${to})`);
    // every tree extends the empty tree and itself: there is nothing to prove (RFC 9162 §2.1.4)
    if (from === 0 || from === to) return [];
    await this.ensureLeaves(TiledMerkleLog.indexesFor({ consistency: [from, to] }));
    return this.tree.consistencyProof(from, to);
  }

  private outOfRange(message: string): AppError {
    return new AppError('validation_failed', `log range: ${message}`, { publicMessage: message });
  }

  /** Entries [start, end) as stored: the exact text whose UTF-8 bytes were hashed. */
  async entries(start: number, end: number): Promise<StoredEntry[]> {
    const current = await this.size();
    if (start < 0 || start > end) throw this.outOfRange('start must be at least 0 and not after end');
    if (start >= current && current > 0) throw this.outOfRange(`index ${start} is past the end of the log (${current} entries)`);
    return readEntries(this.db, start, Math.min(end, current));
  }

  /**
   * Keeps a witness's cosignature of one of this log's checkpoints. The note must be a
   * checkpoint this log signed (same size and root) and carry a valid cosignature by a
   * registered witness; anything else is refused with the reason.
   */
  async addCosignatures(note: string): Promise<{ size: number; accepted: string[] }> {
    const parsed = parseNote(note);
    if (!parsed.ok) throw refuse(parsed.reason);
    const opened = openNote(note, [this.noteVerifier()]);
    if (!opened.ok) throw refuse(`the checkpoint is not signed by this log's key: ${opened.reason}`);
    const checkpoint = parseCheckpoint(opened.text);
    if (!checkpoint.ok) throw refuse(checkpoint.reason);
    const stored = await readCheckpoint(this.db, checkpoint.size);
    if (!stored || stored.root !== toHex(checkpoint.root) || checkpoint.origin !== this.origin)
      throw refuse(`this log signed no checkpoint with that size and root`);
    const witnesses = await listWitnesses(this.db);
    const keys = witnesses.map((w) => ({ row: w, key: parseWitnessRow(w.key) }));
    const result = verifyCosignatures(
      note,
      keys.map(({ key }) => ({ ...key, verify: (m: Uint8Array, s: Uint8Array) => ed25519Verify(key.publicKey, m, s) })),
    );
    if (!result.ok) throw refuse(result.reason);
    if (result.cosignatures.length === 0)
      throw refuse('no cosignature by a witness this log knows (an administrator adds witnesses with "recuento log witnesses add")');
    const now = Date.now() / 1000;
    const accepted: string[] = [];
    for (const cosignature of result.cosignatures) {
      if (cosignature.time > now + 300) throw refuse(`the cosignature by ${cosignature.name} is dated in the future`);
      const row = keys.find(({ key }) => key.name === cosignature.name && key.keyId === cosignature.keyId)!.row;
      const signature = parsed.signatures.find((s) => s.name === cosignature.name && s.keyId === cosignature.keyId)!;
      await insertCosignature(this.db, {
        size: checkpoint.size,
        witnessKey: row.key,
        line: formatSignatureLine(signature),
        cosignedAt: new Date(cosignature.time * 1000).toISOString(),
      });
      accepted.push(cosignature.name);
    }
    return { size: checkpoint.size, accepted };
  }
}

function refuse(reason: string): AppError {
  // The reason names keys, sizes and signatures, never an entry: it goes to the server's log too.
  return new AppError('validation_failed', `cosignature refused: ${reason}`, { publicMessage: `Cosignature refused: ${reason}.` });
}

function parseWitnessRow(text: string): VerifierKey {
  const parsed = parseVerifierKey(sha256, text, COSIGNATURE_ALGORITHM);
  if (!parsed.ok) throw new AppError('internal', `stored witness key unreadable: ${parsed.reason}`);
  return parsed;
}

/** The text of a witness's verifier key, checked (for `log witnesses add` and its API). */
export function witnessKeyText(key: VerifierKey): string {
  return formatVerifierKey(sha256, key.name, key.publicKey, COSIGNATURE_ALGORITHM);
}

/**
 * The log's signing key for a data folder, made when the folder has none — unless the
 * database already holds a signed log (a folder restored without its key file): then nothing
 * is made, and the error says what to restore. A key made there would only be refused.
 */
export async function logKeyFor(db: Kysely<Database>, dataDir: string, origin: string): Promise<ReturnType<typeof ensureLogKey>> {
  const { privatePath } = logKeyPaths(dataDir);
  if (!existsSync(privatePath)) {
    const latest = await readCheckpoint(db);
    if (latest) {
      throw new AppError('conflict', 'log key missing for an existing log', {
        publicMessage: `This database holds a signed transparency log (${latest.size} entries) but ${privatePath} is missing. Put back the key file that signed it (keys are kept apart from backups); nothing was created.`,
      });
    }
  }
  return ensureLogKey(dataDir, origin);
}
