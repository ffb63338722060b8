/** Debian's Chromium, started as it must be on these machines (no sandbox as root, no GPU, no network chatter). */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { base32Decode, hotp, totpStep } from '../src/domain/auth/totp.js';
import { hmacSha1 } from '../src/usecases/sign-in.js';
import CHROMIUM from './chromium.json' with { type: 'json' };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM.executablePath, args: CHROMIUM.args });
}

/** Collects Content Security Policy violations the page reports on its console. */
export function cspViolations(page: import('playwright-core').Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical findings on the page as it is now, one line each (rule, help,
 * first elements). Evaluated through the browser's debugging protocol, so the page's strict CSP
 * stays on for everything else.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join('; ')}`,
    );
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Signs a person in at /entrar with name and password (roles without a second factor). */
export async function signInAs(page: Page, url: string, name: string, password: string): Promise<void> {
  await page.goto(`${url}/entrar`);
  await page.getByLabel('Nombre de la cuenta').fill(name);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

/**
 * Signs in a role that needs a second factor (verifiers, administrators): at the first sign-in it
 * sets up the authenticator app from the key the page shows, keeps the recovery codes and goes on;
 * afterwards the key given back signs in with a fresh code.
 */
export async function signInWithAuthenticator(page: Page, url: string, name: string, password: string, key?: Uint8Array): Promise<Uint8Array> {
  await page.goto(`${url}/entrar`);
  await page.getByLabel('Nombre de la cuenta').fill(name);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  if (key) {
    await page.getByLabel(/Código de la app/).fill(hotp(hmacSha1, key, totpStep(Date.now())));
    await page.getByRole('button', { name: 'Entrar' }).click();
  } else {
    await page.getByRole('button', { name: 'Configurar la app de autenticación' }).click();
    key = base32Decode((await page.getByTestId('totp-secret').textContent())!)!;
    await page.getByLabel(/Código de la app/).fill(hotp(hmacSha1, key, totpStep(Date.now())));
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await page.getByRole('button', { name: 'Los guardé, continuar' }).click();
  }
  await page.getByTestId('signed-in-as').waitFor();
  return key;
}
