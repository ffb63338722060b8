/** Reports sent through the public form, and their triage (migration 014). */
import { type Kysely, sql } from 'kysely';
import type { ReportDetails } from '../shared/schemas.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
export type ReportStatus = 'new' | 'accepted' | 'linked' | 'rejected';
export type StoredReport = {
  id: string;
  receivedAt: string;
  status: ReportStatus;
  details: ReportDetails;
  sealedContact: string | null;
  personId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
};

export async function insertReport(
  db: Db,
  report: { id: string; details: ReportDetails; sealedContact: string | null; followCodeHash: string },
): Promise<void> {
  await db
    .insertInto('reports')
    .values({ id: report.id, details: JSON.stringify(report.details), contact: report.sealedContact, followCodeHash: report.followCodeHash })
    .execute();
}

const COLUMNS = ['id', 'receivedAt', 'status', 'details', 'contact', 'personId', 'decidedBy', 'decidedAt', 'reason'] as const;

function toReport(row: {
  id: string;
  receivedAt: string;
  status: string;
  details: ReportDetails;
  contact: string | null;
  personId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}): StoredReport {
  const { contact, ...rest } = row;
  return {
    ...rest,
    receivedAt: new Date(row.receivedAt).toISOString(),
    decidedAt: row.decidedAt && new Date(row.decidedAt).toISOString(),
    status: row.status as ReportStatus,
    sealedContact: contact,
  };
}

/** Reports: those still to triage first, the oldest of them first; then the decided, the newest first. */
export async function listReports(db: Db, options: { status?: ReportStatus | undefined; limit: number }): Promise<StoredReport[]> {
  const rows = await db
    .selectFrom('reports')
    .select(COLUMNS)
    .$if(options.status !== undefined, (q) => q.where('status', '=', options.status!))
    // those still to triage first, the oldest of them first (a flood of new ones does not bury them); then the newest decided
    .orderBy((eb) => eb.case().when('status', '=', 'new').then(0).else(1).end())
    .orderBy(sql`case when status = 'new' then received_at end`, 'asc')
    .orderBy('receivedAt', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map(toReport);
}

export async function getReport(db: Db, id: string): Promise<StoredReport | undefined> {
  const row = await db.selectFrom('reports').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toReport(row);
}

/** A report's status, found by the hash of its follow-up code. */
export async function reportByFollowCode(db: Db, followCodeHash: string): Promise<Pick<StoredReport, 'status' | 'receivedAt' | 'decidedAt'> | undefined> {
  const row = await db.selectFrom('reports').select(['status', 'receivedAt', 'decidedAt']).where('followCodeHash', '=', followCodeHash).executeTakeFirst();
  return (
    row && {
      status: row.status as ReportStatus,
      receivedAt: new Date(row.receivedAt).toISOString(),
      decidedAt: row.decidedAt && new Date(row.decidedAt).toISOString(),
    }
  );
}

/** Records a decision on a report still new; false when it was decided already (by someone else first). */
export async function decideReport(
  db: Kysely<Database>,
  id: string,
  decision: { status: Exclude<ReportStatus, 'new'>; personId: string | null; decidedBy: string; reason: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({ status: decision.status, personId: decision.personId, decidedBy: decision.decidedBy, decidedAt: new Date().toISOString(), reason: decision.reason })
    .where('id', '=', id)
    .where('status', '=', 'new')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The person an accepted report made. */
export async function setReportPerson(db: Db, id: string, personId: string): Promise<void> {
  await db.updateTable('reports').set({ personId }).where('id', '=', id).execute();
}
