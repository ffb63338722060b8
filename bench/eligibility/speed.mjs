#!/usr/bin/env node
import { parseArgs } from 'node:util';
// Eligibility speed on this machine (after npm run build). Prints figures; records nothing.
//   node bench/eligibility/speed.mjs [--cases 1000000] [--peer 100000] [--rules ve-2026-ley]
// 1. Recuento's engine evaluates N synthetic cases (1–3 charges each, facts 30 % unknown, dates
//    at day/month/year precision) with full structured explanations (decisive rule and article,
//    overridden rules, facts used with sources, every presumption relied on, missing facts,
//    requirements, deadlines, and the outcome under each other reading of an uncertain passage);
//    the same without the readings is timed too, to show their share; the
//    sentences of a sample are also rendered, and their cost per case reported.
// 2. The same rule set expressed for json-rules-engine (the reference peer) evaluates the
//    fully known cases of a sample (it has no unknowns: two-valued); Recuento evaluates the
//    same sample; outcomes are checked to agree and the throughput ratio is printed.
import { Engine } from 'json-rules-engine';
import { createRandom } from '../../dist/domain/demo/generate-persons.js';
import { partialDateBounds } from '../../dist/domain/eligibility/case.js';
import { evaluateCase } from '../../dist/domain/eligibility/evaluate-case.js';
import { explainResult } from '../../dist/domain/eligibility/explain.js';
import { createCaseGenerator, DEFAULT_MIX } from '../../dist/domain/eligibility/generate-cases.js';
import { loadRuleSets, resolveRuleSet } from '../../dist/io/read-rules.js';

const { values: args } = parseArgs({
  options: { cases: { type: 'string', default: '1000000' }, peer: { type: 'string', default: '100000' }, rules: { type: 'string', default: 've-2026-ley' } },
});
const N = Number(args.cases);
const PEER = Number(args.peer);
const all = await loadRuleSets();
const compiled = resolveRuleSet(all, args.rules, '2026-12-01');
const ruleSet = compiled.ruleSet;

function time(label, fn) {
  const started = process.hrtime.bigint();
  const value = fn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, value, label };
}

// 1. Recuento, N cases with full explanations.
const generate = createCaseGenerator(ruleSet, createRandom(1));
const made = time('generate', () => Array.from({ length: N }, (_, i) => generate(`c${i}`)));
const cases = made.value;
const charges = cases.reduce((n, c) => n + c.charges.length, 0);
evaluateAll(cases.slice(0, 20000)); // warm up the JIT
const passes = [1, 2, 3].map(() => time('evaluate', () => evaluateAll(cases)));
const withoutReadings = [1, 2, 3].map(() => time('evaluate', () => evaluateAll(cases, { readings: false })).seconds).sort((a, b) => a - b);
const counts = passes[0].value;
const seconds = passes.map((p) => p.seconds).sort((a, b) => a - b);
const rendered = time('render', () => {
  let lines = 0;
  for (const c of cases) lines += explainResult(evaluateCase(compiled, c), compiled, 'es').length;
  return lines;
});

console.log(`machine: ${(await import('node:os')).cpus().length} cores, node ${process.version}`);
console.log(`rule set ${ruleSet.id} (${compiled.hash.slice(0, 12)}), ${ruleSet.rules.length} rules`);
console.log(`${N.toLocaleString('en')} cases, ${charges.toLocaleString('en')} charges (generated in ${made.seconds.toFixed(2)} s, not counted)`);
console.log(`outcomes: ${counts.covered} covered, ${counts.excluded} excluded, ${counts.review} review`);
console.log(
  `Recuento, structured explanations: median ${seconds[1].toFixed(2)} s of 3 passes (${seconds.map((s) => s.toFixed(2)).join(', ')}), ` +
    `${(N / seconds[1] / 1e6).toFixed(2)} M cases/s`,
);
console.log(`  of which the other readings (${compiled.alternatives.length}): the same without them takes ${withoutReadings[1].toFixed(2)} s (median of 3)`);
console.log(
  `Recuento, every explanation also rendered as Spanish sentences (${(rendered.value / N).toFixed(1)} lines a case): ${rendered.seconds.toFixed(2)} s`,
);
console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

