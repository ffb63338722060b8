/**
 * recuento keys: the master key that guards sensitive fields (docs/SECURITY.md). Rotating it
 * re-seals every person's data key and every second-factor secret under a new one, in one
 * transaction; the old key is kept as master.<id>.retired.key until you delete it — and deleting
 * it makes every backup made before the rotation unreadable in its sensitive fields.
 */

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadMasterKeys, masterKeyPath, unloadedKeys } from '../../io/secrets.js';
import { AppError } from '../../shared/app-error.js';
import { masterKeyUse, rotateMasterKey } from '../../usecases/sensitive.js';
import { withStore } from '../context.js';
import { readEnvironment } from '../environment.js';

const DATA_OPTION = ['-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)'] as const;

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('the master key that seals sensitive fields: status and rotation (docs/SECURITY.md)');

  keys
    .command('status')
    .description('which master keys are loaded and how many sealed values each holds (ids only; a key never leaves its file)')
    .option(...DATA_OPTION)
    .action(async (options: { data?: string }) => {
      await withStore(options, async ({ store, target }) => {
        const env = readEnvironment();
        const inUse = await masterKeyUse(store.db, target.dataDir);
        const holds = (id: string) => `${inUse.get(id) ?? 0} sealed value(s)`;
        if (!env.RECUENTO_MASTER_KEY && !existsSync(masterKeyPath(target.dataDir))) {
          process.stdout.write(`no master key in ${masterKeyPath(target.dataDir)} yet: the first "recuento serve" makes one\n`);
          for (const [id, count] of inUse) process.stdout.write(`missing master key ${id}: ${count} sealed value(s) cannot be read without it\n`);
          return;
        }
        const loaded = loadMasterKeys(target.dataDir, env.RECUENTO_MASTER_KEY);
        const where = env.RECUENTO_MASTER_KEY ? 'RECUENTO_MASTER_KEY' : masterKeyPath(target.dataDir);
        process.stdout.write(`current master key ${loaded.current.id} (${where}): ${holds(loaded.current.id)}\n`);
        for (const key of loaded.retired)
          process.stdout.write(`retired master key ${key.id} (kept: opens backups made before it was retired): ${holds(key.id)}\n`);
        for (const { id, count } of unloadedKeys(loaded, inUse)) {
          process.stdout.write(`missing master key ${id}: ${count} sealed value(s) cannot be read without it\n`);
        }
      });
    });

  keys
    .command('rotate-master')
    .description('make a new master key and re-seal every data key under it; the old one is kept as retired')
    .option(...DATA_OPTION)
    .action(async (options: { data?: string }) => {
      const env = readEnvironment();
      if (env.RECUENTO_MASTER_KEY) {
        throw new AppError('validation_failed', 'master key from environment', {
          publicMessage: 'The master key comes from RECUENTO_MASTER_KEY: rotate it where it is kept, or unset it to use the key file.',
        });
      }
      await withStore(options, async ({ store, target }) => {
        const { previous, next, retiredPath, counts } = await rotateMasterKey(store.db, target.dataDir);
        process.stdout.write(
          `Master key ${previous.id} replaced by ${next.id}: ${counts.personKeys} data key(s), ${counts.secrets} second-factor secret(s) and ${counts.evidenceFiles} evidence file key(s) re-sealed, with every sealed note.\n` +
            (counts.left > 0 ? `${counts.left} sealed value(s) need a master key that is not loaded: left as they were (see "recuento keys status").\n` : '') +
            `The old key is kept in ${retiredPath}: backups made before now need it. Delete it once they have expired — their sensitive fields then cannot be read by anyone.\n`,
        );
      });
    });
}
