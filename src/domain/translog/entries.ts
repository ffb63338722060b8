/**
 * What Recuento writes into its transparency log, byte for byte. Every entry is one JSON
 * object in canonical form (keys sorted, no spaces, UTF-8), with a "type": a list entry, a
 * list's manifest, a verification decision, an eligibility result or its run's manifest, a
 * count, or the change of the log's own signing key (whose checkpoint both keys sign). The log hashes the bytes; readers hash the bytes they receive and never re-encode.
 *
 * A publication appends its entries, then its manifest: the entries of a manifest with n
 * entries are the n just before it, and entriesRoot is the RFC 9162 root of their leaf hashes.
 *
 * What each publication consent allows in the log (docs/TRANSPARENCY.md): a *public* person is
 * named, and their records appear by id; an *aggregate-only* person appears only as salted
 * commitments (counted, never tied to them without the salt); a *private* person appears
 * nowhere — no entry, no commitment, nothing that could be counted.
 *
 * A person whose name may not be public is a salted commitment:
 *   hex(SHA-256("recuento/commitment/v1\n" ‖ salt (32 bytes) ‖ subject))
 * where subject is the canonical JSON of what is committed to (name, cédula, status, date). The
 * family's receipt carries the subject and the salt; nobody without the salt can test a guess.
 */
import { z } from 'zod';
import type { HashFunction } from './merkle.js';
import type { Failure } from './signed-note.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted (by UTF-16 code units, as JavaScript sorts), no whitespace; integers and strings only as numbers go. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError('log entries hold whole numbers only');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`).join(',')}}`;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hexadecimal digits');
const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date YYYY[-MM[-DD]]');
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'must be a UTC time');
const level = z.enum(['reported', 'corroborated', 'verified', 'disputed', 'refuted']);

/** A person named on a published list (publication consent: public). */
export const PublicPersonSchema = z.strictObject({ name: z.string().min(1), status: z.string().min(1), since: isoDate.optional() });

export const LogEntrySchema = z.discriminatedUnion('type', [
  z
    .strictObject({
      type: z.literal('list-entry'),
      list: z.string().min(1),
      position: z.number().int().min(1),
      level: level.describe('the verification level of the event that set the status'),
      person: PublicPersonSchema.optional(),
      commitment: hex64.optional(),
    })
    .refine((entry) => (entry.person === undefined) !== (entry.commitment === undefined), 'a list entry names a person or carries a commitment, not both'),
  z.strictObject({
    type: z.literal('list-manifest'),
    list: z.string().min(1),
    title: z.string().min(1),
    criteria: z.string().min(1),
    asOf: isoDate,
    publishedAt: instant,
    entries: z.number().int().min(0),
    named: z.number().int().min(0),
    committed: z.number().int().min(0),
    entriesRoot: hex64,
  }),
  z
    .strictObject({
      type: z.literal('verification'),
      subject: z.strictObject({ kind: z.enum(['event', 'detention', 'person']), id: z.string().min(1) }).optional(),
      commitment: hex64.optional().describe('an aggregate-only person: the subject and its evidence, committed with a salt'),
      level,
      previous: level.nullable(),
      decidedAt: instant,
      decidedBy: z.string().min(1),
      secondBy: z.string().min(1).nullable(),
      evidence: z.array(hex64).describe("the evidence files' SHA-256 (none shown beside a commitment)"),
    })
    .refine((entry) => (entry.subject === undefined) !== (entry.commitment === undefined), 'a verification names its subject or carries a commitment, not both')
    .refine((entry) => entry.commitment === undefined || entry.evidence.length === 0, 'a committed verification shows no evidence hashes'),
  z
    .strictObject({
      type: z.literal('eligibility-result'),
      run: z.string().min(1),
      detention: z.string().min(1).optional(),
      commitment: hex64.optional().describe('an aggregate-only person: the detention id, committed with a salt'),
      outcome: z.enum(['covered', 'excluded', 'review']),
      rule: z.string().nullable(),
      article: z.string().nullable(),
    })
    .refine((entry) => (entry.detention === undefined) !== (entry.commitment === undefined), 'a result names its detention or carries a commitment, not both'),
  z.strictObject({
    type: z.literal('eligibility-manifest'),
    run: z.string().min(1),
    ruleSet: z.string().min(1),
    version: z.number().int(),
    ruleSetHash: hex64,
    readings: z.array(z.string()),
    asOf: isoDate,
    publishedAt: instant,
    entries: z.number().int().min(0),
    covered: z.number().int().min(0),
    excluded: z.number().int().min(0),
    review: z.number().int().min(0),
    entriesRoot: hex64,
  }),
  z.strictObject({
    type: z.literal('key-rotation'),
    previous: z.string().min(1),
    next: z.string().min(1),
    rotatedAt: instant,
  }),
  z.strictObject({
    type: z.literal('count'),
    metric: z.string().min(1),
    level,
    value: z.number().int().min(0),
    asOf: isoDate,
    scope: z.string().min(1),
    publishedAt: instant,
  }),
]);

