/**
 * The settings of a linkage run, read from a JSON or YAML file: which column holds the
 * record id, which columns are compared and how, which blocking rules choose the pairs
 * worth comparing. Nothing in the engine knows our registry's schema; the registry's own
 * settings are one such file (rules/linkage/registry.json).
 */
import { z } from 'zod';
import { createComparison } from './compare-fields.js';
import { NICKNAME_TABLES } from './hypocorisms.js';

export const COMPARISON_KINDS = ['given_names', 'surnames', 'cedula', 'date', 'exact', 'jaro_winkler', 'levenshtein', 'token_set', 'numeric'] as const;

/** Blocking key kinds each comparison kind offers. */
export const KEY_KINDS: Readonly<Record<(typeof COMPARISON_KINDS)[number], readonly string[]>> = {
  given_names: ['value', 'first', 'first_phonetic', 'initial', 'initials'],
  surnames: ['value', 'any', 'any_phonetic', 'first_phonetic', 'pair_phonetic', 'one_misspelt'],
  cedula: ['value', 'deletions'],
  date: ['value', 'year', 'month_day'],
  exact: ['value', 'phonetic', 'prefix3', 'tokens'],
  jaro_winkler: ['value', 'phonetic', 'prefix3', 'tokens'],
  levenshtein: ['value', 'phonetic', 'prefix3', 'tokens'],
  token_set: ['value', 'phonetic', 'prefix3', 'tokens'],
  numeric: ['value'],
};

/** A rule's largest block unless it says otherwise: 5,000 records, 12.5 million pairs. */
export const DEFAULT_MAX_BLOCK_SIZE = 5000;

export const ComparisonSettingsSchema = z
  .object({
    name: z.string().min(1).describe('How the comparison is called in reports and explanations'),
    kind: z.enum(COMPARISON_KINDS),
    columns: z.array(z.string().min(1)).min(1).describe('The cells compared, joined with a space'),
    split: z.literal('full_name').optional().describe('The column holds a full name; take the given names or the surnames from it'),
    thresholds: z.array(z.number()).min(1).optional().describe('Similarity (descending) or distance (ascending) limits of the intermediate levels'),
    termFrequency: z.boolean().optional().describe('Adjust the weight of an exact agreement by how common the value is'),
    nicknames: z
      .enum(NICKNAME_TABLES)
      .optional()
      .describe('Given names only: which nickname tables to read — es (Pepe, Chucho; the default), en (Bill, Bob), or es+en'),
    ageAsOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written yyyy-mm-dd')
      .optional()
      .describe('Dates only: the date the list was made, so that an age written instead of a birth date ("35 años", "about 35") is read'),
    m: z
      .array(z.number().gt(0).lt(1))
      .optional()
      .describe('Prior m probabilities, one per level (strongest first): where EM starts, and worth 100 pairs against what it finds'),
  })
  .strict();
export type ComparisonSettings = z.infer<typeof ComparisonSettingsSchema>;

export const BlockingRuleSchema = z
  .object({
    name: z.string().min(1),
    keys: z
      .array(z.object({ comparison: z.string().min(1), key: z.string().min(1) }).strict())
      .min(1)
      .describe('Records that share all of these keys are compared'),
    maxBlockSize: z
      .number()
      .int()
      .positive()
      .default(DEFAULT_MAX_BLOCK_SIZE)
      .describe('Blocks larger than this are skipped and reported (default 5,000: a block of n records costs n²/2 comparisons)'),
  })
  .strict();
export type BlockingRule = z.input<typeof BlockingRuleSchema>;

/** How one list of a multi-list run names the columns the settings read. */
export const ListSettingsSchema = z
  .object({
    columns: z
      .record(z.string().min(1), z.union([z.string().min(1), z.array(z.string().min(1)).min(1), z.null()]))
      .default({})
      .describe(
        "For a column the settings name (the id or a compared column), this list's column that holds it — or its columns, read as one cell joined by spaces (given names and surnames into a full name); null when the list has no such column",
      ),
  })
  .strict();

export const LIST_NAME = /^[\p{L}\p{N}_.-]+$/u;

export const LinkSettingsSchema = z
  .object({
    id: z.string().min(1).describe('The column that identifies a record'),
    comparisons: z.array(ComparisonSettingsSchema).min(1),
    blocking: z.array(BlockingRuleSchema).min(1),
    exclusive: z.array(z.string()).default([]).describe('Comparisons whose values a cluster may never hold two of (a cédula)'),
    threshold: z.number().gt(0).lt(1).default(0.9),
    randomPairs: z.number().int().positive().default(300_000).describe('Random pairs used to estimate the u probabilities'),
    seed: z.number().int().default(20260130),
    lists: z
      .record(z.string().regex(LIST_NAME, 'a list name is letters, digits, "_", "." or "-"'), ListSettingsSchema)
      .default({})
      .describe('Linking several lists: each list by name, with its own column names'),
  })
  .strict();
