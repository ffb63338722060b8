/**
 * Eligibility results as a spreadsheet: one row per case with the outcome, the decisive
 * article and rule, why it needs review, the facts to collect, the deadlines and their state,
 * the rule set's hash, whether the outcome depends on an uncertain passage (and how it reads
 * under each other reading), and the presumptions relied on. Shared by `recuento eligibility --csv` and the API.
 */
import type { EligibilityResult } from '../domain/eligibility/evaluate-case.js';
import { csvCell } from './write-table.js';

export const ELIGIBILITY_CSV_COLUMNS = [
  'case_id',
  'person_id',
  'outcome',
  'decisive_article',
  'decisive_rule',
  'review_reason',
  'missing_facts',
  'conflicting_rules',
  'requirements',
  'deadlines',
  'rule_set',
  'readings',
  'rule_set_hash',
  'as_of',
  'depends_on_uncertain_text',
  'outcome_under_other_readings',
  'presumptions',
] as const;

/** One CSV line (with its newline) for a result. */
export function eligibilityCsvLine(result: EligibilityResult): string {
  const missing = result.missingFacts.map(
    (item) => `${item.fact}${item.charge === null ? '' : ` [charge ${item.charge + 1}]`}${item.alleged ? ' (alleged)' : ''}`,
  );
  const cells = [
    result.case,
    result.person,
    result.outcome,
    result.decisive?.article,
    result.decisive?.rule,
    result.reason,
    missing.join('; '),
    result.conflicts.map((ref) => ref.rule).join('; '),
    result.requirements.map((ref) => `${ref.rule}${ref.certain ? '' : ' (may apply)'}`).join('; '),
    result.deadlines.map((deadline) => `${deadline.deadline}: ${deadline.status} (due ${deadline.due})`).join('; '),
    result.ruleSet.id,
    result.ruleSet.variants.join('; '),
    result.ruleSet.hash,
    result.ruleSet.asOf,
    result.dependsOnUncertainText ? 'yes' : 'no',
    result.readings.map((reading) => `${reading.added ? '' : 'without '}${reading.reading}: ${reading.outcome}`).join('; '),
    result.presumptions.map((item) => `${item.fact}${item.charge === null ? '' : ` [charge ${item.charge + 1}]`} = ${item.value}`).join('; '),
  ];
  return `${cells.map((cell) => csvCell(cell)).join(',')}\n`;
}

/** The whole CSV text for a list of results. */
export function eligibilityCsv(results: Iterable<EligibilityResult>): string {
  let text = `${ELIGIBILITY_CSV_COLUMNS.join(',')}\n`;
  for (const result of results) text += eligibilityCsvLine(result);
  return text;
}
