/** recuento import / export / seed-demo: moving records in and out of the registry. */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { exportClaims, exportPersons } from '../../io/export-records.js';
import { importPersonsFile, parseMapping } from '../../io/import-persons-file.js';
import { csvCell } from '../../io/write-table.js';
import { visiblePersonConsent } from '../../server/policies/index.js';
import { AppError } from '../../shared/app-error.js';
import { withStore } from '../context.js';
import { loadDemoClaims, seedDemoPersons } from '../demo.js';
import { createProgress } from '../progress.js';

const dataOption = ['-d, --data <dir>', 'data folder of the embedded database (env RECUENTO_DATA; DATABASE_URL wins when set)'] as const;

export function registerDataCommands(program: Command): void {
  program
    .command('import')
    .description('import persons from a CSV file (UTF-8 or Windows-1252, comma or semicolon); all or nothing, upsert by external id')
    .argument('<file>', 'the CSV file')
    .option('-m, --map <mapping.json>', 'mapping of columns to fields (see docs/IMPORT.md); default: columns named like the fields')
    .option('--dry-run', 'check every row, write nothing')
    .option('--report <problems.csv>', 'where to write the list of bad rows (default: <file>.problems.csv when there are any)')
    .option(...dataOption)
    .action(async (file: string, options: { map?: string; dryRun?: boolean; report?: string; data?: string }) => {
      const mapping = options.map ? parseMapping(await readMappingFile(options.map), options.map) : undefined;
      const reportPath = options.report ?? `${file}.problems.csv`;
      const problems = createWriteStream(reportPath, { flags: 'w', mode: 0o600 });
      problems.write('row,column,value,reason\n');
      let shown = 0;
      const progress = createProgress('bytes');
      await withStore(options, async ({ store }) => {
        try {
          const report = await importPersonsFile(store.db, file, {
            mapping,
            dryRun: options.dryRun ?? false,
            embedded: store.kind === 'pglite',
            onStart: (total) => progress.start(total),
            onBytes: (bytes) => progress.update(bytes),
            onProblem: (p) => {
              problems.write(`${p.row},${csvCell(p.column)},${csvCell(p.value)},${csvCell(p.reason)}\n`);
              if (shown++ < 20)
                process.stderr.write(`\n  row ${p.row}${p.column ? `, column "${p.column}"` : ''}${p.value ? ` ("${p.value}")` : ''}: ${p.reason}`);
            },
          });
          progress.stop();
          await new Promise((done) => problems.end(done));
          const summary = `${report.rows} rows read (${report.encoding}, "${report.delimiter === '\t' ? 'tab' : report.delimiter}"-separated)`;
          if (report.problems > 0) {
            throw new AppError('import_rejected', 'import rejected', {
              publicMessage: `\n${summary}: ${report.problems} problem(s)${shown > 20 ? ' (the first 20 are shown)' : ''}. Nothing was written.\nEvery bad row is listed in ${reportPath}.`,
            });
          }
          await import('node:fs/promises').then((fs) => fs.rm(reportPath, { force: true }));
          process.stdout.write(
            options.dryRun
              ? `${summary}: no problems found. Nothing was written (dry run).\n`
              : `${summary}: ${report.inserted} persons added, ${report.updated} updated.\n`,
          );
        } finally {
          progress.stop();
        }
      });
    });

  program
    .command('export')
    .description('export persons or claims as CSV or JSON, streamed, without a row cap')
    .option('-w, --what <persons|claims>', 'what to export', 'persons')
    .option('-f, --format <csv|json>', 'file format', 'csv')
    .option('-o, --out <file>', 'output file (default: standard output)')
    .option('--public', 'only what the public may see: persons who consented to publication, public fields only')
    .option(...dataOption)
    .action(async (options: { what: string; format: string; out?: string; public?: boolean; data?: string }) => {
      if (!['persons', 'claims'].includes(options.what)) throw usage(`--what must be persons or claims, not "${options.what}"`);
      if (options.format !== 'csv' && options.format !== 'json') throw usage(`--format must be csv or json, not "${options.format}"`);
      const format = options.format;
      await withStore(options, async ({ store }) => {
        const publicView = options.public ?? false;
        const body =
          options.what === 'claims'
            ? exportClaims(store.db, format)
            : exportPersons(store.db, { consent: publicView ? visiblePersonConsent({ kind: 'public' }) : undefined, staff: !publicView, format });
        await pipeline(Readable.from(body), options.out ? createWriteStream(options.out, { mode: 0o600 }) : process.stdout);
        if (options.out) process.stderr.write(`Wrote ${options.out}\n`);
      });
    });

  program
    .command('seed-demo')
    .description('add synthetic demo persons (labelled synthetic everywhere) and the real 2026 claims')
    .option('-n, --persons <n>', 'how many synthetic persons to add', '400')
    .option('--seed <n>', 'random seed (same seed, same people)', '2026')
    .option('--no-claims', 'do not load the 2026 claims')
    .option(...dataOption)
    .action(async (options: { persons: string; seed: string; claims: boolean; data?: string }) => {
      const count = Number(options.persons);
      const seed = Number(options.seed);
      if (!Number.isInteger(count) || count < 0 || count > 5_000_000) throw usage('--persons must be a whole number from 0 to 5,000,000');
      if (!Number.isInteger(seed)) throw usage('--seed must be a whole number');
      await withStore(options, async ({ store }) => {
        const claims = options.claims ? await loadDemoClaims(store) : 0;
        const persons = await seedDemoPersons(store, count, seed);
        process.stdout.write(`Added ${persons} synthetic persons${claims ? ` and ${claims} claims` : ''}.\n`);
      });
    });
}

export async function readMappingFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new AppError('validation_failed', 'mapping unreadable', { publicMessage: `Cannot read the mapping file ${path}.` });
  }
}

/** A command-line mistake: exit code 2. */
export function usage(message: string): AppError {
  const error = new AppError('validation_failed', message, { publicMessage: message });
  (error as AppError & { usage: true }).usage = true;
  return error;
}
