/**
 * Recomputes everything the database keeps derived and reports any difference from what is
 * stored (`recuento check`): each person's status, the event that set it and that event's level —
 * stored by trigger, against the SQL fold and against the domain's deriveStatus, the definition — and each
 * facility's current status against its latest recorded change; the counts kept per status, level,
 * occupation and facility against a recount of the persons. Reads only; changes nothing.
 */
import type { Kysely } from 'kysely';
import { deriveStatus, lastPlaceEntry, statusSettingEntry } from '../domain/registry/derive-status.js';
import { facilityStatusDifferences } from '../store/facilities.js';
import { statusPage } from '../store/person-status.js';
import type { Database } from '../store/schema.js';
import { tallyDifferences } from '../store/tallies.js';

export type StatusDifference = {
  personId: string;
  stored: { status: string; eventId: string | null; level: string; place: string | null; placeFacility: string | null; placeLevel: string };
  sql: { status: string; eventId: string | null; level: string; place: string | null; placeFacility: string | null; placeLevel: string };
  domain: { status: string; eventId: string | null; place: string | null; placeFacility: string | null };
};
export type FacilityDifference = Awaited<ReturnType<typeof facilityStatusDifferences>>[number];
export type TallyDifference = Awaited<ReturnType<typeof tallyDifferences>>[number];

export type CheckReport = {
  persons: number;
  statusDifferences: number;
  /** The first differences found (at most `keep`), by person id. */
  statusExamples: StatusDifference[];
  facilityDifferences: FacilityDifference[];
  /** Counts kept by the database (persons per status, level, occupation, facility) against a recount. */
  tallyDifferences: TallyDifference[];
  ok: boolean;
};

/** Walks every person a page at a time; `onProgress` hears how many were checked. */
export async function checkDerived(
  db: Kysely<Database>,
  options: { pageSize?: number; keep?: number; onProgress?: (persons: number) => void } = {},
): Promise<CheckReport> {
  // one snapshot for the whole check: servers may keep writing, and a change made between two of its
  // reads must not look like a difference
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => checkIn(trx, options));
}

async function checkIn(db: Kysely<Database>, options: { pageSize?: number; keep?: number; onProgress?: (persons: number) => void }): Promise<CheckReport> {
  const pageSize = options.pageSize ?? 5_000;
  const keep = options.keep ?? 20;
  let persons = 0;
  let statusDifferences = 0;
  const statusExamples: StatusDifference[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await statusPage(db, after, pageSize);
    if (page.length === 0) break;
    for (const p of page) {
      const place = lastPlaceEntry(p.timeline);
      const domain = {
        status: deriveStatus(p.timeline),
        eventId: statusSettingEntry(p.timeline)?.id ?? null,
        place: place?.id ?? null,
        placeFacility: place?.facilityId ?? null,
      };
      const stored = {
        status: p.stored,
        eventId: p.storedEventId,
        level: p.storedLevel,
        place: p.storedPlace,
        placeFacility: p.storedPlaceFacility,
        placeLevel: p.storedPlaceLevel,
      };
      const fromSql = {
        status: p.derived,
        eventId: p.derivedEventId,
        level: p.derivedLevel,
        place: p.derivedPlace,
        placeFacility: p.derivedPlaceFacility,
        placeLevel: p.derivedPlaceLevel,
      };
      const same = (a: typeof stored) =>
        a.status === domain.status && a.eventId === domain.eventId && a.place === domain.place && a.placeFacility === domain.placeFacility;
      // levels are the latest recorded for those events: SQL reads them, as the lists do
      if (!same(stored) || !same(fromSql) || stored.level !== fromSql.level || stored.placeLevel !== fromSql.placeLevel) {
        statusDifferences++;
        if (statusExamples.length < keep) statusExamples.push({ personId: p.personId, stored, sql: fromSql, domain });
      }
    }
    persons += page.length;
    options.onProgress?.(persons);
    after = page[page.length - 1]!.personId;
  }
  const facilityDifferences = await facilityStatusDifferences(db);
  const tallies = await tallyDifferences(db);
  return {
    persons,
    statusDifferences,
    statusExamples,
    facilityDifferences,
    tallyDifferences: tallies,
    ok: statusDifferences === 0 && facilityDifferences.length === 0 && tallies.length === 0,
  };
}
