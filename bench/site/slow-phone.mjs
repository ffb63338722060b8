#!/usr/bin/env node
// The public site on a poor phone connection: each page loaded in Debian's Chromium with a cold
// cache over an emulated "Fast 3G" link (DevTools' preset: 562.5 ms round trip, 1.44 Mbit/s down,
// 675 kbit/s up) and a 4× slower CPU, against `recuento serve` with its demo data (after npm run build).
// Prints, per page, the first contentful paint, the largest contentful paint and the bytes sent over
// the wire (by kind); then the public JavaScript's size gzipped. Prints figures; records nothing.
//   node bench/site/slow-phone.mjs [--persons 1000] [--runs 3] [--url http://host:port]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serveRecuento } from '../../scripts/serve-process.mjs';

const { values: args } = parseArgs({
  options: { persons: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' }, url: { type: 'string' } },
});
const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = JSON.parse(readFileSync(join(ROOT, 'e2e', 'chromium.json'), 'utf8'));
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
const PAGES = ['/', '/en/', '/lista', '/centros', '/centro/el-helicoide', '/condiciones', '/amnistia', '/datos', '/transparencia', '/consulta', '/metodologia'];

let data;
let server;
if (args.url) server = { url: args.url, stop: async () => {} };
else {
  data = mkdtempSync(join(tmpdir(), 'recuento-bench-site-'));
  const env = { ...process.env, RECUENTO_DEMO_PERSONS: args.persons, RECUENTO_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // the embedded database
  server = await serveRecuento(data, env);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM.executablePath, args: CHROMIUM.args });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  // a person's page: the first one the public list links to
  const probe = await browser.newPage();
  await probe.goto(`${server.url}/lista`);
  const person = await probe.locator('[data-testid=public-list] tbody th a').first().getAttribute('href');
  await probe.close();
  if (person) PAGES.splice(3, 0, person);
  console.log(
    `machine: ${(await import('node:os')).cpus().length} cores; Chromium ${browser.version()}; Fast 3G, CPU ×4, cold cache; median of ${args.runs} loads`,
  );
  console.log('page'.padEnd(34), 'FCP ms'.padStart(8), 'LCP ms'.padStart(8), 'bytes'.padStart(9), ' (html / css / js / other)');
  for (const path of PAGES) {
    const fcps = [];
    const lcps = [];
    let bytes = null;
    for (let run = 0; run < Number(args.runs); run++) {
      const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', FAST_3G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const kinds = new Map();
      const typeOf = new Map();
      cdp.on('Network.responseReceived', (e) => typeOf.set(e.requestId, e.type));
      cdp.on('Network.loadingFinished', (e) => {
        const kind = { Document: 'html', Stylesheet: 'css', Script: 'js' }[typeOf.get(e.requestId)] ?? 'other';
        kinds.set(kind, (kinds.get(kind) ?? 0) + e.encodedDataLength);
      });
      await page.addInitScript(() => {
        window.__lcp = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) window.__lcp = entry.startTime;
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      });
      await page.goto(`${server.url}${path}`, { waitUntil: 'load', timeout: 120_000 });
      await page.waitForTimeout(300);
      const { fcp, lcp } = await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        lcp: window.__lcp,
      }));
      fcps.push(fcp);
      lcps.push(lcp);
      bytes = Object.fromEntries(kinds);
      await context.close();
    }
    const total = Object.values(bytes).reduce((a, b) => a + b, 0);
    const split = ['html', 'css', 'js', 'other'].map((k) => Math.round(bytes[k] ?? 0)).join(' / ');
    console.log(
      path.slice(0, 34).padEnd(34),
      String(Math.round(median(fcps))).padStart(8),
      String(Math.round(median(lcps))).padStart(8),
      String(Math.round(total)).padStart(9),
      ` (${split})`,
    );
  }
  // the public JavaScript: the look-up's script and the chunks it imports, gzipped
  const dist = join(ROOT, 'dist', 'web');
  const entry = readFileSync(join(dist, 'site', 'lookup.js'), 'utf8');
  const chunks = [...entry.matchAll(/from"\.\.\/assets\/([^"]+)"/g)].map((m) => m[1]);
  const files = [join(dist, 'site', 'lookup.js'), ...chunks.map((c) => join(dist, 'assets', c))];
  const gz = files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
  console.log(
    `public JavaScript (only /consulta loads any): ${files.length} files, ${Math.round(gz / 1024)} KB gzipped (${readdirSync(join(dist, 'assets')).length} files in assets/, the rest the staff's)`,
  );
} finally {
  await browser.close();
  await server.stop();
  if (data) rmSync(data, { recursive: true, force: true });
}
