/**
 * Synthetic acts in custody for the demo, so that the counts of acts show something on a fresh
 * start: more in the intelligence services' sites (El Helicoide, SEBIN Plaza Venezuela, DGCIM
 * Boleíta, as the 2026 reports describe them) than in prisons; denials of counsel of one's choice
 * and of family visits the most common; an enforced disappearance recorded for half of the
 * "whereabouts unknown" stretches (the timeline gives its period). Invented rates, not estimates:
 * everything here is SYNTHETIC, like the persons it is drawn for, and carries no account.
 *
 * Drawn from a random stream of each person's own (seeded by their external id), so the persons
 * and their follow-up stay exactly as they were. Pure: no I/O.
 */
import { dayNumber, dayToIso } from '../eligibility/case.js';
import type { DatePrecision } from '../registry/vocabulary.js';
import type { ActKind } from '../violations/vocabulary.js';
import { createRandom, type DemoPerson } from './generate-persons.js';

export type DemoAct = {
  detentionIndex: number;
  kind: ActKind;
  from: string | null;
  fromPrecision: DatePrecision;
  to: string | null;
  facilityCode: string | null;
  agency: string | null;
};

const INTELLIGENCE = new Set(['el-helicoide', 'sebin-plaza-venezuela', 'dgcim-boleita']);
const ENDS_CUSTODY = new Set(['released', 'released_with_measures', 'house_arrest', 'exiled', 'died_in_custody']);

/** Chances per detention, in an intelligence site and elsewhere; `lasts`: an act that runs for days. */
const RATES: { kind: ActKind; intelligence: number; elsewhere: number; lasts: boolean }[] = [
  { kind: 'torture', intelligence: 0.22, elsewhere: 0.04, lasts: false },
  { kind: 'cruel_treatment', intelligence: 0.3, elsewhere: 0.12, lasts: false },
  { kind: 'sexual_violence', intelligence: 0.03, elsewhere: 0.01, lasts: false },
  { kind: 'denial_of_counsel', intelligence: 0.45, elsewhere: 0.35, lasts: true },
  { kind: 'denial_of_medical_care', intelligence: 0.12, elsewhere: 0.1, lasts: true },
  { kind: 'denial_of_family_visits', intelligence: 0.35, elsewhere: 0.15, lasts: true },
  { kind: 'solitary_confinement', intelligence: 0.1, elsewhere: 0.03, lasts: true },
];

/** The synthetic acts of one synthetic person (their events as they stand after the follow-up). */
export function demoActs(person: Pick<DemoPerson, 'externalId' | 'detentions' | 'events'>, today: string): DemoAct[] {
  let seed = 0;
  for (const char of `${person.externalId}|acts`) seed = (Math.imul(seed, 31) + char.charCodeAt(0)) | 0;
  const random = createRandom(seed);
  const acts: DemoAct[] = [];
  for (const [index, detention] of person.detentions.entries()) {
    const own = person.events.filter((e) => e.detentionIndex === index);
    const released = own.find((e) => ENDS_CUSTODY.has(e.kind) && e.occurredOn >= detention.arrestedOn)?.occurredOn ?? today;
    const last = Math.min(dayNumber(released), dayNumber(today));
    const first = dayNumber(detention.arrestedOn);
    if (last <= first) continue;
    const site = INTELLIGENCE.has(detention.facilityCode) ? 'intelligence' : 'elsewhere';
    for (const rate of RATES) {
      if (!random.chance(rate[site])) continue;
      const start = Math.min(last, first + random.int(0, 20));
      const end = rate.lasts ? Math.min(last, start + random.int(7, 120)) : null;
      const byMonth = random.chance(0.15);
      acts.push({
        detentionIndex: index,
        kind: rate.kind,
        from: byMonth ? `${dayToIso(start).slice(0, 7)}-01` : dayToIso(start),
        fromPrecision: byMonth ? 'month' : 'day',
        to: byMonth || end === null ? null : dayToIso(end),
        facilityCode: detention.facilityCode,
        agency: detention.agency,
      });
    }
    const transfers = own.filter((e) => e.kind === 'transferred' && e.occurredOn <= today);
    if (transfers.length > 0 && random.chance(0.2)) {
      const transfer = transfers[0]!;
      acts.push({
        detentionIndex: index,
        kind: 'transfer_far_from_family',
        from: transfer.occurredOn,
        fromPrecision: 'day',
        to: null,
        facilityCode: transfer.facilityCode,
        agency: detention.agency,
      });
    }
    if (own.some((e) => e.kind === 'whereabouts_unknown' && e.occurredOn <= today) && random.chance(0.5)) {
      acts.push({
        detentionIndex: index,
        kind: 'enforced_disappearance',
        from: null,
        fromPrecision: 'day',
        to: null,
        facilityCode: null,
        agency: detention.agency,
      });
    }
  }
  return acts;
}
