/**
 * Acts committed against a person in custody — torture and ill-treatment, incommunicado detention,
 * enforced disappearance and the denials that go with them — as human-rights documentation records
 * them: one act per kind and period, within a detention, with where it happened, who is reported to
 * have done it (as reported: an agency or a unit, a name only in the sealed account), and how sure
 * the record is. The vocabulary follows the definitions of the treaties and standards each entry
 * cites, in the manner of HURIDOCS' events standard formats (an act is a violation suffered by a
 * victim in an event); the Istanbul Protocol's principles say how such accounts are taken (consent,
 * the account in the person's own words, the examiner's findings as evidence).
 *
 * The victim's acts are kept apart from the charges of the accused (domain/eligibility): the amnesty
 * texts exclude grave violations committed by officials; these are what officials are reported to
 * have done to the person, not what the person is accused of. Pure: no I/O.
 */
import { dayNumber } from '../eligibility/case.js';
import { isIsoDate } from '../registry/parse-date.js';
import type { DatePrecision } from '../registry/vocabulary.js';
import { ACT_KIND_CODES, ACT_KINDS, type AccountGiver, type ActKind } from './vocabulary.js';

/** Who is said to have done it: an agency or a unit as the account reports it. A person's name goes only in the sealed account. */
export type ReportedPerpetrator = { agency: string | null; unit: string | null };

/** An act as recorded, before it is stored (the account itself is sealed by the store). */
export type ActRecord = {
  kind: ActKind;
  from: string | null;
  fromPrecision: DatePrecision;
  to: string | null;
  toPrecision: DatePrecision;
  facility: string | null;
  perpetrator: ReportedPerpetrator;
  accountBy: AccountGiver | null;
};

export type ActProblem = { field: string; reason: string };

/**
 * What is wrong with an act as recorded, each problem with its field. A kind whose period comes
 * from the timeline takes no dates: they would be typed twice and could contradict it.
 */
export function checkAct(act: ActRecord): ActProblem[] {
  const problems: ActProblem[] = [];
  const definition = ACT_KINDS.find((kind) => kind.code === act.kind);
  if (!definition) {
    problems.push({ field: 'kind', reason: `unknown kind "${act.kind}": expected one of ${ACT_KIND_CODES.join(', ')}` });
    return problems;
  }
  if (definition.derivedFromTimeline && (act.from !== null || act.to !== null)) {
    problems.push({
      field: act.from !== null ? 'from' : 'to',
      reason: `the period of ${definition.label.en.toLowerCase()} comes from the timeline (detained → whereabouts unknown → located): record those events, not dates here`,
    });
  }
  for (const field of ['from', 'to'] as const) {
    const value = act[field];
    if (value !== null && !isIsoDate(value)) problems.push({ field, reason: 'expected a real date written yyyy-mm-dd' });
  }
  if (act.from !== null && act.to !== null && isIsoDate(act.from) && isIsoDate(act.to) && act.to < act.from) {
    problems.push({ field: 'to', reason: 'the period ends before it starts' });
  }
  if (act.perpetrator.agency !== null && /\d/.test(act.perpetrator.agency)) {
    problems.push({ field: 'perpetrator.agency', reason: 'an agency as reported (SEBIN, DGCIM…); names and identifiers belong in the sealed account' });
  }
  return problems;
}

/** Days from `from` to `to`, both counted (a period of one day is 1). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}
