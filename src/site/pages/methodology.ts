/**
 * How Recuento counts, for readers: every metric and status defined, the verification levels,
 * consent, the small-cell rule, when two claims are compared, and how to check the numbers
 * against the signed log without trusting this server.
 */
import { COMPARABLE_DAYS, SAME_START_DAYS } from '../../domain/claims/gaps.js';
import { CLAIM_METRICS, PERSON_STATUSES } from '../../domain/registry/vocabulary.js';
import type { SiteFrame } from '../../usecases/public-site.js';
import { proveReceiptCommands, verifyLogCommands } from '../commands.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { type Lang, WORDS } from '../words.js';

const TEXT = {
  es: {
    intro:
      'Recuento guarda dos cosas distintas: las cifras que cada parte publicó (con su fuente), y un registro propio de personas, cada hecho con su nivel de verificación. Esta página define cada número que el sitio muestra.',
    metricsTitle: 'Las cifras declaradas',
    metricsNote:
      'Cada cifra se muestra como se publicó: «más de 600» no se convierte en 600, y un rango queda como rango. Se guarda quién la dijo, cuándo era cierta, dónde se informó, y qué dice contar.',
    compareTitle: 'Cuándo se comparan dos cifras',
    compare: (days: number, start: number) =>
      `Dos cifras se comparan —y su diferencia se llama brecha— solo si cuentan lo mismo: la misma medida, con el mismo fundamento (por ejemplo, solo excarcelaciones por la ley de amnistía), dichas por partes distintas, con no más de ${days} días entre sus fechas. Una cifra acumulada (excarcelaciones) se compara solo con otra contada desde el mismo día (con no más de ${start} días de diferencia): «desde diciembre de 2025» no se resta de «desde el 3 de enero». El período y el fundamento se leen de las propias palabras de cada cifra; si no lo dicen, la cifra se muestra pero no se compara. Cuando una cifra es un rango, la brecha es la distancia hasta el rango (cero si la otra cae dentro).`,
    statusTitle: 'La situación de cada persona',
    statusNote:
      'La situación se deriva de la línea de tiempo de la persona (detención, traslado, excarcelación, nueva detención…): el último hecho que la fija manda.',
    statuses: {
      detained: 'Bajo custodia del Estado, en un centro conocido.',
      disappeared: 'Detenida, sin que se sepa dónde (desaparición).',
      house_arrest: 'Excarcelada a arresto domiciliario.',
      released_with_measures: 'Excarcelada con medidas cautelares (presentaciones, prohibición de salir del país o de declarar).',
      released: 'En libertad plena, sin medidas.',
      exiled: 'Fuera del país tras la excarcelación o para evitar la detención.',
      died_in_custody: 'Murió bajo custodia del Estado.',
      unknown: 'Aún sin hechos registrados.',
    } as Record<string, string>,
    levelsTitle: 'Niveles de verificación',
    levels: {
      reported: 'Una fuente lo informa.',
      corroborated: 'Dos fuentes independientes lo informan.',
      verified: 'Dos verificadores distintos revisaron la evidencia y lo confirmaron (cuatro ojos: nadie confirma dos veces).',
      disputed: 'Un verificador lo cuestionó con evidencia; queda pendiente.',
      refuted: 'La evidencia lo contradice; no se cuenta como cierto.',
    } as Record<string, string>,
    consentTitle: 'Consentimiento y privacidad',
    consent:
      'Cada persona (o su familia) decide: pública (aparece por nombre en la lista pública), solo en cifras (cuenta en todo número, nunca aparece por nombre), o privada (no sale de la organización). Las cifras públicas incluyen a las públicas y a las de solo cifras.',
    smallTitle: 'Celdas pequeñas',
    small:
      'Ninguna cifra pública baja de 5: las categorías con menos personas se suman juntas (con la siguiente más pequeña, para que ninguna se deduzca por resta), y los meses con menos de 5 se suman al siguiente. Así ningún número señala a una persona.',
    verifyTitle: 'Cómo verificar lo publicado',
    verify:
      'Las listas, las cifras y los resultados que Recuento publica entran en un registro de transparencia firmado y de solo añadidura: cualquiera puede comprobar, sin cuenta y sin confiar en este servidor, que nada se cambió ni se borró después. El pie de cada página dice qué punto de control firmado refleja. Con la línea de órdenes:',
  },
  en: {
    intro:
      'Recuento keeps two different things: the figures each party published (with their source), and a registry of its own of persons, each fact with its verification level. This page defines every number the site shows.',
    metricsTitle: 'The claimed figures',
    metricsNote:
      'Each figure is shown as it was published: "more than 600" does not become 600, and a range stays a range. Kept with it: who said it, when it was true, where it was reported, and what it says it counts.',
    compareTitle: 'When two figures are compared',
    compare: (days: number, start: number) =>
      `Two figures are compared — and their difference called a gap — only when they count the same thing: the same measure, on the same basis (for instance, only releases under the amnesty law), said by different parties, at most ${days} days apart. A cumulative figure (releases) is compared only with another counted from the same day (at most ${start} days apart): "since December 2025" is not subtracted from "since 3 January". The period and basis are read from each figure's own words; where they do not say, the figure is shown but not compared. When a figure is a range, the gap is the distance to the range (zero if the other falls within it).`,
    statusTitle: 'Each person’s status',
    statusNote: 'The status is derived from the person’s timeline (detention, transfer, release, re-arrest…): the last fact that sets it decides.',
    statuses: {
      detained: 'In state custody, in a known facility.',
      disappeared: 'Detained, with nobody knowing where (disappearance).',
      house_arrest: 'Released to house arrest.',
      released_with_measures: 'Released with precautionary measures (reporting to a court, bans on travel or on speaking).',
      released: 'Fully free, without measures.',
      exiled: 'Abroad after release or to avoid detention.',
      died_in_custody: 'Died in state custody.',
      unknown: 'No facts recorded yet.',
    },
    levelsTitle: 'Verification levels',
    levels: {
      reported: 'One source reports it.',
      corroborated: 'Two independent sources report it.',
      verified: 'Two different verifiers reviewed the evidence and confirmed it (four eyes: nobody confirms twice).',
      disputed: 'A verifier questioned it with evidence; pending.',
      refuted: 'The evidence contradicts it; not counted as true.',
    },
    consentTitle: 'Consent and privacy',
    consent:
      'Each person (or their family) decides: public (named in the public list), counts only (counted in every number, never named), or private (never leaves the organisation). Public figures include the public and the counts-only.',
    smallTitle: 'Small cells',
    small:
      'No public figure is below 5: categories with fewer persons are added up together (with the next smallest, so none can be worked out by subtraction), and months with fewer than 5 are added to the next. So no number points at a person.',
    verifyTitle: 'How to verify what is published',
    verify:
      'The lists, counts and results Recuento publishes go into a signed, append-only transparency log: anyone can check, with no account and without trusting this server, that nothing was changed or removed afterwards. Each page’s footer says which signed checkpoint it reflects. On the command line:',
  },
} as const;

