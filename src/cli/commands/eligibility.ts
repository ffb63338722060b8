/**
 * recuento eligibility and recuento rules: the amnesty law and its drafts as code. Cases come
 * from a file (no database needed) or from the registry; results carry the rule set's hash.
 * `rules list|show|test|compare` let lawyers read, test and compare the instruments.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Command } from 'commander';
import type { EligibilityCase } from '../../domain/eligibility/case.js';
import { type Comparison, compareRuleSets, foldPersonOutcome, type Transition } from '../../domain/eligibility/compare-results.js';
import type { CompiledRuleSet } from '../../domain/eligibility/compile-rule-set.js';
import { type EligibilityResult, evaluateCase, OUTCOMES, type Outcome } from '../../domain/eligibility/evaluate-case.js';
import { explainResult, type Language } from '../../domain/eligibility/explain.js';
import type { LoadedRuleSet } from '../../domain/eligibility/rule-set.js';
import { runRuleTest } from '../../domain/eligibility/rule-tests.js';
import { OFFENCE_LABELS } from '../../domain/registry/offences.js';
import { isIsoDate } from '../../domain/registry/parse-date.js';
import { ELIGIBILITY_CSV_COLUMNS, eligibilityCsv, eligibilityCsvLine } from '../../io/eligibility-csv.js';
import { moveIntoPlace, writeFileAtomically } from '../../io/move-into-place.js';
import { readCasesFile } from '../../io/read-cases.js';
import { caseVocabularyOf, DEFAULT_RULES_DIR, findRuleSet, loadRuleSets, loadRuleTests, resolveRuleSet } from '../../io/read-rules.js';
import { csvCell } from '../../io/write-table.js';
import { loadRegistryCases } from '../../store/eligibility.js';
import { type Recheck, recheckEligibilityRun, runEligibilityOverRegistry } from '../../usecases/eligibility-runs.js';
import { withStore } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { usage } from './data.js';

type EligibilityOptions = {
  csv?: string;
  rules?: string;
  recheck?: string;
  variant: string[];
  in?: string;
  out?: string;
  asOf?: string;
  strict?: boolean;
  lang: string;
  rulesDir?: string;
  data?: string;
  resolveLabels?: boolean;
};

/** Reads a case file, its names checked against every rule set; label resolutions are reported on stderr. */
async function readCases(path: string, all: readonly LoadedRuleSet[], resolveLabels: boolean | undefined): Promise<EligibilityCase[]> {
  const read = await readCasesFile(path, { vocabulary: caseVocabularyOf(all), resolveLabels: resolveLabels === true });
  for (const resolution of read.resolutions)
    process.stderr.write(`${path}, line ${resolution.row}, ${resolution.path}: "${resolution.label}" read as the code ${resolution.code}\n`);
  return read.cases;
}

