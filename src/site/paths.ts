/**
 * The public site's addresses: Spanish at the root, English under /en/, the same page names in
 * both (a shared link works in either language). Nothing personal ever goes in an address: a
 * person's page is named by the record's opaque id, a search is sent in a form's body.
 */
import type { Lang } from './words.js';

export const PAGES = {
  home: '',
  methodology: 'metodologia',
  list: 'lista',
  person: 'persona',
  facilities: 'centros',
  facility: 'centro',
  conditions: 'condiciones',
  amnesty: 'amnistia',
  openData: 'datos',
  transparency: 'transparencia',
  lookup: 'consulta',
  report: 'informar',
  follow: 'informar/seguimiento',
} as const;
export type PageName = keyof typeof PAGES;
/** The pages with one address each (a person's page takes an id, a facility's its code). */
export const FIXED_PAGES = ['home', 'methodology', 'list', 'facilities', 'conditions', 'amnesty', 'openData', 'transparency'] as const;

export function pathOf(lang: Lang, page: PageName, query = '', id?: string): string {
  return `${lang === 'en' ? '/en/' : '/'}${PAGES[page]}${id ? `/${id}` : ''}${query}`;
}

/** The language an address is in. */
export function langOf(pathname: string): Lang {
  return pathname === '/en' || pathname.startsWith('/en/') ? 'en' : 'es';
}
