/**
 * The public site over HTTP: complete pages without any script, in both languages, the demo's
 * real claims compared only like with like, a 304 for a reader who already has the page, and a
 * 404 page for addresses it does not have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLAIMS_PATH } from '../../../cli/demo.js';
import type { Receipt } from '../../../domain/translog/audit.js';
import { lookupCodeOf } from '../../../domain/translog/entries.js';
import { sha256 } from '../../../domain/translog/sha256.js';
import { fromBase64 } from '../../../domain/translog/signed-note.js';
import { readClaimsFile } from '../../../io/read-claims.js';
import { createClaims } from '../../../store/claims.js';
import { buildPerson } from '../../../test/factories.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';

const text = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe(`the public site on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await createClaims(server.store.db, await readClaimsFile(DEMO_CLAIMS_PATH));
    for (let i = 0; i < 6; i++) {
      const person = (await (await server.admin('/api/persons', json('POST', buildPerson({ consent: 'public' })))).json()) as { id: string };
      await server.admin('/api/events', json('POST', { personId: person.id, kind: 'detained', occurredOn: '2025-08-01' }));
    }
    expect((await server.admin('/api/log/publications/counts', json('POST', {}))).status).toBe(201);
    // one person of each consent level with the same rare surname, a release with measures for the public one
    for (const consent of ['public', 'aggregate_only', 'private'] as const) {
      const person = (await (
        await server.admin(
          '/api/persons',
          json('POST', buildPerson({ consent, givenNames: `Ñángara ${consent}`, firstSurname: 'Quintanilla', secondSurname: null })),
        )
      ).json()) as { id: string };
      ids[consent] = person.id;
      await server.admin('/api/events', json('POST', { personId: person.id, kind: 'detained', occurredOn: '2024-08-03' }));
      const released = (await (
        await server.admin('/api/events', json('POST', { personId: person.id, kind: 'released_with_measures', occurredOn: '2026-01-14' }))
      ).json()) as {
        id: string;
      };
      await server.admin(
        '/api/measures',
        json('POST', { eventId: released.id, kind: 'periodic_reporting', everyDays: 15, startsOn: '2026-01-14', court: 'Tribunal 3' }),
      );
    }
  });
  const ids: Record<string, string> = {};
  afterAll(async () => {
    await server?.close();
  });

  it('serves the home page as complete HTML with no script: the claims, their sources and the registry counts', async () => {
    const response = await server.get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('set-cookie')).toBeNull();
    const page = await response.text();
    expect(page).toMatch(/^<!doctype html><html lang="es">/);
    expect(page).not.toContain('<script');
    expect(page).toContain('<svg class="claims-chart"');
    const words = text(page);
    // every claimed release, in Spanish, with its source one tap away
    expect(words).toContain('Excarcelaciones: cifras declaradas a lo largo del tiempo');
    expect(words).toContain('El Gobierno de Venezuela');
    expect(words).not.toContain('Government of Venezuela');
    expect(words).toContain('más de 600');
    expect(words).toContain('CNN (A. González, M. Rios), 2026-01-30');
    // the registry's own count, by status, with the levels, and no cell below 5: the two released
    // (one named, one counted only) are pooled with the six detained
    expect(words).toContain('Situación Total Verificado Corroborado Reportado En disputa Refutado Grupos pequeños, juntos 8 0 0 8 0 0');
    // and which signed checkpoint of the log it reflects
    const size = ((await (await server.get('/api/log/checkpoint')).text()).split('\n')[1] ?? '').trim();
    expect(words).toMatch(
      new RegExp(`su último punto de control firmado tiene ${size} entradas \\(raíz [0-9a-f]{12}…, firmado el \\d+ de \\w+ de \\d{4} a las [\\d:]+ UTC\\)`),
    );
  });

  it('says each gap in words between claims that count the same thing, never the highest against the lowest', async () => {
    const page = text(await (await server.get('/')).text());
    expect(page).toContain(
      'El 30 de enero de 2026, según el Gobierno de Venezuela: más de 600 excarcelaciones desde el 1 de diciembre de 2025; el 26 de enero de 2026, según Foro Penal: 383. Diferencia: al menos 218.',
    );
    // 896 (government, 9 February, period unstated) against 72 (Foro Penal, 14 January) is no gap
    expect(page).not.toMatch(/Diferencia: (al menos )?82[45]/);
    const held = text(await (await server.get('/?metrica=held')).text());
    expect(held).toContain('Presos políticos detenidos: cifras declaradas');
    expect(held).toContain(
      'según Foro Penal: 687 presos políticos detenidos; el 30 de enero de 2026, según las ONG de defensa: entre 600 y 700. Las dos cifras coinciden',
    );
    const pardoned = text(await (await server.get('/?metrica=pardoned')).text());
    expect(pardoned).toContain('Ninguna pareja de cifras de esta medida cuenta lo mismo');
  });

  it('serves English under /en/, with the other language one link away on every page', async () => {
    const page = await (await server.get('/en/?metrica=held')).text();
    expect(page).toMatch(/^<!doctype html><html lang="en">/);
    expect(text(page)).toContain('Political prisoners held: claimed figures over time');
    expect(page).toContain('href="/?metrica=held" lang="es"');
    expect((await server.get('/en', { redirect: 'manual' })).headers.get('location')).toBe('/en/');
    const method = await (await server.get('/en/metodologia')).text();
    expect(text(method)).toContain('When two figures are compared');
    expect(method).toContain('href="/metodologia" lang="es"');
  });

  it('sends pages compressed to a browser that takes it, and the API never compressed', async () => {
    const page = await fetch(`${server.url}/metodologia`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(await page.text()).toContain('Metodología'); // fetch inflates it
    const api = await fetch(`${server.url}/api/log/publications`, { headers: { 'accept-encoding': 'gzip' } });
    expect(api.headers.get('content-encoding')).toBeNull();
  });

  it('answers 304 to a reader who already has the page, and the stylesheet is cached for good', async () => {
    const first = await server.get('/metodologia');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await server.get('/metodologia', { headers: { 'if-none-match': etag } })).status).toBe(304);
    // as a compressing proxy or a cache sends it: weakened, or in a list
    expect((await server.get('/metodologia', { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
    expect((await server.get('/metodologia', { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    // a slash too many goes where it meant, the query kept
    const slash = await server.get('/lista/?situacion=detained', { redirect: 'manual' });
    expect([slash.status, slash.headers.get('location')]).toEqual([301, '/lista?situacion=detained']);
    const css = /href="(\/site-[0-9a-f]+\.css)"/.exec(await first.text())![1]!;
    const sheet = await server.get(css);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('cache-control')).toContain('immutable');
  });

  it('answers an unknown address with a page in the reader’s language, and the API with JSON', async () => {
    const missing = await server.get('/en/no-such-page');
    expect(missing.status).toBe(404);
    expect(text(await missing.text())).toContain('That address does not exist on Recuento.');
    const spanish = await server.get('/no-existe');
    expect(text(await spanish.text())).toContain('Esa dirección no existe en Recuento.');
    const api = await server.get('/api/no-such-route');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('lists only the persons who consented to be named, and finds them accent-blind with the name kept out of the address', async () => {
    const list = text(await (await server.get('/lista')).text());
    expect(list).toContain('Ñángara public Quintanilla');
    expect(list).not.toContain('aggregate_only');
    expect(list).not.toContain('Ñángara private');
    // a search is a form sent as POST: the name never goes in an address
    const found = await server.get('/lista', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' }, // as a browser sends a form under our no-referrer policy
      body: 'nombre=nangara+QUINTANILLA',
    });
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control')).toBe('no-store');
    const words = text(await found.text());
    expect(words).toContain('1 personas; se muestran de la 1 a la 1.');
    expect(words).toContain('Ñángara public Quintanilla');
    // however it is asked, a person who did not consent to be named is not found
    for (const body of [
      'nombre=private',
      'nombre=aggregate_only',
      'nombre=Quintanilla&situacion=released_with_measures&ola=',
      'nombre=%C3%91%C3%A1ngara&pagina=2',
    ]) {
      const answer = text(
        await (await server.get('/lista', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })).text(),
      );
      expect(answer, body).not.toMatch(/private|aggregate_only/);
    }
    // filters are vocabulary, in the address; odd values are ignored rather than refused
    expect(text(await (await server.get('/lista?situacion=released_with_measures&ocupacion=nada&pagina=x')).text())).toContain('Ñángara public Quintanilla');
    expect(text(await (await server.get('/lista?situacion=detained')).text())).not.toContain('Ñángara public');
  });

  it('shows a named person’s public record with its levels, and the same 404 for anyone else', async () => {
    const response = await server.get(`/persona/${ids.public}`);
    expect(response.status).toBe(200);
    const page = text(await response.text());
    expect(page).toContain('Ñángara public Quintanilla');
    expect(page).toMatch(/Situación actual Excarcelado con medidas \( ?nivel: Reportado ?\)/);
    expect(page).toContain('14 de enero de 2026 : Excarcelado con medidas');
    expect(page).toContain('Presentación periódica ante el tribunal, cada 15 días, desde 14 de enero de 2026');
    expect(page).not.toContain('Tribunal 3'); // courts are never published
    expect(text(await (await server.get(`/en/persona/${ids.public}`)).text())).toContain('Periodic reporting to the court, every 15 days');
    const notFound = text(await (await server.get('/persona/00000000-0000-4000-8000-000000000000')).text());
    for (const id of [ids.aggregate_only, ids.private, 'not-an-id']) {
      const answer = await server.get(`/persona/${id}`);
      expect(answer.status).toBe(404);
      expect(text(await answer.text())).toBe(notFound);
    }
  });

  it('lists the facilities with who is held there now, and a facility’s page with its closure in counts only', async () => {
    const list = text(await (await server.get('/centros')).text());
    expect(list).toContain('El Helicoide Sede de inteligencia Distrito Capital cierre anunciado');
    const page = await server.get('/centro/el-helicoide');
    expect(page.status).toBe(200);
    const words = text(await page.text());
    expect(words).toContain('Adónde fueron las personas');
    expect(words).toMatch(/Cierre anunciado el 30 de enero de 2026\. Había (menos de 5|\d+) personas detenidas entonces/);
    expect(words).toContain('Personas detenidas, por mes');
    expect(words).not.toContain('Quintanilla'); // counts only: nobody is listed
    expect(text(await (await server.get('/en/centro/el-helicoide')).text())).toContain('Where the people went');
    expect((await server.get('/centro/no-such-place')).status).toBe(404);
    expect((await server.get('/centro/..%2F..%2Fetc')).status).toBe(404);
  });

  it('shows the burden of measures and the re-arrest rate with its definition, no number from 1 to 4 and no court', async () => {
    const page = await server.get('/condiciones');
    expect(page.status).toBe(200);
    const words = text(await page.text());
    expect(words).toContain('Personas bajo cada medida, mes a mes');
    expect(words).toContain('De las personas excarceladas (liberación plena o con medidas) al menos N días antes');
    // two counted persons reporting every 15 days since January: too few to show
    expect(words).toMatch(/\d{4} oculto 0 0 oculto 0 0 oculto oculto/);
    expect(words).not.toContain('Tribunal 3');
    expect(text(await (await server.get('/en/condiciones')).text())).toContain('Re-arrests after release');
  });

  it('shows each amnesty instrument with the outcomes of its newest run, once staff have run it', async () => {
    const before = text(await (await server.get('/amnistia')).text());
    expect(before).toContain('Ley de Amnistía para la Convivencia Democrática (2026) Ley vigente');
    expect(before).toContain('Aún no se ha aplicado al registro.');
    expect((await server.admin('/api/eligibility/runs', json('POST', { rules: 've-2026-ley' }))).status).toBe(201);
    const after = text(await (await server.get('/amnistia')).text());
    expect(after).toMatch(
      /Ley de Amnistía para la Convivencia Democrática \(2026\) Ley vigente · En vigor desde 19 de febrero de 2026 · Su texto y sus reglas \(JSON\) Aplicado a fecha/,
    );
    expect(after).toMatch(/Casos contados: (menos de 5|\d+)\./);
    expect(text(await (await server.get('/en/amnistia')).text())).toContain('The amnesty in numbers');
  });

  it('serves every public dataset as CSV and JSON, each described field by field in a Frictionless data package', async () => {
    const response = await server.get('/datos/datapackage.json');
    expect(response.status).toBe(200);
    const size = ((await (await server.get('/api/log/checkpoint')).text()).split('\n')[1] ?? '').trim();
    expect(response.headers.get('x-recuento-checkpoint')).toMatch(new RegExp(`^${size} [0-9a-f]{64}$`));
    type Resource = { name: string; path: string; format: string; schema: { fields: { name: string; type: string; description: string }[] } };
    const pkg = (await response.json()) as { profile: string; licenses: { name: string }[]; resources: Resource[]; 'recuento:checkpoint': { size: number } };
    expect(pkg.profile).toBe('tabular-data-package');
    expect(pkg.licenses[0]!.name).toBe('CC-BY-4.0');
    expect(pkg['recuento:checkpoint'].size).toBe(Number(size));
    expect(pkg.resources.map((r) => r.path)).toEqual(expect.arrayContaining(['claims.csv', 'persons.csv', 'status.csv', 'facilities.json', 'amnesty.csv']));
    for (const resource of pkg.resources) {
      const file = await server.get(`/datos/${resource.path}`);
      expect(file.status, resource.path).toBe(200);
      const body = await file.text();
      const names = resource.schema.fields.map((f) => f.name);
      expect(resource.schema.fields.every((f) => f.description.length > 3 && ['string', 'integer', 'number', 'date', 'boolean'].includes(f.type))).toBe(true);
      if (resource.format === 'csv') expect(body.split('\n')[0], resource.path).toBe(names.join(','));
      else for (const row of JSON.parse(body) as Record<string, unknown>[]) expect(Object.keys(row).sort(), resource.path).toEqual([...names].sort());
    }
    // the public list names only those who consented to be named
    const persons = await (await server.get('/datos/persons.csv')).text();
    expect(persons).toContain('Ñángara public');
    expect(persons).not.toMatch(/aggregate_only|Ñángara private/);
    const page = text(await (await server.get('/datos')).text());
    expect(page).toContain('Datos abiertos');
    expect(page).toContain('claims.csv · claims.json');
    expect((await server.get('/datos/nothing.csv')).status).toBe(404);
  });

  it('shows the log: its checkpoint, what was published, its entries fifty at a time, and how to check it', async () => {
    const words = text(await (await server.get('/transparencia')).text());
    const size = Number(((await (await server.get('/api/log/checkpoint')).text()).split('\n')[1] ?? '0').trim());
    expect(words).toContain(`Entradas ${size} Raíz del árbol (SHA-256)`);
    expect(words).toMatch(/Lo publicado \(las 100 publicaciones más recientes\) Cuándo Qué Título Entradas .* UTC Recuentos /);
    expect(words).toMatch(/node bin\/recuento\.js log verify --checkpoint nuevo\.txt --previous anterior\.txt --key '.*' --server http:\/\/127\.0\.0\.1:\d+/);
    expect(await (await server.get('/transparencia')).text()).toContain('<th scope="row">0</th>');
    const last = await (await server.get(`/transparencia?desde=${size - 1}`)).text();
    expect(last).toContain(`<th scope="row">${size - 1}</th>`);
    if (size > 1) expect(last).not.toContain('<th scope="row">0</th>');
    expect((await server.get('/transparencia?desde=-4')).status).toBe(200);
  });

  it('opens a family’s receipt by its code for a reader without JavaScript, and nothing for any other code', async () => {
    expect((await server.admin('/api/log/publications/list', json('POST', { title: 'Excarcelaciones (prueba)' }))).status).toBe(201);
    const [receipt] = (await (await server.admin(`/api/persons/${ids.aggregate_only}/receipts`)).json()) as Receipt[];
    const code = lookupCodeOf(sha256, fromBase64(receipt!.salt)!, receipt!.leafIndex);
    const page = await server.get('/consulta');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/site/lookup.js"></script>');
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    const opened = await server.get('/consulta', { ...form, body: `codigo=${encodeURIComponent(code.toLowerCase())}` });
    expect(opened.status).toBe(200);
    const words = text(await opened.text());
    expect(words).toContain('name Ñángara aggregate_only Quintanilla');
    expect(words).toMatch(/node bin\/recuento\.js log prove --receipt recibo\.json --key '.*' --server http:\/\/127\.0\.0\.1:\d+/);
    // a made-up code, a name: nothing, the same words
    for (const typed of [`${receipt!.leafIndex}-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA`, 'Quintanilla']) {
      const refused = await server.get('/consulta', { ...form, body: `codigo=${encodeURIComponent(typed)}` });
      expect(refused.status).toBe(404);
      const answer = text(await refused.text());
      expect(answer).toContain('Ningún recibo tiene este código.');
      expect(answer).not.toContain('Ñángara aggregate_only');
    }
  });
});
