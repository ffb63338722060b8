/**
 * Browser journey in Debian's Chromium: the public site with scripts off on a phone — the chart,
 * the gaps in words, a number's source, the registry's counts, another measure, English, the
 * methodology — and axe-core on every public page.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../src/domain/translog/audit.js';
import { lookupCodeOf } from '../src/domain/translog/entries.js';
import { sha256 } from '../src/domain/translog/sha256.js';
import { fromBase64 } from '../src/domain/translog/signed-note.js';
import { startServe } from '../src/test/run-cli.js';
import { cspViolations, launchChromium, seriousAccessibilityViolations } from './browser.js';

describe('the public page in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServe>>;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-e2e-'));
    server = await startServe(['--port', '0', '--data', dir], { RECUENTO_DEMO_PERSONS: '60' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads completely without JavaScript on a phone: the chart, the gaps in words, every source, the registry, both languages', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 }, javaScriptEnabled: false }); // a phone, scripts off
    const page = await context.newPage();
    const violations = cspViolations(page);
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.locator('h1').textContent()).toBe('Recuento');
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.locator('[data-testid=claims-chart] circle').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('demo-banner').textContent()).toContain('sintéticas');
    expect(await page.getByRole('heading', { name: 'Excarcelaciones: cifras declaradas a lo largo del tiempo' }).count()).toBe(1);
    // the gap is said in words, between claims counted from the same day
    expect(await page.getByTestId('gaps').textContent()).toMatch(
      /desde el 1 de diciembre de 2025; el 26 de enero de 2026, según Foro Penal: 383\. Diferencia: al menos 218\./,
    );

    // every number's source is one tap away, scripts or not
    const firstRow = page.locator('[data-testid=claims-table] tbody tr').first();
    expect(await firstRow.locator('cite').isVisible()).toBe(false);
    await firstRow.getByText('Ver fuente').click();
    expect(await firstRow.locator('cite').isVisible()).toBe(true);
    expect(await firstRow.locator('cite').textContent()).toMatch(/\d{4}-\d{2}-\d{2}|report/i);

    // every count states its verification level: the registry's table has a column per level
    const statusHeaders = await page.locator('[data-testid=status-table] thead th').allTextContents();
    expect(statusHeaders).toEqual(['Situación', 'Total', 'Verificado', 'Corroborado', 'Reportado', 'En disputa', 'Refutado']);
    // every level's number is shown or withheld, never from 1 to 4
    const levelCells = (await page.locator('[data-testid=status-table] tbody td[data-level]').allTextContents()).map((c) => c.trim());
    expect(levelCells.every((c) => c === 'oculto' || /^\d[\d.]*$/.test(c))).toBe(true);
    const shownLevels = levelCells.filter((c) => c !== 'oculto').map((c) => Number(c.replaceAll('.', '')));
    expect(shownLevels.filter((n) => n >= 1 && n <= 4)).toEqual([]);
    expect(shownLevels.some((n) => n >= 5)).toBe(true);

    // violations in custody: persons by kind of act, never below 5, each kind's definition one tap away
    expect(await page.getByRole('heading', { name: 'Violaciones en custodia' }).count()).toBe(1);
    const persons = await page.locator('[data-testid=acts-table] tbody tr td:nth-of-type(1)').allTextContents();
    expect(persons.length).toBeGreaterThan(0);
    expect(persons.every((n) => Number(n.replace(/\D/g, '')) >= 5)).toBe(true);
    const definition = page.getByTestId('act-definition').first();
    await definition.locator('summary').click();
    expect(await definition.locator('cite').isVisible()).toBe(true);
    expect(await definition.textContent()).toMatch(/[áéíóú]/); // in Spanish
    await page.getByRole('link', { name: 'Cuerpo responsable (según lo reportado)' }).click();
    expect(await page.locator('[data-testid=acts-table] thead th').first().textContent()).toBe('Cuerpo responsable (según lo reportado)');

    // another measure, then the same page in English
    await page.getByRole('link', { name: 'Presos políticos detenidos', exact: true }).click();
    expect(await page.locator('[data-testid=claims-table] tbody tr').count()).toBeGreaterThan(1);
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { name: 'Political prisoners held: claimed figures over time' }).count()).toBe(1);
    expect(await page.getByTestId('demo-banner').textContent()).toContain('synthetic');
    expect(await page.locator('[data-testid=claims-table] tbody tr').first().getByText('Show source').count()).toBe(1);
    expect(await page.locator('[data-testid=acts-table] thead th').first().textContent()).toBe('Responsible agency (as reported)');
    await page.getByRole('link', { name: 'Methodology' }).first().click();
    expect(await page.getByRole('heading', { name: 'When two figures are compared' }).count()).toBe(1);

    expect(fetched.filter((path) => path.endsWith('.js'))).toEqual([]); // no script at all
    expect(violations).toEqual([]);
    await context.close();
  });

  it('finds a named person in the public list without JavaScript, and the name never enters an address', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const visited: string[] = [];
    page.on('request', (request) => visited.push(request.url()));
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Lista pública' }).first().click();
    const first = page.locator('[data-testid=public-list] tbody tr').first();
    const name = (await first.locator('th a').textContent())!;
    const surname = name.split(' ').at(-1)!;
    // typed without accents or capitals
    await page.getByLabel('Nombre o apellido').fill(surname.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
    await page.getByRole('button', { name: 'Buscar' }).click();
    expect(await page.getByTestId('list-count').textContent()).toMatch(/^\d+ personas?; se muestran/);
    const names = await page.locator('[data-testid=public-list] tbody th a').allTextContents();
    expect(names).toContain(name);
    expect(names.every((n) => n.includes(surname))).toBe(true);
    await page.getByRole('link', { name, exact: true }).first().click();
    expect(await page.locator('h1').textContent()).toBe(name);
    expect(await page.getByTestId('person-status').textContent()).toMatch(/nivel: (Reportado|Corroborado|Verificado)/);
    expect(await page.title()).toBe(`${name} · Recuento`);
    // the person's page has its English twin one link away
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    expect(await page.getByRole('heading', { name: 'Timeline' }).count()).toBe(1);
    const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    expect(visited.filter((url) => plain(decodeURIComponent(url)).includes(plain(surname)))).toEqual([]);
    await context.close();
  });

  it('lets a family check its receipt in the browser, from the QR code’s address or the file, and refuses a tampered one', async () => {
    const token = (await readFile(join(dir, 'admin-token'), 'utf8')).trim();
    const admin = (path: string, init?: RequestInit) =>
      fetch(`${server.url}${path}`, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    expect(
      (await admin('/api/log/publications/list', { method: 'POST', body: JSON.stringify({ title: 'Excarcelaciones (prueba del navegador)' }) })).status,
    ).toBe(201);
    const hidden = ((await (await admin('/api/persons?consent=aggregate_only&status=released_with_measures&limit=50')).json()) as { items: { id: string }[] })
      .items;
    let receipt: Receipt | undefined;
    for (const person of hidden) {
      receipt ??= ((await (await admin(`/api/persons/${person.id}/receipts`)).json()) as Receipt[]).find((r) => JSON.parse(r.subject).list);
    }
    expect(receipt).toBeDefined();
    const name = (JSON.parse(receipt!.subject) as { name: string }).name;
    const code = lookupCodeOf(sha256, fromBase64(receipt!.salt)!, receipt!.leafIndex);

    const page = await browser.newPage({ viewport: { width: 412, height: 915 } });
    const violations = cspViolations(page);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(decodeURIComponent(request.url())));
    // the QR code opens the look-up with the code in the fragment, which no server receives
    await page.goto(`${server.url}/consulta#codigo=${code}`);
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 }).toContain('Comprobado en este navegador');
    expect(await page.getByTestId('receipt-subject').textContent()).toContain(name);
    expect(await page.getByTestId('log-key').textContent()).toBe((await (await fetch(`${server.url}/api/log/key`)).text()).trim());
    expect(page.url()).toBe(`${server.url}/consulta`); // the code is not left in the address or the history
    expect(requested.filter((url) => url.includes(code) || url.includes(name))).toEqual([]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // the file, checked without asking the server for the receipt; then the same file altered
    const folder = await mkdtemp(join(tmpdir(), 'recuento-receipt-'));
    await writeFile(join(folder, 'recibo.json'), JSON.stringify(receipt));
    await writeFile(join(folder, 'alterado.json'), JSON.stringify({ ...receipt, subject: receipt!.subject.replace('released', 'detained') }));
    await page.locator('#archivo').setInputFiles(join(folder, 'alterado.json'));
    await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('La comprobación falló');
    await page.locator('#archivo').setInputFiles(join(folder, 'recibo.json'));
    await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('Comprobado en este navegador');
    // a mistyped code opens nothing
    await page.getByLabel(/^Código/).fill(`${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`);
    await page.getByRole('button', { name: 'Consultar' }).click();
    await expect.poll(() => page.getByTestId('lookup-result').textContent()).toContain('Ningún recibo tiene este código');
    expect(violations).toEqual([]);
    await rm(folder, { recursive: true, force: true });
    await page.close();
  });

  it('finds no serious accessibility problem on any public page, in either language', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations = cspViolations(page);
    for (const path of [
      '/',
      '/?metrica=held&por=month',
      '/metodologia',
      '/lista',
      '/en/lista?situacion=detained',
      '/centros',
      '/condiciones',
      '/amnistia',
      '/datos',
      '/transparencia',
      '/consulta',
      '/informar',
      '/informar/seguimiento',
      '/en/condiciones',
      '/centro/el-helicoide',
      '/en/centro/el-helicoide',
      '/en/',
      '/en/metodologia',
      '/no-such-page',
    ]) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousAccessibilityViolations(page), path).toEqual([]);
    }
    // on a phone, where wide tables scroll
    await page.setViewportSize({ width: 412, height: 915 });
    for (const path of ['/', '/condiciones', '/lista']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousAccessibilityViolations(page), `${path} on a phone`).toEqual([]);
    }
    await page.goto(`${server.url}/lista`);
    await page.locator('[data-testid=public-list] tbody th a').first().click();
    await page.getByTestId('public-timeline').waitFor();
    expect(await seriousAccessibilityViolations(page), 'a person').toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('renders the API docs page under our content policy, with no violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations = cspViolations(page);
    const response = await page.goto(`${server.url}/api/docs/`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    // Every resource is listed as a section (collapsed: the whole list at once is more than the page renders).
    await page.waitForSelector('.opblock-tag', { timeout: 15_000 });
    await expect.poll(() => page.locator('.opblock-tag').count()).toBeGreaterThan(20);
    await page.locator('.opblock-tag[data-tag=acts]').click();
    await expect.poll(() => page.locator('.opblock-summary-path').count(), { timeout: 15_000 }).toBeGreaterThan(5);
    expect(await page.locator('.opblock-summary-path').allTextContents()).toContain('/api/acts/counts');
    expect(violations).toEqual([]);
    await page.close();
  });
});
