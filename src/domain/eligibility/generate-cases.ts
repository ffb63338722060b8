/**
 * Synthetic cases for property tests and benchmarks: charges drawn from a rule set's own
 * offence table (plus an offence it lacks), dates at day, month or year precision across
 * 1998–2026, and each fact the rule set asks about recorded true, false, or left unknown.
 */
import type { Random } from '../demo/generate-persons.js';
import { dayToIso, type EligibilityCase } from './case.js';
import type { RuleSet } from './rule-set.js';

export type CaseMix = {
  /** Share of facts left unrecorded (unknown). */
  unknownRate: number;
  /** Share of charges with no date. */
  undatedRate: number;
  maxCharges: number;
};

export const DEFAULT_MIX: CaseMix = { unknownRate: 0.3, undatedRate: 0.05, maxCharges: 3 };

const FIRST_DAY = Math.floor(Date.UTC(1998, 0, 1) / 86_400_000);
const LAST_DAY = Math.floor(Date.UTC(2026, 1, 28) / 86_400_000);

/** A factory of random cases for one rule set. */
export function createCaseGenerator(ruleSet: RuleSet, random: Random, mix: CaseMix = DEFAULT_MIX): (id: string) => EligibilityCase {
  const offences = [...Object.values(ruleSet.offences).flat(), 'offence_not_in_any_table'];
  const chargeFacts = Object.entries(ruleSet.facts)
    .filter(([, fact]) => fact.level === 'charge')
    .map(([name]) => name);
  const caseFacts = Object.entries(ruleSet.facts)
    .filter(([, fact]) => fact.level === 'case')
    .map(([name]) => name);
  const facts = (names: readonly string[]) => {
    const out: Record<string, boolean> = {};
    for (const name of names) if (random.next() >= mix.unknownRate) out[name] = random.next() < 0.5;
    return out;
  };
  return (id) => {
    const count = random.int(1, mix.maxCharges);
    const charges = [];
    for (let i = 0; i < count; i++) {
      const day = random.int(FIRST_DAY, LAST_DAY);
      const precision = random.next();
      const iso = dayToIso(day);
      const factsOn = random.next() < mix.undatedRate ? null : precision < 0.7 ? iso : precision < 0.9 ? iso.slice(0, 7) : iso.slice(0, 4);
      charges.push({
        offence: random.pick(offences),
        factsOn,
        minPenaltyYears: random.next() < mix.unknownRate ? null : random.int(1, 20),
        facts: facts(chargeFacts),
      });
    }
    return { id, charges, facts: facts(caseFacts) };
  };
}
