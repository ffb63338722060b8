/**
 * The public list: persons who consented to be named, searchable by name (accent- and case-blind;
 * sent in the body of a POST, so no name is ever in an address or a log) and filterable by status,
 * occupation and protest wave (vocabulary, in the address). Persons counted only in the numbers
 * appear nowhere here, whatever is searched.
 */
import { OCCUPATION_GROUPS, PERSON_STATUSES, PROTEST_WAVES } from '../../domain/registry/vocabulary.js';
import { OCCUPATION_LABELS, WAVE_LABELS } from '../../shared/vocabulary-labels.js';
import { PUBLIC_LIST_PAGE, type PublicListQuery, type PublicListRow, type SiteFrame } from '../../usecases/public-site.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import { type Lang, WORDS } from '../words.js';

const TEXT = {
  es: {
    title: 'Lista pública',
    intro: (n: string) =>
      `${n} personas consintieron (ellas o sus familias) en aparecer por su nombre. Quien pidió ser contado solo en las cifras cuenta en cada número del sitio, pero no aparece aquí ni en ninguna otra página.`,
    search: 'Buscar y filtrar',
    name: 'Nombre o apellido (sin importar tildes ni mayúsculas)',
    status: 'Situación',
    occupation: 'Ocupación',
    wave: 'Ola de protestas',
    any: 'Todas',
    submit: 'Buscar',
    clear: 'Quitar filtros',
    found: (n: string, from: string, to: string) => `${n} personas; se muestran de la ${from} a la ${to}.`,
    none: 'Ninguna persona de la lista pública coincide.',
    person: 'Persona',
    level: 'Nivel de verificación de su situación',
    previous: 'Anteriores',
    next: 'Siguientes',
    pageOf: (p: number, of: number) => `Página ${p} de ${of}`,
    synthetic: 'sintética',
    download: 'La lista completa como datos abiertos (CSV)',
  },
  en: {
    title: 'Public list',
    intro: (n: string) =>
      `${n} persons consented (they or their families) to be named. Whoever asked to be counted only in the figures counts in every number on this site, but appears neither here nor on any other page.`,
    search: 'Search and filter',
    name: 'Name or surname (accents and capitals do not matter)',
    status: 'Status',
    occupation: 'Occupation',
    wave: 'Protest wave',
    any: 'All',
    submit: 'Search',
    clear: 'Clear the filters',
    found: (n: string, from: string, to: string) => `${n} persons; showing ${from} to ${to}.`,
    none: 'Nobody on the public list matches.',
    person: 'Person',
    level: 'Verification level of their status',
    previous: 'Previous',
    next: 'Next',
    pageOf: (p: number, of: number) => `Page ${p} of ${of}`,
    synthetic: 'synthetic',
    download: 'The whole list as open data (CSV)',
  },
} as const;

/** The list's filters as they go in an address (never the name). */
export function listQueryString(q: Omit<PublicListQuery, 'q'>): string {
  const params = new URLSearchParams();
  if (q.status) params.set('situacion', q.status);
  if (q.occupationGroup) params.set('ocupacion', q.occupationGroup);
  if (q.protestWave) params.set('ola', q.protestWave);
  if (q.page > 1) params.set('pagina', String(q.page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function listPage(
  lang: Lang,
  frame: SiteFrame,
  query: PublicListQuery,
  data: { rows: PublicListRow[]; total: number; page: number; pages: number; everyone: number },
): string {
  const w = WORDS[lang];
  const t = TEXT[lang];
  const number = new Intl.NumberFormat(lang);
  const select = (name: string, label: string, values: readonly string[], labelOf: (v: string) => string, chosen: string | undefined): Html =>
    html`<label>${label}<select name="${name}"><option value="">${t.any}</option>${values.map(
      (v) => html`<option value="${v}"${v === chosen ? html` selected` : ''}>${labelOf(v)}</option>`,
    )}</select></label>`;
  const action = pathOf(lang, 'list');
  const filters = html`<form method="post" action="${action}" class="filters" role="search" aria-label="${t.search}">
<label>${t.name}<input type="search" name="nombre" value="${query.q ?? ''}" maxlength="100" autocomplete="off"></label>
${select('situacion', t.status, PERSON_STATUSES, (s) => w.statuses[s] ?? s, query.status)}
${select('ocupacion', t.occupation, OCCUPATION_GROUPS, (o) => OCCUPATION_LABELS[lang][o as keyof (typeof OCCUPATION_LABELS)['es']] ?? o, query.occupationGroup)}
${select('ola', t.wave, PROTEST_WAVES, (v) => WAVE_LABELS[lang][v as keyof (typeof WAVE_LABELS)['es']] ?? v, query.protestWave)}
<button type="submit">${t.submit}</button> <a href="${action}">${t.clear}</a>
</form>`;
  const first = (data.page - 1) * PUBLIC_LIST_PAGE + 1;
  const last = first + data.rows.length - 1;
  // with a name, paging is a form (the name stays in the body); without one, plain links
  const pager = (target: number, label: string, rel: string): Html =>
    query.q
      ? html`<form method="post" action="${action}" class="pager-form"><input type="hidden" name="nombre" value="${query.q}"><input type="hidden" name="situacion" value="${query.status ?? ''}"><input type="hidden" name="ocupacion" value="${query.occupationGroup ?? ''}"><input type="hidden" name="ola" value="${query.protestWave ?? ''}"><input type="hidden" name="pagina" value="${target}"><button type="submit">${label}</button></form>`
      : html`<a href="${action}${listQueryString({ ...query, page: target })}" rel="${rel}">${label}</a>`;
  const body = html`<h1>${t.title}</h1>
<p>${t.intro(number.format(data.everyone))}</p>
${filters}
${
  data.rows.length === 0
    ? html`<p role="status" data-testid="list-count">${t.none}</p>`
    : html`<p role="status" data-testid="list-count">${t.found(number.format(data.total), number.format(first), number.format(last))}</p>
<div class="table-wrap" tabindex="0"><table data-testid="public-list">
<thead><tr><th scope="col">${t.person}</th><th scope="col">${t.status}</th><th scope="col">${t.level}</th><th scope="col">${t.occupation}</th></tr></thead>
<tbody>${data.rows.map(
        (r) =>
          html`<tr><th scope="row"><a href="${pathOf(lang, 'person', '', r.id)}">${r.name}</a>${r.synthetic ? html` <small>(${t.synthetic})</small>` : ''}</th><td>${w.statuses[r.status] ?? r.status}</td><td>${w.levels[r.level] ?? r.level}</td><td>${r.occupationGroup ? (OCCUPATION_LABELS[lang][r.occupationGroup as keyof (typeof OCCUPATION_LABELS)['es']] ?? r.occupationGroup) : ''}</td></tr>`,
      )}</tbody></table></div>
<nav class="pager" aria-label="${t.pageOf(data.page, data.pages)}"><span>${t.pageOf(data.page, data.pages)}</span>${data.page > 1 ? pager(data.page - 1, t.previous, 'prev') : ''}${data.page < data.pages ? pager(data.page + 1, t.next, 'next') : ''}</nav>`
}
<p><a href="/datos/persons.csv">${t.download}</a></p>`;
  return page({ lang, name: 'list', title: t.title, frame, body, query: listQueryString(query) });
}
