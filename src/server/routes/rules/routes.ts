/**
 * The amnesty instruments as rule sets, and eligibility. Reading the rule sets, running
 * their lawyers' cases and evaluating cases sent in the request are open to anyone (the
 * law is public, and the facts come from the caller). Runs over the registry, comparisons
 * over it and re-checks show per-person outcomes: staff only.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EligibilityCase } from '../../../domain/eligibility/case.js';
import { checkCaseNames } from '../../../domain/eligibility/check-case.js';
import { compareRuleSets } from '../../../domain/eligibility/compare-results.js';
import type { CompiledRuleSet } from '../../../domain/eligibility/compile-rule-set.js';
import { evaluateCase } from '../../../domain/eligibility/evaluate-case.js';
import { explainResult } from '../../../domain/eligibility/explain.js';
import { runRuleTest } from '../../../domain/eligibility/rule-tests.js';
import { OFFENCE_LABELS } from '../../../domain/registry/offences.js';
import { eligibilityCsv } from '../../../io/eligibility-csv.js';
import { caseVocabularyOf, findRuleSet, loadRuleSets, loadRuleTests, resolveRuleSet } from '../../../io/read-rules.js';
import { AppError } from '../../../shared/app-error.js';
import { getEligibilityRun, getEligibilityRunHeader, listEligibilityRuns, loadRegistryCases } from '../../../store/eligibility.js';
import { recheckEligibilityRun, runEligibilityOverRegistry } from '../../../usecases/eligibility-runs.js';
import type { RouteDeps } from '../../app.js';
import { actorLabel } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';
import {
  CompareBodySchema,
  CompareQuerySchema,
  ComparisonSchema,
  EvaluateBodySchema,
  EvaluateResponseSchema,
  RecheckSchema,
  RuleSetParamsSchema,
  RuleSetSummarySchema,
  RuleTestsResponseSchema,
  RunInputSchema,
  RunQuerySchema,
  RunSchema,
  RunWithResultsSchema,
} from './schema.js';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function registerRulesRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Rule set files do not change while the server runs; a new text means a restart.
  const all = await loadRuleSets();
  const tests = await loadRuleTests();
  const tags = ['rules'];
  const security = [{ admin: [] }];
  const vocabulary = caseVocabularyOf(all);
  // By id or by the short name `recuento rules list` shows.
  const find = (name: string) => findRuleSet(all, name);
  /** The cases with their names checked (and labels resolved when asked); any problem refuses the request whole. */
  const checkedCases = (cases: readonly EligibilityCase[], resolveLabels: boolean) => {
    const details: { path: string; reason: string }[] = [];
    const resolutions: { path: string; label: string; code: string }[] = [];
    const checked = cases.map((input, index) => {
      const result = checkCaseNames(input, vocabulary, { resolveLabels });
      for (const problem of result.problems) details.push({ path: `cases.${index}.${problem.path}`, reason: problem.reason });
      for (const resolution of result.resolutions) resolutions.push({ ...resolution, path: `cases.${index}.${resolution.path}` });
      return result.case;
    });
    if (details.length > 0)
      throw new AppError('validation_failed', 'case names unknown', {
        publicMessage: 'Some cases use names no rule set knows; nothing was evaluated.',
        details: details.slice(0, 100),
      });
    return { cases: checked, resolutions };
  };
  // A rule set compiles once per reading it has (about 10 ms for the 2026 law); requests reuse it.
  const compiledCache = new Map<string, CompiledRuleSet>();
  const compile = (reference: string, asOf: string, variants: readonly string[] = []) => {
    const key = JSON.stringify([reference, asOf, variants]);
    let compiled = compiledCache.get(key);
    if (!compiled) {
      compiled = resolveRuleSet(all, reference, asOf, variants);
      if (compiledCache.size >= 64) compiledCache.delete(compiledCache.keys().next().value!);
      compiledCache.set(key, compiled);
    }
    return compiled;
  };

  r.get(
    '/api/rules',
    {
      config: { policy: 'rules.read' },
      schema: { summary: 'The rule sets: laws, bills, drafts and decrees', tags, response: { 200: z.array(RuleSetSummarySchema) } },
    },
    async () =>
      all.map(({ ruleSet, hash }) => ({
        id: ruleSet.id,
        short: ruleSet.short,
        version: ruleSet.version,
        hash,
        title: ruleSet.title,
        status: ruleSet.status,
        kind: ruleSet.kind,
        dates: ruleSet.dates as Record<string, string>,
        readings: Object.entries(ruleSet.variants).map(([name, variant]) => ({ name, label: variant.label, description: variant.description })),
        rules: ruleSet.rules.length,
      })),
  );
  r.get(
    '/api/rules/:ruleSet',
    {
      config: { policy: 'rules.read' },
      schema: {
        summary: 'One rule set in full: parameters, episodes, offence table, rules with their legal text, facts, deadlines, effects, procedure, readings',
        tags,
        params: RuleSetParamsSchema,
        response: { 200: z.object({ hash: z.string() }).catchall(z.unknown()), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const loaded = find(request.params.ruleSet);
      return { hash: loaded.hash, ...loaded.ruleSet };
    },
  );
  r.get(
    '/api/rules/:ruleSet/tests',
    {
      config: { policy: 'rules.read' },
      schema: {
        summary: "Runs the lawyers' cases of a rule set",
        tags,
        params: RuleSetParamsSchema,
        response: { 200: RuleTestsResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const loaded = find(request.params.ruleSet);
      const outcomes = tests
        .filter((file) => file.ruleSet === loaded.ruleSet.id)
        .flatMap((file) =>
          file.tests.map((test) => runRuleTest(test, (variants, asOf) => resolveRuleSet(all, file.ruleSet, asOf ?? today(), variants), vocabulary)),
        );
      return {
        ruleSet: loaded.ruleSet.id,
        passed: outcomes.filter((o) => o.passed).length,
        failed: outcomes.filter((o) => !o.passed).length,
        tests: outcomes.map(({ name, passed, failures }) => ({ name, passed, failures })),
      };
    },
  );
  r.post(
    '/api/rules/:ruleSet/evaluate',
    {
      config: { policy: 'eligibility.evaluate' },
      schema: {
        summary: 'Evaluates up to 1,000 cases sent in the request (the case format of docs/ELIGIBILITY.md); nothing is stored',
        tags,
        params: RuleSetParamsSchema,
        body: EvaluateBodySchema,
        response: { 200: EvaluateResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const body = request.body;
      const compiled = compile(find(request.params.ruleSet).ruleSet.id, body.asOf ?? today(), body.variants);
      const counts = { covered: 0, excluded: 0, review: 0 };
      const { cases: checked, resolutions } = checkedCases(body.cases, body.resolveLabels);
      const results = checked.map((input) => {
        const result = evaluateCase(compiled, input, { strict: body.strict });
        counts[result.outcome]++;
        return { ...result, explanation: explainResult(result, compiled, body.lang, OFFENCE_LABELS) };
      });
      return { counts, results, resolutions };
    },
  );
  r.get(
    '/api/rules/compare',
    {
      config: { policy: 'eligibility.read' },
      schema: {
        summary: 'Compares two rule sets (or readings) over every detention of the registry: transitions, changed cases and why, breakdowns',
        tags,
        querystring: CompareQuerySchema,
        response: { 200: ComparisonSchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request) => {
      const asOf = request.query.asOf ?? today();
      const a = compile(request.query.a, asOf);
      const b = compile(request.query.b, asOf);
      const strict = request.query.strict === 'true';
      const { cases } = await loadRegistryCases(store.db);
      return compareRuleSets(a, b, cases, { strict });
    },
  );
  r.post(
    '/api/rules/compare',
    {
      config: { policy: 'eligibility.evaluate' },
      schema: {
        summary: 'Compares two rule sets (or readings) over up to 1,000 cases sent in the request; nothing is stored',
        tags,
        body: CompareBodySchema,
        response: { 200: ComparisonSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const body = request.body;
      const asOf = body.asOf ?? today();
      return compareRuleSets(compile(body.a, asOf), compile(body.b, asOf), checkedCases(body.cases, body.resolveLabels).cases, { strict: body.strict });
    },
  );

  const runTags = ['eligibility'];
  r.post(
    '/api/eligibility/runs',
    {
      config: { policy: 'eligibility.run' },
      schema: {
        summary: 'Evaluates every detention of the registry and stores the run with the rule set hash',
        tags: runTags,
        body: RunInputSchema,
        response: { 201: RunSchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request, reply) => {
      const compiled = resolveRuleSet(all, request.body.rules, request.body.asOf ?? today());
      const run = await runEligibilityOverRegistry(store.db, compiled, { strict: request.body.strict, createdBy: actorLabel(request.actor) });
      request.log.info({ run: run.id, ruleSet: run.ruleSet, cases: run.results.length }, 'eligibility run stored');
      return reply.status(201).send((await getEligibilityRunHeader(store.db, run.id))!);
    },
  );
  r.get(
    '/api/eligibility/runs',
    {
      config: { policy: 'eligibility.read' },
      schema: { summary: 'Stored eligibility runs, newest first', tags: runTags, response: { 200: z.array(RunSchema), ...ERROR_RESPONSES }, security },
    },
    async () => listEligibilityRuns(store.db),
  );
  r.get(
    '/api/eligibility/runs/:id',
    {
      config: { policy: 'eligibility.read' },
      schema: {
        summary: "A run with every detention's result (or one outcome's)",
        tags: runTags,
        params: IdParamsSchema,
        querystring: RunQuerySchema,
        response: { 200: RunWithResultsSchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request) => {
      const found = orNotFound((await getEligibilityRun(store.db, request.params.id, request.query.outcome)) ?? undefined, 'eligibility run');
      const { lang } = request.query;
      if (!lang) return found;
      // each decision as sentences, from the rule set the run used (none when its text has changed since)
      const compiled = compile(found.run.ruleSetId, found.run.asOf, found.run.variants);
      if (compiled.hash !== found.run.ruleSetHash) return found;
      return {
        ...found,
        results: found.results.map((r) => ({ ...r, result: { ...r.result, explanation: explainResult(r.result, compiled, lang, OFFENCE_LABELS) } })),
      };
    },
  );
  r.get(
    '/api/eligibility/runs/:id/results.csv',
    {
      config: { policy: 'eligibility.read' },
      schema: {
        summary: 'A run as a spreadsheet: one row per detention with outcome, article, facts to collect and deadlines',
        tags: runTags,
        params: IdParamsSchema,
        querystring: RunQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string(), ...ERROR_RESPONSES },
        security,
      },
    },
    async (request, reply) => {
      const stored = orNotFound((await getEligibilityRun(store.db, request.params.id, request.query.outcome)) ?? undefined, 'eligibility run');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="eligibility-${stored.run.ruleSetId}-${stored.run.id}.csv"`)
        .send(eligibilityCsv(stored.results.map((row) => row.result)));
    },
  );
  r.get(
    '/api/eligibility/runs/:id/recheck',
    {
      config: { policy: 'eligibility.read' },
      schema: {
        summary: "Re-checks a run: is the rule set the same text (hash), and which decisions change with today's registry",
        tags: runTags,
        params: IdParamsSchema,
        response: { 200: RecheckSchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request) => recheckEligibilityRun(store.db, all, request.params.id),
  );
}
