/**
 * Linking a list whose names come in one cell, order-free. A full name such as "PEREZ
 * GOMEZ JOSE LUIS" may be surnames first or given names first, with one or two of each;
 * when the settings split a full-name column (`split: full_name`), each record of the left
 * list is linked once per reading of its name (readFullName), written back unambiguously
 * ("surnames, given"), and each pair keeps its best reading. The model's prior is a share
 * of reading pairs; a record is still one record that matches at most one other, so the
 * prior is corrected by log2(readings / records) — the same correction reconciliation
 * makes. One-to-one assignment and the threshold are applied to the records, not the
 * readings. Deduplicating one list, or settings without a full-name column: linkRecords.
 */
import { assignOneToOne, pickPairs, type ScoredPairs } from './cluster-pairs.js';
import { probabilityOf } from './fellegi-sunter.js';
import { type LinkOptions, type LinkRun, linkRecords } from './link-records.js';
import { readFullName } from './person-names.js';

/** Below this a reading pair is not kept at all (the requested threshold decides after the correction). */
const READING_FLOOR = 0.01;

/** Links `left` to `right` reading full names every way; otherwise exactly linkRecords. */
export function linkAllReadings(options: LinkOptions): LinkRun {
  const { settings, left, right } = options;
  const columns = [...new Set(settings.comparisons.filter((c) => c.split === 'full_name').flatMap((c) => c.columns))];
  if (!right || columns.length !== 1) return linkRecords(options);
  const column = columns[0]!;
  const names = left.columns[column]!;
  const origin: number[] = [];
  const expanded: Record<string, string[]> = Object.fromEntries(Object.keys(left.columns).map((c) => [c, []]));
  const ids: string[] = [];
  for (let r = 0; r < left.ids.length; r++) {
    const full = (names[r] ?? '').trim();
    const readings = full === '' || full.includes(',') ? [null] : readFullName(full);
    for (const reading of readings) {
      for (const c of Object.keys(left.columns)) expanded[c]!.push(left.columns[c]![r]!);
      if (reading) expanded[column]![expanded[column]!.length - 1] = `${reading.surnames}, ${reading.given}`;
      ids.push(left.ids[r]!);
      origin.push(r);
    }
  }
  if (ids.length === left.ids.length) return linkRecords(options);
  const threshold = options.threshold ?? settings.threshold;
  const run = linkRecords({ ...options, left: { ids, columns: expanded }, threshold: Math.min(threshold, READING_FLOOR), allPairs: true });
  const perRecord = Math.log2(ids.length / left.ids.length);
  // each (record, other) pair keeps its best reading
  const best = new Map<string, number>();
  for (let i = 0; i < run.pairs.count; i++) {
    const key = `${origin[run.pairs.left[i]!]}:${run.pairs.right[i]}`;
    const kept = best.get(key);
    if (kept === undefined || run.pairs.weight[i]! > run.pairs.weight[kept]!) best.set(key, i);
  }
  const chosen = [...best.values()].filter((i) => probabilityOf(run.pairs.weight[i]! + perRecord) >= threshold);
  const kept = pickPairs(run.pairs, chosen);
  let pairs: ScoredPairs = { ...kept, weight: kept.weight.map((w) => w + perRecord), probability: kept.weight.map((w) => probabilityOf(w + perRecord)) };
  // one-to-one over records, not readings: two readings of one record are one record
  if (!options.allPairs) pairs = pickPairs(pairs, assignOneToOne({ ...pairs, left: Int32Array.from(pairs.left, (l) => origin[l]!) }));
  return { ...run, threshold, pairs, model: { ...run.model, prior: run.model.prior + perRecord } };
}
