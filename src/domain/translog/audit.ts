/**
 * What an independent verifier checks, as a list of named steps, each passed or failed with
 * the reason: a checkpoint's signatures, its consistency with an earlier one, and a family's
 * receipt (its commitment, the checkpoint it names, the inclusion of its entry). The CLI
 * (`recuento log verify | prove`) prints these steps; the witness runs the same checks before it
 * cosigns. Pure: SHA-256 and Ed25519 verification come in as parameters.
 */
import { z } from 'zod';
import { type Cosignature, verifyCosignatures } from './cosignature.js';
import { commitmentOf, decodeEntry } from './entries.js';
import { type Hash, type HashFunction, hashLeaf, verifyConsistency, verifyInclusion } from './merkle.js';
import { type Checkpoint, fromBase64, type NoteVerifier, openNote, parseCheckpoint, type VerifierKey } from './signed-note.js';

export type Step = { check: string; ok: boolean; detail: string };
export type Ed25519Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;

const encoder = new TextEncoder();

/** Verifiers for note signatures from parsed keys. */
export function noteVerifiers(keys: readonly VerifierKey[], verify: Ed25519Verify): NoteVerifier[] {
  return keys.map((key) => ({ name: key.name, keyId: key.keyId, verify: (message, signature) => verify(key.publicKey, message, signature) }));
}

export type OpenedCheckpoint = Checkpoint & { signedBy: string[]; cosignatures: Cosignature[] };

/**
 * Opens a signed checkpoint: signed by at least one of the log's keys (every known signature
 * must verify), a well-formed checkpoint of the expected origin when one is given, and each
 * witness's cosignature (if present) valid. `label` names the file in the steps.
 */
export function openCheckpoint(
  label: string,
  note: string,
  logKeys: readonly VerifierKey[],
  witnessKeys: readonly VerifierKey[],
  verify: Ed25519Verify,
  steps: Step[],
  requiredWitnesses = 0,
): OpenedCheckpoint | null {
  const opened = openNote(note, noteVerifiers(logKeys, verify));
  if (!opened.ok) {
    steps.push({ check: `${label}: signature`, ok: false, detail: opened.reason });
    return null;
  }
  steps.push({ check: `${label}: signature`, ok: true, detail: `signed by ${opened.verified.map((v) => v.name).join(', ')}` });
  const checkpoint = parseCheckpoint(opened.text);
  if (!checkpoint.ok) {
    steps.push({ check: `${label}: checkpoint`, ok: false, detail: checkpoint.reason });
    return null;
  }
  const logNames = new Set(logKeys.map((key) => key.name));
  if (!logNames.has(checkpoint.origin)) {
    steps.push({
      check: `${label}: origin`,
      ok: false,
      detail: `the checkpoint is of log "${checkpoint.origin}", not of ${[...logNames].map((n) => `"${n}"`).join(' or ')}`,
    });
    return null;
  }
  steps.push({ check: `${label}: checkpoint`, ok: true, detail: `log ${checkpoint.origin}, ${checkpoint.size} entries` });
  const cosigned = verifyCosignatures(
    note,
    witnessKeys.map((key) => ({ ...key, verify: (message: Uint8Array, signature: Uint8Array) => verify(key.publicKey, message, signature) })),
  );
  if (!cosigned.ok) {
    steps.push({ check: `${label}: witnesses`, ok: false, detail: cosigned.reason });
    return null;
  }
  if (witnessKeys.length > 0) {
    const enough = cosigned.cosignatures.length >= requiredWitnesses;
    steps.push({
      check: `${label}: witnesses`,
      ok: enough,
      detail:
        cosigned.cosignatures.length === 0
          ? `no cosignature by the ${witnessKeys.length} witness key(s) given${enough ? '' : `; ${requiredWitnesses} required`}`
          : `cosigned by ${cosigned.cosignatures.map((c) => `${c.name} at ${new Date(c.time * 1000).toISOString()}`).join(', ')}${enough ? '' : `; ${requiredWitnesses} required`}`,
    });
    if (!enough) return null;
  }
  return {
    origin: checkpoint.origin,
    size: checkpoint.size,
    root: checkpoint.root,
    extensions: checkpoint.extensions,
    signedBy: opened.verified.map((v) => v.name),
    cosignatures: cosigned.cosignatures,
  };
}