export function methodologyPage(lang: Lang, frame: SiteFrame): string {
  const w = WORDS[lang];
  const t = TEXT[lang];
  const body = html`
<h1>${w.methodologyTitle}</h1>
<p>${t.intro}</p>
<h2 id="cifras">${t.metricsTitle}</h2>
<p>${t.metricsNote}</p>
<dl class="definitions">${CLAIM_METRICS.map((m) => html`<dt id="metrica-${m}">${w.metrics[m]}</dt><dd>${w.metricDefinitions[m]}</dd>`)}</dl>
<h2 id="comparar">${t.compareTitle}</h2>
<p>${t.compare(COMPARABLE_DAYS, SAME_START_DAYS)}</p>
<h2 id="situacion">${t.statusTitle}</h2>
<p>${t.statusNote}</p>
<dl class="definitions">${PERSON_STATUSES.map((s) => html`<dt>${w.statuses[s]}</dt><dd>${t.statuses[s] ?? ''}</dd>`)}</dl>
<h2 id="niveles">${t.levelsTitle}</h2>
<dl class="definitions">${(['verified', 'corroborated', 'reported', 'disputed', 'refuted'] as const).map((l) => html`<dt>${w.levels[l]}</dt><dd>${t.levels[l]}</dd>`)}</dl>
<h2 id="consentimiento">${t.consentTitle}</h2>
<p>${t.consent}</p>
<h2 id="celdas">${t.smallTitle}</h2>
<p>${t.small}</p>
<h2 id="verificar">${t.verifyTitle}</h2>
<p>${t.verify}</p>
${verifyLogCommands(lang, frame.site)}
${proveReceiptCommands(lang, frame.site)}
<p><a href="/api/log/checkpoint">${w.logCheckpoint}</a> · <a href="/api/log/key">${w.logKey}</a> · <a href="/api/log/publications">${w.logPublications}</a></p>`;
  return page({ lang, name: 'methodology', title: w.methodologyTitle, frame, body });
}