export type LinkSettings = z.infer<typeof LinkSettingsSchema>;

/** A problem with settings, named by its place in the file. */
export type SettingsProblem = { path: string; reason: string };

/** Checks what the schema cannot: names that refer to one another and key kinds per comparison kind. */
export function checkSettingsConsistency(settings: LinkSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const byName = new Map(settings.comparisons.map((c) => [c.name, c]));
  settings.comparisons.forEach((c, i) => {
    if (settings.comparisons.findIndex((o) => o.name === c.name) !== i) problems.push({ path: `comparisons[${i}].name`, reason: `"${c.name}" is used twice` });
    if (c.split && c.kind !== 'given_names' && c.kind !== 'surnames')
      problems.push({ path: `comparisons[${i}].split`, reason: 'only given_names and surnames can split a full name' });
    if (c.thresholds && c.thresholds.length > 1) {
      // similarities fall from the strongest level to the weakest; distances grow
      const similarity = c.kind === 'jaro_winkler' || c.kind === 'token_set';
      const ordered = c.thresholds.every((t, j) => j === 0 || (similarity ? t < c.thresholds![j - 1]! : t > c.thresholds![j - 1]!));
      if (!ordered)
        problems.push({
          path: `comparisons[${i}].thresholds`,
          reason: similarity
            ? 'similarity limits go from the strongest down: each below the one before'
            : 'distance limits go from the closest up: each above the one before',
        });
    }
    if (c.nicknames && c.kind !== 'given_names')
      problems.push({ path: `comparisons[${i}].nicknames`, reason: 'only a given_names comparison reads nicknames' });
    if (c.ageAsOf && c.kind !== 'date') problems.push({ path: `comparisons[${i}].ageAsOf`, reason: 'only a date comparison reads ages' });
    if (c.kind === 'date' && c.columns.length !== 1 && c.columns.length !== 3)
      problems.push({ path: `comparisons[${i}].columns`, reason: 'a date is one column, or three: day, month and year' });
    const levels = createComparison(c).levels.length;
    if (c.m && c.m.length !== levels)
      problems.push({ path: `comparisons[${i}].m`, reason: `${c.kind} here has ${levels} levels; give one m per level, strongest first` });
  });
  settings.blocking.forEach((rule, r) => {
    rule.keys.forEach((key, k) => {
      const comparison = byName.get(key.comparison);
      if (!comparison) problems.push({ path: `blocking[${r}].keys[${k}].comparison`, reason: `no comparison is named "${key.comparison}"` });
      else if (!KEY_KINDS[comparison.kind].includes(key.key))
        problems.push({
          path: `blocking[${r}].keys[${k}].key`,
          reason: `"${key.key}" is not a key of ${comparison.kind}; use one of ${KEY_KINDS[comparison.kind].join(', ')}`,
        });
    });
  });
  const read = new Set([settings.id, ...settings.comparisons.flatMap((c) => c.columns)]);
  for (const [name, list] of Object.entries(settings.lists)) {
    for (const [column, mapped] of Object.entries(list.columns)) {
      if (column === settings.id && mapped === null) problems.push({ path: `lists.${name}.columns.${column}`, reason: 'every list needs an id column' });
      if (!read.has(column))
        problems.push({
          path: `lists.${name}.columns.${column}`,
          reason: `the settings read no column called "${column}"; name one of ${[...read].join(', ')}`,
        });
    }
  }
  settings.exclusive.forEach((name, i) => {
    if (!byName.has(name)) problems.push({ path: `exclusive[${i}]`, reason: `no comparison is named "${name}"` });
  });
  return problems;
}

/**
 * Columns the settings read that a file's header lacks, by the file's names: `columns`
 * maps a column the settings name to the file's own (a list's `columns` in the settings).
 */
export function missingColumns(
  settings: LinkSettings,
  header: readonly string[],
  columns: Readonly<Record<string, string | readonly string[] | null>> = {},
): string[] {
  const present = new Set(header);
  const wanted = [settings.id, ...settings.comparisons.flatMap((c) => c.columns)].flatMap((c) => (columns[c] === null ? [] : (columns[c] ?? c)));
  return [...new Set(wanted.filter((c) => !present.has(c)))];
}
