/** Starts the real HTTP server on a free loopback port over a fresh test database. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { type SigningKey, signingKeyOf } from '../io/log-keys.js';
import { randomSalt } from '../io/node-crypto.js';
import { type MasterKeys, newSecretKey } from '../io/secrets.js';
import { type AppOptions, buildApp } from '../server/app.js';
import type { Store } from '../store/database.js';
import { openTestStore } from './store.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

export type TestServer = {
  url: string;
  store: Store;
  app: FastifyInstance;
  logKey: SigningKey;
  masterKeys: MasterKeys;
  evidenceDir: string;
  /** fetch as the anonymous public. */
  get(path: string, init?: RequestInit): Promise<Response>;
  /** fetch as the administrator. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
};

/** A fresh log signing key (the test server's log). */
export function testLogKey(origin = 'recuento.test/log'): SigningKey {
  return signingKeyOf(origin, randomSalt(32), 'log');
}

export async function startTestServer(options: { logKey?: SigningKey; app?: Partial<AppOptions>; store?: Store } = {}): Promise<TestServer> {
  const store = options.store ?? (await openTestStore());
  const logKey = options.logKey ?? testLogKey();
  const evidenceDir = await mkdtemp(join(tmpdir(), 'recuento-evidence-'));
  const masterKeys: MasterKeys = { current: newSecretKey(), retired: [] };
  const app = await buildApp({ store, adminToken: TEST_ADMIN_TOKEN, logger: false, logKey, evidenceDir, masterKeys, ...options.app });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    store,
    app,
    logKey,
    masterKeys,
    get: (path, init) => fetch(`${url}${path}`, init),
    admin: (path, init) => fetch(`${url}${path}`, { ...init, headers: { ...init?.headers, authorization: `Bearer ${TEST_ADMIN_TOKEN}` } }),
    evidenceDir,
    async close() {
      await app.close();
      await store.close();
      await rm(evidenceDir, { recursive: true, force: true });
    },
  };
}

/**
 * Another application over the same test server's database and keys (not listening: call
 * inject), with other options; its log lines are collected in `lines`.
 */
export async function sideApp(server: TestServer, options: Partial<AppOptions> = {}): Promise<{ app: FastifyInstance; lines: string[] }> {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  const app = await buildApp({
    store: server.store,
    adminToken: 'another-token',
    logger,
    logKey: server.logKey,
    evidenceDir: server.evidenceDir,
    masterKeys: server.masterKeys,
    ...options,
  });
  return { app, lines };
}

/** A JSON request body. */
export function json(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
