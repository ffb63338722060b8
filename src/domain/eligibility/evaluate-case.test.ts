import { describe, expect, it } from 'vitest';
import { type EligibilityCase, EligibilityCaseSchema, partialDateBounds } from './case.js';
import { checkRuleSet, compileRuleSet } from './compile-rule-set.js';
import { evaluateCase } from './evaluate-case.js';
import { explainResult } from './explain.js';
import { type Rule, type RuleSet, RuleSetSchema } from './rule-set.js';

const text = { quote: 'texto', status: 'paraphrase' as const, sources: ['S'] };
const explain = { es: 'explicación de {offence}', en: 'explanation of {offence}' };

function rule(id: string, outcome: Rule['outcome'], when: Rule['when'], overrides: string[] = [], level: Rule['level'] = 'charge') {
  return { id, level, article: `Art. ${id}`, outcome, when, overrides, text, explain };
}

/** A small instrument: political offences in a 2014 window are covered, violent ones excluded. */
function miniRuleSet(rules: ReturnType<typeof rule>[], extra: Partial<Record<string, unknown>> = {}): RuleSet {
  return RuleSetSchema.parse({
    id: 'mini',
    version: 1,
    short: 'M',
    title: { es: 'Ley mínima', en: 'Minimal law' },
    status: 'enacted',
    kind: 'amnesty',
    dates: { inForce: '2026-02-19' },
    summary: { es: 'prueba', en: 'test' },
    sources: { S: 'https://example.org/s' },
    parameters: {
      period: { description: 'p', article: 'Art. 1', sources: ['S'], values: { '2026-02-19': { from: '1999-01-01', to: '2026-02-19' } } },
    },
    episodes: [{ id: 'ep2014', label: { es: '2014', en: '2014' }, from: '2014-02-01', to: '2014-06-30', sources: ['S'] }],
    categories: { political: { es: 'político', en: 'political' }, violent: { es: 'violento', en: 'violent' } },
    offences: { political: ['instigacion'], violent: ['homicidio'] },
    facts: {
      weapon: { level: 'charge', question: { es: '¿Arma?', en: 'A weapon?' } },
      lawful_purpose: { level: 'charge', question: { es: '¿Fin lícito?', en: 'A lawful purpose?' } },
      abroad: { level: 'case', question: { es: '¿En el exterior?', en: 'Abroad?' } },
      informant: { level: 'case', question: { es: '¿Informante?', en: 'Informant?' }, assumption: { value: false, why: { es: 'x', en: 'x' } } },
    },
    rules,
    deadlines: [
      {
        id: 'decide',
        article: 'Art. 9',
        label: { es: 'Decidir', en: 'Decide' },
        days: 15,
        from: 'request',
        calendar: 'continuous',
        sources: ['S'],
        verified: true,
      },
    ],
    effects: { does: [{ article: 'Art. 5', text: { es: 'extingue', en: 'extinguishes' } }] },
    procedure: { mayRequest: ['defence', 'person'], mayRequestArticle: 'Art. 8', where: { es: 'tribunal', en: 'court' } },
    ...extra,
  });
}

const covered = rule('cover', 'covered', { all: [{ episode: 'any' }, { offence: ['political'] }] });
const violentExcluded = rule('violent', 'excluded', { offence: ['violent'] }, ['cover']);
const weaponExcluded = rule('weapon', 'excluded', { fact: 'weapon' }, ['cover']);
const lawfulPurposeReinstated = rule('lawful', 'covered', { fact: 'lawful_purpose' }, ['weapon']);
const outside = rule('outside', 'excluded', { not: { episode: 'any' } });

function evaluate(ruleSet: RuleSet, input: Omit<EligibilityCase, 'id'>, asOf = '2026-04-01', strict = false) {
  expect(checkRuleSet(ruleSet)).toEqual([]);
  const compiled = compileRuleSet(ruleSet, { hash: 'h'.repeat(64), asOf });
  return evaluateCase(compiled, { id: 'c1', ...input }, { strict });
}

const inWindow = (offence: string, facts?: Record<string, boolean | null>) => ({ offence, factsOn: '2014-03-10', ...(facts ? { facts } : {}) });

