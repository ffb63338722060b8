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

export type ActKindDefinition = {
  code: string;
  label: { es: string; en: string };
  /** What the kind covers, and the text it is drawn from. */
  definition: string;
  source: string;
  /** Its period comes from the timeline (derived), not from what is typed. */
  derivedFromTimeline: boolean;
};

export const ACT_KINDS = [
  {
    code: 'torture',
    label: { es: 'Tortura', en: 'Torture' },
    definition:
      'Severe pain or suffering, physical or mental, intentionally inflicted by or with the consent of an official to obtain information or a confession, to punish, intimidate or coerce, or for any reason based on discrimination (electric shocks, beatings, suspension, asphyxiation…).',
    source: 'Convention against Torture, art. 1; Ley Especial para Prevenir y Sancionar la Tortura (Venezuela, 2013), art. 17',
    derivedFromTimeline: false,
  },
  {
    code: 'cruel_treatment',
    label: { es: 'Tratos crueles, inhumanos o degradantes', en: 'Cruel, inhuman or degrading treatment' },
    definition: 'Ill-treatment by or with the consent of an official that does not amount to torture (its severity or purpose not established).',
    source: 'Convention against Torture, art. 16; ICCPR, art. 7',
    derivedFromTimeline: false,
  },
  {
    code: 'sexual_violence',
    label: { es: 'Violencia sexual', en: 'Sexual violence' },
    definition: 'Any act of a sexual nature committed by force or coercion against a person in custody, including forced nudity and threats of rape.',
    source: 'Istanbul Protocol (2022), ch. V; Rome Statute, art. 7(1)(g)',
    derivedFromTimeline: false,
  },
  {
    code: 'incommunicado',
    label: { es: 'Incomunicación', en: 'Incommunicado detention' },
    definition: 'Held without contact with family or a lawyer of one’s choice, the place of detention unknown to them.',
    source: 'Human Rights Committee, General Comment 20, para. 11; UN Body of Principles (1988), principles 15–19',
    derivedFromTimeline: true,
  },
  {
    code: 'enforced_disappearance',
    label: { es: 'Desaparición forzada', en: 'Enforced disappearance' },
    definition: 'Deprivation of liberty by officials followed by a refusal to acknowledge it or by concealment of the fate or whereabouts of the person.',
    source: 'International Convention for the Protection of All Persons from Enforced Disappearance, art. 2',
    derivedFromTimeline: true,
  },
  {
    code: 'denial_of_counsel',
    label: { es: 'Negación de defensa de confianza', en: 'Denial of counsel of one’s choice' },
    definition: 'A lawyer of one’s choice refused, or a public defender imposed against the person’s will.',
    source: 'ICCPR, art. 14(3)(b) and (d); Constitución de la República Bolivariana de Venezuela, art. 49(1)',
    derivedFromTimeline: false,
  },
  {
    code: 'denial_of_medical_care',
    label: { es: 'Negación de atención médica', en: 'Denial of medical care' },
    definition: 'Medical care needed and refused or delayed, including medicines brought by the family.',
    source: 'UN Standard Minimum Rules for the Treatment of Prisoners (Nelson Mandela Rules), rules 24–27',
    derivedFromTimeline: false,
  },
  {
    code: 'denial_of_family_visits',
    label: { es: 'Negación de visitas familiares', en: 'Denial of family visits' },
    definition: 'Family visits refused or suspended as a sanction or without reason.',
    source: 'Nelson Mandela Rules, rules 43(3) and 58',
    derivedFromTimeline: false,
  },
  {
    code: 'solitary_confinement',
    label: { es: 'Aislamiento', en: 'Solitary confinement' },
    definition: 'Confinement for 22 hours or more a day without meaningful human contact; prolonged beyond 15 consecutive days, it is prohibited.',
    source: 'Nelson Mandela Rules, rules 43(1)(b) and 44',
    derivedFromTimeline: false,
  },
  {
    code: 'transfer_far_from_family',
    label: { es: 'Traslado lejos de la familia', en: 'Transfer far from family' },
    definition: 'Held far from home as a punishment or without reason, so that the family cannot visit.',
    source: 'Nelson Mandela Rules, rule 59',
    derivedFromTimeline: false,
  },
] as const satisfies readonly ActKindDefinition[];

export type ActKind = (typeof ACT_KINDS)[number]['code'];
export const ACT_KIND_CODES = ACT_KINDS.map((kind) => kind.code) as readonly ActKind[];

/** Who gave the account: the victim, a witness, a relative, a lawyer, a medical examiner. */
export const ACCOUNT_GIVERS = ['victim', 'witness', 'relative', 'lawyer', 'medical_examiner'] as const;
export type AccountGiver = (typeof ACCOUNT_GIVERS)[number];

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
