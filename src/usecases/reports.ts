/**
 * Reports of a detention sent through the public form, and their triage by staff. A report is kept
 * as sent and never published; the reporter's contact is sealed with the master key (read only by
 * staff who may, each reading audited); the reporter follows it with a code (kept as a hash). Triage
 * accepts it into the registry (a private person and their detention, for the staff to complete),
 * links it to a person already recorded, or rejects it with a reason.
 *
 * Abuse: the form carries a token signed when the page was made (a form sent sooner than a person
 * could fill it, or hours later, is refused), a field people do not see (a robot that fills it is
 * told "received" and nothing is kept), size limits, and the server's per-address limits.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { allKeys, fieldContext, type MasterKeys, open, seal } from '../io/secrets.js';
import { AppError } from '../shared/app-error.js';
import { DetentionInputSchema, PersonInputSchema, type ReportDetails, type ReportInput, ReportInputSchema } from '../shared/schemas.js';
import { createDetention } from '../store/detentions.js';
import { getFacility } from '../store/facilities.js';
import { createPerson, getPerson } from '../store/persons.js';
import { decideReport, getReport, insertReport, reportByFollowCode, type StoredReport, setReportPerson } from '../store/reports.js';
import type { Database } from '../store/schema.js';
import { newTimeOrderedId } from '../store/time-ordered-id.js';

type Db = Kysely<Database>;

/** A form sent sooner than this after its page was made was not filled by a person. */
export const MIN_FILL_MS = 3_000;
/** A form older than this is stale: the page is made again with a fresh token. */
export const MAX_FORM_AGE_MS = 6 * 3_600_000;

/** The form's token: when its page was made, signed by the server. */
export function formToken(secret: Buffer, now = Date.now()): string {
  const issued = String(now);
  return `${issued}.${createHmac('sha256', secret).update(`report-form\n${issued}`).digest('base64url')}`;
}

function checkToken(secret: Buffer, token: string | undefined, now: number, minFillMs: number): void {
  const [issued, mac] = (token ?? '').split('.');
  const expected = issued ? createHmac('sha256', secret).update(`report-form\n${issued}`).digest('base64url') : '';
  const given = Buffer.from(mac ?? '');
  const valid = given.length > 0 && given.length === Buffer.byteLength(expected) && timingSafeEqual(given, Buffer.from(expected));
  const age = now - Number(issued);
  if (!valid || !(age <= MAX_FORM_AGE_MS)) {
    throw new AppError('validation_failed', 'report form token invalid or stale', {
      publicMessage: 'The form has expired. Nothing was sent: the page was made again, please send it once more.',
      details: [{ path: 'token', reason: 'the form is older than 6 hours, or was not made by this site' }],
    });
  }
  if (age < minFillMs) {
    throw new AppError('validation_failed', 'report form sent too fast', {
      publicMessage: 'The form was sent too quickly to have been filled by a person. Nothing was sent: please check it and send it again.',
      details: [{ path: 'token', reason: 'sent too soon after the page was made' }],
    });
  }
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function followCode(): string {
  const bytes = randomBytes(24);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % 32]).join('');
  return `R-${chars.match(/.{4}/g)!.join('-')}`;
}

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

/** A follow-up code as typed (any case, spaces or dashes) in its one written form, or null. */
export function normalizeFollowCode(typed: string): string | null {
  let chars = typed.toUpperCase().replace(/[\s-]/g, '');
  if (chars.length === 25 && chars.startsWith('R')) chars = chars.slice(1); // typed with its R- prefix
  if (chars.length !== 24 || [...chars].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `R-${chars.match(/.{4}/g)!.join('-')}`;
}

const contactContext = (id: string) => fieldContext('reports', id, 'contact');

/**
 * Keeps a report sent through the form; returns the code the reporter follows it with. A report
 * whose hidden field was filled is answered the same and kept nowhere.
 */
export async function submitReport(
  db: Db,
  masterKeys: MasterKeys,
  input: unknown,
  form: {
    token?: string | undefined;
    honeypot?: string | undefined;
    secret: Buffer;
    now?: number;
    minFillMs?: number;
    /** Asked once the report is found sound, before it is kept: false refuses it (the hourly limits). */
    admit?: () => Promise<boolean>;
  },
): Promise<{ code: string; kept: boolean }> {
  // every problem at once: the fields' and the form's own
  const parsed = ReportInputSchema.safeParse(input);
  let tokenProblem: AppError | null = null;
  try {
    checkToken(form.secret, form.token, form.now ?? Date.now(), form.minFillMs ?? MIN_FILL_MS);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    tokenProblem = error;
  }
  if (!parsed.success) {
    throw new AppError('validation_failed', 'report invalid', {
      publicMessage: 'Some fields need a correction; nothing was sent.',
      details: [...parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), reason: issue.message })), ...(tokenProblem?.details ?? [])],
    });
  }
  if (tokenProblem) throw tokenProblem;
  if (parsed.data.facilityId && !(await getFacility(db, parsed.data.facilityId))) {
    throw new AppError('validation_failed', 'report names no known facility', {
      publicMessage: 'Choose a facility from the list, or leave it unknown.',
      details: [{ path: 'facilityId', reason: 'not a facility of this registry' }],
    });
  }
  const code = followCode();
  if (form.honeypot) return { code, kept: false };
  if (form.admit && !(await form.admit()))
    throw new AppError('too_many_requests', 'report limit', { publicMessage: 'Too many reports from here in the last hour. Please try again later.' });
  const id = newTimeOrderedId();
  const { contact, ...details } = parsed.data;
  await insertReport(db, {
    id,
    details,
    sealedContact: contact ? seal(masterKeys.current, contact, contactContext(id)) : null,
    followCodeHash: hashCode(code),
  });
  return { code, kept: true };
}

