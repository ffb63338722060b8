/**
 * The case format evaluated against a rule set: one prosecution (a detention and its
 * charges) with the facts the rules ask about. A fact left out, or null, is unknown and
 * stays unknown. docs/ELIGIBILITY.md documents it; docs/eligibility-case.schema.json is
 * generated from this schema.
 */
import { z } from 'zod';
import { REQUESTERS } from './rule-set.js';

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** yyyy, yyyy-mm or yyyy-mm-dd that names a real period. */
export const PartialDateSchema = z.string().refine((value) => partialDateBounds(value) !== null, {
  message: 'expected a real date written yyyy-mm-dd, or yyyy-mm / yyyy when only the month or year is known',
});

const FactValue = z.union([z.boolean(), z.null()]);

export const ChargeSchema = z
  .object({
    /** The offence's code in the thesaurus (e.g. `instigacion_publica`). */
    offence: z.string().min(1),
    /** When the alleged facts happened: a day, a month or a year. */
    factsOn: PartialDateSchema.nullable().optional(),
    /** For facts spanning days: the last day (or month, or year). */
    factsUntil: PartialDateSchema.nullable().optional(),
    /** The minimum penalty the offence carries, in years, where a rule set has a threshold. */
    minPenaltyYears: z.number().min(0).max(100).nullable().optional(),
    facts: z.record(z.string(), FactValue).optional(),
  })
  .strict();
export type Charge = z.infer<typeof ChargeSchema>;

export const RequestSchema = z
  .object({
    filedOn: PartialDateSchema,
    by: z.enum(REQUESTERS).optional(),
    decidedOn: PartialDateSchema.nullable().optional(),
  })
  .strict();

export const EligibilityCaseSchema = z
  .object({
    id: z.string().min(1).max(200),
    personId: z.string().min(1).max(200).optional(),
    charges: z.array(ChargeSchema),
    facts: z.record(z.string(), FactValue).optional(),
    /** Where each fact came from (a source id, a document, "timeline status"): shown in explanations. */
    factSources: z.record(z.string(), z.string().max(300)).optional(),
    request: RequestSchema.optional(),
    /** Groupings for comparisons: protest wave, facility, occupation group. */
    groups: z.record(z.string(), z.string().nullable()).optional(),
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

/** Days since 1970-01-01 of a yyyy-mm-dd date. */
export function dayNumber(iso: string): number {
  return Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);
}

/** The yyyy-mm-dd date of a day number. */
export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The first and last day (as day numbers) a partial date can mean, or null when it is not a real date. */
export function partialDateBounds(value: string): [number, number] | null {
  const match = PARTIAL_DATE.exec(value);
  if (!match) return null;
  const year = +match[1]!;
  if (year < 1900 || year > 2100) return null;
  if (match[2] === undefined) return [Math.floor(Date.UTC(year, 0, 1) / DAY_MS), Math.floor(Date.UTC(year, 11, 31) / DAY_MS)];
  const month = +match[2];
  if (month < 1 || month > 12) return null;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (match[3] === undefined) return [Math.floor(Date.UTC(year, month - 1, 1) / DAY_MS), Math.floor(Date.UTC(year, month - 1, lastDay) / DAY_MS)];
  const day = +match[3];
  if (day < 1 || day > lastDay) return null;
  const n = Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
  return [n, n];
}
