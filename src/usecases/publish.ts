/**
 * Publishing into the transparency log: a list of persons by status (named when their
 * publication consent is public, as a salted commitment whose receipt goes to the family when
 * it is aggregate-only, left out when it is private), a stored eligibility run's results, and
 * the registry's counts. Named entries come first, in order of name (or id), then the
 * commitments in order of their value: an entry's position tells nothing of when or in what
 * order hidden records were made. Each publication is
 * its entries followed by a manifest that counts them and carries their Merkle root, appended
 * in one transaction (docs/TRANSPARENCY.md).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { poolSmallCells, SMALL_CELLS_LABEL, withholdSmallLevels } from '../domain/registry/small-cells.js';
import { type PersonStatus, VERIFICATION_LEVELS, type VerificationLevel } from '../domain/registry/vocabulary.js';
import type { Receipt } from '../domain/translog/audit.js';
import {
  canonicalJson,
  commitmentOf,
  encodeEntry,
  type LogEntry,
  logInstant,
  lookupCodeOf,
  normalizeLookupCode,
  SALT_BYTES,
  toHex,
} from '../domain/translog/entries.js';
import { hashLeaf, rootOf } from '../domain/translog/merkle.js';
import { toBase64 } from '../domain/translog/signed-note.js';
import { randomSalt, sha256 } from '../io/node-crypto.js';
import { AppError } from '../shared/app-error.js';
import type { Person } from '../shared/schemas.js';
import { countByStatus, statusEventLevels } from '../store/counts.js';
import { consentOfDetentions } from '../store/detentions.js';
import { getEligibilityRun } from '../store/eligibility.js';
import { iteratePersons } from '../store/persons.js';
import type { Database } from '../store/schema.js';
import { newTimeOrderedId } from '../store/time-ordered-id.js';
import { type Commitment, commitmentAt, commitmentsOfPerson, readEntries } from '../store/translog.js';
import type { AppendResult, PendingPublication, TransparencyLog } from './transparency-log.js';

function entriesRootOf(entries: readonly LogEntry[]): string {
  return toHex(
    rootOf(
      sha256,
      entries.map((entry) => hashLeaf(sha256, encodeEntry(entry))),
    ),
  );
}

function fullName(person: Pick<Person, 'givenNames' | 'firstSurname' | 'secondSurname'>): string {
  return [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' ');
}

/** The levels at or above a minimum, most certain first (disputed and refuted are never "at least" anything). */
const AT_LEAST: Record<'reported' | 'corroborated' | 'verified', readonly VerificationLevel[]> = {
  verified: ['verified'],
  corroborated: ['verified', 'corroborated'],
  reported: ['verified', 'corroborated', 'reported'],
};

export type ListOptions = {
  title: string;
  statuses: readonly PersonStatus[];
  minLevel?: 'reported' | 'corroborated' | 'verified' | undefined;
  asOf: string;
  createdBy: string;
};

/**
 * The persons a list would hold: public ones by name, aggregate-only ones as salted commitments,
 * private ones left out (only counted, so that a preview can say how many).
 */
async function collectList(db: Kysely<Database>, options: Omit<ListOptions, 'title' | 'createdBy'>, list: string) {
  const named: { name: string; entry: LogEntry }[] = [];
  const hidden: { commitment: string; level: VerificationLevel; personId: string; salt: string; subject: string }[] = [];
  let leftOut = 0;
  const accepted = options.minLevel ? AT_LEAST[options.minLevel] : null;
  const pages = async function* () {
    for (const status of options.statuses) yield* iteratePersons(db, { status });
  };
  for await (const page of pages()) {
    const levels = await statusEventLevels(
      db,
      page.map((p) => p.id),
    );
    for (const person of page) {
      const level = levels.get(person.id) ?? 'reported';
      if (accepted && !accepted.includes(level)) continue;
      // a private person is on no published list, not even as a commitment
      if (person.consent === 'private') {
        leftOut += 1;
        continue;
      }
      if (person.consent === 'public') {
        named.push({
          name: fullName(person),
          entry: { type: 'list-entry', list, position: 0, level, person: { name: fullName(person), status: person.status } },
        });
        continue;
      }
      const id = person.identifiers.find((i) => i.kind === 'cedula_v' || i.kind === 'cedula_e');
      const cedula = id ? `${id.kind === 'cedula_v' ? 'V' : 'E'}-${id.value}` : undefined;
      const subject = canonicalJson({ list, name: fullName(person), status: person.status, level, ...(cedula ? { cedula } : {}) });
      const salt = randomSalt();
      hidden.push({ commitment: commitmentOf(sha256, salt, subject), level, personId: person.id, salt: toBase64(salt), subject });
    }
  }
  named.sort((a, b) => a.name.localeCompare(b.name, 'es'));
  return { named, hidden, leftOut };
}

