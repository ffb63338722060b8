#!/usr/bin/env node
/**
 * Screenshots of every screen, in Spanish, into docs/screens/ (and their index, docs/SCREENS.md):
 * `npm run screenshots`. A throwaway data folder with synthetic demo
 * persons; accounts made on the command line; Debian's Chromium. Run it after changing a screen.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { base32Decode, hotp, totpStep } from '../dist/domain/auth/totp.js';
import { hmacSha1 } from '../dist/usecases/sign-in.js';
import { BIN, serveRecuento } from './serve-process.mjs';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs', 'screens');
const CHROMIUM = JSON.parse(readFileSync(join(ROOT, 'e2e', 'chromium.json'), 'utf8'));
const PASSWORD = 'la ceiba del patio da sombra';
const LAPTOP = { width: 1280, height: 860 };
const TABLET = { width: 820, height: 1180 };
/** A 1×1 PNG: a synthetic "photo" of a release document. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const data = mkdtempSync(join(tmpdir(), 'recuento-screens-'));
const shots = [];
let server;
let browser;
try {
  for (const [name, role] of [
    ['dora', 'documenter'],
    ['dario', 'documenter'],
    ['ada', 'administrator'],
    ['lola', 'analyst'],
    ['vera', 'verifier'],
    ['vito', 'verifier'],
  ]) {
    const made = spawnSync(process.execPath, [BIN, 'user', 'add', name, '--role', role, '--password-stdin', '--data', data], { input: `${PASSWORD}\n` });
    if (made.status !== 0) throw new Error(`user add ${name}: ${made.stderr}`);
  }
  const env = { ...process.env, RECUENTO_DEMO_PERSONS: '400', RECUENTO_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // always the embedded database
  // two persons of one name (synthetic), whom a list without cédula cannot tell apart: the review queue's case
  const twins = join(data, 'twins.csv');
  writeFileSync(
    twins,
    'external_id,given_names,first_surname,second_surname,cedula\nT-1,Deivis Alberto,Montilla,Sequera,27000111\nT-2,Deivis Alberto,Montilla,Sequera,27000112\n',
  );
  const seeded = spawnSync(process.execPath, [BIN, 'seed-demo', '--persons', '400', '--data', data], { env });
  if (seeded.status !== 0) throw new Error(`seed-demo: ${seeded.stderr}`);
  const imported = spawnSync(process.execPath, [BIN, 'import', twins, '--data', data], { env });
  if (imported.status !== 0) throw new Error(`import twins: ${imported.stderr}`);
  server = await serveRecuento(data, env);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM.executablePath, args: CHROMIUM.args });
  mkdirSync(OUT, { recursive: true });

  // the public site, as a reader without JavaScript sees it
  for (const [viewport, path, name, caption] of [
    [
      LAPTOP,
      '/',
      'public-home',
      'Sitio público, sin JavaScript: las cifras de cada parte, las brechas entre cifras comparables, fechas clave, cada fuente, el registro',
    ],
    [{ width: 412, height: 915 }, '/en/?metrica=held', 'public-phone-en', 'The public site on a phone, in English: political prisoners held'],
    [
      LAPTOP,
      '/metodologia',
      'public-methodology',
      'Metodología: cada definición, cuándo se comparan dos cifras, consentimiento, celdas pequeñas, cómo verificar',
    ],
    [
      LAPTOP,
      '/lista',
      'public-list',
      'La lista pública: solo quienes consintieron aparecer con su nombre; búsqueda sin tildes (el nombre nunca va en la dirección)',
    ],
    [
      LAPTOP,
      '/centro/el-helicoide',
      'public-facility',
      'Un centro: su historia, personas detenidas por mes y, anunciado su cierre, adónde fueron (solo cifras)',
    ],
    [LAPTOP, '/condiciones', 'public-conditions', 'Medidas cautelares y nuevas detenciones: mes a mes, por semana, la tasa con su definición'],
    [LAPTOP, '/amnistia', 'public-amnesty', 'La amnistía en cifras: cada instrumento aplicado a los casos del registro'],
    [LAPTOP, '/datos', 'public-data', 'Datos abiertos: cada conjunto en CSV y JSON, descrito en datapackage.json'],
    [LAPTOP, '/transparencia', 'public-transparency', 'Transparencia: el último punto de control, lo publicado y las entradas del registro'],
    [
      { width: 412, height: 915 },
      '/informar',
      'public-report',
      'Informar una detención (teléfono, sin JavaScript): va a la cola de revisión del equipo, nada se publica por sí solo',
    ],
  ]) {
    const reader = await browser.newContext({ viewport, locale: 'es-VE', javaScriptEnabled: false });
    const page = await reader.newPage();
    await page.goto(`${server.url}${path}`);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    shots.push({ name, caption });
    await reader.close();
  }
  {
    // a family reports a detention (scripts off); the documenter's triage queue receives it
    const family = await (await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'es-VE', javaScriptEnabled: false })).newPage();
    await family.goto(`${server.url}/informar`);
    await family.getByLabel('Nombre y apellidos').fill('Wuilmer Antonio Briceño Mora');
    await family.getByLabel('Dónde la detuvieron').fill('Barquisimeto, Lara');
    await family.getByLabel('Quién la detuvo').fill('DGCIM');
    await family.getByLabel('Qué pasó').fill('Lo detuvieron al salir del trabajo; la familia no sabe adónde lo llevaron. (Informe sintético de demostración.)');
    await family.getByLabel('Su relación con la persona').selectOption('family');
    await family.getByLabel('Cómo contactarle').fill('+58 414 555 0199 (sintético)');
    await family.waitForTimeout(3_100);
    await family.getByRole('button', { name: 'Enviar' }).click();
    await family.getByTestId('follow-code').waitFor();
    await family.screenshot({ path: join(OUT, 'public-report-sent.png'), fullPage: true });
    shots.push({ name: 'public-report-sent', caption: 'Informe recibido: el código para seguirlo, que solo dice si ya se revisó' });
  }
  {
    // a person's public page (scripts on)
    const reader = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'es-VE' });
    const page = await reader.newPage();
    await page.goto(`${server.url}/lista`);
    await page.locator('[data-testid=public-list] tbody th a').first().click();
    await page.screenshot({ path: join(OUT, 'public-person.png'), fullPage: true });
    shots.push({
      name: 'public-person',
      caption: 'La página pública de una persona (teléfono): situación, detenciones y cargos, línea de tiempo, cada hecho con su nivel',
    });
    await reader.close();
  }

  const laptop = await browser.newContext({ viewport: LAPTOP, locale: 'es-VE' });
  const page = await laptop.newPage();
  await page.goto(`${server.url}/entrar`);
  await shot(page, 'sign-in', 'Entrar (equipo)');
  await signIn(page, 'dora');
  await page.getByTestId('persons-count').waitFor();
  await shot(page, 'registry', 'Registro: lista de personas con filtros y búsqueda');
  await page.getByLabel('Situación').selectOption('detained');
  await page.getByLabel('Ola de protestas').selectOption('2024');
  await page.waitForFunction(() => !document.body.innerText.includes('Cargando'));
  await shot(page, 'registry-filtered', 'Registro filtrado (detenidos, ola de 2024): los filtros quedan en la dirección');
  await page.locator('tbody a').first().click();
  await page.getByRole('heading', { name: 'Identidad' }).waitFor();
  await shot(page, 'person', 'Ficha de una persona: identidad, detenciones y cargos, línea de tiempo, fuentes', true);
  const recordUrl = page.url();
  await page.getByRole('button', { name: 'Corregir', exact: true }).click();
  await shot(page, 'person-edit', 'Corregir la identidad (validada con el mismo esquema que la API)');
  await page.getByLabel('Segundo apellido').fill('Corrección de Dora');

  const other = await (await browser.newContext({ viewport: LAPTOP, locale: 'es-VE' })).newPage();
  await signIn(other, 'dario');
  await other.goto(recordUrl);
  await other.getByRole('button', { name: 'Corregir', exact: true }).click();
  await other.getByLabel('Nombres', { exact: true }).fill('Corrección de Darío');
  await other.getByRole('button', { name: 'Guardar', exact: true }).click();
  await other.getByRole('status').waitFor();
  await page.getByRole('button', { name: 'Guardar', exact: true }).click();
  await page.getByTestId('conflict').waitFor();
  await shot(page, 'person-conflict', 'Dos versiones: la edición basada en una versión vieja se rechaza y se muestran ambas');
  await page.getByRole('button', { name: 'Descartar mis cambios' }).click();
  await page.getByRole('button', { name: 'Añadir un evento' }).click();
  await page.getByTestId('event-form').scrollIntoViewIfNeeded();
  await shot(page, 'event-form', 'Añadir un evento a la línea de tiempo (fecha con su precisión, centro, tribunal)');
  await page.goto(`${server.url}/entrar/registro/nueva`);
  await page.getByRole('button', { name: 'Crear' }).click();
  await shot(page, 'person-new', 'Nueva persona, con los errores junto a cada campo');
  const examples = join(ROOT, 'docs', 'examples');
  await page.goto(`${server.url}/entrar/importar`);
  await page.getByLabel('Arrastre la planilla aquí, o elíjala').setInputFiles(join(examples, 'ngo-registry.csv'));
  await page.getByLabel(/Organización de la que viene/).fill('Example NGO (synthetic data)');
  await shot(page, 'import-file', 'Importar: la planilla, la organización de la que viene y su fecha');
  await page.getByRole('button', { name: 'Leer la planilla' }).click();
  await page.getByTestId('detected').waitFor();
  await page.getByText('Primeras filas').click();
  await shot(page, 'import-columns', 'Importar: lo detectado (codificación, separador, fechas), las primeras filas y las columnas sugeridas', true);
  await page.getByRole('button', { name: 'Revisar sin escribir nada' }).click();
  await page.getByTestId('problems').waitFor();
  await shot(page, 'import-check', 'Importar: la revisión no escribe nada; cada problema, y los valores por traducir al vocabulario', true);
  await page.getByRole('button', { name: 'Atrás' }).click();
  await page.getByText(/Mapeo en JSON/).click();
  await page.getByLabel(/Mapeo en JSON/).fill(readFileSync(join(examples, 'ngo-registry.mapping.json'), 'utf8'));
  await page.getByRole('button', { name: 'Revisar sin escribir nada' }).click();
  await page.getByTestId('check-clean').waitFor();
  await page.getByRole('button', { name: 'Importar (todo o nada)' }).click();
  await page.getByTestId('import-summary').waitFor();
  await shot(page, 'import-summary', 'Importar: lo que cambió');

  const lawyer = await (await browser.newContext({ viewport: LAPTOP, locale: 'es-VE' })).newPage();
  await signIn(lawyer, 'lola');
  await lawyer.getByRole('link', { name: 'Elegibilidad' }).click();
  for (const instrument of ['ve-2026-proyecto', 've-2026-ley']) {
    await lawyer.getByLabel(/^Instrumento \(ley/).selectOption(instrument);
    await lawyer.getByRole('button', { name: 'Aplicar', exact: true }).click();
    await lawyer.locator('[data-testid=runs] tbody tr').filter({ hasText: instrument }).waitFor();
  }
  await lawyer.getByLabel('Instrumento A (antes)').selectOption('ve-2026-proyecto');
  await lawyer.getByLabel('Instrumento B (después)').selectOption('ve-2026-ley');
  await lawyer.getByRole('button', { name: 'Comparar' }).click();
  await lawyer.getByTestId('transition-matrix').locator('button').first().click();
  await shot(
    lawyer,
    'eligibility',
    'Elegibilidad: aplicar un instrumento, las aplicaciones guardadas, y dos instrumentos comparados (matriz de transición y sus casos)',
    true,
  );
  await lawyer.getByRole('link', { name: 've-2026-ley' }).click();
  await lawyer.getByRole('button', { name: 'Explicación' }).first().click();
  await shot(lawyer, 'eligibility-run', 'Elegibilidad: los casos de una aplicación, los de plazo vencido primero, y una decisión explicada con sus artículos');

  await page.goto(`${server.url}/entrar/medidas?fecha=2026-03-02`);
  await page.getByTestId('rearrest-rates').waitFor();
  await page.getByRole('button', { name: 'Ver adónde fue cada persona: El Helicoide' }).click();
  await page.getByTestId('closure').waitFor();
  await page.getByTestId('overdue').scrollIntoViewIfNeeded();
  await shot(page, 'conditions', 'Medidas y centros: las presentaciones de la semana por tribunal, las atrasadas, las re-detenciones y el cierre de un centro');
  await page.goto(`${server.url}/entrar/cuenta`);
  await page.getByTestId('open-session').first().waitFor();
  await shot(page, 'account', 'Mi cuenta: contraseña y sesiones abiertas');

  const tablet = await (await browser.newContext({ viewport: TABLET, locale: 'es-VE' })).newPage();
  await signIn(tablet, 'dora');
  await tablet.getByTestId('persons-count').waitFor();
  await shot(tablet, 'registry-tablet', 'Registro en una tableta');

  const verifier = await (await browser.newContext({ viewport: LAPTOP, locale: 'es-VE' })).newPage();
  await enrol(verifier, 'vera');
  await verifier.getByRole('link', { name: 'Conciliar' }).click();
  const list = join(data, 'lista-gobierno.csv');
  writeFileSync(list, `${readFileSync(join(examples, 'government-list.csv'), 'utf8').trimEnd()}\n13,MONTILLA SEQUERA DEIVIS ALBERTO,\n`);
  await verifier.locator('#reconcile-file').setInputFiles(list);
  await verifier.getByLabel('Qué lista es').fill('Lista del gobierno, 30 de enero (ejemplo)');
  await verifier.getByLabel('Excarcelaciones desde').fill('2026-01-08');
  await verifier.getByLabel('hasta').fill('2026-01-30');
  await shot(verifier, 'reconcile', 'Conciliar: subir una lista que afirma excarcelaciones, con qué lista es y el período');
  await verifier.getByRole('button', { name: 'Conciliar', exact: true }).click();
  await verifier.getByTestId('claim').waitFor();
  await shot(verifier, 'reconcile-report', 'Conciliar: la diferencia explicada clase por clase, y las filas filtrables', true);
  const reportUrl = verifier.url();
  await verifier.getByRole('link', { name: /Revisar las dudosas/ }).click();
  await verifier.getByTestId('waterfall').waitFor();
  await shot(
    verifier,
    'reconcile-review',
    'Cola de revisión: la fila junto a sus candidatas, campo por campo, y el peso de cada campo (cascada); M / N / S',
    true,
  );
  await verifier.keyboard.press('m');
  await verifier.getByTestId('queue-empty').waitFor();
  await verifier.goto(`${reportUrl}?clase=released_in_period`);
  await verifier.locator('[data-testid=report-rows] tbody tr').first().getByRole('link').click();
  await verifier
    .getByRole('link', { name: /^Verificación: Excarcelado/ })
    .first()
    .click();
  await verifier.getByTestId('four-eyes').waitFor();
  await verifier.locator('#evidence-file').setInputFiles({ name: 'boleta.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
  await verifier.getByLabel('Tipo').selectOption('official_list_entry');
  await verifier.getByLabel('Fuente').selectOption({ index: 1 });
  await verifier.getByLabel('Título').fill('Boleta de excarcelación (sintética)');
  await verifier.getByRole('button', { name: 'Guardar y enlazar' }).click();
  await verifier.getByTestId('evidence-item').waitFor();
  await verifier
    .locator('#evidence-file')
    .setInputFiles({ name: 'nota.txt', mimeType: 'text/plain', buffer: Buffer.from('Testimonio sintético de la familia.') });
  await verifier.getByLabel('Tipo').selectOption('testimony');
  await verifier.getByLabel('Título').fill('Testimonio de la familia (sintético)');
  await verifier.getByRole('button', { name: 'Guardar y enlazar' }).click();
  await verifier.getByTestId('evidence-item').nth(1).waitFor();
  await verifier.getByTestId('evidence-item').first().getByRole('button', { name: 'Ver' }).click();
  await verifier.getByTestId('hash-checked').waitFor();
  await verifier.getByLabel('Boleta de excarcelación (sintética)').check();
  await verifier.getByRole('button', { name: 'Confirmar' }).click();
  await verifier.getByText('Usted ya lo confirmó').waitFor();
  await shot(
    verifier,
    'verify-subject',
    'Verificar: el nivel, la regla de cuatro ojos, la evidencia con su SHA-256 comprobado en el navegador, la revisión',
    true,
  );
  const second = await (await browser.newContext({ viewport: TABLET, locale: 'es-VE' })).newPage();
  await enrol(second, 'vito');
  await second.getByRole('link', { name: 'Verificar' }).click();
  await second.getByTestId('verification-queue').waitFor();
  await shot(second, 'verify-queue', 'Verificar (tableta): lo que espera, y quién confirmó primero');
  await second.getByRole('link', { name: 'Duplicados' }).click();
  await second.getByTestId('duplicate-pair').first().waitFor();
  await second.getByTestId('duplicate-pair').first().locator('summary').click();
  await shot(second, 'duplicates', 'Duplicados (tableta): pares probables lado a lado, el peso de cada campo, fusionar y deshacer');

  const admin = await (await browser.newContext({ viewport: LAPTOP, locale: 'es-VE' })).newPage();
  await enrol(admin, 'ada');
  await admin.getByRole('link', { name: 'Auditoría' }).click();
  await admin.getByTestId('audit-record').first().waitFor();
  await shot(admin, 'audit', 'Registro de auditoría (administración)');
  await admin.getByRole('link', { name: 'Cuentas' }).click();
  await admin.getByTestId('account-row').first().waitFor();
  await shot(admin, 'accounts', 'Cuentas (administración): crear, cerrar sesiones, quitar el segundo factor, contraseña nueva, desactivar');
  await admin.getByRole('link', { name: 'Sistema' }).click();
  await admin.getByTestId('log-size').waitFor();
  await shot(admin, 'system', 'Sistema (administración): copia de seguridad, el registro de transparencia y sus testigos');
  await admin.getByRole('link', { name: 'Publicar' }).click();
  await admin.getByTestId('publish-list').waitFor();
  await admin.getByLabel('Título de la lista').fill('Personas del registro (demostración)');
  for (const box of await admin.getByTestId('publish-list').getByRole('checkbox').all()) await box.check();
  await admin.getByRole('button', { name: 'Ver qué se publicará' }).click();
  await admin.getByTestId('list-preview').waitFor();
  await shot(
    admin,
    'publish',
    'Publicar (administración): antes de publicar, quiénes irán con nombre, cuántos solo como compromiso y cuántos quedan fuera',
    true,
  );
  await admin.getByRole('button', { name: 'Publicar la lista en el registro de transparencia' }).click();
  await admin.getByTestId('publish-list').getByRole('status').waitFor();
  await verifier.goto(`${server.url}/entrar/registro?consent=aggregate_only`);
  await verifier.locator('tbody a').first().click();
  await verifier.getByRole('button', { name: 'Preparar los recibos' }).click();
  await verifier.getByTestId('receipt').first().waitFor();
  await verifier.getByTestId('receipts').scrollIntoViewIfNeeded();
  await shot(verifier, 'receipts', 'Ficha: los recibos para la familia de una persona contada sin nombre (archivo e impresión)');
  {
    // the family opens that receipt from its QR code's address, on a phone: checked in the browser
    const family = await (await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'es-VE' })).newPage();
    const code = await verifier.getByTestId('lookup-code').first().textContent();
    await family.goto(`${server.url}/consulta#codigo=${code}`);
    await family.getByTestId('verdict').waitFor();
    await family.screenshot({ path: join(OUT, 'public-lookup.png'), fullPage: true });
    shots.push({
      name: 'public-lookup',
      caption: 'Consulta con recibo (teléfono): abierta desde el código QR, comprobada en el navegador contra el registro firmado',
    });
  }

  {
    const triage = await (await browser.newContext({ viewport: LAPTOP, locale: 'es-VE' })).newPage();
    await signIn(triage, 'dora');
    await triage.goto(`${server.url}/entrar/informes`);
    await triage.getByTestId('report').first().waitFor();
    await triage.getByRole('button', { name: 'Mostrar el contacto (queda registrado)' }).first().click();
    await triage.getByText('Aceptar en el registro').first().click();
    await shot(triage, 'triage', 'Informes recibidos: el relato, el contacto a pedido (queda registrado), aceptar, unir a una persona o rechazar', true);
  }

  writeFileSync(
    join(ROOT, 'docs', 'SCREENS.md'),
    `# The screens\n\nEvery staff screen in Spanish, on synthetic demo data. Made by \`npm run screenshots\`; run it again after changing a screen.\n\n${shots
      .map(({ name, caption }) => `## ${caption}\n\n![${caption}](screens/${name}.png)\n`)
      .join('\n')}`,
  );
  console.log(`${shots.length} screens written to docs/screens/`);
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(data, { recursive: true, force: true });
}

async function shot(page, name, caption, fullPage = false) {
  await page.waitForFunction(() => !document.body.innerText.includes('Cargando'));
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
  shots.push({ name, caption });
}

/** The first sign-in of a role with a second factor: the authenticator app set up from the key shown. */
async function enrol(page, name) {
  await page.goto(`${server.url}/entrar`);
  await page.getByLabel('Nombre de la cuenta').fill(name);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('button', { name: 'Configurar la app de autenticación' }).click();
  const secret = base32Decode(await page.getByTestId('totp-secret').textContent());
  await page.getByLabel(/Código de la app/).fill(hotp(hmacSha1, secret, totpStep(Date.now())));
  await page.getByRole('button', { name: 'Confirmar' }).click();
  await page.getByRole('button', { name: 'Los guardé, continuar' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

async function signIn(page, name) {
  await page.goto(`${server.url}/entrar`);
  await page.getByLabel('Nombre de la cuenta').fill(name);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}
