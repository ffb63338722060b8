/**
 * Schema migrations (Kysely's Migrator over migrations compiled into the program) and
 * the reference data every database carries: event kinds and their effect on status,
 * the offence thesaurus and the known facilities.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { EVENT_EFFECTS } from '../domain/registry/derive-status.js';
import { KNOWN_FACILITIES } from '../domain/registry/facilities.js';
import { OFFENCE_THESAURUS } from '../domain/registry/offences.js';
import * as registry001 from './migrations/001-registry.js';
import * as reconciliation002 from './migrations/002-reconciliation.js';
import * as eligibility003 from './migrations/003-eligibility.js';
import * as translog004 from './migrations/004-translog.js';
import * as verification005 from './migrations/005-verification.js';
import * as audit006 from './migrations/006-audit.js';
import * as signIn007 from './migrations/007-sign-in.js';
import * as sensitive008 from './migrations/008-sensitive.js';
import * as caseHistories009 from './migrations/009-case-histories.js';
import * as conditions010 from './migrations/010-conditions.js';
import * as acts011 from './migrations/011-acts.js';
import * as importMappings012 from './migrations/012-import-mappings.js';
import * as claimPeriods013 from './migrations/013-claim-periods.js';
import * as reports014 from './migrations/014-reports.js';
import * as storedStatus015 from './migrations/015-stored-status.js';
import * as changeNotices016 from './migrations/016-change-notices.js';
import * as sharedLimits017 from './migrations/017-shared-limits.js';
import * as personTallies018 from './migrations/018-person-tallies.js';
import * as logTiles019 from './migrations/019-log-tiles.js';
import * as eventTallies020 from './migrations/020-event-tallies.js';
import * as linkChanges021 from './migrations/021-link-changes.js';
import * as factChanges022 from './migrations/022-fact-changes.js';
import * as bulkLoads023 from './migrations/023-bulk-loads.js';
import { refreshStatusesOfKinds } from './person-status.js';
import type { Database } from './schema.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-registry': registry001,
  '002-reconciliation': reconciliation002,
  '003-eligibility': eligibility003,
  '004-translog': translog004,
  '005-verification': verification005,
  '006-audit': audit006,
  '007-sign-in': signIn007,
  '008-sensitive': sensitive008,
  '009-case-histories': caseHistories009,
  '010-conditions': conditions010,
  '011-acts': acts011,
  '012-import-mappings': importMappings012,
  '013-claim-periods': claimPeriods013,
  '014-reports': reports014,
  '015-stored-status': storedStatus015,
  '016-change-notices': changeNotices016,
  '017-shared-limits': sharedLimits017,
  '018-person-tallies': personTallies018,
  '019-log-tiles': logTiles019,
  '020-event-tallies': eventTallies020,
  '021-link-changes': linkChanges021,
  '022-fact-changes': factChanges022,
  '023-bulk-loads': bulkLoads023,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** What a migration run did. */
export type MigrationReport = { applied: string[]; current: string | null };

/** Brings the schema up to date and refreshes reference data. Safe to run at every start. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  await syncReferenceData(db);
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const names = Object.keys(MIGRATIONS);
  return { applied, current: names[names.length - 1] ?? null };
}

async function syncReferenceData(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const kinds = Object.entries(EVENT_EFFECTS).map(([kind, effect]) => ({
      kind,
      effect: effect.kind,
      setsStatus: effect.kind === 'set' ? effect.status : null,
    }));
    const changed = await trx
      .insertInto('eventKinds')
      .values(kinds)
      .onConflict((oc) =>
        oc
          .column('kind')
          .doUpdateSet((eb) => ({ effect: eb.ref('excluded.effect'), setsStatus: eb.ref('excluded.setsStatus') }))
          .where(sql<boolean>`(event_kinds.effect, event_kinds.sets_status) is distinct from (excluded.effect, excluded.sets_status)`),
      )
      .returning('kind')
      .execute();
    // a kind whose effect changed (a new version of the fold) changes the status of whoever has one
    if (changed.length > 0)
      await refreshStatusesOfKinds(
        trx,
        changed.map((c) => c.kind),
      );
    await trx
      .insertInto('offences')
      .values(OFFENCE_THESAURUS.map((o) => ({ ...o })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await trx
      .insertInto('facilities')
      .values(KNOWN_FACILITIES.map(({ statusHistory: _, ...f }) => f))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    for (const facility of KNOWN_FACILITIES) {
      for (const change of facility.statusHistory ?? []) {
        // An entry a migration wrote from the old status field gets the real citation.
        await sql`update facility_status_changes c set citation = ${change.citation} from facilities f
          where f.id = c.facility_id and f.code = ${facility.code} and c.changed_on = ${change.on} and c.status = ${change.status}
            and c.citation = 'status recorded before the history was kept'`.execute(trx);
        await sql`insert into facility_status_changes (id, facility_id, changed_on, status, citation)
          select gen_random_uuid(), f.id, ${change.on}, ${change.status}, ${change.citation} from facilities f
          where f.code = ${facility.code} and not exists (
            select 1 from facility_status_changes c where c.facility_id = f.id and c.changed_on = ${change.on} and c.status = ${change.status})`.execute(trx);
      }
    }
  });
}
