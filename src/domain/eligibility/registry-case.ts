/**
 * A registry detention as an eligibility case: its charges dated by the arrest (the only
 * date the registry holds; the explanation says so), the facts the timeline can answer —
 * abroad (exiled) and "a derecho" (held, under house arrest or released with measures: in
 * the court's hands) — and the groupings comparisons break down by. Every other fact a rule
 * set asks about stays unknown.
 */
import type { EligibilityCase } from './case.js';

export type RegistryDetention = {
  detentionId: string;
  personId: string;
  arrestedOn: string | null;
  arrestedOnPrecision: string;
  protestWave: string | null;
  facility: string | null;
  occupationGroup: string;
  status: string | null;
  offences: readonly string[];
};

// A disappeared person is left unknown on both: their whereabouts, and so their standing before a court, are not known.
const IN_THE_COURTS_HANDS = new Set(['detained', 'house_arrest', 'released_with_measures']);

/** Builds the case of one detention. */
export function buildRegistryCase(detention: RegistryDetention): EligibilityCase {
  const factsOn = detention.arrestedOn ? partialOf(detention.arrestedOn, detention.arrestedOnPrecision) : null;
  const facts: Record<string, boolean> = {};
  const factSources: Record<string, string> = {};
  if (detention.status === 'exiled') {
    facts.abroad = true;
    facts.a_derecho = false;
  } else if (detention.status !== null && IN_THE_COURTS_HANDS.has(detention.status)) {
    facts.abroad = false;
    facts.a_derecho = true;
  }
  for (const fact of Object.keys(facts)) factSources[fact] = `registry timeline (status: ${detention.status})`;
  return {
    id: detention.detentionId,
    personId: detention.personId,
    charges: detention.offences.map((offence) => ({ offence, factsOn })),
    facts,
    factSources: { ...factSources, facts_date: 'registry: date of arrest' },
    groups: { protest_wave: detention.protestWave, facility: detention.facility, occupation_group: detention.occupationGroup },
  };
}

function partialOf(date: string, precision: string): string {
  return precision === 'year' ? date.slice(0, 4) : precision === 'month' ? date.slice(0, 7) : date.slice(0, 10);
}
