/** Loads the demo data: the real, cited claims of 2026 and synthetic persons. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoActs } from '../domain/demo/demo-acts.js';
import { withDemoFollowUp } from '../domain/demo/demo-conditions.js';
import { generateDemoPersons } from '../domain/demo/generate-persons.js';
import type { EvidenceFiles } from '../io/evidence-files.js';
import { readClaimsFile } from '../io/read-claims.js';
import { loadRuleSets, resolveRuleSet } from '../io/read-rules.js';
import { createAccount } from '../store/accounts.js';
import { deferForeignKeys, deferIndexes, finishBulkLoad, LARGE_WRITE, reclaimAfterBulkLoad, startBulkLoad } from '../store/bulk-load.js';
import { countClaims, createClaims } from '../store/claims.js';
import type { Store } from '../store/database.js';
import { DEMO_TABLES, insertDemoPersons, nextDemoNumber, syntheticStatusReleases } from '../store/seed-demo.js';
import { createSource } from '../store/sources.js';
import { runEligibilityOverRegistry } from '../usecases/eligibility-runs.js';
import { publishCounts, publishList } from '../usecases/publish.js';
import type { TransparencyLog } from '../usecases/transparency-log.js';
import { addEvidence, linkEvidence, reviewSubject } from '../usecases/verification.js';
import { PACKAGE_ROOT } from './context.js';
import { createProgress } from './progress.js';

export const DEMO_CLAIMS_PATH = join(PACKAGE_ROOT, 'demo', 'claims-2026.csv');

/** Loads the claims file unless claims are already there; returns how many were added. */
export async function loadDemoClaims(store: Store, path = DEMO_CLAIMS_PATH): Promise<number> {
  if ((await countClaims(store.db)) > 0) return 0;
  return createClaims(store.db, await readClaimsFile(path));
}

/**
 * Adds `count` synthetic persons (numbered after any already there), with a progress bar, in one
 * transaction: all of them, or none (a kill, a clash).
 */
export async function seedDemoPersons(store: Store, count: number, seed: number, today = new Date().toISOString().slice(0, 10)): Promise<number> {
  const progress = createProgress('persons');
  progress.start(count);
  // a large seeding derives statuses and counts once at its end (its pass reads the whole registry:
  // for a few hundred persons the triggers' own work is the cheaper way)
  const bulk = count >= LARGE_WRITE;
  try {
    const written = await store.db.transaction().execute(async (trx) => {
      const first = await nextDemoNumber(trx);
      if (bulk) await startBulkLoad(trx);
      // the embedded database has no other reader meanwhile: the indexes no constraint needs are
      // built once the rows are in, as a restore builds them (on PostgreSQL, dropping them would
      // shut every other server's readers out of these tables for the whole seeding)
      const embedded = bulk && store.kind === 'pglite';
      const rebuildIndexes = embedded ? await deferIndexes(trx, DEMO_TABLES) : null;
      // and every reference checked once at the end, in one pass per key, not row by row
      const addForeignKeys = embedded ? await deferForeignKeys(trx, DEMO_TABLES) : null;
      let added = 0;
      const chunk = 10_000;
      for (let offset = 0; offset < count; offset += chunk) {
        const people = generateDemoPersons(Math.min(chunk, count - offset), seed, first + offset).map((person) => {
          const followed = withDemoFollowUp(person, today);
          return { ...followed, acts: demoActs(followed, today) };
        });
        added += await insertDemoPersons(trx, people, { onBatch: (done) => progress.update(added + done) });
      }
      if (bulk) await finishBulkLoad(trx, { deferredIndexes: rebuildIndexes, deferredForeignKeys: addForeignKeys });
      return added;
    });
    if (bulk) await reclaimAfterBulkLoad(store);
    return written;
  } finally {
    progress.stop();
  }
}

