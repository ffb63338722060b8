/** Loads the demo data: the real, cited claims of 2026 and synthetic persons. */
import { join } from 'node:path';
import { generateDemoPersons } from '../domain/demo/generate-persons.js';
import { readClaimsFile } from '../io/read-claims.js';
import { countClaims, createClaims } from '../store/claims.js';
import type { Store } from '../store/database.js';
import { insertDemoPersons, nextDemoNumber } from '../store/seed-demo.js';
import { PACKAGE_ROOT } from './context.js';
import { createProgress } from './progress.js';

export const DEMO_CLAIMS_PATH = join(PACKAGE_ROOT, 'demo', 'claims-2026.csv');

/** Loads the claims file unless claims are already there; returns how many were added. */
export async function loadDemoClaims(store: Store, path = DEMO_CLAIMS_PATH): Promise<number> {
  if ((await countClaims(store.db)) > 0) return 0;
  return createClaims(store.db, await readClaimsFile(path));
}

/** Adds `count` synthetic persons (numbered after any already there), with a progress bar. */
export async function seedDemoPersons(store: Store, count: number, seed: number): Promise<number> {
  const first = await nextDemoNumber(store.db);
  const progress = createProgress('persons');
  progress.start(count);
  let written = 0;
  const chunk = 10_000;
  try {
    for (let offset = 0; offset < count; offset += chunk) {
      const people = generateDemoPersons(Math.min(chunk, count - offset), seed, first + offset);
      written += await insertDemoPersons(store.db, people, { onBatch: (done) => progress.update(written + done) });
    }
  } finally {
    progress.stop();
  }
  return written;
}
