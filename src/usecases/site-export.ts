/**
 * The public site as static files, for any static host or mirror to serve when the main address is
 * blocked: every page reachable from the home page in both languages (each measure's chart, each
 * page of the public list and of the log's entries, every named person and facility), the open data
 * and its datapackage.json, the log's key and signed checkpoint, the stylesheet and the look-up's
 * script. Pages are asked of the site itself (`fetchPage`: the server's own routes, in process), so
 * a mirror shows exactly what the site shows; addresses with a query become folders
 * (/?metrica=held → /q/metrica-held/), and the links are rewritten to match. Searching needs the main
 * site: each form says so. A manifest (recuento-export.json) lists every file with its SHA-256 and the
 * checkpoint the export reflects.
 */
import { createHash } from 'node:crypto';

export type Fetched = { status: number; type: string; body: Buffer };
export type ExportResult = { files: number; bytes: number; checkpoint: string };

/** Where the crawl starts: the two home pages, and what no page links to but a mirror needs. */
const SEEDS = ['/', '/en/', '/datos/datapackage.json', '/api/log/key', '/api/log/checkpoint', '/api/log/publications', '/site/lookup.js'];
/** The API's files a mirror carries (the look-up's script reads them); no other /api/ address. */
const API_FILES = new Set(['/api/log/key', '/api/log/checkpoint', '/api/log/publications']);
/** The queries that choose what a page shows (and so become folders); list filters stay on the main site. */
const PAGE_QUERIES = new Set(['metrica', 'por', 'pagina', 'desde']);
const MAX_FILES = 200_000;

/** The file an address is kept in. */
export function fileOf(address: string): string {
  const url = new URL(address, 'http://mirror.invalid');
  const path = decodeURIComponent(url.pathname);
  const query = [...url.searchParams].filter(([k]) => PAGE_QUERIES.has(k)).sort(([a], [b]) => a.localeCompare(b));
  const slug = query.map(([k, v]) => `${k}-${v}`.replace(/[^a-z0-9_-]/gi, '_')).join('_');
  if (API_FILES.has(path) || /\.[a-z0-9]+$/i.test(path)) return path.slice(1);
  const folder = path.endsWith('/') ? path : `${path}/`;
  return `${folder.slice(1)}${slug ? `q/${slug}/` : ''}index.html`;
}

/** The address a mirror serves a file at (folders end with a slash). */
function mirrorAddress(address: string): string {
  const file = fileOf(address);
  return `/${file.endsWith('index.html') ? file.slice(0, -'index.html'.length) : file}`;
}

function followable(target: string): string | null {
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  const url = new URL(target, 'http://mirror.invalid');
  if (url.pathname.startsWith('/entrar')) return null;
  // a report sent to a mirror would go, in the clear, to whoever runs it: the mirror says where to send it
  if (url.pathname === '/informar' || url.pathname.startsWith('/informar/') || url.pathname.startsWith('/en/informar')) return null;
  if (url.pathname.startsWith('/api/') && !API_FILES.has(url.pathname)) return null;
  if ([...url.searchParams.keys()].some((k) => !PAGE_QUERIES.has(k))) return null;
  const query = [...url.searchParams].filter(([k]) => PAGE_QUERIES.has(k));
  return `${url.pathname}${query.length > 0 ? `?${new URLSearchParams(query).toString()}` : ''}`;
}

/** A mirror's page where the report form would be: reports go to the main address only. */
const REPORT_ON_MIRROR = {
  es: '<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Informar una detención · Recuento</title></head><body><main><h1>Informar una detención</h1><p>Esta es una copia del sitio. Un informe enviado aquí no llegaría al equipo y quedaría en manos de quien sirve la copia: envíelo solo desde la dirección principal de Recuento.</p><p><a href="/">Volver a las cifras</a></p></main></body></html>\n',
  en: '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Report a detention · Recuento</title></head><body><main><h1>Report a detention</h1><p>This is a copy of the site. A report sent here would not reach the team and would be left with whoever serves the copy: send it only from Recuento’s main address.</p><p><a href="/en/">Back to the figures</a></p></main></body></html>\n',
};

const MIRROR_NOTE = {
  es: 'En esta copia del sitio esta búsqueda no funciona: use la dirección principal, o los datos abiertos.',
  en: 'On this copy of the site this search does not work: use the main address, or the open data.',
};

export async function exportSite(
  fetchPage: (address: string) => Promise<Fetched>,
  write: (file: string, body: Buffer) => Promise<void>,
): Promise<ExportResult> {
  const queue = [...SEEDS];
  const seen = new Set(queue);
  const manifest: Record<string, { sha256: string; bytes: number }> = {};
  let bytes = 0;
  while (queue.length > 0) {
    if (Object.keys(manifest).length >= MAX_FILES) throw new Error(`more than ${MAX_FILES} files: the export stopped`);
    const address = queue.shift()!;
    const page = await fetchPage(address);
    if (page.status !== 200) continue;
    const found: string[] = [];
    let body = page.body;
    if (page.type.startsWith('text/html')) {
      let text = body.toString('utf8');
      for (const match of text.matchAll(/(?:href|src)="([^"#]*)(?:#[^"]*)?"/g)) found.push(match[1]!.replaceAll('&amp;', '&'));
      // links to a query become links to its folder
      text = text.replace(/(href|src)="(\/[^"#]*\?[^"#]*)(#[^"]*)?"/g, (all, attribute: string, target: string, fragment = '') => {
        const follow = followable(target.replaceAll('&amp;', '&'));
        return follow ? `${attribute}="${mirrorAddress(follow)}${fragment}"` : all;
      });
      const lang = /<html lang="en"/.test(text) ? 'en' : 'es';
      text = text.replace(/<form method="post"/g, `<p class="hint" role="note">${MIRROR_NOTE[lang]}</p><form method="post"`);
      body = Buffer.from(text, 'utf8');
    } else if (page.type.includes('javascript')) {
      const text = body.toString('utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+\.js)"/g))
        found.push(new URL(match[1]!, `http://mirror.invalid${address}`).pathname);
    } else if (address === '/datos/datapackage.json') {
      for (const resource of (JSON.parse(body.toString('utf8')) as { resources: { path: string }[] }).resources) found.push(`/datos/${resource.path}`);
    }
    const file = fileOf(address);
    await write(file, body);
    manifest[file] = { sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length };
    bytes += body.length;
    for (const target of found) {
      const next = followable(target);
      if (next && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  for (const [file, lang] of [
    ['informar/index.html', 'es'],
    ['en/informar/index.html', 'en'],
  ] as const) {
    const note = Buffer.from(REPORT_ON_MIRROR[lang], 'utf8');
    await write(file, note);
    manifest[file] = { sha256: createHash('sha256').update(note).digest('hex'), bytes: note.length };
  }
  const checkpoint = (await fetchPage('/api/log/checkpoint')).body.toString('utf8');
  const description = { format: 'recuento-site-export/v1', generatedAt: new Date().toISOString(), checkpoint, files: manifest };
  await write('recuento-export.json', Buffer.from(`${JSON.stringify(description, null, 2)}\n`));
  return { files: Object.keys(manifest).length, bytes, checkpoint };
}
