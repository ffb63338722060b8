/**
 * The public site's words, Spanish first. Both languages have the same shape (the type checks
 * it); words that take values are functions. Claimant names as the data writes them (in English,
 * as the press reported them) are translated here when known; any other name is shown as written.
 */
import { COMPARABLE_DAYS } from '../domain/claims/gaps.js';
import { LEVEL_LABELS, STATUS_LABELS } from '../shared/vocabulary-labels.js';

export type Lang = 'es' | 'en';

const es = {
  siteName: 'Recuento',
  tagline: 'Las cifras de presos políticos y excarcelaciones que publica cada parte, lado a lado, cada una con su fuente y su definición.',
  demoBanner:
    'Demostración: las cifras declaradas son reales y citadas (enero–febrero de 2026); las personas del registro son sintéticas, generadas para probar el sistema. Ninguna es una persona real.',
  otherLanguage: 'English',
  otherLanguageLabel: 'Read this page in English',
  skip: 'Saltar al contenido',
  nav: { home: 'Cifras', list: 'Lista pública', facilities: 'Centros', methodology: 'Metodología', openData: 'Datos abiertos', staff: 'Equipo' },
  navLabel: 'Secciones',
  reflects: (size: number, root: string, when: string) =>
    `Las cifras de esta página se calculan del registro al pedirla. Lo publicado queda en el registro público verificable: su último punto de control firmado tiene ${size} entradas (raíz ${root}…, firmado el ${when}).`,
  noCheckpoint: 'El registro público verificable aún no tiene publicaciones.',
  howToVerify: 'Cómo verificarlo',
  footerNote: 'Recuento no usa cookies ni analítica y no pide nada a terceros.',
  metricChooser: 'Qué se cuenta',
  chartTitle: (metric: string) => `${metric}: cifras declaradas a lo largo del tiempo`,
  chartDescription:
    'Cada punto es una cifra publicada por una parte; las líneas verticales marcan fechas clave. La tabla de abajo tiene cada cifra con su fuente.',
  chartEmpty: 'No hay cifras declaradas de este tipo.',
  gapsTitle: 'Las brechas, comparando lo comparable',
  gapsNote: `Solo se comparan cifras de partes distintas que cuentan lo mismo: la misma medida, el mismo período y el mismo fundamento, ciertas en fechas separadas por no más de ${COMPARABLE_DAYS} días. Cifras que cuentan cosas distintas (excarcelaciones desde diciembre frente a excarcelaciones por la ley de amnistía) no se restan.`,
  gapsNone: 'Ninguna pareja de cifras de esta medida cuenta lo mismo en fechas cercanas: no se calcula brecha.',
  since: (date: string) => `desde el ${date}`,
  underLaw: 'por la ley de amnistía',
  difference: (n: string, open: boolean) => `Diferencia: ${open ? 'al menos ' : ''}${n}.`,
  agree: 'Las dos cifras coinciden (una cae dentro del rango de la otra).',
  compatible: 'Las dos cifras pueden ser ciertas a la vez: «al menos» y «más de» no fijan un máximo.',
  gapSentence: (o: {
    date: string;
    who: string;
    value: string;
    what: string;
    period: string;
    otherDate: string | null;
    otherWho: string;
    otherValue: string;
  }) =>
    `El ${o.date}, según ${o.who}: ${o.value} ${o.what}${o.period ? ` ${o.period}` : ''}; ${o.otherDate ? `el ${o.otherDate}, ` : ''}según ${o.otherWho}: ${o.otherValue}.`,
  keyDatesTitle: 'Fechas clave',
  tableTitle: 'Cada cifra, con su fuente',
  tableCaption: (metric: string) => `${metric}: cada cifra declarada, en orden de fecha`,
  date: 'Fecha',
  claimant: 'Quién lo dice',
  value: 'Cifra',
  period: 'Período contado',
  source: 'Fuente',
  showSource: 'Ver fuente',
  scopeAsReported: 'Qué cuenta, como se informó (en inglés)',
  reportedBy: 'Informado por',
  published: 'Publicado el',
  approximate: 'fecha aproximada',
  periodUnknown: 'no lo dice',
  registrySeries: 'Registro Recuento',
  registryTitle: 'Lo que dice el registro hoy',
  registryNote:
    'Personas que consintieron en ser contadas públicamente, por situación actual y por nivel de verificación del hecho que la determina. Ninguna cifra pública baja de 5: las situaciones con menos personas se suman juntas, para no señalar a nadie.',
  registrySynthetic: 'Incluye personas sintéticas de demostración.',
  registryEmpty: 'El registro aún no cuenta a nadie públicamente.',
  registryCaption: 'Personas por situación actual y por nivel de verificación',
  actsCaption: (by: string) => `Personas que sufrieron cada tipo de acto, por ${by.toLowerCase()}`,
  status: 'Situación',
  total: 'Total',
  definition: 'Definición',
  actsTitle: 'Violaciones en custodia',
  actsNote:
    'Personas que sufrieron al menos un acto de cada tipo mientras estaban detenidas, según lo documentado. Solo personas que consintieron ser contadas; ninguna cifra baja de 5; nunca se nombra a nadie, ni víctima ni responsable.',
  actsBy: 'Agrupar por',
  actsDimensions: { kind: 'Tipo de acto', facility: 'Centro de reclusión', agency: 'Cuerpo responsable (según lo reportado)', month: 'Mes en que comenzó' },
  actsPersons: 'Personas',
  actsPooled: 'Grupos pequeños, sumados',
  actsNotRecorded: 'No consta',
  actsWhereaboutsUnknown: 'Paradero desconocido',
  actsOtherAgency: 'Otro cuerpo',
  actsEmpty: 'Aún no hay casos suficientes para mostrar sin señalar a nadie.',
  actsTotal: (persons: string) => `Personas distintas en total: ${persons}. Una persona que sufrió varios tipos de acto cuenta en cada fila.`,
  fewerThan5: 'menos de 5',
  downloads: 'Datos abiertos',
  downloadClaims: 'Cifras declaradas (CSV)',
  downloadPersons: 'Lista pública (CSV)',
  apiDocs: 'La API y su documentación',
  logCheckpoint: 'Registro público verificable: último punto de control firmado',
  logKey: 'su clave',
  logPublications: 'lo publicado en él',
  methodologyTitle: 'Metodología: cómo cuenta Recuento',
  notFoundTitle: 'Página no encontrada',
  notFound: 'Esa dirección no existe en Recuento.',
  backHome: 'Volver a las cifras',
  metrics: {
    released: 'Excarcelaciones',
    held: 'Presos políticos detenidos',
    held_foreigners: 'Extranjeros detenidos',
    under_judicial_measures: 'Personas bajo medidas cautelares',
    arrested_post_election_2024: 'Detenidos tras la elección de 2024',
    pardoned: 'Indultados',
    amnesty_applications: 'Solicitudes de amnistía',
    measures_lifted: 'Medidas levantadas',
    excluded_under_review: 'Excluidos en revisión',
  } as Record<string, string>,
  metricNouns: {
    released: 'excarcelaciones',
    held: 'presos políticos detenidos',
    held_foreigners: 'extranjeros detenidos',
    under_judicial_measures: 'personas bajo medidas cautelares',
    arrested_post_election_2024: 'detenidos tras la elección de 2024',
    pardoned: 'indultados',
    amnesty_applications: 'solicitudes de amnistía',
    measures_lifted: 'medidas levantadas',
    excluded_under_review: 'casos excluidos en revisión',
  } as Record<string, string>,
  metricDefinitions: {
    released:
      'Personas excarceladas (con o sin medidas) en el período que cada parte dice contar. Es una cifra acumulada: solo se compara con otra contada desde el mismo día.',
    held: 'Presos políticos detenidos en la fecha de la cifra (una foto de ese día).',
    held_foreigners: 'Presos políticos de nacionalidad extranjera detenidos en la fecha de la cifra.',
    under_judicial_measures: 'Personas sometidas a medidas cautelares (presentaciones, prohibición de salida, arresto domiciliario) en la fecha de la cifra.',
    arrested_post_election_2024: 'Personas detenidas en las protestas tras la elección presidencial de julio de 2024.',
    pardoned: 'Personas indultadas por decreto.',
    amnesty_applications: 'Solicitudes presentadas bajo la ley de amnistía de 2026.',
    measures_lifted: 'Personas a quienes se levantaron las medidas cautelares bajo la ley de amnistía.',
    excluded_under_review: 'Casos excluidos de la amnistía y sometidos a revisión.',
  } as Record<string, string>,
  qualifiers: {
    exact: (v: string) => v,
    at_least: (v: string) => `al menos ${v}`,
    more_than: (v: string) => `más de ${v}`,
    about: (v: string) => `aproximadamente ${v}`,
    range: (v: string, high: string) => `entre ${v} y ${high}`,
  } as Record<string, (value: string, high: string) => string>,
  kinds: {
    government: 'Gobierno',
    ngo: 'ONG',
    opposition: 'Oposición',
    press: 'Prensa',
    international: 'Organismo internacional',
    registry: 'Registro',
  } as Record<string, string>,
  claimants: {
    'Government of Venezuela': 'el Gobierno de Venezuela',
    'Rights groups': 'las organizaciones de derechos humanos',
    'Defenders of the imprisoned': 'los defensores de los presos',
    'Defence NGOs': 'las ONG de defensa',
    'Official figures': 'las cifras oficiales',
    'Official figures (as reported)': 'las cifras oficiales (según la prensa)',
    'Press report': 'la prensa',
    'Spanish-language press': 'la prensa en español',
  } as Record<string, string>,
  statuses: { ...STATUS_LABELS.es, _small_cells: 'Grupos de menos de 5, juntos' } as Record<string, string>,
  levels: LEVEL_LABELS.es as Record<string, string>,
};

