/**
 * The public site: pages rendered here as complete HTML (src/site), readable without JavaScript
 * on any phone, Spanish at / and English at /en/. Each answer carries an ETag, so a reader on a
 * poor connection who comes back gets a 304 when nothing changed. Its own content policy is
 * stricter than the workspace's: no script at all, styles from our one stylesheet only.
 * Addresses nothing answers get a 404 page in the reader's language (the API keeps its JSON
 * 404); the staff workspace (/entrar…) is the single-page app's shell.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLAIM_METRICS, OCCUPATION_GROUPS, PERSON_STATUSES, PROTEST_WAVES } from '../../../domain/registry/vocabulary.js';
import { ACT_COUNT_DIMENSIONS, type ActCountDimension } from '../../../domain/violations/counts.js';
import { toCsv, toJsonArray } from '../../../io/write-table.js';
import { AppError } from '../../../shared/app-error.js';
import { amnestyPage } from '../../../site/pages/amnesty.js';
import { conditionsPage } from '../../../site/pages/conditions.js';
import { facilitiesPage, facilityPage } from '../../../site/pages/facilities.js';
import { homePage } from '../../../site/pages/home.js';
import { listPage } from '../../../site/pages/list.js';
import { lookupPage } from '../../../site/pages/lookup.js';
import { methodologyPage } from '../../../site/pages/methodology.js';
import { notFoundPage } from '../../../site/pages/not-found.js';
import { openDataPage } from '../../../site/pages/open-data.js';
import { personPage } from '../../../site/pages/person.js';
import { followPage, reportPage, reportProblems } from '../../../site/pages/report.js';
import { transparencyPage } from '../../../site/pages/transparency.js';
import { FIXED_PAGES, langOf, pathOf } from '../../../site/paths.js';
import { SITE_CSS, SITE_CSS_PATH } from '../../../site/site-css.js';
import type { Lang } from '../../../site/words.js';
import { listFacilities } from '../../../store/facilities.js';
import { columnsOf, DATA_LICENSE, DATASETS, dataPackage } from '../../../usecases/open-data.js';
import {
  amnestyData,
  conditionsData,
  facilitiesData,
  facilityPageData,
  homeData,
  type PublicListQuery,
  publicListData,
  publicPersonData,
  type SiteFrame,
  siteFrame,
  transparencyData,
} from '../../../usecases/public-site.js';
import { receiptByLookupCode } from '../../../usecases/publish.js';
import { followReport, formToken } from '../../../usecases/reports.js';
import type { RouteDeps } from '../../app.js';
import { sendReport } from '../reports/routes.js';

export const SITE_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const today = () => new Date().toISOString().slice(0, 10);

/** Which checkpoint of the log a data file sits beside: its size and root. */
function checkpointHeader(reply: FastifyReply, frame: SiteFrame): void {
  if (frame.checkpoint) reply.header('x-recuento-checkpoint', `${frame.checkpoint.size} ${frame.checkpoint.root}`);
}

/** If-None-Match as caches send it: a list, weak tags (a proxy that compresses weakens them) or "*". */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** The look-up page runs its one script, which asks our API for a receipt by its code. */
export const LOOKUP_POLICY = `${SITE_POLICY}; script-src 'self'; connect-src 'self'`;

function send(request: FastifyRequest, reply: FastifyReply, status: number, body: string, type = 'text/html; charset=utf-8', policy = SITE_POLICY) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  // same-origin: the page's forms send their Origin (under no-referrer a browser sends "null", refused for a change)
  reply.header('content-security-policy', policy).header('content-type', type).header('etag', etag).header('referrer-policy', 'same-origin');
  if (status === 200 && request.method === 'GET' && matches(request.headers['if-none-match'], etag)) return reply.status(304).send();
  // a search's answer (sent as POST) is not kept; a page is revalidated with its ETag
  return reply
    .header('cache-control', request.method === 'POST' ? 'no-store' : 'no-cache')
    .status(status)
    .send(body);
}

/** A value of a vocabulary, or undefined for anything else (an odd address is a plain page, not an error). */
function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((v) => v === value);
}

/** The list's query from an address or a form: vocabulary values checked, the name trimmed and bounded. */
function listQuery(fields: Record<string, unknown>): PublicListQuery {
  const name = typeof fields.nombre === 'string' ? fields.nombre.trim().slice(0, 100) : '';
  const page = Number.parseInt(String(fields.pagina ?? '1'), 10);
  return {
    q: name.length > 0 ? name : undefined,
    status: oneOf(PERSON_STATUSES, fields.situacion),
    occupationGroup: oneOf(OCCUPATION_GROUPS, fields.ocupacion),
    protestWave: oneOf(PROTEST_WAVES, fields.ola),
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1,
  };
}

