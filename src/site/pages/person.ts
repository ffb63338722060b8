/**
 * A person's public page: what consent "public" publishes of their record — status, detentions
 * and charges, the timeline with its measures — each fact with its verification level. Never an
 * identifier, a birth date, a court, a case number, a note or a source.
 */
import { EVENT_KIND_LABELS, MEASURE_KIND_LABELS, OCCUPATION_LABELS, WAVE_LABELS } from '../../shared/vocabulary-labels.js';
import type { PublicPersonPage, SiteFrame } from '../../usecases/public-site.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import { type Lang, WORDS } from '../words.js';

const TEXT = {
  es: {
    synthetic: 'Persona sintética (datos de demostración)',
    status: 'Situación actual',
    level: 'nivel',
    occupation: 'Ocupación',
    detentions: 'Detenciones',
    arrested: 'Detenido el',
    agency: 'Cuerpo que detuvo (según lo reportado)',
    facility: 'Centro',
    wave: 'Ola de protestas',
    charges: 'Cargos imputados',
    noCharges: 'Ninguno registrado',
    timeline: 'Línea de tiempo',
    noEvents: 'Aún no hay hechos registrados.',
    measures: 'Medidas',
    every: (n: number) => `cada ${n} días`,
    from: 'desde',
    until: 'hasta',
    unknownDate: 'fecha desconocida',
    note: 'Se muestra lo que la persona o su familia consintió en publicar. Nunca se publican documentos de identidad, fecha de nacimiento, tribunales, números de expediente, notas ni fuentes. Cada hecho lleva su nivel de verificación (ver la metodología).',
    back: 'Volver a la lista pública',
  },
  en: {
    synthetic: 'Synthetic person (demo data)',
    status: 'Current status',
    level: 'level',
    occupation: 'Occupation',
    detentions: 'Detentions',
    arrested: 'Arrested on',
    agency: 'Arresting agency (as reported)',
    facility: 'Facility',
    wave: 'Protest wave',
    charges: 'Charges brought',
    noCharges: 'None recorded',
    timeline: 'Timeline',
    noEvents: 'No facts recorded yet.',
    measures: 'Measures',
    every: (n: number) => `every ${n} days`,
    from: 'from',
    until: 'until',
    unknownDate: 'date unknown',
    note: 'Shown is what the person or their family consented to publish. Identity documents, birth date, courts, case numbers, notes and sources are never published. Each fact carries its verification level (see the methodology).',
    back: 'Back to the public list',
  },
} as const;

/** A date as precise as it is known: a day, a month, a year, or unknown. */
export function preciseDate(lang: Lang, iso: string | null, precision: string): string {
  if (!iso || precision === 'unknown') return TEXT[lang].unknownDate;
  const date = new Date(`${iso}T00:00:00Z`);
  const options: Intl.DateTimeFormatOptions =
    precision === 'year' ? { year: 'numeric' } : precision === 'month' ? { month: 'long', year: 'numeric' } : { dateStyle: 'long' };
  return new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' }).format(date);
}

export function personPage(lang: Lang, frame: SiteFrame, p: PublicPersonPage): string {
  const w = WORDS[lang];
  const t = TEXT[lang];
  const level = (l: string): Html => html`<span class="level" data-level="${l}">${t.level}: ${w.levels[l] ?? l}</span>`;
  const occupation = p.occupationGroup ? (OCCUPATION_LABELS[lang][p.occupationGroup as keyof (typeof OCCUPATION_LABELS)['es']] ?? p.occupationGroup) : null;
  const body = html`<p><a href="${pathOf(lang, 'list')}">${t.back}</a></p>
<h1>${p.name}</h1>
${p.synthetic ? html`<p class="banner">${t.synthetic}</p>` : ''}
<dl class="facts">
<dt>${t.status}</dt><dd data-testid="person-status">${w.statuses[p.status] ?? p.status} (${level(p.level)})</dd>
${occupation ? html`<dt>${t.occupation}</dt><dd>${occupation}</dd>` : ''}
</dl>
<h2>${t.detentions}</h2>
${p.detentions.map(
  (d) => html`<dl class="facts detention">
<dt>${t.arrested}</dt><dd>${preciseDate(lang, d.arrestedOn, d.arrestedOnPrecision)} (${level(d.level)})</dd>
${d.agency ? html`<dt>${t.agency}</dt><dd>${d.agency}</dd>` : ''}
${d.facility ? html`<dt>${t.facility}</dt><dd>${d.facility}</dd>` : ''}
${d.protestWave ? html`<dt>${t.wave}</dt><dd>${WAVE_LABELS[lang][d.protestWave as keyof (typeof WAVE_LABELS)['es']] ?? d.protestWave}</dd>` : ''}
<dt>${t.charges}</dt><dd>${d.charges.length === 0 ? t.noCharges : html`<ul>${d.charges.map((c) => html`<li>${lang === 'en' ? c.en : c.es}</li>`)}</ul>`}</dd>
</dl>`,
)}
<h2>${t.timeline}</h2>
${
  p.events.length === 0
    ? html`<p>${t.noEvents}</p>`
    : html`<ol class="timeline" data-testid="public-timeline">${p.events.map(
        (e) =>
          html`<li><strong>${preciseDate(lang, e.occurredOn, e.occurredOnPrecision)}</strong>: ${EVENT_KIND_LABELS[lang][e.kind as keyof (typeof EVENT_KIND_LABELS)['es']] ?? e.kind}${e.facility ? ` — ${e.facility}` : ''} <small>(${level(e.level)})</small>${
            e.measures.length > 0
              ? html`<ul class="measures" aria-label="${t.measures}">${e.measures.map(
                  (m) =>
                    html`<li>${MEASURE_KIND_LABELS[lang][m.kind as keyof (typeof MEASURE_KIND_LABELS)['es']] ?? m.kind}${m.everyDays ? `, ${t.every(m.everyDays)}` : ''}${m.startsOn ? `, ${t.from} ${preciseDate(lang, m.startsOn, 'day')}` : ''}${m.endsOn ? ` ${t.until} ${preciseDate(lang, m.endsOn, 'day')}` : ''}</li>`,
                )}</ul>`
              : ''
          }</li>`,
      )}</ol>`
}
<p class="hint">${t.note} <a href="${pathOf(lang, 'methodology')}#niveles">${w.nav.methodology}</a></p>`;
  return page({ lang, name: 'person', title: p.name, frame, body, id: p.id });
}
