/** recuento audit: check the audit trail's hash chain, or export it for a reviewer. */
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { moveIntoPlace } from '../../io/move-into-place.js';
import { allAudit, verifyAudit } from '../../usecases/audit-trail.js';
import { withStore } from '../context.js';
import { EXIT } from '../exit-codes.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit trail: every write and staff read, hash-chained so that tampering shows');
  audit
    .command('verify')
    .description('check the hash chain; exit 6 and name the first record changed, removed or inserted')
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (options: { data?: string }) => {
      await withStore(options, async ({ store }) => {
        const result = await verifyAudit(store.db);
        if (result.ok) {
          process.stdout.write(`OK: ${result.checked} records, chain intact; head ${result.head}\n`);
        } else {
          process.stdout.write(`FAILED after ${result.checked} good records: ${result.reason}\n`);
          process.exitCode = EXIT.failedCheck;
        }
      });
    });
  audit
    .command('export')
    .description('write every record as JSON lines, oldest first')
    .requiredOption('-o, --out <file>', 'the file to write')
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (options: { data?: string; out: string }) => {
      await withStore(options, async ({ store }) => {
        const out = createWriteStream(`${options.out}.tmp`, { mode: 0o600 });
        let n = 0;
        for await (const record of allAudit(store.db)) {
          if (!out.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          n++;
        }
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
        await moveIntoPlace(`${options.out}.tmp`, options.out);
        process.stdout.write(`${n} audit records written to ${options.out}.\n`);
      });
    });
}
