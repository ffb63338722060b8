#!/usr/bin/env python3
"""An independent verifier of Recuento's transparency log, in Python with the standard library only.

It is written from docs/TRANSPARENCY.md alone (C2SP signed notes and checkpoints, RFC 9162 proofs,
Recuento's commitments and receipts), to show that the formats are enough to check the log without
Recuento's code. Ed25519 verification follows RFC 8032, section 5.1.7 (slow, but plain).

    python3 recuento_verify.py receipt RECEIPT.json LOG_KEY
    python3 recuento_verify.py checkpoint CHECKPOINT.txt LOG_KEY
    python3 recuento_verify.py consistency OLD.txt NEW.txt PROOF.json LOG_KEY

LOG_KEY is the log's verifier key ("name+keyid+base64"), or a file holding it. PROOF.json is the
answer of GET /api/log/proof/consistency?from=OLD&to=NEW. Exit 0 when everything holds, 1 if not.
"""
import base64
import hashlib
import json
import os
import sys

# --- Ed25519 verification (RFC 8032, 5.1.7) -------------------------------------------------------
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def _add(a, b):
    pa = (a[1] - a[0]) * (b[1] - b[0]) % P
    pb = (a[1] + a[0]) * (b[1] + b[0]) % P
    pc = 2 * a[3] * b[3] * D % P
    pd = 2 * a[2] * b[2] % P
    e, f, g, h = pb - pa, pd - pc, pd + pc, pb + pa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, point):
    result = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            result = _add(result, point)
        point = _add(point, point)
        s >>= 1
    return result


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _decompress(data):
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
BASE = (_GX, _GY, 1, _GX * _GY % P)


def ed25519_verify(public, message, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    return _equal(_mul(s, BASE), _add(r, _mul(h, a)))


# --- Signed notes, keys and checkpoints (c2sp.org/signed-note, c2sp.org/tlog-checkpoint) -----------
class Failure(Exception):
    pass


def sha256(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.digest()


def b64(text):
    try:
        return base64.b64decode(text, validate=True)
    except Exception:
        raise Failure(f"not base64: {text[:20]}")


def parse_key(text):
    """A verifier key: name+keyid+base64(0x01 || 32-byte Ed25519 public key)."""
    if os.path.exists(text):
        with open(text, encoding="utf-8") as f:
            text = f.read()
    text = text.strip()
    name, key_id, rest = text.split("+", 2)
    typed = b64(rest)
    if len(typed) != 33 or typed[0] != 0x01:
        raise Failure("the log key is not an Ed25519 signer key (type 0x01)")
    public = typed[1:]
    if sha256(name.encode(), b"\n\x01", public)[:4].hex() != key_id:
        raise Failure("the log key's id does not match its name and key")
    return name, bytes.fromhex(key_id), public


def open_note(note, key):
    """The note's text, if signed by the key (every signature by that key must verify)."""
    name, key_id, public = key
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise Failure("the note is truncated or not a signed note")
    text, lines = note[: split + 1], note[split + 2 :].rstrip("\n").split("\n")
    verified = False
    for line in lines:
        if not line.startswith("\u2014 "):
            raise Failure("a signature line does not start with an em dash")
        signer, blob = line[2:].split(" ")
        raw = b64(blob)
        if signer != name or raw[:4] != key_id:
            continue  # another key (a witness, or another log key): not ours to check here
        if not ed25519_verify(public, text.encode(), raw[4:]):
            raise Failure(f"the signature by {signer} does not verify: the note was changed or forged")
        verified = True
    if not verified:
        raise Failure("no signature by the log key")
    return text


def parse_checkpoint(text):
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not lines[1].isdigit():
        raise Failure("not a checkpoint")
    root = b64(lines[2])
    if len(root) != 32:
        raise Failure("the root is not 32 bytes")
    return lines[0], int(lines[1]), root


# --- RFC 9162 proofs -----------------------------------------------------------------------------
def leaf_hash(entry):
    return sha256(b"\x00", entry)


def node_hash(left, right):
    return sha256(b"\x01", left, right)


def verify_inclusion(index, size, leaf, proof, root):
    if index >= size:
        raise Failure(f"index {index} is past the end of a tree of {size} entries")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise Failure("the proof is longer than the tree is deep")
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0 or r != root:
        raise Failure("the inclusion proof does not lead to the checkpoint's root")


def verify_consistency(first, second, proof, first_root, second_root):
    if first > second:
        raise Failure("the newer checkpoint is smaller than the older")
    if first == second:
        if proof or first_root != second_root:
            raise Failure("two trees of the same size with different roots")
        return
    if first == 0:
        return
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn % 2 == 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise Failure("the consistency proof is too long")
        if fn % 2 == 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0 or fr != first_root or sr != second_root:
        raise Failure("the consistency proof fails: the log was rewritten")


# --- Recuento's receipts --------------------------------------------------------------------------
def check_receipt(receipt, key):
    salt = b64(receipt["salt"])
    entry = json.loads(receipt["entry"])
    commitment = sha256(b"recuento/commitment/v1\n", salt, receipt["subject"].encode()).hex()
    if entry.get("commitment") != commitment:
        raise Failure("the details and salt do not give the commitment in the log entry")
    origin, size, root = parse_checkpoint(open_note(receipt["checkpoint"], key))
    if origin != receipt["origin"] or origin != key[0]:
        raise Failure("the checkpoint is of another log")
    proof = [b64(p) for p in receipt["inclusionProof"]]
    verify_inclusion(receipt["leafIndex"], size, leaf_hash(receipt["entry"].encode()), proof, root)
    return json.loads(receipt["subject"]), size


def main(argv):
    try:
        if len(argv) == 3 and argv[0] == "receipt":
            with open(argv[1], encoding="utf-8") as f:
                subject, size = check_receipt(json.load(f), parse_key(argv[2]))
            print(f"OK: {subject.get('name')} is on list {subject.get('list')} ({subject.get('status')}), proven in the log of {size} entries")
        elif len(argv) == 3 and argv[0] == "checkpoint":
            with open(argv[1], encoding="utf-8") as f:
                origin, size, _ = parse_checkpoint(open_note(f.read(), parse_key(argv[2])))
            print(f"OK: checkpoint of {origin} at {size} entries, signed by its key")
        elif len(argv) == 5 and argv[0] == "consistency":
            key = parse_key(argv[4])
            with open(argv[1], encoding="utf-8") as f:
                _, old_size, old_root = parse_checkpoint(open_note(f.read(), key))
            with open(argv[2], encoding="utf-8") as f:
                _, new_size, new_root = parse_checkpoint(open_note(f.read(), key))
            with open(argv[3], encoding="utf-8") as f:
                proof = [b64(p) for p in json.load(f)["proof"]]
            verify_consistency(old_size, new_size, proof, old_root, new_root)
            print(f"OK: the log of {new_size} entries extends the log of {old_size}")
        else:
            print(__doc__)
            return 2
        return 0
    except (Failure, KeyError, ValueError) as error:
        print(f"FAILED: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
