/**
 * The home page: each party's claims of one metric over time (chart and table, every number's
 * source one tap away), the gaps between comparable claims said in words, the key dates, what
 * the registry itself counts today (by status and verification level) and acts in custody.
 */
import { type ClaimGap, claimGaps, partyOf } from '../../domain/claims/gaps.js';
import { KEY_DATES } from '../../domain/claims/key-dates.js';
import { CLAIM_METRICS } from '../../domain/registry/vocabulary.js';
import { ACT_COUNT_DEFINITION, ACT_COUNT_DIMENSIONS } from '../../domain/violations/counts.js';
import { ACT_KINDS } from '../../domain/violations/vocabulary.js';
import type { Claim } from '../../shared/schemas.js';
import type { HomeData, SiteFrame } from '../../usecases/public-site.js';
import { claimsChart } from '../chart.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import { claimantName, type Lang, WORDS, type Words } from '../words.js';

/** The verification levels as columns, most certain first. */
const LEVEL_COLUMNS = ['verified', 'corroborated', 'reported', 'disputed', 'refuted'] as const;

export function homePage(lang: Lang, frame: SiteFrame, data: HomeData): string {
  const w = WORDS[lang];
  const f = formats(lang);
  const metricName = w.metrics[data.metric] ?? data.metric;
  const query = (metric: string, by = data.acts.by) =>
    [metric !== 'released' ? `metrica=${metric}` : '', by !== 'kind' ? `por=${by}` : ''].filter(Boolean).join('&').replace(/^(.)/, '?$1');
  const chooser = html`<nav aria-label="${w.metricChooser}"><p class="hint" id="metric-label">${w.metricChooser}</p><ul class="metrics" aria-labelledby="metric-label">${CLAIM_METRICS.map(
    (m) => html`<li><a href="${pathOf(lang, 'home', query(m))}#cifras"${m === data.metric ? html` aria-current="true"` : ''}>${w.metrics[m] ?? m}</a></li>`,
  )}</ul></nav>`;

  const chartClaims = data.claims.map((c) => ({
    id: c.id,
    party: partyOf(c.claimant),
    series: `${partyOf(c.claimant)}|${c.countedFrom ?? ''}|${c.basis ?? ''}`,
    label: claimantName(w, c.claimant.replace(/\s*\([^)]*\)\s*$/, ''), { capital: true }),
    value: c.value,
    valueHigh: c.valueHigh,
    asOf: c.asOf,
    tooltip: `${claimantName(w, c.claimant, { capital: true })}: ${f.value(c)} (${f.date(c.asOf)})`,
  }));
  const registryFrom = data.registry[0]?.date.slice(0, 4);
  const registryLabel = `${w.registrySeries}${registryFrom ? `, ${w.since(f.date(`${registryFrom}-01-01`))}` : ''}${frame.synthetic ? ` (${w.registrySynthetic.toLowerCase().replace(/\.$/, '')})` : ''}`;
  const chart =
    data.claims.length === 0
      ? html`<p>${w.chartEmpty}</p>`
      : (() => {
          const { svg, legend } = claimsChart({
            claims: chartClaims,
            registry: data.registry,
            registryLabel,
            keyDates: KEY_DATES,
            titleId: 'chart-title',
            descId: 'chart-desc',
            lang,
          });
          return html`<figure><div class="chart-scroll" tabindex="0" role="group" aria-labelledby="chart-title">${svg}</div><figcaption><ul class="legend">${legend.map(
            (l) => html`<li><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="5" fill="${l.colour}"/></svg>${l.label}</li>`,
          )}${data.registry.length > 0 ? html`<li><span class="swatch registry" aria-hidden="true"></span>${registryLabel}</li>` : ''}</ul><p class="hint" id="chart-desc">${w.chartDescription}</p></figcaption></figure>`;
        })();

  const gaps = claimGaps(data.claims);
  const body = html`
<h1>${w.siteName}</h1>
<p class="tagline">${w.tagline}</p>
<section aria-labelledby="chart-title" id="cifras">
${chooser}
<h2 id="chart-title">${w.chartTitle(metricName)}</h2>
${chart}
<h3>${w.gapsTitle}</h3>
${gaps.length === 0 ? html`<p data-testid="gaps">${w.gapsNone}</p>` : html`<ul class="gaps" data-testid="gaps">${gaps.map((g) => html`<li>${gapSentence(w, f, g)}</li>`)}</ul>`}
<p class="hint">${w.gapsNote} <a href="${pathOf(lang, 'methodology')}#comparar">${w.nav.methodology}</a></p>
<h3>${w.keyDatesTitle}</h3>
<ol class="key-dates">${KEY_DATES.map((k) => html`<li><time datetime="${k.date}">${f.date(k.date)}</time>: ${lang === 'en' ? k.en : k.es} <small lang="en">(${k.source})</small></li>`)}</ol>
<h3 id="table-title">${w.tableTitle}</h3>
${claimsTable(w, f, data.claims, metricName)}
</section>
${statusSection(w, f, frame, data)}
${actsSection(lang, w, f, data, (by) => pathOf(lang, 'home', query(data.metric, by)))}
<section aria-labelledby="datos" id="datos-section">
<h2 id="datos">${w.downloads}</h2>
<ul>
<li><a href="${pathOf(lang, 'openData')}">${w.allData}</a></li>
<li><a href="/datos/claims.csv">${w.downloadClaims}</a></li>
<li><a href="/datos/persons.csv">${w.downloadPersons}</a></li>
<li><a href="/api/docs">${w.apiDocs}</a></li>
<li><a href="/api/log/checkpoint">${w.logCheckpoint}</a> · <a href="/api/log/key">${w.logKey}</a> · <a href="/api/log/publications">${w.logPublications}</a></li>
</ul>
</section>`;
  return page({ lang, name: 'home', title: w.siteName, frame, body, query: query(data.metric) });
}

