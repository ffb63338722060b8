/**
 * A facility over time, shared by the API and the CLI: its population by day or month, and the
 * accounting of a closure — everyone held there when the closure was announced and where each went,
 * with the last known event and its sources. Reads only the timelines of persons ever recorded at
 * the facility (store/facilities.custodyTimelinesAt), never the whole registry.
 */
import type { Kysely } from 'kysely';
import { dayNumber } from '../domain/eligibility/case.js';
import {
  CLOSURE_OUTCOMES,
  type ClosureEntry,
  type ClosureOutcome,
  type CustodyEvent,
  closureAccounting,
  closureCounts,
  type PopulationPoint,
  populationSeries,
} from '../domain/facilities/stays.js';
import { poolSmallCells, roundedStock, withheld } from '../domain/registry/small-cells.js';
import type { Consent, EventKind } from '../domain/registry/vocabulary.js';
import { AppError } from '../shared/app-error.js';
import type { Facility } from '../shared/schemas.js';
import {
  custodyTimelinesAt,
  type EventSource,
  type FacilityStatusEntry,
  facilityStatusHistory,
  getFacility,
  getFacilityByCode,
  listFacilities,
  type PersonSummary,
  sourcesOfEvents,
  staySpansAt,
} from '../store/facilities.js';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database>;

/** A facility by id, code or name (accents and case ignored); a clear error naming the closest when none matches. */
export async function findFacility(db: Db, ref: string): Promise<Facility> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)) {
    const byId = await getFacility(db, ref);
    if (byId) return byId;
  }
  const byCode = await getFacilityByCode(db, ref);
  if (byCode) return byCode;
  const plain = (text: string) =>
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  const all = await listFacilities(db);
  const wanted = plain(ref);
  const found = all.filter((f) => plain(f.name) === wanted || plain(f.code) === wanted);
  if (found.length === 1) return found[0]!;
  const near = all.filter((f) => plain(f.name).includes(wanted) || wanted.includes(plain(f.code)));
  if (near.length === 1) return near[0]!;
  if (near.length > 1) {
    throw new AppError('not_found', 'facility ambiguous', {
      publicMessage: `"${ref}" could be several facilities: ${near.map((f) => `${f.name} (${f.code})`).join('; ')}. Name one by its code.`,
    });
  }
  throw new AppError('not_found', 'facility not found', {
    publicMessage: `No facility is called "${ref}". Known facilities: ${all.map((f) => `${f.name} (${f.code})`).join('; ')}.`,
  });
}

export type Population = { facility: Facility; from: string; to: string; step: 'day' | 'month'; points: PopulationPoint[] };

/** A facility's population from `from` to `to`, by day or month, over the persons counted. */
export async function facilityPopulation(
  db: Db,
  facility: Facility,
  query: { from: string; to: string; step: 'day' | 'month'; consent?: readonly Consent[] | undefined },
): Promise<Population> {
  if (query.to < query.from) throw new AppError('validation_failed', 'bad period', { details: [{ path: 'to', reason: 'the period ends before it starts' }] });
  if (query.step === 'day' && dayNumber(query.to) - dayNumber(query.from) > 3660) {
    throw new AppError('validation_failed', 'period too long', { details: [{ path: 'to', reason: 'a series by day covers at most ten years: ask by month' }] });
  }
  const stays = await staySpansAt(db, facility.id, query.consent);
  return { facility, from: query.from, to: query.to, step: query.step, points: populationSeries(stays, query.from, query.to, query.step) };
}

function timelinesOf(events: readonly { id: string; personId: string; kind: EventKind; occurredOn: string; seq: number; facilityId: string | null }[]) {
  const byPerson = new Map<string, CustodyEvent[]>();
  for (const event of events) {
    const list = byPerson.get(event.personId) ?? [];
    list.push({ id: event.id, person: event.personId, kind: event.kind, occurredOn: event.occurredOn, seq: event.seq, facility: event.facilityId });
    byPerson.set(event.personId, list);
  }
  return [...byPerson.values()];
}

export type ClosurePerson = {
  person: PersonSummary;
  outcome: ClosureOutcome;
  /** Facilities taken to after leaving, in order, by code and name. */
  path: { code: string; name: string }[];
  heldAt: { code: string; name: string } | null;
  heldSince: string;
  leftOn: string | null;
  lastEvent: { kind: EventKind; occurredOn: string; facility: string | null; sources: Omit<EventSource, 'eventId'>[] };
};

export type Closure = {
  facility: Facility;
  history: FacilityStatusEntry[];
  announcedOn: string;
  closedOn: string | null;
  asOf: string;
  counts: Record<ClosureOutcome, number>;
  total: number;
  persons: ClosurePerson[];
};

/**
 * The closure being accounted for, as of `asOf`: announced on the first announcement (or closing)
 * since the facility last operated or reopened, and closed on the first closing after it, if any.
 */