describe('evaluateCase: rules and their exceptions', () => {
  const ruleSet = miniRuleSet([covered, violentExcluded, weaponExcluded, lawfulPurposeReinstated, outside]);

  const none = { weapon: false, lawful_purpose: false };
  it.each([
    ['a political charge in the window is covered', [inWindow('instigacion', none)], 'covered', 'cover'],
    ['an exception overrides the rule it names', [inWindow('homicidio', none)], 'excluded', 'violent'],
    ['a recorded fact triggers an exception', [inWindow('instigacion', { ...none, weapon: true })], 'excluded', 'weapon'],
    ['an exception to the exception restores coverage', [inWindow('instigacion', { weapon: true, lawful_purpose: true })], 'covered', 'lawful'],
    ['facts outside the window are excluded', [{ offence: 'instigacion', factsOn: '2015-01-01', facts: none }], 'excluded', 'outside'],
  ] as const)('%s', (_name, charges, outcome, decisive) => {
    const result = evaluate(ruleSet, { charges: [...charges] });
    expect(result.outcome).toBe(outcome);
    expect(result.decisive?.rule).toBe(decisive);
  });

  it('names the rules an exception set aside', () => {
    const weapon = evaluate(ruleSet, { charges: [inWindow('instigacion', { ...none, weapon: true })] });
    expect(weapon.charges[0]!.overridden.map((r) => r.rule)).toEqual(['cover']);
  });

  it('an exception to an exception that meets another exclusion is a conflict, not a guess', () => {
    const result = evaluate(ruleSet, { charges: [inWindow('homicidio', { weapon: true, lawful_purpose: true })] });
    expect(result.outcome).toBe('review');
    expect(result.reason).toBe('conflict');
    expect(result.conflicts.map((r) => r.rule).sort()).toEqual(['lawful', 'violent']);
  });
});

describe('evaluateCase: three-valued logic', () => {
  const ruleSet = miniRuleSet([covered, weaponExcluded, outside]);

  it('unknown stays unknown: a fact left out makes the case need review, with the fact named', () => {
    const result = evaluate(ruleSet, { charges: [inWindow('instigacion', { weapon: null })] });
    expect(result.outcome).toBe('review');
    expect(result.reason).toBe('unknown_facts');
    expect(result.missingFacts).toEqual([{ fact: 'weapon', charge: 0 }]);
  });

  it('an unknown fact that cannot change the outcome does not hold the decision', () => {
    const result = evaluate(ruleSet, { charges: [{ offence: 'instigacion', factsOn: '2016-01-01' }] });
    expect(result.outcome).toBe('excluded');
    expect(result.missingFacts).toEqual([]);
  });

  it('a date known only to the month asks for the day when the month straddles the window', () => {
    const result = evaluate(ruleSet, { charges: [{ offence: 'instigacion', factsOn: '2014', facts: { weapon: false } }] });
    expect(result.outcome).toBe('review');
    expect(result.missingFacts).toEqual([{ fact: 'facts_date', charge: 0 }]);
  });

  it('a documented presumption decides, and is shown, unless the evaluation is strict', () => {
    const informant = rule('informant', 'excluded', { fact: 'informant' }, [], 'case');
    const withCase = miniRuleSet([covered, outside, informant]);
    const presumed = evaluate(withCase, { charges: [inWindow('instigacion')] });
    expect(presumed.outcome).toBe('covered');
    const strict = evaluate(withCase, { charges: [inWindow('instigacion')] }, '2026-04-01', true);
    expect(strict.outcome).toBe('review');
    expect(strict.missingFacts).toEqual([{ fact: 'informant', charge: null }]);
    const recorded = evaluate(withCase, { charges: [inWindow('instigacion')], facts: { informant: true } });
    expect(recorded.outcome).toBe('excluded');
    expect(recorded.decisive).toMatchObject({ rule: 'informant', level: 'case' });
  });
});

describe('evaluateCase: conflicts and gaps are reported, never resolved silently', () => {
  it('two rules that apply with different outcomes and no override are a conflict', () => {
    const unordered = rule('weapon', 'excluded', { fact: 'weapon' });
    const result = evaluate(miniRuleSet([covered, unordered]), { charges: [inWindow('instigacion', { weapon: true })] });
    expect(result.outcome).toBe('review');
    expect(result.reason).toBe('conflict');
    expect(result.conflicts.map((r) => r.rule).sort()).toEqual(['cover', 'weapon']);
  });

  it('a charge no rule decides needs review; it is never "not covered" by default', () => {
    const result = evaluate(miniRuleSet([covered]), { charges: [{ offence: 'homicidio', factsOn: '2014-03-01' }] });
    expect(result.outcome).toBe('review');
    expect(result.reason).toBe('no_rule');
  });

  it('an offence missing from the table asks for its category', () => {
    const result = evaluate(miniRuleSet([covered, outside]), { charges: [inWindow('contrabando')] });
    expect(result.outcome).toBe('review');
    expect(result.reason).toBe('offence_not_in_table');
    expect(result.missingFacts).toEqual([{ fact: 'offence_category', charge: 0 }]);
  });
});

