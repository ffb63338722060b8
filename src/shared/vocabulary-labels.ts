/**
 * The registry's vocabularies in words, Spanish and English: one list shared by the public site
 * (src/site) and the staff workspace (src/web), so a status or an event reads the same on both.
 */
import type { ClosureOutcome } from '../domain/facilities/stays.js';
import type {
  EventKind,
  FacilityKind,
  FacilityStatus,
  FacilityStatusChange,
  MeasureKind,
  OccupationGroup,
  PersonStatus,
  ProtestWave,
  VerificationLevel,
} from '../domain/registry/vocabulary.js';

type Labels<K extends string> = { es: Record<K, string>; en: Record<K, string> };

export const STATUS_LABELS: Labels<PersonStatus> = {
  es: {
    detained: 'Detenido',
    disappeared: 'Paradero desconocido',
    house_arrest: 'Arresto domiciliario',
    released_with_measures: 'Excarcelado con medidas',
    released: 'Libertad plena',
    exiled: 'En el exilio',
    died_in_custody: 'Murió bajo custodia',
    unknown: 'Sin eventos registrados',
  },
  en: {
    detained: 'Detained',
    disappeared: 'Whereabouts unknown',
    house_arrest: 'House arrest',
    released_with_measures: 'Released with measures',
    released: 'Fully free',
    exiled: 'In exile',
    died_in_custody: 'Died in custody',
    unknown: 'No events recorded',
  },
};

export const LEVEL_LABELS: Labels<VerificationLevel> = {
  es: { verified: 'Verificado', corroborated: 'Corroborado', reported: 'Reportado', disputed: 'En disputa', refuted: 'Refutado' },
  en: { verified: 'Verified', corroborated: 'Corroborated', reported: 'Reported', disputed: 'Disputed', refuted: 'Refuted' },
};

export const EVENT_KIND_LABELS: Labels<EventKind> = {
  es: {
    detained: 'Detenido',
    transferred: 'Trasladado',
    whereabouts_unknown: 'Paradero desconocido',
    released: 'Excarcelado (libertad plena)',
    released_with_measures: 'Excarcelado con medidas',
    measures_changed: 'Medidas cambiadas',
    re_arrested: 'Detenido de nuevo',
    house_arrest: 'Arresto domiciliario',
    case_dismissed: 'Sobreseimiento',
    amnesty_requested: 'Amnistía solicitada',
    amnesty_denied: 'Amnistía negada',
    amnestied: 'Amnistiado',
    pardoned: 'Indultado',
    exiled: 'Exiliado',
    died_in_custody: 'Murió bajo custodia',
  },
  en: {
    detained: 'Detained',
    transferred: 'Transferred',
    whereabouts_unknown: 'Whereabouts unknown',
    released: 'Released (fully free)',
    released_with_measures: 'Released with measures',
    measures_changed: 'Measures changed',
    re_arrested: 'Re-arrested',
    house_arrest: 'House arrest',
    case_dismissed: 'Case dismissed',
    amnesty_requested: 'Amnesty requested',
    amnesty_denied: 'Amnesty denied',
    amnestied: 'Amnestied',
    pardoned: 'Pardoned',
    exiled: 'Exiled',
    died_in_custody: 'Died in custody',
  },
};

export const OCCUPATION_LABELS: Labels<OccupationGroup> = {
  es: {
    student: 'Estudiante',
    journalist: 'Periodista',
    soldier: 'Militar',
    activist: 'Activista',
    politician: 'Político',
    union_leader: 'Sindicalista',
    human_rights_defender: 'Defensor de derechos humanos',
    other: 'Otra',
  },
  en: {
    student: 'Student',
    journalist: 'Journalist',
    soldier: 'Soldier',
    activist: 'Activist',
    politician: 'Politician',
    union_leader: 'Union leader',
    human_rights_defender: 'Human rights defender',
    other: 'Other',
  },
};

export const MEASURE_KIND_LABELS: Labels<MeasureKind> = {
  es: {
    travel_ban: 'Prohibición de salir del país',
    press_gag: 'Prohibición de declarar a la prensa',
    periodic_reporting: 'Presentación periódica ante el tribunal',
    house_arrest: 'Arresto domiciliario',
    other: 'Otra medida',
  },
  en: {
    travel_ban: 'Travel ban',
    press_gag: 'Gag order',
    periodic_reporting: 'Periodic reporting to the court',
    house_arrest: 'House arrest',
    other: 'Other measure',
  },
};

export const WAVE_LABELS: Labels<ProtestWave> = {
  es: { '2014': '2014', '2017': '2017', '2019': '2019', '2024': '2024 (postelectoral)', other: 'Otra' },
  en: { '2014': '2014', '2017': '2017', '2019': '2019', '2024': '2024 (post-election)', other: 'Other' },
};

export const FACILITY_STATUS_LABELS: Labels<FacilityStatus> = {
  es: { open: 'abierto', closure_announced: 'cierre anunciado', closed: 'cerrado' },
  en: { open: 'open', closure_announced: 'closure announced', closed: 'closed' },
};

export const FACILITY_STATUS_CHANGE_LABELS: Labels<FacilityStatusChange> = {
  es: { operating: 'En funcionamiento', closure_announced: 'Cierre anunciado', closed: 'Cerrado', reopened: 'Reabierto' },
  en: { operating: 'Operating', closure_announced: 'Closure announced', closed: 'Closed', reopened: 'Reopened' },
};

export const FACILITY_KIND_LABELS: Labels<FacilityKind> = {
  es: { prison: 'Cárcel', intelligence: 'Sede de inteligencia', military: 'Centro militar', police: 'Sede policial', other: 'Otro' },
  en: { prison: 'Prison', intelligence: 'Intelligence headquarters', military: 'Military facility', police: 'Police station', other: 'Other' },
};

/** Where a person held at a closing facility went (domain/facilities/stays.ts CLOSURE_OUTCOMES). */
export const CLOSURE_OUTCOME_LABELS: Labels<ClosureOutcome> = {
  es: {
    whereabouts_unknown: 'Paradero desconocido',
    not_recorded: 'Sin registro de salida (el centro cerró)',
    still_there: 'Sigue allí (el centro no ha cerrado)',
    held_elsewhere: 'Detenida en otro centro',
    held_place_unrecorded: 'Trasladada, sin registro del lugar',
    house_arrest: 'Arresto domiciliario',
    released_with_measures: 'Excarcelada con medidas',
    released: 'Libertad plena',
    exiled: 'En el exilio',
    died_in_custody: 'Murió bajo custodia',
  },
  en: {
    whereabouts_unknown: 'Whereabouts unknown',
    not_recorded: 'No move out recorded (the facility closed)',
    still_there: 'Still there (the facility has not closed)',
    held_elsewhere: 'Held at another facility',
    held_place_unrecorded: 'Moved, the place not recorded',
    house_arrest: 'House arrest',
    released_with_measures: 'Released with measures',
    released: 'Released',
    exiled: 'In exile',
    died_in_custody: 'Died in custody',
  },
};
