/**
 * Every rule set in rules/ loads and passes its lawyers' cases: each case is a test named
 * after the provision it checks.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createRandom, type Random } from '../domain/demo/generate-persons.js';
import { caseJsonSchema, dayToIso, type EligibilityCase, type FactValue, partialDateBounds } from '../domain/eligibility/case.js';
import { evaluateCase } from '../domain/eligibility/evaluate-case.js';
import { explainResult } from '../domain/eligibility/explain.js';
import { createCaseGenerator } from '../domain/eligibility/generate-cases.js';
import type { RuleSet } from '../domain/eligibility/rule-set.js';
import { runRuleTest } from '../domain/eligibility/rule-tests.js';
import { OFFENCE_LABELS, OFFENCE_THESAURUS } from '../domain/registry/offences.js';
import { isAppError } from '../shared/app-error.js';
import { caseVocabularyOf, loadRuleSets, loadRuleTests, resolveRuleSet } from './read-rules.js';

/** Loading problems are printed whole, so a broken rule file says where it is broken. */
async function orExplain<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw new Error(`${error.publicMessage}\n${error.details.map((d) => `${d.path}: ${d.reason}`).join('\n')}`);
  }
}

const ruleSets = await orExplain(loadRuleSets());
const testFiles = await orExplain(loadRuleTests());
const vocabulary = caseVocabularyOf(ruleSets);

describe('rule sets', () => {
  it('every rule set has a file of lawyer cases', () => {
    const tested = new Set(testFiles.map((file) => file.ruleSet));
    expect(ruleSets.map((loaded) => loaded.ruleSet.id).filter((id) => !tested.has(id))).toEqual([]);
  });

  it('every offence of the thesaurus is in every rule set\u2019s offence table', () => {
    const missing = ruleSets.flatMap((loaded) => {
      const listed = new Set(Object.values(loaded.ruleSet.offences).flat());
      return OFFENCE_THESAURUS.filter((offence) => !listed.has(offence.code)).map((offence) => `${loaded.ruleSet.id}: ${offence.code}`);
    });
    expect(missing).toEqual([]);
  });

  it('every offence a text names or implies (rules/offences/named-by-the-texts.yaml) is a code of the thesaurus, in every rule set\u2019s table', async () => {
    const named = parseYaml(await readFile(new URL('../../rules/offences/named-by-the-texts.yaml', import.meta.url), 'utf8')) as Record<
      string,
      { code: string; where: string; source: string }[]
    >;
    const thesaurus = new Set(OFFENCE_THESAURUS.map((offence) => offence.code));
    const problems: string[] = [];
    expect(Object.keys(named).sort()).toEqual(ruleSets.map((loaded) => loaded.ruleSet.id).sort());
    for (const [instrument, entries] of Object.entries(named)) {
      const own = ruleSets.find((loaded) => loaded.ruleSet.id === instrument)!.ruleSet;
      for (const entry of entries) {
        if (!thesaurus.has(entry.code)) problems.push(`${instrument}: ${entry.code} is not in the thesaurus`);
        if (!(entry.source in own.sources) && !entry.source.startsWith('CRBV')) problems.push(`${instrument}: source ${entry.source} is not among its sources`);
        for (const loaded of ruleSets)
          if (!Object.values(loaded.ruleSet.offences).flat().includes(entry.code))
            problems.push(`${loaded.ruleSet.id} has no category for ${entry.code} (named by ${instrument}, ${entry.where})`);
      }
    }
    expect(problems).toEqual([]);
    expect(Object.values(named).flat().length).toBeGreaterThan(50);
  });

  it('a fact asked by several rule sets is asked at the same level in each (a case file says it once)', () => {
    const levels = new Map<string, Set<string>>();
    for (const loaded of ruleSets)
      for (const [name, fact] of Object.entries(loaded.ruleSet.facts)) levels.set(name, (levels.get(name) ?? new Set()).add(fact.level));
    expect([...levels].filter(([, set]) => set.size > 1).map(([name]) => name)).toEqual([]);
  });

  it('every decision rule is the decisive rule of at least one case', () => {
    const decisive = new Set<string>();
    for (const file of testFiles)
      for (const test of file.tests) {
        const outcome = runRuleTest(test, (variants, asOf) => resolveRuleSet(ruleSets, file.ruleSet, asOf ?? '2026-12-01', variants), vocabulary);
        if (outcome.result?.decisive) decisive.add(`${file.ruleSet}/${outcome.result.decisive.rule}`);
        for (const requirement of outcome.result?.requirements ?? []) decisive.add(`${file.ruleSet}/${requirement.rule}`);
      }
    const untested = ruleSets.flatMap((loaded) => loaded.ruleSet.rules.map((rule) => `${loaded.ruleSet.id}/${rule.id}`)).filter((id) => !decisive.has(id));
    expect(untested).toEqual([]);
  });
});

