/**
 * recuento site export: the public site as static files (src/usecases/site-export.ts), asked of the
 * server's own routes in process — no port opened — so any static host or mirror can serve it when
 * the main address is blocked.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadMasterKeys } from '../../io/secrets.js';
import { buildApp } from '../../server/app.js';
import { AppError } from '../../shared/app-error.js';
import { masterKeyUse } from '../../usecases/sensitive.js';
import { exportSite } from '../../usecases/site-export.js';
import { logKeyFor } from '../../usecases/transparency-log.js';
import { openTarget, PACKAGE_ROOT, resolveTarget } from '../context.js';
import { readEnvironment } from '../environment.js';

export function registerSiteCommands(program: Command): void {
  const site = program.command('site').description('the public site');
  site
    .command('export')
    .description('write the whole public site as static files (pages, open data, the log key and checkpoint) for a mirror or any static host')
    .requiredOption('-o, --out <dir>', 'folder to write into (made if missing; files already there are replaced)')
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; default ./data)')
    .action(async (options: { out: string; data?: string }) => {
      const env = readEnvironment();
      const target = resolveTarget(env, options);
      const { store, close } = await openTarget(target);
      const out = resolve(options.out);
      try {
        const logKey = await logKeyFor(store.db, target.dataDir, env.RECUENTO_LOG_ORIGIN);
        const masterKeys = loadMasterKeys(target.dataDir, env.RECUENTO_MASTER_KEY, { inUse: await masterKeyUse(store.db, target.dataDir), newKey: false });
        const app = await buildApp({
          store,
          adminToken: randomBytes(32).toString('hex'), // nobody holds it: the export asks as the public
          logger: false,
          logKey: logKey.key,
          evidenceDir: join(target.dataDir, 'evidence'),
          masterKeys,
          dataDir: target.dataDir,
          webRoot: join(PACKAGE_ROOT, 'dist', 'web'),
        });
        try {
          await mkdir(out, { recursive: true });
          const result = await exportSite(
            async (address) => {
              const response = await app.inject({ method: 'GET', url: address, headers: { host: 'mirror.invalid' } });
              return { status: response.statusCode, type: String(response.headers['content-type'] ?? ''), body: response.rawPayload };
            },
            async (file, body) => {
              const path = join(out, file);
              if (!path.startsWith(`${out}/`)) throw new AppError('validation_failed', 'export path outside the folder');
              await mkdir(dirname(path), { recursive: true });
              await rm(path, { force: true });
              await writeFile(path, body);
            },
          );
          const [, size, root] = result.checkpoint.split('\n');
          process.stdout.write(
            `Wrote the public site to ${out}: ${result.files} files, ${(result.bytes / 1024 / 1024).toFixed(1)} MB, reflecting the log's checkpoint of ${size} entries (root ${root}). Serve the folder as it is; each page names that checkpoint, and recuento-export.json lists every file with its SHA-256.\n`,
          );
        } finally {
          await app.close();
        }
      } finally {
        await close();
      }
    });
}