/**
 * Demo verification work, so that the first start shows every level and a log with content:
 * two synthetic sources and two synthetic verifier accounts (no token: nobody can sign in as
 * them), a synthetic document per release for a third of the releases that set a status, both
 * sources on half of those (corroborated), two confirmations on a quarter (verified), a dispute
 * on one; then the verified releases published as a list and the counts published. Everything is
 * labelled synthetic; it goes into the log like any other publication.
 */
export async function seedDemoVerification(store: Store, log: TransparencyLog, files: EvidenceFiles, workDir: string): Promise<{ reviews: number }> {
  const releases = await syntheticStatusReleases(store.db);
  const chosen = releases.filter((_, i) => i % 3 === 0);
  if (chosen.length === 0) return { reviews: 0 };
  const sources = await Promise.all(
    ['A', 'B'].map((letter) =>
      createSource(store.db, { organisation: `Fuente sintética ${letter} (demostración)`, title: `Lista sintética de excarcelaciones ${letter}` }),
    ),
  );
  const verifiers = await Promise.all([1, 2].map((n) => createAccount(store.db, { name: `demo-verificador-${n} (sintético)`, role: 'verifier' })));
  await mkdir(workDir, { recursive: true, mode: 0o700 });
  let reviews = 0;
  for (const [i, eventId] of chosen.entries()) {
    const sourcesHere = i % 2 === 0 ? sources : sources.slice(0, 1);
    const evidenceIds: string[] = [];
    for (const source of sourcesHere) {
      const path = join(workDir, `demo-${eventId}-${source.id}.txt`);
      await writeFile(path, `Documento SINTÉTICO de demostración: excarcelación ${eventId} según ${source.organisation}. No es un documento real.\n`);
      const { evidence } = await addEvidence(store.db, files, {
        path,
        kind: 'official_list_entry',
        title: `Entrada sintética de lista (${source.organisation})`,
        mediaType: 'text/plain',
        sourceId: source.id,
        doer: { accountId: null },
      });
      await rm(path);
      await linkEvidence(store.db, { evidenceId: evidence.id, kind: 'event', id: eventId, doer: { accountId: null } });
      evidenceIds.push(evidence.id);
    }
    const verdicts: ('confirms' | 'disputes')[] = i % 4 === 0 ? ['confirms', 'confirms'] : i === 1 ? ['disputes'] : [];
    for (const [n, verdict] of verdicts.entries()) {
      const reviewer = verifiers[n]!;
      await reviewSubject(store.db, log, {
        kind: 'event',
        id: eventId,
        verdict,
        evidenceIds: verdict === 'confirms' ? evidenceIds : [],
        note: verdict === 'disputes' ? 'Demostración: la fecha difiere entre fuentes.' : null,
        reviewer: { id: reviewer.id, name: reviewer.name },
      });
      reviews++;
    }
  }
  const today = new Date().toISOString().slice(0, 10);
  await publishList(store.db, log, {
    title: 'Excarcelaciones verificadas (DEMOSTRACIÓN, personas sintéticas)',
    statuses: ['released', 'released_with_measures'],
    minLevel: 'verified',
    asOf: today,
    createdBy: 'demo',
  });
  await publishCounts(store.db, log, { asOf: today, createdBy: 'demo' });
  return { reviews };
}

/**
 * The 2026 law, its bill and the civil-society proposal applied to the synthetic registry as of
 * today, and stored as staff would store a run: the public site's "amnesty in numbers" then has
 * something to show. Earlier decrees are left for staff to apply.
 */
export async function seedDemoEligibility(store: Store, today = new Date().toISOString().slice(0, 10)): Promise<number> {
  const all = await loadRuleSets();
  let runs = 0;
  for (const reference of DEMO_INSTRUMENTS) {
    if (!all.some((loaded) => loaded.ruleSet.id === reference)) continue;
    await runEligibilityOverRegistry(store.db, resolveRuleSet(all, reference, today), { strict: false, createdBy: 'demo' });
    runs++;
  }
  return runs;
}

const DEMO_INSTRUMENTS = ['ve-2026-ley', 've-2026-proyecto', 've-2026-comite-madres'];
