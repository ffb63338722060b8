/**
 * The verifier's journey in Debian's Chromium: a verifier reconciles the government's list against
 * a registry imported from an NGO's sheet, reads the gap explained, works the review queue by
 * keyboard (the report follows each decision at once), then adds evidence to a release (dropped
 * onto the page, its hash checked in the browser) and confirms it; a second verifier finds it in the
 * queue waiting for them and confirms it too, and the release is verified — four eyes. The same
 * verifier merges two look-alike records (different cédulas need "merge anyway") and undoes it.
 * axe-core runs on every screen.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../src/test/run-cli.js';
import { cspViolations, launchChromium, seriousAccessibilityViolations, signInWithAuthenticator } from './browser.js';

const PASSWORD = 'la ceiba del patio da sombra';
/** A 1×1 PNG: a synthetic "photo" of a release document. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('the verifier in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServe>>;
  let dir: string;
  let list: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-e2e-verifier-'));
    for (const name of ['vera', 'vito']) {
      const made = await runCli(['user', 'add', name, '--role', 'verifier', '--password-stdin', '--data', dir], {}, `${PASSWORD}\n`);
      expect(made.code, made.stderr).toBe(0);
    }
    const sheet = await runCli(
      ['import', 'docs/examples/ngo-registry.csv', '-m', 'docs/examples/ngo-registry.mapping.json', '--organisation', 'Foro Penal', '--data', dir],
      {},
    );
    expect(sheet.code, sheet.stderr).toBe(0);
    // two registry records of one name (synthetic), cédulas one digit apart: a list without cédula cannot tell them apart, and they may be one person with a cédula mistyped
    const twins = join(dir, 'twins.csv');
    await writeFile(
      twins,
      'external_id,given_names,first_surname,second_surname,cedula\nT-1,Deivis Alberto,Montilla,Sequera,27000111\nT-2,Deivis Alberto,Montilla,Sequera,27000112\n',
    );
    const twinsImport = await runCli(['import', twins, '--data', dir], {});
    expect(twinsImport.code, twinsImport.stderr).toBe(0);
    list = join(dir, 'lista-gobierno.csv');
    await writeFile(list, `${(await readFile('docs/examples/government-list.csv', 'utf8')).trimEnd()}\n13,MONTILLA SEQUERA DEIVIS ALBERTO,\n`);
    server = await startServe(['--port', '0', '--data', dir], { RECUENTO_DEMO_PERSONS: '0' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const heading = (page: Page, name: string | RegExp) => expect.poll(() => page.getByRole('heading', { name, level: 1 }).count()).toBe(1);

  it('reconciles a list, works the review queue by keyboard, and confirms a release that a second verifier confirms', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    const visited: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && visited.push(frame.url()));
    await signInWithAuthenticator(page, server.url, 'vera', PASSWORD);

    // the list, with what it is and the period it covers
    await page.getByRole('link', { name: 'Conciliar' }).click();
    await heading(page, 'Conciliar listas');
    await page.getByText('Aún no se ha conciliado ninguna lista.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.locator('#reconcile-file').setInputFiles(list);
    await page.getByLabel('Qué lista es').fill('Lista del gobierno, 30 de enero');
    await page.getByLabel('Excarcelaciones desde').fill('2026-01-08');
    await page.getByLabel('hasta').fill('2026-01-30');
    await page.getByRole('button', { name: 'Conciliar', exact: true }).click();

    // the gap explained: 13 claimed, 3 confirmed, the rest class by class
    await heading(page, 'Lista del gobierno, 30 de enero');
    expect(await page.getByTestId('claim').textContent()).toMatch(/afirma 13 excarcelaciones .* el registro confirma 3 en ese período\. Las otras 10/);
    const count = async (c: string) => Number(await page.locator(`[data-testid=class-counts] tr[data-class=${c}] td.num`).first().textContent());
    expect(await count('released_in_period')).toBe(3);
    expect(await count('released_earlier')).toBe(2);
    expect(await count('ambiguous')).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Clase').selectOption('released_earlier');
    await expect.poll(() => page.locator('[data-testid=report-rows] tbody tr').count()).toBe(2);
    expect(page.url()).toMatch(/\?clase=released_earlier$/);
    expect(await page.locator('[data-testid=report-rows] tbody').textContent()).toMatch(/el registro tiene la excarcelación el .* antes del/);

    // the review queue: the row beside both candidates, the waterfall, decided by keyboard
    await page.getByRole('link', { name: 'Revisar las dudosas (1)' }).click();
    await heading(page, /Cola de revisión/);
    expect(await page.getByTestId('queue-progress').textContent()).toBe('0 de 1 decididas');
    expect(await page.getByTestId('entry-name').textContent()).toBe('MONTILLA SEQUERA DEIVIS ALBERTO');
    expect(await page.locator('[data-testid=candidates] thead button').count()).toBe(2);
    expect(await page.locator('[data-testid=waterfall] tbody tr').count()).toBeGreaterThanOrEqual(4); // prior, the fields, total
    expect(await page.getByTestId('waterfall').textContent()).toMatch(/Punto de partida.*Apellidos.*Total/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('2');
    expect(await page.getByRole('button', { name: 'Candidata 2' }).getAttribute('aria-pressed')).toBe('true');
    // the report that follows a decision is slow to come (a large registry): a key pressed meanwhile falls on nothing
    const slowReport = async (route: import('playwright-core').Route) => {
      if (route.request().method() === 'GET') await new Promise((done) => setTimeout(done, 1500));
      await route.continue();
    };
    await page.route(/\/api\/reconciliations\/[^/]+$/, slowReport);
    await page.keyboard.press('m');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Guardado: la fila 14 es la candidata elegida/);
    await page.keyboard.press('n');
    expect(await page.getByRole('button', { name: 'No es esta persona (N)' }).isDisabled()).toBe(true);
    await page.getByTestId('queue-empty').waitFor();
    await page.unroute(/\/api\/reconciliations\/[^/]+$/, slowReport);
    expect(await page.getByTestId('queue-progress').textContent()).toBe('1 de 1 decididas');
    expect(await count('ambiguous')).toBe(0); // the report follows the decision at once

    // a release of the list, to verify: evidence dropped in, then the first confirmation
    await page.getByRole('link', { name: '← Las filas' }).click();
    await heading(page, 'Lista del gobierno, 30 de enero');
    expect(await page.locator('[data-testid=report-rows]').textContent()).toMatch(/decidido por revisión/);
    await page.getByLabel('Clase').selectOption('released_in_period');
    await expect.poll(() => page.locator('[data-testid=report-rows] tbody tr').count()).toBe(3);
    await page.locator('[data-testid=report-rows] tbody tr', { hasText: 'PEREZ GOMEZ JOSE LUIS' }).getByRole('link').click();
    // the sensitive fields: hidden until asked (the reading is audited), corrected in place
    const sensitive = page.getByTestId('sensitive');
    await sensitive.getByRole('button', { name: 'Mostrar (queda registrado)' }).click();
    await sensitive.getByRole('button', { name: 'Corregir' }).click();
    await sensitive.getByLabel('Salud').fill('Hipertensión sin tratamiento (dato sintético).');
    await sensitive.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => sensitive.textContent()).toMatch(/SaludHipertensión sin tratamiento \(dato sintético\)\./);
    await sensitive.getByRole('button', { name: 'Ocultar' }).click();
    expect(await sensitive.textContent()).not.toMatch(/Hipertensión/);
    await page.getByRole('link', { name: /^Verificación: Excarcelado con medidas/ }).click();
    await heading(page, /^Verificación: Excarcelado con medidas/);
    const photo = await page.evaluateHandle((base64) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'boleta.png', { type: 'image/png' }));
      return transfer;
    }, PNG);
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: photo });
    await page.getByLabel('Tipo').selectOption('official_list_entry');
    await page.getByLabel('Fuente').selectOption({ index: 1 });
    expect(await page.locator('#evidence-source option:checked').textContent()).toMatch(/^Foro Penal/);
    await page.getByLabel('Título').fill('Boleta de excarcelación (sintética)');
    await page.getByRole('button', { name: 'Guardar y enlazar' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Evidencia guardada y enlazada/);
    await page
      .locator('#evidence-file')
      .setInputFiles({ name: 'nota.txt', mimeType: 'text/plain', buffer: Buffer.from('Testimonio sintético de la familia.') });
    await page.getByLabel('Tipo').selectOption('testimony');
    await page.getByLabel('Título').fill('Testimonio de la familia (sintético)');
    await page.getByRole('button', { name: 'Guardar y enlazar' }).click();
    await expect.poll(() => page.getByTestId('add-evidence').textContent()).toMatch(/Evidencia guardada y enlazada\. Nivel: Corroborado/);
    await expect.poll(() => page.getByTestId('subject-level').textContent()).toBe('Corroborado');
    expect(await page.getByTestId('four-eyes').textContent()).toMatch(/Necesita que dos personas verificadoras/);

    const boleta = page.getByTestId('evidence-item').filter({ hasText: 'Boleta de excarcelación' });
    expect(await boleta.locator('code').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await boleta.getByRole('button', { name: 'Ver' }).click();
    await boleta.getByTestId('hash-checked').waitFor();
    expect(await boleta.getByRole('img').count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Boleta de excarcelación (sintética)').check();
    await page.getByLabel('Testimonio de la familia (sintético)').check();
    await page.getByLabel('Nota (opcional)').fill('Coincide con la lista del tribunal.');
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await expect
      .poll(() => page.getByTestId('four-eyes').textContent())
      .toMatch(/Lo confirmó vera\. Falta una segunda persona verificadora, que no sea vera\./);
    expect(await page.getByTestId('subject-level').textContent()).toBe('Corroborado');
    expect(await page.getByText('Usted ya lo confirmó').count()).toBe(1);
    await page.getByLabel('Boleta de excarcelación (sintética)').check();
    expect(await page.getByRole('button', { name: 'Confirmar' }).isDisabled()).toBe(true); // nobody is second to themself

    // the second verifier finds it waiting for them, checks the evidence and confirms
    const other = await (await browser.newContext({ viewport: { width: 820, height: 1180 } })).newPage(); // a tablet
    const otherViolations = cspViolations(other);
    await signInWithAuthenticator(other, server.url, 'vito', PASSWORD);
    await other.getByRole('link', { name: 'Verificar' }).click();
    await heading(other, 'Verificar');
    const waiting = other.locator('[data-testid=verification-queue] tbody tr', { hasText: 'vera; espera una segunda persona' });
    await waiting.waitFor();
    expect(await seriousAccessibilityViolations(other)).toEqual([]);
    await waiting.getByRole('link', { name: /Excarcelado con medidas/ }).click();
    await heading(other, /^Verificación: Excarcelado con medidas/);
    const subjectAddress = other.url();
    const item = other.getByTestId('evidence-item').filter({ hasText: 'Testimonio de la familia' });
    await item.getByRole('button', { name: 'Ver' }).click();
    await item.getByTestId('hash-checked').waitFor();
    expect(await item.locator('pre').textContent()).toBe('Testimonio sintético de la familia.');
    await other.getByLabel('Testimonio de la familia (sintético)').check();
    await other.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => other.getByTestId('subject-level').textContent()).toBe('Verificado');
    expect(await other.getByTestId('four-eyes').textContent()).toMatch(/Verificado: lo confirmaron vera, vito\./);
    // the person is private (the sheet's default): the public log says nothing of them
    expect(await other.getByTestId('review-form').getByRole('status').textContent()).toMatch(/el registro de transparencia no dice nada de ella/);
    const history = await other.locator('[data-testid=level-history] tbody tr').allTextContents();
    expect(history.at(-1)).toMatch(/Corroborado.*Verificado.*revisión.*vito/);
    expect(await seriousAccessibilityViolations(other)).toEqual([]);

    // the twins of the review queue as duplicates: two cédulas need an explicit "merge anyway"; undone
    await other.getByRole('link', { name: 'Duplicados' }).click();
    await heading(other, 'Duplicados');
    await other.getByText('Ningún par llega a esa probabilidad.').waitFor(); // in a registry of 12, the pair is less than 50 % likely
    await other.getByLabel('Probabilidad mínima').selectOption('0.2');
    const pair = other.getByTestId('duplicate-pair').filter({ hasText: '27000111' });
    await pair.waitFor();
    expect(await pair.textContent()).toMatch(/27000112/);
    await pair.locator('summary', { hasText: 'Por qué parecen la misma persona' }).click();
    expect(await pair.getByTestId('waterfall').textContent()).toMatch(/Punto de partida.*Total/);
    expect(await seriousAccessibilityViolations(other)).toEqual([]);
    await pair.getByRole('button', { name: 'Conservar A y fusionar B en él' }).click();
    await expect.poll(() => pair.getByRole('alert').textContent()).toMatch(/cédulas distintas/);
    await pair.getByRole('button', { name: 'Fusionar igualmente' }).click();
    await expect.poll(() => other.getByRole('status').first().textContent()).toMatch(/^Fusionados/);
    await expect.poll(() => other.locator('[data-testid=merges] tbody tr').count()).toBe(1);
    expect(await other.getByTestId('duplicate-pair').filter({ hasText: '27000111' }).count()).toBe(0);
    await other.getByRole('button', { name: 'Deshacer' }).click();
    await expect.poll(() => other.getByRole('status').first().textContent()).toMatch(/^Fusión deshecha/);
    await other.getByText('Aún no se ha fusionado nada.').waitFor();
    await other.getByTestId('duplicate-pair').filter({ hasText: '27000111' }).waitFor();

    // a file changed on disk is refused, never shown
    const sha = (await boleta.locator('code').textContent())!;
    const stored = join(dir, 'evidence', sha.slice(0, 2), sha);
    await writeFile(stored, Buffer.concat([await readFile(stored), Buffer.from('alterado')]));
    await other.goto(subjectAddress);
    await other.getByTestId('evidence-item').filter({ hasText: 'Boleta de excarcelación' }).getByRole('button', { name: 'Ver' }).click();
    await expect
      .poll(() => other.getByTestId('evidence-item').filter({ hasText: 'Boleta de excarcelación' }).getByRole('alert').textContent())
      .toMatch(/no pasó su control de integridad .*restaurarlo desde una copia/);

    // no name ever went into an address or a window title
    expect(visited.length).toBeGreaterThan(8);
    for (const url of visited) expect(decodeURIComponent(url)).not.toMatch(/PEREZ|Pérez|Montilla|Deivis/i);
    for (const p of [page, other]) expect(await p.title()).not.toMatch(/PEREZ|Pérez|Montilla|Deivis/i);
    expect(violations).toEqual([]);
    expect(otherViolations).toEqual([]);
  });
});
