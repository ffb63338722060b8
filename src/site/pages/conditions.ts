/**
 * Conditions and re-arrests: how many live under each precautionary measure, month by month;
 * presentations due per week; how long people have been under measures; and the re-arrest rate
 * after release with its definition — every number from 1 to 4 withheld, no court and no person named.
 */
import { MEASURE_KINDS } from '../../domain/registry/vocabulary.js';
import { MEASURE_KIND_LABELS } from '../../shared/vocabulary-labels.js';
import type { PublicConditionCounts } from '../../usecases/conditions.js';
import type { SiteFrame } from '../../usecases/public-site.js';
import type { PublicRearrestFigures } from '../../usecases/rearrests.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import type { Lang } from '../words.js';

const TEXT = {
  es: {
    title: 'Medidas cautelares y nuevas detenciones',
    intro:
      'La mayoría de las excarcelaciones fueron condicionales: presentarse ante un tribunal cada tantos días, no salir del país, no hablar con la prensa, arresto domiciliario. Aquí, cuántas personas viven bajo cada medida y cuántas fueron detenidas de nuevo. Solo personas que consintieron ser contadas. «Oculto»: una cifra de 1 a 4, u otra que la dejaría deducir por resta.',
    underTitle: 'Personas bajo cada medida, mes a mes',
    month: 'Mes',
    any: 'Bajo alguna medida',
    due: 'Presentaciones debidas',
    missed: 'No cumplidas',
    weekTitle: 'Presentaciones debidas por semana (todos los tribunales)',
    week: 'Semana que empieza el',
    durationTitle: 'Cuánto tiempo llevan bajo medidas (personas bajo alguna hoy)',
    days: 'Días',
    persons: 'Personas',
    rearrestTitle: 'Nuevas detenciones después de la excarcelación',
    definition: 'Definición',
    window: (n: number) => `En ${n} días`,
    releases: 'Excarcelaciones contadas',
    rearrested: 'Detenidas de nuevo',
    rate: 'Tasa',
    overall: 'Todas las excarcelaciones',
    byWave: 'Por ola de excarcelaciones',
    byMeasure: 'Por medida impuesta al excarcelar',
    waves: { before_2026: 'Antes de 2026', jan_2026_announced: 'Desde el anuncio del 8 de enero', amnesty_law: 'Con la ley de amnistía en vigor' } as Record<
      string,
      string
    >,
    noMeasure: 'Sin medidas',
    withheld: 'oculto',
    quartiles: (q1: number, median: number, q3: number) => `Mediana de días hasta la nueva detención: ${median} (la mitad, entre ${q1} y ${q3}).`,
    totals: (releases: string, rearrests: string) => `Excarcelaciones en el registro: ${releases}; nuevas detenciones: ${rearrests}.`,
  },
  en: {
    title: 'Precautionary measures and re-arrests',
    intro:
      'Most releases were conditional: reporting to a court every so many days, a travel ban, a ban on speaking to the press, house arrest. Here, how many people live under each measure and how many were taken back into custody. Only persons who consented to be counted. “Withheld”: a number from 1 to 4, or one that would give it away by subtraction.',
    underTitle: 'Persons under each measure, month by month',
    month: 'Month',
    any: 'Under any measure',
    due: 'Presentations due',
    missed: 'Missed',
    weekTitle: 'Presentations due per week (all courts)',
    week: 'Week starting',
    durationTitle: 'How long they have been under measures (persons under any today)',
    days: 'Days',
    persons: 'Persons',
    rearrestTitle: 'Re-arrests after release',
    definition: 'Definition',
    window: (n: number) => `Within ${n} days`,
    releases: 'Releases counted',
    rearrested: 'Taken back',
    rate: 'Rate',
    overall: 'All releases',
    byWave: 'By release wave',
    byMeasure: 'By measure imposed at release',
    waves: { before_2026: 'Before 2026', jan_2026_announced: 'Since the announcement of 8 January', amnesty_law: 'With the amnesty law in force' } as Record<
      string,
      string
    >,
    noMeasure: 'No measure',
    withheld: 'withheld',
    quartiles: (q1: number, median: number, q3: number) => `Median days until re-arrest: ${median} (half of them between ${q1} and ${q3}).`,
    totals: (releases: string, rearrests: string) => `Releases in the registry: ${releases}; re-arrests: ${rearrests}.`,
  },
} as const;