export function registerEligibilityCommands(program: Command): void {
  program
    .command('eligibility')
    .description('evaluate cases against an amnesty law or draft: covered, excluded or needs review, with the article, the reasons and the facts missing')
    .option('-r, --rules <id>', 'the rule set (see `recuento rules list`); `id@reading,reading` evaluates under named readings')
    .option('--recheck <run-id>', 're-check a stored run: is the rule set still the same text, and which decisions change today')
    .option('--variant <name>', 'a reading of an uncertain text to apply (repeatable)', collect, [])
    .option(
      '-i, --in <cases.jsonl>',
      'cases as JSON lines (or a .json array), docs/ELIGIBILITY.md; without it, every detention in the registry is evaluated and the run stored',
    )
    .option('-o, --out <results.jsonl>', 'where to write one result per line (default: standard output)')
    .option('--csv <results.csv>', 'also write one row per case for a spreadsheet: outcome, article, facts to collect, deadlines')
    .option('--as-of <yyyy-mm-dd>', 'the date deadlines are judged on and parameters taken at (default: today)')
    .option('--strict', "ignore the rule set's documented presumptions: every unrecorded fact is unknown")
    .option('--resolve-labels', 'accept offences written as their label ("Tráfico de drogas") and report each as the code it is read as')
    .option('--lang <es|en>', 'language of the explanations', 'es')
    .option('--rules-dir <dir>', 'a folder of rule sets other than the shipped rules/')
    .option('-d, --data <dir>', 'data folder of the embedded database, for registry runs (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .addHelpText(
      'after',
      '\nExamples:\n  recuento eligibility --rules ve-2026-ley --in docs/examples/eligibility-cases.jsonl --out results.jsonl\n  recuento eligibility --rules ve-2026-ley@drug-threshold-9y --in cases.jsonl\n  recuento eligibility --rules ve-2026-ley          (the whole registry; the run is stored)',
    )
    .action(async (options: EligibilityOptions) => {
      if (options.recheck) {
        const all = await loadRuleSets(options.rulesDir ?? DEFAULT_RULES_DIR);
        const recheck = await withStore(options, ({ store }) => recheckEligibilityRun(store.db, all, options.recheck!));
        process.stdout.write(renderRecheck(recheck));
        return;
      }
      if (!options.rules) throw usage('--rules is required (or --recheck with a run id).');
      const language = parseLanguage(options.lang);
      const asOf = parseAsOf(options.asOf);
      const all = await loadRuleSets(options.rulesDir ?? DEFAULT_RULES_DIR);
      const compiled = resolveRuleSet(all, options.rules, asOf, options.variant);
      const strict = options.strict === true;
      if (options.in) {
        const cases = await readCases(options.in, all, options.resolveLabels);
        const counts = await writeResults(options.out, cases, compiled, strict, language, options.csv);
        printCounts(compiled, counts, cases.length);
        return;
      }
      await withStore(options, async ({ store }) => {
        const run = await runEligibilityOverRegistry(store.db, compiled, { strict, createdBy: 'cli' });
        if (options.out) await writeResultLines(options.out, run.results, compiled, language);
        if (options.csv) await writeFileAtomically(options.csv, eligibilityCsv(run.results));
        printCounts(compiled, countOutcomes(run.results), run.results.length);
        process.stderr.write(
          `Stored as run ${run.id} (rule set hash ${compiled.hash.slice(0, 12)}); re-check it later with: recuento eligibility --recheck ${run.id}\n`,
        );
      });
    });

  const rules = program.command('rules').description('the amnesty instruments as rule sets: list, show, test, compare');
  rules
    .command('list')
    .description('list the rule sets, with status, version and hash')
    .option('--rules-dir <dir>', 'a folder of rule sets other than the shipped rules/')
    .action(async (options: { rulesDir?: string }) => {
      const all = await loadRuleSets(options.rulesDir ?? DEFAULT_RULES_DIR);
      const rows = all.map((loaded) => [
        loaded.ruleSet.id,
        loaded.ruleSet.short,
        loaded.ruleSet.status,
        `v${loaded.ruleSet.version}`,
        loaded.hash.slice(0, 12),
        `${loaded.ruleSet.rules.length} rules`,
        Object.keys(loaded.ruleSet.variants).length > 0 ? `readings: ${Object.keys(loaded.ruleSet.variants).join(', ')}` : '',
      ]);
      process.stdout.write(`${table([['id', 'short', 'status', 'version', 'hash', 'rules', ''], ...rows])}\n`);
    });
  rules
    .command('show')
    .description('show a rule set: parameters, episodes, rules with their article and text, facts asked, deadlines, effects, procedure, readings')
    .argument('<id>', 'the rule set')
    .option('--lang <es|en>', 'language', 'es')
    .option('--json', 'print the rule set as JSON, with its hash')
    .option('--rules-dir <dir>', 'a folder of rule sets other than the shipped rules/')
    .action(async (id: string, options: { lang: string; json?: boolean; rulesDir?: string }) => {
      const language = parseLanguage(options.lang);
      const all = await loadRuleSets(options.rulesDir ?? DEFAULT_RULES_DIR);
      const loaded = findRuleSet(all, id);
      if (options.json) process.stdout.write(`${JSON.stringify({ hash: loaded.hash, ...loaded.ruleSet }, null, 2)}\n`);
      else process.stdout.write(showRuleSet(loaded, language));
    });
  rules
    .command('test')
    .description("run the lawyers' cases (rules/<id>.cases.yaml) of every rule set, or of those named")
    .argument('[ids...]', 'rule sets to test (default: all)')
    .option('--rules-dir <dir>', 'a folder of rule sets other than the shipped rules/')
    .action(async (ids: string[], options: { rulesDir?: string }) => {
      const dir = options.rulesDir ?? DEFAULT_RULES_DIR;
      const all = await loadRuleSets(dir);
      const wanted = ids.map((id) => findRuleSet(all, id).ruleSet.id);
      const files = (await loadRuleTests(dir)).filter((file) => wanted.length === 0 || wanted.includes(file.ruleSet));
      const vocabulary = caseVocabularyOf(all);
      let passed = 0;
      let failed = 0;
      for (const file of files) {
        process.stdout.write(`${file.ruleSet}\n`);
        for (const test of file.tests) {
          const outcome = runRuleTest(test, (variants, asOf) => resolveRuleSet(all, file.ruleSet, asOf ?? todayIso(), variants), vocabulary);
          if (outcome.passed) passed++;
          else failed++;
          process.stdout.write(`  ${outcome.passed ? '✓' : '✗'} ${test.name}\n`);
          for (const failure of outcome.failures) process.stdout.write(`      ${failure}\n`);
        }
      }
      process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
      if (failed > 0) process.exitCode = EXIT.failure;
    });
  rules
    .command('compare')
    .description('compare two rule sets (or two readings of one) over the same cases: transitions, changed cases and why, breakdowns')
    .argument('<a>', 'the first rule set, e.g. ve-2026-proyecto')
    .argument('<b>', 'the second rule set, e.g. ve-2026-ley or ve-2026-ley@drug-threshold-9y')
    .option('-i, --in <cases.jsonl>', 'cases to compare on (default: every detention in the registry)')
    .option('-o, --out <changes.csv>', 'write every case whose outcome changes, with the rules responsible')
    .option('--json <comparison.json>', 'write the whole comparison as JSON')
    .option('--as-of <yyyy-mm-dd>', 'the date parameters are taken at (default: today)')
    .option('--strict', "ignore the rule sets' documented presumptions")
    .option('--resolve-labels', 'accept offences written as their label and report each as the code it is read as')
    .option('--show <n>', 'how many changed cases to list on screen (all of them go to --out)', '20')
    .option('--rules-dir <dir>', 'a folder of rule sets other than the shipped rules/')
    .option('-d, --data <dir>', 'data folder of the embedded database (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .addHelpText(
      'after',
      '\nExamples:\n  recuento rules compare ve-2026-proyecto ve-2026-ley\n  recuento rules compare ve-2026-ley ve-2026-ley@single-months --in cases.jsonl',
    )
    .action(
      async (
        refA: string,
        refB: string,
        options: {
          in?: string;
          out?: string;
          json?: string;
          asOf?: string;
          strict?: boolean;
          resolveLabels?: boolean;
          show: string;
          rulesDir?: string;
          data?: string;
        },
      ) => {
        const asOf = parseAsOf(options.asOf);
        const all = await loadRuleSets(options.rulesDir ?? DEFAULT_RULES_DIR);
        const a = resolveRuleSet(all, refA, asOf);
        const b = resolveRuleSet(all, refB, asOf);
        const strict = options.strict === true;
        const compareOn = (cases: readonly EligibilityCase[]) => compareRuleSets(a, b, cases, { strict });
        const comparison = options.in
          ? compareOn(await readCases(options.in, all, options.resolveLabels))
          : await withStore(options, async ({ store }) => compareOn((await loadRegistryCases(store.db)).cases));
        const show = Number(options.show);
        if (!Number.isInteger(show) || show < 0) throw usage(`--show must be a whole number; got "${options.show}".`);
        process.stdout.write(renderComparison(comparison, refA, refB, show, options.out));
        if (options.out) await writeFileAtomically(options.out, changesCsv(comparison));
        if (options.json) await writeFileAtomically(options.json, `${JSON.stringify(comparison, null, 2)}\n`);
      },
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseLanguage(value: string): Language {
  if (value !== 'es' && value !== 'en') throw usage(`--lang must be es or en; got "${value}".`);
  return value;
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

function parseAsOf(value: string | undefined): string {
  if (value === undefined) return todayIso();
  if (!isIsoDate(value)) throw usage(`--as-of must be a date written yyyy-mm-dd; got "${value}".`);
  return value;
}

type Counts = Record<Outcome, number> & { missing: Map<string, number>; overdue: number; persons: Map<string, Outcome[]> };

function emptyCounts(): Counts {
  return { covered: 0, excluded: 0, review: 0, missing: new Map(), overdue: 0, persons: new Map() };
}

function countOutcomes(results: readonly EligibilityResult[]): Counts {
  const counts = emptyCounts();
  for (const result of results) addCount(counts, result);
  return counts;
}

function addCount(counts: Counts, result: EligibilityResult): void {
  counts[result.outcome]++;
  if (result.deadlines.some((deadline) => deadline.status === 'overdue')) counts.overdue++;
  if (result.person !== null) {
    const outcomes = counts.persons.get(result.person);
    if (outcomes) outcomes.push(result.outcome);
    else counts.persons.set(result.person, [result.outcome]);
  }
  for (const fact of new Set(result.missingFacts.map((item) => item.fact))) counts.missing.set(fact, (counts.missing.get(fact) ?? 0) + 1);
}

/** Evaluates and writes results as JSON lines; a file is written whole or not at all. */
async function writeResults(
  out: string | undefined,
  cases: readonly EligibilityCase[],
  compiled: CompiledRuleSet,
  strict: boolean,
  language: Language,
  csv?: string,
): Promise<Counts> {
  const counts = emptyCounts();
  let csvText = csv ? `${ELIGIBILITY_CSV_COLUMNS.join(',')}\n` : '';
  const temporary = out ? `${out}.partial-${process.pid}` : null;
  const stream = temporary ? createWriteStream(temporary) : process.stdout;
  try {
    for (const input of cases) {
      const result = evaluateCase(compiled, input, { strict });
      addCount(counts, result);
      if (csv) csvText += eligibilityCsvLine(result);
      const line = `${resultLine(result, compiled, language)}\n`;
      if (!stream.write(line)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    }
    if (temporary) {
      await new Promise<void>((resolve, reject) => (stream as NodeJS.WritableStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
      await moveIntoPlace(temporary, out!);
    }
    if (csv) await writeFileAtomically(csv, csvText);
  } catch (error) {
    if (temporary) await rm(temporary, { force: true });
    throw error;
  }
  return counts;
}

/** One result as written to a results file: the result and its explanation as sentences. */
function resultLine(result: EligibilityResult, compiled: CompiledRuleSet, language: Language): string {
  return JSON.stringify({ ...result, explanation: explainResult(result, compiled, language, OFFENCE_LABELS) });
}

/** Writes already computed results as JSON lines, whole or not at all. */
async function writeResultLines(out: string, results: readonly EligibilityResult[], compiled: CompiledRuleSet, language: Language): Promise<void> {
  const lines = results.map((result) => resultLine(result, compiled, language));
  await writeFileAtomically(out, `${lines.join('\n')}\n`);
}

function renderRecheck(recheck: Recheck): string {
  const run = recheck.run;
  const out = [
    `Run ${run.id}: ${run.ruleSet}${run.variants.length > 0 ? `@${run.variants.join(',')}` : ''}, as of ${run.asOf}${run.strict ? ', strict' : ''}.`,
  ];
  out.push(
    recheck.sameText
      ? `The rule set is the same text (hash ${run.hash.slice(0, 12)}).`
      : `The rule set has CHANGED since the run: hash then ${run.hash.slice(0, 12)}, now ${recheck.currentHash.slice(0, 12)}.`,
  );
  out.push(`${recheck.unchanged} decision(s) unchanged, ${recheck.changed.length} changed, ${recheck.gone} detention(s) no longer in the registry.`);
  for (const change of recheck.changed.slice(0, 50))
    out.push(`  detention ${change.detention}: ${change.from} (${change.ruleThen}) → ${change.to} (${change.ruleNow})`);
  if (recheck.changed.length > 50) out.push(`  … and ${recheck.changed.length - 50} more`);
  return `${out.join('\n')}\n`;
}

function printCounts(compiled: CompiledRuleSet, counts: Counts, total: number): void {
  const variants = compiled.variants.length > 0 ? ` @${compiled.variants.join(',')}` : '';
  process.stderr.write(
    `${total} case(s) under ${compiled.ruleSet.id}${variants} (hash ${compiled.hash.slice(0, 12)}, as of ${compiled.asOf}): ` +
      `${counts.covered} covered, ${counts.excluded} excluded, ${counts.review} need review.\n`,
  );
  if (counts.persons.size > 0) {
    const byPerson = { covered: 0, excluded: 0, review: 0 };
    for (const outcomes of counts.persons.values()) byPerson[foldPersonOutcome(outcomes)]++;
    process.stderr.write(`${counts.persons.size} person(s): ${byPerson.covered} covered, ${byPerson.excluded} excluded, ${byPerson.review} need review.\n`);
  }
  if (counts.overdue > 0) process.stderr.write(`${counts.overdue} case(s) with a deadline overdue on ${compiled.asOf}.\n`);
  const missing = [...counts.missing.entries()].sort((x, y) => y[1] - x[1]).slice(0, 8);
  if (missing.length > 0) process.stderr.write(`Facts to collect most often: ${missing.map(([fact, n]) => `${fact} (${n})`).join(', ')}.\n`);
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function showRuleSet(loaded: LoadedRuleSet, language: Language): string {
  const r = loaded.ruleSet;
  const out: string[] = [];
  const dates = Object.entries(r.dates)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  out.push(
    `${r.title[language]} — ${r.id} v${r.version} (${r.status}, ${r.kind})`,
    `hash ${loaded.hash}`,
    dates + (r.gazette ? `; ${r.gazette}` : ''),
    '',
    r.summary[language],
  );
  for (const caveat of r.caveats) out.push(`⚠ ${caveat}`);
  if (Object.keys(r.parameters).length > 0) {
    out.push('', 'PARAMETERS');
    for (const [name, parameter] of Object.entries(r.parameters)) {
      const values = Object.entries(parameter.values)
        .map(([from, value]) => `from ${from}: ${JSON.stringify(value)}`)
        .join('; ');
      out.push(`  ${name} [${parameter.article}] ${values}`, `    ${parameter.description} (${parameter.sources.join(', ')})`);
      if (parameter.uncertain) out.push(`    ${parameter.uncertain}`);
    }
  }
  if (r.episodes.length > 0) {
    out.push('', 'EPISODES');
    for (const episode of r.episodes) {
      const extra = [
        episode.exceptions.length > 0 ? `except ${episode.exceptions.join(', ')}` : '',
        episode.requiresFact ? `requires ${episode.requiresFact}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      out.push(`  ${episode.number ?? '-'}. ${episode.from} – ${episode.to}  ${episode.label[language]}${extra ? ` (${extra})` : ''}`);
      if (episode.uncertain) out.push(`     ${episode.uncertain}`);
    }
  }
  out.push('', 'OFFENCE TABLE');
  // The category's name is what a case file gives as `category` when no code fits.
  for (const [category, codes] of Object.entries(r.offences))
    out.push(`  ${r.categories[category]?.[language] ?? category} [${category}]: ${codes.join(', ') || '—'}`);
  out.push('', 'RULES');
  for (const rule of r.rules) {
    out.push(`  ${rule.id} [${rule.article}] ${rule.level} → ${rule.outcome}${rule.overrides.length > 0 ? ` (overrides ${rule.overrides.join(', ')})` : ''}`);
    out.push(`    when ${JSON.stringify(rule.when)}`);
    out.push(`    ${rule.text.status}: ${rule.text.quote} (${rule.text.sources.join(', ')})`);
    if (rule.uncertain) out.push(`    ${rule.uncertain}`);
  }
  if (Object.keys(r.facts).length > 0) {
    out.push('', 'FACTS ASKED');
    for (const [name, fact] of Object.entries(r.facts)) {
      out.push(`  ${name} (${fact.level}): ${fact.question[language]}`);
      if (fact.assumption) out.push(`    presumed ${fact.assumption.value} when unrecorded: ${fact.assumption.why[language]}`);
    }
  }
  if (r.deadlines.length > 0) {
    out.push('', 'DEADLINES');
    for (const deadline of r.deadlines)
      out.push(
        `  ${deadline.label[language]} [${deadline.article}]: ${deadline.days} ${deadline.calendar} days from ${deadline.from}${deadline.verified ? '' : ' — UNVERIFIED'}`,
      );
  }
  out.push('', 'EFFECTS');
  for (const effect of r.effects.does) out.push(`  + ${effect.text[language]} [${effect.article}]`);
  for (const effect of r.effects.doesNot) out.push(`  − ${effect.text[language]} [${effect.article}]`);
  out.push(
    '',
    'PROCEDURE',
    `  may request: ${r.procedure.mayRequest === null ? 'not known' : r.procedure.mayRequest.join(', ') || 'no one (self-executing)'} [${r.procedure.mayRequestArticle}]`,
    `  where: ${r.procedure.where[language]}`,
  );
  if (r.procedure.personalAppearance) out.push(`  ${r.procedure.personalAppearance[language]}`);
  if (r.procedure.refusal) out.push(`  ${r.procedure.refusal[language]}`);
  if (Object.keys(r.variants).length > 0) {
    out.push('', 'READINGS (use id@reading)');
    for (const [name, variant] of Object.entries(r.variants)) out.push(`  ${name}: ${variant.description}`);
  }
  out.push('', 'SOURCES');
  for (const [key, url] of Object.entries(r.sources)) out.push(`  ${key} ${url}`);
  return `${out.join('\n')}\n`;
}

function renderTransition(transition: Transition): string {
  const rows = [['from \\ to', ...OUTCOMES]];
  for (const from of OUTCOMES) rows.push([from, ...OUTCOMES.map((to) => String(transition[from][to]))]);
  return table(rows)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function renderComparison(comparison: Comparison, refA: string, refB: string, show: number, csvPath: string | undefined): string {
  const out: string[] = [`${refA} (${comparison.a.hash.slice(0, 12)}) → ${refB} (${comparison.b.hash.slice(0, 12)})`, ''];
  out.push(`By case (${comparison.cases}):`, renderTransition(comparison.byCase), '');
  // Cases with no person would make a second table that repeats the first.
  if (comparison.persons > 0) out.push(`By person (${comparison.persons}):`, renderTransition(comparison.byPerson), '');
  out.push(`${comparison.changed.length} case(s) change outcome.`);
  if (comparison.changed.length > 0 && show > 0) {
    const rows = [['case', 'person', 'from', 'to', `decided by (${refA})`, `decided by (${refB})`]];
    for (const change of comparison.changed.slice(0, show)) rows.push([change.case, change.person ?? '', change.from, change.to, change.ruleA, change.ruleB]);
    out.push(
      table(rows)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
    const rest = comparison.changed.length - show;
    if (rest > 0) out.push(`  … and ${rest} more${csvPath ? ` (all of them in ${csvPath})` : ' (--out changes.csv writes all of them)'}`);
  }
  if (comparison.reasons.length > 0) {
    out.push('Why, most frequent first (rule in the first → rule in the second):');
    for (const reason of comparison.reasons.slice(0, 15))
      out.push(`  ${String(reason.count).padStart(6)}  ${reason.from} → ${reason.to}: ${reason.ruleA} → ${reason.ruleB}`);
  }
  for (const [name, values] of Object.entries(comparison.groups)) {
    out.push('', `By ${name}:`);
    const rows = [[name, 'cases', 'changed', ...OUTCOMES.map((o) => `${o} (a→b)`)]];
    for (const [value, cell] of Object.entries(values).sort((x, y) => y[1].cases - x[1].cases)) {
      const column = (o: Outcome) => `${OUTCOMES.reduce((n, to) => n + cell.byCase[o][to], 0)}→${OUTCOMES.reduce((n, from) => n + cell.byCase[from][o], 0)}`;
      rows.push([value, String(cell.cases), String(cell.changed), ...OUTCOMES.map(column)]);
    }
    out.push(
      table(rows)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
  }
  return `${out.join('\n')}\n`;
}

function changesCsv(comparison: Comparison): string {
  const lines = ['case_id,person_id,from,to,rule_a,rule_b'];
  for (const change of comparison.changed)
    lines.push([change.case, change.person ?? '', change.from, change.to, change.ruleA, change.ruleB].map((cell) => csvCell(cell)).join(','));
  return `${lines.join('\n')}\n`;
}
