import { describe, expect, it } from 'vitest';
import { ed25519FromSeed, ed25519Verify, sha256 } from '../../test/crypto.js';
import { checkConsistency, checkReceipt, openCheckpoint, type Receipt, type Step } from './audit.js';
import { COSIGNATURE_ALGORITHM, cosign, cosignatureKeyId, verifyCosignatures } from './cosignature.js';
import { canonicalJson, commitmentOf, decodeEntry, encodeEntry } from './entries.js';
import { hashLeaf } from './merkle.js';
import { MerkleLog } from './merkle-log.js';
import { formatCheckpoint, formatVerifierKey, keyIdOf, parseVerifierKey, signNote, toBase64, type VerifierKey } from './signed-note.js';

const ORIGIN = 'recuento.test/log';
const seed = (n: number) => new Uint8Array(32).fill(n);
const logSigner = ed25519FromSeed(seed(1));
const otherSigner = ed25519FromSeed(seed(2));
const witnessSigner = ed25519FromSeed(seed(3));
const logKey: VerifierKey = { name: ORIGIN, keyId: keyIdOf(sha256, ORIGIN, logSigner.publicKey), publicKey: logSigner.publicKey };
const WITNESS = 'witness.test/w1';
const witnessKey: VerifierKey = { name: WITNESS, keyId: cosignatureKeyId(sha256, WITNESS, witnessSigner.publicKey), publicKey: witnessSigner.publicKey };

function signedCheckpoint(log: MerkleLog, size = log.size, signer = logSigner, origin = ORIGIN): string {
  const text = formatCheckpoint({ origin, size, root: log.root(size), extensions: [] });
  return signNote(text, [{ name: origin, keyId: keyIdOf(sha256, origin, signer.publicKey), sign: signer.sign }]);
}

function logOf(entries: Uint8Array[]): MerkleLog {
  const log = new MerkleLog(sha256);
  for (const entry of entries) log.append(hashLeaf(sha256, entry));
  return log;
}

const filler = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    encodeEntry({ type: 'count', metric: 'released', level: 'verified', value: i, asOf: '2026-02-01', scope: 'registry', publishedAt: '2026-02-01T00:00:00Z' }),
  );

describe('log entries', () => {
  it('are canonical JSON whatever the key order given, and decode back', () => {
    const a = encodeEntry({ type: 'list-entry', list: 'L1', position: 1, level: 'verified', person: { status: 'released', name: 'Ana Pérez' } });
    expect(new TextDecoder().decode(a)).toBe(
      '{"level":"verified","list":"L1","person":{"name":"Ana Pérez","status":"released"},"position":1,"type":"list-entry"}',
    );
    expect(decodeEntry(a)).toMatchObject({ ok: true, entry: { person: { name: 'Ana Pérez' } } });
  });

  it('refuse what is not one: unknown type, both a name and a commitment, spaces, a fraction', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(decodeEntry(enc('{"type":"note"}'))).toMatchObject({ ok: false, reason: expect.stringContaining('type') });
    expect(
      decodeEntry(
        enc(`{"commitment":"${'a'.repeat(64)}","level":"reported","list":"L","person":{"name":"A","status":"released"},"position":1,"type":"list-entry"}`),
      ),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not both'),
    });
    expect(decodeEntry(enc(`{"list":"L", "commitment":"${'a'.repeat(64)}","level":"reported","position":1,"type":"list-entry"}`))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('canonical'),
    });
    expect(() => canonicalJson({ value: 1.5 })).toThrow(/whole numbers/);
  });
});