function evaluateAll(list, options = {}) {
  const out = { covered: 0, excluded: 0, review: 0 };
  for (const c of list) out[evaluateCase(compiled, c, options).outcome]++;
  return out;
}

// 2. The peer. Only rule sets of the shape of the 2026 law are translated.
if (ruleSet.id !== 've-2026-ley') process.exit(0);
const known = createCaseGenerator(ruleSet, createRandom(2), { ...DEFAULT_MIX, unknownRate: 0, undatedRate: 0 });
const peerCases = [];
while (peerCases.length < PEER) {
  const c = known(`p${peerCases.length}`);
  // two-valued cases only: precise days, offences in the table
  c.charges = c.charges.map((charge) => ({
    ...charge,
    factsOn: charge.factsOn.length === 10 ? charge.factsOn : `${charge.factsOn.slice(0, 4)}-06-15`.slice(0, 10),
  }));
  c.charges = c.charges.map((charge) => ({ ...charge, factsOn: /^\d{4}-\d{2}$/.test(charge.factsOn) ? `${charge.factsOn}-15` : charge.factsOn }));
  if (c.charges.every((charge) => compiled.offenceCategory.has(charge.offence))) peerCases.push(c);
}
const engine = buildPeerEngine();
// Both warmed up on the first 5,000 cases; each timed as the best of three passes.
for (const c of peerCases.slice(0, 5000)) evaluateCase(compiled, c);
for (const c of peerCases.slice(0, 5000)) await evaluateWithPeer(engine, c);
let ours = null;
for (let pass = 0; pass < 3; pass++) {
  const timed = time('ours', () => peerCases.map((c) => evaluateCase(compiled, c).outcome));
  if (!ours || timed.seconds < ours.seconds) ours = timed;
}
let peerSeconds = Number.POSITIVE_INFINITY;
let theirs = [];
for (let pass = 0; pass < 3; pass++) {
  const startedPeer = process.hrtime.bigint();
  const outcomes = [];
  for (const c of peerCases) outcomes.push(await evaluateWithPeer(engine, c));
  const seconds = Number(process.hrtime.bigint() - startedPeer) / 1e9;
  if (seconds < peerSeconds) [peerSeconds, theirs] = [seconds, outcomes];
}
let agree = 0;
for (let i = 0; i < peerCases.length; i++) if (ours.value[i] === theirs[i]) agree++;
console.log(`\nPeer comparison on ${PEER.toLocaleString('en')} fully known cases (same rule set, two-valued; best of 3 after warm-up):`);
console.log(`  Recuento          ${ours.seconds.toFixed(3)} s  (${(PEER / ours.seconds / 1e6).toFixed(2)} M cases/s)`);
console.log(`  json-rules-engine ${peerSeconds.toFixed(2)} s  (${(PEER / peerSeconds / 1e3).toFixed(1)} k cases/s)`);
console.log(`  ratio ${(peerSeconds / ours.seconds).toFixed(1)}×; outcomes agree on ${agree} of ${PEER} (${((100 * agree) / PEER).toFixed(2)} %)`);
console.log(`  1M cases at the peer's rate: ≈ ${((peerSeconds / PEER) * 1e6).toFixed(0)} s`);

/**
 * The 2026 law for json-rules-engine: one engine run per charge. Facts: the offence's
 * category, the day, the charge's and the case's facts. Episode membership is a custom
 * operator. Exclusions carry a higher priority; the glue applies the law's overrides the
 * way the rule file states them (an exclusion beats the coverage rules it names).
 */
function buildPeerEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const windows = compiled.episodes.map((e) => ({ start: e.start, end: e.end, exceptions: e.exceptionMask, requires: e.requiresFact }));
  const period = ruleSet.parameters.period.values['2026-02-19'];
  const periodStart = partialDateBounds(period.from)[0];
  const periodEnd = partialDateBounds(period.to)[0];
  const categoryIndex = (name) => compiled.categories.indexOf(name);
  engine.addOperator('inEpisode', (day, chargeFacts) =>
    windows.some((w) => day >= w.start && day <= w.end && (!w.requires || chargeFacts?.[w.requires] === true)),
  );
  engine.addOperator('inException', (fact, mask) => windows.some((w) => fact.day >= w.start && fact.day <= w.end && ((w.exceptions >> mask) & 1) === 1));
  engine.addOperator('inPeriod', (day) => day >= periodStart && day <= periodEnd);
  engine.addOperator('outPeriod', (day) => day < periodStart || day > periodEnd);
  const rule = (name, outcome, conditions, priority) => engine.addRule({ name, priority, conditions, event: { type: outcome, params: { rule: name } } });
  const excluded = (name, categories, priority = 10) =>
    rule(name, 'excluded', { any: categories.map((c) => ({ fact: 'category', operator: 'equal', value: c })) }, priority);
  rule('art1-outside-period', 'excluded', { all: [{ fact: 'day', operator: 'outPeriod', value: null }] }, 5);
  rule(
    'art8-episodes',
    'covered',
    {
      all: [
        { fact: 'day', operator: 'inPeriod', value: null },
        { fact: 'day', operator: 'inEpisode', value: { fact: 'chargeFacts' } },
        { fact: 'category', operator: 'in', value: ['political_or_connected', 'military_rebellion'] },
      ],
    },
    1,
  );
  rule(
    'art8-common-connected',
    'covered',
    {
      all: [
        { fact: 'day', operator: 'inPeriod', value: null },
        { fact: 'day', operator: 'inEpisode', value: { fact: 'chargeFacts' } },
        { fact: 'category', operator: 'in', value: ['common', 'drug_trafficking'] },
        { fact: 'chargeFacts', path: '$.connected_to_political_events', operator: 'equal', value: true },
      ],
    },
    1,
  );
  rule(
    'art8-common-not-connected',
    'excluded',
    {
      all: [
        { fact: 'category', operator: 'in', value: ['common', 'drug_trafficking'] },
        { fact: 'chargeFacts', path: '$.connected_to_political_events', operator: 'equal', value: false },
      ],
    },
    5,
  );
  rule(
    'art8-outside-episodes',
    'excluded',
    {
      all: [{ fact: 'day', operator: 'inPeriod', value: null }, { not: { fact: 'day', operator: 'inEpisode', value: { fact: 'chargeFacts' } } }],
    },
    5,
  );
  rule(
    'art8-10-military-rebellion',
    'excluded',
    {
      all: [
        { fact: 'category', operator: 'equal', value: 'military_rebellion' },
        { fact: 'self', operator: 'inException', value: categoryIndex('military_rebellion') },
      ],
    },
    10,
  );
  rule(
    'art9-grave-hr-violations',
    'excluded',
    {
      any: [
        { fact: 'category', operator: 'equal', value: 'grave_hr_violation' },
        { fact: 'chargeFacts', path: '$.grave_hr_violation', operator: 'equal', value: true },
      ],
    },
    10,
  );
  excluded('art9-crimes-against-humanity', ['crimes_against_humanity']);
  excluded('art9-foreign-armed-action-charge', ['foreign_armed_action']);
  excluded('art9-war-crimes', ['war_crimes']);
  excluded('art9-intentional-homicide', ['intentional_homicide']);
  excluded('art9-lesiones-gravisimas', ['lesiones_gravisimas']);
  excluded('art9-drug-trafficking', ['drug_trafficking']);
  excluded('art9-anticorruption-law', ['anticorruption_law']);
  return engine;
}

async function evaluateWithPeer(engine, c) {
  if (c.facts?.foreign_armed_action === true) return 'excluded';
  let anyReview = false;
  for (const charge of c.charges) {
    const day = partialDateBounds(charge.factsOn)[0];
    const category = compiled.categories[compiled.offenceCategory.get(charge.offence)];
    const facts = { day, category, chargeFacts: charge.facts ?? {} };
    facts.self = facts;
    const { events } = await engine.run(facts);
    if (events.some((e) => e.type === 'excluded')) return 'excluded';
    if (!events.some((e) => e.type === 'covered')) anyReview = true;
  }
  return c.charges.length === 0 || anyReview ? 'review' : 'covered';
}
