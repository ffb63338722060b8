/**
 * Rule sets from the rules/ folder: each <id>.yaml is parsed, checked and hashed (SHA-256 of
 * the file's bytes, so a result names exactly the text it was computed from); each
 * <id>.cases.yaml holds the lawyers' test cases for it. Any problem stops loading, with the
 * file, the path inside it and the reason.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { type CaseVocabulary, caseVocabulary } from '../domain/eligibility/check-case.js';
import { type CompiledRuleSet, checkRuleSet, compileRuleSet } from '../domain/eligibility/compile-rule-set.js';
import { type LoadedRuleSet, RuleSetSchema } from '../domain/eligibility/rule-set.js';
import { type RuleTestFile, RuleTestFileSchema } from '../domain/eligibility/rule-tests.js';
import { OFFENCE_ENTRIES } from '../domain/importing/field-vocabularies.js';
import { jaroWinkler } from '../domain/linkage/string-similarity.js';
import { AppError, type ErrorDetail } from '../shared/app-error.js';

/** The rules/ folder shipped with Recuento (beside src/ and dist/). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/** Loads every rule set in a folder, sorted by id. */
export async function loadRuleSets(dir: string = DEFAULT_RULES_DIR): Promise<LoadedRuleSet[]> {
  const files = (await listYaml(dir)).filter((file) => !file.endsWith('.cases.yaml'));
  const loaded: LoadedRuleSet[] = [];
  const details: ErrorDetail[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const bytes = await readFile(path);
    const raw = parseYamlFile(bytes.toString('utf8'), path, details);
    if (raw === undefined) continue;
    const parsed = RuleSetSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) details.push({ path: `${path}: ${issue.path.join('.') || '(top level)'}`, reason: issue.message });
      continue;
    }
    for (const problem of checkRuleSet(parsed.data)) details.push({ path: `${path}: ${problem.path}`, reason: problem.reason });
    if (`${parsed.data.id}.yaml` !== file) details.push({ path, reason: `the file of rule set "${parsed.data.id}" must be named ${parsed.data.id}.yaml` });
    loaded.push({ ruleSet: parsed.data, hash: createHash('sha256').update(bytes).digest('hex'), file: path });
  }
  if (details.length > 0)
    throw new AppError('validation_failed', 'rule sets invalid', { publicMessage: `The rule sets in ${dir} have ${details.length} problem(s).`, details });
  return loaded.sort((a, b) => a.ruleSet.id.localeCompare(b.ruleSet.id));
}

/** A rule set reference: `id`, or `id@variant,variant` to evaluate under named readings. */
export type RuleSetRef = { id: string; variants: string[] };

export function parseRuleSetRef(text: string): RuleSetRef {
  const [id, variants] = text.split('@', 2) as [string, string | undefined];
  return { id, variants: variants ? variants.split(',').filter(Boolean) : [] };
}

/**
 * The rule set a reference names, by id or by the short name `rules list` shows (any case:
 * "L26", "l26"); an unknown name is an error listing the rule sets there are.
 */
export function findRuleSet(all: readonly LoadedRuleSet[], reference: string): LoadedRuleSet {
  const { id } = parseRuleSetRef(reference);
  const wanted = id.toLowerCase();
  const found = all.find((loaded) => loaded.ruleSet.id === id || loaded.ruleSet.short.toLowerCase() === wanted);
  if (!found)
    throw new AppError('not_found', 'unknown rule set', {
      publicMessage: `There is no rule set "${id}". Rule sets: ${all.map((loaded) => `${loaded.ruleSet.id} (${loaded.ruleSet.short})`).join(', ')}.`,
    });
  return found;
}

/** The names case files may use (facts, categories, offence codes and labels), from every rule set loaded. */
export function caseVocabularyOf(all: readonly LoadedRuleSet[]): CaseVocabulary {
  return caseVocabulary(
    all.map((loaded) => loaded.ruleSet),
    OFFENCE_ENTRIES,
  );
}

/** Finds and compiles a rule set by reference; an unknown name or reading is a clear error listing what exists. */
export function resolveRuleSet(all: readonly LoadedRuleSet[], reference: string, asOf: string, extraVariants: readonly string[] = []): CompiledRuleSet {
  const { variants } = parseRuleSetRef(reference);
  const found = findRuleSet(all, reference);
  const id = found.ruleSet.id;
  const chosen = [...variants, ...extraVariants];
  const unknown = chosen.filter((name) => !(name in found.ruleSet.variants));
  if (unknown.length > 0) {
    const readings = Object.keys(found.ruleSet.variants);
    const meant = unknown.flatMap((name) => readings.filter((reading) => jaroWinkler(name, reading) >= 0.9)).map((name) => `"${name}"`);
    throw new AppError('not_found', 'unknown variant', {
      publicMessage: `Rule set "${id}" has no reading ${unknown.map((name) => `"${name}"`).join(', ')}${meant.length > 0 ? ` (did you mean ${meant.join(' or ')}?)` : ''}. Its readings: ${readings.join(', ') || 'none'}.`,
    });
  }
  try {
    return compileRuleSet(found.ruleSet, { hash: found.hash, variants: chosen, asOf });
  } catch (error) {
    throw new AppError('validation_failed', 'rule set not applicable on date', { publicMessage: `Rule set "${id}": ${(error as Error).message}.` });
  }
}

/** Loads the lawyers' test files (<id>.cases.yaml) of a folder. */
export async function loadRuleTests(dir: string = DEFAULT_RULES_DIR): Promise<(RuleTestFile & { file: string })[]> {
  const files = (await listYaml(dir)).filter((file) => file.endsWith('.cases.yaml'));
  const out: (RuleTestFile & { file: string })[] = [];
  const details: ErrorDetail[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const raw = parseYamlFile(await readFile(path, 'utf8'), path, details);
    if (raw === undefined) continue;
    const parsed = RuleTestFileSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) details.push({ path: `${path}: ${issue.path.join('.') || '(top level)'}`, reason: issue.message });
      continue;
    }
    out.push({ ...parsed.data, file: path });
  }
  if (details.length > 0)
    throw new AppError('validation_failed', 'rule tests invalid', { publicMessage: `The rule tests in ${dir} have ${details.length} problem(s).`, details });
  return out;
}

async function listYaml(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((file) => file.endsWith('.yaml')).sort();
  } catch (error) {
    throw new AppError('not_found', 'rules folder unreadable', {
      publicMessage: `Cannot read the rules folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
      cause: error,
    });
  }
}

function parseYamlFile(text: string, path: string, details: ErrorDetail[]): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    details.push({ path, reason: `not valid YAML: ${(error as Error).message}` });
    return undefined;
  }
}
