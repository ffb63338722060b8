/**
 * Witness cosignatures (c2sp.org/tlog-cosignature, Ed25519 "cosignature/v1"). A witness that
 * has checked a checkpoint is consistent with every earlier one it saw signs the message
 *
 *   "cosignature/v1\n" ‖ "time <unix seconds>\n" ‖ the checkpoint's text
 *
 * and adds a note signature line "— <witness name> base64(key id ‖ u64 time ‖ signature)",
 * its key id computed with type byte 0x04. Pure: Ed25519 comes in as a parameter.
 */
import type { HashFunction } from './merkle.js';
import { type Failure, hexId, keyIdOf, type NoteSignature, parseNote, toBase64, type VerifierKey } from './signed-note.js';

export const COSIGNATURE_ALGORITHM = 0x04;

const encoder = new TextEncoder();

/** The key id of a witness key (type byte 0x04). */
export function cosignatureKeyId(sha256: HashFunction, name: string, publicKey: Uint8Array): number {
  return keyIdOf(sha256, name, publicKey, COSIGNATURE_ALGORITHM);
}

/** The bytes a witness signs for a checkpoint text at a time (seconds since 1970). */
export function cosignedMessage(checkpointText: string, time: number): Uint8Array {
  if (!Number.isSafeInteger(time) || time < 0) throw new RangeError('a cosignature time is whole seconds since 1970');
  return encoder.encode(`cosignature/v1\ntime ${time}\n${checkpointText}`);
}

/** A cosignature line for the checkpoint text, signed now by the witness. */
export function cosign(checkpointText: string, witness: { name: string; keyId: number; sign: (message: Uint8Array) => Uint8Array }, time: number): string {
  const signature = witness.sign(cosignedMessage(checkpointText, time));
  const blob = new Uint8Array(4 + 8 + signature.length);
  const view = new DataView(blob.buffer);
  view.setUint32(0, witness.keyId);
  view.setBigUint64(4, BigInt(time));
  blob.set(signature, 12);
  return `— ${witness.name} ${toBase64(blob)}\n`;
}

export type Cosignature = { name: string; keyId: number; time: number };

/** The time and Ed25519 signature inside a cosignature line's blob, or a failure. */
function splitCosignature(signature: NoteSignature): { time: number; signature: Uint8Array } | Failure {
  if (signature.signature.length !== 8 + 64) return { ok: false, reason: `the cosignature by ${signature.name} is not a time and an Ed25519 signature` };
  const time = new DataView(signature.signature.buffer, signature.signature.byteOffset).getBigUint64(0);
  if (time > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `the cosignature by ${signature.name} has an impossible time` };
  return { time: Number(time), signature: signature.signature.slice(8) };
}

/**
 * The cosignatures of a signed checkpoint by the given witnesses, each checked. A line by a
 * known witness (same name and key id) that does not verify is a failure; lines by others are
 * ignored (the log's own signature among them).
 */
export function verifyCosignatures(
  note: string,
  witnesses: readonly (VerifierKey & { verify: (message: Uint8Array, signature: Uint8Array) => boolean })[],
): { ok: true; cosignatures: Cosignature[] } | Failure {
  const parsed = parseNote(note);
  if (!parsed.ok) return parsed;
  const cosignatures: Cosignature[] = [];
  for (const line of parsed.signatures) {
    const witness = witnesses.find((w) => w.name === line.name && w.keyId === line.keyId);
    if (!witness) continue;
    const split = splitCosignature(line);
    if ('ok' in split) return split;
    if (!witness.verify(cosignedMessage(parsed.text, split.time), split.signature))
      return {
        ok: false,
        reason: `the cosignature by witness ${line.name} (key ${hexId(line.keyId)}) does not verify: the checkpoint was changed or the line forged`,
      };
    cosignatures.push({ name: line.name, keyId: line.keyId, time: split.time });
  }
  return { ok: true, cosignatures };
}
