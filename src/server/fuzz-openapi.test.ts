/**
 * Fuzzing every operation of the OpenAPI document, as every kind of caller: path parameters,
 * queries and bodies generated from each operation's own schema — valid values, wrong types,
 * unicode and NUL, very long strings, deep JSON, wrong content types. Whatever is sent: no
 * answer is a 5xx, every refusal is in the error shape, and every refused attempt (401, 403)
 * is in the audit trail. The seed is printed; FUZZ_SEED=N replays a run, FUZZ_RUNS=N sets how
 * many requests per operation and caller (default 6).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../test/server.js';
import { TEST_DATABASE_KIND } from '../test/store.js';

type Schema = {
  type?: string;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
};
type Parameter = { in: 'path' | 'query'; name: string; schema: Schema; required?: boolean };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);

/** Text as callers really send it, and as attackers do. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '../../etc/passwd', '%00', '<script>alert(1)</script>', "' OR 1=1 --", 'José Pérez', '🙂', 'x'.repeat(5000)),
);

function arbitraryFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  const wrong = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), hostileText, fc.constant([]), fc.constant({}));
  if (schema.anyOf ?? schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf)!.map((s) => arbitraryFor(s, depth + 1)), wrong);
  let right: fc.Arbitrary<unknown>;
  if (schema.enum) right = fc.constantFrom(...schema.enum);
  else if (schema.type === 'string' && schema.format === 'uuid') right = fc.uuid();
  else if (schema.type === 'string') right = fc.oneof(hostileText, fc.constantFrom('2026-01-14', '2026-01', '2026', '31/12/2025', 'V-12345678'));
  else if (schema.type === 'integer' || schema.type === 'number')
    right = fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER));
  else if (schema.type === 'boolean') right = fc.boolean();
  else if (schema.type === 'array') right = fc.array(arbitraryFor(schema.items, depth + 1), { maxLength: 4 });
  else if (schema.type === 'object' && schema.properties)
    right = fc.record(Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, arbitraryFor(s, depth + 1)])), { requiredKeys: [] });
  else right = fc.jsonValue({ maxDepth: 3 });
  return fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

/** A value as it goes into a URL. */
const asText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** JSON nested deeper than any schema expects. */
const deepJson = fc.integer({ min: 50, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);

function requestFor(path: string, method: string, operation: Operation) {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const jsonSchema = operation.requestBody?.content['application/json']?.schema;
  const multipart = operation.requestBody?.content['multipart/form-data'] !== undefined;
  const body =
    method === 'get' || method === 'delete'
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 5, arbitrary: arbitraryFor(jsonSchema).map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })) },
          { weight: 1, arbitrary: deepJson.map((text) => ({ type: 'application/json', text })) },
          { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map((text) => ({ type: 'application/json', text })) },
          {
            weight: multipart ? 3 : 1,
            arbitrary: fc
              .tuple(
                fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=X', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded'),
                hostileText,
              )
              .map(([type, text]) => ({
                type,
                text: type.includes('boundary=X') ? `--X\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${text}\r\n--X--\r\n` : text,
              })),
          },
        );
  return fc
    .record({
      params: fc.tuple(...pathParams.map((p) => fc.oneof({ weight: 3, arbitrary: arbitraryFor(p.schema) }, { weight: 2, arbitrary: hostileText }))),
      query: fc.tuple(...queryParams.map((p) => fc.option(arbitraryFor(p.schema), { nil: undefined }))),
      body,
    })
    .map(({ params, query, body: sent }) => {
      let url = path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, encodeURIComponent(asText(params[i])) || 'x');
      });
      const search = new URLSearchParams();
      queryParams.forEach((p, i) => {
        if (query[i] !== undefined) search.set(p.name, asText(query[i]));
      });
      return { url: `${url}${search.size > 0 ? `?${search}` : ''}`, body: sent };
    });
}

describe(`fuzzing every API operation, as every caller, on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  const callers: { name: string; headers: Record<string, string> }[] = [{ name: 'public', headers: {} }];
  beforeAll(async () => {
    server = await startTestServer({ app: { loadGate: { perAddress: 1000, queue: 1000 } } });
    for (const role of ['viewer', 'documenter'] as const) {
      const made = (await (await server.admin('/api/accounts', json('POST', { name: `fuzz-${role}`, role }))).json()) as { token: { token: string } };
      callers.push({ name: role, headers: { authorization: `Bearer ${made.token.token}` } });
    }
    callers.push({ name: 'administrator', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers everything below 500, in the error shape, and audits every refused attempt', async () => {
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays this run), ${RUNS} requests per operation and caller`);
    const doc = (await (await server.get('/api/openapi.json')).json()) as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(90);
    let refused = 0;
    let sent = 0;
    for (const { path, method, op } of operations) {
      for (const caller of callers) {
        await fc.assert(
          fc.asyncProperty(requestFor(path, method, op), async ({ url, body }) => {
            sent++;
            const response = await server.get(url, {
              method: method.toUpperCase(),
              headers: { ...caller.headers, ...(body ? { 'content-type': body.type } : {}) },
              body: body?.text,
            });
            const text = await response.text();
            expect(response.status, `${caller.name} ${method.toUpperCase()} ${url.slice(0, 200)}: ${text.slice(0, 300)}`).toBeLessThan(500);
            if (response.status >= 400) {
              const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
              expect(typeof parsed.error?.code, `${method} ${path}: error shape`).toBe('string');
              expect(typeof parsed.error?.message).toBe('string');
              expect(Array.isArray(parsed.error?.details)).toBe(true);
            }
            if (response.status === 401 || response.status === 403) refused++;
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      }
    }
    expect(sent).toBeGreaterThan(operations.length * callers.length * RUNS * 0.9);
    // every refused attempt is in the audit trail (written as each answer is sent)
    const audited = async () => {
      const lines = (await (await server.admin('/api/audit/export')).text()).trim().split('\n');
      return lines.map((line) => JSON.parse(line) as { status: number }).filter((r) => r.status === 401 || r.status === 403).length;
    };
    expect(refused).toBeGreaterThan(100);
    await expect.poll(audited, { timeout: 20_000 }).toBeGreaterThanOrEqual(refused);
  }, 600_000);
});
