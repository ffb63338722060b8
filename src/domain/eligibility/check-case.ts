/**
 * Checks the names a case file uses against the rule sets it can be evaluated by: fact
 * names, offence codes, categories and rule set names. A name no rule set knows is refused
 * with the closest names ("did you mean …?"), never ignored — an exclusion fact spelt
 * wrong would otherwise be read as unrecorded, and its presumption would decide the case.
 * A fact given at the wrong level (a case-level fact on a charge) is refused with where it
 * belongs. An offence written as its label ("Tráfico de drogas") is refused with the code
 * to use, or, when asked, resolved to it and reported.
 *
 * Names are checked against every rule set together, so one case file serves comparisons:
 * a fact one instrument asks and another does not is simply not read by the other.
 */
import { foldValue, matchVocabulary, type PreparedVocabulary, prepareVocabulary, type VocabularyEntry } from '../importing/match-vocabulary.js';
import { jaroWinkler } from '../linkage/string-similarity.js';
import type { EligibilityCase } from './case.js';
import type { RuleSet } from './rule-set.js';

export type CaseVocabulary = {
  /** Fact name → its level (the same in every rule set that asks it). */
  factLevels: ReadonlyMap<string, 'charge' | 'case'>;
  facts: PreparedVocabulary;
  /** The facts and the source-only keys (facts_date), for factSources. */
  sourceKeys: PreparedVocabulary;
  /** Category name → the rule sets that declare it. */
  categories: ReadonlyMap<string, ReadonlySet<string>>;
  categoryNames: PreparedVocabulary;
  /** Rule set id and short name (lower case) → the rule set's id. */
  ruleSets: ReadonlyMap<string, string>;
  offences: PreparedVocabulary;
  offenceCodes: ReadonlySet<string>;
};

/** Facts every case may cite a source for besides the rule sets' facts. */
const SOURCE_ONLY_FACTS = new Set(['facts_date']);

/** The names the rule sets and the thesaurus know. */
export function caseVocabulary(ruleSets: readonly RuleSet[], thesaurus: readonly VocabularyEntry[]): CaseVocabulary {
  const factLevels = new Map<string, 'charge' | 'case'>();
  const categories = new Map<string, Set<string>>();
  const names = new Map<string, string>();
  const offenceEntries = new Map(thesaurus.map((entry) => [entry.code, entry]));
  for (const ruleSet of ruleSets) {
    names.set(ruleSet.id, ruleSet.id);
    names.set(ruleSet.short.toLowerCase(), ruleSet.id);
    for (const [name, fact] of Object.entries(ruleSet.facts)) factLevels.set(name, fact.level);
    for (const category of Object.keys(ruleSet.categories)) {
      let declaredBy = categories.get(category);
      if (!declaredBy) {
        declaredBy = new Set();
        categories.set(category, declaredBy);
      }
      declaredBy.add(ruleSet.id);
    }
    for (const code of Object.values(ruleSet.offences).flat()) if (!offenceEntries.has(code)) offenceEntries.set(code, { code, labels: [] });
  }
  return {
    factLevels,
    facts: prepareVocabulary([...factLevels.keys()].map((code) => ({ code, labels: [] }))),
    sourceKeys: prepareVocabulary([...factLevels.keys(), ...SOURCE_ONLY_FACTS].map((code) => ({ code, labels: [] }))),
    categories,
    categoryNames: prepareVocabulary([...categories.keys()].map((code) => ({ code, labels: [] }))),
    ruleSets: names,
    offences: prepareVocabulary([...offenceEntries.values()]),
    offenceCodes: new Set(offenceEntries.keys()),
  };
}

export type CaseNameProblem = { path: string; reason: string };
export type LabelResolution = { path: string; label: string; code: string };

/**
 * The problems with a case's names, and the case with offence labels resolved to codes
 * when `resolveLabels` is set (each resolution reported).
 */
