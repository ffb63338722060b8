/**
 * The public site: pages rendered here as complete HTML (src/site), readable without JavaScript
 * on any phone, Spanish at / and English at /en/. Each answer carries an ETag, so a reader on a
 * poor connection who comes back gets a 304 when nothing changed. Its own content policy is
 * stricter than the workspace's: no script at all, styles from our one stylesheet only.
 * Addresses nothing answers get a 404 page in the reader's language (the API keeps its JSON
 * 404); the staff workspace (/entrar…) is the single-page app's shell.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLAIM_METRICS } from '../../../domain/registry/vocabulary.js';
import { ACT_COUNT_DIMENSIONS, type ActCountDimension } from '../../../domain/violations/counts.js';
import { homePage } from '../../../site/pages/home.js';
import { methodologyPage } from '../../../site/pages/methodology.js';
import { notFoundPage } from '../../../site/pages/not-found.js';
import { PAGES, type PageName, pageOf } from '../../../site/paths.js';
import { SITE_CSS, SITE_CSS_PATH } from '../../../site/site-css.js';
import type { Lang } from '../../../site/words.js';
import { homeData, siteFrame } from '../../../usecases/public-site.js';
import type { RouteDeps } from '../../app.js';

export const SITE_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const today = () => new Date().toISOString().slice(0, 10);

function send(request: FastifyRequest, reply: FastifyReply, status: number, body: string, type = 'text/html; charset=utf-8') {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  reply.header('content-security-policy', SITE_POLICY).header('content-type', type).header('etag', etag);
  if (status === 200 && request.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.header('cache-control', 'no-cache').status(status).send(body);
}

/** Registers the pages; returns the not-found page, which the app's not-found handler answers outside /api/. */
export async function registerSiteRoutes(
  app: FastifyInstance,
  { store, answers }: RouteDeps,
  options: { shell: ((reply: FastifyReply) => unknown) | null },
): Promise<(request: FastifyRequest, reply: FastifyReply) => Promise<unknown>> {
  const cached = answers.get.bind(answers);
  const render = async (lang: Lang, name: PageName, query: Record<string, string | undefined>): Promise<string> => {
    const frame = await siteFrame(store.db, cached);
    if (name === 'methodology') return methodologyPage(lang, frame);
    const metric = CLAIM_METRICS.find((m) => m === query.metrica) ?? 'released';
    const actsBy: ActCountDimension = ACT_COUNT_DIMENSIONS.find((d) => d === query.por) ?? 'kind';
    return homePage(lang, frame, await homeData(store.db, cached, { metric, actsBy, today: today() }));
  };
  const config = { policy: 'site.read' as const, expensive: true };
  for (const lang of ['es', 'en'] as const) {
    for (const name of Object.keys(PAGES) as PageName[]) {
      const path = `${lang === 'en' ? '/en/' : '/'}${PAGES[name]}`;
      app.get(path, { config, schema: { hide: true } }, async (request, reply) =>
        send(request, reply, 200, await render(lang, name, request.query as Record<string, string | undefined>)),
      );
      if (path === '/en/') app.get('/en', { config, schema: { hide: true } }, async (_request, reply) => reply.redirect('/en/', 301));
    }
  }
  app.get(SITE_CSS_PATH, { config: { policy: 'site.read' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(SITE_CSS),
  );
  // the workspace's shell (its own router takes it from there)
  const shellRoute = async (_request: FastifyRequest, reply: FastifyReply) =>
    options.shell ? options.shell(reply) : reply.status(404).send('The staff workspace is not built: run npm run build.');
  app.get('/entrar', { config: { policy: 'site.read' }, schema: { hide: true } }, shellRoute);
  app.get('/entrar/*', { config: { policy: 'site.read' }, schema: { hide: true } }, shellRoute);
  // any other address: a page in the reader's language
  return async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const lang: Lang = pageOf(path)?.lang ?? (path === '/en' || path.startsWith('/en/') ? 'en' : 'es');
    return send(request, reply, 404, notFoundPage(lang, await siteFrame(store.db, cached)));
  };
}