export type Words = typeof es;

const en: Words = {
  siteName: 'Recuento',
  tagline: 'The counts of political prisoners and releases that each party publishes, side by side, each with its source and its definition.',
  demoBanner:
    'Demo: the claimed figures are real and cited (January–February 2026); the persons in the registry are synthetic, generated to exercise the system. None of them is a real person.',
  otherLanguage: 'Español',
  otherLanguageLabel: 'Leer esta página en español',
  skip: 'Skip to the content',
  nav: { home: 'Figures', list: 'Public list', facilities: 'Facilities', methodology: 'Methodology', openData: 'Open data', staff: 'Staff' },
  navLabel: 'Sections',
  reflects: (size: number, root: string, when: string) =>
    `The figures on this page are computed from the registry when it is asked for. What is published stays in the verifiable public log: its latest signed checkpoint has ${size} entries (root ${root}…, signed on ${when}).`,
  noCheckpoint: 'The verifiable public log has no publications yet.',
  howToVerify: 'How to verify it',
  footerNote: 'Recuento uses no cookies and no analytics, and asks nothing of third parties.',
  metricChooser: 'What is counted',
  chartTitle: (metric: string) => `${metric}: claimed figures over time`,
  chartDescription: 'Each dot is a figure a party published; the vertical lines mark key dates. The table below holds every figure with its source.',
  chartEmpty: 'No claimed figures of this kind.',
  gapsTitle: 'The gaps, comparing like with like',
  gapsNote: `Only figures of different parties that count the same thing are compared: the same measure, over the same period, on the same basis, true on dates at most ${COMPARABLE_DAYS} days apart. Figures that count different things (releases since December against releases under the amnesty law) are not subtracted.`,
  gapsNone: 'No two figures of this measure count the same thing at close dates: no gap is computed.',
  since: (date: string) => `since ${date}`,
  underLaw: 'under the amnesty law',
  difference: (n: string, open: boolean) => `Difference: ${open ? 'at least ' : ''}${n}.`,
  agree: 'The two figures agree (one falls within the other’s range).',
  compatible: 'Both figures can be true at once: “at least” and “more than” set no maximum.',
  gapSentence: (o) =>
    `On ${o.date}, according to ${o.who}: ${o.value} ${o.what}${o.period ? ` ${o.period}` : ''}; ${o.otherDate ? `on ${o.otherDate}, ` : ''}according to ${o.otherWho}: ${o.otherValue}.`,
  keyDatesTitle: 'Key dates',
  tableTitle: 'Every figure, with its source',
  tableCaption: (metric: string) => `${metric}: every claimed figure, in date order`,
  date: 'Date',
  claimant: 'Who says so',
  value: 'Figure',
  period: 'Period counted',
  source: 'Source',
  showSource: 'Show source',
  scopeAsReported: 'What it counts, as reported',
  reportedBy: 'Reported by',
  published: 'Published on',
  approximate: 'approximate date',
  periodUnknown: 'not stated',
  registrySeries: 'Recuento registry',
  registryTitle: 'What the registry says today',
  registryNote:
    'Persons who consented to be counted publicly, by current status and by the verification level of the fact that sets it. No public figure is below 5: statuses with fewer persons are added up together, so as to point at no one.',
  registrySynthetic: 'Includes synthetic demo persons.',
  registryEmpty: 'The registry counts no one publicly yet.',
  registryCaption: 'Persons by current status and by verification level',
  actsCaption: (by: string) => `Persons who suffered each kind of act, by ${by.toLowerCase()}`,
  status: 'Status',
  total: 'Total',
  definition: 'Definition',
  actsTitle: 'Violations in custody',
  actsNote:
    'Persons who suffered at least one act of each kind while held, as documented. Only persons who consented to be counted; no number below 5; nobody is ever named, neither victim nor perpetrator.',
  actsBy: 'Group by',
  actsDimensions: { kind: 'Kind of act', facility: 'Place of detention', agency: 'Responsible agency (as reported)', month: 'Month it began' },
  actsPersons: 'Persons',
  actsPooled: 'Small groups, pooled',
  actsNotRecorded: 'Not recorded',
  actsWhereaboutsUnknown: 'Whereabouts unknown',
  actsOtherAgency: 'Other agency',
  actsEmpty: 'Not yet enough cases to show without singling anyone out.',
  actsTotal: (persons: string) => `Distinct persons in all: ${persons}. A person who suffered several kinds of act counts in each row.`,
  fewerThan5: 'fewer than 5',
  downloads: 'Open data',
  downloadClaims: 'Claimed figures (CSV)',
  downloadPersons: 'Public list (CSV)',
  apiDocs: 'The API and its documentation',
  logCheckpoint: 'Verifiable public log: latest signed checkpoint',
  logKey: 'its key',
  logPublications: 'what was published in it',
  methodologyTitle: 'Methodology: how Recuento counts',
  notFoundTitle: 'Page not found',
  notFound: 'That address does not exist on Recuento.',
  backHome: 'Back to the figures',
  metrics: {
    released: 'Releases',
    held: 'Political prisoners held',
    held_foreigners: 'Foreigners held',
    under_judicial_measures: 'Persons under precautionary measures',
    arrested_post_election_2024: 'Arrested after the 2024 election',
    pardoned: 'Pardoned',
    amnesty_applications: 'Amnesty applications',
    measures_lifted: 'Measures lifted',
    excluded_under_review: 'Excluded, under review',
  },
  metricNouns: {
    released: 'releases',
    held: 'political prisoners held',
    held_foreigners: 'foreigners held',
    under_judicial_measures: 'persons under precautionary measures',
    arrested_post_election_2024: 'arrested after the 2024 election',
    pardoned: 'pardoned',
    amnesty_applications: 'amnesty applications',
    measures_lifted: 'measures lifted',
    excluded_under_review: 'excluded cases under review',
  },
  metricDefinitions: {
    released:
      'Persons released (with or without measures) over the period each party says it counts. A cumulative figure: it is compared only with another counted from the same day.',
    held: 'Political prisoners held on the figure’s date (a snapshot of that day).',
    held_foreigners: 'Political prisoners of foreign nationality held on the figure’s date.',
    under_judicial_measures: 'Persons under precautionary measures (reporting to a court, travel bans, house arrest) on the figure’s date.',
    arrested_post_election_2024: 'Persons arrested in the protests after the presidential election of July 2024.',
    pardoned: 'Persons pardoned by decree.',
    amnesty_applications: 'Applications filed under the 2026 amnesty law.',
    measures_lifted: 'Persons whose precautionary measures were lifted under the amnesty law.',
    excluded_under_review: 'Cases excluded from the amnesty and submitted for review.',
  },
  qualifiers: {
    exact: (v: string) => v,
    at_least: (v: string) => `at least ${v}`,
    more_than: (v: string) => `more than ${v}`,
    about: (v: string) => `about ${v}`,
    range: (v: string, high: string) => `between ${v} and ${high}`,
  },
  kinds: { government: 'Government', ngo: 'NGO', opposition: 'Opposition', press: 'Press', international: 'International body', registry: 'Registry' },
  claimants: {
    'Government of Venezuela': 'the Government of Venezuela',
    'Rights groups': 'rights groups',
    'Defenders of the imprisoned': 'defenders of the imprisoned',
    'Defence NGOs': 'defence NGOs',
    'Official figures': 'official figures',
    'Official figures (as reported)': 'official figures (as reported)',
    'Press report': 'the press',
    'Spanish-language press': 'the Spanish-language press',
  },
  statuses: { ...STATUS_LABELS.en, _small_cells: 'Groups of fewer than 5, together' },
  levels: LEVEL_LABELS.en,
};

export const WORDS: Record<Lang, Words> = { es, en };

/** A claimant's name in the reader's language: a known party translated (its parenthesis kept), any other as written. */
export function claimantName(words: Words, claimant: string, { capital = false } = {}): string {
  const match = /^(.*?)(\s*\([^)]*\))?$/.exec(claimant);
  const base = match?.[1] ?? claimant;
  const whole = words.claimants[claimant];
  const named = words.claimants[base];
  const name = whole ?? (named ? `${named}${match?.[2] ?? ''}` : claimant);
  return capital ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}
