/**
 * The ways Venezuelan NGO spreadsheets write the registry's closed vocabularies, as
 * certain aliases (matched accent- and case-blind, never by resemblance): statuses and
 * events ("Excarcelado con medidas", "casa por cárcel"), the organisation's own
 * judgment ("preso político: sí / no"), occupations, sexes and precautionary measures.
 * Anything else needs a line in the mapping's value tables (docs/IMPORT.md).
 */
import { KNOWN_FACILITIES } from '../registry/facilities.js';
import { OFFENCE_THESAURUS } from '../registry/offences.js';
import { EVENT_KINDS, type EventKind, KNOWN_AGENCIES, type OCCUPATION_GROUPS, type SEXES } from '../registry/vocabulary.js';
import { foldValue, lookUpTable, type VocabularyEntry } from './match-vocabulary.js';

/**
 * An NGO's own judgment of a case (PRODUCT.md, capability 5): a political prisoner, a
 * common-crime case, or not yet determined. A fact of its own, distinct from the charges.
 */
export const JUDGMENTS = ['political', 'common', 'undetermined'] as const;
export type Judgment = (typeof JUDGMENTS)[number];

/** Events and statuses as written; the status column of a sheet names the event that set it. */
export const EVENT_KIND_ENTRIES: readonly (VocabularyEntry & { code: EventKind })[] = [
  {
    code: 'detained',
    labels: [
      'detenido',
      'detenida',
      'preso',
      'presa',
      'privado de libertad',
      'privada de libertad',
      'recluido',
      'recluida',
      'en prision',
      'en detencion',
      'detención',
      'detencion',
      'arrested',
      'imprisoned',
    ],
  },
  { code: 'transferred', labels: ['trasladado', 'trasladada', 'traslado'] },
  {
    code: 'whereabouts_unknown',
    labels: [
      'desaparecido',
      'desaparecida',
      'paradero desconocido',
      'desaparicion forzada',
      'desaparición forzada',
      'incomunicado',
      'incomunicada',
      'disappeared',
    ],
  },
  {
    code: 'released',
    labels: [
      'excarcelado',
      'excarcelada',
      'liberado',
      'liberada',
      'libertad plena',
      'libertad',
      'libre',
      'excarcelacion',
      'excarcelación',
      'liberacion',
      'released',
    ],
  },
  {
    code: 'released_with_measures',
    labels: [
      'excarcelado con medidas',
      'excarcelada con medidas',
      'libertad condicional',
      'medidas cautelares',
      'con medidas cautelares',
      'medida cautelar',
      'libertad con medidas',
      'liberado con medidas',
      'liberada con medidas',
      'medidas sustitutivas',
      'released with measures',
    ],
  },
  { code: 'measures_changed', labels: ['cambio de medidas', 'medidas modificadas'] },
  { code: 're_arrested', labels: ['redetenido', 'redetenida', 'nuevamente detenido', 'nuevamente detenida', 'recapturado', 'recapturada', 're arrested'] },
  {
    code: 'house_arrest',
    labels: ['arresto domiciliario', 'casa por carcel', 'casa por cárcel', 'detencion domiciliaria', 'detención domiciliaria', 'house arrest'],
  },
  { code: 'case_dismissed', labels: ['sobreseido', 'sobreseida', 'sobreseimiento', 'causa sobreseida', 'dismissed'] },
  { code: 'amnesty_requested', labels: ['amnistia solicitada', 'solicitud de amnistia'] },
  { code: 'amnesty_denied', labels: ['amnistia negada', 'amnistia denegada'] },
  { code: 'amnestied', labels: ['amnistiado', 'amnistiada', 'amnistia', 'amnistía'] },
  { code: 'pardoned', labels: ['indultado', 'indultada', 'indulto'] },
  { code: 'exiled', labels: ['exiliado', 'exiliada', 'en el exilio', 'exilio', 'desterrado', 'desterrada', 'exiled'] },
  { code: 'died_in_custody', labels: ['fallecido', 'fallecida', 'murio bajo custodia', 'muerte bajo custodia', 'fallecido bajo custodia', 'died in custody'] },
];
if (EVENT_KIND_ENTRIES.length !== EVENT_KINDS.length) throw new Error('every event kind needs its Spanish forms');

/** Events after which the person is out of prison, whatever conditions remain: these take the release date. */
export const RELEASE_EVENT_KINDS: ReadonlySet<EventKind> = new Set([
  'released',
  'released_with_measures',
  'house_arrest',
  'exiled',
  'amnestied',
  'pardoned',
  'case_dismissed',
]);

