/** A date as precisely as it is known: a day, a month, a year, or not at all. */
export function formatDate(iso: string | null | undefined, precision: string | null | undefined, language: string): string {
  if (!iso || precision === 'unknown') return '?';
  const date = new Date(`${iso}T12:00:00Z`);
  const options: Intl.DateTimeFormatOptions =
    precision === 'year' ? { year: 'numeric' } : precision === 'month' ? { year: 'numeric', month: 'long' } : { dateStyle: 'medium' };
  return date.toLocaleDateString(language, { ...options, timeZone: 'UTC' });
}

/** Today's date where the person is, written yyyy-mm-dd (a form's default date). */
export const localToday = () => new Date().toLocaleDateString('sv-SE');