describe('cosignatures (C2SP tlog-cosignature, Ed25519 v1)', () => {
  const log = logOf(filler(5));
  const note = signedCheckpoint(log);
  const witness = { name: WITNESS, keyId: witnessKey.keyId, sign: witnessSigner.sign };
  const verifier = { ...witnessKey, verify: (m: Uint8Array, s: Uint8Array) => ed25519Verify(witnessKey.publicKey, m, s) };

  it('sign "cosignature/v1", the time and the checkpoint text, with a type-0x04 key id', () => {
    const line = cosign(note.slice(0, note.indexOf('\n\n') + 1), witness, 1_767_225_600);
    const cosigned = note + line;
    expect(verifyCosignatures(cosigned, [verifier])).toEqual({ ok: true, cosignatures: [{ name: WITNESS, keyId: witnessKey.keyId, time: 1_767_225_600 }] });
    expect(formatVerifierKey(sha256, WITNESS, witnessSigner.publicKey, COSIGNATURE_ALGORITHM)).toMatch(/^witness\.test\/w1\+[0-9a-f]{8}\+B[A-P]/);
    // The vkey round-trips only as a witness key, and a log key is refused as one.
    const vkey = formatVerifierKey(sha256, WITNESS, witnessSigner.publicKey, COSIGNATURE_ALGORITHM);
    expect(parseVerifierKey(sha256, vkey, COSIGNATURE_ALGORITHM)).toMatchObject({ ok: true, keyId: witnessKey.keyId });
    expect(parseVerifierKey(sha256, vkey)).toMatchObject({ ok: false, reason: expect.stringContaining("witness's cosignature key") });
  });

  it('fail when the time or the checkpoint was changed', () => {
    const text = note.slice(0, note.indexOf('\n\n') + 1);
    const line = cosign(text, witness, 1000);
    const forgedTime = line.replace(/ (\S+)\n$/, (_, b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[11] = (bytes[11] ?? 0) ^ 1;
      return ` ${bytes.toString('base64')}\n`;
    });
    expect(verifyCosignatures(note + forgedTime, [verifier])).toMatchObject({ ok: false, reason: expect.stringContaining('does not verify') });
    const otherLog = logOf(filler(6));
    expect(verifyCosignatures(signedCheckpoint(otherLog) + line, [verifier])).toMatchObject({ ok: false });
  });
});

describe('checking checkpoints', () => {
  const entries = filler(20);
  const log = logOf(entries);

  it('opens a checkpoint signed by the log key and proves consistency with an older one', () => {
    const steps: Step[] = [];
    const older = openCheckpoint('old.txt', signedCheckpoint(log, 7), [logKey], [], ed25519Verify, steps)!;
    const newer = openCheckpoint('new.txt', signedCheckpoint(log, 20), [logKey], [], ed25519Verify, steps)!;
    expect(checkConsistency(sha256, older, newer, log.consistencyProof(7, 20), steps)).toBe(true);
    expect(steps.every((s) => s.ok)).toBe(true);
  });

  it('names each failure: wrong key, truncation, forged root, a rewritten log, swapped files, no proof', () => {
    const wrongKey: Step[] = [];
    expect(openCheckpoint('new.txt', signedCheckpoint(log, 20, otherSigner), [logKey], [], ed25519Verify, wrongKey)).toBeNull();
    expect(wrongKey.at(-1)!.detail).toMatch(/wrong key/);

    const truncated: Step[] = [];
    expect(openCheckpoint('new.txt', signedCheckpoint(log).slice(0, 60), [logKey], [], ed25519Verify, truncated)).toBeNull();
    expect(truncated.at(-1)!.detail).toMatch(/truncated|blank line/);

    const forged: Step[] = [];
    const note = signedCheckpoint(log);
    const root = toBase64(log.root());
    expect(openCheckpoint('new.txt', note.replace(root, toBase64(logOf(filler(19)).root())), [logKey], [], ed25519Verify, forged)).toBeNull();
    expect(forged.at(-1)!.detail).toMatch(/changed or forged/);

    const rewritten = logOf([
      ...entries.slice(0, 3),
      encodeEntry({
        type: 'count',
        metric: 'released',
        level: 'verified',
        value: 999,
        asOf: '2026-02-01',
        scope: 'registry',
        publishedAt: '2026-02-01T00:00:00Z',
      }),
      ...entries.slice(4),
    ]);
    const steps: Step[] = [];
    const older = openCheckpoint('old', signedCheckpoint(log, 7), [logKey], [], ed25519Verify, steps)!;
    const newer = openCheckpoint('new', signedCheckpoint(rewritten, 20), [logKey], [], ed25519Verify, steps)!;
    expect(checkConsistency(sha256, older, newer, rewritten.consistencyProof(7, 20), steps)).toBe(false);
    expect(steps.at(-1)!.detail).toMatch(/rewritten/);

    const swapped: Step[] = [];
    expect(checkConsistency(sha256, newer, older, [], swapped)).toBe(false);
    expect(swapped.at(-1)!.detail).toMatch(/fewer entries/);
    const noProof: Step[] = [];
    expect(checkConsistency(sha256, older, newer, null, noProof)).toBe(false);
    expect(noProof.at(-1)!.detail).toMatch(/--server/);
    const wrongSizes: Step[] = [];
    expect(checkConsistency(sha256, older, { ...older, size: 20, root: log.root(20) }, log.consistencyProof(8, 20), wrongSizes)).toBe(false);
  });

  it('requires the witnesses asked for', () => {
    const text = `${signedCheckpoint(log).split('\n\n')[0]!}\n`;
    const cosigned = signedCheckpoint(log) + cosign(text, { name: WITNESS, keyId: witnessKey.keyId, sign: witnessSigner.sign }, 5);
    const steps: Step[] = [];
    expect(openCheckpoint('c', cosigned, [logKey], [witnessKey], ed25519Verify, steps, 1)).not.toBeNull();
    const missing: Step[] = [];
    expect(openCheckpoint('c', signedCheckpoint(log), [logKey], [witnessKey], ed25519Verify, missing, 1)).toBeNull();
    expect(missing.at(-1)!.detail).toMatch(/1 required/);
  });
});