/**
 * What a reporter learns with their code: only whether and when it was reviewed — never how (joined
 * to a person already recorded would tell that the team holds a record on them).
 */
export async function followReport(db: Db, typed: string): Promise<{ status: 'received' | 'reviewed'; receivedAt: string; reviewedAt: string | null }> {
  const code = normalizeFollowCode(typed);
  const found = code ? await reportByFollowCode(db, hashCode(code)) : undefined;
  if (!found) throw new AppError('not_found', 'no report for this code', { publicMessage: 'No report has this code. Check it character by character.' });
  return { status: found.status === 'new' ? 'received' : 'reviewed', receivedAt: found.receivedAt, reviewedAt: found.decidedAt };
}

export type TriageReport = Omit<StoredReport, 'sealedContact'> & { hasContact: boolean };

export function triageView(report: StoredReport): TriageReport {
  const { sealedContact, ...rest } = report;
  return { ...rest, hasContact: sealedContact !== null };
}

/** The reporter's contact, opened for staff who may read it (the route's policy; the audit trail records it). */
export async function reportContact(db: Db, masterKeys: MasterKeys, id: string): Promise<string | null> {
  const report = await getReport(db, id);
  if (!report) throw new AppError('not_found', 'report not found');
  return report.sealedContact === null ? null : open(allKeys(masterKeys), report.sealedContact, contactContext(id), "A reporter's contact").toString('utf8');
}

export type TriageDecision =
  | { decision: 'accept'; givenNames: string; firstSurname: string; secondSurname?: string | null | undefined; keepCedula?: boolean | undefined }
  | { decision: 'link'; personId: string }
  | { decision: 'reject'; reason: string };

/**
 * Decides a report once. Accepting makes a private person (nothing is published until staff decide
 * their consent) with the detention the report describes; linking ties it to a person recorded.
 */
export async function triageReport(db: Db, id: string, decision: TriageDecision, decidedBy: string): Promise<{ personId: string | null }> {
  const report = await getReport(db, id);
  if (!report) throw new AppError('not_found', 'report not found');
  if (report.status !== 'new') throw decided();
  const status = decision.decision === 'accept' ? 'accepted' : decision.decision === 'link' ? 'linked' : 'rejected';
  if (decision.decision === 'link' && !(await getPerson(db, decision.personId)))
    throw new AppError('invalid_reference', 'no such person', { publicMessage: 'No person has that record id.' });
  // what the person and the detention will be, checked before anything is written
  const d: ReportDetails = report.details;
  let person: z.output<typeof PersonInputSchema> | null = null;
  let detention: Omit<z.output<typeof DetentionInputSchema>, 'personId'> | null = null;
  if (decision.decision === 'accept') {
    const cedula = d.cedula ? normalizeCedula(d.cedula) : null;
    const parsedPerson = PersonInputSchema.safeParse({
      givenNames: decision.givenNames,
      firstSurname: decision.firstSurname,
      secondSurname: decision.secondSurname ?? null,
      identifiers: cedula && decision.keepCedula !== false ? [cedula] : [],
      consent: 'private',
    });
    const parsedDetention = DetentionInputSchema.omit({ personId: true }).safeParse({
      arrestedOn: d.arrestedOn ?? null,
      place: d.place ?? null,
      agency: d.agency ?? null,
      facilityId: d.facilityId ?? null,
    });
    if (!parsedPerson.success || !parsedDetention.success) {
      throw new AppError('validation_failed', 'report cannot become a record as it is', {
        publicMessage: 'The report cannot become a record as it is: correct the names, or leave the cédula out and add it on the record.',
        details: [...(parsedPerson.error?.issues ?? []), ...(parsedDetention.error?.issues ?? [])].map((issue) => ({
          path: issue.path.join('.'),
          reason: issue.message,
        })),
      });
    }
    person = parsedPerson.data;
    detention = parsedDetention.data;
  }
  // one transaction: the decision (claimed only while the report is new: of two people deciding at
  // once, one only goes on), and for an acceptance the person and the detention — all or nothing
  return db.transaction().execute(async (trx) => {
    const claimed = await decideReport(trx, id, {
      status,
      personId: decision.decision === 'link' ? decision.personId : null,
      decidedBy,
      reason: decision.decision === 'reject' ? decision.reason : null,
    });
    if (!claimed) throw decided();
    if (!person || !detention) return { personId: decision.decision === 'link' ? decision.personId : null };
    const made = await createPerson(trx, person);
    await createDetention(trx, { ...detention, personId: made.id });
    await setReportPerson(trx, id, made.id);
    return { personId: made.id };
  });
}

/** A cédula as typed ("V-12.345.678", "e 1234567", "12345678"): its kind and digits, or null if it is none. */
function normalizeCedula(typed: string): { kind: 'cedula_v' | 'cedula_e'; value: string } | null {
  const match = /^\s*([VvEe])?[\s.-]*([\d.\s]{5,14})\s*$/.exec(typed);
  if (!match) return null;
  const digits = match[2]!.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 10) return null;
  return { kind: match[1]?.toUpperCase() === 'E' ? 'cedula_e' : 'cedula_v', value: digits };
}

function decided(): AppError {
  return new AppError('conflict', 'report decided already', {
    publicMessage: 'This report was decided already (by someone else, perhaps a moment ago). Reload it.',
  });
}

export type { ReportInput };