export function closureDates(
  history: readonly FacilityStatusEntry[],
  facility: Facility,
  asOf: string,
): { announcedOn: string; closedOn: string | null } | null {
  const known = history.filter((entry) => entry.on <= asOf);
  // A backup from before the history was kept carries the status alone.
  if (known.length === 0 && facility.status !== 'open' && facility.statusSince && facility.statusSince <= asOf) {
    return { announcedOn: facility.statusSince, closedOn: facility.status === 'closed' ? facility.statusSince : null };
  }
  let announcedOn: string | null = null;
  let closedOn: string | null = null;
  for (const entry of known) {
    if (entry.status === 'operating' || entry.status === 'reopened') {
      announcedOn = null; // a reopening ends the closure
      closedOn = null;
    } else {
      announcedOn ??= entry.on;
      if (entry.status === 'closed') closedOn ??= entry.on;
    }
  }
  return announcedOn === null ? null : { announcedOn, closedOn };
}

/** Everyone held at the facility when its closure was announced and where each went by `asOf`. */
export async function facilityClosure(db: Db, facility: Facility, query: { asOf: string; consent?: readonly Consent[] | undefined }): Promise<Closure> {
  const history = await facilityStatusHistory(db, facility.id);
  const dates = closureDates(history, facility, query.asOf);
  if (!dates) {
    throw new AppError('validation_failed', 'no closure announced', {
      publicMessage: `No closure of ${facility.name} is recorded on or before ${query.asOf}. Record it first (status closure_announced, with its date and source).`,
    });
  }
  const { events, persons } = await custodyTimelinesAt(db, facility.id, query.consent);
  const entries = closureAccounting(timelinesOf(events), facility.id, dates.announcedOn, dates.closedOn, query.asOf);
  const facilities = new Map((await listFacilities(db)).map((f) => [f.id, { code: f.code, name: f.name }]));
  const sources = await sourcesOfEvents(
    db,
    entries.map((entry) => entry.lastEvent.id),
  );
  const place = (id: string | null) => (id === null ? null : (facilities.get(id) ?? { code: id, name: id }));
  return {
    facility,
    history,
    ...dates,
    asOf: query.asOf,
    counts: closureCounts(entries),
    total: entries.length,
    persons: entries.map((entry: ClosureEntry) => ({
      person: persons.get(entry.person)!,
      outcome: entry.outcome,
      path: entry.path.map((id) => place(id)!),
      heldAt: place(entry.heldAt),
      heldSince: entry.stay.from,
      leftOn: entry.stay.endedBy?.occurredOn ?? null,
      lastEvent: {
        kind: entry.lastEvent.kind,
        occurredOn: entry.lastEvent.occurredOn,
        facility: place(entry.lastEvent.facility)?.name ?? null,
        sources: (sources.get(entry.lastEvent.id) ?? []).map(({ eventId: _, ...source }) => source),
      },
    })),
  };
}

/** What the public may read of a population series: persons held rounded to 5 (1–4 withheld), no entries or exits. */
export type PublicPopulation = Omit<Population, 'points'> & { points: { period: string; held: number | null; entered: null; left: null }[] };

/** The public's series: consented persons only; entries and exits would name single moves, and the stock is rounded so that differences do not. */
export async function publicFacilityPopulation(
  db: Db,
  facility: Facility,
  query: { from: string; to: string; step: 'day' | 'month'; consent: readonly Consent[] },
): Promise<PublicPopulation> {
  const population = await facilityPopulation(db, facility, query);
  return { ...population, points: population.points.map((point) => ({ period: point.period, held: roundedStock(point.held), entered: null, left: null })) };
}

export const PUBLIC_POPULATION_RULE = 'persons held: from 1 to 4 withheld (null), otherwise rounded to a multiple of 5; entries and exits are not published';

/** What the public may read of a closure: counts of where people went (outcomes under 5 pooled), no person. */
export type PublicClosure = Pick<Closure, 'facility' | 'history' | 'announcedOn' | 'closedOn' | 'asOf'> & {
  total: number | null;
  counts: { outcome: string | null; count: number }[];
};

/** The public's accounting, as of today only: counts asked day after day would date single moves. */
export async function publicFacilityClosure(
  db: Db,
  facility: Facility,
  query: { today: string; consent: readonly Consent[] | undefined },
): Promise<PublicClosure> {
  const closure = await facilityClosure(db, facility, { asOf: query.today, consent: query.consent });
  const cells = poolSmallCells(
    CLOSURE_OUTCOMES.map((outcome) => ({ key: outcome, label: null, count: closure.counts[outcome] })),
    'outcomes of fewer than 5 persons, together',
  );
  return {
    facility: closure.facility,
    history: closure.history,
    announcedOn: closure.announcedOn,
    closedOn: closure.closedOn,
    asOf: closure.asOf,
    total: withheld(closure.total),
    counts: cells.map((cell) => ({ outcome: cell.key, count: cell.count })),
  };
}
