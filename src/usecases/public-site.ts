/**
 * What the public site's pages show, read from the store as the public may see it: persons who
 * consented to publication or to aggregate counting, no cell below 5. Shared by the server (which
 * renders the pages on each request, answers cached). The pages themselves are src/site.
 */
import type { Kysely } from 'kysely';
import { type LoadedRuleSet, RULE_OUTCOMES } from '../domain/eligibility/rule-set.js';
import { seriesFromDays } from '../domain/registry/count-series.js';
import { carrySmallPeriods, poolSmallCells, SMALL_CELLS_KEY, SMALL_CELLS_LABEL, withheld, withholdSmallLevels } from '../domain/registry/small-cells.js';
import type { Consent, OccupationGroup, PersonStatus, ProtestWave } from '../domain/registry/vocabulary.js';
import type { ActCountDimension, PublicActCell } from '../domain/violations/counts.js';
import { loadRuleSets } from '../io/read-rules.js';
import { PUBLIC_RECORD, pickFields } from '../server/policies/index.js';
import type { Claim, Facility, ShownCountRow } from '../shared/schemas.js';
import { listClaims } from '../store/claims.js';
import { countByFacility, countByStatus, countEventsOverTime, hasSyntheticPersons, statusEventLevels } from '../store/counts.js';
import { listDetentionsOfPerson } from '../store/detentions.js';
import { latestRunPerRuleSet, runOutcomeCounts } from '../store/eligibility.js';
import { listTimeline, type NoteCipher } from '../store/events.js';
import { type FacilityStatusEntry, facilityStatusHistory, getFacilityByCode, listFacilities, listOffences } from '../store/facilities.js';
import { countMatchingPersons, getPerson, listPersonPage } from '../store/persons.js';
import type { Database } from '../store/schema.js';
import { cosignaturesOf, listPublications, listWitnesses, readCheckpoint, readEntries } from '../store/translog.js';
import { currentLevelsOf } from '../store/verification.js';
import { publicActCounts } from './acts.js';
import { conditionCounts, type PublicConditionCounts, publicConditionCounts } from './conditions.js';
import { closureDates, type PublicClosure, type PublicPopulation, publicFacilityClosure, publicFacilityPopulation } from './facility-history.js';
import { type PublicRearrestFigures, publicRearrestFigures, rearrestFigures } from './rearrests.js';

type Db = Kysely<Database>;
/** Answers kept between requests (the server's answer cache); the export computes each once. */
export type Cached = <T>(key: string, compute: () => Promise<T>) => Promise<T>;
export const uncached: Cached = (_key, compute) => compute();

/** Who the public counts include. */
export const PUBLIC_CONSENT: readonly Consent[] = ['public', 'aggregate_only'];

/** What every page shows around its content. */
export type SiteFrame = {
  synthetic: boolean;
  checkpoint: { size: number; root: string; signedAt: string } | null;
  /** This site's own address, as the reader reached it (the commands that check it name it). */
  site?: string;
};

export async function siteFrame(db: Db, cached: Cached): Promise<SiteFrame> {
  const [synthetic, checkpoint] = await Promise.all([cached('synthetic', () => hasSyntheticPersons(db)), cached('site:checkpoint', () => readCheckpoint(db))]);
  return { synthetic, checkpoint: checkpoint && checkpoint.size > 0 ? { size: checkpoint.size, root: checkpoint.root, signedAt: checkpoint.signedAt } : null };
}

export type HomeData = {
  metric: string;
  claims: Claim[];
  /** The registry's own cumulative count of the metric, where it can count it (releases). */
  registry: { date: string; count: number }[];
  status: ShownCountRow[];
  acts: { by: ActCountDimension; cells: PublicActCell[]; persons: number | null };
};

export async function homeData(db: Db, cached: Cached, o: { metric: string; actsBy: ActCountDimension; today: string }): Promise<HomeData> {
  const consent = PUBLIC_CONSENT;
  const scope = { consent };
  const claims = await cached(`site:claims:${o.metric}`, () => listClaims(db, { metric: o.metric }));
  const status = await cached('counts:public,aggregate_only:status', () => countByStatus(db, scope));
  const acts = await cached(`acts:public:${o.actsBy}:${o.today}`, () => publicActCounts(db, { by: o.actsBy, asOf: o.today, consent }));
  let registry: { date: string; count: number }[] = [];
  const first = claims[0]?.asOf;
  const last = claims[claims.length - 1]?.asOf;
  if (o.metric === 'released' && first && last) {
    const days = await cached('counts:public,aggregate_only:days:releases', () =>
      countEventsOverTime(db, scope, { kinds: ['released', 'released_with_measures'], period: 'day' }),
    );
    let total = 0;
    registry = carrySmallPeriods(seriesFromDays(days, 'day', `${first.slice(0, 4)}-01-01`, last)).map((row) => {
      total += row.count;
      return { date: row.key ?? '', count: total };
    });
  }
  return {
    metric: o.metric,
    claims,
    registry,
    status: poolSmallCells(status, SMALL_CELLS_LABEL).map((row) => ({ ...row, levels: row.levels && withholdSmallLevels(row.levels) })),
    acts: { by: o.actsBy, ...acts },
  };
}