for (const file of testFiles) {
  describe(`${file.ruleSet} (${file.file.split('/').pop()})`, () => {
    for (const test of file.tests)
      it(test.name, () => {
        const outcome = runRuleTest(test, (variants, asOf) => resolveRuleSet(ruleSets, file.ruleSet, asOf ?? '2026-12-01', variants), vocabulary);
        expect(outcome.failures).toEqual([]);
      });
  });
}

describe('properties, on every rule set and 400 random cases each', () => {
  const ASOF = '2026-12-01';
  for (const loaded of ruleSets) {
    const id = loaded.ruleSet.id;
    const compiled = resolveRuleSet(ruleSets, id, ASOF);
    const generate = createCaseGenerator(loaded.ruleSet, createRandom(20260219));
    const cases = Array.from({ length: 400 }, (_, i) => generate(`c${i}`));

    it(`${id}: the order of charges never changes an outcome`, () => {
      for (const input of cases) {
        const reversed = { ...input, charges: [...input.charges].reverse() };
        expect(evaluateCase(compiled, reversed).outcome, input.id).toBe(evaluateCase(compiled, input).outcome);
      }
    });

    it(`${id}: adding an excluded charge never makes a case covered`, () => {
      const excludedCharges = cases.flatMap((input) =>
        input.charges.filter((charge) => evaluateCase(compiled, { id: 'one', charges: [charge], facts: input.facts }).charges[0]!.outcome === 'excluded'),
      );
      expect(excludedCharges.length).toBeGreaterThan(10);
      cases.forEach((input, i) => {
        const added = { ...input, charges: [...input.charges, excludedCharges[i % excludedCharges.length]!] };
        expect(evaluateCase(compiled, added).outcome, input.id).toBe('excluded');
      });
    });

    it(`${id}: unknown never silently becomes false — every completion of a decided case keeps its outcome`, () => {
      const random = createRandom(7);
      let decided = 0;
      for (const input of cases) {
        const result = evaluateCase(compiled, input, { strict: true });
        if (result.outcome === 'review') continue;
        decided++;
        for (let k = 0; k < 4; k++) {
          const completed = completeCase(loaded.ruleSet, input, random);
          expect(evaluateCase(compiled, completed, { strict: true }).outcome, `${input.id} completion ${k}`).toBe(result.outcome);
        }
      }
      expect(decided).toBeGreaterThan(20);
    });

    it(`${id}: every reading that would change an outcome is reported, with the outcome it gives, and no other`, () => {
      for (const reading of Object.keys(loaded.ruleSet.variants)) {
        const under = resolveRuleSet(ruleSets, id, ASOF, [reading]);
        for (const input of cases) {
          const reported = evaluateCase(compiled, input).readings.find((item) => item.reading === reading);
          const outcome = evaluateCase(under, input, { readings: false }).outcome;
          const base = evaluateCase(compiled, input, { readings: false }).outcome;
          expect(reported?.outcome, `${input.id} under ${reading}`).toBe(outcome === base ? undefined : outcome);
        }
      }
    });

    it(`${id}: explanations name offences, categories, readings and rules in words, never by code`, () => {
      for (const input of cases)
        for (const language of ['es', 'en'] as const) {
          const text = explainResult(evaluateCase(compiled, input), compiled, language, OFFENCE_LABELS).join('\n').replaceAll('offence_not_in_any_table', '');
          expect(text.match(/\b[a-z0-9]+_[a-z0-9_]+\b/g), `${input.id} (${language}): ${text}`).toBeNull();
        }
    });

    it(`${id}: a case needing review names facts to collect, a conflict or a gap`, () => {
      for (const input of cases) {
        const result = evaluateCase(compiled, input, { strict: true });
        if (result.outcome !== 'review') continue;
        const explained = result.missingFacts.length > 0 || result.conflicts.length > 0 || result.reason === 'no_rule' || result.reason === 'no_charges';
        expect(explained, input.id).toBe(true);
      }
    });
  }
});

/** Records every unknown fact, a day for every imprecise date and a penalty where missing. */
function completeCase(ruleSet: RuleSet, input: EligibilityCase, random: Random): EligibilityCase {
  const fill = (level: 'charge' | 'case', facts: Record<string, FactValue> | undefined) => {
    const out = { ...facts };
    for (const [name, fact] of Object.entries(ruleSet.facts)) if (fact.level === level && typeof out[name] !== 'boolean') out[name] = random.next() < 0.5;
    return out;
  };
  return {
    ...input,
    facts: fill('case', input.facts),
    charges: input.charges.map((charge) => {
      const bounds = charge.factsOn ? partialDateBounds(charge.factsOn)! : [random.int(10000, 20600), 0];
      const day = charge.factsOn ? random.int(bounds[0]!, bounds[1]!) : bounds[0]!;
      return { ...charge, factsOn: dayToIso(day), minPenaltyYears: charge.minPenaltyYears ?? random.int(1, 20), facts: fill('charge', charge.facts) };
    }),
  };
}