/** What publishing a list would put in the log, without writing anything: how many by name (and who), how many as commitments, how many left out. */
export async function previewList(
  db: Kysely<Database>,
  options: Omit<ListOptions, 'title' | 'createdBy'>,
): Promise<{ named: number; committed: number; leftOut: number; names: string[] }> {
  const { named, hidden, leftOut } = await collectList(db, options, newTimeOrderedId());
  return { named: named.length, committed: hidden.length, leftOut, names: named.slice(0, 200).map((n) => n.name) };
}

/** Publishes the persons of the registry with one of the statuses as a list (in order of status, then of id). */
export async function publishList(
  db: Kysely<Database>,
  log: TransparencyLog,
  options: ListOptions,
): Promise<AppendResult & { named: number; committed: number }> {
  const list = newTimeOrderedId();
  const { named, hidden } = await collectList(db, options, list);
  hidden.sort((a, b) => a.commitment.localeCompare(b.commitment));
  const entries: LogEntry[] = [
    ...named.map(({ entry }, i) => ({ ...entry, position: i + 1 }) as LogEntry),
    ...hidden.map((h, i) => ({ type: 'list-entry' as const, list, position: named.length + i + 1, level: h.level, commitment: h.commitment })),
  ];
  const commitments: NonNullable<PendingPublication['commitments']> = hidden.map((h, i) => ({
    position: named.length + i,
    personId: h.personId,
    salt: h.salt,
    subject: h.subject,
  }));
  const manifest: LogEntry = {
    type: 'list-manifest',
    list,
    title: options.title,
    criteria: `status: ${options.statuses.join(' or ')}${options.minLevel ? `; verification level: ${options.minLevel} or better` : ''}`,
    asOf: options.asOf,
    publishedAt: logInstant(new Date()),
    entries: entries.length,
    named: entries.length - commitments.length,
    committed: commitments.length,
    entriesRoot: entriesRootOf(entries),
  };
  const result = await log.append({ id: list, kind: 'list', title: options.title, createdBy: options.createdBy, entries: [...entries, manifest], commitments });
  return { ...result, named: entries.length - commitments.length, committed: commitments.length };
}

/** Publishes a stored eligibility run: one entry per detention (no names), then the run's manifest. */
export async function publishEligibilityRun(db: Kysely<Database>, log: TransparencyLog, runId: string, createdBy: string): Promise<AppendResult> {
  const found = await getEligibilityRun(db, runId);
  if (!found) throw new AppError('not_found', 'no such run', { publicMessage: `No eligibility run ${runId}; "recuento eligibility" lists what was stored.` });
  const { run, results } = found;
  // a public person's detention by id, an aggregate-only one's as a commitment, a private one's not at all
  const consents = await consentOfDetentions(
    db,
    results.map((r) => r.detentionId),
  );
  const shown: LogEntry[] = [];
  const hidden: { entry: LogEntry & { commitment: string }; personId: string; salt: string; subject: string }[] = [];
  for (const r of results) {
    const owner = consents.get(r.detentionId);
    if (!owner || owner.consent === 'private') continue;
    const result = { type: 'eligibility-result' as const, run: run.id, outcome: r.outcome, rule: r.decisiveRule, article: r.decisiveArticle };
    if (owner.consent === 'public') {
      shown.push({ ...result, detention: r.detentionId });
      continue;
    }
    const subject = canonicalJson({ run: run.id, detention: r.detentionId, outcome: r.outcome });
    const salt = randomSalt();
    hidden.push({ entry: { ...result, commitment: commitmentOf(sha256, salt, subject) }, personId: owner.personId, salt: toBase64(salt), subject });
  }
  // the detentions shown first, then the commitments in order of their value: no position hints at a hidden record
  hidden.sort((a, b) => a.entry.commitment.localeCompare(b.entry.commitment));
  const entries: LogEntry[] = [...shown, ...hidden.map((h) => h.entry)];
  const commitments: NonNullable<PendingPublication['commitments']> = hidden.map((h, i) => ({
    position: shown.length + i,
    personId: h.personId,
    salt: h.salt,
    subject: h.subject,
  }));
  const tally = (outcome: string) => entries.filter((e) => e.type === 'eligibility-result' && e.outcome === outcome).length;
  const manifest: LogEntry = {
    type: 'eligibility-manifest',
    run: run.id,
    ruleSet: run.ruleSetId,
    version: run.ruleSetVersion,
    ruleSetHash: run.ruleSetHash,
    readings: run.variants,
    asOf: run.asOf,
    publishedAt: logInstant(new Date()),
    entries: entries.length,
    covered: tally('covered'),
    excluded: tally('excluded'),
    review: tally('review'),
    entriesRoot: entriesRootOf(entries),
  };
  return log.append({
    kind: 'eligibility',
    title: `eligibility ${run.ruleSetId} v${run.ruleSetVersion} as of ${run.asOf}`,
    createdBy,
    entries: [...entries, manifest],
    commitments,
  });
}

