/**
 * Reads a claims file (the format of demo/claims-2026.csv) into validated claims.
 * Any bad row rejects the whole file with every problem listed.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { AppError, type ErrorDetail } from '../shared/app-error.js';
import { ClaimInputSchema } from '../shared/schemas.js';
import { type ClaimFields, claimFields } from '../store/claims.js';

const REQUIRED = ['as_of', 'as_of_precision', 'claimant', 'claimant_kind', 'metric', 'qualifier', 'value', 'scope', 'reported_by'];

/** Parses and validates every row; throws an AppError listing all problems. */
export async function readClaimsFile(path: string): Promise<ClaimFields[]> {
  const text = await readFile(path, 'utf8');
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  const header = rows[0] ? Object.keys(rows[0]) : [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new AppError('import_rejected', 'claims header incomplete', { details: missing.map((column) => ({ row: 1, column, reason: 'missing column' })) });
  }
  const problems: ErrorDetail[] = [];
  const claims: ClaimFields[] = [];
  rows.forEach((row, index) => {
    const parsed = ClaimInputSchema.safeParse({
      claimant: row.claimant,
      claimantKind: row.claimant_kind,
      metric: row.metric,
      qualifier: row.qualifier,
      value: toNumber(row.value),
      valueHigh: row.value_high ? toNumber(row.value_high) : null,
      asOf: row.as_of,
      asOfPrecision: row.as_of_precision,
      publishedOn: row.published || null,
      scope: row.scope,
      countedFrom: row.counted_from || null,
      basis: row.basis || null,
      citation: row.reported_by,
      url: row.url || null,
    });
    if (parsed.success) claims.push(claimFields(parsed.data));
    else for (const issue of parsed.error.issues) problems.push({ row: index + 2, column: issue.path.join('.'), reason: issue.message });
  });
  if (problems.length > 0) throw new AppError('import_rejected', `claims file has ${problems.length} problems`, { details: problems });
  return claims;
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return Number(value);
}
