/** recuento serve: the HTTP server, web UI and API; loads the demo data on first start. */
import { join } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { EvidenceFiles } from '../../io/evidence-files.js';
import { loadMasterKeys, masterKeyPath, unloadedKeys } from '../../io/secrets.js';
import { buildApp, uploadSpoolOf } from '../../server/app.js';
import { clearUploadSpool } from '../../server/routes/upload.js';
import { AppError } from '../../shared/app-error.js';
import { countMatchingPersons } from '../../store/persons.js';
import { masterKeyUse, sealPlainNotes } from '../../usecases/sensitive.js';
import { logKeyFor, TransparencyLog } from '../../usecases/transparency-log.js';
import { dataFolderWarning, ensureAdminToken, openTarget, PACKAGE_ROOT, resolveTarget } from '../context.js';
import { loadDemoClaims, seedDemoEligibility, seedDemoPersons, seedDemoVerification } from '../demo.js';
import { readEnvironment } from '../environment.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the server, web UI and API (embedded database in --data unless DATABASE_URL is set)')
    .option('-p, --port <n>', 'port to listen on (env PORT; default 3000, 0 picks a free one)')
    .option('-d, --data <dir>', 'data folder: embedded database, admin token (env RECUENTO_DATA; default ./data)')
    .option('--host <address>', 'address to listen on (env RECUENTO_HOST; default 127.0.0.1)')
    .option('--no-demo', 'do not load demo data into an empty database')
    .option('--new-master-key', 'make a new master key although sealed values need one that is missing (what it sealed stays unreadable)')
    .action(async (options: { port?: string; data?: string; host?: string; demo: boolean; newMasterKey?: boolean }) => {
      const env = readEnvironment();
      const port = options.port !== undefined ? parsePort(options.port) : (env.PORT ?? 3000);
      const host = options.host ?? env.RECUENTO_HOST;
      const target = resolveTarget(env, options);
      const logger = pino({ level: env.RECUENTO_LOG_LEVEL }, pino.destination(2));
      const { store, schema, close } = await openTarget(target);
      try {
        const logKey = await logKeyFor(store.db, target.dataDir, env.RECUENTO_LOG_ORIGIN);
        const evidenceDir = join(target.dataDir, 'evidence');
        const inUse = await masterKeyUse(store.db, target.dataDir);
        const masterKeys = loadMasterKeys(target.dataDir, env.RECUENTO_MASTER_KEY, { inUse, newKey: options.newMasterKey === true });
        const evidence = new EvidenceFiles(evidenceDir, masterKeys);
        if (options.demo && (await countMatchingPersons(store.db, {})) === 0) {
          const claims = await loadDemoClaims(store);
          const persons = await seedDemoPersons(store, env.RECUENTO_DEMO_PERSONS, 2026);
          const log = await TransparencyLog.open(store.db, logKey.key);
          const { reviews } = await seedDemoVerification(store, log, evidence, join(target.dataDir, 'tmp'));
          await seedDemoEligibility(store);
          if (claims + persons > 0) {
            process.stderr.write(
              `Loaded demo data: ${claims} real cited claims, ${persons} synthetic persons, ${reviews} synthetic verification reviews (published in the log).\n`,
            );
          }
        }
        // Notes and evidence files kept before they were encrypted are encrypted now.
        const sealedNotes = await sealPlainNotes(store.db, masterKeys);
        const sealedFiles = await evidence.sealPlainFiles();
        if (sealedNotes + sealedFiles > 0) {
          process.stderr.write(`Encrypted what was kept before encryption: ${sealedNotes} note(s), ${sealedFiles} evidence file(s).\n`);
        }
        // Uploads a crash left half-received (lists of names, evidence in plain form) go first.
        await clearUploadSpool(uploadSpoolOf(target.dataDir));
        const { token, path, created } = ensureAdminToken(target.dataDir);
        const app = await buildApp({
          store,
          adminToken: token,
          logger,
          logKey: logKey.key,
          evidenceDir,
          masterKeys,
          dataDir: target.dataDir,
          webRoot: join(PACKAGE_ROOT, 'dist', 'web'),
          trustProxy: env.RECUENTO_TRUST_PROXY,
          backupSchema: schema,
        });
        const shutdown = async () => {
          await app.close();
          await close();
          process.exit(0);
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
        try {
          await app.listen({ port, host });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
            throw new AppError('conflict', 'port in use', { publicMessage: `Port ${port} is already in use. Choose another with --port N or PORT=N.` });
          }
          throw error;
        }
        const address = app.server.address();
        const actualPort = typeof address === 'object' && address ? address.port : port;
        const shownHost = host.includes(':') ? `[${host}]` : host;
        process.stderr.write(
          `Database: ${store.kind === 'pglite' ? `embedded (PGlite) in ${store.location}` : `PostgreSQL at ${store.location}`}\n` +
            `Administrator token: ${created ? 'created in' : 'in'} ${path} (send it as "Authorization: Bearer <token>")\n` +
            `Transparency log ${logKey.key.name}: signing key ${logKey.created ? 'created in' : 'in'} ${logKey.privatePath} (keep it safe, outside backups of the database); verifier key in ${logKey.publicPath}\n` +
            `Master key for sensitive fields: ${env.RECUENTO_MASTER_KEY ? 'from RECUENTO_MASTER_KEY' : `${masterKeys.created ? 'created in' : 'in'} ${masterKeyPath(target.dataDir)}`} (keep a copy apart from backups: without it, sensitive fields cannot be read)\n`,
        );
        if (env.RECUENTO_TRUST_PROXY > 0)
          process.stderr.write(
            `Behind ${env.RECUENTO_TRUST_PROXY} proxy(ies) (RECUENTO_TRUST_PROXY): the client's address and HTTPS are read from X-Forwarded-For and X-Forwarded-Proto; do not expose this port directly\n`,
          );
        const warning = dataFolderWarning(target.dataDir);
        if (warning) process.stderr.write(`Warning: ${warning}\n`);
        for (const { id, count } of unloadedKeys(masterKeys, inUse)) {
          process.stderr.write(
            `Warning: ${count} sealed value(s) need master key ${id}, which is not loaded: they cannot be read. Put its file back in ${target.dataDir} as master.${id}.retired.key (or set the right RECUENTO_MASTER_KEY); if it was deleted to erase them, nothing more is needed.\n`,
          );
        }
        process.stdout.write(`Recuento is running at http://${shownHost}:${actualPort}/\n`);
      } catch (error) {
        await close();
        throw error;
      }
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('validation_failed', 'bad port', { publicMessage: `--port must be a number from 0 to 65535, not "${value}".` });
  }
  return port;
}