/** A family's receipt for one commitment, against the log's newest checkpoint. */
export async function receiptFor(db: Kysely<Database>, log: TransparencyLog, commitment: Commitment): Promise<Receipt> {
  const { size, note } = await log.checkpoint();
  const [stored] = await readEntries(db, commitment.index, commitment.index + 1);
  if (!stored) throw new AppError('not_found', 'commitment entry missing');
  const { proof } = await log.inclusionProof(commitment.index, size);
  return {
    format: 'recuento-receipt/v1',
    origin: log.origin,
    subject: commitment.subject,
    salt: commitment.salt,
    leafIndex: commitment.index,
    entry: stored.data,
    checkpoint: note,
    inclusionProof: proof.map(toBase64),
  };
}

/** Every receipt of a person (one per commitment: lists, verification decisions, eligibility results), newest first. */
export async function receiptsOfPerson(
  db: Kysely<Database>,
  log: TransparencyLog,
  personId: string,
  options: { withActs: boolean } = { withActs: true },
): Promise<Receipt[]> {
  const commitments = (await commitmentsOfPerson(db, personId)).filter((c) => options.withActs || !isActSubject(c.subject));
  return Promise.all(commitments.map((c) => receiptFor(db, log, c)));
}

/** True for the commitment to a review of an act in custody (canonical JSON naming kind "act"). */
function isActSubject(subject: string): boolean {
  try {
    return (JSON.parse(subject) as { kind?: unknown }).kind === 'act';
  } catch {
    return false;
  }
}

/** Who the published counts include: what the public may count (never private persons). */
export const PUBLISHED_COUNT_SCOPE = 'registry: persons who consented to public or aggregate counting';

/** Publishes the registry's counts by status, one entry per status and verification level. */
export async function publishCounts(
  db: Kysely<Database>,
  log: TransparencyLog,
  options: { asOf: string; createdBy: string },
): Promise<AppendResult & { entries: number }> {
  // Public, so no status — and no level within one — below the small-cell threshold stands on its own.
  const rows = poolSmallCells(await countByStatus(db, { consent: ['public', 'aggregate_only'] }), SMALL_CELLS_LABEL).map((row) => ({
    ...row,
    levels: row.levels && withholdSmallLevels(row.levels),
  }));
  const publishedAt = logInstant(new Date());
  // Withheld (small) level counts are not published: each entry states a count that is true.
  const entries: LogEntry[] = rows.flatMap((row) =>
    VERIFICATION_LEVELS.flatMap((level) => {
      const value = row.levels?.[level] ?? 0;
      return value === null || value === 0 ? [] : [{ level, value }];
    }).map(
      ({ level, value }): LogEntry => ({
        type: 'count',
        metric: row.key ?? 'unknown',
        level,
        value,
        asOf: options.asOf,
        scope: PUBLISHED_COUNT_SCOPE,
        publishedAt,
      }),
    ),
  );
  const result = await log.append({ kind: 'counts', title: `counts as of ${options.asOf}`, createdBy: options.createdBy, entries });
  return { ...result, entries: entries.length };
}

/**
 * The receipt a family's look-up code opens (domain/translog/entries.ts lookupCodeOf), proved
 * against the newest checkpoint. Any code that opens nothing — mistyped, made up, of an index
 * with no commitment — gets the same answer, so that no code tells anything about another.
 */
export async function receiptByLookupCode(db: Kysely<Database>, log: TransparencyLog, typed: string): Promise<Receipt> {
  const code = normalizeLookupCode(typed);
  const commitment = code ? await commitmentAt(db, Number(code.split('-')[0])) : undefined;
  const salt = commitment ? Buffer.from(commitment.salt, 'base64') : null;
  const expected = commitment && salt?.length === SALT_BYTES ? lookupCodeOf(sha256, new Uint8Array(salt), commitment.index) : null;
  const same = code !== null && expected !== null && code.length === expected.length && timingSafeEqual(Buffer.from(code), Buffer.from(expected));
  if (!same || !commitment) {
    throw new AppError('not_found', 'no receipt for this look-up code', {
      publicMessage: 'No receipt has this code. Check it character by character, or use the receipt file.',
    });
  }
  return receiptFor(db, log, commitment);
}
