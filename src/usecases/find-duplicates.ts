/**
 * Possible duplicates in the registry itself: the registry deduplicated with its own
 * linkage settings, pairs above a floor, each with both records and the explanation a
 * reviewer needs before merging them.
 */
import type { Kysely } from 'kysely';
import { createRandom } from '../domain/demo/generate-persons.js';
import { explainPair, type PairExplanation } from '../domain/linkage/explain-pair.js';
import { linkRecords } from '../domain/linkage/link-records.js';
import { REGISTRY_LINK_SETTINGS } from '../domain/linkage/registry-settings.js';
import { loadRegistryTable } from '../store/reconciliations.js';
import type { Database } from '../store/schema.js';
import type { RegistrySide } from './reconcile-list.js';

export type DuplicatePair = { probability: number; a: RegistrySide; b: RegistrySide; explanation: PairExplanation; sameCluster: boolean };

/** Pairs of registry records that may be one person, most likely first. */
export async function findRegistryDuplicates(
  db: Kysely<Database>,
  options: { minProbability: number; limit: number },
): Promise<{ pairs: DuplicatePair[]; compared: number }> {
  const registry = await loadRegistryTable(db);
  if (registry.ids.length < 2) return { pairs: [], compared: 0 };
  const run = linkRecords({
    settings: REGISTRY_LINK_SETTINGS,
    left: registry,
    threshold: options.minProbability,
    random: createRandom(REGISTRY_LINK_SETTINGS.seed).next,
  });
  const side = (r: number): RegistrySide => ({
    personId: registry.ids[r]!,
    externalId: registry.externalIds[r] ?? null,
    givenNames: registry.columns.given_names![r]!,
    firstSurname: registry.columns.first_surname![r]!,
    secondSurname: registry.columns.second_surname![r]!,
    cedula: registry.columns.cedula![r]!,
    birthDate: registry.columns.birth_date![r]!,
    facility: null,
    releasedOn: null,
  });
  const valuesOf = (r: number) => run.model.comparisons.map((_, c) => run.values[c]![r] ?? null);
  const order = Array.from({ length: run.pairs.count }, (_, i) => i).sort((x, y) => run.pairs.weight[y]! - run.pairs.weight[x]!);
  const pairs = order.slice(0, options.limit).map((i) => {
    const a = run.pairs.left[i]!;
    const b = run.pairs.right[i]!;
    return {
      probability: run.pairs.probability[i]!,
      a: side(a),
      b: side(b),
      explanation: explainPair(run.model, valuesOf(a), valuesOf(b)),
      // false when the cédula guard keeps them apart: two different cédulas
      sameCluster: run.clusterOf![a] === run.clusterOf![b],
    };
  });
  return { pairs, compared: run.comparedPairs };
}
