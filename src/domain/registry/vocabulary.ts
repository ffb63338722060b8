/**
 * The closed vocabularies of the registry. Every enum the database checks, the API
 * validates and the UI translates comes from here, so the three never drift apart.
 */

/** Kinds of event on a person's timeline (PRODUCT.md, capability 1). */
export const EVENT_KINDS = [
  'detained',
  'transferred',
  'whereabouts_unknown',
  'released',
  'released_with_measures',
  'measures_changed',
  're_arrested',
  'house_arrest',
  'case_dismissed', // sobreseimiento: the court closes the case
  'amnesty_requested', // a request under an amnesty filed with the court: starts the deadline to decide
  'amnesty_denied', // the court refused the request (a decision, open to appeal)
  'amnestied',
  'pardoned',
  'exiled',
  'died_in_custody',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A person's current status, derived from the timeline (see derive-status.ts). */
export const PERSON_STATUSES = [
  'detained',
  'disappeared', // whereabouts unknown: a forced disappearance until proven otherwise
  'house_arrest',
  'released_with_measures',
  'released',
  'exiled',
  'died_in_custody',
  'unknown', // no event recorded yet
] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/**
 * An event's date may also be unknown ("casa por cárcel", no date given): it still
 * counts, placed in the timeline after what is known to come before it.
 */
export const EVENT_DATE_PRECISIONS = [...DATE_PRECISIONS, 'unknown'] as const;
export type EventDatePrecision = (typeof EVENT_DATE_PRECISIONS)[number];

export const OCCUPATION_GROUPS = ['student', 'journalist', 'soldier', 'activist', 'politician', 'union_leader', 'human_rights_defender', 'other'] as const;
export type OccupationGroup = (typeof OCCUPATION_GROUPS)[number];

/**
 * Publication consent. `private` is the default: nothing about the person leaves the
 * staff side. `aggregate_only` lets the person count in published numbers without any
 * detail about them.
 */
export const CONSENT_LEVELS = ['public', 'aggregate_only', 'private'] as const;
export type Consent = (typeof CONSENT_LEVELS)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** Identifier kinds: Venezuelan cédula for nationals (V) and foreign residents (E). */
export const IDENTIFIER_KINDS = ['cedula_v', 'cedula_e', 'passport', 'other'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** Verification levels of a source's support for a fact (PRODUCT.md, capability 7). */
export const VERIFICATION_LEVELS = ['reported', 'corroborated', 'verified', 'disputed', 'refuted'] as const;
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

/** Medidas cautelares: precautionary measures imposed with a conditional release. */
export const MEASURE_KINDS = ['travel_ban', 'press_gag', 'periodic_reporting', 'house_arrest', 'other'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export const FACILITY_KINDS = ['prison', 'intelligence', 'military', 'police', 'other'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const FACILITY_STATUSES = ['open', 'closure_announced', 'closed'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

/** A facility's status history: each dated, sourced change; the current status is the latest. */
export const FACILITY_STATUS_CHANGES = ['operating', 'closure_announced', 'closed', 'reopened'] as const;
export type FacilityStatusChange = (typeof FACILITY_STATUS_CHANGES)[number];

/** Days of the week a reporting measure may name (régimen de presentaciones los lunes…). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** What can happen to a measure after it was imposed (each recorded with its date and source). */
export const MEASURE_CHANGE_KINDS = ['tightened', 'relaxed', 'court_changed', 'lifted', 'converted_to_house_arrest'] as const;
export type MeasureChangeKind = (typeof MEASURE_CHANGE_KINDS)[number];

/** Breaches of a measure a court or a source recorded (missed presentations are derived, not typed). */
export const BREACH_KINDS = ['left_the_country', 'spoke_to_press', 'left_residence', 'missed_presentations_declared', 'other'] as const;
export type BreachKind = (typeof BREACH_KINDS)[number];

/** Arresting agencies seen in Venezuelan cases; free text is allowed beyond these. */
export const KNOWN_AGENCIES = ['SEBIN', 'DGCIM', 'PNB', 'GNB', 'CICPC', 'FAES', 'DIP'] as const;

/** Protest waves used to group detentions. */
export const PROTEST_WAVES = ['2014', '2017', '2019', '2024', 'other'] as const;
export type ProtestWave = (typeof PROTEST_WAVES)[number];

export const OFFENCE_CATEGORIES = [
  'political', // offences used to prosecute dissent: treason, incitement to hatred…
  'public_order',
  'terrorism',
  'military',
  'common', // ordinary crimes with no political character
  'violent', // homicide and grave injuries
  'drugs',
  'corruption',
  'human_rights_violation',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

export const CLAIMANT_KINDS = ['government', 'ngo', 'opposition', 'press', 'international', 'registry'] as const;
export type ClaimantKind = (typeof CLAIMANT_KINDS)[number];

export const CLAIM_METRICS = [
  'released',
  'held',
  'held_foreigners',
  'under_judicial_measures',
  'arrested_post_election_2024',
  'pardoned',
  'amnesty_applications',
  'measures_lifted',
  'excluded_under_review',
] as const;
export type ClaimMetric = (typeof CLAIM_METRICS)[number];

export const CLAIM_QUALIFIERS = ['exact', 'at_least', 'more_than', 'about', 'range'] as const;
export type ClaimQualifier = (typeof CLAIM_QUALIFIERS)[number];

export const CLAIM_DATE_PRECISIONS = ['day', 'approximate'] as const;

/**
 * What a claim counts under, when it counts only part of its metric: `amnesty_law`, releases
 * granted under the 2026 amnesty law (not every release since January). A claim without a basis
 * counts the metric whatever the legal route.
 */
export const CLAIM_BASES = ['amnesty_law'] as const;
export type ClaimBasis = (typeof CLAIM_BASES)[number];
