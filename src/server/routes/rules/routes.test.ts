import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPersons } from '../../../domain/demo/generate-persons.js';
import { insertDemoPersons } from '../../../store/seed-demo.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'examples', 'eligibility-cases.jsonl');

describe(`rules and eligibility API on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  let cases: unknown[];
  beforeAll(async () => {
    server = await startTestServer();
    await insertDemoPersons(server.store.db, generateDemoPersons(120, 41, 700_000));
    cases = (await readFile(EXAMPLE, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the instruments and serves one in full to anyone', async () => {
    const list = (await (await server.get('/api/rules')).json()) as { id: string; status: string; hash: string; readings: { name: string }[] }[];
    expect(list.map((r) => r.id)).toEqual(['ve-2007-decreto', 've-2016-ley', 've-2020-indulto', 've-2026-comite-madres', 've-2026-ley', 've-2026-proyecto']);
    expect(list.find((r) => r.id === 've-2026-ley')!.readings.map((r) => r.name)).toContain('drug-threshold-9y');
    const one = (await (await server.get('/api/rules/ve-2026-ley')).json()) as {
      hash: string;
      rules: { id: string; article: string; text: { quote: string } }[];
    };
    expect(one.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(one.rules.find((r) => r.id === 'art9-foreign-armed-action')!.text.quote).toContain('acciones armadas o de fuerza');
    const missing = await server.get('/api/rules/ve-2099-ley');
    expect(missing.status).toBe(404);
  });

  it("runs a rule set's lawyer cases", async () => {
    const body = (await (await server.get('/api/rules/ve-2026-proyecto/tests')).json()) as { passed: number; failed: number };
    expect(body.failed).toBe(0);
    expect(body.passed).toBeGreaterThan(10);
  });

  it('evaluates cases sent by anyone, with explanations in the language asked, storing nothing', async () => {
    const response = await server.get('/api/rules/ve-2026-ley/evaluate', json('POST', { cases, asOf: '2026-04-01', lang: 'en' }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { counts: Record<string, number>; results: { case: string; outcome: string; explanation: string[] }[] };
    expect(body.counts).toEqual({ covered: 2, excluded: 5, review: 3 });
    expect(body.results[2]).toMatchObject({ case: 'EJEMPLO-03', outcome: 'excluded' });
    expect(body.results[2]!.explanation.join(' ')).toContain('Item 10 of art. 8 (January–April 2019) leaves out military rebellion.');
    const runs = await server.admin('/api/eligibility/runs');
    expect(await runs.json()).toEqual([]);
  });

  it('refuses an impossible case naming the field, and an unknown reading naming the readings there are', async () => {
    const bad = await server.get(
      '/api/rules/ve-2026-ley/evaluate',
      json('POST', { cases: [{ id: 'x', charges: [{ offence: 'instigacion_publica', factsOn: '2014-02-30' }] }] }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('cases.0.charges.0.factsOn');
    const reading = await server.get('/api/rules/ve-2026-ley/evaluate', json('POST', { cases, variants: ['no-such-reading'] }));
    expect(reading.status).toBe(404);
    expect(((await reading.json()) as { error: { message: string } }).error.message).toContain('Its readings: period-end-2026-01-30');
  });

  it('finds a rule set by its short name, refuses names no rule set knows, and resolves labels when asked', async () => {
    const one = [{ id: 'x', charges: [{ offence: 'instigacion_publica', factsOn: '2014-02-12' }], facts: { foreign_armed_acton: false } }];
    const typo = await server.get('/api/rules/L26/evaluate', json('POST', { cases: one }));
    expect(typo.status).toBe(400);
    const refused = (await typo.json()) as { error: { message: string; details: { path: string; reason: string }[] } };
    expect(refused.error.message).toContain('nothing was evaluated');
    expect(refused.error.details).toEqual([
      { path: 'cases.0.facts.foreign_armed_acton', reason: 'unknown fact "foreign_armed_acton": did you mean "foreign_armed_action"?' },
    ]);
    const labelled = [{ id: 'y', charges: [{ offence: 'Instigación pública a delinquir', factsOn: '2014-02-12' }] }];
    expect((await server.get('/api/rules/l26/evaluate', json('POST', { cases: labelled }))).status).toBe(400);
    const resolved = await server.get('/api/rules/l26/evaluate', json('POST', { cases: labelled, resolveLabels: true, lang: 'en' }));
    expect(resolved.status).toBe(200);
    const body = (await resolved.json()) as {
      results: { outcome: string; charges: { offence: string }[]; presumptions: { fact: string }[] }[];
      resolutions: unknown[];
    };
    expect(body.resolutions).toEqual([{ path: 'cases.0.charges.0.offence', label: 'Instigación pública a delinquir', code: 'instigacion_publica' }]);
    expect(body.results[0]).toMatchObject({ outcome: 'covered', charges: [{ offence: 'instigacion_publica' }] });
    expect(body.results[0]!.presumptions.map((p) => p.fact).sort()).toEqual(['foreign_armed_action', 'grave_hr_violation']);
  });

  it('compares two instruments over cases sent by anyone', async () => {
    const response = await server.get('/api/rules/compare', json('POST', { a: 've-2026-proyecto', b: 've-2026-ley', cases, asOf: '2026-04-01' }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { cases: number; changed: { case: string; from: string; to: string; ruleB: string }[] };
    expect(body.cases).toBe(10);
    expect(body.changed).toContainEqual(expect.objectContaining({ case: 'EJEMPLO-05', from: 'covered', to: 'excluded', ruleB: 'art9-drug-trafficking' }));
  });

  it('keeps registry runs and comparisons to staff', async () => {
    for (const [path, init] of [
      ['/api/rules/compare?a=ve-2026-proyecto&b=ve-2026-ley', undefined],
      ['/api/eligibility/runs', undefined],
      ['/api/eligibility/runs', json('POST', { rules: 've-2026-ley' })],
    ] as const) {
      const response = await server.get(path, init);
      expect([401, 403], path).toContain(response.status);
    }
  });

  it('compares two instruments over the registry with breakdowns', async () => {
    const response = await server.admin('/api/rules/compare?a=ve-2026-proyecto&b=ve-2026-ley&asOf=2026-04-01');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      cases: number;
      byCase: Record<string, Record<string, number>>;
      groups: Record<string, unknown>;
      reasons: unknown[];
    };
    const total = Object.values(body.byCase).reduce((n, row) => n + Object.values(row).reduce((m, v) => m + v, 0), 0);
    expect(total).toBe(body.cases);
    expect(body.cases).toBeGreaterThan(100);
    expect(Object.keys(body.groups).sort()).toEqual(['facility', 'occupation_group', 'protest_wave']);
    expect(body.reasons.length).toBeGreaterThan(0);
  });

  it('stores a run over the registry, serves its results, and re-checks it', async () => {
    const created = await server.admin('/api/eligibility/runs', json('POST', { rules: 've-2026-ley@drug-threshold-9y', asOf: '2026-04-01' }));
    expect(created.status).toBe(201);
    const run = (await created.json()) as { id: string; ruleSetHash: string; variants: string[]; covered: number; excluded: number; review: number };
    expect(run.variants).toEqual(['drug-threshold-9y']);
    const full = (await (await server.admin(`/api/eligibility/runs/${run.id}`)).json()) as {
      results: { outcome: string; result: { ruleSet: { hash: string } } }[];
    };
    expect(full.results).toHaveLength(run.covered + run.excluded + run.review);
    expect(full.results.every((r) => r.result.ruleSet.hash === run.ruleSetHash)).toBe(true);
    // each decision as sentences, in the language asked
    const explained = (await (await server.admin(`/api/eligibility/runs/${run.id}?lang=es`)).json()) as { results: { result: { explanation?: string[] } }[] };
    expect(explained.results.length).toBeGreaterThan(0);
    for (const r of explained.results) expect(r.result.explanation?.length).toBeGreaterThan(0);
    expect(full.results.every((r) => !('explanation' in (r as { result: object }).result))).toBe(true);
    const excluded = (await (await server.admin(`/api/eligibility/runs/${run.id}?outcome=excluded`)).json()) as { results: { outcome: string }[] };
    expect(excluded.results).toHaveLength(run.excluded);
    const csv = await server.admin(`/api/eligibility/runs/${run.id}/results.csv?outcome=review`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toBe(
      'case_id,person_id,outcome,decisive_article,decisive_rule,review_reason,missing_facts,conflicting_rules,requirements,deadlines,rule_set,readings,rule_set_hash,as_of,depends_on_uncertain_text,outcome_under_other_readings,presumptions',
    );
    expect(rows).toHaveLength(run.review + 1);
    expect(rows.slice(1).every((row) => row.includes(',review,'))).toBe(true);
    const recheck = (await (await server.admin(`/api/eligibility/runs/${run.id}/recheck`)).json()) as {
      sameText: boolean;
      changed: unknown[];
      unchanged: number;
    };
    expect(recheck).toMatchObject({ sameText: true, changed: [], unchanged: full.results.length });
  });
});
