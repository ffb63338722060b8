/**
 * Builds the HTTP application: validation and OpenAPI from zod schemas, one error
 * shape, an authorization check on every route, the API under /api and the web UI.
 * The store, token and logger are injected; nothing here reads the environment.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { EvidenceFiles } from '../io/evidence-files.js';
import type { SigningKey } from '../io/log-keys.js';
import { sha256 } from '../io/node-crypto.js';
import type { MasterKeys } from '../io/secrets.js';
import { AppError } from '../shared/app-error.js';
import { accountOfToken, liveSession } from '../store/accounts.js';

import type { Store } from '../store/database.js';
import type { NoteCipher } from '../store/events.js';
import { pruneChangeLogs } from '../store/reconciliations.js';
import { compactTallies } from '../store/tallies.js';
import { upkeepEmbedded } from '../store/upkeep.js';
import { MIN_FILL_MS } from '../usecases/reports.js';
import { noteCipher } from '../usecases/sensitive.js';
import { TransparencyLog } from '../usecases/transparency-log.js';
import { type AnswerCache, createAnswerCache } from './answer-cache.js';
import { createAuditWriter } from './audit-writer.js';
import { authenticate, checkOrigin, setSessionCookie } from './authenticate.js';
import { errorBody, registerErrorHandler } from './errors.js';
import { createLoadGate, DEFAULT_LOAD_GATE, type LoadGate, type LoadGateOptions } from './load-gate.js';
import { findNul, nulRefusal } from './nul.js';
import { type Action, type Actor, actorLabel, isAllowed, POLICIES } from './policies/index.js';
import { derivedSecret, sharedLimit } from './rate-limit.js';
import { registerAccountRoutes } from './routes/accounts/routes.js';
import { registerActRoutes } from './routes/acts/routes.js';
import { registerAuditRoutes } from './routes/audit/routes.js';
import { registerBackupRoutes } from './routes/backups/routes.js';
import { registerClaimRoutes } from './routes/claims/routes.js';
import { registerConditionRoutes } from './routes/conditions/routes.js';
import { registerCountRoutes } from './routes/counts/routes.js';
import { registerExportRoutes } from './routes/exports/routes.js';
import { registerFacilityRoutes } from './routes/facilities/routes.js';
import { registerHealthRoutes } from './routes/health/routes.js';
import { registerImportRoutes } from './routes/imports/routes.js';
import { registerLogRoutes } from './routes/log/routes.js';
import { registerMergeRoutes } from './routes/merges/routes.js';
import { registerPersonRoutes } from './routes/persons/routes.js';
import { registerReconciliationRoutes } from './routes/reconciliations/routes.js';
import { REPORT_LIMITS, registerReportRoutes } from './routes/reports/routes.js';
import { registerRulesRoutes } from './routes/rules/routes.js';
import { registerSensitiveRoutes } from './routes/sensitive/routes.js';
import { registerSessionRoutes } from './routes/session/routes.js';
import { registerSiteRoutes } from './routes/site/routes.js';
import { registerSourceRoutes } from './routes/sources/routes.js';
import { registerTimelineRoutes } from './routes/timeline/routes.js';
import { registerVerificationRoutes } from './routes/verification/routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action this route performs; checked against src/server/policies before the handler. */
    policy?: Action;
    /** Its answer may cost seconds on a large registry: anonymous callers pass through the load gate. */
    expensive?: boolean;
  }
  interface FastifyRequest {
    actor: Actor;
    /** What the audit record names besides the ids in the path (the sensitive fields read or written). */
    auditTargets?: readonly string[];
    /** The audit record of this request, queued as its answer went out (onSend). */
    auditWritten?: Promise<void>;
    /** The request carried a session cookie that is no longer valid: the reply clears it. */
    staleSession?: boolean;
  }
  interface FastifyInstance {
    /** Every route with the policy it declared: for the authorization matrix test and audits. */
    routePolicies: { method: string; url: string; policy: Action | undefined }[];
    /** Idle and absolute lifetimes of web sessions (ms). */
    sessionLimits: { idleMs: number; absoluteMs: number };
    /** The gate expensive anonymous requests pass through. */
    loadGate: LoadGate;
  }
}

