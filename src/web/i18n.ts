/** Spanish first, English too. The choice is remembered on this device only. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

const es = {
  title: 'Recuento',
  tagline: 'Las cifras de presos políticos y excarcelaciones que publica cada parte, lado a lado, cada una con su fuente.',
  demoBanner:
    'Demostración: las cifras declaradas son reales y citadas (enero–febrero de 2026); las personas del registro son sintéticas, generadas para probar el sistema. Ninguna es una persona real.',
  language: 'English',
  languageLabel: 'Read in English',
  metric: 'Qué se cuenta',
  chartTitle: 'Cifras declaradas a lo largo del tiempo',
  chartHint: 'Toque o pase sobre un punto para ver su fuente.',
  registrySeries: 'Registro Recuento (acumulado, todo nivel de verificación)',
  registrySeriesSynthetic: 'Registro Recuento (acumulado, todo nivel de verificación, datos sintéticos)',
  registryNone: 'El registro no tiene aún eventos de este tipo.',
  tableTitle: 'Todas las cifras, con su fuente',
  date: 'Fecha',
  claimant: 'Quién lo dice',
  value: 'Cifra',
  scope: 'Qué cuenta',
  source: 'Fuente',
  showSource: 'Ver fuente',
  selected: 'Cifra seleccionada',
  reportedBy: 'Publicado por',
  published: 'Publicado el',
  approximate: 'fecha aproximada',
  statusTitle: 'Lo que dice el registro hoy',
  statusNote:
    'Personas que consintieron en ser contadas públicamente, por situación actual y por nivel de verificación del hecho que la determina: verificado (dos verificadores revisaron la evidencia), corroborado (dos fuentes independientes), reportado (una fuente). Ninguna cifra pública baja de 5: las situaciones con menos personas se suman juntas, para no señalar a nadie.',
  statusColumn: 'Situación',
  total: 'Total',
  levels: { verified: 'Verificado', corroborated: 'Corroborado', reported: 'Reportado', disputed: 'En disputa', refuted: 'Refutado' },
  syntheticNote: 'Incluye personas sintéticas de demostración.',
  downloads: 'Datos abiertos',
  downloadClaims: 'Cifras declaradas (CSV)',
  downloadPersons: 'Lista pública (CSV)',
  apiDocs: 'API y su documentación',
  logCheckpoint: 'Registro público verificable: último punto de control firmado',
  logKey: 'su clave',
  logPublications: 'lo publicado en él',
  loading: 'Cargando…',
  loadError: 'No se pudieron cargar los datos. Intente de nuevo.',
  gapTitle: 'La brecha',
  gap: 'La cifra más alta ({{high}}, {{highWho}}) supera a la más baja ({{low}}, {{lowWho}}) en {{diff}}.',
  metrics: {
    released: 'Excarcelados',
    held: 'Presos políticos detenidos',
    held_foreigners: 'Extranjeros detenidos',
    under_judicial_measures: 'Bajo medidas cautelares',
    arrested_post_election_2024: 'Detenidos tras la elección de 2024',
    pardoned: 'Indultados',
    amnesty_applications: 'Solicitudes de amnistía',
    measures_lifted: 'Medidas levantadas',
    excluded_under_review: 'Excluidos en revisión',
  },
  kinds: { government: 'Gobierno', ngo: 'ONG', opposition: 'Oposición', press: 'Prensa', international: 'Organismo internacional', registry: 'Registro' },
  qualifiers: { exact: '{{value}}', at_least: 'al menos {{value}}', more_than: 'más de {{value}}', about: 'unos {{value}}', range: '{{value}}–{{high}}' },
  statuses: {
    detained: 'Detenido',
    disappeared: 'Paradero desconocido',
    house_arrest: 'Arresto domiciliario',
    released_with_measures: 'Excarcelado con medidas',
    released: 'Libertad plena',
    exiled: 'En el exilio',
    died_in_custody: 'Murió bajo custodia',
    unknown: 'Sin eventos registrados',
    _small_cells: 'Grupos de menos de 5, juntos',
  },
};

const en: typeof es = {
  title: 'Recuento',
  tagline: 'The counts of political prisoners and releases that each party publishes, side by side, each with its source.',
  demoBanner:
    'Demo: the claimed figures are real and cited (January–February 2026); the persons in the registry are synthetic, generated to exercise the system. None of them is a real person.',
  language: 'Español',
  languageLabel: 'Leer en español',
  metric: 'What is counted',
  chartTitle: 'Claimed figures over time',
  chartHint: 'Tap or hover a point to see its source.',
  registrySeries: 'Recuento registry (cumulative, every verification level)',
  registrySeriesSynthetic: 'Recuento registry (cumulative, every verification level, synthetic data)',
  registryNone: 'The registry has no events of this kind yet.',
  tableTitle: 'Every figure, with its source',
  date: 'Date',
  claimant: 'Who says so',
  value: 'Figure',
  scope: 'What it counts',
  source: 'Source',
  showSource: 'Show source',
  selected: 'Selected figure',
  reportedBy: 'Reported by',
  published: 'Published on',
  approximate: 'approximate date',
  statusTitle: 'What the registry says today',
  statusNote:
    'Persons who consented to be counted publicly, by current status and by the verification level of the fact that sets it: verified (two verifiers reviewed the evidence), corroborated (two independent sources), reported (one source). No public figure is below 5: statuses with fewer persons are added up together, so as to point at no one.',
  statusColumn: 'Status',
  total: 'Total',
  levels: { verified: 'Verified', corroborated: 'Corroborated', reported: 'Reported', disputed: 'Disputed', refuted: 'Refuted' },
  syntheticNote: 'Includes synthetic demo persons.',
  downloads: 'Open data',
  downloadClaims: 'Claimed figures (CSV)',
  downloadPersons: 'Public list (CSV)',
  apiDocs: 'API and its documentation',
  logCheckpoint: 'Verifiable public log: latest signed checkpoint',
  logKey: 'its key',
  logPublications: 'what was published in it',
  loading: 'Loading…',
  loadError: 'The data could not be loaded. Please try again.',
  gapTitle: 'The gap',
  gap: 'The highest figure ({{high}}, {{highWho}}) exceeds the lowest ({{low}}, {{lowWho}}) by {{diff}}.',
  metrics: {
    released: 'Released',
    held: 'Political prisoners held',
    held_foreigners: 'Foreigners held',
    under_judicial_measures: 'Under precautionary measures',
    arrested_post_election_2024: 'Arrested after the 2024 election',
    pardoned: 'Pardoned',
    amnesty_applications: 'Amnesty applications',
    measures_lifted: 'Measures lifted',
    excluded_under_review: 'Excluded, under review',
  },
  kinds: { government: 'Government', ngo: 'NGO', opposition: 'Opposition', press: 'Press', international: 'International body', registry: 'Registry' },
  qualifiers: { exact: '{{value}}', at_least: 'at least {{value}}', more_than: 'more than {{value}}', about: 'about {{value}}', range: '{{value}}–{{high}}' },
  statuses: {
    detained: 'Detained',
    disappeared: 'Whereabouts unknown',
    house_arrest: 'House arrest',
    released_with_measures: 'Released with measures',
    released: 'Fully free',
    exiled: 'In exile',
    died_in_custody: 'Died in custody',
    unknown: 'No events recorded',
    _small_cells: 'Groups of fewer than 5, together',
  },
};

const STORAGE_KEY = 'recuento.lang';

export function initI18n(): void {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  void i18next.use(initReactI18next).init({
    resources: { es: { translation: es }, en: { translation: en } },
    lng: saved === 'en' ? 'en' : 'es',
    fallbackLng: 'es',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
}

export function switchLanguage(): void {
  const next = i18next.language === 'es' ? 'en' : 'es';
  void i18next.changeLanguage(next);
  document.documentElement.lang = next;
  localStorage.setItem(STORAGE_KEY, next);
}
