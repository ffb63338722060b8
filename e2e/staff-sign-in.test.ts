/**
 * Browser journey in Debian's Chromium: the first administrator and a verifier are made on the
 * command line with passwords; the verifier signs in, must set up an authenticator app (the code is
 * computed here from the key the page shows), keeps the recovery codes, changes the password, signs
 * out, is refused with a wrong password, signs back in with a recovery code, and ends a session
 * opened in another browser; the administrator reads the audit trail and checks its chain.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp, totpStep } from '../src/domain/auth/totp.js';
import { runCli, startServe } from '../src/test/run-cli.js';
import { hmacSha1 } from '../src/usecases/sign-in.js';
import { cspViolations, launchChromium, seriousAccessibilityViolations, signInWithAuthenticator } from './browser.js';

const PASSWORD = 'la ceiba del patio da sombra';

describe('staff sign-in in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServe>>;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-e2e-staff-'));
    const admin = await runCli(['user', 'add', 'ada', '--role', 'administrator', '--password-stdin', '--data', dir], {}, `${PASSWORD}\n`);
    expect(admin.code, admin.stderr).toBe(0);
    expect(admin.stderr).toMatch(/with a password\. At the first sign-in to the web UI it must set up an authenticator app/);
    expect(admin.stdout).toMatch(/^rct_/);
    const weak = await runCli(['user', 'add', 'vic', '--role', 'verifier', '--password-stdin', '--data', dir], {}, 'short\n');
    expect(weak.code).toBe(3);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    for (const name of ['vera', 'vito']) {
      const verifier = await runCli(['user', 'add', name, '--role', 'verifier', '--password-stdin', '--data', dir], {}, `${PASSWORD}\n`);
      expect(verifier.code, verifier.stderr).toBe(0);
    }
    server = await startServe(['--port', '0', '--data', dir], { RECUENTO_DEMO_PERSONS: '20' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('signs a verifier in, sets up the second factor, changes the password, signs out and back in, and ends a session elsewhere', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Equipo' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Entrar (equipo)' }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Nombre de la cuenta').fill('vera');
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('button', { name: 'Configurar la app de autenticación' }).click();
    const secret = base32Decode((await page.getByTestId('totp-secret').textContent())!)!;
    expect(secret.length).toBe(20);
    await page.getByLabel(/Código de la app/).fill(hotp(hmacSha1, secret, totpStep(Date.now())));
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => page.locator('[data-testid=recovery-codes] li').count()).toBe(10);
    const recovery = (await page.locator('[data-testid=recovery-codes] li').allTextContents()).map((c) => c.trim());
    await page.getByRole('button', { name: 'Los guardé, continuar' }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('Sesión de vera (verificación).');

    const cookies = await context.cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([
      { name: 'recuento_session', httpOnly: true, sameSite: 'Strict' },
    ]);
    expect(await page.evaluate(() => document.cookie)).toBe(''); // scripts cannot read the session

    await expect.poll(() => page.getByRole('heading', { name: 'Registro de personas' }).count()).toBe(1); // a verifier starts at the registry
    await page.getByRole('link', { name: 'Mi cuenta' }).click();
    const next = 'el río crece en agosto';
    await page.getByLabel('Contraseña actual').fill(PASSWORD);
    await page.getByLabel(/Contraseña nueva/).fill(next);
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Contraseña cambiada/);

    await page.getByRole('button', { name: 'Salir' }).click();
    await page.getByLabel('Nombre de la cuenta').fill('vera');
    await page.getByLabel('Contraseña').fill(PASSWORD); // the old one
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toMatch(/demasiados intentos|too many attempts/);

    await page.getByLabel('Contraseña').fill(next);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByLabel(/Código de la app/).fill(recovery[0]!);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('Sesión de vera (verificación).');

    // Another browser signs in as vera; this one sees it and ends it, the password asked again.
    const elsewhere = await browser.newContext();
    const other = await elsewhere.newPage();
    await other.goto(`${server.url}/entrar`);
    await other.getByLabel('Nombre de la cuenta').fill('vera');
    await other.getByLabel('Contraseña').fill(next);
    await other.getByRole('button', { name: 'Entrar' }).click();
    await other.getByLabel(/Código de la app/).fill(recovery[1]!);
    await other.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => other.getByTestId('signed-in-as').textContent()).toBe('Sesión de vera (verificación).');
    await page.reload();
    await page.getByRole('link', { name: 'Mi cuenta' }).click();
    await expect.poll(() => page.getByTestId('open-session').count()).toBe(2);
    await page.getByLabel('Su contraseña, para cerrar sesiones').fill(next);
    await page.getByRole('button', { name: 'Cerrar todas las demás' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('1 sesión(es) cerrada(s).');
    await expect.poll(() => page.getByTestId('open-session').count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await other.reload();
    await expect.poll(() => other.getByRole('heading', { name: 'Entrar (equipo)' }).count()).toBe(1);
    await elsewhere.close();

    expect(violations).toEqual([]);
    await context.close();
  });

  it('shows an administrator the audit trail, makes an account, publishes a list seen first; a verifier gives a family its receipt', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = cspViolations(page);
    await page.goto(`${server.url}/entrar`);
    await page.getByLabel('Nombre de la cuenta').fill('ada');
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('button', { name: 'Configurar la app de autenticación' }).click();
    const secret = base32Decode((await page.getByTestId('totp-secret').textContent())!)!;
    await page.getByLabel(/Código de la app/).fill(hotp(hmacSha1, secret, totpStep(Date.now())));
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await page.getByRole('button', { name: 'Los guardé, continuar' }).click();
    await page.getByRole('link', { name: 'Auditoría' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Registro de auditoría' }).count()).toBe(1);

    const rows = async () => (await page.getByTestId('audit-record').allTextContents()).join('\n');
    await expect.poll(rows).toMatch(/session\.signin/); // the sign-ins, vera's among them
    await expect.poll(rows).toMatch(/os:.+cli\.user\.add/); // the accounts made on the command line, by whom
    expect(await rows()).not.toContain(PASSWORD);

    await page.getByRole('button', { name: 'Verificar la cadena' }).click();
    await expect.poll(() => page.getByTestId('audit-check').textContent()).toMatch(/^Cadena intacta: \d+ registros\.$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const exported = await page.evaluate(() => fetch('/api/audit/export').then((r) => r.text()));
    expect(exported.trim().split('\n').length).toBeGreaterThan(5);
    expect(exported).toContain('"action":"cli.user.add"');

    // The administrator makes an account, the person signs in elsewhere, and the administrator ends that session
    await page.getByRole('link', { name: 'Cuentas' }).click();
    await page.getByLabel('Nombre de la cuenta').fill('nora');
    await page.getByLabel('Función').selectOption('documenter');
    await page.getByLabel(/Primera contraseña/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Crear la cuenta' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Cuenta «nora» creada/);
    expect(await page.getByTestId('first-token').locator('code').textContent()).toMatch(/^rct_/);
    await expect.poll(() => page.getByTestId('account-row').filter({ hasText: 'nora' }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const elsewhere = await browser.newContext();
    const other = await elsewhere.newPage();
    await other.goto(`${server.url}/entrar`);
    await other.getByLabel('Nombre de la cuenta').fill('nora');
    await other.getByLabel('Contraseña').fill(PASSWORD);
    await other.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => other.getByTestId('signed-in-as').textContent()).toBe('Sesión de nora (documentación).');

    await page.getByRole('button', { name: 'Cerrar sus sesiones (nora)' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('1 sesión(es) de nora cerrada(s).');
    await other.reload();
    await expect.poll(() => other.getByRole('heading', { name: 'Entrar (equipo)' }).count()).toBe(1);
    await elsewhere.close();

    // Publishing a list: what will be public is shown first, and nothing goes out before it was seen
    await page.getByRole('link', { name: 'Publicar' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Publicar', level: 1 }).count()).toBe(1);
    await page.getByTestId('publications').waitFor(); // the demo's own publications
    const before = await page.locator('[data-testid=publications] tbody tr').count();
    const list = page.getByTestId('publish-list');
    await list.getByLabel('Título de la lista').fill('Personas del registro (demostración)');
    for (const box of await list.getByRole('checkbox').all()) await box.check(); // every situation
    expect(await list.getByRole('button', { name: 'Publicar la lista en el registro de transparencia' }).isDisabled()).toBe(true);
    await list.getByRole('button', { name: 'Ver qué se publicará' }).click();
    const preview = list.getByTestId('list-preview');
    await preview.waitFor();
    const counted = async (re: RegExp) => Number(((await preview.textContent()) ?? '').match(re)?.[1]);
    const named = await counted(/Con nombre[^:]*: (\d+)/);
    const committed = await counted(/solo como compromiso[^:]*: (\d+)/);
    const leftOut = await counted(/\(privadas\): (\d+)/);
    expect(named + committed + leftOut).toBe(20); // every demo person, each in one way
    expect(committed).toBeGreaterThan(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await list.getByLabel('A fecha de').fill('2026-03-01'); // a change asks for a new preview
    await expect.poll(() => list.getByRole('button', { name: 'Publicar la lista en el registro de transparencia' }).isDisabled()).toBe(true);
    await list.getByRole('button', { name: 'Ver qué se publicará' }).click();
    await list.getByRole('button', { name: 'Publicar la lista en el registro de transparencia' }).click();
    await expect.poll(() => list.getByRole('status').textContent()).toMatch(/^Publicado: entradas \d+ a \d+ del registro de transparencia\.$/);
    await expect.poll(() => page.locator('[data-testid=publications] tbody tr').count()).toBe(before + 1);
    expect(await page.getByTestId('publications').textContent()).toContain('Personas del registro (demostración)');

    // the system: a backup made while serving, the log's size and key; an account's tokens, one revoked
    await page.getByRole('link', { name: 'Sistema' }).click();
    await expect.poll(() => page.getByTestId('log-size').textContent()).toMatch(/^Entradas: \d+$/);
    await page.getByRole('button', { name: 'Hacer una copia ahora' }).click();
    await expect
      .poll(() => page.getByTestId('backups').getByRole('status').textContent())
      .toMatch(/^Copia escrita: recuento-.+\.backup \(\d+ filas de \d+ tablas\), sellada con la clave maestra /);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Cuentas' }).click();
    await page.getByRole('button', { name: 'Tokens de API (nora)' }).click();
    const tokens = page.getByTestId('tokens');
    await tokens.getByRole('button', { name: /^Revocar/ }).waitFor();
    page.once('dialog', (dialog) => dialog.accept());
    await tokens.getByRole('button', { name: /^Revocar/ }).click();
    await expect.poll(() => tokens.textContent()).toMatch(/revocado el/);
    expect(violations).toEqual([]);
    await context.close();

    // the family of a person counted without a name gets their receipt from a verifier
    const verifier = await (await browser.newContext()).newPage();
    await signInWithAuthenticator(verifier, server.url, 'vito', PASSWORD);
    await verifier.goto(`${server.url}/entrar/registro?consent=aggregate_only`);
    await verifier.locator('tbody a').first().click();
    const receipts = verifier.getByTestId('receipts');
    await receipts.getByRole('button', { name: 'Preparar los recibos' }).click();
    await receipts.getByTestId('receipt').first().waitFor();
    expect(await receipts.getByTestId('receipt').first().textContent()).toMatch(/Prueba: en la lista «Personas del registro \(demostración\)» con situación/);
    const download = verifier.waitForEvent('download');
    await receipts.getByRole('button', { name: 'Descargar (archivo)' }).first().click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^recibo-\d+\.json$/);
    const receipt = JSON.parse(await readFile((await file.path())!, 'utf8')) as { format: string; leafIndex: number };
    expect(receipt).toMatchObject({ format: 'recuento-receipt/v1' });
    expect(await seriousAccessibilityViolations(verifier)).toEqual([]);
  });
});
