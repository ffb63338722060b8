/**
 * recuento migrate / backup / restore. All three use the logical dump of
 * src/store/dump.ts, so a backup from PGlite restores on PostgreSQL and the reverse;
 * backups are sealed by the master key (io/backup-file.ts).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { readBackupLines, writeBackupFile } from '../../io/backup-file.js';
import { loadMasterKeys, presentMasterKeys } from '../../io/secrets.js';
import { AppError } from '../../shared/app-error.js';
import { createLineChannel } from '../../shared/line-channel.js';
import { reclaimAfterBulkLoad } from '../../store/bulk-load.js';
import type { Store } from '../../store/database.js';
import { estimateDumpRows, type RestoreReport, restoreDatabase, type TableDigest, tableDigests } from '../../store/dump.js';
import { refreshFacilityStatuses } from '../../store/facilities.js';
import { refreshAllStatuses } from '../../store/person-status.js';
import { countMatchingPersons } from '../../store/persons.js';
import { rebuildTallies } from '../../store/tallies.js';
import { type CheckReport, checkDerived } from '../../usecases/check-derived.js';
import { masterKeyUse, readErasureLedger } from '../../usecases/sensitive.js';
import { openTarget, recordCommand, withStore } from '../context.js';
import { readEnvironment } from '../environment.js';
import { EXIT } from '../exit-codes.js';
import { createProgress } from '../progress.js';

const dataOption = ['-d, --data <dir>', 'data folder of the embedded database (env RECUENTO_DATA; DATABASE_URL wins when set)'] as const;

export function registerMaintenanceCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the schema up to date; with --to, copy everything into a PostgreSQL server and verify it')
    .option('--to <postgres-url>', 'move the data to this PostgreSQL database (schema created there)')
    .option('--force', 'replace data already in the target')
    .option(...dataOption)
    .action(async (options: { to?: string; force?: boolean; data?: string }) => {
      await withStore(options, async (source) => {
        if (!options.to) {
          process.stdout.write(`Schema up to date (${source.schema}) on ${source.store.kind === 'pglite' ? source.store.location : 'PostgreSQL'}.\n`);
          return;
        }
        if (!/^postgres(ql)?:\/\//.test(options.to)) throw new AppError('validation_failed', 'bad --to', { publicMessage: '--to must be a postgres:// URL.' });
        const target = await openTarget({ dataDir: source.target.dataDir, databaseUrl: options.to });
        try {
          const backupPath = join(source.target.dataDir, `pre-migration-${new Date().toISOString().replace(/[:.]/g, '-')}.backup`);
          // the copy kept in the data folder and the target are written at once: each line the dump
          // writes goes to the backup file and to the restore (on the server, which runs meanwhile)
          const channel = createLineChannel();
          const restoring = restoreDatabase(target.store.db, channel.lines(), { schema: target.schema, force: options.force ?? false }).finally(() =>
            channel.close(),
          );
          const writing = writeBackup(source.store, source.schema, backupPath, source.target.dataDir, (line) => channel.write(line)).then(
            (written) => {
              channel.end();
              return written;
            },
            (error: unknown) => {
              channel.fail(error);
              throw error;
            },
          );
          const [restored, written] = await Promise.allSettled([restoring, writing]);
          // the restore's refusal (a target not empty) is the reason; the dump then stopped because of it
          if (restored.status === 'rejected') throw restored.reason;
          if (written.status === 'rejected') throw written.reason;
          const { digests } = written.value;
          const after = await tableDigests(target.store.db);
          const ok = printComparison(digests, after);
          if (!ok)
            throw new AppError('internal', 'migration verification failed', { publicMessage: 'The copy does not match the source. The source is unchanged.' });
          await recordCommand(target.store, 0); // the moved database says how it came to be
          process.stdout.write(
            `Moved to ${target.store.location}: every table verified (row counts and SHA-256). A sealed backup of the source, written from the same reading, is in ${backupPath} (\`recuento restore\` checks it as it reads it).\nStart the server with DATABASE_URL set to that database.\n`,
          );
        } finally {
          await target.close();
        }
      });
    });

  program
    .command('backup')
    .description('write a consistent, compressed, checksummed copy of the whole database, sealed by the master key')
    .requiredOption('-o, --out <file>', 'backup file to write (sealed by the master key)')
    .option(...dataOption)
    .action(async (options: { out: string; data?: string }) => {
      await withStore(options, async ({ store, schema, target }) => {
        const { digests, keyId } = await writeBackup(store, schema, options.out, target.dataDir);
        const rows = Object.values(digests).reduce((sum, d) => sum + d.rows, 0);
        process.stdout.write(`Backup written to ${options.out}: ${rows} rows in ${Object.keys(digests).length} tables, sealed by master key ${keyId}.\n`);
        process.stderr.write(
          'Restoring it needs that master key: keep a copy of master.key apart from the backups, and secret. Not in it, by design: the master key, the log signing key (log-signing.key) and the evidence files (evidence/) in the data folder.\n',
        );
      });
    });

  program
    .command('restore')
    .description('replace the database contents with a backup (all or nothing; checksums verified)')
    .argument('<file>', 'a backup written by recuento backup')
    .option('--force', 'replace data already in the database')
    .option(...dataOption)
    .action(async (file: string, options: { force?: boolean; data?: string }) => {
      await withStore(options, async ({ store, schema, target }) => {
        const report = await restoreBackup(store, schema, file, target.dataDir, options.force ?? false, readErasureLedger(target.dataDir));
        await reclaimAfterBulkLoad(store);
        const rows = Object.values(report.tables).reduce((sum, d) => sum + d.rows, 0);
        process.stdout.write(`Restored ${rows} rows (${await countMatchingPersons(store.db, {})} persons) from ${file}; every table matched its checksum.\n`);
        if (report.reErased > 0)
          process.stdout.write(`Erased again: the sensitive fields of ${report.reErased} person(s) erased after this backup was made.\n`);
      });
    });

  program
    .command('check')
    .description(
      "recompute everything the database keeps derived (each person's status and place, each facility's status, the counts); exit 6 on any difference",
    )
    .option('--repair', 'rewrite what differs from its definition, then check again')
    .option(...dataOption)
    .action(async (options: { repair?: boolean; data?: string }) => {
      await withStore(options, async ({ store }) => {
        const progress = createProgress('persons');
        progress.start(Math.max(1, await countMatchingPersons(store.db, {})));
        let report: CheckReport;
        try {
          report = await checkDerived(store.db, { onProgress: (n) => progress.update(n) });
        } finally {
          progress.stop();
        }
        printCheck(report);
        if (!report.ok && options.repair) {
          const persons = await refreshAllStatuses(store.db);
          const facilities = await refreshFacilityStatuses(store.db);
          await rebuildTallies(store.db);
          process.stdout.write(
            `Repaired: ${persons} person status(es) and ${facilities} facility status(es) rewritten from their definitions; the counts recounted. Checking again:\n`,
          );
          report = await checkDerived(store.db);
          printCheck(report);
        }
        if (!report.ok) process.exitCode = EXIT.failedCheck;
      });
    });
}

function printCheck(report: CheckReport): void {
  printStatus(report);
  if (report.tallyDifferences.length === 0) {
    process.stdout.write(
      '✓ counts: the persons per status, level, occupation and facility, and the events per kind and day, that the database keeps equal a recount\n',
    );
  } else {
    process.stdout.write(`✗ counts: ${report.tallyDifferences.length} kept count(s) differ from a recount of the persons:\n`);
    for (const d of report.tallyDifferences.slice(0, 20)) process.stdout.write(`    ${d.table} ${d.key}: kept ${d.tallied}, counted ${d.counted}\n`);
    process.stdout.write('  "recuento check --repair" recounts them.\n');
  }
}

function printStatus(report: CheckReport): void {
  const n = report.persons.toLocaleString('en');
  if (report.statusDifferences === 0) {
    process.stdout.write(`✓ persons' status: ${n} persons, the stored status, place and the events behind them equal the timeline's fold (SQL and domain)\n`);
  } else {
    process.stdout.write(`✗ persons' status: ${report.statusDifferences.toLocaleString('en')} of ${n} persons differ from their timeline's fold. The first:\n`);
    for (const d of report.statusExamples) {
      process.stdout.write(
        `    person ${d.personId}: stored ${d.stored.status} (${d.stored.level}), SQL fold ${d.sql.status} (${d.sql.level}), domain ${d.domain.status}\n`,
      );
    }
    const sqlAgrees = report.statusExamples.every(
      (d) => d.sql.status === d.domain.status && d.sql.eventId === d.domain.eventId && d.sql.place === d.domain.place,
    );
    process.stdout.write(
      sqlAgrees
        ? '  The SQL fold agrees with the domain: "recuento check --repair" rewrites the stored values from it.\n'
        : '  The SQL fold itself disagrees with the domain: a defect of this version; report it (the ids above name no one).\n',
    );
  }
  if (report.facilityDifferences.length === 0) {
    process.stdout.write("✓ facilities' status: each equals its latest recorded change\n");
  } else {
    process.stdout.write(`✗ facilities' status: ${report.facilityDifferences.length} differ from their latest recorded change:\n`);
    for (const f of report.facilityDifferences) {
      process.stdout.write(`    ${f.code}: stored ${f.stored} since ${f.storedSince ?? '—'}, latest change leaves it ${f.latest} since ${f.latestOn}\n`);
    }
  }
}

/** Writes a sealed backup under the data folder's master key, with a progress bar. */
async function writeBackup(
  store: Store,
  schema: string | null,
  path: string,
  dataDir: string,
  each?: (line: string) => Promise<void>,
): Promise<{ digests: Record<string, TableDigest>; keyId: string }> {
  const masterKeys = loadMasterKeys(dataDir, readEnvironment().RECUENTO_MASTER_KEY, { inUse: await masterKeyUse(store.db, dataDir) });
  const progress = createProgress('rows (estimated total)');
  progress.start(Math.max(1, await estimateDumpRows(store.db)));
  try {
    const digests = await writeBackupFile(store.db, schema, path, masterKeys, (lines) => progress.update(lines), each);
    return { digests, keyId: masterKeys.current.id };
  } finally {
    progress.stop();
  }
}