export const JUDGMENT_ENTRIES: readonly VocabularyEntry[] = [
  { code: 'political', labels: ['si', 'sí', 'x', 'yes', 'preso politico', 'presa politica', 'politico', 'política', 'politica', 'político'] },
  { code: 'common', labels: ['no', 'comun', 'común', 'delito comun', 'delito común', 'preso comun', 'presa comun', 'common'] },
  {
    code: 'undetermined',
    labels: ['por determinar', 'en evaluacion', 'en evaluación', 'sin determinar', 'no determinado', 'indeterminado', 'desconocido', '?', 'undetermined'],
  },
];

/** Acts in custody as NGO sheets write them (the codes and the labels of domain/violations/acts.ts count too). */
export const ACT_KIND_ENTRIES: readonly VocabularyEntry[] = [
  { code: 'torture', labels: ['tortura', 'torturas', 'torturado', 'torturada', 'torture', 'electricidad', 'descargas electricas', 'asfixia'] },
  {
    code: 'cruel_treatment',
    labels: [
      'tratos crueles',
      'trato cruel',
      'tratos crueles inhumanos o degradantes',
      'malos tratos',
      'maltrato',
      'golpes',
      'golpiza',
      'ill treatment',
      'cruel treatment',
    ],
  },
  { code: 'sexual_violence', labels: ['violencia sexual', 'abuso sexual', 'violacion', 'desnudez forzada', 'sexual violence'] },
  { code: 'incommunicado', labels: ['incomunicacion', 'incomunicado', 'incomunicada', 'aislado de familia y abogado', 'incommunicado detention'] },
  { code: 'enforced_disappearance', labels: ['desaparicion forzada', 'desaparecido', 'desaparecida', 'paradero desconocido', 'enforced disappearance'] },
  {
    code: 'denial_of_counsel',
    labels: ['negacion de defensa de confianza', 'sin abogado de confianza', 'defensa publica impuesta', 'defensor publico impuesto', 'denial of counsel'],
  },
  { code: 'denial_of_medical_care', labels: ['negacion de atencion medica', 'sin atencion medica', 'negacion de medicinas', 'denial of medical care'] },
  {
    code: 'denial_of_family_visits',
    labels: ['negacion de visitas', 'sin visitas', 'visitas suspendidas', 'negacion de visitas familiares', 'denial of family visits'],
  },
  { code: 'solitary_confinement', labels: ['aislamiento', 'aislamiento prolongado', 'celda de castigo', 'solitary confinement'] },
  { code: 'transfer_far_from_family', labels: ['traslado lejos de la familia', 'traslado arbitrario', 'traslado de castigo', 'transfer far from family'] },
];

export const ACCOUNT_GIVER_ENTRIES: readonly VocabularyEntry[] = [
  { code: 'victim', labels: ['victima', 'la victima', 'el detenido', 'la detenida', 'propio', 'victim'] },
  { code: 'witness', labels: ['testigo', 'witness', 'companero de celda'] },
  { code: 'relative', labels: ['familiar', 'madre', 'padre', 'esposa', 'esposo', 'hermano', 'hermana', 'hijo', 'hija', 'relative'] },
  { code: 'lawyer', labels: ['abogado', 'abogada', 'defensa', 'lawyer'] },
  { code: 'medical_examiner', labels: ['medico', 'medica', 'medico forense', 'perito', 'medical examiner'] },
];

export const OCCUPATION_ENTRIES: readonly (VocabularyEntry & { code: (typeof OCCUPATION_GROUPS)[number] })[] = [
  { code: 'student', labels: ['estudiante', 'universitario', 'universitaria'] },
  { code: 'journalist', labels: ['periodista', 'reportero', 'reportera', 'comunicador', 'comunicadora', 'comunicador social'] },
  { code: 'soldier', labels: ['militar', 'soldado', 'oficial', 'militar activo', 'militar retirado', 'fuerza armada'] },
  { code: 'activist', labels: ['activista', 'dirigente vecinal', 'lider comunitario', 'líder comunitario', 'lider social'] },
  {
    code: 'politician',
    labels: ['politico', 'político', 'politica', 'política', 'dirigente politico', 'dirigente político', 'concejal', 'alcalde', 'diputado', 'diputada'],
  },
  { code: 'union_leader', labels: ['sindicalista', 'dirigente sindical', 'lider sindical', 'líder sindical'] },
  { code: 'human_rights_defender', labels: ['defensor de derechos humanos', 'defensora de derechos humanos', 'defensor de ddhh', 'defensora de ddhh'] },
  { code: 'other', labels: ['otro', 'otra', 'otros', 'comerciante', 'obrero', 'obrera', 'ama de casa'] },
];

