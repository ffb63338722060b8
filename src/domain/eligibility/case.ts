/**
 * The case format evaluated against a rule set: one prosecution (a detention and its
 * charges) with the facts the rules ask about. A fact is true, false, unknown or alleged:
 * left out, it is unknown and the rule set's documented presumption (if any) answers it;
 * null says "unknown for this case", so no presumption is used; "alleged" records that it
 * is alleged or publicly claimed but not established, which also defeats the presumption
 * and sends the question to a lawyer. docs/ELIGIBILITY.md documents it;
 * docs/eligibility-case.schema.json is generated from this schema.
 */
import { z } from 'zod';
import { damerauLevenshtein } from '../linkage/string-similarity.js';
import { REQUESTERS } from './rule-set.js';

/** yyyy, yyyy-mm or yyyy-mm-dd that names a real period. */
/** More charges than any prosecution carries: a case file with more is a mistake. */
export const MAX_CHARGES = 200;

export const PartialDateSchema = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, {
    error: (issue) => `expected a date written yyyy-mm-dd, or yyyy-mm / yyyy when only the month or year is known; got "${String(issue.input)}"`,
  })
  .refine((value) => partialDateBounds(value) !== null, {
    error: (issue) => `expected a real date; "${String(issue.input)}" does not exist`,
  });

/** What a case may say of a fact: yes, no, unknown here (null), or alleged but not established. */
export type FactValue = boolean | null | 'alleged';
export const FACT_VALUES_TEXT = 'true, false, null (unknown for this case: no presumption) or "alleged" (alleged or publicly claimed, not established)';
const FactValueSchema = z.union([z.boolean(), z.null(), z.literal('alleged')], { error: `expected ${FACT_VALUES_TEXT}` });
const CategoryName = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, "expected a category's name as the rule set declares it (recuento rules show <id>)");

export const ChargeSchema = z
  .object({
    /** The offence's code in the thesaurus (e.g. `instigacion_publica`). */
    offence: z.string().min(1).optional().describe("the offence's code in the thesaurus, e.g. instigacion_publica (`recuento offences list`)"),
    /** The charge as written in the file, when no code fits (shown in explanations). */
    offenceText: z.string().min(1).max(300).optional().describe('the charge as written in the case file, when no code of the thesaurus fits'),
    /**
     * The offence's category when no code fits: one name (used by every rule set that declares
     * it) or one per rule set ({ "ve-2026-ley": "common" }). A code in a rule set's table wins.
     */
    category: z
      .union([CategoryName, z.record(z.string().min(1), CategoryName)])
      .optional()
      .describe('when no code fits: the category, one name or one per rule set, e.g. {"ve-2026-ley": "common"}'),
    /** When the alleged facts happened: a day, a month or a year. */
    factsOn: PartialDateSchema.nullable().optional().describe('when the alleged facts happened: yyyy-mm-dd, or yyyy-mm / yyyy when only that is known'),
    /** For facts spanning days: the last day (or month, or year). */
    factsUntil: PartialDateSchema.nullable().optional().describe('for facts spanning days: the last day (or month, or year)'),
    /** The minimum penalty the offence carries, in years, where a rule set has a threshold. */
    minPenaltyYears: z.number().min(0).max(100).nullable().optional().describe('the minimum penalty the offence carries, in years'),
    facts: z
      .record(z.string(), FactValueSchema)
      .optional()
      .describe('charge-level facts the rule set asks about (`recuento rules show`): true, false, null (unknown) or "alleged"'),
  })
  .strict()
  .refine((charge) => charge.offence !== undefined || charge.category !== undefined || charge.offenceText !== undefined, {
    message: 'a charge needs its offence code, or its category and the offence as written (offenceText)',
    path: ['offence'],
  });
export type Charge = z.infer<typeof ChargeSchema>;

export const RequestSchema = z
  .object({
    filedOn: PartialDateSchema.describe('when the request (e.g. for amnesty) was filed'),
    by: z.enum(REQUESTERS).optional().describe('who filed it'),
    decidedOn: PartialDateSchema.nullable().optional().describe('when the court decided, if it has'),
  })
  .strict();