describe('results a lawyer reads', () => {
  const law = (variants: string[] = []) => resolveRuleSet(ruleSets, 've-2026-ley', '2026-12-01', variants);

  it('names the window of a split episode the facts fall in, not another of the same item', () => {
    const compiled = law(['single-months']);
    const result = evaluateCase(compiled, { id: 'x', charges: [{ offence: 'instigacion_publica', factsOn: '2019-01-15' }] });
    const text = explainResult(result, compiled, 'en', OFFENCE_LABELS).join('\n');
    expect(text).toContain('item 10 of art. 8 (January 2019)');
    expect(text).not.toContain('April 2019');
  });

  it('lists the episodes a charge needing review may fall in', () => {
    const result = evaluateCase(law(), { id: 'x', charges: [{ offence: 'instigacion_publica', factsOn: '2018-05-01' }] });
    expect(result.charges[0]).toMatchObject({ outcome: 'review', episodes: [], possibleEpisodes: ['ep08-national-assembly'] });
    const straddling = evaluateCase(law(), { id: 'y', charges: [{ offence: 'instigacion_publica', factsOn: '2014-06', factsUntil: '2014-07' }] });
    expect(straddling.charges[0]!.possibleEpisodes).toEqual(['ep07-2014']);
  });

  it('counts the court\u2019s 15 days from entry into force for a request filed before the law was in force', () => {
    const compiled = resolveRuleSet(ruleSets, 've-2026-ley', '2026-03-01');
    const result = evaluateCase(compiled, {
      id: 'early',
      charges: [{ offence: 'instigacion_publica', factsOn: '2014-02-12' }],
      request: { filedOn: '2026-02-10' },
    });
    expect(result.deadlines).toEqual([expect.objectContaining({ deadline: 'art11-decision-15-days', due: '2026-03-06', status: 'pending', days: 5 })]);
  });

  it('names the decisive charge of a case with many charges', () => {
    const charges = Array.from({ length: 40 }, () => ({ offence: 'instigacion_publica', factsOn: '2014-02-12' }));
    charges.push({ offence: 'homicidio_intencional', factsOn: '2014-02-12' });
    const result = evaluateCase(law(), { id: 'many', charges, facts: { ceased_conduct: true } });
    expect(result).toMatchObject({ outcome: 'excluded', reason: null, decisive: { rule: 'art9-intentional-homicide', charge: 40 } });
  });
});

describe('the generated evaluator of each level', () => {
  it('agrees with the rules evaluated one by one, on every rule set, reading and random charge', () => {
    const random = createRandom(99);
    let compared = 0;
    for (const loaded of ruleSets) {
      const readings = [[], ...Object.keys(loaded.ruleSet.variants).map((name) => [name])];
      for (const variants of readings) {
        const compiled = resolveRuleSet(ruleSets, loaded.ruleSet.id, '2026-12-01', variants);
        const generate = createCaseGenerator(loaded.ruleSet, random);
        for (let n = 0; n < 300; n++) {
          const input = generate(`g${n}`);
          for (const strict of [false, true])
            for (const charge of input.charges) {
              const from = charge.factsOn ? partialDateBounds(charge.factsOn) : null;
              const context = {
                category: compiled.offenceCategory.get(charge.offence ?? '') ?? -1,
                lo: from ? from[0] : Number.NaN,
                hi: from ? from[1] : Number.NaN,
                penalty: charge.minPenaltyYears ?? Number.NaN,
                chargeFacts: charge.facts,
                caseFacts: input.facts,
                strict,
                episodesTrue: -1,
                episodesUnknown: -1,
                unknownRules: 0,
              };
              for (const level of [compiled.charge, compiled.case]) {
                let applies = 0;
                let unknown = 0;
                for (const rule of level.rules) {
                  const value = rule.evaluate(context);
                  if (value === 1) applies |= 1 << rule.index;
                  if (value === 2) unknown |= 1 << rule.index;
                }
                context.episodesTrue = -1;
                expect(level.evaluateAll(context)).toBe(applies);
                expect(context.unknownRules).toBe(unknown);
                compared++;
              }
            }
        }
      }
    }
    expect(compared).toBeGreaterThan(10000);
  });
});

describe('docs/eligibility-case.schema.json', () => {
  it('is the JSON Schema of the case format the command reads (regenerate: npm run build && node scripts/case-schema.mjs)', async () => {
    const file = JSON.parse(await readFile(new URL('../../docs/eligibility-case.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(caseJsonSchema());
  });
});
