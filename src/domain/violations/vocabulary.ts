/**
 * The vocabulary of acts in custody (see acts.ts for what an act is): each kind with its Spanish
 * and English labels, its definition and the text it is drawn from; who may give an account.
 * Kept apart, with no imports, so the web pages can carry it without the engines.
 */
export type ActKindDefinition = {
  code: string;
  label: { es: string; en: string };
  /** What the kind covers, in Spanish and English, and the text it is drawn from. */
  definition: { es: string; en: string };
  source: string;
  /** Its period comes from the timeline (derived), not from what is typed. */
  derivedFromTimeline: boolean;
};

export const ACT_KINDS = [
  {
    code: 'torture',
    label: { es: 'Tortura', en: 'Torture' },
    definition: {
      es: 'Dolor o sufrimiento grave, físico o mental, infligido intencionalmente por un funcionario o con su consentimiento para obtener información o una confesión, castigar, intimidar o coaccionar, o por cualquier razón basada en discriminación (descargas eléctricas, golpizas, colgamientos, asfixia…).',
      en: 'Severe pain or suffering, physical or mental, intentionally inflicted by or with the consent of an official to obtain information or a confession, to punish, intimidate or coerce, or for any reason based on discrimination (electric shocks, beatings, suspension, asphyxiation…).',
    },
    source: 'Convention against Torture, art. 1; Ley Especial para Prevenir y Sancionar la Tortura (Venezuela, 2013), art. 17',
    derivedFromTimeline: false,
  },
  {
    code: 'cruel_treatment',
    label: { es: 'Tratos crueles, inhumanos o degradantes', en: 'Cruel, inhuman or degrading treatment' },
    definition: {
      es: 'Malos tratos por un funcionario o con su consentimiento que no llegan a tortura (sin establecer su gravedad o su propósito).',
      en: 'Ill-treatment by or with the consent of an official that does not amount to torture (its severity or purpose not established).',
    },
    source: 'Convention against Torture, art. 16; ICCPR, art. 7',
    derivedFromTimeline: false,
  },
  {
    code: 'sexual_violence',
    label: { es: 'Violencia sexual', en: 'Sexual violence' },
    definition: {
      es: 'Todo acto de naturaleza sexual cometido por la fuerza o la coacción contra una persona detenida, incluidas la desnudez forzada y las amenazas de violación.',
      en: 'Any act of a sexual nature committed by force or coercion against a person in custody, including forced nudity and threats of rape.',
    },
    source: 'Istanbul Protocol (2022), ch. V; Rome Statute, art. 7(1)(g)',
    derivedFromTimeline: false,
  },
  {
    code: 'incommunicado',
    label: { es: 'Incomunicación', en: 'Incommunicado detention' },
    definition: {
      es: 'Detención sin contacto con la familia ni con un abogado de confianza, sin que estos conozcan el lugar de reclusión.',
      en: 'Held without contact with family or a lawyer of one’s choice, the place of detention unknown to them.',
    },
    source: 'Human Rights Committee, General Comment 20, para. 11; UN Body of Principles (1988), principles 15–19',
    derivedFromTimeline: true,
  },
  {
    code: 'enforced_disappearance',
    label: { es: 'Desaparición forzada', en: 'Enforced disappearance' },
    definition: {
      es: 'Privación de libertad por agentes del Estado seguida de la negativa a reconocerla o del ocultamiento de la suerte o el paradero de la persona.',
      en: 'Deprivation of liberty by officials followed by a refusal to acknowledge it or by concealment of the fate or whereabouts of the person.',
    },
    source: 'International Convention for the Protection of All Persons from Enforced Disappearance, art. 2',
    derivedFromTimeline: true,
  },
  {
    code: 'denial_of_counsel',
    label: { es: 'Negación de defensa de confianza', en: 'Denial of counsel of one’s choice' },
    definition: {
      es: 'Negativa a un abogado de confianza, o defensor público impuesto contra la voluntad de la persona.',
      en: 'A lawyer of one’s choice refused, or a public defender imposed against the person’s will.',
    },
    source: 'ICCPR, art. 14(3)(b) and (d); Constitución de la República Bolivariana de Venezuela, art. 49(1)',
    derivedFromTimeline: false,
  },
  {
    code: 'denial_of_medical_care',
    label: { es: 'Negación de atención médica', en: 'Denial of medical care' },
    definition: {
      es: 'Atención médica necesaria negada o demorada, incluidos los medicamentos que lleva la familia.',
      en: 'Medical care needed and refused or delayed, including medicines brought by the family.',
    },
    source: 'UN Standard Minimum Rules for the Treatment of Prisoners (Nelson Mandela Rules), rules 24–27',
    derivedFromTimeline: false,
  },
  {
    code: 'denial_of_family_visits',
    label: { es: 'Negación de visitas familiares', en: 'Denial of family visits' },
    definition: {
      es: 'Visitas familiares negadas o suspendidas como castigo o sin motivo.',
      en: 'Family visits refused or suspended as a sanction or without reason.',
    },
    source: 'Nelson Mandela Rules, rules 43(3) and 58',
    derivedFromTimeline: false,
  },
  {
    code: 'solitary_confinement',
    label: { es: 'Aislamiento', en: 'Solitary confinement' },
    definition: {
      es: 'Encierro de 22 horas o más al día sin contacto humano significativo; prolongado más de 15 días seguidos, está prohibido.',
      en: 'Confinement for 22 hours or more a day without meaningful human contact; prolonged beyond 15 consecutive days, it is prohibited.',
    },
    source: 'Nelson Mandela Rules, rules 43(1)(b) and 44',
    derivedFromTimeline: false,
  },
  {
    code: 'transfer_far_from_family',
    label: { es: 'Traslado lejos de la familia', en: 'Transfer far from family' },
    definition: {
      es: 'Reclusión lejos del hogar como castigo o sin motivo, de modo que la familia no puede visitar.',
      en: 'Held far from home as a punishment or without reason, so that the family cannot visit.',
    },
    source: 'Nelson Mandela Rules, rule 59',
    derivedFromTimeline: false,
  },
] as const satisfies readonly ActKindDefinition[];

export type ActKind = (typeof ACT_KINDS)[number]['code'];
export const ACT_KIND_CODES = ACT_KINDS.map((kind) => kind.code) as readonly ActKind[];

/** Who gave the account: the victim, a witness, a relative, a lawyer, a medical examiner. */
export const ACCOUNT_GIVERS = ['victim', 'witness', 'relative', 'lawyer', 'medical_examiner'] as const;
export type AccountGiver = (typeof ACCOUNT_GIVERS)[number];