type Formats = ReturnType<typeof formats>;

function formats(lang: Lang) {
  const w = WORDS[lang];
  const number = new Intl.NumberFormat(lang);
  const long = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
  return {
    number: (n: number) => number.format(n),
    date: (iso: string) => long.format(new Date(`${iso}T00:00:00Z`)),
    value: (c: Pick<Claim, 'qualifier' | 'value' | 'valueHigh'>) =>
      (w.qualifiers[c.qualifier] ?? w.qualifiers.exact!)(number.format(c.value), c.valueHigh === null ? '' : number.format(c.valueHigh)),
  };
}

function period(w: Words, f: Formats, c: Pick<Claim, 'countedFrom' | 'basis'>): string {
  return [c.countedFrom ? w.since(f.date(c.countedFrom)) : '', c.basis === 'amnesty_law' ? w.underLaw : ''].filter(Boolean).join(' ');
}

function gapSentence(w: Words, f: Formats, gap: ClaimGap<Claim>): Html {
  // the later claim speaks first; the other follows with its own date when it differs
  const [first, second] = gap.high.asOf >= gap.low.asOf ? [gap.high, gap.low] : [gap.low, gap.high];
  const sentence = w.gapSentence({
    date: f.date(first.asOf),
    who: claimantName(w, first.claimant),
    value: f.value(first),
    what: w.metricNouns[first.metric] ?? first.metric,
    period: period(w, f, first),
    otherDate: second.asOf === first.asOf ? null : f.date(second.asOf),
    otherWho: claimantName(w, second.claimant),
    otherValue: `${f.value(second)}${second.countedFrom !== first.countedFrom && second.countedFrom ? ` ${w.since(f.date(second.countedFrom))}` : ''}`,
  });
  const verdict = gap.agreement === 'within_range' ? w.agree : gap.agreement === 'open_ended' ? w.compatible : w.difference(f.number(gap.difference), gap.open);
  return html`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} <span class="gap-diff">${verdict}</span>`;
}

function claimsTable(w: Words, f: Formats, claims: readonly Claim[], metricName: string): Html {
  if (claims.length === 0) return html``;
  return html`<div class="table-wrap" tabindex="0"><table data-testid="claims-table">
<caption>${w.tableCaption(metricName)}</caption>
<thead><tr><th scope="col">${w.date}</th><th scope="col">${w.claimant}</th><th scope="col" class="num">${w.value}</th><th scope="col">${w.period}</th><th scope="col">${w.source}</th></tr></thead>
<tbody>${claims.map(
    (c) => html`<tr id="claim-${c.id}">
<td><time datetime="${c.asOf}">${f.date(c.asOf)}</time>${c.asOfPrecision === 'approximate' ? html` <small>(${w.approximate})</small>` : ''}</td>
<td>${claimantName(w, c.claimant, { capital: true })}<br><small>${w.kinds[c.claimantKind] ?? c.claimantKind}</small></td>
<td class="num">${f.value(c)}</td>
<td>${period(w, f, c) || html`<small>${w.periodUnknown}</small>`}</td>
<td><details><summary>${w.showSource}</summary><p><small>${w.scopeAsReported}:</small> <span lang="en">${c.scope}</span></p><p>${w.reportedBy}: <cite lang="en">${c.citation}</cite>${c.publishedOn ? ` · ${w.published} ${f.date(c.publishedOn)}` : ''}</p>${c.url ? html`<p><a href="${c.url}" rel="noreferrer noopener">${c.url}</a></p>` : ''}</details></td>
</tr>`,
  )}</tbody></table></div>`;
}

