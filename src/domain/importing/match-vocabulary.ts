/**
 * Free text as people type it, mapped to the registry's vocabularies: statuses written
 * "Excarcelado con medidas" or "casa por cárcel", charges "traición a la patria,
 * terrorismo", facilities "Helicoide", agencies "Sebin". A value is taken only when it is
 * certain — the mapping's own value table, or an accent- and case-blind match to a code,
 * a label or a known alias — and never by resemblance: a value that only resembles an
 * entry comes back unmatched, with the closest entries as suggestions for a person to
 * choose in the mapping file.
 */

import { jaroWinkler, tokenSetSimilarity } from '../linkage/string-similarity.js';
import { normalizeForSearch } from '../registry/normalize-name.js';

/** An entry of a vocabulary: its code and every way of writing it that is certain. */
export type VocabularyEntry = { code: string; labels: readonly string[] };

/** The result of matching one value. */
export type VocabularyMatch = { ok: true; code: string; via: 'table' | 'code' | 'label' } | { ok: false; suggestions: { code: string; label: string }[] };

/** The folded form every comparison uses: "Traición a la Patria" → "traicion a la patria". */
export const foldValue: (value: string) => string = normalizeForSearch;

/** A vocabulary prepared for matching: folded codes and labels, each pointing to its entry. */
export type PreparedVocabulary = {
  entries: readonly VocabularyEntry[];
  byKey: ReadonlyMap<string, string>;
  codeKeys: ReadonlySet<string>;
  /** Answers already given, per value table: a sheet repeats the same few statuses and facilities on every row. */
  answers: WeakMap<object, Map<string, VocabularyMatch>>;
};

/** Indexes a vocabulary; a folded label shared by two entries is left out (it could be either). */
export function prepareVocabulary(entries: readonly VocabularyEntry[]): PreparedVocabulary {
  const byKey = new Map<string, string>();
  const shared = new Set<string>();
  for (const entry of entries) {
    for (const written of [entry.code, entry.code.replace(/[_-]+/g, ' '), ...entry.labels]) {
      const key = foldValue(written);
      if (key === '') continue;
      const other = byKey.get(key);
      if (other !== undefined && other !== entry.code) shared.add(key);
      else byKey.set(key, entry.code);
    }
  }
  for (const key of shared) byKey.delete(key);
  const codeKeys = new Set(entries.flatMap((e) => [foldValue(e.code), foldValue(e.code.replace(/[_-]+/g, ' '))]));
  return { entries, byKey, codeKeys, answers: new WeakMap() };
}

/**
 * Matches a value: the mapping's table first (as written, then folded), then codes and
 * labels folded. Unmatched values get up to three suggestions, most alike first.
 */
export function matchVocabulary(value: string, vocabulary: PreparedVocabulary, table: Readonly<Record<string, string>> = NO_TABLE): VocabularyMatch {
  let answers = vocabulary.answers.get(table);
  if (!answers) {
    answers = new Map();
    vocabulary.answers.set(table, answers);
  }
  const known = answers.get(value);
  if (known) return known;
  const answer = matchOnce(value, vocabulary, table);
  // the memo is bounded: a sheet of free text (names in a status column) must not grow it without end
  if (answers.size < 10_000) answers.set(value, answer);
  return answer;
}

const NO_TABLE: Readonly<Record<string, string>> = {};

function matchOnce(value: string, vocabulary: PreparedVocabulary, table: Readonly<Record<string, string>>): VocabularyMatch {
  const written = value.trim();
  const folded = foldValue(written);
  const fromTable = lookUpTable(table, written);
  if (fromTable !== undefined) return { ok: true, code: fromTable, via: 'table' };
  const code = vocabulary.byKey.get(folded);
  if (code !== undefined) return { ok: true, code, via: vocabulary.codeKeys.has(folded) ? 'code' : 'label' };
  return { ok: false, suggestions: suggest(folded, vocabulary.entries) };
}

/** A value table's entry for a value: as written, or folded for case and accents. */
export function lookUpTable(table: Readonly<Record<string, string>>, value: string): string | undefined {
  const written = value.trim();
  return table[written] ?? foldedTable(table).get(foldValue(written));
}

const foldedTables = new WeakMap<object, Map<string, string>>();
function foldedTable(table: Readonly<Record<string, string>>): Map<string, string> {
  let folded = foldedTables.get(table);
  if (!folded) {
    folded = new Map(Object.entries(table).map(([k, v]) => [foldValue(k), v]));
    foldedTables.set(table, folded);
  }
  return folded;
}

/** The entries most alike a folded value: the best of whole-text and word-set similarity over their labels. */
function suggest(folded: string, entries: readonly VocabularyEntry[]): { code: string; label: string }[] {
  if (folded === '') return [];
  const words = folded.split(' ');
  const scored = entries.map((entry) => {
    let best = 0;
    let label = entry.labels[0] ?? entry.code;
    for (const written of [entry.code.replace(/[_-]+/g, ' '), ...entry.labels]) {
      const key = foldValue(written);
      const score = Math.max(jaroWinkler(folded, key), tokenSetSimilarity(words, key.split(' '), 0.85));
      if (score > best) {
        best = score;
        label = entry.labels[0] ?? written;
      }
    }
    return { code: entry.code, label, score: best };
  });
  return scored
    .filter((s) => s.score >= 0.6)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ code, label }) => ({ code, label }));
}

/**
 * Splits a cell that holds several values ("traición a la patria, terrorismo y
 * asociación"): on the separators given, and on " y " / " e " between values.
 */
export function splitList(cell: string, separators: readonly string[]): string[] {
  let parts = [cell];
  for (const separator of separators) parts = parts.flatMap((p) => p.split(separator));
  return parts
    .flatMap((p) => p.split(/\s+(?:y|e|and)\s+/i))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