/** Persons a page of the public list shows. */
export const PUBLIC_LIST_PAGE = 50;

export type PublicListQuery = {
  q?: string | undefined;
  status?: PersonStatus | undefined;
  occupationGroup?: OccupationGroup | undefined;
  protestWave?: ProtestWave | undefined;
  page: number;
};

export type PublicListRow = { id: string; name: string; status: string; level: string; occupationGroup: string | null; synthetic: boolean };

/**
 * The public list: persons who consented to be named, and no one else — whatever is searched, a
 * person counted only in the numbers (or private) is never a row. Names searched accent-blind.
 */
export async function publicListData(
  db: Db,
  cached: Cached,
  query: PublicListQuery,
): Promise<{ rows: PublicListRow[]; total: number; page: number; pages: number }> {
  const filter = { q: query.q, status: query.status, occupationGroup: query.occupationGroup, protestWave: query.protestWave, consent: NAMED_CONSENT };
  const total = await cached(`persons-total:${JSON.stringify(filter)}`, () => countMatchingPersons(db, filter));
  const pages = Math.max(1, Math.ceil(total / PUBLIC_LIST_PAGE));
  const page = Math.min(Math.max(1, query.page), pages);
  const persons = await listPersonPage(db, filter, PUBLIC_LIST_PAGE, (page - 1) * PUBLIC_LIST_PAGE);
  const rows = persons.map((person) => {
    const shown = pickFields(person, PUBLIC_RECORD.person);
    return {
      id: shown.id,
      name: fullName(shown),
      status: shown.status,
      level: person.statusLevel,
      occupationGroup: shown.occupationGroup ?? null,
      synthetic: shown.synthetic,
    };
  });
  return { rows, total, page, pages };
}

/** Who the public list names: only persons who consented to be named. */
const NAMED_CONSENT: readonly Consent[] = ['public'];

function fullName(p: { givenNames: string; firstSurname: string; secondSurname?: string | null | undefined }): string {
  return [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' ');
}

export type PublicPersonPage = {
  id: string;
  name: string;
  status: string;
  level: string;
  occupationGroup: string | null;
  synthetic: boolean;
  detentions: {
    arrestedOn: string | null;
    arrestedOnPrecision: string;
    agency: string | null;
    facility: string | null;
    protestWave: string | null;
    charges: { code: string; es: string; en: string }[];
    level: string;
  }[];
  events: {
    kind: string;
    occurredOn: string | null;
    occurredOnPrecision: string;
    facility: string | null;
    level: string;
    measures: { kind: string; everyDays: number | null; startsOn: string | null; endsOn: string | null }[];
  }[];
};

/**
 * A person's public page: exactly the fields consent "public" publishes (server/policies
 * PUBLIC_RECORD), each fact with its verification level. Null for anyone else — a person
 * counted only in the numbers, a private one, or none — so that no answer tells them apart.
 */
