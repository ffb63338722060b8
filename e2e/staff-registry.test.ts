/**
 * The documenter's journey through the registry in Debian's Chromium: the list (server-side pages,
 * filters kept in the address, accent-blind search kept out of it), a person created by hand, found
 * again, corrected while a colleague corrects the same record (the later edit is refused and both
 * versions shown, nothing lost), an event added to the timeline and corrected; axe-core on each screen.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../src/test/run-cli.js';
import { cspViolations, launchChromium, seriousAccessibilityViolations, signInAs } from './browser.js';

const PASSWORD = 'la ceiba del patio da sombra';

describe('the registry in Chromium (documenters)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServe>>;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-e2e-registry-'));
    for (const [name, role] of [
      ['dora', 'documenter'],
      ['dario', 'documenter'],
      ['vivi', 'viewer'],
    ]) {
      const made = await runCli(['user', 'add', name!, '--role', role!, '--password-stdin', '--data', dir], {}, `${PASSWORD}\n`);
      expect(made.code, made.stderr).toBe(0);
    }
    server = await startServe(['--port', '0', '--data', dir], { RECUENTO_DEMO_PERSONS: '120' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function storedAnywhere(page: Page, text: string) {
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    return stored.includes(text) || page.url().includes(text);
  }

  it('lists, filters, creates, finds and corrects a person; a stale edit shows both versions; the timeline grows', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await signInAs(page, server.url, 'dora', PASSWORD);
    await expect.poll(() => page.getByRole('heading', { name: 'Registro de personas' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toMatch(/^1–50 de 120$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Siguiente' }).click();
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toMatch(/^51–100 de 120$/);
    await page.getByLabel('Situación').selectOption('detained');
    await expect.poll(() => new URL(page.url()).search).toBe('?status=detained'); // a filter can be bookmarked; the page starts again
    await expect.poll(() => page.getByTestId('persons-count').textContent()).not.toMatch(/ de 120$/);
    const detained = Number((await page.getByTestId('persons-count').textContent())!.split(' de ')[1]);
    expect(detained).toBeGreaterThan(0);
    expect(detained).toBeLessThan(120);
    for (const cell of await page.locator('tbody tr td:nth-child(3)').allTextContents()) expect(cell).toBe('Detenido');
    await page.getByRole('button', { name: 'Quitar filtros' }).click();

    // A person entered by hand; the schema the API applies is checked in the browser first
    await page.getByRole('link', { name: 'Nueva persona' }).click();
    await page.getByRole('button', { name: 'Crear' }).click();
    await expect.poll(() => page.locator('#person-givenNames[aria-invalid=true]').count()).toBe(1);
    expect(await page.locator('#person-givenNames-error').textContent()).toBe('Obligatorio.');
    await page.getByLabel('Nombres', { exact: true }).fill('Yusbelis Andreína');
    await page.getByLabel('Primer apellido').fill('Peña');
    await page.getByLabel('Segundo apellido').fill('Núñez');
    await page.getByRole('button', { name: 'Añadir un documento' }).click();
    await page.getByLabel('Documentos de identidad 1: Cédula V').fill('V-14.222.333');
    await page.getByLabel('Ocupación').selectOption('journalist');
    await page.getByRole('button', { name: 'Crear' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Yusbelis Andreína Peña Núñez');
    const recordUrl = page.url();
    expect(recordUrl).toMatch(/\/entrar\/registro\/[0-9a-f-]{36}$/);

    // Found again, without accents or capitals; the name never reaches the address or the storage
    await page.getByRole('link', { name: 'Registro', exact: true }).click();
    await page.keyboard.press('/');
    await page.keyboard.type('PENA nunez');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toBe('1–1 de 1');
    expect(await storedAnywhere(page, 'nunez')).toBe(false);
    expect(await storedAnywhere(page, 'Peña')).toBe(false);
    await page.getByRole('link', { name: 'Yusbelis Andreína Peña Núñez' }).click();
    await expect.poll(() => page.getByText('Cédula V 14222333').count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Dora opens the form; Darío corrects the same person first
    await page.getByRole('button', { name: 'Corregir' }).click();
    await page.getByLabel('Segundo apellido').fill('Núñez de Peña');
    const elsewhere = await browser.newContext();
    const other = await elsewhere.newPage();
    await signInAs(other, server.url, 'dario', PASSWORD);
    await other.goto(recordUrl);
    await other.getByRole('button', { name: 'Corregir' }).click();
    await other.getByLabel('Nombres', { exact: true }).fill('Yusbely Andreína');
    await other.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => other.getByRole('status').textContent()).toBe('Guardado.');
    await elsewhere.close();

    await page.getByRole('button', { name: 'Guardar' }).click();
    const conflict = page.getByTestId('conflict');
    await expect.poll(() => conflict.count()).toBe(1);
    const differing = await conflict.locator('tr.differs').allTextContents();
    expect(differing).toEqual(['≠ NombresYusbelis AndreínaYusbely Andreína', '≠ Segundo apellidoNúñez de PeñaNúñez']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Guardar la mía encima' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Guardado.');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Yusbelis Andreína Peña Núñez de Peña');

    // The timeline: an arrest added, then its date corrected to the month only
    await expect.poll(() => page.getByText('Sin eventos: la situación no se conoce.').count()).toBe(1);
    await page.getByRole('button', { name: 'Añadir un evento' }).click();
    const form = page.getByTestId('event-form');
    await form.getByLabel('Qué pasó').selectOption('detained');
    await form.getByLabel('Fecha', { exact: true }).fill('2026-01-09');
    await form.getByLabel('Centro').selectOption({ label: 'El Helicoide' });
    await form.getByRole('button', { name: 'Guardar el evento' }).click();
    await expect.poll(() => page.locator('.timeline li').count()).toBe(1);
    await expect.poll(() => page.locator('.status-now strong').textContent()).toBe('Detenido');
    expect(await page.locator('.timeline li').textContent()).toMatch(/9 ene 2026 — Detenido · El Helicoide/);
    await page.getByRole('button', { name: /^Corregir: Detenido 2026-01-09/ }).click();
    await page.getByTestId('event-form').getByLabel('Precisión de la fecha').selectOption('month');
    await page.getByTestId('event-form').getByRole('button', { name: 'Guardar el evento' }).click();
    await expect.poll(() => page.locator('.timeline li').first().textContent()).toMatch(/^enero de 2026 — Detenido/);

    // English, and back
    await page.getByRole('button', { name: 'Read in English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Timeline' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Leer en español' }).click();

    expect(violations).toEqual([]);
    await context.close();
  });

  it('shows a viewer the registry without the buttons that change it, and a tablet the same screens', async () => {
    const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'vivi', PASSWORD);
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toMatch(/ de 1\d\d$/);
    expect(await page.getByRole('link', { name: 'Nueva persona' }).count()).toBe(0);
    await page.locator('tbody a').first().click();
    await expect.poll(() => page.getByRole('heading', { name: 'Identidad' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Corregir' }).count()).toBe(0);
    expect(await page.getByText('Su función no permite ver las fuentes.').count()).toBe(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