export type LogEntry = z.infer<typeof LogEntrySchema>;
export type LogEntryType = LogEntry['type'];

/** The bytes of an entry (checked against its schema first). */
export function encodeEntry(entry: LogEntry): Uint8Array {
  return encoder.encode(canonicalJson(LogEntrySchema.parse(entry) as Json));
}

/** An entry from its bytes: UTF-8, canonical JSON, a known type with its fields. */
export function decodeEntry(bytes: Uint8Array): { ok: true; entry: LogEntry; text: string } | Failure {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, reason: 'the entry is not UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the entry is not JSON' };
  }
  const parsed = LogEntrySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `the entry is not a Recuento log entry: ${issue.path.join('.') || 'type'} ${issue.message}` };
  }
  if (canonicalJson(value as Json) !== text) return { ok: false, reason: 'the entry is not in canonical form (sorted keys, no spaces)' };
  return { ok: true, entry: parsed.data, text };
}

const COMMITMENT_PREFIX = encoder.encode('recuento/commitment/v1\n');
export const SALT_BYTES = 32;

/** The commitment to a subject (canonical JSON text) under a salt. */
export function commitmentOf(sha256: HashFunction, salt: Uint8Array, subject: string): string {
  if (salt.length !== SALT_BYTES) throw new RangeError(`a salt is ${SALT_BYTES} bytes`);
  return toHex(sha256(COMMITMENT_PREFIX, salt, encoder.encode(subject)));
}

const LOOKUP_PREFIX = encoder.encode('recuento/lookup/v1\n');
const LOOKUP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: a code is read aloud and typed
const LOOKUP_CHARS = 24; // 120 bits

/**
 * A family's look-up code for a receipt: the log entry's index and 24 characters (120 bits) drawn
 * from the receipt's secret salt — "1234-ABCD-EFGH-JKLM-NPQR-STUV-WXYZ". Whoever holds it can ask
 * for the receipt; nobody can derive it from a name, a cédula or the public log.
 */
export function lookupCodeOf(sha256: HashFunction, salt: Uint8Array, leafIndex: number): string {
  if (salt.length !== SALT_BYTES) throw new RangeError(`a salt is ${SALT_BYTES} bytes`);
  const digest = sha256(LOOKUP_PREFIX, salt, encoder.encode(String(leafIndex)));
  let chars = '';
  for (let i = 0; i < LOOKUP_CHARS; i++) chars += LOOKUP_ALPHABET[digest[i]! % 32];
  return `${leafIndex}-${chars.match(/.{4}/g)!.join('-')}`;
}

/** A look-up code as typed (any case, spaces or dashes anywhere) in its one written form, or null. */
export function normalizeLookupCode(text: string): string | null {
  const match = /^\s*(\d{1,12})[\s-]*((?:[A-Za-z2-9][\s-]*){24})$/.exec(text.trim());
  if (!match) return null;
  const chars = match[2]!.replace(/[\s-]/g, '').toUpperCase();
  if ([...chars].some((c) => !LOOKUP_ALPHABET.includes(c))) return null;
  return `${Number(match[1])}-${chars.match(/.{4}/g)!.join('-')}`;
}

/** A UTC instant to the second, as log entries carry it. */
export function logInstant(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(text: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}
