import { describe, expect, it } from 'vitest';
import { OFFENCE_ENTRIES } from '../importing/field-vocabularies.js';
import type { EligibilityCase } from './case.js';
import { caseVocabulary, checkCaseNames } from './check-case.js';
import type { RuleSet } from './rule-set.js';

const ruleSet = {
  id: 've-test',
  short: 'T1',
  facts: {
    foreign_armed_action: { level: 'case', question: { es: '¿?', en: '?' } },
    connected_to_political_events: { level: 'charge', question: { es: '¿?', en: '?' } },
  },
  categories: { common: { es: 'delito común', en: 'common offence' }, political: { es: 'político', en: 'political' } },
  offences: { political: ['instigacion_publica'], common: ['hurto'] },
} as unknown as RuleSet;
const vocabulary = caseVocabulary([ruleSet], OFFENCE_ENTRIES);
const check = (input: Partial<EligibilityCase>, resolveLabels = false) =>
  checkCaseNames({ id: 'c', charges: [], ...input } as EligibilityCase, vocabulary, { resolveLabels });

describe('checkCaseNames', () => {
  it('accepts the names the rule sets and the thesaurus know', () => {
    const result = check({
      charges: [{ offence: 'instigacion_publica', facts: { connected_to_political_events: true } }],
      facts: { foreign_armed_action: null },
      factSources: { facts_date: 'acta', foreign_armed_action: 'expediente' },
    });
    expect(result.problems).toEqual([]);
  });

  it('refuses a misspelt fact with the name meant, and one with no likely name with where to look', () => {
    expect(check({ facts: { foreign_armed_acton: true } }).problems).toEqual([
      { path: 'facts.foreign_armed_acton', reason: 'unknown fact "foreign_armed_acton": did you mean "foreign_armed_action"?' },
    ]);
    expect(check({ factSources: { witness: 'x' } }).problems[0]?.reason).toBe('unknown fact "witness" (see recuento rules show <id>)');
    expect(check({ facts: { facts_date: true } as never }).problems[0]?.reason).toContain('the date of the facts goes in charges[n].factsOn');
  });

  it('refuses a fact at the wrong level, saying where it belongs', () => {
    const result = check({ charges: [{ offence: 'hurto', facts: { foreign_armed_action: true } }], facts: { connected_to_political_events: true } });
    expect(result.problems.map((p) => p.path)).toEqual(['facts.connected_to_political_events', 'charges.0.facts.foreign_armed_action']);
    expect(result.problems[1]?.reason).toContain('is a fact of the whole case');
  });

  it('refuses an offence written as its label with the code, or resolves it when asked and reports it', () => {
    expect(check({ charges: [{ offence: 'Instigación pública a delinquir' }] }).problems[0]?.reason).toContain('use "instigacion_publica"');
    const resolved = check({ charges: [{ offence: 'instigación pública a delinquir' }] }, true);
    expect(resolved.problems).toEqual([]);
    expect(resolved.resolutions).toEqual([{ path: 'charges.0.offence', label: 'instigación pública a delinquir', code: 'instigacion_publica' }]);
    expect(resolved.case.charges[0]?.offence).toBe('instigacion_publica');
  });

  it('refuses an unknown code and says how to give a charge no code fits', () => {
    expect(check({ charges: [{ offence: 'contrabando' }] }).problems[0]?.reason).toBe(
      'unknown offence code "contrabando" (see recuento offences list); when no code fits, give the charge\'s category and the offence as written (offenceText) instead',
    );
  });

  it('checks categories by name, and per rule set by id or short name', () => {
    expect(check({ charges: [{ category: 'comon', offenceText: 'x' }] }).problems[0]?.reason).toBe('unknown category "comon": did you mean "common"?');
    expect(check({ charges: [{ category: { t1: 'common', 've-test': 'political' }, offenceText: 'x' }] }).problems).toEqual([]);
    expect(check({ charges: [{ category: { T2: 'common' }, offenceText: 'x' }] }).problems[0]?.reason).toContain('there is no rule set "T2"');
    expect(check({ charges: [{ category: { T1: 'military' }, offenceText: 'x' }] }).problems[0]?.reason).toContain('ve-test has no category "military"');
  });
});
