/**
 * The dates a reader needs beside the counts of 2026 (drawn on the chart and listed under it),
 * each with where it is reported. They are the demo's context as much as the claims are: a
 * deployment for another country or period lists its own.
 */
export type KeyDate = { date: string; es: string; en: string; source: string };

export const KEY_DATES: readonly KeyDate[] = [
  {
    date: '2026-01-08',
    es: 'Se anuncian las excarcelaciones',
    en: 'Releases announced',
    source: 'Press reports, January 2026 (Foro Penal counts its releases "after 2026-01-08": infobae, 2026-01-27)',
  },
  {
    date: '2026-01-30',
    es: 'Se anuncian la ley de amnistía y el cierre de El Helicoide',
    en: 'Amnesty law and the closure of El Helicoide announced',
    source: 'Press reports, 2026-01-30',
  },
  {
    date: '2026-02-19',
    es: 'La ley de amnistía, publicada (Gaceta Oficial 6.990), entra en vigor',
    en: 'The amnesty law, published (Gaceta Oficial 6.990), in force',
    source: "Press reports, 2026-02-19; the law's text as reconstructed: rules/ and its sources",
  },
];
