/** The public site's answer to an address it does not have (status 404), in the reader's language. */
import type { SiteFrame } from '../../usecases/public-site.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import { type Lang, WORDS } from '../words.js';

export function notFoundPage(lang: Lang, frame: SiteFrame): string {
  const w = WORDS[lang];
  return page({
    lang,
    name: null,
    title: w.notFoundTitle,
    frame,
    body: html`<h1>${w.notFoundTitle}</h1><p>${w.notFound}</p><p><a href="${pathOf(lang, 'home')}">${w.backHome}</a></p>`,
  });
}