export async function publicPersonData(db: Db, notes: NoteCipher, id: string): Promise<PublicPersonPage | null> {
  const person = await getPerson(db, id);
  if (!person || person.consent !== 'public') return null;
  const shown = pickFields(person, PUBLIC_RECORD.person);
  const [detentions, timeline, facilities, offences, statusLevels] = await Promise.all([
    listDetentionsOfPerson(db, id),
    listTimeline(db, id, notes),
    listFacilities(db),
    listOffences(db),
    statusEventLevels(db, [id]),
  ]);
  const facilityName = new Map(facilities.map((f) => [f.id, f.name]));
  const offence = new Map(offences.map((o) => [o.code, o]));
  const [eventLevels, detentionLevels] = await Promise.all([
    currentLevelsOf(
      db,
      'event',
      timeline.map((e) => e.id),
    ),
    currentLevelsOf(
      db,
      'detention',
      detentions.map((d) => d.id),
    ),
  ]);
  return {
    id: shown.id,
    name: fullName(shown),
    status: shown.status,
    level: statusLevels.get(id) ?? 'reported',
    occupationGroup: shown.occupationGroup ?? null,
    synthetic: shown.synthetic,
    detentions: detentions.map((full) => {
      const d = pickFields(full, PUBLIC_RECORD.detention);
      return {
        arrestedOn: d.arrestedOn ?? null,
        arrestedOnPrecision: d.arrestedOnPrecision,
        agency: d.agency ?? null,
        facility: d.facilityId ? (facilityName.get(d.facilityId) ?? null) : null,
        protestWave: d.protestWave ?? null,
        charges: (d.charges ?? []).map((code) => {
          const known = offence.get(code);
          return { code, es: known?.labelEs ?? code, en: known?.labelEn ?? code };
        }),
        level: detentionLevels.get(full.id) ?? 'reported',
      };
    }),
    events: timeline.map((full) => {
      const e = pickFields(full, PUBLIC_RECORD.event);
      return {
        kind: e.kind,
        occurredOn: e.occurredOn ?? null,
        occurredOnPrecision: e.occurredOnPrecision,
        facility: e.facilityId ? (facilityName.get(e.facilityId) ?? null) : null,
        level: eventLevels.get(full.id) ?? 'reported',
        measures: e.measures.map((m) => {
          const shownMeasure = pickFields(m, PUBLIC_RECORD.measure);
          return {
            kind: shownMeasure.kind,
            everyDays: shownMeasure.everyDays ?? null,
            startsOn: shownMeasure.startsOn ?? null,
            endsOn: shownMeasure.endsOn ?? null,
          };
        }),
      };
    }),
  };
}

export type PublicFacilityRow = Facility & { heldNow: number | null; pooled: boolean };

/** Every facility with the persons held there now as the public counts them: facilities under 5 pooled together. */
export async function facilitiesData(db: Db, cached: Cached): Promise<{ facilities: PublicFacilityRow[]; pooled: number | null }> {
  const [facilities, rows] = await Promise.all([
    listFacilities(db),
    cached('counts:public,aggregate_only:facility', () => countByFacility(db, { consent: PUBLIC_CONSENT })),
  ]);
  const cells = poolSmallCells(rows, SMALL_CELLS_LABEL);
  const shown = new Map(cells.filter((c) => c.key !== SMALL_CELLS_KEY).map((c) => [c.key, c.count]));
  const pooledCell = cells.find((c) => c.key === SMALL_CELLS_KEY);
  return {
    facilities: facilities.map((f) => ({ ...f, heldNow: shown.get(f.code) ?? null, pooled: !shown.has(f.code) && rows.some((r) => r.key === f.code) })),
    pooled: pooledCell ? pooledCell.count : null,
  };
}

export type FacilityPage = {
  facility: Facility;
  history: FacilityStatusEntry[];
  population: PublicPopulation;
  closure: PublicClosure | null;
};

/** A facility's page: its status history, its population by month over three years, and where its people went if its closure was announced. */
export async function facilityPageData(db: Db, cached: Cached, code: string, today: string): Promise<FacilityPage | null> {
  const facility = await getFacilityByCode(db, code);
  if (!facility) return null;
  const history = await facilityStatusHistory(db, facility.id);
  const from = `${Number(today.slice(0, 4)) - 3}${today.slice(4, 7)}-01`;
  const population = await cached(`site:population:${facility.id}:${from}:${today}`, () =>
    publicFacilityPopulation(db, facility, { from, to: today, step: 'month', consent: PUBLIC_CONSENT }),
  );
  const closure = closureDates(history, facility, today)
    ? await cached(`site:closure:${facility.id}:${today}`, () => publicFacilityClosure(db, facility, { today, consent: PUBLIC_CONSENT }))
    : null;
  return { facility, history, population, closure };
}

/** The conditions page: the burden of measures over the last twelve months, and the re-arrest figures, as the public reads them. */
export async function conditionsData(db: Db, cached: Cached, today: string): Promise<{ counts: PublicConditionCounts; rearrests: PublicRearrestFigures }> {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const from = month === 12 ? `${year}-01-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}-01`;
  const consent = PUBLIC_CONSENT;
  const [counts, figures] = await Promise.all([
    cached(`conditions:${consent.join(',')}:${from}:${today}:${today}`, () => conditionCounts(db, { from, to: today, today, consent })),
    cached(`rearrests:${consent.join(',')}:${today}`, () => rearrestFigures(db, { asOf: today, consent })),
  ]);
  return { counts: publicConditionCounts(counts), rearrests: publicRearrestFigures(figures) };
}

