/**
 * Dates of birth as lists write them: dd/mm/yyyy (the Venezuelan order), yyyy-mm-dd,
 * mm/yyyy, a year alone, or yyyymmdd; or spread over day, month and year columns
 * (`fromParts`). A dd/mm date whose month is over 12 is read month-first (a US-ordered
 * spreadsheet). Unknown parts are 0. Years from 1000 on are read: historical records
 * (parish registers, 19th-century censuses) are real data.
 */

/**
 * A date with the precision it was given in; month and day are 0 when unknown. An age
 * gives a range of birth years instead: `year` is the latest, `span` how many years
 * before it the birth may be (absent for a date).
 */
export type LinkDate = { year: number; month: number; day: number; span?: number };

const AGE = /^(about|approx\.?|aprox\.?|aproximadamente|cerca de|unos|unas|~|±|c\.|ca\.)?\s*(\d{1,3})\s*(años|anos|año|ano|years?|yrs?|y\/o)?\.?$/i;

/**
 * An age written where a birth date goes ("35", "35 años", "about 35", "~35"), as the
 * birth years it allows on `asOf` (yyyy-mm-dd): 35 on 2026-02-01 is born in 1990 or 1991
 * (before or after the birthday); an approximate age ("about", "aprox.", "cerca de",
 * "~") widens that by two years each way. Null for anything else.
 */
export function parseAge(raw: string, asOf: string): LinkDate | null {
  const m = AGE.exec(raw.trim());
  if (!m) return null;
  const age = Number(m[2]);
  if (age > 120) return null;
  const approximate = m[1] !== undefined;
  const year = Number(asOf.slice(0, 4)) - age + (approximate ? 2 : 0);
  return { year, month: 0, day: 0, span: approximate ? 5 : 1 };
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const YMD = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/;
const MY = /^(\d{1,2})[/.-](\d{4})$/;
const Y = /^(\d{4})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Parses a date, or null when the cell holds none that is plausible. */
export function parseLinkDate(raw: string): LinkDate | null {
  const value = raw.trim().replace(/[T ].*$/, '');
  let m = YMD.exec(value);
  if (m) return checked(+m[1]!, +m[2]!, +m[3]!);
  m = DMY.exec(value);
  if (m) {
    const first = +m[1]!;
    const second = +m[2]!;
    return second > 12 && first <= 12 ? checked(+m[3]!, first, second) : checked(+m[3]!, second, first);
  }
  m = MY.exec(value);
  if (m) return checked(+m[2]!, +m[1]!, 0);
  m = Y.exec(value);
  if (m) return checked(+m[1]!, 0, 0);
  m = COMPACT.exec(value);
  if (m) return checked(+m[1]!, +m[2]!, +m[3]!);
  return null;
}

/**
 * A date from separate day, month and year cells (any may be empty): the year alone, the
 * month and year, or the whole date; null when there is no year or a part is not a number.
 */
export function parseLinkDateParts(day: string, month: string, year: string): LinkDate | null {
  const [d, m, y] = [day, month, year].map((x) => x.trim());
  if (!y || !/^\d{4}$/.test(y) || (m && !/^\d{1,2}$/.test(m)) || (d && !/^\d{1,2}$/.test(d))) return null;
  if (d && !m) return null;
  return checked(+y, m ? +m : 0, d ? +d : 0);
}

function checked(year: number, month: number, day: number): LinkDate | null {
  if (year < 1000 || year > 2200 || month > 12 || day > 31) return null;
  if (month === 0 && day !== 0) return null;
  return { year, month, day };
}