function levelCells(levels: Record<string, number | null> | undefined, f: Formats, w: Words): Html[] {
  return LEVEL_COLUMNS.map((level) => {
    const n = levels?.[level];
    return html`<td class="num" data-level="${level}">${n === null ? html`<small>${w.fewerThan5}</small>` : f.number(n ?? 0)}</td>`;
  });
}

function statusSection(w: Words, f: Formats, frame: SiteFrame, data: HomeData): Html {
  return html`<section aria-labelledby="status-title">
<h2 id="status-title">${w.registryTitle}</h2>
<p class="hint">${w.registryNote} ${frame.synthetic ? w.registrySynthetic : ''}</p>
${
  data.status.length === 0
    ? html`<p>${w.registryEmpty}</p>`
    : html`<div class="table-wrap" tabindex="0"><table data-testid="status-table">
<caption>${w.registryCaption}</caption>
<thead><tr><th scope="col">${w.status}</th><th scope="col" class="num">${w.total}</th>${LEVEL_COLUMNS.map((l) => html`<th scope="col" class="num">${w.levels[l]}</th>`)}</tr></thead>
<tbody>${data.status.map(
        (r) =>
          html`<tr><th scope="row">${w.statuses[r.key ?? ''] ?? r.label ?? r.key}</th><td class="num">${f.number(r.count)}</td>${levelCells(r.levels, f, w)}</tr>`,
      )}</tbody></table></div>`
}
</section>`;
}

function actsSection(lang: Lang, w: Words, f: Formats, data: HomeData, byHref: (by: (typeof ACT_COUNT_DIMENSIONS)[number]) => string): Html {
  const { by, cells, persons } = data.acts;
  const label = (key: string, fallback: string) =>
    key === '_small_cells'
      ? w.actsPooled
      : key === '_not_recorded'
        ? w.actsNotRecorded
        : key === '_whereabouts_unknown'
          ? w.actsWhereaboutsUnknown
          : key === 'other agency'
            ? w.actsOtherAgency
            : (ACT_KINDS.find((k) => k.code === key)?.label[lang] ?? fallback);
  return html`<section aria-labelledby="acts-title" id="actos">
<h2 id="acts-title">${w.actsTitle}</h2>
<p class="hint">${w.actsNote}</p>
<nav aria-label="${w.actsBy}"><ul class="metrics">${ACT_COUNT_DIMENSIONS.map(
    (d) => html`<li><a href="${byHref(d)}#actos"${d === by ? html` aria-current="true"` : ''}>${w.actsDimensions[d]}</a></li>`,
  )}</ul></nav>
${
  cells.length === 0
    ? html`<p>${w.actsEmpty}</p>`
    : html`<div class="table-wrap" tabindex="0"><table data-testid="acts-table">
<caption>${w.actsCaption(w.actsDimensions[by])}</caption>
<thead><tr><th scope="col">${w.actsDimensions[by]}</th><th scope="col" class="num">${w.actsPersons}</th>${LEVEL_COLUMNS.map((l) => html`<th scope="col" class="num">${w.levels[l]}</th>`)}</tr></thead>
<tbody>${cells.map((cell) => {
        const kind = by === 'kind' ? ACT_KINDS.find((k) => k.code === cell.key) : undefined;
        const name = cell.span && cell.span.from !== cell.span.to ? `${cell.span.from} – ${cell.span.to}` : label(cell.key, cell.label);
        return html`<tr><th scope="row">${kind ? html`<details data-testid="act-definition"><summary>${name}</summary><p>${kind.definition[lang]}</p><cite>${kind.source}</cite></details>` : name}</th><td class="num">${f.number(cell.persons)}</td>${levelCells(cell.levels, f, w)}</tr>`;
      })}</tbody></table></div>
<p class="hint" data-testid="acts-total">${w.actsTotal(persons === null ? w.fewerThan5 : f.number(persons))}</p>`
}
<details class="hint"><summary>${w.definition}</summary><p>${ACT_COUNT_DEFINITION[lang]}</p></details>
</section>`;
}
