/**
 * The offence thesaurus shipped with Recuento: the charges most often brought against
 * Venezuelan political prisoners, and the common, drug and corruption offences that
 * padded earlier lists. References are to the Código Penal (CP), the Ley Orgánica contra
 * la Delincuencia Organizada y Financiamiento al Terrorismo (LOCDOFT, 2012), the Código
 * Orgánico de Justicia Militar (COJM) and special laws; article numbers are as commonly
 * cited in case files and must be checked against the Gaceta before legal use ("por
 * verificar" where no article is commonly cited). rules/offences-named.yaml lists every
 * offence the amnesty texts name or imply, and a test holds this thesaurus to it.
 * Organisations extend the thesaurus through the API.
 */
import type { OffenceCategory } from './vocabulary.js';

export type OffenceDefinition = {
  code: string;
  labelEs: string;
  labelEn: string;
  legalCode: string;
  article: string;
  category: OffenceCategory;
};

export const OFFENCE_THESAURUS: readonly OffenceDefinition[] = [
  { code: 'traicion_patria', labelEs: 'Traición a la patria', labelEn: 'Treason', legalCode: 'CP', article: '128', category: 'political' },
  { code: 'conspiracion', labelEs: 'Conspiración', labelEn: 'Conspiracy', legalCode: 'CP', article: '132', category: 'political' },
  {
    code: 'incitacion_odio',
    labelEs: 'Incitación al odio',
    labelEn: 'Incitement to hatred',
    legalCode: 'Ley contra el Odio',
    article: '20',
    category: 'political',
  },
  {
    code: 'difusion_informacion_falsa',
    labelEs: 'Difusión de información falsa',
    labelEn: 'Spreading false information',
    legalCode: 'CP',
    article: '296-A',
    category: 'political',
  },
  {
    code: 'instigacion_publica',
    labelEs: 'Instigación pública a delinquir',
    labelEn: 'Public incitement to crime',
    legalCode: 'CP',
    article: '285',
    category: 'public_order',
  },
  {
    code: 'asociacion_delinquir',
    labelEs: 'Asociación para delinquir',
    labelEn: 'Criminal association',
    legalCode: 'LOCDOFT',
    article: '37',
    category: 'public_order',
  },
  { code: 'agavillamiento', labelEs: 'Agavillamiento', labelEn: 'Gang formation', legalCode: 'CP', article: '286', category: 'public_order' },
  {
    code: 'resistencia_autoridad',
    labelEs: 'Resistencia a la autoridad',
    labelEn: 'Resisting authority',
    legalCode: 'CP',
    article: '218',
    category: 'public_order',
  },
  {
    code: 'obstaculizacion_vias',
    labelEs: 'Obstaculización de la vía pública',
    labelEn: 'Obstructing public roads',
    legalCode: 'CP',
    article: '357',
    category: 'public_order',
  },
  { code: 'terrorismo', labelEs: 'Terrorismo', labelEn: 'Terrorism', legalCode: 'LOCDOFT', article: '52', category: 'terrorism' },
  {
    code: 'financiamiento_terrorismo',
    labelEs: 'Financiamiento al terrorismo',
    labelEn: 'Financing of terrorism',
    legalCode: 'LOCDOFT',
    article: '53',
    category: 'terrorism',
  },
  { code: 'rebelion_militar', labelEs: 'Rebelión militar', labelEn: 'Military rebellion', legalCode: 'COJM', article: '476', category: 'military' },
  {
    code: 'ultraje_fuerza_armada',
    labelEs: 'Ultraje a la Fuerza Armada',
    labelEn: 'Insulting the Armed Forces',
    legalCode: 'COJM',
    article: '505',
    category: 'military',
  },
  { code: 'danos_propiedad', labelEs: 'Daños a la propiedad', labelEn: 'Damage to property', legalCode: 'CP', article: '473', category: 'common' },
  { code: 'hurto', labelEs: 'Hurto', labelEn: 'Theft', legalCode: 'CP', article: '451', category: 'common' },
  { code: 'robo_agravado', labelEs: 'Robo agravado', labelEn: 'Aggravated robbery', legalCode: 'CP', article: '458', category: 'common' },
  {
    code: 'porte_ilicito_arma',
    labelEs: 'Porte ilícito de arma de fuego',
    labelEn: 'Illegal possession of a firearm',
    legalCode: 'Ley para el Desarme',
    article: '112',
    category: 'common',
  },
  { code: 'homicidio_intencional', labelEs: 'Homicidio intencional', labelEn: 'Intentional homicide', legalCode: 'CP', article: '405', category: 'violent' },
  { code: 'lesiones_gravisimas', labelEs: 'Lesiones gravísimas', labelEn: 'Most grievous bodily harm', legalCode: 'CP', article: '414', category: 'violent' },
  {
    code: 'trafico_drogas',
    labelEs: 'Tráfico ilícito de drogas',
    labelEn: 'Drug trafficking',
    legalCode: 'Ley Orgánica de Drogas',
    article: '149',
    category: 'drugs',
  },
  {
    code: 'legitimacion_capitales',
    labelEs: 'Legitimación de capitales',
    labelEn: 'Money laundering',
    legalCode: 'LOCDOFT',
    article: '35',
    category: 'corruption',
  },
  {
    code: 'peculado_doloso',
    labelEs: 'Peculado doloso',
    labelEn: 'Embezzlement of public funds',
    legalCode: 'Ley contra la Corrupción',
    article: '54',
    category: 'corruption',
  },
  { code: 'tortura', labelEs: 'Tortura', labelEn: 'Torture', legalCode: 'Ley Especial contra la Tortura', article: '17', category: 'human_rights_violation' },
  {
    code: 'sabotaje',
    labelEs: 'Sabotaje',
    labelEn: 'Sabotage',
    legalCode: 'Ley Orgánica de Seguridad de la Nación',
    article: 'por verificar',
    category: 'political',
  },
  { code: 'rebelion_civil', labelEs: 'Rebelión civil', labelEn: 'Civil rebellion', legalCode: 'CP', article: '143', category: 'political' },
  {
    code: 'usurpacion_funciones',
    labelEs: 'Usurpación de funciones',
    labelEn: 'Usurpation of public functions',
    legalCode: 'CP',
    article: '213',
    category: 'public_order',
  },
  {
    code: 'ofensa_presidente',
    labelEs: 'Ofensa al Presidente de la República',
    labelEn: 'Insulting the President',
    legalCode: 'CP',
    article: '147',
    category: 'political',
  },
  {
    code: 'accion_armada_extranjera',
    labelEs: 'Promover, financiar o participar en acciones armadas extranjeras contra la República',
    labelEn: 'Promoting, financing or taking part in foreign armed action against the Republic',
    legalCode: 'Ley Orgánica Libertador Simón Bolívar contra el Bloqueo (2024)',
    article: 'por verificar',
    category: 'political',
  },
  {
    code: 'artefactos_explosivos',
    labelEs: 'Fabricación, porte u ocultamiento de artefactos explosivos o incendiarios',
    labelEn: 'Making, carrying or hiding explosive or incendiary devices',
    legalCode: 'CP',
    article: '296',
    category: 'public_order',
  },
  {
    code: 'danos_sistema_electrico',
    labelEs: 'Daños al Sistema Eléctrico Nacional',
    labelEn: 'Damage to the national power grid',
    legalCode: 'Ley Orgánica del Sistema y Servicio Eléctrico',
    article: 'por verificar',
    category: 'public_order',
  },
  {
    code: 'uso_menores_delito',
    labelEs: 'Uso de niños, niñas o adolescentes para delinquir',
    labelEn: 'Using children to commit crimes',
    legalCode: 'LOPNNA',
    article: '264',
    category: 'common',
  },
  {
    code: 'privacion_ilegitima_libertad',
    labelEs: 'Privación ilegítima de libertad',
    labelEn: 'Unlawful deprivation of liberty',
    legalCode: 'CP',
    article: '174',
    category: 'common',
  },
  {
    code: 'violacion_domicilio',
    labelEs: 'Violación de domicilio',
    labelEn: 'Unlawful entry into a home',
    legalCode: 'CP',
    article: '183',
    category: 'common',
  },
  {
    code: 'magnicidio',
    labelEs: 'Magnicidio (atentado contra la vida del Presidente)',
    labelEn: 'Attempt on the life of the President (magnicidio)',
    legalCode: 'CP',
    article: 'por verificar',
    category: 'violent',
  },
  {
    code: 'trafico_drogas_menor_cuantia',
    labelEs: 'Tráfico ilícito de drogas de menor cuantía',
    labelEn: 'Small-scale drug trafficking',
    legalCode: 'Ley Orgánica de Drogas',
    article: '149 (único aparte)',
    category: 'drugs',
  },
  {
    code: 'peculado_uso',
    labelEs: 'Peculado de uso',
    labelEn: 'Use of public property for private ends',
    legalCode: 'Ley contra la Corrupción',
    article: 'por verificar',
    category: 'corruption',
  },
  {
    code: 'enriquecimiento_ilicito',
    labelEs: 'Enriquecimiento ilícito',
    labelEn: 'Illicit enrichment',
    legalCode: 'Ley contra la Corrupción',
    article: 'por verificar',
    category: 'corruption',
  },
  {
    code: 'desaparicion_forzada',
    labelEs: 'Desaparición forzada de personas',
    labelEn: 'Enforced disappearance',
    legalCode: 'CP',
    article: '180-A',
    category: 'human_rights_violation',
  },
  {
    code: 'lesa_humanidad',
    labelEs: 'Crimen de lesa humanidad',
    labelEn: 'Crime against humanity',
    legalCode: 'Estatuto de Roma',
    article: '7',
    category: 'human_rights_violation',
  },
  { code: 'genocidio', labelEs: 'Genocidio', labelEn: 'Genocide', legalCode: 'Estatuto de Roma', article: '6', category: 'human_rights_violation' },
  {
    code: 'crimen_de_guerra',
    labelEs: 'Crimen de guerra',
    labelEn: 'War crime',
    legalCode: 'Estatuto de Roma',
    article: '8',
    category: 'human_rights_violation',
  },
];

/** The thesaurus labels by code, in both languages (for explanations). */
export const OFFENCE_LABELS: ReadonlyMap<string, { es: string; en: string }> = new Map(
  OFFENCE_THESAURUS.map((offence) => [offence.code, { es: offence.labelEs, en: offence.labelEn }]),
);
