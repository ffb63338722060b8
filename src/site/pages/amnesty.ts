/**
 * The amnesty in numbers: each instrument — the 2026 law, its bill and the civil-society drafts,
 * earlier decrees — with the outcome of applying it to the registry's cases (covered, excluded, to
 * review), counted over consented persons with outcomes under 5 pooled, and a link to its text and
 * rules. No person is named or counted alone.
 */
import type { InstrumentSummary, SiteFrame } from '../../usecases/public-site.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import type { Lang } from '../words.js';
import { preciseDate } from './person.js';

const TEXT = {
  es: {
    title: 'La amnistía en cifras',
    intro:
      'Cada instrumento —la ley de amnistía de 2026, su proyecto, las propuestas de la sociedad civil, decretos anteriores— aplicado a los casos (detenciones) del registro: cuántos quedarían amparados, cuántos excluidos y cuántos dependen de algo que el registro aún no sabe. Solo casos de personas que consintieron ser contadas; ningún resultado de 1 a 4 se muestra.',
    statuses: { enacted: 'Ley vigente', bill: 'Proyecto de ley', proposal: 'Propuesta', struck_down: 'Anulada', pardon: 'Indulto' } as Record<string, string>,
    outcomes: {
      covered: 'Amparados',
      excluded: 'Excluidos',
      review: 'Por revisar',
      _small_cells: 'Otros resultados, juntos (para no mostrar cifras de 1 a 4)',
    } as Record<string, string>,
    notRun: 'Aún no se ha aplicado al registro.',
    run: (asOf: string, on: string, readings: string) => `Aplicado a fecha ${asOf} (cálculo del ${on})${readings ? `, con las lecturas: ${readings}` : ''}.`,
    total: (n: string) => `Casos contados: ${n}.`,
    outcome: 'Resultado',
    cases: 'Casos',
    text: 'Su texto y sus reglas (JSON)',
    inForce: 'En vigor desde',
    withheld: 'menos de 5',
    how: 'Cómo se decide cada caso',
    howText:
      'Cada instrumento está escrito como reglas con el artículo del que sale cada una: quién queda amparado, quién excluido y qué falta saber. Un caso queda «por revisar» cuando depende de un dato que el registro no tiene (por ejemplo, si hubo violencia). Los abogados pueden aplicar las reglas a un caso propio con la API, sin cuenta.',
  },
  en: {
    title: 'The amnesty in numbers',
    intro:
      'Each instrument — the 2026 amnesty law, its bill, the civil-society proposals, earlier decrees — applied to the registry’s cases (detentions): how many would be covered, how many excluded, and how many depend on something the registry does not know yet. Only cases of persons who consented to be counted; no outcome from 1 to 4 is shown.',
    statuses: { enacted: 'Law in force', bill: 'Bill', proposal: 'Proposal', struck_down: 'Struck down', pardon: 'Pardon' },
    outcomes: { covered: 'Covered', excluded: 'Excluded', review: 'To review', _small_cells: 'Other outcomes, together (so as to show no number from 1 to 4)' },
    notRun: 'Not applied to the registry yet.',
    run: (asOf: string, on: string, readings: string) => `Applied as of ${asOf} (computed on ${on})${readings ? `, with the readings: ${readings}` : ''}.`,
    total: (n: string) => `Cases counted: ${n}.`,
    outcome: 'Outcome',
    cases: 'Cases',
    text: 'Its text and rules (JSON)',
    inForce: 'In force since',
    withheld: 'fewer than 5',
    how: 'How each case is decided',
    howText:
      'Each instrument is written as rules, each with the article it comes from: who is covered, who is excluded and what is still to be known. A case is “to review” when it turns on a fact the registry does not hold (whether there was violence, for instance). Lawyers can apply the rules to a case of their own through the API, without an account.',
  },
} as const;

export function amnestyPage(lang: Lang, frame: SiteFrame, instruments: readonly InstrumentSummary[]): string {
  const t = TEXT[lang];
  const number = new Intl.NumberFormat(lang);
  const body = html`<h1>${t.title}</h1>
<p>${t.intro}</p>
${instruments.map(
  (i) => html`<section aria-labelledby="instrumento-${i.id}" class="instrument" data-testid="instrument-${i.id}">
<h2 id="instrumento-${i.id}">${i.title[lang]}</h2>
<p><strong>${(t.statuses as Record<string, string>)[i.status] ?? i.status}</strong>${i.dates.inForce ? ` · ${t.inForce} ${preciseDate(lang, i.dates.inForce, 'day')}` : ''} · <a href="/api/rules/${i.id}">${t.text}</a></p>
${
  i.run === null
    ? html`<p>${t.notRun}</p>`
    : html`<p class="hint">${t.run(preciseDate(lang, i.run.asOf, 'day'), preciseDate(lang, i.run.createdAt.slice(0, 10), 'day'), i.run.variants.join(', '))} ${t.total(i.run.total === null ? t.withheld : number.format(i.run.total))}</p>
<div class="table-wrap" tabindex="0"><table><caption>${i.title[lang]}</caption>
<thead><tr><th scope="col">${t.outcome}</th><th scope="col" class="num">${t.cases}</th></tr></thead>
<tbody>${i.run.counts.map((c) => html`<tr><th scope="row">${(t.outcomes as Record<string, string>)[c.outcome ?? '_small_cells'] ?? c.outcome}</th><td class="num">${number.format(c.count)}</td></tr>`)}</tbody></table></div>`
}
</section>`,
)}
<h2>${t.how}</h2>
<p>${t.howText} <a href="/api/docs">API</a> · <a href="${pathOf(lang, 'methodology')}">${lang === 'en' ? 'Methodology' : 'Metodología'}</a></p>`;
  return page({ lang, name: 'amnesty', title: t.title, frame, body });
}
