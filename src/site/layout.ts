/**
 * The frame of every public page: language, the sections, the demo label, the checkpoint the
 * page reflects. Complete HTML that reads without JavaScript and loads nothing but our one
 * stylesheet: no script, no font, no third party.
 */
import type { SiteFrame } from '../usecases/public-site.js';
import { type Html, html } from './html.js';
import { type PageName, pathOf } from './paths.js';
import { SITE_CSS_PATH } from './site-css.js';
import { type Lang, WORDS } from './words.js';

export function page(o: { lang: Lang; name: PageName | null; title: string; frame: SiteFrame; body: Html; query?: string; id?: string }): string {
  const w = WORDS[o.lang];
  const other: Lang = o.lang === 'es' ? 'en' : 'es';
  const nav = (['home', 'list', 'facilities', 'conditions', 'amnesty', 'openData', 'transparency', 'methodology', 'lookup', 'report'] as const).map(
    (name) => html`<li><a href="${pathOf(o.lang, name)}"${o.name === name ? html` aria-current="page"` : ''}>${w.nav[name]}</a></li>`,
  );
  const when = (iso: string) => new Intl.DateTimeFormat(o.lang, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
  const checkpoint = o.frame.checkpoint;
  return `<!doctype html>${html`<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title === w.siteName ? w.siteName : `${o.title} · ${w.siteName}`}</title>
<meta name="description" content="${w.tagline}">
<link rel="stylesheet" href="${SITE_CSS_PATH}">
<link rel="icon" href="data:,">
<link rel="alternate" hreflang="${other}" href="${pathOf(other, o.name ?? 'home', o.query ?? '', o.id)}">
</head>
<body>
<a class="skip" href="#content">${w.skip}</a>
<header class="site-top">
<p class="site-name"><a href="${pathOf(o.lang, 'home')}">${w.siteName}</a></p>
<nav aria-label="${w.navLabel}"><ul>${nav}</ul></nav>
<p class="tools"><a href="${pathOf(other, o.name ?? 'home', o.query ?? '', o.id)}" lang="${other}" hreflang="${other}" aria-label="${w.otherLanguageLabel}">${w.otherLanguage}</a> · <a href="/entrar">${w.nav.staff}</a></p>
</header>
${o.frame.synthetic ? html`<p class="banner" role="note" data-testid="demo-banner">${w.demoBanner}</p>` : ''}
<main id="content">
${o.body}
</main>
<footer class="site-foot">
<p data-testid="checkpoint">${checkpoint ? w.reflects(checkpoint.size, checkpoint.root.slice(0, 12), when(checkpoint.signedAt)) : w.noCheckpoint} <a href="${pathOf(o.lang, 'methodology')}#verificar">${w.howToVerify}</a></p>
<p>${w.footerNote}</p>
</footer>
</body>
</html>`}`;
}