export type AppOptions = {
  store: Store;
  adminToken: string;
  /** The transparency log's signing key (kept in the data folder, never in the database). */
  logKey: SigningKey;
  /** Folder of evidence files (in the data folder), addressed by SHA-256. */
  evidenceDir: string;
  logger?: Logger | false;
  /** Folder of the built web UI (vite build); served at / when present. */
  webRoot?: string | undefined;
  /** Largest accepted upload for imports, in bytes. */
  maxUploadBytes?: number;
  /**
   * Behind reverse proxies: how many hops of X-Forwarded-For/-Proto to believe (true: all,
   * only for tests). The client's address is then the one the outermost trusted proxy saw.
   */
  trustProxy?: boolean | number;
  /** The data folder (beside the master key: the erasure ledger). */
  dataDir?: string;
  /** The master keys that open sealed fields (never stored in the database). */
  masterKeys: MasterKeys;
  /** A web session ends after this long without a request (default 30 minutes)… */
  sessionIdleMs?: number;
  /** …and this long after signing in, whatever happens (default 12 hours). */
  sessionAbsoluteMs?: number;
  /** The database schema a backup names (as `recuento backup` does; null: the default). */
  backupSchema?: string | null;
  /** Bounds on expensive anonymous requests (src/server/load-gate.ts). */
  loadGate?: Partial<LoadGateOptions>;
  /** How soon after its page is made the report form may be sent (ms; tests: 0). */
  reportMinFillMs?: number;
  /** How long counts may be served from cache when written by another process (ms). */
  answerCacheTtlMs?: number;
};

/**
 * No script but the app's own files, no plugins, no framing, no foreign form targets. Styles may be
 * inline: the chart library writes style attributes and one style element.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:", // blob: evidence images, shown after the browser checks their hash
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Believes the first `hops` proxies (counted from this server), none beyond. */
function trustHops(hops: number): boolean | ((address: string, hop: number) => boolean) {
  return hops > 0 ? (_address: string, hop: number) => hop < hops : false;
}

/** The headers every answer carries (the docs page sets its own content policy first). */
function setSecurityHeaders(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  // no address leaves for another site; the public site's own forms may say they come from it (same-origin)
  if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  // No other window keeps a handle on ours, and no camera, microphone or location for any page.
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
}

