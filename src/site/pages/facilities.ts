/**
 * Facilities: the list with the persons held in each now (facilities under 5 pooled), and one
 * facility's page — its status history with sources, persons held by month (rounded to 5, a
 * month from 1 to 4 withheld), and for a facility whose closure was announced, where its people
 * went, unknowns first (outcomes under 5 pooled). Counts only: no person is ever listed here.
 */
import { CLOSURE_OUTCOMES } from '../../domain/facilities/stays.js';
import { CLOSURE_OUTCOME_LABELS, FACILITY_KIND_LABELS, FACILITY_STATUS_CHANGE_LABELS, FACILITY_STATUS_LABELS } from '../../shared/vocabulary-labels.js';
import type { FacilityPage, PublicFacilityRow, SiteFrame } from '../../usecases/public-site.js';
import { populationChart } from '../chart.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import type { Lang } from '../words.js';
import { preciseDate } from './person.js';

const TEXT = {
  es: {
    title: 'Centros de reclusión',
    intro:
      'Cada centro con las personas detenidas allí hoy, según el registro (personas que consintieron ser contadas). Los centros con menos de 5 se suman juntos, para no señalar a nadie.',
    name: 'Centro',
    kind: 'Tipo',
    state: 'Estado',
    status: 'Situación del centro',
    held: 'Detenidas hoy',
    pooled: 'con otros centros pequeños',
    pooledRow: (n: string) => `Centros pequeños (menos de 5 personas, con el siguiente más pequeño si hace falta), juntos: ${n}.`,
    none: '—',
    history: 'Historia del centro',
    noHistory: 'Sin cambios registrados.',
    population: 'Personas detenidas, por mes',
    populationNote:
      'Personas detenidas allí el último día de cada mes, según las líneas de tiempo del registro; redondeado a múltiplos de 5, y sin mostrar los meses con 1 a 4 personas.',
    month: 'Mes',
    withheld: 'menos de 5',
    closure: 'Adónde fueron las personas',
    closureNote: (on: string, closed: string | null, total: string) =>
      `Cierre anunciado el ${on}${closed ? `; cerrado el ${closed}` : ''}. Había ${total} personas detenidas entonces. Primero lo que no se sabe.`,
    outcome: 'Qué se sabe',
    persons: 'Personas',
    pooledOutcomes: 'Otros resultados, juntos (para no mostrar cifras de 1 a 4)',
    source: 'fuente',
    back: 'Todos los centros',
    table: 'Ver la tabla',
  },
  en: {
    title: 'Places of detention',
    intro:
      'Each facility with the persons held there today, according to the registry (persons who consented to be counted). Facilities with fewer than 5 are added up together, so as to point at no one.',
    name: 'Facility',
    kind: 'Kind',
    state: 'State',
    status: 'Facility status',
    held: 'Held today',
    pooled: 'with other small facilities',
    pooledRow: (n: string) => `Small facilities (fewer than 5 persons, with the next smallest where needed), together: ${n}.`,
    none: '—',
    history: 'The facility’s history',
    noHistory: 'No changes recorded.',
    population: 'Persons held, by month',
    populationNote:
      'Persons held there on the last day of each month, from the registry’s timelines; rounded to multiples of 5, and months with 1 to 4 persons not shown.',
    month: 'Month',
    withheld: 'fewer than 5',
    closure: 'Where the people went',
    closureNote: (on: string, closed: string | null, total: string) =>
      `Closure announced on ${on}${closed ? `; closed on ${closed}` : ''}. ${total} persons were held then. What is not known comes first.`,
    outcome: 'What is known',
    persons: 'Persons',
    pooledOutcomes: 'Other outcomes, together (so as to show no number from 1 to 4)',
    source: 'source',
    back: 'All facilities',
    table: 'Show the table',
  },
} as const;