describe('evaluateCase: requirements, deadlines and standing', () => {
  const abroad = rule('appear', 'requirement', { fact: 'abroad' }, [], 'case');
  const ruleSet = miniRuleSet([covered, outside, abroad]);

  it('a requirement is certain, possible or absent with the fact', () => {
    expect(evaluate(ruleSet, { charges: [inWindow('instigacion')], facts: { abroad: true } }).requirements).toEqual([
      { rule: 'appear', article: 'Art. appear', certain: true },
    ]);
    expect(evaluate(ruleSet, { charges: [inWindow('instigacion')] }).requirements[0]?.certain).toBe(false);
    expect(evaluate(ruleSet, { charges: [inWindow('instigacion')], facts: { abroad: false } }).requirements).toEqual([]);
  });

  it.each([
    [{ filedOn: '2026-03-01' }, '2026-03-10', 'pending', 6],
    [{ filedOn: '2026-03-01' }, '2026-03-16', 'pending', 0],
    [{ filedOn: '2026-03-01' }, '2026-03-17', 'overdue', 1],
    [{ filedOn: '2026-03-01', decidedOn: '2026-03-16' }, '2026-05-01', 'met', 0],
    [{ filedOn: '2026-03-01', decidedOn: '2026-03-20' }, '2026-05-01', 'late', 4],
  ])('a request %o seen on %s is %s', (request, asOf, status, days) => {
    const result = evaluate(ruleSet, { charges: [inWindow('instigacion')], request }, asOf);
    expect(result.deadlines).toEqual([{ deadline: 'decide', article: 'Art. 9', due: '2026-03-16', status, days, verified: true }]);
  });

  it('says when the requester has no standing', () => {
    const result = evaluate(ruleSet, { charges: [inWindow('instigacion')], request: { filedOn: '2026-03-01', by: 'ngo' } });
    expect(result.standing).toEqual({ by: 'ngo', allowed: false, article: 'Art. 8' });
  });
});

describe('explainResult', () => {
  it('renders the decision in Spanish and English with the article and the facts used', () => {
    const ruleSet = miniRuleSet([covered, weaponExcluded, outside]);
    const compiled = compileRuleSet(ruleSet, { hash: 'a'.repeat(64), asOf: '2026-04-01' });
    const result = evaluateCase(compiled, { id: 'c', charges: [inWindow('instigacion', { weapon: true })], factSources: { weapon: 'acta policial' } });
    const labels = new Map([['instigacion', { es: 'Instigación', en: 'Incitement' }]]);
    const es = explainResult(result, compiled, 'es', labels).join('\n');
    const en = explainResult(result, compiled, 'en', labels).join('\n');
    expect(es).toContain('EXCLUIDO por Ley mínima.');
    expect(es).toContain('Regla decisiva: Art. weapon.');
    expect(es).toContain('¿Arma? Sí (fuente: acta policial)');
    expect(es).toMatch(/Se aparta por excepción: .+ \[Art\. cover\]/);
    expect(es).not.toContain('cover (Art. cover)');
    expect(en).toContain('EXCLUDED under Minimal law.');
    expect(en).toContain('explanation of Incitement');
    expect(en).toContain(`Rule set mini (${'a'.repeat(12)})`);
  });
});

describe('checkRuleSet: a rule file a lawyer got wrong is refused with where and why', () => {
  it.each([
    ['an offence in two categories', { offences: { political: ['instigacion'], violent: ['instigacion'] } }, 'already in category "political"'],
    ['an unknown category in a rule', { rules: [rule('x', 'covered', { offence: ['nonexistent'] })] }, 'unknown category "nonexistent"'],
    ['an undeclared fact', { rules: [rule('x', 'covered', { fact: 'nope' })] }, 'fact "nope" is not declared'],
    [
      'a case rule reading a charge',
      { rules: [rule('x', 'excluded', { offence: ['violent'] }, [], 'case')] },
      'case-level rule can test facts and parameters only',
    ],
    ['an override of an unknown rule', { rules: [rule('x', 'covered', { always: true }, ['ghost'])] }, 'unknown rule "ghost"'],
    [
      'an override cycle',
      { rules: [rule('a', 'covered', { always: true }, ['b']), rule('b', 'excluded', { always: true }, ['a'])] },
      'overrides form a cycle: a → b → a',
    ],
    ['a window parameter used as a threshold', { rules: [rule('x', 'excluded', { penalty_above: 'period' })] }, 'must be a number of years or null'],
  ])('%s', (_name, change, reason) => {
    const ruleSet = miniRuleSet([covered], change as Partial<Record<string, unknown>>);
    expect(
      checkRuleSet(ruleSet)
        .map((p) => p.reason)
        .join('\n'),
    ).toContain(reason);
  });
});

describe('the case format', () => {
  it.each([
    ['2024-02-29', [19782, 19782]],
    ['2024-02', [19754, 19782]],
    ['2023-02-29', null],
    ['2024-13', null],
    ['24-02-01', null],
  ])('partial date %s', (value, bounds) => {
    expect(partialDateBounds(value)).toEqual(bounds);
  });

  it('refuses impossible dates with the field named', () => {
    const parsed = EligibilityCaseSchema.safeParse({
      id: 'x',
      charges: [{ offence: 'a', factsOn: '2014-05-01', factsUntil: '2014-04-01' }],
      request: { filedOn: '2026-03-01', decidedOn: '2026-02-01' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['charges.0.factsUntil', 'request.decidedOn']);
  });
});
