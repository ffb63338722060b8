/**
 * Dates of birth as lists write them: dd/mm/yyyy (the Venezuelan order), yyyy-mm-dd,
 * mm/yyyy, a year alone, or yyyymmdd; or spread over day, month and year columns
 * (`fromParts`). A dd/mm date whose month is over 12 is read month-first (a US-ordered
 * spreadsheet). Unknown parts are 0. Years from 1000 on are read: historical records
 * (parish registers, 19th-century censuses) are real data.
 */

/** A date with the precision it was given in; month and day are 0 when unknown. */
export type LinkDate = { year: number; month: number; day: number };

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