export function facilitiesPage(lang: Lang, frame: SiteFrame, data: { facilities: PublicFacilityRow[]; pooled: number | null }): string {
  const t = TEXT[lang];
  const number = new Intl.NumberFormat(lang);
  const body = html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<div class="table-wrap" tabindex="0"><table data-testid="facilities-table">
<caption>${t.title}</caption>
<thead><tr><th scope="col">${t.name}</th><th scope="col">${t.kind}</th><th scope="col">${t.state}</th><th scope="col">${t.status}</th><th scope="col" class="num">${t.held}</th></tr></thead>
<tbody>${data.facilities.map(
    (f) =>
      html`<tr><th scope="row"><a href="${pathOf(lang, 'facility', '', f.code)}">${f.name}</a></th><td>${FACILITY_KIND_LABELS[lang][f.kind]}</td><td>${f.state ?? ''}</td><td>${FACILITY_STATUS_LABELS[lang][f.status]}${f.statusSince ? html` <small>(${preciseDate(lang, f.statusSince, 'day')})</small>` : ''}</td><td class="num">${f.heldNow !== null ? number.format(f.heldNow) : f.pooled ? html`<small>${t.pooled}</small>` : t.none}</td></tr>`,
  )}</tbody></table></div>
${data.pooled !== null ? html`<p class="hint">${t.pooledRow(number.format(data.pooled))}</p>` : ''}`;
  return page({ lang, name: 'facilities', title: t.title, frame, body });
}

export function facilityPage(lang: Lang, frame: SiteFrame, data: FacilityPage): string {
  const t = TEXT[lang];
  const number = new Intl.NumberFormat(lang);
  const f = data.facility;
  const month = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const closure = data.closure;
  const outcomeOrder = (o: string | null) => (o === null ? CLOSURE_OUTCOMES.length : CLOSURE_OUTCOMES.indexOf(o as (typeof CLOSURE_OUTCOMES)[number]));
  const body: Html = html`<p><a href="${pathOf(lang, 'facilities')}">${t.back}</a></p>
<h1>${f.name}</h1>
<dl class="facts">
<dt>${t.kind}</dt><dd>${FACILITY_KIND_LABELS[lang][f.kind]}${f.agency ? ` (${f.agency})` : ''}</dd>
${f.state ? html`<dt>${t.state}</dt><dd>${f.state}</dd>` : ''}
<dt>${t.status}</dt><dd data-testid="facility-status">${FACILITY_STATUS_LABELS[lang][f.status]}${f.statusSince ? ` (${preciseDate(lang, f.statusSince, 'day')})` : ''}</dd>
</dl>
${
  closure
    ? html`<section aria-labelledby="closure-title"><h2 id="closure-title">${t.closure}</h2>
<p>${t.closureNote(preciseDate(lang, closure.announcedOn, 'day'), closure.closedOn ? preciseDate(lang, closure.closedOn, 'day') : null, closure.total === null ? t.withheld : number.format(closure.total))}</p>
<div class="table-wrap" tabindex="0"><table data-testid="closure-table"><caption>${t.closure}</caption>
<thead><tr><th scope="col">${t.outcome}</th><th scope="col" class="num">${t.persons}</th></tr></thead>
<tbody>${[...closure.counts]
        .sort((a, b) => outcomeOrder(a.outcome) - outcomeOrder(b.outcome))
        .map(
          (c) =>
            html`<tr><th scope="row">${c.outcome === null || c.outcome === '_small_cells' ? t.pooledOutcomes : (CLOSURE_OUTCOME_LABELS[lang][c.outcome as (typeof CLOSURE_OUTCOMES)[number]] ?? c.outcome)}</th><td class="num">${number.format(c.count)}</td></tr>`,
        )}</tbody></table></div></section>`
    : ''
}
<h2 id="population-title">${t.population}</h2>
<figure><div class="chart-scroll" tabindex="0" role="group" aria-labelledby="population-title">${populationChart({ points: data.population.points, lang, titleId: 'population-title', withheldLabel: t.withheld })}</div><figcaption class="hint">${t.populationNote}</figcaption></figure>
<details><summary>${t.table}</summary><div class="table-wrap" tabindex="0"><table data-testid="population-table"><caption>${t.population}</caption>
<thead><tr><th scope="col">${t.month}</th><th scope="col" class="num">${t.held}</th></tr></thead>
<tbody>${data.population.points.map(
    (p) =>
      html`<tr><th scope="row">${month.format(new Date(`${p.period.slice(0, 7)}-01T00:00:00Z`))}</th><td class="num">${p.held === null ? html`<small>${t.withheld}</small>` : number.format(p.held)}</td></tr>`,
  )}</tbody></table></div></details>
<h2>${t.history}</h2>
${
  data.history.length === 0
    ? html`<p>${t.noHistory}</p>`
    : html`<ol class="timeline">${data.history.map(
        (h) =>
          html`<li><strong>${preciseDate(lang, h.on, 'day')}</strong>: ${FACILITY_STATUS_CHANGE_LABELS[lang][h.status]}${h.citation ? html` <small lang="en">(${h.citation})</small>` : ''}${h.url && /^https?:\/\//.test(h.url) ? html` <a href="${h.url}" rel="noreferrer noopener">${t.source}</a>` : ''}</li>`,
      )}</ol>`
}`;
  return page({ lang, name: 'facility', title: f.name, frame, body, id: f.code });
}
