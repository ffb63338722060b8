/**
 * The public site's addresses: Spanish at the root, English under /en/, the same page names in
 * both (a shared link works in either language). Nothing personal ever goes in an address.
 */
import type { Lang } from './words.js';

export const PAGES = { home: '', methodology: 'metodologia' } as const;
export type PageName = keyof typeof PAGES;

export function pathOf(lang: Lang, page: PageName, query = ''): string {
  return `${lang === 'en' ? '/en/' : '/'}${PAGES[page]}${query}`;
}

/** The page and language an address names, or null. */
export function pageOf(pathname: string): { lang: Lang; page: PageName } | null {
  const lang: Lang = pathname === '/en' || pathname.startsWith('/en/') ? 'en' : 'es';
  const rest = (lang === 'en' ? pathname.slice(3) : pathname).replace(/^\//, '').replace(/\/$/, '');
  const page = (Object.keys(PAGES) as PageName[]).find((name) => PAGES[name] === rest);
  return page === undefined ? null : { lang, page };
}
