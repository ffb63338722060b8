/**
 * One CSV cell, as every file Recuento writes quotes it: quoted when needed, and a cell a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) prefixed
 * with an apostrophe, so no file carries a formula-injection payload into someone's spreadsheet.
 * Shared by the command line, the API's exports and the web's downloads.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
