/** recuento import / export / seed-demo: moving records in and out of the registry. */
import { createWriteStream } from 'node:fs';
import { chmod, type FileHandle, open, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { isIsoDate } from '../../domain/registry/parse-date.js';
import { sizeOfInput } from '../../io/read-csv.js';
import { parseMappingJson } from '../../io/read-mapping.js';
import { loadMasterKeys } from '../../io/secrets.js';
import { csvCell } from '../../io/write-table.js';
import { visiblePersonConsent } from '../../server/policies/index.js';
import { AppError } from '../../shared/app-error.js';
import type { ImportProblem } from '../../store/import-persons.js';
import { exportClaims, exportPersons } from '../../usecases/export-records.js';
import { type CaseImportReport, importCaseHistoriesFile, isCaseHistoryMapping, parseCaseHistoryMapping } from '../../usecases/import-case-histories-file.js';
import { importPersonsFile, parseMapping } from '../../usecases/import-persons-file.js';
import { masterKeyUse } from '../../usecases/sensitive.js';
import { withStore } from '../context.js';
import { loadDemoClaims, seedDemoPersons } from '../demo.js';
import { readEnvironment } from '../environment.js';
import { createProgress } from '../progress.js';

const dataOption = ['-d, --data <dir>', 'data folder of the embedded database (env RECUENTO_DATA; DATABASE_URL wins when set)'] as const;

export function registerDataCommands(program: Command): void {
  program
    .command('import')
    .description(
      'import persons, or whole case histories (detentions, charges, releases, measures) with a case-history mapping, from CSV, XLSX or JSON; all or nothing, upsert by external id',
    )
    .argument('<file>', 'the spreadsheet: CSV (UTF-8 or Windows-1252, comma or semicolon), .xlsx, .json or .jsonl')
    .option('-m, --map <mapping.json>', 'mapping of columns to fields (see docs/IMPORT.md); default: columns named like the fields')
    .option('--dry-run', 'check every row, write nothing; lists the values to map or declare')
    .option('--report <problems.csv>', 'where to write the list of bad rows (default: <file>.problems.csv when there are any)')
    .option('--organisation <name>', 'case histories: who the spreadsheet comes from (every imported fact cites it)')
    .option('--source-date <yyyy-mm-dd>', "case histories: the spreadsheet's date (default: today); undated events are placed no later")
    .option('--allow-category-changes', 'case histories: accept declared offences that change the category of an offence already in the thesaurus')
    .option(...dataOption)
    .action(
      async (
        file: string,
        options: { map?: string; dryRun?: boolean; report?: string; organisation?: string; sourceDate?: string; allowCategoryChanges?: boolean; data?: string },
      ) => {
        const mappingText = options.map ? await readMappingFile(options.map) : undefined;
        const mappingJson = mappingText === undefined ? undefined : parseMappingJson(mappingText, options.map!);
        const caseHistory = mappingJson !== undefined && isCaseHistoryMapping(mappingJson);
        if (!caseHistory && (options.organisation || options.sourceDate || options.allowCategoryChanges))
          throw usage('--organisation, --source-date and --allow-category-changes go with a case-history mapping (docs/IMPORT.md)');
        if (options.sourceDate !== undefined && !isIsoDate(options.sourceDate))
          throw usage(`--source-date must be a date written yyyy-mm-dd; got "${options.sourceDate}".`);
        const reportPath = options.report ?? `${file}.problems.csv`;
        await sizeOfInput(file); // a file that is not there is said as such, not as a report that cannot be written beside it
        if (resolve(reportPath) === resolve(file)) throw usage('--report names the file being imported: give another place for the list of bad rows.');
        // nor over any file that is not an earlier list of bad rows (a mapping, a spreadsheet, the input through a link)
        if (!(await isProblemsListOrAbsent(reportPath)))
          throw usage(`${reportPath} exists and is not a list of bad rows: give --report a new file. Nothing was read or written.`);
        // the list of bad rows is opened before anything is read: a place it cannot be written is said at once
        await writeFile(reportPath, PROBLEMS_HEADER, { mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
          const why: Record<string, string> = { ENOENT: 'no such folder', EACCES: 'permission denied', EROFS: 'a read-only disk', EISDIR: 'it is a folder' };
          throw usage(
            `cannot write the list of bad rows to ${reportPath} (${why[error.code ?? ''] ?? error.code}): give another place with --report <file>. Nothing was read or written.`,
          );
        });
        await chmod(reportPath, 0o600); // an earlier list may have been readable by others
        const problems = createWriteStream(reportPath, { flags: 'a' });
        let shown = 0;
        const onProblem = (p: ImportProblem) => {
          problems.write(`${p.row},${csvCell(p.column)},${csvCell(p.value)},${csvCell(p.reason)}\n`);
          if (shown++ < 20) process.stderr.write(`\n  row ${p.row}${p.column ? `, column "${p.column}"` : ''}${p.value ? ` ("${p.value}")` : ''}: ${p.reason}`);
        };
        const finish = async (problemCount: number, summary: string, success: string, extra = '') => {
          await new Promise((done) => problems.end(done));
          if (problemCount > 0) {
            if (shown > 0) process.stderr.write('\n\n');
            throw new AppError('import_rejected', 'import rejected', {
              publicMessage: `${summary}: ${problemCount} problem(s)${shown > 20 ? ' (the first 20 are shown)' : ''}. Nothing was written.${extra}\nEvery bad row is listed in ${reportPath}.`,
            });
          }
          await rm(reportPath, { force: true });
          process.stdout.write(options.dryRun ? `${summary}: no problems found. Nothing was written (dry run).${extra}\n` : `${summary}: ${success}${extra}\n`);
        };
        const run = async () => {
          if (caseHistory) {
            const mapping = parseCaseHistoryMapping(mappingJson, options.map!);
            await withStore(options, async ({ store, target }) => {
              // accounts of acts are sealed on import: only then is the master key needed
              const sealing = mapping.columns.actAccount !== undefined || mapping.columns.actPerpetrators !== undefined;
              const masterKeys = sealing
                ? loadMasterKeys(target.dataDir, readEnvironment().RECUENTO_MASTER_KEY, { inUse: await masterKeyUse(store.db, target.dataDir) })
                : undefined;
              const report = await importCaseHistoriesFile(store.db, file, basename(file), {
                mapping,
                ...(masterKeys ? { masterKeys } : {}),
                dryRun: options.dryRun ?? false,
                source: { organisation: options.organisation, date: options.sourceDate },
                today: new Date().toISOString().slice(0, 10),
                allowCategoryChanges: options.allowCategoryChanges ?? false,
                embedded: store.kind === 'pglite',
                onProblem,
              });
              const summary = `${rowsRead(report.rows)} (${describeFormat(report)}): ${report.persons} persons, ${report.detentions} detentions, ${report.events} events (${report.undatedEvents} undated)${report.acts > 0 ? `, ${report.acts} acts in custody` : ''}`;
              const w = report.written;
              await finish(
                report.problems,
                summary,
                w
                  ? `${w.persons.inserted} persons added, ${w.persons.updated} updated; ${w.detentions.inserted} detentions added, ${w.detentions.updated} updated; ${w.events.inserted} events added, ${w.events.updated} updated${w.events.removed ? `, ${w.events.removed} no longer in the sheet removed` : ''}; ${w.measures} measures; ${w.judgments} judgments of the organisation.`
                  : '',
                caseHistoryNotes(report),
              );
            });
            return;
          }
          const mapping = mappingText ? parseMapping(mappingText, options.map!) : undefined;
          const progress = createProgress('bytes');
          await withStore(options, async ({ store }) => {
            try {
              const report = await importPersonsFile(store.db, file, {
                mapping,
                dryRun: options.dryRun ?? false,
                embedded: store.kind === 'pglite',
                onStart: (total) => progress.start(total),
                onBytes: (bytes) => progress.update(bytes),
                onProblem,
              });
              progress.stop();
              const summary = `${rowsRead(report.rows)} (${report.encoding}, "${report.delimiter === '\t' ? 'tab' : report.delimiter}"-separated)`;
              await finish(report.problems, summary, `${report.inserted} persons added, ${report.updated} updated.`);
            } finally {
              progress.stop();
            }
          });
        };
        try {
          await run();
        } catch (error) {
          // a failure before any bad row was listed (an unreadable file, a missing column) leaves no empty list behind
          if (shown === 0) {
            if (!problems.writableEnded) await new Promise((done) => problems.end(done));
            await rm(reportPath, { force: true });
          }
          throw error;
        }
      },
    );

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

function describeFormat(report: CaseImportReport): string {
  if (report.format === 'csv') return `${report.encoding}, "${report.delimiter === '\t' ? 'tab' : report.delimiter}"-separated`;
  return report.format.toUpperCase();
}

/** What a case-history import asks of the person running it: values to map or declare, cases that change category. */
function caseHistoryNotes(report: CaseImportReport): string {
  const lines: string[] = [];
  if (report.unknownValues.length > 0) {
    lines.push('', 'Values to map (values.<field> in the mapping) or declare (declare.offences / declare.facilities):');
    for (const u of report.unknownValues.slice(0, 30)) {
      const closest = u.suggestions.length > 0 ? `; closest: ${u.suggestions.map((s) => `${s.code} "${s.label}"`).join(', ')}` : '';
      lines.push(`  ${u.field}: "${u.value}" (${u.rows} row${u.rows === 1 ? '' : 's'}, first on row ${u.firstRow})${closest}`);
    }
    if (report.unknownValues.length > 30) lines.push(`  … and ${report.unknownValues.length - 30} more (every one is in the problems file)`);
  }
  if (report.categoryChanges.length > 0) {
    lines.push('', `${report.categoryChanges.length} stored case(s) change category with this import:`);
    for (const c of report.categoryChanges.slice(0, 20)) lines.push(`  detention ${c.detention} (person ${c.person}): ${c.from} → ${c.to}`);
    if (report.categoryChanges.length > 20) lines.push(`  … and ${report.categoryChanges.length - 20} more`);
  }
  const kept = report.written?.events.keptReviewed ?? [];
  if (kept.length > 0)
    lines.push('', `${kept.length} event(s) the sheet no longer gives were kept because a verifier reviewed them: ${kept.slice(0, 10).join(', ')}`);
  return lines.length > 0 ? `${lines.join('\n')}` : '';
}

export async function readMappingFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new AppError('validation_failed', 'mapping unreadable', { publicMessage: `Cannot read the mapping file ${path}.` });
  }
}

const PROBLEMS_HEADER = 'row,column,value,reason\n';

const rowsRead = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'} read`;

/** True when nothing is at the path, or an earlier list of bad rows (its header first). */
async function isProblemsListOrAbsent(path: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
  try {
    const head = Buffer.alloc(PROBLEMS_HEADER.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).toString('utf8') === PROBLEMS_HEADER;
  } catch {
    return false; // a folder, or unreadable
  } finally {
    await handle.close();
  }
}

/** A command-line mistake: exit code 2. */
export function usage(message: string): AppError {
  const error = new AppError('validation_failed', message, { publicMessage: message });
  (error as AppError & { usage: true }).usage = true;
  return error;
}
