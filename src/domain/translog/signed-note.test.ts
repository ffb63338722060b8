import { describe, expect, it } from 'vitest';
import { ed25519FromSeed, ed25519Verify, sha256 } from '../../test/crypto.js';
import {
  formatCheckpoint,
  formatVerifierKey,
  fromBase64,
  type NoteVerifier,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  signNote,
  toBase64,
} from './signed-note.js';

// The example of golang.org/x/mod/sumdb/note (note_test.go and its package documentation).
const PETER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_PRIVATE = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
// The example of c2sp.org/signed-note.
const SPEC_KEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

function verifierOf(text: string): NoteVerifier {
  const key = parseVerifierKey(sha256, text);
  if (!key.ok) throw new Error(key.reason);
  return { name: key.name, keyId: key.keyId, verify: (message, signature) => ed25519Verify(key.publicKey, message, signature) };
}

describe('signed notes (C2SP), against published vectors', () => {
  it('parses the published verifier keys, whose ids match their names and keys', () => {
    expect(parseVerifierKey(sha256, PETER_KEY)).toMatchObject({ ok: true, name: 'PeterNeumann', keyId: 0xc74f20a3 });
    expect(parseVerifierKey(sha256, SPEC_KEY)).toMatchObject({ ok: true, name: 'example.com/foo', keyId: 0x530d903a });
  });

  it("reproduces Go's signature byte for byte from the published private key", () => {
    const decoded = fromBase64(PETER_PRIVATE.split('+').slice(4).join('+'))!;
    expect(decoded[0]).toBe(1);
    const signer = ed25519FromSeed(decoded.slice(1));
    expect(formatVerifierKey(sha256, 'PeterNeumann', signer.publicKey)).toBe(PETER_KEY);
    expect(signNote(TEXT, [{ name: 'PeterNeumann', keyId: 0xc74f20a3, sign: signer.sign }])).toBe(PETER_NOTE);
  });

  it('opens the published notes with their keys', () => {
    expect(openNote(PETER_NOTE, [verifierOf(PETER_KEY)])).toEqual({
      ok: true,
      text: TEXT,
      verified: [{ name: 'PeterNeumann', keyId: 0xc74f20a3 }],
      others: [],
    });
    expect(openNote(SPEC_NOTE, [verifierOf(SPEC_KEY)])).toMatchObject({ ok: true, text: 'This is an example message.\n' });
  });

  it('says exactly what is wrong with a forged, truncated or foreign note', () => {
    const peter = verifierOf(PETER_KEY);
    expect(openNote(PETER_NOTE.replace('problem is', 'problem was'), [peter])).toEqual({
      ok: false,
      reason: 'the signature by PeterNeumann (key c74f20a3) does not verify: the note was changed or forged',
    });
    expect(openNote(PETER_NOTE.slice(0, -1), [peter])).toMatchObject({ ok: false, reason: expect.stringContaining('truncated') });
    expect(openNote(TEXT, [peter])).toMatchObject({ ok: false, reason: expect.stringContaining('no blank line') });
    expect(openNote(PETER_NOTE, [verifierOf(SPEC_KEY)])).toEqual({
      ok: false,
      reason: 'no signature by a trusted key; the note is signed by PeterNeumann (c74f20a3)',
    });
  });

  it('refuses mangled verifier keys', () => {
    expect(parseVerifierKey(sha256, PETER_KEY.replace('c74f20a3', 'c74f20a4'))).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
    expect(parseVerifierKey(sha256, PETER_KEY.slice(0, -4))).toMatchObject({ ok: false });
    expect(parseVerifierKey(sha256, 'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toMatchObject({ ok: false });
    for (let i = 0; i < PETER_KEY.length; i++) {
      const mangled = PETER_KEY.slice(0, i) + String.fromCharCode(PETER_KEY.charCodeAt(i) + 1) + PETER_KEY.slice(i + 1);
      expect(parseVerifierKey(sha256, mangled).ok, mangled).toBe(false);
    }
  });
});

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  const root = sha256(new Uint8Array([1, 2, 3]));
  it('round-trips origin, size, root and extension lines, and signs as a note', () => {
    const text = formatCheckpoint({ origin: 'recuento.example/log', size: 12345, root, extensions: [] });
    expect(text).toBe(`recuento.example/log\n12345\n${toBase64(root)}\n`);
    expect(parseCheckpoint(text)).toEqual({ ok: true, origin: 'recuento.example/log', size: 12345, root, extensions: [] });
    const signer = ed25519FromSeed(new Uint8Array(32).fill(7));
    const key = formatVerifierKey(sha256, 'recuento.example/log', signer.publicKey);
    const note = signNote(text, [{ name: 'recuento.example/log', keyId: parseInt(key.split('+')[1]!, 16), sign: signer.sign }]);
    expect(openNote(note, [verifierOf(key)])).toMatchObject({ ok: true, text });
  });

  it.each([
    ['origin\n12\n', 'at least three lines'],
    ['origin\n012\nAAAA\n', 'not a decimal number'],
    ['origin\n12\nnot-base64\n', 'not base64 of 32 bytes'],
    [`origin\n12\n${toBase64(new Uint8Array(31))}\n`, 'not base64 of 32 bytes'],
    [`origin\n12\n${toBase64(new Uint8Array(32))}`, 'truncated'],
  ])('refuses %j', (text, reason) => {
    expect(parseCheckpoint(text)).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });
});
