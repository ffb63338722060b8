/**
 * A registry detention as an eligibility case: its charges dated by the arrest (the only
 * date the registry holds; the explanation says so), the facts the timeline can answer —
 * abroad (exiled) and "a derecho" (held, under house arrest or released with measures: in
 * the court's hands) — and the groupings comparisons break down by. Every other fact a rule
 * set asks about stays unknown.
 */
import { formatPartialDate } from '../registry/parse-date.js';
import type { EligibilityCase } from './case.js';

/** A timeline event about an amnesty request: filed, or decided (granted, dismissed, denied). */
export type RequestEvent = { detentionId: string | null; kind: string; occurredOn: string; occurredOnPrecision: string };

const DECISION_KINDS = new Set(['amnestied', 'case_dismissed', 'amnesty_denied']);

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
  /** The person's request events: for this detention, or for none in particular. */
  requestEvents?: readonly RequestEvent[];
};

// A disappeared person is left unknown on both: their whereabouts, and so their standing before a court, are not known.
const IN_THE_COURTS_HANDS = new Set(['detained', 'house_arrest', 'released_with_measures']);

/** Builds the case of one detention. */
export function buildRegistryCase(detention: RegistryDetention): EligibilityCase {
  const factsOn = detention.arrestedOn ? formatPartialDate(detention.arrestedOn, detention.arrestedOnPrecision) : null;
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
  const request = requestOf(detention);
  return {
    id: detention.detentionId,
    personId: detention.personId,
    charges: detention.offences.map((offence) => ({ offence, factsOn })),
    facts,
    factSources: { ...factSources, facts_date: 'registry: date of arrest' },
    groups: { protest_wave: detention.protestWave, facility: detention.facility, occupation_group: detention.occupationGroup },
    ...(request ? { request } : {}),
  };
}

/**
 * The latest request filed for this detention (or for the person, with no detention named),
 * and the first decision on or after it: an amnesty, a dismissal or a refusal.
 */
function requestOf(detention: RegistryDetention): EligibilityCase['request'] {
  const events = (detention.requestEvents ?? []).filter((event) => event.detentionId === null || event.detentionId === detention.detentionId);
  let filed: RequestEvent | null = null;
  for (const event of events) if (event.kind === 'amnesty_requested' && (!filed || event.occurredOn > filed.occurredOn)) filed = event;
  if (!filed) return undefined;
  let decided: RequestEvent | null = null;
  for (const event of events)
    if (DECISION_KINDS.has(event.kind) && event.occurredOn >= filed.occurredOn && (!decided || event.occurredOn < decided.occurredOn)) decided = event;
  return {
    filedOn: formatPartialDate(filed.occurredOn, filed.occurredOnPrecision),
    ...(decided ? { decidedOn: formatPartialDate(decided.occurredOn, decided.occurredOnPrecision) } : {}),
  };
}
