/**
 * Recomputes everything the database keeps derived and reports any difference from what is
 * stored (`recuento check`): each person's status, the event that set it and that event's level —
 * stored by trigger, against the SQL fold and against the domain's deriveStatus, the definition — and each
 * facility's current status against its latest recorded change. Reads only; changes nothing.
 */
import type { Kysely } from 'kysely';
import { deriveStatus, statusSettingEntry } from '../domain/registry/derive-status.js';
import { facilityStatusDifferences } from '../store/facilities.js';
import { statusPage } from '../store/person-status.js';
import type { Database } from '../store/schema.js';

export type StatusDifference = {
  personId: string;
  stored: { status: string; eventId: string | null; level: string };
  sql: { status: string; eventId: string | null; level: string };
  domain: { status: string; eventId: string | null };
};
export type FacilityDifference = Awaited<ReturnType<typeof facilityStatusDifferences>>[number];

export type CheckReport = {
  persons: number;
  statusDifferences: number;
  /** The first differences found (at most `keep`), by person id. */
  statusExamples: StatusDifference[];
  facilityDifferences: FacilityDifference[];
  ok: boolean;
};

/** Walks every person a page at a time; `onProgress` hears how many were checked. */
export async function checkDerived(
  db: Kysely<Database>,
  options: { pageSize?: number; keep?: number; onProgress?: (persons: number) => void } = {},
): Promise<CheckReport> {
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
      const domain = { status: deriveStatus(p.timeline), eventId: statusSettingEntry(p.timeline)?.id ?? null };
      const stored = { status: p.stored, eventId: p.storedEventId, level: p.storedLevel };
      const fromSql = { status: p.derived, eventId: p.derivedEventId, level: p.derivedLevel };
      const same = (a: { status: string; eventId: string | null }) => a.status === domain.status && a.eventId === domain.eventId;
      // the level is the latest recorded for the event that set the status: SQL reads it, as the list does
      if (!same(stored) || !same(fromSql) || stored.level !== fromSql.level) {
        statusDifferences++;
        if (statusExamples.length < keep) statusExamples.push({ personId: p.personId, stored, sql: fromSql, domain });
      }
    }
    persons += page.length;
    options.onProgress?.(persons);
    after = page[page.length - 1]!.personId;
  }
  const facilityDifferences = await facilityStatusDifferences(db);
  return { persons, statusDifferences, statusExamples, facilityDifferences, ok: statusDifferences === 0 && facilityDifferences.length === 0 };
}
