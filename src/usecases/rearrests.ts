/**
 * The re-arrest figures, shared by the API and the CLI: the rate after release within 30, 90 and 365
 * days, by release wave and by measure, the time from release to re-arrest, and the verification
 * level of the re-arrests counted — each figure with its definition (domain/conditions/rearrests.ts).
 */
import type { Kysely } from 'kysely';
import {
  type DelayDistribution,
  delayDistribution,
  type EpisodeEvent,
  episodesOf,
  REARREST_DEFINITION,
  type RearrestGroup,
  type RearrestRate,
  rearrestRates,
  rearrestRatesBy,
  releasesOf,
} from '../domain/conditions/rearrests.js';
import { MIN_PUBLIC_CELL, withheld, withholdSmallLevels, withholdSmallParts } from '../domain/registry/small-cells.js';
import { type Consent, type MeasureKind, VERIFICATION_LEVELS, type VerificationLevel } from '../domain/registry/vocabulary.js';
import { releaseAndArrestEvents } from '../store/counts.js';
import type { Database } from '../store/schema.js';

export type RearrestFigures = {
  asOf: string;
  definition: typeof REARREST_DEFINITION;
  releases: number;
  rearrests: number;
  /** The re-arrests counted, by the verification level of the re-arrest event. */
  rearrestLevels: Record<VerificationLevel, number>;
  overall: RearrestRate[];
  byWave: RearrestGroup[];
  byMeasure: RearrestGroup[];
  delay: DelayDistribution;
};

export async function rearrestFigures(db: Kysely<Database>, query: { asOf: string; consent?: readonly Consent[] | undefined }): Promise<RearrestFigures> {
  const events = await releaseAndArrestEvents(db, { consent: query.consent });
  const byPerson = new Map<string, EpisodeEvent[]>();
  const levels = new Map<string, VerificationLevel>();
  for (const event of events) {
    if (event.occurredOn > query.asOf) continue;
    const list = byPerson.get(event.personId) ?? [];
    list.push({
      id: event.id,
      person: event.personId,
      kind: event.kind,
      occurredOn: event.occurredOn,
      seq: event.seq,
      measures: event.measures as MeasureKind[],
    });
    byPerson.set(event.personId, list);
    levels.set(event.id, event.level);
  }
  const records = [...byPerson.values()].flatMap(releasesOf);
  const rearrestLevels = Object.fromEntries(VERIFICATION_LEVELS.map((level) => [level, 0])) as Record<VerificationLevel, number>;
  for (const record of records) if (record.rearrest) rearrestLevels[levels.get(record.rearrest.id) ?? 'reported']++;
  const delay = delayDistribution(records);
  return {
    asOf: query.asOf,
    definition: REARREST_DEFINITION,
    releases: records.length,
    rearrests: delay.rearrests,
    rearrestLevels,
    overall: rearrestRates(records, query.asOf),
    byWave: rearrestRatesBy(records, 'wave', query.asOf),
    byMeasure: rearrestRatesBy(records, 'measure', query.asOf),
    delay,
  };
}

export type PersonEpisodes = {
  personId: string;
  episodes: { takenOn: string; takenBy: string; releasedOn: string | null; releasedBy: string | null; rearrest: boolean }[];
  releases: { on: string; kind: string; wave: string; measures: readonly string[]; rearrestedOn: string | null; daysToRearrest: number | null }[];
};

/** One person's custody episodes (detention → release → re-arrest → …) and each release with what followed it. */
export function personEpisodes(
  personId: string,
  timeline: readonly { id: string; kind: EpisodeEvent['kind']; occurredOn: string; seq: number; measures: readonly { kind: MeasureKind }[] }[],
): PersonEpisodes {
  const events: EpisodeEvent[] = timeline.map((e) => ({
    id: e.id,
    person: personId,
    kind: e.kind,
    occurredOn: e.occurredOn,
    seq: e.seq,
    measures: e.measures.map((m) => m.kind),
  }));
  return {
    personId,
    episodes: episodesOf(events).map((e) => ({
      takenOn: e.taken.occurredOn,
      takenBy: e.taken.kind,
      releasedOn: e.released?.occurredOn ?? null,
      releasedBy: e.released?.kind ?? null,
      rearrest: e.rearrest,
    })),
    releases: releasesOf(events).map((r) => ({
      on: r.release.occurredOn,
      kind: r.release.kind,
      wave: r.wave,
      measures: r.measures,
      rearrestedOn: r.rearrest?.occurredOn ?? null,
      daysToRearrest: r.daysToRearrest,
    })),
  };
}

export const PUBLIC_REARRESTS_RULE =
  'every number from 1 to 4 is withheld (null), with the next smallest of a group when only one is, and the rates and quartiles drawn from them';

/** The figures as the public reads them: no count from 1 to 4, nor one the others would give away. */
export function publicRearrestFigures(figures: RearrestFigures) {
  const byWave = publicGroups(figures.byWave);
  // the waves split the releases: with a wave's re-arrests withheld, the overall count would give them away by subtraction
  const overall = figures.overall.map((rate, w) => {
    const shown = publicRate(rate);
    return byWave.some((group) => group.rates[w]?.rearrested === null) ? { ...shown, rearrested: null, rate: null } : shown;
  });
  return {
    ...figures,
    releases: withheld(figures.releases),
    rearrests: withheld(figures.rearrests),
    rearrestLevels: withholdSmallLevels(figures.rearrestLevels),
    overall,
    byWave,
    // The measures overlap (a release with two kinds counts under each): no total to subtract from, each withheld alone.
    byMeasure: figures.byMeasure.map((group) => ({ key: group.key, rates: group.rates.map((rate) => publicRate(rate)) })),
    delay: {
      rearrests: withheld(figures.delay.rearrests),
      buckets: withholdSmallParts(figures.delay.buckets.map((bucket) => bucket.count)).map((count, i) => ({ key: figures.delay.buckets[i]!.key, count })),
      quartiles: figures.delay.rearrests >= MIN_PUBLIC_CELL ? figures.delay.quartiles : null,
    },
  };
}
export type PublicRearrestFigures = ReturnType<typeof publicRearrestFigures>;

type Rate = { window: number; releases: number; rearrested: number; rate: number | null };

/** A rate as the public sees it: no count from 1 to 4, nor one that the other two would give away. */
function publicRate(rate: Rate, releasesShown: number | null = withheld(rate.releases), rearrestedShown: number | null = withheld(rate.rearrested)) {
  const complementSmall = withheld(rate.releases - rate.rearrested) === null;
  const rearrested = releasesShown === null || complementSmall ? null : rearrestedShown;
  return { window: rate.window, releases: releasesShown, rearrested, rate: rearrested === null ? null : rate.rate };
}

/** Groups of the same releases (waves, measures): per window, small counts withheld with their complement across groups. */
function publicGroups(groups: readonly { key: string; rates: readonly Rate[] }[]) {
  const windows = groups[0]?.rates.length ?? 0;
  const releases = Array.from({ length: windows }, (_, w) => withholdSmallParts(groups.map((g) => g.rates[w]!.releases)));
  const rearrested = Array.from({ length: windows }, (_, w) => withholdSmallParts(groups.map((g) => g.rates[w]!.rearrested)));
  return groups.map((group, g) => ({ key: group.key, rates: group.rates.map((rate, w) => publicRate(rate, releases[w]![g]!, rearrested[w]![g]!)) }));
}
