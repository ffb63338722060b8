/**
 * Browser journey in Debian's Chromium: open the public page, see the chart and the
 * demo label, open a number's source, switch to English.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('shows the claims chart in Spanish, a source one click away, and switches to English', async () => {
    const page = await browser.newPage({ viewport: { width: 412, height: 915 } }); // a phone
    const violations = cspViolations(page);
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => page.locator('h1').textContent()).toBe('Recuento');
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await page.waitForSelector('[data-testid=claims-chart] circle');
    expect(await page.locator('[data-testid=claims-chart] circle').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('demo-banner').textContent()).toContain('sintéticas');
    expect(await page.getByRole('heading', { name: 'Cifras declaradas a lo largo del tiempo' }).count()).toBe(1);

    // Every number's source is one click away.
    const firstRow = page.locator('[data-testid=claims-table] tbody tr').first();
    await firstRow.getByText('Ver fuente').click();
    expect(await firstRow.locator('cite').textContent()).toMatch(/\d{4}-\d{2}-\d{2}|report/i);
    expect(await firstRow.locator('cite').isVisible()).toBe(true);

    // Tapping a dot of the chart shows that claim with its citation.
    const box = await page.locator('[data-testid=claims-chart]').boundingBox();
    const dot = page.locator('[data-testid=claims-chart] circle').nth(3);
    const dotBox = (await dot.boundingBox())!;
    expect(box).not.toBeNull();
    await page.mouse.click(dotBox.x + dotBox.width / 2, dotBox.y + dotBox.height / 2);
    await expect.poll(() => page.getByTestId('claim-detail').count()).toBe(1);
    expect(await page.getByTestId('claim-detail').textContent()).toMatch(/Publicado por: .+/);

    // The gap between the highest and lowest claim is spelled out.
    expect(await page.getByTestId('gap').textContent()).toContain('supera');
    expect(violations).toEqual([]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(fetched.filter((path) => /Staff/.test(path))).toEqual([]); // the staff workspace is a chunk the public never downloads
    // Every count states its verification level: the registry's table has a column per level.
    const statusHeaders = await page.locator('[data-testid=status-table] thead th').allTextContents();
    expect(statusHeaders).toEqual(['Situación', 'Total', 'Verificado', 'Corroborado', 'Reportado', 'En disputa', 'Refutado']);
    const firstStatus = page.locator('[data-testid=status-table] tbody tr').first();
    expect(Number((await firstStatus.locator('td[data-level=reported]').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);

    // Violations in custody: persons by kind of act, never below 5, each kind's definition one tap away.
    await page.getByTestId('acts-table').waitFor();
    expect(await page.getByRole('heading', { name: 'Violaciones en custodia' }).count()).toBe(1);
    const persons = await page.locator('[data-testid=acts-table] tbody tr:not(.definition) td:nth-of-type(1)').allTextContents();
    expect(persons.length).toBeGreaterThan(0);
    expect(persons.every((n) => Number(n.replace(/\D/g, '')) >= 5)).toBe(true);
    await page.locator('[data-testid=acts-table] tbody tr').first().getByRole('button').click();
    expect(await page.getByTestId('act-definition').locator('cite').isVisible()).toBe(true);
    expect(await page.getByTestId('act-definition').textContent()).toMatch(/[áéíóú]/); // in Spanish
    await page.getByTestId('acts-by').selectOption('agency');
    await expect.poll(() => page.locator('[data-testid=acts-table] thead th').first().textContent()).toBe('Cuerpo responsable (según lo reportado)');

    await page.getByRole('button', { name: 'Read in English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Claimed figures over time' }).count()).toBe(1);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('demo-banner').textContent()).toContain('synthetic');
    expect(await page.locator('[data-testid=claims-table] tbody tr').first().getByText('Show source').count()).toBe(1);

    // Another metric redraws the chart with its own claims.
    await page.getByTestId('metric').selectOption('held');
    await expect.poll(() => page.locator('[data-testid=claims-table] tbody tr').count()).toBeGreaterThan(1);
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
