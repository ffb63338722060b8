/**
 * The claims chart as SVG drawn on the server: it reads without JavaScript, on any phone. One
 * colour per party (Okabe–Ito, told apart by colour-blind readers too, and named in the legend), a
 * line only between claims of the same period and basis, each claim a dot with its own tooltip (a <title>), a range a vertical bar, the key dates as
 * numbered dashed lines, the registry's own count as a grey step line. The table beside it holds
 * the same numbers.
 */
import type { KeyDate } from '../domain/claims/key-dates.js';
import { type Html, html } from './html.js';

/** A claim as drawn: its party's colour, a line only through claims of the same `series` (party, period and basis). */
export type ChartClaim = { id: string; party: string; series: string; label: string; value: number; valueHigh: number | null; asOf: string; tooltip: string };
export type ChartPoint = { date: string; count: number };

/** Okabe–Ito's colours, the two lightest darkened so that every one stands 3:1 against white (WCAG 1.4.11). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8A6100', '#2E6E99', '#000000'];
const W = 720;
const H = 320;
const M = { top: 16, right: 16, bottom: 36, left: 56 };

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** A round ceiling for the vertical axis, and its step. */
function niceMax(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

export function claimsChart(o: {
  claims: readonly ChartClaim[];
  registry: readonly ChartPoint[];
  registryLabel: string;
  keyDates: readonly KeyDate[];
  titleId: string;
  descId: string;
  lang: 'es' | 'en';
}): { svg: Html; legend: { party: string; label: string; colour: string }[] } {
  const dates = [...o.claims.map((c) => c.asOf), ...o.registry.map((p) => p.date)];
  const first = Math.min(...dates.map(day));
  const last = Math.max(...dates.map(day));
  const span = Math.max(last - first, 7 * 86_400_000);
  const x0 = first - span * 0.03;
  const x1 = first + span * 1.03;
  const { top, step } = niceMax(Math.max(...o.claims.map((c) => c.valueHigh ?? c.value), ...o.registry.map((p) => p.count)));
  const x = (iso: string) => M.left + ((day(iso) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / top) * (H - M.top - M.bottom);
  const number = new Intl.NumberFormat(o.lang);
  const short = new Intl.DateTimeFormat(o.lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const withYear = new Intl.DateTimeFormat(o.lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });

  const parties = [...new Set(o.claims.map((c) => c.party))];
  const colour = (party: string) => PALETTE[parties.indexOf(party) % PALETTE.length]!;
  const legend = parties.map((party) => ({ party, label: o.claims.find((c) => c.party === party)!.label, colour: colour(party) }));

  const grid: Html[] = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(
      html`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/><text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#5f6368">${number.format(v)}</text>`,
    );
  }
  const ticks: Html[] = [];
  const tickCount = 6;
  const longSpan = span > 400 * 86_400_000;
  for (let i = 0; i <= tickCount; i++) {
    const iso = new Date(first + (span * i) / tickCount).toISOString().slice(0, 10);
    ticks.push(
      html`<text x="${x(iso)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11" fill="#5f6368">${(longSpan ? withYear : short).format(new Date(day(iso)))}</text>`,
    );
  }
  const keys = o.keyDates
    .map((k, i) => ({ ...k, n: i + 1 }))
    .filter((k) => day(k.date) >= x0 && day(k.date) <= x1)
    .map(
      (k) =>
        html`<g class="key-date"><line x1="${x(k.date)}" x2="${x(k.date)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#8a8a8a" stroke-dasharray="4 3"/><text x="${x(k.date) + 3}" y="${M.top + 10}" font-size="11" fill="#3c3c3c">${k.n}</text><title>${k.n}. ${o.lang === 'en' ? k.en : k.es} (${k.date})</title></g>`,
    );
  // a line joins a party's claims only where they count the same thing (a fall between two periods is no fall)
  const lines = [...new Set(o.claims.map((c) => c.series))].map((series) => {
    const points = o.claims.filter((c) => c.series === series).sort((a, b) => (a.asOf < b.asOf ? -1 : 1));
    const party = points[0]!.party;
    const path = points.map((c, i) => `${i === 0 ? 'M' : 'L'}${x(c.asOf).toFixed(1)},${y(c.value).toFixed(1)}`).join('');
    return html`<path d="${path}" fill="none" stroke="${colour(party)}" stroke-width="1.5" stroke-opacity="0.6"/>`;
  });
  const dots = o.claims.map(
    (c) =>
      html`<g class="claim" data-claim="${c.id}">${c.valueHigh !== null ? html`<line x1="${x(c.asOf)}" x2="${x(c.asOf)}" y1="${y(c.value)}" y2="${y(c.valueHigh)}" stroke="${colour(c.party)}" stroke-width="3"/>` : ''}<circle cx="${x(c.asOf)}" cy="${y(c.value)}" r="5" fill="${colour(c.party)}" stroke="#fff"/><title>${c.tooltip}</title></g>`,
  );
  const registry =
    o.registry.length > 0
      ? html`<path d="${o.registry.map((p, i) => `${i === 0 ? 'M' : 'H'}${x(p.date).toFixed(1)}${i === 0 ? `,${y(p.count).toFixed(1)}` : `V${y(p.count).toFixed(1)}`}`).join('')}" fill="none" stroke="#6b6b6b" stroke-width="2" stroke-dasharray="1 0"/><title>${o.registryLabel}</title>`
      : '';
  const svg = html`<svg class="claims-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${o.titleId} ${o.descId}" data-testid="claims-chart" preserveAspectRatio="xMidYMid meet">${grid}${ticks}${keys}${registry}${lines}${dots}</svg>`;
  return { svg, legend };
}

/** Persons held in a facility by month, as bars; a month withheld (1 to 4 persons) is a gap, said in the table beside it. */
export function populationChart(o: {
  points: readonly { period: string; held: number | null }[];
  lang: 'es' | 'en';
  titleId: string;
  withheldLabel: string;
}): Html {
  const number = new Intl.NumberFormat(o.lang);
  const month = new Intl.DateTimeFormat(o.lang, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const { top, step } = niceMax(Math.max(0, ...o.points.map((p) => p.held ?? 0)));
  const n = Math.max(o.points.length, 1);
  const band = (W - M.left - M.right) / n;
  const y = (v: number) => H - M.bottom - (v / top) * (H - M.top - M.bottom);
  const grid: Html[] = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(
      html`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/><text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#5f6368">${number.format(v)}</text>`,
    );
  }
  const every = Math.ceil(n / 12);
  const bars = o.points.map((p, i) => {
    const x = M.left + i * band;
    const label = month.format(new Date(`${p.period.slice(0, 7)}-01T00:00:00Z`));
    const tick =
      i % every === 0 ? html`<text x="${x + band / 2}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11" fill="#5f6368">${label}</text>` : '';
    return p.held === null
      ? html`<g>${tick}<title>${label}: ${o.withheldLabel}</title></g>`
      : html`<g><rect x="${x + band * 0.15}" y="${y(p.held)}" width="${band * 0.7}" height="${H - M.bottom - y(p.held)}" fill="#0072B2"/>${tick}<title>${label}: ${number.format(p.held)}</title></g>`;
  });
  return html`<svg class="claims-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${o.titleId}" data-testid="population-chart">${grid}${bars}</svg>`;
}
