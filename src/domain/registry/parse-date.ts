/**
 * Dates as they arrive from field spreadsheets: dd/mm/yyyy (the Venezuelan order),
 * ISO yyyy-mm-dd, and partial dates (mm/yyyy, yyyy-mm, yyyy) that keep their precision
 * instead of inventing a day. A partial date is stored as its first day.
 */
import type { DatePrecision } from './vocabulary.js';

export type ParsedDate = { ok: true; date: string; precision: DatePrecision } | { ok: false; reason: string };

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const MY = /^(\d{1,2})[/.-](\d{4})$/;
const YM = /^(\d{4})-(\d{2})$/;
const Y = /^(\d{4})$/;

/** Parses a date in any of the accepted forms; the reason names what is wrong. */
export function parseFlexibleDate(raw: string): ParsedDate {
  const value = raw.trim();
  const iso = ISO.exec(value);
  if (iso) return buildDate(+iso[1]!, +iso[2]!, +iso[3]!, 'day');
  const dmy = DMY.exec(value);
  if (dmy) return buildDate(+dmy[3]!, +dmy[2]!, +dmy[1]!, 'day');
  const ym = YM.exec(value);
  if (ym) return buildDate(+ym[1]!, +ym[2]!, 1, 'month');
  const my = MY.exec(value);
  if (my) return buildDate(+my[2]!, +my[1]!, 1, 'month');
  const y = Y.exec(value);
  if (y) return buildDate(+y[1]!, 1, 1, 'year');
  return { ok: false, reason: 'not a date: expected dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy' };
}

function buildDate(year: number, month: number, day: number, precision: DatePrecision): ParsedDate {
  if (year < 1900 || year > 2100) return { ok: false, reason: `year ${year} is out of range (1900–2100)` };
  if (month < 1 || month > 12) return { ok: false, reason: `month ${month} does not exist` };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return { ok: false, reason: `day ${day} does not exist in ${year}-${pad(month)}` };
  return { ok: true, date: `${year}-${pad(month)}-${pad(day)}`, precision };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A stored date (its first day) written at its precision: 1990, 1990-05 or 1990-05-17, so nothing is invented. */
export function formatPartialDate(date: string, precision: string | null | undefined): string {
  if (precision === 'year') return date.slice(0, 4);
  if (precision === 'month') return date.slice(0, 7);
  return date.slice(0, 10);
}

/** True when `date` is a real calendar date written yyyy-mm-dd. */
export function isIsoDate(date: string): boolean {
  const parsed = ISO.test(date) ? parseFlexibleDate(date) : null;
  return parsed?.ok === true;
}