export const EligibilityCaseSchema = z
  .object({
    id: z.string().min(1).max(200).describe('unique in the file: a detention or case-file id, never a name'),
    personId: z.string().min(1).max(200).optional().describe("the person's id, to fold several cases into a person's outcome"),
    charges: z.array(ChargeSchema).max(MAX_CHARGES, `at most ${MAX_CHARGES} charges in one case`).describe('the charges of the case'),
    facts: z
      .record(z.string(), FactValueSchema)
      .optional()
      .describe('case-level facts the rule set asks about: true, false, null (unknown, no presumption) or "alleged"; absent is unknown'),
    /** Where each fact came from (a source id, a document, "timeline status"): shown in explanations. */
    factSources: z.record(z.string(), z.string().max(300)).optional().describe('where each fact came from; facts_date for the dates'),
    request: RequestSchema.optional().describe('a request filed under the instrument, for its deadlines'),
    /** Groupings for comparisons: protest wave, facility, occupation group. */
    groups: z.record(z.string(), z.string().nullable()).optional().describe('groupings for comparisons, e.g. protest_wave, facility'),
  })
  .strict()
  .superRefine((value, context) => {
    value.charges.forEach((charge, index) => {
      const from = charge.factsOn ? partialDateBounds(charge.factsOn) : null;
      const until = charge.factsUntil ? partialDateBounds(charge.factsUntil) : null;
      if (until && !from) context.addIssue({ code: 'custom', path: ['charges', index, 'factsUntil'], message: 'factsUntil needs factsOn' });
      if (from && until && until[1] < from[0])
        context.addIssue({ code: 'custom', path: ['charges', index, 'factsUntil'], message: 'ends before factsOn: the dates are impossible' });
    });
    const request = value.request;
    if (request?.decidedOn) {
      const filed = partialDateBounds(request.filedOn);
      const decided = partialDateBounds(request.decidedOn);
      if (filed && decided && decided[1] < filed[0])
        context.addIssue({ code: 'custom', path: ['request', 'decidedOn'], message: 'is before the request was filed: the dates are impossible' });
    }
  });
export type EligibilityCase = z.infer<typeof EligibilityCaseSchema>;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil; no Date object, no allocation). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a yyyy-mm-dd date. */
export function dayNumber(iso: string): number {
  return daysFromCivil(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10));
}

/** The yyyy-mm-dd date of a day number. */
export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Reads `length` decimal digits at `at`, or -1 when any is not a digit. */
function digits(value: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The first and last day (as day numbers) a partial date (yyyy, yyyy-mm, yyyy-mm-dd) can mean, or null when it is not a real date. */
export function partialDateBounds(value: string): [number, number] | null {
  const length = value.length;
  if (length !== 4 && length !== 7 && length !== 10) return null;
  const year = digits(value, 0, 4);
  if (year < 1900 || year > 2100) return null;
  if (length === 4) return [daysFromCivil(year, 1, 1), daysFromCivil(year, 12, 31)];
  if (value.charCodeAt(4) !== 45) return null;
  const month = digits(value, 5, 2);
  if (month < 1 || month > 12) return null;
  const last = daysInMonth(year, month);
  if (length === 7) return [daysFromCivil(year, month, 1), daysFromCivil(year, month, last)];
  if (value.charCodeAt(7) !== 45) return null;
  const day = digits(value, 8, 2);
  if (day < 1 || day > last) return null;
  const n = daysFromCivil(year, month, day);
  return [n, n];
}

/** The fields of each part of a case, for "did you mean" on an unknown one. */
const FIELDS: Record<'case' | 'charge' | 'request', readonly string[]> = {
  case: Object.keys(EligibilityCaseSchema.shape),
  charge: Object.keys(ChargeSchema.shape),
  request: Object.keys(RequestSchema.shape),
};

/**
 * A problem the case schema found, said for a person: an unknown field with the field meant,
 * a missing one as required. Returns one entry per field.
 */
export function describeCaseIssue(issue: z.core.$ZodIssue): { column: string; reason: string }[] {
  const at = issue.path.map(String);
  const column = at.join('.');
  if (issue.code === 'unrecognized_keys') {
    const part = at[at.length - 1] === 'request' ? 'request' : at.length >= 2 && at[at.length - 2] === 'charges' ? 'charge' : 'case';
    return issue.keys.map((key) => {
      const meant = FIELDS[part]
        .filter((field) => field !== key && (field.startsWith(key) || key.startsWith(field) || damerauLevenshtein(field, key, 2) <= 2))
        .sort((a, b) => Math.abs(a.length - key.length) - Math.abs(b.length - key.length))[0];
      return {
        column: [...at, key].join('.'),
        reason: `unknown field "${key}"${meant ? `: did you mean "${meant}"?` : ` (the fields here: ${FIELDS[part].join(', ')})`}`,
      };
    });
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
    return [{ column, reason: `is required (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})` }];
  return [{ column: column || '(the case)', reason: issue.message }];
}

/** The case format as a JSON Schema (docs/eligibility-case.schema.json), for tools in other languages. */
export function caseJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(EligibilityCaseSchema, { io: 'input' }),
    $id: 'https://recuento.example/schemas/eligibility-case.json',
    title: 'Recuento eligibility case',
    description:
      'One prosecution (a detention and its charges) with the facts an amnesty rule set asks about. A fact is true, false, null (unknown for this case: no presumption) or "alleged" (claimed, not established); left out, it is unknown and the rule set\'s documented presumption, if any, answers it. One case per line in a .jsonl file.',
  };
}