/** Registers the pages; returns the not-found page, which the app's not-found handler answers outside /api/. */
export async function registerSiteRoutes(
  app: FastifyInstance,
  { store, answers, notes, log, masterKeys, reportForm }: RouteDeps,
  options: { shell: ((reply: FastifyReply) => unknown) | null },
): Promise<(request: FastifyRequest, reply: FastifyReply) => Promise<unknown>> {
  const cached = answers.get.bind(answers);
  // the frame, with this site's own address (the commands that check it name it)
  const frameOf = async (request: FastifyRequest): Promise<SiteFrame> => ({
    ...(await siteFrame(store.db, cached)),
    site: `${request.protocol}://${request.host}`,
  });
  const notFound = async (request: FastifyRequest, reply: FastifyReply) =>
    send(request, reply, 404, notFoundPage(langOf(request.url.split('?')[0]!), await frameOf(request)));
  const render = async (request: FastifyRequest, lang: Lang, name: (typeof FIXED_PAGES)[number], query: Record<string, unknown>): Promise<string> => {
    const frame = await frameOf(request);
    if (name === 'methodology') return methodologyPage(lang, frame);
    if (name === 'list') return renderList(lang, frame, listQuery(query));
    if (name === 'facilities') return facilitiesPage(lang, frame, await facilitiesData(store.db, cached));
    if (name === 'transparency') {
      const start = Number.parseInt(String(query.desde ?? '0'), 10);
      return transparencyPage(lang, frame, await transparencyData(store.db, Number.isFinite(start) && start > 0 ? start : 0));
    }
    if (name === 'openData') return openDataPage(lang, frame, DATASETS, DATA_LICENSE);
    if (name === 'amnesty') return amnestyPage(lang, frame, await amnestyData(store.db, cached));
    if (name === 'conditions') return conditionsPage(lang, frame, await conditionsData(store.db, cached, today()));
    const metric = oneOf(CLAIM_METRICS, query.metrica) ?? 'released';
    const actsBy: ActCountDimension = oneOf(ACT_COUNT_DIMENSIONS, query.por) ?? 'kind';
    return homePage(lang, frame, await homeData(store.db, cached, { metric, actsBy, today: today() }));
  };
  const renderList = async (lang: Lang, frame: SiteFrame, query: PublicListQuery) => {
    const [data, everyone] = await Promise.all([
      publicListData(store.db, cached, query),
      publicListData(store.db, cached, { page: 1 }).then((all) => all.total),
    ]);
    return listPage(lang, frame, query, { ...data, everyone });
  };
  const config = { policy: 'site.read' as const, expensive: true };
  const hidden = { hide: true };
  for (const lang of ['es', 'en'] as const) {
    for (const name of FIXED_PAGES) {
      const path = pathOf(lang, name);
      app.get(path, { config, schema: hidden }, async (request, reply) =>
        send(request, reply, 200, await render(request, lang, name, request.query as Record<string, unknown>)),
      );
    }
    app.get(`${pathOf(lang, 'person')}/:id`, { config, schema: hidden }, async (request, reply) => {
      const { id } = request.params as { id: string };
      // the same 404 for a person who does not exist and one who did not consent to be named
      const person = UUID.test(id) ? await publicPersonData(store.db, notes, id) : null;
      if (!person) return notFound(request, reply);
      return send(request, reply, 200, personPage(lang, await frameOf(request), person));
    });
  }
  // an address with a slash too many or too few goes where it meant, its query kept
  const query = (url: string) => (url.includes('?') ? url.slice(url.indexOf('?')) : '');
  for (const lang of ['es', 'en'] as const) {
    app.get(`${pathOf(lang, 'facility')}/:code`, { config, schema: hidden }, async (request, reply) => {
      const { code } = request.params as { code: string };
      const data = FACILITY_CODE.test(code) ? await facilityPageData(store.db, cached, code, today()) : null;
      if (!data) return notFound(request, reply);
      return send(request, reply, 200, facilityPage(lang, await frameOf(request), data));
    });
  }
  // the open data: the package that describes the files, and each file at a stable address
  app.get('/datos/datapackage.json', { config, schema: hidden }, async (request, reply) => {
    const frame = await frameOf(request);
    checkpointHeader(reply, frame);
    return send(
      request,
      reply,
      200,
      `${JSON.stringify(dataPackage(frame, new Date().toISOString().slice(0, 10)), null, 2)}\n`,
      'application/json; charset=utf-8',
    );
  });
  app.get('/datos/:file', { config, schema: hidden }, async (request, reply) => {
    const match = /^([a-z]+)\.(csv|json)$/.exec((request.params as { file: string }).file);
    const dataset = match && DATASETS.find((d) => d.name === match[1]);
    if (!match || !dataset) return notFound(request, reply);
    const format = match[2] as 'csv' | 'json';
    checkpointHeader(reply, await frameOf(request));
    const rows = dataset.rows(store.db, cached, today());
    reply
      .header('content-security-policy', SITE_POLICY)
      .header('cache-control', 'no-cache')
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    return reply.send(Readable.from(format === 'csv' ? toCsv(columnsOf(dataset), rows) : toJsonArray(rows)));
  });
  for (const lang of ['es', 'en'] as const) {
    app.get(pathOf(lang, 'lookup'), { config, schema: hidden }, async (request, reply) =>
      send(request, reply, 200, lookupPage(lang, await frameOf(request), null), undefined, LOOKUP_POLICY),
    );
  }
  // reporting a detention: the form (its token made with the page), and following a report by its code
  const facilitiesForForm = async () => (await listFacilities(store.db)).map((f) => ({ id: f.id, name: f.name }));
  const reportConfig = { policy: 'reports.submit' as const };
  for (const lang of ['es', 'en'] as const) {
    app.get(pathOf(lang, 'report'), { config: reportConfig, schema: hidden }, async (request, reply) =>
      send(request, reply, 200, reportPage(lang, await frameOf(request), { token: formToken(reportForm.secret), facilities: await facilitiesForForm() })),
    );
    app.get(pathOf(lang, 'follow'), { config: { policy: 'reportstatus.read' as const }, schema: hidden }, async (request, reply) =>
      send(request, reply, 200, followPage(lang, await frameOf(request), null)),
    );
  }
  app.get('/en', { config, schema: hidden }, async (request, reply) => reply.redirect(`/en/${query(request.url)}`, 301));
  for (const lang of ['es', 'en'] as const) {
    for (const name of FIXED_PAGES.filter((n) => n !== 'home')) {
      app.get(`${pathOf(lang, name)}/`, { config, schema: hidden }, async (request, reply) =>
        reply.redirect(`${pathOf(lang, name)}${query(request.url)}`, 301),
      );
    }
  }
  // a name searched is sent in a form's body, so that it never appears in an address or a log
  await app.register(async (forms) => {
    forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    for (const lang of ['es', 'en'] as const) {
      forms.post(pathOf(lang, 'report'), { config: reportConfig, bodyLimit: 16_384, schema: hidden }, async (request, reply) => {
        const fields = (request.body ?? {}) as Record<string, string>;
        const { token, website, ...rest } = fields;
        const input = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v === '' ? null : v]));
        const again = async (problems: Record<string, string>, status: number) =>
          send(
            request,
            reply,
            status,
            reportPage(lang, await frameOf(request), { token: formToken(reportForm.secret), values: rest, problems, facilities: await facilitiesForForm() }),
          );
        try {
          const { code } = await sendReport({ store, masterKeys, reportForm }, request.ip, input, token, website);
          return send(request, reply, 201, reportPage(lang, await frameOf(request), { code }));
        } catch (error) {
          if (error instanceof AppError && error.code === 'validation_failed') return again(reportProblems(lang, error.details), 400);
          if (error instanceof AppError && error.code === 'too_many_requests') return again(reportProblems(lang, [], true), 429);
          throw error;
        }
      });
      forms.post(pathOf(lang, 'follow'), { config: { policy: 'reportstatus.read' as const }, schema: hidden }, async (request, reply) => {
        const typed = String((request.body as Record<string, unknown> | undefined)?.codigo ?? '').slice(0, 80);
        const found = await followReport(store.db, typed).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'not_found') return null;
          throw error;
        });
        return send(
          request,
          reply,
          found ? 200 : 404,
          followPage(lang, await frameOf(request), {
            code: typed,
            status: found?.status ?? null,
            receivedAt: found?.receivedAt,
            reviewedAt: found?.reviewedAt,
          }),
        );
      });
      // a code sent without JavaScript: what the receipt records, and how to check it on the command line
      forms.post(pathOf(lang, 'lookup'), { config, schema: hidden }, async (request, reply) => {
        const typed = String((request.body as Record<string, unknown> | undefined)?.codigo ?? '').slice(0, 80);
        const receipt = await receiptByLookupCode(store.db, log, typed).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'not_found') return null;
          throw error;
        });
        return send(request, reply, receipt ? 200 : 404, lookupPage(lang, await frameOf(request), { code: typed, receipt }), undefined, LOOKUP_POLICY);
      });
      forms.post(pathOf(lang, 'list'), { config, schema: hidden }, async (request, reply) =>
        send(request, reply, 200, await renderList(lang, await frameOf(request), listQuery((request.body ?? {}) as Record<string, unknown>))),
      );
    }
  });
  app.get(SITE_CSS_PATH, { config: { policy: 'site.read' }, schema: hidden }, async (_request, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(SITE_CSS),
  );
  // the workspace's shell (its own router takes it from there)
  const shellRoute = async (_request: FastifyRequest, reply: FastifyReply) =>
    options.shell ? options.shell(reply) : reply.status(404).send('The staff workspace is not built: run npm run build.');
  app.get('/entrar', { config: { policy: 'site.read' }, schema: hidden }, shellRoute);
  app.get('/entrar/*', { config: { policy: 'site.read' }, schema: hidden }, shellRoute);
  // any other address: a page in the reader's language
  return notFound;
}

const FACILITY_CODE = /^[a-z0-9][a-z0-9-]{1,60}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