describe('family receipts', () => {
  const subject = canonicalJson({ cedula: 'V-10000001', name: 'Persona Sintética', since: '2026-01-14', status: 'released' });
  const salt = new Uint8Array(32).fill(7);
  const entry = encodeEntry({ type: 'list-entry', list: 'L1', position: 3, level: 'corroborated', commitment: commitmentOf(sha256, salt, subject) });
  const entries = [...filler(10), entry, ...filler(5)];
  const log = logOf(entries);
  const receipt: Receipt = {
    format: 'recuento-receipt/v1',
    origin: ORIGIN,
    subject,
    salt: toBase64(salt),
    leafIndex: 10,
    entry: new TextDecoder().decode(entry),
    checkpoint: signedCheckpoint(log),
    inclusionProof: log.inclusionProof(10).map(toBase64),
  };

  it('proves that the person is on the list without the log naming them', () => {
    const result = checkReceipt(sha256, receipt, [logKey], [], ed25519Verify);
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(receipt.entry).not.toContain('Sintética');
  });

  it.each([
    ['a wrong salt', { salt: toBase64(new Uint8Array(32).fill(8)) }, /salt is wrong/],
    ['changed details', { subject: subject.replace('V-10000001', 'V-10000002') }, /salt is wrong or the details were changed/],
    ['an index past the end', { leafIndex: 16 }, /past the end of a tree of 16/],
    ['another index', { leafIndex: 9 }, /does not lead/],
    ['a proof for another tree size', { checkpoint: signedCheckpoint(log, 12) }, /deep|does not lead/],
    ['a checkpoint by another key', { checkpoint: signedCheckpoint(log, 16, otherSigner) }, /wrong key/],
    ['a truncated checkpoint', { checkpoint: signedCheckpoint(log).slice(0, 40) }, /truncated|blank line/],
    ['a missing field', { salt: undefined }, /salt/],
  ])('fails with %s and says what', (_, change, reason) => {
    const result = checkReceipt(sha256, { ...receipt, ...change }, [logKey], [], ed25519Verify);
    expect(result.ok).toBe(false);
    expect(result.steps.at(-1)!.detail).toMatch(reason);
  });
});