async function restoreBackup(
  store: Store,
  schema: string | null,
  path: string,
  dataDir: string,
  force: boolean,
  erased: readonly string[],
): Promise<RestoreReport> {
  const keys = presentMasterKeys(dataDir, readEnvironment().RECUENTO_MASTER_KEY);
  const progress = createProgress('rows');
  progress.start(0);
  try {
    return await restoreDatabase(store.db, readBackupLines(path, keys, dataDir), { schema, force, erased, onRows: (n) => progress.update(n) });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new AppError('validation_failed', 'backup missing', { publicMessage: `There is no file ${path}.` });
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
      throw new AppError('validation_failed', 'backup not gzip', {
        publicMessage: `${path} is not a Recuento backup (damaged or truncated). Nothing was restored.`,
      });
    }
    throw error;
  } finally {
    progress.stop();
  }
}

function printComparison(source: Record<string, TableDigest>, target: Record<string, TableDigest>): boolean {
  let ok = true;
  for (const [table, digest] of Object.entries(source)) {
    const copy = target[table];
    const same = copy !== undefined && copy.rows === digest.rows && copy.sha256 === digest.sha256;
    ok &&= same;
    process.stdout.write(`  ${same ? 'ok      ' : 'MISMATCH'} ${table.padEnd(20)} ${String(digest.rows).padStart(9)} rows\n`);
  }
  return ok;
}
