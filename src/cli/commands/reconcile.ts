/**
 * recuento reconcile: take a list that claims releases, keep it as a source, link it to
 * the registry and explain it entry by entry. Prints the counts; writes the row-level
 * report as CSV and JSON. `--id` recomputes a stored reconciliation (after reviewers'
 * decisions, or new registry facts).
 */
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_MATCH_RULES, RECONCILIATION_CLASSES } from '../../domain/reconciliation/reconcile-entries.js';
import { isIsoDate } from '../../domain/registry/parse-date.js';
import { AppError } from '../../shared/app-error.js';
import { deleteReconciliation } from '../../store/reconciliations.js';
import {
  CLASS_LABELS,
  computeReconciliationReport,
  parseListMapping,
  type ReconciliationReport,
  readClaimedList,
  reportCsv,
  storeClaimedList,
} from '../../usecases/reconcile-list.js';
import { withStore } from '../context.js';
import { readMappingFile, usage } from './data.js';

type Options = {
  threshold?: string;
  floor?: string;
  as?: string;
  map?: string;
  claim: string;
  from?: string;
  to?: string;
  organisation?: string;
  csv?: string;
  json?: string;
  id?: string;
  delete?: string;
  data?: string;
};

export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description(
      'link a list that claims releases to the registry and explain it: released in the period, earlier, still detained, common crimes, unknown, ambiguous',
    )
    .argument('[list]', 'the claimed list: CSV, a JSON array or JSON lines (.json, .jsonl); columns as for import, or --map')
    .option('--as <label>', 'what the list is, e.g. "Government list 2026-01-30" (required with a file)')
    .option('-m, --map <mapping.json>', "mapping of the list's columns (the import format, docs/IMPORT.md)")
    .option('--claim <kind>', 'what the list claims (only "released" for now)', 'released')
    .option('--from <yyyy-mm-dd>', 'start of the claimed period (default: 30 days before --to)')
    .option('--to <yyyy-mm-dd>', "end of the claimed period, usually the list's date (default: today)")
    .option('--organisation <name>', 'who published the list (default: the label)')
    .option('--csv <file>', 'where to write the row-level report (default: <list>.reconciliation.csv)')
    .option('--json <file>', 'where to write the full report with candidates and explanations (default: <list>.reconciliation.json)')
    .option('--id <reconciliation-id>', 'recompute a stored reconciliation instead of reading a new list')
    .option('--delete <reconciliation-id>', "delete a stored reconciliation with its entries and reviewers' decisions (recorded in the audit trail)")
    .option('--threshold <p>', 'match without review at or above this probability', String(DEFAULT_MATCH_RULES.threshold))
    .option('--floor <p>', 'below this probability a registry person is not a candidate at all', String(DEFAULT_MATCH_RULES.floor))
    .option('-d, --data <dir>', 'data folder of the embedded database (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .addHelpText('after', '\nExample:\n  recuento reconcile list.csv --as "Government list 2026-01-30" --from 2026-01-08 --to 2026-01-30 --map mapping.json')
    .action(async (file: string | undefined, options: Options) => {
      if (options.delete) {
        if (file || options.id) throw usage('--delete takes only the id of the reconciliation to delete.');
        await withStore(options, async ({ store }) => {
          if (!(await deleteReconciliation(store.db, options.delete!)))
            throw new AppError('not_found', 'reconciliation not found', { publicMessage: `There is no reconciliation ${options.delete}.` });
          process.stdout.write(`Deleted reconciliation ${options.delete}, its entries and its decisions.\n`);
        });
        return;
      }
      if (options.claim !== 'released') throw usage(`--claim must be "released"; got "${options.claim}".`);
      if (!file && !options.id) throw usage('give a list file, or --id of a stored reconciliation.');
      if (file && !options.as) throw usage('--as is required with a list: say what the list is, e.g. --as "Government list 2026-01-30".');
      for (const [flag, value] of [
        ['--from', options.from],
        ['--to', options.to],
      ] as const) {
        if (value !== undefined && !isIsoDate(value)) throw usage(`${flag} must be a date written yyyy-mm-dd; got "${value}".`);
      }
      const threshold = Number(options.threshold ?? DEFAULT_MATCH_RULES.threshold);
      const floor = Number(options.floor ?? DEFAULT_MATCH_RULES.floor);
      if (!(floor > 0 && floor < threshold && threshold < 1)) {
        throw usage(
          `--floor and --threshold must be probabilities with 0 < floor < threshold < 1; got ${options.floor ?? floor} and ${options.threshold ?? threshold}.`,
        );
      }
      const to = options.to ?? new Date().toISOString().slice(0, 10);
      const from = options.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
      const mapping = options.map ? parseListMapping(await readMappingFile(options.map), options.map) : undefined;
      const entries = file ? await readClaimedList(file, mapping) : null;
      // the report's files are checked before the list is stored: a wrong path must not leave a stored list behind
      const base = file ?? `reconciliation-${options.id}`;
      const csvPath = options.csv ?? `${base}.reconciliation.csv`;
      const jsonPath = options.json ?? `${base}.reconciliation.json`;
      await checkWritable(csvPath, '--csv');
      await checkWritable(jsonPath, '--json');
      await withStore(options, async ({ store }) => {
        const id = entries
          ? (await storeClaimedList(store.db, entries, { label: options.as!, organisation: options.organisation, periodFrom: from, periodTo: to })).id
          : options.id!;
        const report = await computeReconciliationReport(store.db, id, { ...DEFAULT_MATCH_RULES, threshold, floor });
        await writeFile(csvPath, reportCsv(report), { mode: 0o600 });
        await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
        process.stdout.write(summarize(report, csvPath, jsonPath));
      });
    });
}

/** Refuses an output path that cannot be written (a folder, a missing or read-only folder), before anything is stored. */
async function checkWritable(path: string, flag: string): Promise<void> {
  const problem = await stat(path).then(
    (s) =>
      s.isDirectory()
        ? 'it is a folder'
        : access(path, constants.W_OK).then(
            () => null,
            () => 'it cannot be written',
          ),
    () =>
      access(dirname(path), constants.W_OK).then(
        () => null,
        () => `its folder ${dirname(path)} does not exist or cannot be written`,
      ),
  );
  if (problem) throw new AppError('validation_failed', 'output path unusable', { publicMessage: `${flag} ${path}: ${problem}. Nothing was stored.` });
}

function summarize(report: ReconciliationReport, csvPath: string, jsonPath: string): string {
  const r = report.reconciliation;
  const total = report.entries.length;
  const lines = [
    `Reconciliation ${r.id}: "${r.label}", ${total} entries claimed released between ${r.periodFrom} and ${r.periodTo}, against ${report.registrySize} registry persons.`,
    ...report.warnings.map((w) => `WARNING: ${w}`),
  ];
  const width = Math.max(...RECONCILIATION_CLASSES.map((c) => CLASS_LABELS[c].en.length));
  for (const c of RECONCILIATION_CLASSES) {
    const n = report.counts[c];
    lines.push(`  ${CLASS_LABELS[c].en.padEnd(width)}  ${String(n).padStart(6)}  ${total > 0 ? `${((100 * n) / total).toFixed(1).padStart(5)} %` : ''}`);
  }
  if (report.counts.ambiguous > 0)
    lines.push(`${report.counts.ambiguous} entries wait for a reviewer: recuento review ${r.id} (or GET /api/reconciliations/${r.id}/review).`);
  lines.push(`Row by row: ${csvPath}; with candidates and explanations: ${jsonPath}.`);
  return `${lines.join('\n')}\n`;
}
