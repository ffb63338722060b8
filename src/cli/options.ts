/** Options and output shared by the reporting commands: dates checked as the API checks them, choices, aligned tables. */
import { AppError } from '../shared/app-error.js';
import { IsoDateSchema } from '../shared/schemas.js';

export const DATA_OPTION = ['-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)'] as const;
export const today = () => new Date().toISOString().slice(0, 10);

/** A date option checked as the API checks it, the error naming the option. */
export function date(option: string, value: string | undefined, fallback?: string): string {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new AppError('validation_failed', 'missing date', { details: [{ path: option, reason: 'a date is needed (yyyy-mm-dd)' }] });
  }
  if (!IsoDateSchema.safeParse(value).success) {
    throw new AppError('validation_failed', 'bad date', { details: [{ path: option, value, reason: 'expected a real date written yyyy-mm-dd' }] });
  }
  return value;
}

/** A period from --from to --to, refused when it ends before it starts. */
export function period(from: string, to: string): { from: string; to: string } {
  if (to < from)
    throw new AppError('validation_failed', 'bad period', { details: [{ path: '--to', value: to, reason: `the period ends before it starts (${from})` }] });
  return { from, to };
}

export function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new AppError('validation_failed', 'bad choice', { details: [{ path: option, value, reason: `expected one of ${allowed.join(', ')}` }] });
  return value as T;
}

/** Rows as aligned columns (or JSON with --json). */
export function print(json: boolean, value: unknown, header: string[], rows: (string | number | null)[][], footer?: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const cells = [header, ...rows.map((row) => row.map((cell) => (cell === null ? '—' : String(cell))))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  for (const row of cells) process.stdout.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
  if (footer) process.stdout.write(`${footer}\n`);
}
