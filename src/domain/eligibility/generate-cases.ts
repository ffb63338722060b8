/**
 * Synthetic cases for property tests and benchmarks: charges drawn from a rule set's own
 * offence table (mostly its largest category, plus an offence it lacks), dates at day, month
 * or year precision (most inside the rule set's episodes, the rest anywhere in 1998–2026), and
 * each fact the rule set asks about recorded true, false, or left unknown.
 */
import type { Random } from '../demo/generate-persons.js';
import { dayNumber, dayToIso, type EligibilityCase } from './case.js';
import type { RuleSet } from './rule-set.js';

export type CaseMix = {
  /** Share of charges dated inside one of the rule set's episodes (as registry cases mostly are). */
  inEpisodeRate: number;
  /** Share of charges drawn from the largest offence category. */
  mainCategoryRate: number;
  /** Share of facts left unrecorded (unknown). */
  unknownRate: number;
  /** Share of charges with no date. */
  undatedRate: number;
  maxCharges: number;
};

export const DEFAULT_MIX: CaseMix = { inEpisodeRate: 0.8, mainCategoryRate: 0.85, unknownRate: 0.3, undatedRate: 0.05, maxCharges: 3 };

const FIRST_DAY = dayNumber('1998-01-01');
const LAST_DAY = dayNumber('2026-02-28');

/** A factory of random cases for one rule set. */
export function createCaseGenerator(ruleSet: RuleSet, random: Random, mix: CaseMix = DEFAULT_MIX): (id: string) => EligibilityCase {
  // Most charges come from the largest category (the political offences, in every shipped
  // instrument), the rest from any category, and a few are missing from the table.
  const tables = Object.values(ruleSet.offences).filter((codes) => codes.length > 0);
  const largest = tables.reduce((a, b) => (b.length > a.length ? b : a), [] as string[]);
  const offences = [...tables.flat(), 'offence_not_in_any_table'];
  const episodes = ruleSet.episodes.map((episode): [number, number] => [dayNumber(episode.from), dayNumber(episode.to)]);
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
      const episode = episodes.length > 0 && random.next() < mix.inEpisodeRate ? random.pick(episodes) : null;
      const day = episode ? random.int(episode[0], episode[1]) : random.int(FIRST_DAY, LAST_DAY);
      const precision = random.next();
      const iso = dayToIso(day);
      const factsOn = random.next() < mix.undatedRate ? null : precision < 0.7 ? iso : precision < 0.9 ? iso.slice(0, 7) : iso.slice(0, 4);
      charges.push({
        offence: random.next() < mix.mainCategoryRate ? random.pick(largest) : random.pick(offences),
        factsOn,
        minPenaltyYears: random.next() < mix.unknownRate ? null : random.int(1, 20),
        facts: facts(chargeFacts),
      });
    }
    return { id, charges, facts: facts(caseFacts) };
  };
}
