/**
 * The documenter's journey through the registry in Debian's Chromium: the list (server-side pages,
 * filters kept in the address, accent-blind search kept out of it), a person created by hand, found
 * again, corrected while a colleague corrects the same record (the later edit is refused and both
 * versions shown, nothing lost), an event added to the timeline and corrected; axe-core on each screen.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
      ['lola', 'analyst'],
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

    // "next" continues after the page's last person (keyset); "previous" counts from the start: the same rows
    const names = () => page.locator('tbody tr td:first-child a').allTextContents();
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toMatch(/^51–100 de 120$/);
    const second = await names();
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toMatch(/^101–120 de 120$/);
    expect(await page.getByRole('button', { name: 'Siguiente' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Anterior' }).click();
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toMatch(/^51–100 de 120$/);
    expect(await names()).toEqual(second);
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
    await page.getByTestId('persons-count').waitFor();
    await page.keyboard.press('Control+k');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('person-search');
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
    await other.getByRole('button', { name: 'Guardar', exact: true }).click();
    await expect.poll(() => other.getByRole('status').textContent()).toBe('Guardado.');
    await elsewhere.close();

    // With her form still open, Dora adds the arrest to the timeline (the record reloads under the form)
    await expect.poll(() => page.getByText('Sin eventos: la situación no se conoce.').count()).toBe(1);
    await page.getByRole('button', { name: 'Añadir un evento' }).click();
    const form = page.getByTestId('event-form');
    expect(await form.getByLabel('Qué pasó').evaluate((el) => el === document.activeElement)).toBe(true); // focus goes into the form
    await form.getByLabel('Qué pasó').selectOption('detained');
    await form.getByLabel('Fecha', { exact: true }).fill('2026-01-09');
    await form.getByLabel('Centro').selectOption({ label: 'El Helicoide' });
    await form.getByRole('button', { name: 'Guardar el evento' }).click();
    await expect.poll(() => page.locator('.timeline li').count()).toBe(1);
    await expect.poll(() => page.locator('.status-now strong').textContent()).toBe('Detenido');
    expect(await page.locator('.timeline li').textContent()).toMatch(/9 ene 2026 — Detenido · El Helicoide/);

    // Her identity edit was based on the version she opened: refused, both sides shown
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    const conflict = page.getByTestId('conflict');
    await expect.poll(() => conflict.count()).toBe(1);
    // what changed on each side since the form opened: his given names, her second surname
    const rows = await conflict.locator('tbody tr').allTextContents();
    expect(rows).toEqual(['NombresYusbelis Andreínasin cambioYusbely Andreína', 'Segundo apellidoNúñezNúñez de PeñaNúñez']);
    expect(await conflict.locator('tr.differs').count()).toBe(0); // no field changed by both
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Aplicar mis cambios sobre lo guardado' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Guardado.');
    // both corrections stand: nothing of Darío's was lost
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Yusbely Andreína Peña Núñez de Peña');

    // The arrest's date corrected to the month only
    await page.getByRole('button', { name: /^Corregir: Detenido 2026-01-09/ }).click();
    await page.getByTestId('event-form').getByLabel('Precisión de la fecha').selectOption('month');
    await page.getByTestId('event-form').getByRole('button', { name: 'Guardar el evento' }).click();
    await expect.poll(() => page.locator('.timeline li').first().textContent()).toMatch(/^enero de 2026 — Detenido/);

    // Back to the list as it was left
    await page.getByRole('link', { name: '← Registro' }).click();
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toBe('1–1 de 1');

    // English, and back
    await page.getByRole('button', { name: 'Read in English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Registry of persons' }).count()).toBe(1);
    expect(await page.title()).toBe('Registry of persons · Recuento');
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
    // a record that is not there is said in the screen's language, with no "retry" that could not help
    await page.goto(`${server.url}/entrar/registro/00000000-0000-4000-8000-000000000000`);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('No existe, o no tiene acceso a ello.');
    expect(await page.getByRole('button', { name: 'Reintentar' }).count()).toBe(0);
    await page.goBack();
    await expect.poll(() => page.getByRole('heading', { name: 'Identidad' }).count()).toBe(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('lets a phone reach a wide table by keyboard, named, and leaves a table that fits out of the tab order', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'vivi', PASSWORD);
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toMatch(/ de 1\d\d$/);
    // wider than the phone: a region named after the screen's heading, reached by Tab and scrolled by arrows
    const region = page.locator('.table-wrap');
    await expect.poll(() => region.getAttribute('role')).toBe('region');
    expect(await region.getAttribute('aria-label')).toBeTruthy();
    expect(await region.getAttribute('tabindex')).toBe('0');
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // "Siguiente", at the foot of the long list, shows the next page from its top, its count focused
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toMatch(/^51–100 de /);
    const count = page.getByTestId('persons-count');
    await expect.poll(() => count.evaluate((e) => Math.round(e.getBoundingClientRect().top))).toBe(0);
    expect(await count.evaluate((e) => e === document.activeElement)).toBe(true);
    // the same table on a laptop fits: no region, no tab stop
    await page.setViewportSize({ width: 1600, height: 900 });
    await expect.poll(() => region.getAttribute('tabindex')).toBeNull();
    expect(await region.getAttribute('role')).toBeNull();
    await context.close();
  });

  it('imports the example NGO spreadsheet through the wizard, then corrects one of its records', async () => {
    const examples = join(import.meta.dirname, '..', 'docs', 'examples');
    const finished = await readFile(join(examples, 'ngo-registry.mapping.json'), 'utf8');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await signInAs(page, server.url, 'dora', PASSWORD);
    await page.getByRole('link', { name: 'Importar' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Importar una planilla' }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // 1. the file, and what was detected in it
    await page.getByLabel('Arrastre la planilla aquí, o elíjala').setInputFiles(join(examples, 'ngo-registry.csv'));
    await page.getByLabel(/Organización de la que viene/).fill('Example NGO (synthetic data)');
    await page.getByLabel('Fecha de la planilla').fill('2026-01-31');
    await page.getByRole('button', { name: 'Leer la planilla' }).click();
    const detected = page.getByTestId('detected');
    await expect.poll(() => detected.textContent()).toContain('windows-1252');
    expect(await detected.textContent()).toMatch(/; \(punto y coma\).*Filas10.*Fecha de detención: dd\/mm\/yyyy/);
    await page.getByText('Primeras filas').click();
    expect(await page.locator('[data-testid=preview] tbody tr').count()).toBe(10);

    // 2. the columns, guessed from the headers
    expect(await page.getByLabel(/Columna con el código de cada persona/).inputValue()).toBe('Nº');
    expect(await page.getByLabel('Centro de reclusión').inputValue()).toBe('Centro de reclusión');
    expect(await page.getByLabel('Nombre completo en una celda').inputValue()).toBe('Nombre completo');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // 3. the check writes nothing: problems row by row, values to translate, a download
    await page.getByRole('button', { name: 'Revisar sin escribir nada' }).click();
    await expect.poll(() => page.getByTestId('problems').count()).toBe(1);
    expect(await page.getByRole('alert').first().textContent()).toMatch(/problema\(s\): nada se escribiría/);
    const toMap = page.getByTestId('values-to-map');
    expect(await toMap.textContent()).toContain('Zona 7');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar los problemas (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('ngo-registry.problems.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe('\uFEFFrow,column,value,reason'); // a byte-order mark, for spreadsheets on Windows
    expect(csv).toContain('Zona 7');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // a value translated by choosing its entry is no longer asked for
    await toMap.getByLabel('Zona 7').selectOption('zona-7-boleita');
    await page.getByRole('button', { name: 'Revisar otra vez' }).click();
    const asWritten = () => page.getByTestId('values-to-map').locator('tbody td:nth-child(2)').allTextContents();
    await expect.poll(asWritten).toContain('Destacamento 511 GNB'); // the check has answered again
    expect(await asWritten()).not.toContain('Zona 7');
    // going back and checking again keeps what was chosen
    await page.getByRole('button', { name: 'Atrás' }).click();
    await page.getByRole('button', { name: 'Revisar sin escribir nada' }).click();
    await expect.poll(asWritten).toContain('Destacamento 511 GNB');
    expect(await asWritten()).not.toContain('Zona 7');

    // the organisation's finished mapping (it declares two entries the thesaurus lacks), saved for next time
    await page.getByRole('button', { name: 'Atrás' }).click();
    await page.getByText(/Mapeo en JSON/).click();
    await page.getByLabel(/Mapeo en JSON/).fill('{}');
    await expect.poll(() => page.locator('#json-error').textContent()).toMatch(/^No es un mapeo/);
    expect(await page.getByRole('button', { name: 'Revisar sin escribir nada' }).isDisabled()).toBe(true);
    await page.getByLabel(/Mapeo en JSON/).fill(finished);
    await page.getByLabel('Guardar este mapeo como').fill('ONG de ejemplo');
    await page.getByRole('button', { name: 'Guardar el mapeo' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Mapeo «ONG de ejemplo» guardado.');
    await page.getByRole('button', { name: 'Revisar sin escribir nada' }).click();
    await expect
      .poll(() => page.getByTestId('check-clean').textContent())
      .toBe('Ningún problema: 10 filas, 10 personas, 10 detenciones, 17 eventos. Nada se ha escrito todavía.');

    // 4–5. the import, all or nothing, and what changed
    await page.getByRole('button', { name: 'Importar (todo o nada)' }).click();
    const summary = page.getByTestId('import-summary');
    await expect.poll(() => summary.count()).toBe(1);
    expect(await summary.locator('tr').allTextContents()).toEqual([
      'Personas10 nuevas, 0 actualizadas',
      'Detenciones10 nuevas, 0 actualizadas',
      'Eventos17 nuevos, 0 actualizados',
      'Medidas4',
      'Juicios de la organización10',
    ]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // the saved mapping is offered with the next sheet
    await page.getByRole('button', { name: 'Importar otra planilla' }).click();
    await page.getByLabel('Arrastre la planilla aquí, o elíjala').setInputFiles(join(examples, 'ngo-registry.csv'));
    await page.getByRole('button', { name: 'Leer la planilla' }).click();
    await page.getByLabel('Usar un mapeo guardado').selectOption('ONG de ejemplo');
    await page.getByRole('button', { name: 'Usar', exact: true }).click();
    await expect.poll(() => page.getByLabel('Guardar este mapeo como').inputValue()).toBe('ONG de ejemplo');
    await page.getByRole('button', { name: 'Revisar sin escribir nada' }).click();
    await expect.poll(() => page.getByTestId('check-clean').count()).toBe(1);

    // and a documenter corrects one of the imported records
    await page.getByRole('link', { name: 'Registro', exact: true }).click();
    await page.getByLabel(/Buscar por nombre/).fill('perez gomez jose');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await expect.poll(() => page.getByTestId('persons-count').textContent()).toBe('1–1 de 1');
    await page.getByRole('link', { name: 'José Luis Pérez Gómez' }).click();
    await expect.poll(() => page.locator('.cards').textContent()).toMatch(/Detenido el 2 ago 2024.*El Helicoide/);
    await page.getByRole('button', { name: 'Corregir', exact: true }).click();
    await page.getByLabel('Ocupación').selectOption('human_rights_defender');
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Guardado.');
    await expect.poll(() => page.locator('.facts').first().textContent()).toContain('Defensor de derechos humanos');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('takes a family’s report through the public form, without JavaScript, to the triage queue, where a documenter accepts it', async () => {
    // the family, on a phone with scripts off
    const family = await (await browser.newContext({ viewport: { width: 412, height: 915 }, javaScriptEnabled: false })).newPage();
    await family.goto(`${server.url}/`);
    await family.getByRole('link', { name: 'Informar una detención' }).click();
    await family.getByRole('button', { name: 'Enviar' }).click(); // nothing filled: each problem named
    expect(await family.getByRole('alert').textContent()).toContain('Revise lo marcado');
    expect(await family.locator('#e-name').textContent()).toBe('Escriba el nombre de la persona detenida.');
    await family.getByLabel('Nombre y apellidos').fill('Wuilmer Antonio Briceño Mora');
    await family.getByLabel('Dónde la detuvieron').fill('Barquisimeto, Lara');
    await family.getByLabel('Quién la detuvo').fill('DGCIM');
    await family.getByLabel('Su relación con la persona').selectOption('family');
    await family.getByLabel('Cómo contactarle').fill('+58 414 555 0199');
    await family.waitForTimeout(3_100); // a person takes seconds to fill it: a form sent sooner is refused
    await family.getByRole('button', { name: 'Enviar' }).click();
    const code = (await family.getByTestId('follow-code').textContent())!;
    expect(code).toMatch(/^R(-[A-Z2-9]{4}){6}$/);
    expect(family.url()).not.toContain('Wuilmer');
    await family.getByRole('link', { name: 'Ver el estado de un informe' }).click();
    await family.getByLabel('Código').fill(code);
    await family.getByRole('button', { name: 'Ver' }).click();
    expect(await family.getByTestId('report-status').textContent()).toBe('Recibido; el equipo aún no lo revisó.');

    // the documenter's queue
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await signInAs(page, server.url, 'dora', PASSWORD);
    await page.getByRole('link', { name: 'Informes recibidos' }).click();
    const card = page.getByTestId('report').filter({ hasText: 'Wuilmer Antonio Briceño Mora' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Barquisimeto, Lara');
    expect(await card.textContent()).not.toContain('555 0199'); // sealed until asked for
    await card.getByRole('button', { name: 'Mostrar el contacto (queda registrado)' }).click();
    expect(await card.getByTestId('report-contact').textContent()).toBe('+58 414 555 0199');
    await card.getByText('Aceptar en el registro').click();
    expect(await card.getByLabel('Nombres').inputValue()).toBe('Wuilmer Antonio');
    expect(await card.getByLabel('Primer apellido').inputValue()).toBe('Briceño');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await card.getByRole('button', { name: 'Crear la persona (privada) con su detención' }).click();
    await expect.poll(() => page.getByTestId('report').filter({ hasText: 'Wuilmer Antonio Briceño Mora' }).count()).toBe(0); // out of the queue
    await page.getByLabel('Mostrar').selectOption('accepted');
    await page.getByTestId('report').filter({ hasText: 'Wuilmer' }).getByRole('link', { name: 'Abrir la ficha' }).click();
    await page.getByRole('heading', { name: 'Identidad' }).waitFor();
    expect(violations).toEqual([]);
    await context.close();

    // the family sees it was reviewed, and nothing more
    await family.getByRole('button', { name: 'Ver' }).click();
    expect(await family.getByTestId('report-status').textContent()).toBe('Revisado por el equipo. Si dejó un contacto y hace falta, le escribirán.');
  });

  it('lets a lawyer apply two instruments to the registry, read one decision, and compare them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await signInAs(page, server.url, 'lola', PASSWORD);
    await page.getByRole('link', { name: 'Elegibilidad' }).click();
    // the demo's own runs are listed (by "demo"); the lawyer's are added to them
    const mine = (instrument: string) => page.locator('[data-testid=runs] tbody tr').filter({ hasText: instrument }).filter({ hasText: 'lola' });
    await expect.poll(() => page.locator('[data-testid=runs] tbody tr').filter({ hasText: 'demo' }).count()).toBeGreaterThan(0);
    for (const instrument of ['ve-2026-proyecto', 've-2026-ley']) {
      await page.getByLabel(/^Instrumento \(ley/).selectOption(instrument);
      await page.getByRole('button', { name: 'Aplicar', exact: true }).click();
      await expect.poll(() => mine(instrument).count()).toBe(1);
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // one run: every detention's outcome, one decision as sentences with its articles
    await mine('ve-2026-ley').getByRole('link', { name: 've-2026-ley' }).click();
    await expect.poll(() => page.getByTestId('results-count').textContent()).toMatch(/^\d+ casos/);
    const all = Number((await page.getByTestId('results-count').textContent())!.split(' ')[0]);
    expect(all).toBeGreaterThan(100); // the demo's detentions and the imported sheet's
    await page.getByLabel('Resultado').selectOption('covered');
    await expect.poll(() => page.getByTestId('results-count').textContent()).not.toBe(`${all} casos (los de plazo vencido, primero)`);
    for (const cell of await page.locator('[data-testid=results] tbody tr td:nth-child(3) .outcome').allTextContents()) expect(cell).toBe('Amparado');
    // one facility's cases: every row names it
    const place = await page.getByLabel('Centro de reclusión').locator('option').nth(1).textContent();
    await page.getByLabel('Centro de reclusión').selectOption({ label: place! });
    for (const cell of await page.locator('[data-testid=results] tbody tr td:nth-child(2)').allTextContents()) expect(cell.startsWith(place!)).toBe(true);
    await page.getByLabel('Centro de reclusión').selectOption('');
    await page.getByRole('button', { name: 'Explicación' }).first().click();
    const sentences = await page.getByTestId('explanation').locator('li').allTextContents();
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.join(' ')).toMatch(/art(ículo|\.)/i);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // the bill against the law, as a transition matrix whose cells open their cases
    await page.getByRole('link', { name: '← Elegibilidad' }).click();
    await page.getByLabel('Instrumento A (antes)').selectOption('ve-2026-proyecto');
    await page.getByLabel('Instrumento B (después)').selectOption('ve-2026-ley');
    await page.getByRole('button', { name: 'Comparar' }).click();
    const matrix = page.getByTestId('transition-matrix');
    await expect.poll(() => matrix.count()).toBe(1);
    const cells = matrix.locator('button');
    expect(await cells.count()).toBeGreaterThan(0); // the law and the bill differ on some cases
    const label = (await cells.first().getAttribute('aria-label'))!;
    const n = Number(label.split(' ')[0]);
    await cells.first().click();
    expect(await page.locator('[data-testid=changed-cases] tbody tr').count()).toBe(n);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it("shows a documenter the week's presentations by court, who is overdue, re-arrests and a closure, and records a presentation", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await signInAs(page, server.url, 'dora', PASSWORD);
    await page.getByRole('link', { name: 'Medidas y centros' }).click();
    await page.getByLabel('A fecha de').fill('2026-03-02');
    await expect.poll(() => page.getByRole('heading', { name: /^Presentaciones de la semana del 2 mar 2026 al 8 mar 2026$/ }).count()).toBe(1);
    expect(page.url()).toMatch(/\/entrar\/medidas\?fecha=2026-03-02$/);
    const due = page.locator('[data-testid=due] tbody tr');
    await due.first().waitFor();
    const courts = (await page.locator('[data-testid=due] tbody tr td:first-child').allTextContents()).filter((c) => c !== '—');
    expect(courts.length).toBeGreaterThan(0);
    await page.getByLabel('Tribunal').selectOption(courts[0]!); // one court's list
    for (const court of await page.locator('[data-testid=due] tbody tr td:first-child').allTextContents()) expect(court).toBe(courts[0]);
    await page.getByLabel('Tribunal').selectOption('');
    // the week when someone overdue first missed a presentation: a documenter records it was made after all
    const overdueRow = page.locator('[data-testid=overdue] tbody tr').first();
    await overdueRow.waitFor();
    const since = await page.evaluate(() =>
      fetch('/api/conditions/overdue?asOf=2026-03-02')
        .then((r) => r.json())
        .then((o: { entries: { missedSince: string | null }[] }) => o.entries.find((e) => e.missedSince)!.missedSince!),
    );
    await page.getByLabel('A fecha de').fill(since);
    const pending = page.locator('[data-testid=due] tbody tr', { has: page.getByRole('button', { name: /^Registrar que se presentó/ }) }).first();
    const person = await pending.locator('td:nth-child(3)').textContent();
    await pending.getByRole('button').click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Presentación registrada.');
    await expect
      .poll(() => page.locator('[data-testid=due] tbody tr', { hasText: person! }).first().locator('td:nth-child(4)').textContent())
      .toBe('se presentó');
    await page.getByTestId('rearrest-rates').waitFor();
    expect(await page.getByTestId('rearrest-rates').textContent()).toMatch(/En 30 días.*En 90 días.*En 365 días/);
    await page.getByRole('button', { name: 'Ver adónde fue cada persona: El Helicoide' }).click();
    await page.getByTestId('closure').waitFor();
    expect(await page.getByTestId('closure').textContent()).toMatch(/^Cierre de El Helicoide/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(decodeURIComponent(page.url())).not.toContain(person!);
    expect(violations).toEqual([]);
    await context.close();
  });
});