export function conditionsPage(lang: Lang, frame: SiteFrame, data: { counts: PublicConditionCounts; rearrests: PublicRearrestFigures }): string {
  const t = TEXT[lang];
  const number = new Intl.NumberFormat(lang);
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const monthName = new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  const n = (value: number | null): Html | string => (value === null ? html`<small>${t.withheld}</small>` : number.format(value));
  const measureName = (kind: string) => MEASURE_KIND_LABELS[lang][kind as (typeof MEASURE_KINDS)[number]] ?? (kind === 'none' ? t.noMeasure : kind);
  const { counts, rearrests } = data;
  const windows = rearrests.overall.map((r) => r.window);
  const rateCells = (rates: readonly { releases: number | null; rearrested: number | null; rate: number | null }[]) =>
    rates.map(
      (r) =>
        html`<td class="num">${r.rate === null ? html`<small>${t.withheld}</small>` : html`${percent.format(r.rate)} <small>(${n(r.rearrested)} / ${n(r.releases)})</small>`}</td>`,
    );
  const rateTable = (
    caption: string,
    groups: readonly { label: string; rates: readonly { releases: number | null; rearrested: number | null; rate: number | null }[] }[],
    testid: string,
  ) =>
    html`<div class="table-wrap" tabindex="0"><table data-testid="${testid}"><caption>${caption}</caption>
<thead><tr><th scope="col">${t.rate}</th>${windows.map((w) => html`<th scope="col" class="num">${t.window(w)}</th>`)}</tr></thead>
<tbody>${groups.map((g) => html`<tr><th scope="row">${g.label}</th>${rateCells(g.rates)}</tr>`)}</tbody></table></div>`;
  const body = html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<h2 id="bajo-medidas">${t.underTitle}</h2>
<div class="table-wrap" tabindex="0"><table data-testid="under-measures"><caption>${t.underTitle}</caption>
<thead><tr><th scope="col">${t.month}</th><th scope="col" class="num">${t.any}</th>${MEASURE_KINDS.map((k) => html`<th scope="col" class="num">${measureName(k)}</th>`)}<th scope="col" class="num">${t.due}</th><th scope="col" class="num">${t.missed}</th></tr></thead>
<tbody>${counts.months.map(
    (m) =>
      html`<tr><th scope="row">${monthName.format(new Date(`${m.month}-01T00:00:00Z`))}</th><td class="num">${n(m.underAny)}</td>${MEASURE_KINDS.map((k) => html`<td class="num">${n(m.underByKind[k] ?? null)}</td>`)}<td class="num">${n(m.due)}</td><td class="num">${n(m.missed)}</td></tr>`,
  )}</tbody></table></div>
<h2>${t.weekTitle}</h2>
<div class="table-wrap" tabindex="0"><table data-testid="due-by-week"><caption>${t.weekTitle}</caption>
<thead><tr><th scope="col">${t.week}</th><th scope="col" class="num">${t.due}</th></tr></thead>
<tbody>${counts.dueByWeek.map((w) => html`<tr><th scope="row">${day.format(new Date(`${w.week}T00:00:00Z`))}</th><td class="num">${n(w.due)}</td></tr>`)}</tbody></table></div>
<h2>${t.durationTitle}</h2>
<div class="table-wrap" tabindex="0"><table data-testid="time-under-measures"><caption>${t.durationTitle}</caption>
<thead><tr><th scope="col">${t.days}</th><th scope="col" class="num">${t.persons}</th></tr></thead>
<tbody>${counts.timeUnderMeasures.map((b) => html`<tr><th scope="row">${b.key}</th><td class="num">${n(b.persons)}</td></tr>`)}</tbody></table></div>
<h2 id="nuevas-detenciones">${t.rearrestTitle}</h2>
<p>${t.totals(rearrests.releases === null ? t.withheld : number.format(rearrests.releases), rearrests.rearrests === null ? t.withheld : number.format(rearrests.rearrests))}</p>
<details open><summary>${t.definition}</summary><p data-testid="rearrest-definition">${rearrests.definition[lang]}</p></details>
${rateTable(t.overall, [{ label: t.overall, rates: rearrests.overall }], 'rearrests-overall')}
${rateTable(
  t.byWave,
  rearrests.byWave.map((g) => ({ label: t.waves[g.key] ?? g.key, rates: g.rates })),
  'rearrests-by-wave',
)}
${rateTable(
  t.byMeasure,
  rearrests.byMeasure.map((g) => ({ label: measureName(g.key), rates: g.rates })),
  'rearrests-by-measure',
)}
${rearrests.delay.quartiles ? html`<p>${t.quartiles(rearrests.delay.quartiles.q1, rearrests.delay.quartiles.median, rearrests.delay.quartiles.q3)}</p>` : ''}`;
  return page({ lang, name: 'conditions', title: t.title, frame, body });
}