export const SEX_ENTRIES: readonly (VocabularyEntry & { code: (typeof SEXES)[number] })[] = [
  { code: 'female', labels: ['f', 'femenino', 'mujer', 'female'] },
  { code: 'male', labels: ['m', 'masculino', 'hombre', 'male'] },
  { code: 'other', labels: ['otro', 'other'] },
  { code: 'unknown', labels: ['desconocido', 'sin dato', 's/d', 'unknown'] },
];

/** Offences of the shipped thesaurus, with their labels in both languages. */
export const OFFENCE_ENTRIES: readonly VocabularyEntry[] = OFFENCE_THESAURUS.map((o) => ({ code: o.code, labels: [o.labelEs, o.labelEn] }));

/**
 * The ways of writing a facility that are certain: its name, the name without what is in
 * brackets or quotes, and what is in them ("SEBIN Plaza Venezuela (\"La Tumba\")" is also
 * "La Tumba"), with or without a leading article ("Helicoide").
 */
export function facilityLabels(name: string): string[] {
  const inner = [...name.matchAll(/[("“]+([^()"“”]+)[)"”]+/g)].map((m) => m[1]!.trim());
  const outer = name
    .replace(/\([^)]*\)/g, ' ')
    .replace(/["“”][^"“”]*["“”]/g, ' ')
    .trim();
  const forms = [name, outer, ...inner];
  const withoutArticle = forms.map((f) => f.replace(/^(el|la|los|las)\s+/i, '')).filter((f) => f.length >= 4);
  return [...new Set([...forms, ...withoutArticle].filter((f) => f !== ''))];
}

/** Facilities shipped as reference data, with their certain labels. */
export const FACILITY_ENTRIES: readonly VocabularyEntry[] = KNOWN_FACILITIES.map((f) => ({ code: f.code, labels: facilityLabels(f.name) }));

/** Known arresting agencies (SEBIN, DGCIM…): written in any case, stored as the agency's acronym. */
export function normalizeAgency(written: string, table: Readonly<Record<string, string>> = {}): string {
  const value = written.trim();
  const mapped = lookUpTable(table, value);
  if (mapped !== undefined) return mapped;
  const folded = foldValue(value);
  const known = KNOWN_AGENCIES.find((a) => foldValue(a) === folded);
  return known ?? value;
}

/** Precautionary measures as written: one part of a measures cell, read for its kind and interval. */
export type ParsedMeasure = { kind: 'travel_ban' | 'press_gag' | 'periodic_reporting' | 'house_arrest' | 'other'; everyDays: number | null };

const MEASURE_PATTERNS: readonly { kind: ParsedMeasure['kind']; pattern: RegExp }[] = [
  { kind: 'periodic_reporting', pattern: /\b(presentacion|presentaciones|presentarse|regimen de presentacion|reporting|report)\b/ },
  { kind: 'travel_ban', pattern: /\b(prohibicion de salida|prohibicion de salir|salida del pais|salir del pais|travel ban)\b/ },
  { kind: 'press_gag', pattern: /\b(declarar|medios|prensa|redes sociales|press)\b/ },
  { kind: 'house_arrest', pattern: /\b(arresto domiciliario|casa por carcel|house arrest)\b/ },
];

/**
 * Reads one measure ("régimen de presentación cada 30 días", "prohibición de salida del
 * país"). The interval of periodic reporting is "cada N días", "c/N días" or
 * "cada N semanas"; "cada 8 días" is weekly, as Venezuelan courts write it. Null when the
 * text names no measure this table knows.
 */
export function parseMeasure(written: string): ParsedMeasure | null {
  const folded = foldValue(written);
  const found = MEASURE_PATTERNS.find((m) => m.pattern.test(folded));
  if (!found) return null;
  if (found.kind !== 'periodic_reporting') return { kind: found.kind, everyDays: null };
  const days = /(?:cada|c)\s+(\d{1,3})\s+(dias|dia)/.exec(folded);
  const weeks = /(?:cada|c)\s+(\d{1,2})\s+(semanas|semana)/.exec(folded);
  const monthly = /\b(mensual|cada mes|mensualmente)\b/.test(folded);
  const weekly = /\b(semanal|cada semana|semanalmente)\b/.test(folded);
  const everyDays = days ? Number(days[1]) : weeks ? Number(weeks[1]) * 7 : monthly ? 30 : weekly ? 7 : null;
  return { kind: 'periodic_reporting', everyDays: everyDays !== null && everyDays >= 1 && everyDays <= 365 ? everyDays : null };
}
