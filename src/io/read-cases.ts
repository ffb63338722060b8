/**
 * Case files for `recuento eligibility`: JSON lines (one case per line, the documented
 * format) or a JSON array. Every problem is named by line (or item) and field, and a file
 * with any problem is refused whole: no result is written for a half-read file. With a
 * vocabulary, the names a case uses (facts, offence codes, categories) are checked against
 * the rule sets too (domain/eligibility/check-case.ts).
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { describeCaseIssue, type EligibilityCase, EligibilityCaseSchema } from '../domain/eligibility/case.js';
import { type CaseVocabulary, checkCaseNames, type LabelResolution } from '../domain/eligibility/check-case.js';
import { AppError, type ErrorDetail } from '../shared/app-error.js';

const MAX_DETAILS = 100;

export type ReadCasesOptions = { vocabulary?: CaseVocabulary; resolveLabels?: boolean };
export type CasesRead = { cases: EligibilityCase[]; resolutions: (LabelResolution & { row: number })[] };

/** Reads and checks every case of a file. */
export async function readCasesFile(path: string, options: ReadCasesOptions = {}): Promise<CasesRead> {
  const cases: EligibilityCase[] = [];
  const resolutions: CasesRead['resolutions'] = [];
  const details: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  const accept = (raw: unknown, row: number, unit: string) => {
    const parsed = EligibilityCaseSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        for (const described of describeCaseIssue(issue)) if (details.length < MAX_DETAILS) details.push({ path, row, ...described });
      return;
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier !== undefined) {
      if (details.length < MAX_DETAILS) details.push({ path, row, column: 'id', reason: `the same case id is used on ${unit} ${earlier}` });
      return;
    }
    seen.set(parsed.data.id, row);
    if (!options.vocabulary) {
      cases.push(parsed.data);
      return;
    }
    const checked = checkCaseNames(parsed.data, options.vocabulary, { resolveLabels: options.resolveLabels === true });
    for (const problem of checked.problems) if (details.length < MAX_DETAILS) details.push({ path, row, column: problem.path, reason: problem.reason });
    for (const resolution of checked.resolutions) resolutions.push({ ...resolution, row });
    cases.push(checked.case);
  };
  try {
    if (/\.json$/i.test(path)) {
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(path, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code) throw error;
        throw new AppError('import_rejected', 'cases not JSON', { publicMessage: `${path} is not valid JSON: ${(error as Error).message}` });
      }
      if (!Array.isArray(raw)) throw new AppError('import_rejected', 'cases not an array', { publicMessage: `${path} must hold a JSON array of cases.` });
      raw.forEach((item, i) => {
        accept(item, i + 1, 'item');
      });
    } else {
      const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
      let line = 0;
      for await (const text of lines) {
        line++;
        if (text.trim() === '') continue;
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (error) {
          if (details.length < MAX_DETAILS) details.push({ path, row: line, reason: `not a JSON object: ${(error as Error).message}` });
          continue;
        }
        accept(raw, line, 'line');
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('import_rejected', 'cases unreadable', {
      publicMessage:
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `There is no cases file ${path}.`
          : `Cannot read the cases file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      cause: error,
    });
  }
  if (details.length > 0)
    throw new AppError('import_rejected', 'cases invalid', {
      publicMessage: `${path} has problems${details.length >= MAX_DETAILS ? ` (the first ${MAX_DETAILS} are shown)` : ''}; nothing was evaluated. The case format: docs/ELIGIBILITY.md.`,
      details,
    });
  return { cases, resolutions };
}