type RouteHandler = (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * An expensive route's handler, for anonymous callers, inside a place of the load gate: taken
 * before any work, given back once the handler has settled and the response is closed (an
 * export's last byte sent, or the client gone) — never while a query still runs for it. A
 * caller who goes away while waiting leaves the queue.
 */
function throughGate(gate: LoadGate, handler: RouteHandler): RouteHandler {
  return async function (this: FastifyInstance, request, reply) {
    if (request.actor.kind !== 'public') return handler.call(this, request, reply);
    const gone = new AbortController();
    let closed = false;
    let settled = false;
    let leave: (() => void) | null = null;
    const finish = () => {
      if (closed && settled) leave?.();
    };
    reply.raw.once('close', () => {
      closed = true;
      if (!reply.raw.writableFinished) gone.abort();
      finish();
    });
    leave = await gate.enter(request.ip, gone.signal);
    try {
      return await handler.call(this, request, reply);
    } finally {
      settled = true;
      finish();
    }
  };
}

/** What an operation the public may not call accepts: a bearer token or a signed-in session. */
const SIGNED_IN: { [scheme: string]: string[] }[] = [{ admin: [] }, { session: [] }];

/**
 * The API docs page's policy: ours, with the hashes of Swagger UI's own inline scripts — not
 * the looser one it ships (framing by the same site, fonts and styles from any https: host,
 * images from its validator).
 */
export function docsPolicy(shipped: string): string {
  const scriptHashes =
    /script-src ([^;]*)/
      .exec(shipped)?.[1]
      ?.split(/\s+/)
      .filter((s) => s.startsWith("'sha")) ?? [];
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", ["script-src 'self'", ...scriptHashes].join(' '));
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger || undefined,
    logger: options.logger === false ? false : undefined,
    bodyLimit: 1_048_576,
    // a request whose body stops arriving is cut after 15 minutes (uploads of lists and
    // evidence included): no slow sender holds a connection, or a place in the load gate, for ever
    requestTimeout: 15 * 60_000,
    // Log the route pattern (onResponse below), never the raw URL: query strings carry filters.
    logController: new LogController({ disableRequestLogging: true }),
    // Addresses the router cannot take (bad encoding, an id longer than any id) are answered in
    // the one error shape and logged like every other refusal, never with the address itself.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const refusal = new AppError('validation_failed', error.code ?? 'bad address', {
        details: [{ path: 'url', reason: tooLong ? 'a part of the address is longer than any id' : 'the address is not validly encoded' }],
      });
      request.log.info({ code: refusal.code, reason: refusal.message, status: tooLong ? 414 : 400 }, 'request rejected');
      const answer = reply as unknown as FastifyReply;
      setSecurityHeaders(answer);
      answer.status(tooLong ? 414 : 400).send(errorBody(refusal));
    },
    // Behind a reverse proxy that terminates HTTPS, trust its X-Forwarded-* headers (and send HSTS).
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // the public site's 404 page, once its routes are registered below
  let notFoundPage: ((request: FastifyRequest, reply: FastifyReply) => unknown) | null = null;
  registerErrorHandler(app, (request, reply) =>
    notFoundPage ? notFoundPage(request, reply) : reply.status(404).send(errorBody(new AppError('not_found', 'no route'))),
  );
  app.decorateRequest('actor', null as never);

  const routePolicies: FastifyInstance['routePolicies'] = [];
  app.decorate('routePolicies', routePolicies);
  const gate = createLoadGate({ ...DEFAULT_LOAD_GATE, ...options.loadGate });
  app.decorate('loadGate', gate);
  app.addHook('onRoute', (route) => {
    // the public site, its stylesheet and scripts travel compressed (a phone on a poor link); the API does
    // not: its answers can carry a session's secrets beside what a caller sent (BREACH)
    if (route.url.startsWith('/api/')) route.compress = false;
    route.decompress = false; // a compressed request body is refused as before, never inflated past the body limit
    if (route.config?.expensive) route.handler = throughGate(gate, route.handler as RouteHandler);
    for (const method of [route.method].flat()) routePolicies.push({ method, url: route.url, policy: route.config?.policy });
    const isDocs = route.url.startsWith('/api/docs');
    const isApi = route.url.startsWith('/api/');
    if (isApi && !isDocs && !route.config?.policy) {
      throw new Error(`route ${route.method} ${route.url} has no policy: every API route must name one`);
    }
    if (route.config?.policy && !(route.config.policy in POLICIES)) {
      throw new Error(`route ${route.method} ${route.url} names an unknown policy ${route.config.policy}`);
    }
    // the OpenAPI document marks every operation the public may not call as needing a way in
    if (route.config?.policy && route.schema && !isAllowed({ kind: 'public' }, route.config.policy) && !route.schema.security) {
      route.schema = { ...route.schema, security: SIGNED_IN };
    }
  });
  const sessionLimits = { idleMs: options.sessionIdleMs ?? 30 * 60_000, absoluteMs: options.sessionAbsoluteMs ?? 12 * 3_600_000 };
  app.decorate('sessionLimits', sessionLimits);
  app.addHook('onRequest', async (request) => {
    // the caller until they are known: a request refused before (another site's, a wrong CSRF token) is the public's
    request.actor = { kind: 'public' };
    // a read sent as POST (a search, its words kept out of the address) changes nothing: any page may send it
    if (!request.routeOptions.config.policy?.endsWith('.read')) checkOrigin(request);
    request.actor = await authenticate(
      request,
      options.adminToken,
      (hash) => accountOfToken(options.store.db, hash),
      (hash) => liveSession(options.store.db, hash, sessionLimits),
    );
    const policy = request.routeOptions.config.policy;
    if (policy && !isAllowed(request.actor, policy)) {
      if (request.actor.kind === 'public') throw new AppError('unauthenticated', `${policy} needs an account`);
      if (request.actor.kind === 'account' && request.actor.secondFactorPending) {
        throw new AppError('forbidden', `${policy} before second factor`, {
          publicMessage: 'Set up your second factor (an authenticator app) first: your role needs it.',
        });
      }
      throw new AppError('forbidden', `${policy} denied`);
    }
  });
  // No text anywhere holds a NUL character: PostgreSQL cannot store one, and no name, note or
  // id needs it. Refused with where it was, before anything reads the request.
  app.addHook('preValidation', async (request) => {
    const where = findNul(request.params, 'params') ?? findNul(request.query, 'querystring') ?? (request.isMultipart() ? null : findNul(request.body, 'body'));
    if (where) throw nulRefusal(where);
  });
  const answers = createAnswerCache({ ttlMs: options.answerCacheTtlMs ?? 30_000 });
  const auditWriter = createAuditWriter(options.store.db, sha256);
  // the tallies' rows of changes are folded together a little after writes, off every reader's path,
  // the linkage fields' changes older than a day forgotten, and on PGlite the tables that have grown
  // vacuumed and analyzed (it has no autovacuum); once after the start too
  let compaction: NodeJS.Timeout | undefined;
  let upkeep: Promise<unknown> | undefined;
  const compactSoon = () => {
    if (compaction) return;
    compaction = setTimeout(() => {
      compaction = undefined;
      compactTallies(options.store.db).catch((error: Error) => app.log.warn({ err: { message: error.message } }, 'tallies not compacted'));
      pruneChangeLogs(options.store.db).catch((error: Error) => app.log.warn({ err: { message: error.message } }, 'linkage changes not pruned'));
      // one pass at a time: a second, asked for while the first vacuums, would find its tables still due
      if (!upkeep)
        upkeep = upkeepEmbedded(options.store)
          .catch((error: Error) => app.log.warn({ err: { message: error.message } }, 'statistics not refreshed'))
          .finally(() => {
            upkeep = undefined;
          });
    }, 10_000);
    compaction.unref();
  };
  const changed = () => {
    answers.invalidate();
    compactSoon();
  };
  // a write by another server or by the command line on the same PostgreSQL, announced at its commit
  const unwatch = options.store.watchChanges(changed);
  app.addHook('onReady', async () => compactSoon());
  app.addHook('onClose', async () => {
    clearTimeout(compaction);
    await unwatch();
  });
  app.addHook('onResponse', async (request, reply) => {
    const policy = request.routeOptions.config.policy;
    // a change empties the cached answers; a search sent as POST (names stay out of addresses) changes nothing, nor
    // does a report from the public (it reaches no public figure until staff decide it)
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400 && !policy?.endsWith('.read') && policy !== 'reports.submit') changed();
    // the audit record queued as the answer went out (onSend), committed now
    await request.auditWritten;
    request.log.info(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  // The audit trail: everything staff do (reads included: they see fields the public does not),
  // every attempt by the public at what it may not do, every refusal (401, 403: by policy, by a
  // route's own rule such as staff-only filters, or before the caller is known: another site's
  // request, a wrong CSRF token), and every sign-in attempt. Never a body or a query string.
  // Queued before the answer leaves, so that whoever reads the trail next finds it.
  app.addHook('onSend', async (request, reply) => {
    const policy = request.routeOptions.config.policy;
    const signInAttempt = policy === 'session.signin' && request.method === 'POST';
    const actor = request.actor as Actor | undefined;
    if (!policy || !actor) return;
    const refused = reply.statusCode === 401 || reply.statusCode === 403;
    // reading one's own session (each page load) says nothing new: not a record of its own
    const staffOrAttempt = policy !== 'session.read' && (actor.kind !== 'public' || !isAllowed(actor, policy) || signInAttempt);
    if (refused || staffOrAttempt) {
      request.auditWritten = auditWriter
        .write({
          at: new Date().toISOString(),
          actor: actor.kind === 'account' ? actor.id : actor.kind === 'admin' ? 'local-admin' : 'public',
          actorName: actorLabel(actor),
          action: policy,
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          // a refused id may hold what no text column takes (a NUL): kept visible, never dropped
          targets: [...Object.values((request.params ?? {}) as Record<string, string>).map(String), ...(request.auditTargets ?? [])].map((t) =>
            t.replaceAll('\u0000', '\uFFFD'),
          ),
          status: reply.statusCode,
          ip: request.ip,
        })
        .catch((error: Error) => request.log.error({ err: { message: error.message } }, 'audit record not written'));
    }
  });
  app.addHook('onSend', async (request, reply) => {
    setSecurityHeaders(reply);
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.actor && request.actor.kind !== 'public') reply.header('cache-control', 'no-store');
    if (request.staleSession && !reply.hasHeader('set-cookie')) setSessionCookie(request, reply, null, 0);
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Recuento API',
        version: '0.1.0',
        description:
          'Registry of political prisoners, claims and counts. Anonymous callers see only what publication consent allows; the administrator sends "Authorization: Bearer <token>" (the token is in the data folder).',
      },
      components: {
        securitySchemes: {
          admin: { type: 'http', scheme: 'bearer', description: "the administrator's token, or an account's API token" },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: '__Host-recuento_session',
            description: 'a signed-in browser (recuento_session over plain http://localhost)',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: docsPolicy, uiConfig: { docExpansion: 'none' } });
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(fastifyMultipart, { limits: { fileSize: options.maxUploadBytes ?? 2 * 1024 ** 3, files: 1, fields: 5 } });

  app.get('/api/openapi.json', { config: { policy: 'docs.read' }, schema: { hide: true } }, async () => app.swagger());

  const log = await TransparencyLog.open(options.store.db, options.logKey);
  const deps: RouteDeps = {
    store: options.store,
    answers,
    auditWriter,
    log,
    evidenceFiles: new EvidenceFiles(options.evidenceDir, options.masterKeys),
    masterKeys: options.masterKeys,
    notes: noteCipher(options.masterKeys),
    dataDir: options.dataDir,
    spoolDir: uploadSpoolOf(options.dataDir),
    backupSchema: options.backupSchema ?? null,
    // signs the report form's token: the same on every server with the master key
    reportForm: {
      secret: derivedSecret(options.masterKeys, 'report-form-token'),
      minFillMs: options.reportMinFillMs ?? MIN_FILL_MS,
      limit: sharedLimit(options.store, options.masterKeys, 'report', REPORT_LIMITS),
    },
  };
  await registerHealthRoutes(app, deps);
  await registerBackupRoutes(app, deps);
  await registerPersonRoutes(app, deps);
  await registerTimelineRoutes(app, deps);
  await registerActRoutes(app, deps);
  await registerFacilityRoutes(app, deps);
  await registerConditionRoutes(app, deps);
  await registerSourceRoutes(app, deps);
  await registerClaimRoutes(app, deps);
  await registerCountRoutes(app, deps);
  await registerImportRoutes(app, deps);
  await registerExportRoutes(app, deps);
  await registerReconciliationRoutes(app, deps);
  await registerMergeRoutes(app, deps);
  await registerRulesRoutes(app, deps);
  await registerLogRoutes(app, deps);
  await registerVerificationRoutes(app, deps);
  await registerSensitiveRoutes(app, deps);
  await registerSessionRoutes(app, deps);
  await registerAccountRoutes(app, deps);
  await registerAuditRoutes(app, deps);
  await registerReportRoutes(app, deps);

  let shell: ((reply: FastifyReply) => unknown) | null = null;
  if (options.webRoot && existsSync(options.webRoot)) {
    // the workspace's files; its shell (index.html) is served only under /entrar, by the site's routes
    await app.register(fastifyStatic, {
      root: options.webRoot,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
      allowedPath: (path) => path !== '/index.html',
      // the public site's script has a fixed name (its page names it): asked again after each deploy, never an old one
      setHeaders: (res, path) => {
        if (path.endsWith('/site/lookup.js')) res.setHeader('cache-control', 'no-cache');
      },
    });
    shell = (reply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  }
  notFoundPage = await registerSiteRoutes(app, deps, { shell });
  return app;
}

/** Dependencies every route module receives. */
export type RouteDeps = {
  store: Store;
  answers: AnswerCache;
  /** Writes the audit records of the requests answered; a reader of the trail waits for them. */
  auditWriter: ReturnType<typeof createAuditWriter>;
  log: TransparencyLog;
  evidenceFiles: EvidenceFiles;
  masterKeys: MasterKeys;
  /** Seals and opens event and measure notes. */
  notes: NoteCipher;
  dataDir: string | undefined;
  /** Where uploads are spooled while they are read: `<data>/tmp`, else a folder of our own in the system's temporary folder. */
  spoolDir: string;
  /** The schema a backup names. */
  backupSchema: string | null;
  /** The public report form: the key its tokens are signed with, and how soon it may be sent. */
  reportForm: { secret: Buffer; minFillMs: number; limit: ReturnType<typeof sharedLimit> };
};

export function uploadSpoolOf(dataDir: string | undefined): string {
  // without a data folder (tests), a folder of our own in the machine's: never the shared one
  // itself, whose mode is not ours to set
  return dataDir ? join(dataDir, 'tmp') : join(tmpdir(), `recuento-uploads-${process.getuid?.() ?? 'user'}`);
}
