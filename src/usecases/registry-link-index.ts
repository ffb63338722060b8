/**
 * What a server keeps of the registry between reconciliations, brought up to date before each
 * use from the change logs the database's triggers write (migrations 021 and 022), whichever
 * process or command made the change.
 *
 * The linkage index: the first use reads and indexes the whole registry; every later one
 * reads only the persons whose linkage fields changed since (store/reconciliations.ts
 * readLinkChanges) and replaces their records. Linking a list then encodes and blocks the
 * list alone (domain/linkage/registry-index.ts).
 *
 * The case facts of matched persons (timeline, charges, judgments): kept per person, dropped
 * when the person's facts change, read for the persons not kept. A review decision then
 * recomputes a report without reading thousands of timelines again.
 */
import type { Kysely } from 'kysely';
import { RegistryIndex } from '../domain/linkage/registry-index.js';
import { REGISTRY_LINK_SETTINGS } from '../domain/linkage/registry-settings.js';
import { loadRegistryFacts, type RegistryPersonFacts, readFactChanges, readLinkChanges } from '../store/reconciliations.js';
import type { Database } from '../store/schema.js';

type Kept = { index: RegistryIndex; horizon: string; stamp: number };
type Holder = { state: Kept | undefined; queue: Promise<unknown>; marks: Set<string> };

const holders = new WeakMap<Kysely<Database>, Holder>();
let stamps = 0;
/** Rows for everyone remembered as read, at most (beyond it they are forgotten: one more full reading). */
const KEPT_MARKS = 10_000;

/**
 * The index as of now, and a stamp that changes whenever it does (a linkage computed under
 * one stamp holds while the stamp is the same). Callers are served one after the other; a
 * failed reading leaves the index as it was. A change read again (an old transaction elsewhere
 * holds the horizon back) changes nothing and keeps the stamp.
 */
export function registryLinkIndex(db: Kysely<Database>): Promise<{ index: RegistryIndex; stamp: number }> {
  let holder = holders.get(db);
  if (!holder) {
    holder = { state: undefined, queue: Promise.resolve(), marks: new Set() };
    holders.set(db, holder);
  }
  const h = holder;
  const run = h.queue.then(async () => {
    const earlier = h.state;
    const changes = await readLinkChanges(db, earlier?.horizon ?? null, h.marks);
    if (h.marks.size > KEPT_MARKS) h.marks.clear();
    for (const mark of changes.marks) h.marks.add(mark);
    if (!earlier) {
      const index = new RegistryIndex(REGISTRY_LINK_SETTINGS);
      index.put(changes.table);
      h.state = { index, horizon: changes.horizon, stamp: ++stamps };
    } else {
      const { index } = earlier;
      const version = index.version;
      // everyone read again: the persons gone are removed, the others put (the unchanged change nothing)
      const present = changes.everyone ? new Set(changes.table.ids) : null;
      index.remove(present ? [...index.living()].map(([id]) => id).filter((id) => !present.has(id)) : changes.removed);
      index.put(changes.table);
      h.state = { index, horizon: changes.horizon, stamp: index.version === version ? earlier.stamp : ++stamps };
    }
    return { index: h.state.index, stamp: h.state.stamp };
  });
  h.queue = run.catch(() => undefined);
  return run;
}

type KeptFacts = { facts: Map<string, RegistryPersonFacts>; horizon: string | null; queue: Promise<unknown>; marks: Set<string> };
const factHolders = new WeakMap<Kysely<Database>, KeptFacts>();
/** Persons whose facts are kept at most; past it, the kept ones are forgotten. */
const KEPT_FACTS = 200_000;

/** The case facts of the given persons: those kept, unless changed since they were read, and the others read now. */
export function registryFacts(db: Kysely<Database>, personIds: readonly string[]): Promise<Map<string, RegistryPersonFacts>> {
  let holder = factHolders.get(db);
  if (!holder) {
    holder = { facts: new Map(), horizon: null, queue: Promise.resolve(), marks: new Set() };
    factHolders.set(db, holder);
  }
  const h = holder;
  const run = h.queue.then(async () => {
    const changes = await readFactChanges(db, h.horizon, h.marks);
    if (h.marks.size > KEPT_MARKS) h.marks.clear();
    for (const mark of changes.marks) h.marks.add(mark);
    if (changes.ids === null) h.facts.clear();
    else for (const id of changes.ids) h.facts.delete(id);
    h.horizon = changes.horizon;
    if (h.facts.size + personIds.length > KEPT_FACTS) h.facts.clear();
    const missing = personIds.filter((id) => !h.facts.has(id));
    for (const [id, facts] of await loadRegistryFacts(db, missing)) h.facts.set(id, facts);
    return new Map(personIds.map((id) => [id, h.facts.get(id)!]));
  });
  h.queue = run.catch(() => undefined);
  return run;
}