export function checkCaseNames(
  input: EligibilityCase,
  vocabulary: CaseVocabulary,
  options: { resolveLabels?: boolean } = {},
): { problems: CaseNameProblem[]; resolutions: LabelResolution[]; case: EligibilityCase } {
  const problems: CaseNameProblem[] = [];
  const resolutions: LabelResolution[] = [];
  const checkFacts = (facts: Readonly<Record<string, unknown>> | undefined, level: 'charge' | 'case', path: string) => {
    for (const name of Object.keys(facts ?? {})) {
      const declared = vocabulary.factLevels.get(name);
      if (SOURCE_ONLY_FACTS.has(name))
        problems.push({ path: `${path}.${name}`, reason: `"${name}" is only a key of factSources: the date of the facts goes in charges[n].factsOn` });
      else if (declared === undefined)
        problems.push({ path: `${path}.${name}`, reason: unknownName('fact', name, vocabulary.facts, 'recuento rules show <id>') });
      else if (declared !== level)
        problems.push({
          path: `${path}.${name}`,
          reason:
            declared === 'case'
              ? `"${name}" is a fact of the whole case: put it under the case's facts, not a charge's`
              : `"${name}" is asked of each charge: put it under charges[n].facts, not the case's facts`,
        });
    }
  };
  checkFacts(input.facts, 'case', 'facts');
  for (const name of Object.keys(input.factSources ?? {}))
    if (!vocabulary.factLevels.has(name) && !SOURCE_ONLY_FACTS.has(name))
      problems.push({ path: `factSources.${name}`, reason: unknownName('fact', name, vocabulary.sourceKeys, 'recuento rules show <id>') });
  let charges = input.charges;
  input.charges.forEach((charge, index) => {
    const path = `charges.${index}`;
    checkFacts(charge.facts, 'charge', `${path}.facts`);
    if (charge.offence !== undefined && !vocabulary.offenceCodes.has(charge.offence)) {
      const match = matchVocabulary(charge.offence, vocabulary.offences);
      if (match.ok && options.resolveLabels) {
        resolutions.push({ path: `${path}.offence`, label: charge.offence, code: match.code });
        if (charges === input.charges) charges = [...input.charges];
        charges[index] = { ...charge, offence: match.code };
      } else if (match.ok)
        problems.push({
          path: `${path}.offence`,
          reason: `"${charge.offence}" is how the offence is written, not its code: use "${match.code}" (or let labels be resolved: --resolve-labels)`,
        });
      else
        problems.push({
          path: `${path}.offence`,
          reason: `${unknownName('offence code', charge.offence, vocabulary.offences, 'recuento offences list')}; when no code fits, give the charge's category and the offence as written (offenceText) instead`,
        });
    }
    const category = charge.category;
    if (typeof category === 'string') {
      if (!vocabulary.categories.has(category))
        problems.push({ path: `${path}.category`, reason: unknownName('category', category, vocabulary.categoryNames, 'recuento rules show <id>') });
    } else if (category !== undefined) {
      for (const [name, value] of Object.entries(category)) {
        const id = vocabulary.ruleSets.get(name) ?? vocabulary.ruleSets.get(name.toLowerCase());
        if (id === undefined)
          problems.push({
            path: `${path}.category.${name}`,
            reason: `there is no rule set "${name}" (rule sets: ${[...new Set(vocabulary.ruleSets.values())].join(', ')})`,
          });
        else if (!vocabulary.categories.get(value)?.has(id))
          problems.push({
            path: `${path}.category.${name}`,
            reason: `${id} has no category "${value}" (its categories: recuento rules show ${id})`,
          });
      }
    }
  });
  return { problems, resolutions, case: charges === input.charges ? input : { ...input, charges } };
}

const SUGGEST_ABOVE = 0.9;

/** "unknown fact "foreign_armed_acton": did you mean "foreign_armed_action"?" */
function unknownName(what: string, name: string, vocabulary: PreparedVocabulary, listWith: string): string {
  const match = matchVocabulary(name, vocabulary);
  // Only names a typo away: "contrabando" is no misspelling of "conspiracion".
  const folded = foldValue(name);
  const suggestions = match.ok
    ? [match.code]
    : match.suggestions.map((suggestion) => suggestion.code).filter((code) => jaroWinkler(folded, foldValue(code)) >= SUGGEST_ABOVE);
  const hint = suggestions.length > 0 ? `: did you mean ${suggestions.map((code) => `"${code}"`).join(' or ')}?` : ` (see ${listWith})`;
  return `unknown ${what} "${name}"${hint}`;
}
