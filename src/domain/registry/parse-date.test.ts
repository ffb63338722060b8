import { describe, expect, it } from 'vitest';
import { parseFlexibleDate } from './parse-date.js';

describe('parseFlexibleDate', () => {
  it.each([
    ['17/05/1990', '1990-05-17', 'day'],
    ['7/5/1990', '1990-05-07', 'day'],
    ['17-05-1990', '1990-05-17', 'day'],
    ['1990-05-17', '1990-05-17', 'day'],
    ['05/1990', '1990-05-01', 'month'],
    ['1990-05', '1990-05-01', 'month'],
    ['1990', '1990-01-01', 'year'],
    [' 29/02/2024 ', '2024-02-29', 'day'],
  ])('%s → %s (%s)', (input, date, precision) => {
    expect(parseFlexibleDate(input)).toEqual({ ok: true, date, precision });
  });

  it.each([
    ['31/02/2024', 'day 31 does not exist in 2024-02'],
    ['29/02/2023', 'day 29 does not exist in 2023-02'],
    ['12/13/2020', 'month 13 does not exist'],
    ['1850', 'year 1850 is out of range (1900–2100)'],
    ['ayer', 'not a date: expected dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy'],
    ['', 'not a date: expected dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy'],
  ])('rejects %s: %s', (input, reason) => {
    expect(parseFlexibleDate(input)).toEqual({ ok: false, reason });
  });
});