export type InstrumentSummary = {
  id: string;
  short: string;
  title: { es: string; en: string };
  status: string;
  kind: string;
  dates: Record<string, string>;
  run: { asOf: string; variants: string[]; createdAt: string; counts: { outcome: string | null; count: number }[]; total: number | null } | null;
};

let ruleSets: Promise<LoadedRuleSet[]> | null = null;

/**
 * The amnesty in numbers: each instrument (the law, its drafts, earlier decrees) with the outcomes
 * of its newest stored run over the registry's cases — counted over consented persons, outcomes
 * under 5 pooled. A run is made by staff (it takes the registry whole), never by a page view.
 */
export async function amnestyData(db: Db, cached: Cached): Promise<InstrumentSummary[]> {
  ruleSets ??= loadRuleSets().catch((error: unknown) => {
    ruleSets = null; // a failed read is tried again on the next request
    throw error;
  });
  const all = await ruleSets;
  const latest = await cached('site:latest-runs', () => latestRunPerRuleSet(db));
  // the newest instruments first (the law in force before its bill, on the same dates)
  const newest = (dates: Record<string, string | undefined>) => Object.values(dates).filter(Boolean).sort().at(-1) ?? '';
  const ordered = [...all].sort(
    (a, b) =>
      newest(b.ruleSet.dates as Record<string, string>).localeCompare(newest(a.ruleSet.dates as Record<string, string>)) ||
      Number(b.ruleSet.status === 'enacted') - Number(a.ruleSet.status === 'enacted') ||
      a.ruleSet.id.localeCompare(b.ruleSet.id),
  );
  return Promise.all(
    ordered.map(async ({ ruleSet }) => {
      const stored = latest.get(ruleSet.id);
      let run: InstrumentSummary['run'] = null;
      if (stored) {
        const counts = await cached(`site:run-outcomes:${stored.id}`, () => runOutcomeCounts(db, stored.id, PUBLIC_CONSENT));
        const total = counts.reduce((sum, c) => sum + c.count, 0);
        const cells = poolSmallCells(
          RULE_OUTCOMES.map((outcome) => ({ key: outcome, label: null, count: counts.find((c) => c.outcome === outcome)?.count ?? 0 })),
          SMALL_CELLS_LABEL,
        );
        run = {
          asOf: stored.asOf,
          variants: stored.variants,
          createdAt: new Date(stored.createdAt as unknown as string).toISOString(),
          counts: cells.map((c) => ({ outcome: c.key, count: c.count })),
          total: withheld(total),
        };
      }
      return {
        id: ruleSet.id,
        short: ruleSet.short,
        title: ruleSet.title,
        status: ruleSet.status,
        kind: ruleSet.kind,
        dates: ruleSet.dates as Record<string, string>,
        run,
      };
    }),
  );
}

export const ENTRIES_PAGE = 50;

export type TransparencyPage = {
  checkpoint: { size: number; root: string; note: string; signedAt: string } | null;
  witnesses: { name: string; key: string; cosigned: boolean }[];
  publications: { kind: string; title: string; firstIndex: number; entries: number; createdAt: string }[];
  entries: { index: number; kind: string; data: string; leafHash: string }[];
  start: number;
};

/** The transparency log as the public reads it: the newest checkpoint and who cosigned it, what was published, and a page of entries. */
export async function transparencyData(db: Db, start: number): Promise<TransparencyPage> {
  const checkpoint = await readCheckpoint(db);
  const size = checkpoint?.size ?? 0;
  const from = Math.max(0, Math.min(start, Math.max(0, size - 1)));
  const [witnesses, cosignatures, publications, entries] = await Promise.all([
    listWitnesses(db),
    checkpoint ? cosignaturesOf(db, checkpoint.size) : Promise.resolve([]),
    listPublications(db),
    size > 0 ? readEntries(db, from, Math.min(size, from + ENTRIES_PAGE)) : Promise.resolve([]),
  ]);
  const cosigned = new Set(cosignatures.map((c) => c.witnessKey));
  return {
    checkpoint: checkpoint && checkpoint.size > 0 ? checkpoint : null,
    witnesses: witnesses.map((w) => ({ name: w.name, key: w.key, cosigned: cosigned.has(w.key) })),
    // who published is staff's business: the public sees what and when
    publications: publications.map(({ kind, title, firstIndex, entries: n, createdAt }) => ({ kind, title, firstIndex, entries: n, createdAt })),
    entries: entries.map(({ index, kind, data, leafHash }) => ({ index, kind, data, leafHash })),
    start: from,
  };
}