/** Checks that `newer` extends `older` (same origin, not smaller, and the proof between them holds). */
export function checkConsistency(sha256: HashFunction, older: Checkpoint, newer: Checkpoint, proof: readonly Hash[] | null, steps: Step[]): boolean {
  const check = `consistency ${older.size} → ${newer.size}`;
  if (older.origin !== newer.origin) {
    steps.push({ check, ok: false, detail: `the checkpoints are of two logs: "${older.origin}" and "${newer.origin}"` });
    return false;
  }
  if (newer.size < older.size) {
    steps.push({
      check,
      ok: false,
      detail: `the newer checkpoint has fewer entries (${newer.size}) than the older (${older.size}): the log was truncated or the files swapped`,
    });
    return false;
  }
  if (older.size === newer.size || older.size === 0) {
    const result = verifyConsistency(sha256, older.size, newer.size, [], older.root, newer.root);
    steps.push({ check, ok: result.ok, detail: result.ok ? 'nothing to prove: the older tree is empty or the same' : result.reason });
    return result.ok;
  }
  if (!proof) {
    steps.push({ check, ok: false, detail: 'no consistency proof: give --server URL to fetch one' });
    return false;
  }
  const result = verifyConsistency(sha256, older.size, newer.size, proof, older.root, newer.root);
  steps.push({
    check,
    ok: result.ok,
    detail: result.ok ? `the log of ${newer.size} entries extends the log of ${older.size}: nothing was rewritten` : result.reason,
  });
  return result.ok;
}

/** A family's receipt: the committed details and salt, where the entry sits, and the checkpoint and proof at the time. */
export const ReceiptSchema = z.strictObject({
  format: z.literal('recuento-receipt/v1'),
  origin: z.string().min(1),
  subject: z.string().min(2),
  salt: z.string().min(1),
  leafIndex: z.number().int().min(0),
  entry: z.string().min(2),
  checkpoint: z.string().min(1),
  inclusionProof: z.array(z.string()),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

/** The result of checking a receipt on its own: the steps, and what a server check needs next. */
export type ReceiptCheck = { ok: boolean; steps: Step[]; checkpoint: OpenedCheckpoint | null; leafHash: Hash | null; subject: unknown };

/** Checks a receipt offline (a list entry, a verification decision or an eligibility result): details + salt give the entry's commitment, the checkpoint is the log's, the entry is in it. */
export function checkReceipt(
  sha256: HashFunction,
  receipt: unknown,
  logKeys: readonly VerifierKey[],
  witnessKeys: readonly VerifierKey[],
  verify: Ed25519Verify,
): ReceiptCheck {
  const steps: Step[] = [];
  const fail = (check: string, detail: string): ReceiptCheck => {
    steps.push({ check, ok: false, detail });
    return { ok: false, steps, checkpoint: null, leafHash: null, subject: null };
  };
  const parsed = ReceiptSchema.safeParse(receipt);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail('receipt', `not a Recuento receipt: ${issue.path.join('.') || 'the file'} ${issue.message}`);
  }
  const r = parsed.data;
  let subject: unknown;
  try {
    subject = JSON.parse(r.subject);
  } catch {
    return fail('receipt', 'the subject is not JSON');
  }
  const salt = fromBase64(r.salt);
  if (salt?.length !== 32) return fail('receipt', 'the salt is not base64 of 32 bytes');
  const entryBytes = encoder.encode(r.entry);
  const entry = decodeEntry(entryBytes);
  if (!entry.ok) return fail('receipt', entry.reason);
  const committed = entry.entry as { type: string; commitment?: string; list?: string; position?: number };
  if (!committed.commitment) return fail('receipt', 'the entry in the receipt carries no commitment: it names its subject openly and needs no receipt');
  const where = committed.type === 'list-entry' ? `list ${committed.list}, position ${committed.position}` : `a ${committed.type} entry`;
  steps.push({ check: 'receipt', ok: true, detail: `${where}, log entry ${r.leafIndex}` });
  if (commitmentOf(sha256, salt, r.subject) !== committed.commitment)
    return fail('commitment', 'the details and salt do not give the commitment in the log entry: the salt is wrong or the details were changed');
  steps.push({ check: 'commitment', ok: true, detail: 'the details and salt give the commitment in the log entry' });
  const checkpoint = openCheckpoint('receipt checkpoint', r.checkpoint, logKeys, witnessKeys, verify, steps);
  if (!checkpoint) return { ok: false, steps, checkpoint: null, leafHash: null, subject };
  if (checkpoint.origin !== r.origin)
    return fail('receipt checkpoint: origin', `the receipt names log "${r.origin}" but its checkpoint is of "${checkpoint.origin}"`);
  const proof = r.inclusionProof.map((p) => fromBase64(p));
  if (proof.some((p) => p?.length !== 32)) return fail('inclusion', 'a hash of the inclusion proof is not base64 of 32 bytes');
  const leafHash = hashLeaf(sha256, entryBytes);
  const included = verifyInclusion(sha256, r.leafIndex, checkpoint.size, leafHash, proof as Hash[], checkpoint.root);
  if (!included.ok) return fail('inclusion', included.reason);
  steps.push({ check: 'inclusion', ok: true, detail: `entry ${r.leafIndex} is in the log of ${checkpoint.size} entries` });
  return { ok: true, steps, checkpoint, leafHash, subject };
}
