/**
 * The "revolving door": people released and then taken back. From each person's timeline this
 * module derives the custody episodes (detention → release → re-arrest → …), each release with the
 * re-arrest that followed it, and the re-arrest rate after release within 30, 90 and 365 days, by
 * release wave and by the measures imposed at release, with the time from release to re-arrest as a
 * distribution.
 *
 * The definition published with the figure (REARREST_DEFINITION) is the code's: a release is an event
 * "released" or "released with measures"; a re-arrest is the next "re-arrested" or "detained" event
 * after it, before any other release. The rate within N days counts only releases at least N days
 * before the date of the figure (later releases have not been watched for N days yet: counting them
 * would make the rate look lower than it is). House arrest is not a release: the person is still
 * deprived of liberty. Pure: no I/O.
 */
import { dayNumber } from '../eligibility/case.js';
import { compareTimelineEntries } from '../registry/derive-status.js';
import type { EventKind, MeasureKind } from '../registry/vocabulary.js';
import { bucketCounts, type DayBuckets } from './burden.js';

export const REARREST_WINDOWS = [30, 90, 365] as const;

export const REARREST_DEFINITION = {
  es: 'De las personas excarceladas (liberación plena o con medidas) al menos N días antes de la fecha de la cifra, la proporción que volvió a ser detenida (nueva detención o recaptura) en los N días siguientes a esa excarcelación, antes de cualquier otra excarcelación. Cada excarcelación cuenta una vez; la misma persona puede contar varias veces. El arresto domiciliario no cuenta como excarcelación.',
  en: 'Of the people released (fully or with measures) at least N days before the date of the figure, the share taken back into custody (re-arrested or detained again) within N days of that release, before any other release. Each release counts once; one person may count several times. House arrest is not counted as a release.',
} as const;

/** Release waves of 2026, by the date of the release. */
export const RELEASE_WAVES = [
  { code: 'before_2026', from: '0000-01-01', to: '2026-01-07' },
  { code: 'jan_2026_announced', from: '2026-01-08', to: '2026-02-18' }, // releases announced on 8 January, before the law
  { code: 'amnesty_law', from: '2026-02-19', to: '9999-12-31' }, // the amnesty law in force (GO 6.990)
] as const;
export type ReleaseWave = (typeof RELEASE_WAVES)[number]['code'];

export type EpisodeEvent = { id: string; person: string; kind: EventKind; occurredOn: string; seq: number; measures?: readonly MeasureKind[] };

const RELEASES: ReadonlySet<EventKind> = new Set(['released', 'released_with_measures']);
const TAKEN: ReadonlySet<EventKind> = new Set(['detained', 're_arrested']);

/** One release and what followed it. */
export type ReleaseRecord = {
  person: string;
  release: EpisodeEvent;
  wave: ReleaseWave;
  /** The kinds of measure imposed at the release (empty: none). */
  measures: readonly MeasureKind[];
  /** The re-arrest that followed, before any other release. */
  rearrest: EpisodeEvent | null;
  daysToRearrest: number | null;
};

/** A custody episode: from being taken to being released (null: not released yet). */
export type Episode = { person: string; taken: EpisodeEvent; released: EpisodeEvent | null; rearrest: boolean };

export function waveOf(on: string): ReleaseWave {
  return RELEASE_WAVES.find((wave) => on >= wave.from && on <= wave.to)!.code;
}

/** A person's episodes, in order. */
export function episodesOf(timeline: readonly EpisodeEvent[]): Episode[] {
  const episodes: Episode[] = [];
  let open: Episode | null = null;
  for (const event of [...timeline].sort(compareTimelineEntries)) {
    if (TAKEN.has(event.kind) && open === null) {
      open = { person: event.person, taken: event, released: null, rearrest: episodes.length > 0 };
      episodes.push(open);
    } else if (RELEASES.has(event.kind) && open !== null) {
      open.released = event;
      open = null;
    }
  }
  return episodes;
}

/** Each release of a person, with the re-arrest that followed it. */
export function releasesOf(timeline: readonly EpisodeEvent[]): ReleaseRecord[] {
  const sorted = [...timeline].sort(compareTimelineEntries);
  const records: ReleaseRecord[] = [];
  let open: ReleaseRecord | null = null;
  for (const event of sorted) {
    if (RELEASES.has(event.kind)) {
      open = { person: event.person, release: event, wave: waveOf(event.occurredOn), measures: event.measures ?? [], rearrest: null, daysToRearrest: null };
      records.push(open);
    } else if (TAKEN.has(event.kind) && open !== null) {
      open.rearrest = event;
      open.daysToRearrest = dayNumber(event.occurredOn) - dayNumber(open.release.occurredOn);
      open = null;
    }
  }
  return records;
}

export type RearrestRate = { window: number; releases: number; rearrested: number; rate: number | null };

/** The rate within each window, over releases watched for at least that long by `asOf`. */
export function rearrestRates(records: readonly ReleaseRecord[], asOf: string, windows: readonly number[] = REARREST_WINDOWS): RearrestRate[] {
  const today = dayNumber(asOf);
  return windows.map((window) => {
    let releases = 0;
    let rearrested = 0;
    for (const record of records) {
      if (dayNumber(record.release.occurredOn) + window > today) continue;
      releases++;
      if (record.daysToRearrest !== null && record.daysToRearrest <= window) rearrested++;
    }
    return { window, releases, rearrested, rate: releases === 0 ? null : rearrested / releases };
  });
}

export type RearrestGroup = { key: string; rates: RearrestRate[] };

/**
 * Rates by release wave and by measure imposed at release ("none" when released without measures; a
 * release with several kinds of measure counts under each).
 */
export function rearrestRatesBy(records: readonly ReleaseRecord[], by: 'wave' | 'measure', asOf: string): RearrestGroup[] {
  const groups = new Map<string, ReleaseRecord[]>();
  for (const record of records) {
    const keys = by === 'wave' ? [record.wave] : record.measures.length === 0 ? ['none'] : [...new Set(record.measures)];
    for (const key of keys) {
      const list = groups.get(key) ?? [];
      list.push(record);
      groups.set(key, list);
    }
  }
  const order = by === 'wave' ? RELEASE_WAVES.map((wave) => wave.code as string) : [...groups.keys()].sort();
  return order.filter((key) => groups.has(key)).map((key) => ({ key, rates: rearrestRates(groups.get(key)!, asOf) }));
}

/** Buckets of days from release to re-arrest (upper bounds included; the last is open). */
export const DELAY_BUCKETS = [
  { key: '0-7', max: 7 },
  { key: '8-30', max: 30 },
  { key: '31-90', max: 90 },
  { key: '91-180', max: 180 },
  { key: '181-365', max: 365 },
  { key: '366+', max: Number.POSITIVE_INFINITY },
] as const satisfies DayBuckets;

export type DelayDistribution = {
  buckets: { key: string; count: number }[];
  /** Quartiles of the days (nearest rank), null with no re-arrest. */
  quartiles: { q1: number; median: number; q3: number } | null;
  rearrests: number;
};

/** The time from release to re-arrest, over the releases followed by one. */
export function delayDistribution(records: readonly ReleaseRecord[]): DelayDistribution {
  const days = records
    .map((record) => record.daysToRearrest)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  const buckets = bucketCounts(days, DELAY_BUCKETS);
  const rank = (p: number) => days[Math.max(0, Math.ceil(p * days.length) - 1)]!;
  return { buckets, quartiles: days.length === 0 ? null : { q1: rank(0.25), median: rank(0.5), q3: rank(0.75) }, rearrests: days.length };
}
