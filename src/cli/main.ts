import { statfsSync } from 'node:fs';
/**
 * The recuento command: a thin shell over the same store and engines the server uses.
 * Errors print their user-safe message and details and exit with a meaningful code.
 */
import { Command, CommanderError } from 'commander';
import { isAppError } from '../shared/app-error.js';
import { registerAccountCommands } from './commands/accounts.js';
import { registerActCommands } from './commands/acts.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerConditionCommands } from './commands/conditions.js';
import { registerDataCommands } from './commands/data.js';
import { registerEligibilityCommands } from './commands/eligibility.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerLinkCommand } from './commands/link.js';
import { registerLogCommands } from './commands/log.js';
import { registerMaintenanceCommands } from './commands/maintenance.js';
import { registerReconcileCommand } from './commands/reconcile.js';
import { registerReferenceCommands } from './commands/reference.js';
import { registerReviewCommands } from './commands/review.js';
import { registerServe } from './commands/serve.js';
import { registerSiteCommands } from './commands/site.js';
import { noteCommand, openedDataDir } from './context.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.js';

export function buildProgram(): Command {
  const program = new Command('recuento')
    .description('Recuento: document political prisoners, reconcile lists, publish counts anyone can verify.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `${EXIT_CODES_HELP}\n\nEnvironment: PORT, RECUENTO_DATA, DATABASE_URL, RECUENTO_HOST, RECUENTO_LOG_LEVEL, RECUENTO_LOG_ORIGIN, RECUENTO_MASTER_KEY, RECUENTO_TRUST_PROXY, RECUENTO_DEMO_PERSONS.`,
    )
    .exitOverride();
  registerServe(program);
  registerSiteCommands(program);
  registerDataCommands(program);
  registerMaintenanceCommands(program);
  registerLinkCommand(program);
  registerReconcileCommand(program);
  registerReviewCommands(program);
  registerReferenceCommands(program);
  registerConditionCommands(program);
  registerActCommands(program);
  registerEligibilityCommands(program);
  registerLogCommands(program);
  registerAccountCommands(program);
  registerKeyCommands(program);
  registerAuditCommands(program);
  for (const command of program.commands) command.exitOverride();
  // Every command run against the database is in the audit trail (serve's requests are, one by one).
  program.hook('preAction', (_program, action) => {
    const path: string[] = [];
    for (let command: Command | null = action; command && command !== program; command = command.parent) path.unshift(command.name());
    if (path[0] !== 'serve') noteCommand(path.join(' '));
  });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  let finished = false;
  // Output piped into a reader that stops early (`recuento --help | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  // The embedded database can stop answering without an error (its writes failed: most often a
  // full disk); the process would then end in silence. It says so instead.
  process.once('beforeExit', () => {
    if (finished) return;
    process.stderr.write(`\nError: ${stalledMessage()}\n`);
    process.exit(EXIT.unavailable);
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error);
  } finally {
    finished = true;
  }
}

/** Why a command may have ended without an answer from the database, with the free space where it writes. */
function stalledMessage(): string {
  return `The embedded database stopped answering before the command finished, most often because the disk is full.${freeSpaceNote()} What it was writing when it stopped was not kept (imports, seeding and restores are all or nothing). Free some space and run it again.`;
}

/** " The disk holding <data folder> has N MiB free.", when a data folder is open. */
function freeSpaceNote(): string {
  const where = openedDataDir();
  if (!where) return '';
  try {
    const stats = statfsSync(where);
    return ` The disk holding ${where} has ${((stats.bavail * stats.bsize) / 2 ** 20).toFixed(0)} MiB free.`;
  } catch {
    return '';
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (isAppError(error)) {
    process.stderr.write(`\nError: ${error.publicMessage}\n`);
    // a detail the message already says word for word is not said twice
    for (const d of error.details.filter((detail) => !error.publicMessage.includes(detail.reason)).slice(0, 50)) {
      const where = [d.path ?? '', d.row !== undefined ? `row ${d.row}` : '', d.column ? `column "${d.column}"` : ''].filter(Boolean).join(', ');
      process.stderr.write(`  ${where ? `${where}: ` : ''}${d.reason}\n`);
    }
    if ((error as { usage?: boolean }).usage) return EXIT.usage;
    return exitCodeFor(error);
  }
  if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
    process.stderr.write(`\nError: the disk is full (no space left on device); the command stopped.${freeSpaceNote()} Free some space and run it again.\n`);
    return EXIT.failure;
  }
  process.stderr.write(`\nUnexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failure;
}

await main(process.argv);
