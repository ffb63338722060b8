/**
 * What every command needs: the database chosen by --data / DATABASE_URL, opened,
 * migrated and locked against a second process on the same embedded data folder
 * (two PGlite processes on one folder would corrupt it).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statfsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/app-error.js';
import { openStore, type Store } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { auditCommand } from '../usecases/audit-trail.js';
import { type Environment, readEnvironment } from './environment.js';
import { exitCodeFor } from './exit-codes.js';

/** The folder the package is installed in (holds demo/, dist/web/). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type Target = { dataDir: string; databaseUrl?: string | undefined };

/** Resolves the database target from command options over the environment. */
export function resolveTarget(env: Environment, options: { data?: string | undefined; databaseUrl?: string | undefined }): Target {
  return { dataDir: resolve(options.data ?? env.RECUENTO_DATA), databaseUrl: options.databaseUrl ?? env.DATABASE_URL };
}

/** Opens and migrates the database; the embedded one is locked until close. */
let opened: string | null = null;

/** " It has only N MiB free.", when the disk holding `dir` is nearly full (the likeliest reason a database cannot open). */
function freeSpaceIn(dir: string): string {
  try {
    const stats = statfsSync(dir);
    const free = (stats.bavail * stats.bsize) / 2 ** 20;
    return free < 256 ? ` The disk holding it has only ${free.toFixed(0)} MiB free: the database needs room to open.` : '';
  } catch {
    return '';
  }
}

/** The data folder of the embedded database this process has open, if any (for messages). */
export function openedDataDir(): string | null {
  return opened;
}

export async function openTarget(target: Target): Promise<{ store: Store; schema: string | null; close(): Promise<void> }> {
  // The folder holds the database, keys and evidence: a new one is its owner's alone.
  await mkdir(target.dataDir, { recursive: true, mode: 0o700 });
  const release = target.databaseUrl ? () => {} : acquireLock(target.dataDir);
  if (!target.databaseUrl) opened = target.dataDir;
  let store: Store;
  try {
    store = await openStore({ databaseUrl: target.databaseUrl, dataDir: target.databaseUrl ? undefined : join(target.dataDir, 'pglite') });
  } catch (error) {
    release();
    throw new AppError('database_unavailable', `cannot open database: ${(error as Error).message}`, {
      publicMessage: target.databaseUrl
        ? 'Cannot connect to the PostgreSQL server in DATABASE_URL.'
        : `Cannot open the embedded database in ${target.dataDir}.${freeSpaceIn(target.dataDir)}`,
      cause: error,
    });
  }
  try {
    const { current } = await migrateToLatest(store.db);
    return {
      store,
      schema: current,
      async close() {
        await store.close();
        release();
      },
    };
  } catch (error) {
    await store.close().catch(() => {});
    release();
    const code = (error as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
      throw new AppError('database_unavailable', `database connection failed (${code})`, {
        publicMessage: `Cannot connect to the PostgreSQL server (${code === '3D000' ? 'the database does not exist' : code === '28P01' ? 'wrong password' : 'nothing answers at that address'}).`,
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Says how to close a data folder that other users of this machine can enter: the embedded
 * database in it holds names the public may not see. Null when it is its owner's alone.
 */
export function dataFolderWarning(dataDir: string): string | null {
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  return `The data folder ${dataDir} can be entered by other users of this machine (mode ${mode.toString(8)}); run "chmod 700 ${dataDir}" to keep its database and keys to yourself.`;
}

/** A lock file holding our pid; a stale lock (dead process) is taken over. */
function acquireLock(dataDir: string): () => void {
  const path = join(dataDir, 'recuento.lock');
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new AppError('conflict', 'data folder locked', {
        publicMessage: `The data folder ${dataDir} is in use by another Recuento process (pid ${pid}). Stop it first, or work through its API.`,
      });
    }
  }
  writeFileSync(path, String(process.pid), { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
    } catch {
      // already gone
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The administrator token: created on first start in the data folder (mode 0600), never printed. */
export function ensureAdminToken(dataDir: string): { token: string; path: string; created: boolean } {
  const path = join(dataDir, 'admin-token');
  if (existsSync(path)) return { token: readFileSync(path, 'utf8').trim(), path, created: false };
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return { token, path, created: true };
}

/** Opens the database chosen by the command's options and the environment, runs `work`, and always closes it. */
export async function withStore<T>(
  options: { data?: string | undefined; databaseUrl?: string | undefined },
  work: (opened: { store: Store; schema: string | null; target: Target }) => Promise<T>,
): Promise<T> {
  const target = resolveTarget(readEnvironment(), options);
  const { store, schema, close } = await openTarget(target);
  try {
    const result = await work({ store, schema, target });
    await recordCommand(store, Number(process.exitCode ?? 0));
    return result;
  } catch (error) {
    await recordCommand(store, exitCodeFor(error));
    throw error;
  } finally {
    await close();
  }
}

let runningCommand: string | undefined;

/** Names the command being run (set by the program before each action), for the audit trail. */
export function noteCommand(name: string): void {
  runningCommand = name;
}

/** Puts the running command in the audit trail; a record that cannot be written is said, not hidden. */
export async function recordCommand(store: Store, exitCode: number): Promise<void> {
  if (!runningCommand) return;
  await auditCommand(store.db, runningCommand, exitCode).catch((error: Error) => {
    process.stderr.write(`Warning: the audit record of this command was not written (${error.message}).\n`);
  });
}
