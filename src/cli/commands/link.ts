/**
 * recuento link: deduplicate one file, link two, or link several lists in one run (each
 * with its own column names in the settings), with any settings file; no database. The outputs are written to temporary files and renamed into place only when
 * the whole run succeeded, so a bad input or a crash leaves no half-written file.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { createRandom } from '../../domain/demo/generate-persons.js';
import { explainPair } from '../../domain/linkage/explain-pair.js';
import { type ListsRun, linkLists, listOverlaps, MAX_LISTS } from '../../domain/linkage/link-lists.js';
import { linkAllReadings } from '../../domain/linkage/link-readings.js';
import type { LinkRun, LinkStage, PairLabel } from '../../domain/linkage/link-records.js';
import { LIST_NAME } from '../../domain/linkage/settings.js';
import { moveIntoPlace } from '../../io/move-into-place.js';
import { openCsv } from '../../io/read-csv.js';
import { type ReadTable, readLinkSettings, readLinkTable } from '../../io/read-link-files.js';
import { AppError } from '../../shared/app-error.js';
import { createProgress } from '../progress.js';
import { usage } from './data.js';

type LinkOptions = {
  settings: string;
  left?: string;
  right?: string;
  list: string[];
  acrossOnly?: boolean;
  out: string;
  clusters?: string;
  threshold?: string;
  labels?: string;
  explain?: string;
  allPairs?: boolean;
  skipInvalid?: boolean;
};

const STAGE_NAMES: Record<LinkStage, string> = {
  encoding: 'preparing records',
  blocking: 'blocking',
  comparing: 'comparing pairs',
  estimating: 'estimating the model',
  scoring: 'scoring',
  clustering: 'clustering',
};

export function registerLinkCommand(program: Command): void {
  program
    .command('link')
    .description('deduplicate one list, link two, or link several (CSV, XLSX or JSON) by probabilistic record linkage (Fellegi–Sunter); no database needed')
    .requiredOption('-s, --settings <file>', 'settings (JSON or YAML): id column, comparisons, blocking rules; see docs/LINKAGE.md and linkage/registry.json')
    .option('-l, --left <file>', 'the list to deduplicate, or the left list to link (CSV, XLSX, a JSON array or JSON lines)')
    .option('-r, --right <file>', 'the right list: link left to right, one to one, instead of deduplicating left')
    .option(
      '--list <name=file>',
      "one of several lists to link in one run, named as in the settings' lists (repeat it: --list government=gov.csv --list ngo=ngo.xlsx)",
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--across-only', 'with --list: compare records of different lists only (take each list as free of duplicates)')
    .requiredOption('-o, --out <pairs.csv>', 'where to write the pairs: left_id,right_id,match_probability,match_weight (with --list, each id after its list)')
    .option('-c, --clusters <clusters.csv>', 'where to write each record with its cluster: cluster_id,source,record_id (source: the list)')
    .option('-t, --threshold <p>', "lowest match probability written, between 0 and 1 (default: the settings' threshold)")
    .option('--labels <labels.csv>', 'reviewed pairs (left_id,right_id,match with match = yes/no) that refine the model')
    .option('--explain <explanations.jsonl>', 'also write, for each pair, the weight each comparison contributed')
    .option('--all-pairs', 'linking: write every pair above the threshold, not only the one-to-one assignment')
    .option('--skip-invalid', 'leave out records with a problem (an empty id or name, a repeated id) and list them, instead of refusing the file')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  recuento link -s linkage/registry.json -l list.csv -o pairs.csv -c clusters.csv',
        '  recuento link -s linkage/registry.json -l government.csv -r ngo.csv -o pairs.csv -t 0.95',
        '  recuento link -s lists.json --list government=gov.csv --list ngo=ngo.xlsx --list family=reports.csv -o pairs.csv -c clusters.csv',
      ].join('\n'),
    )
    .action(async (options: LinkOptions) => {
      const threshold = parseThreshold(options.threshold);
      const inputs = chooseInputs(options);
      const settings = await readLinkSettings(options.settings);
      const known = Object.keys(settings.lists);
      for (const input of inputs) {
        if (options.list.length > 0 && known.length > 0 && !settings.lists[input.name])
          throw usage(`--list ${input.name}: the settings describe the lists ${known.join(', ')}; name one of them. Nothing was run.`);
      }
      const started = performance.now();
      const reading = createProgress('bytes');
      const tables: ReadTable[] = [];
      for (const input of inputs) {
        let begun = false;
        tables.push(
          await readLinkTable(
            input.path,
            settings,
            (bytes, total) => {
              if (!begun) reading.start(total);
              begun = true;
              reading.update(bytes);
            },
            { skipInvalid: options.skipInvalid ?? false, columns: options.list.length > 0 ? settings.lists[input.name]?.columns : undefined },
          ),
        );
        reading.stop();
      }
      for (const table of tables) {
        if (table.skipped.length === 0) continue;
        const rows = new Set(table.skipped.map((s) => s.row)).size;
        process.stderr.write(`Left out ${rows} record(s) of ${table.path} (--skip-invalid):\n`);
        for (const s of table.skipped.slice(0, 20)) process.stderr.write(`  row ${s.row}, column "${s.column}": ${s.reason}\n`);
        if (table.skipped.length > 20) process.stderr.write(`  … and ${table.skipped.length - 20} more\n`);
      }
      const labels = options.labels ? await readLabels(options.labels) : undefined;
      const progress = createProgress('');
      let stage: LinkStage | null = null;
      const common = {
        settings,
        threshold,
        labels,
        random: createRandom(settings.seed).next,
        onProgress: (next: LinkStage, done: number, total: number) => {
          if (next !== stage) {
            progress.stop();
            if (process.stderr.isTTY) process.stderr.write(`${STAGE_NAMES[next]}\n`);
            if (total > 0) progress.start(total);
            stage = next;
          }
          if (total > 0) progress.update(done);
        },
      };
      const run: LinkRun | ListsRun = options.right
        ? linkAllReadings({ ...common, left: tables[0]!, right: tables[1], allPairs: options.allPairs })
        : linkLists({ ...common, lists: inputs.map((input, i) => ({ name: input.name, table: tables[i]! })), acrossOnly: options.acrossOnly });
      progress.stop();
      const written: string[] = [];
      try {
        await writeAtomically(options.out, pairLines(run), written);
        if (options.clusters) await writeAtomically(options.clusters, clusterLines(run), written);
        if (options.explain) await writeAtomically(options.explain, explanationLines(run), written);
      } catch (error) {
        await Promise.all(written.map((path) => rm(path, { force: true })));
        throw error;
      }
      process.stdout.write(summarize(run, tables, options, (performance.now() - started) / 1000));
    });
}

/** The files to read, each with the name its list goes by. */
function chooseInputs(options: LinkOptions): { name: string; path: string }[] {
  if (options.list.length > 0) {
    if (options.left || options.right) throw usage('Give the lists either with --left (and --right) or with --list, not both. Nothing was run.');
    if (options.allPairs)
      throw usage(
        '--all-pairs is for linking two lists one to one (--left and --right); with --list every pair above the threshold is written. Nothing was run.',
      );
    const inputs = options.list.map((value) => {
      const named = /^([^=/\\]+)=(.+)$/.exec(value);
      const name = named ? named[1]! : basename(value).replace(/\.[^.]*$/, '');
      if (!LIST_NAME.test(name)) throw usage(`--list ${value}: a list's name is letters, digits, "_", "." or "-"; write --list name=file. Nothing was run.`);
      return { name, path: named ? named[2]! : value };
    });
    if (inputs.length > MAX_LISTS) throw usage(`One run links at most ${MAX_LISTS} lists; ${inputs.length} were given. Nothing was run.`);
    const names = inputs.map((i) => i.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated) throw usage(`--list: the name "${repeated}" is given twice; each list needs its own. Nothing was run.`);
    return inputs;
  }
  if (!options.left)
    throw usage('Name the lists: --left FILE to deduplicate one, --left and --right to link two, or --list name=FILE once per list. Nothing was run.');
  if (options.acrossOnly) throw usage('--across-only goes with --list (several lists). Nothing was run.');
  return [{ name: 'left', path: options.left }, ...(options.right ? [{ name: 'right', path: options.right }] : [])];
}

function parseThreshold(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value >= 1) {
    throw usage(`--threshold must be a probability strictly between 0 and 1, such as 0.9; got "${text}". Nothing was run.`);
  }
  return value;
}

/** Reads reviewers' decisions: left_id,right_id,match (yes/no, true/false, 1/0). */
async function readLabels(path: string): Promise<PairLabel[]> {
  const file = await openCsv(path);
  const missing = ['left_id', 'right_id', 'match'].filter((c) => !file.header.includes(c));
  if (missing.length > 0) {
    throw new AppError('import_rejected', 'labels columns missing', {
      publicMessage: `${path} must have the columns left_id, right_id and match; nothing was run.`,
      details: missing.map((column) => ({ path, column, reason: 'missing column' })),
    });
  }
  const labels: PairLabel[] = [];
  const problems = [];
  for await (const { line, record } of file.records()) {
    const match = (record.match ?? '').trim().toLowerCase();
    if (!['yes', 'no', 'true', 'false', '1', '0', 'si', 'sí'].includes(match)) {
      problems.push({ path, row: line, column: 'match', reason: 'expected yes or no' });
      continue;
    }
    labels.push({ leftId: record.left_id ?? '', rightId: record.right_id ?? '', match: ['yes', 'true', '1', 'si', 'sí'].includes(match) });
  }
  if (problems.length > 0)
    throw new AppError('import_rejected', 'labels rejected', {
      publicMessage: `${path} has ${problems.length} problem(s); nothing was run.`,
      details: problems,
    });
  return labels;
}

/** RFC 4180 quoting, without the spreadsheet formula guard: ids must join back to the input exactly. */
function cell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Several lists: a record is named by its list and its id. */
const isMulti = (run: LinkRun | ListsRun): run is ListsRun => 'lists' in run && run.lists.length > 1;

function* pairLines(run: LinkRun | ListsRun): Generator<string> {
  const multi = isMulti(run);
  yield multi ? 'left_list,left_id,right_list,right_id,match_probability,match_weight\n' : 'left_id,right_id,match_probability,match_weight\n';
  const { pairs } = run;
  const name = (r: number) => (multi ? `${cell(run.lists[run.listOf[r]!]!)},${cell(run.idOf(r))}` : cell(run.idOf(r)));
  for (let i = 0; i < pairs.count; i++) {
    const l = pairs.left[i]!;
    const r = pairs.right[i]!;
    const [a, b] = run.mode === 'dedupe' && r < l ? [r, l] : [l, r];
    yield `${name(a)},${name(b)},${pairs.probability[i]!.toFixed(6)},${pairs.weight[i]!.toFixed(3)}\n`;
  }
}

function* clusterLines(run: LinkRun | ListsRun): Generator<string> {
  yield 'cluster_id,source,record_id\n';
  const sourceOf = (r: number) => (r < run.leftCount ? 'left' : 'right');
  if (isMulti(run)) {
    const list = (r: number) => run.lists[run.listOf[r]!]!;
    for (let r = 0; r < run.recordCount; r++) {
      const root = run.clusterOf[r]!;
      yield `${cell(`${list(root)}:${run.idOf(root)}`)},${cell(list(r))},${cell(run.idOf(r))}\n`;
    }
    return;
  }
  if (run.clusterOf) {
    for (let r = 0; r < run.recordCount; r++) yield `${cell(run.idOf(run.clusterOf[r]!))},left,${cell(run.idOf(r))}\n`;
    return;
  }
  const partner = new Int32Array(run.recordCount).fill(-1);
  for (let i = 0; i < run.pairs.count; i++) {
    partner[run.pairs.right[i]!] = run.pairs.left[i]!;
    partner[run.pairs.left[i]!] = run.pairs.left[i]!;
  }
  for (let r = 0; r < run.recordCount; r++) {
    const root = partner[r]! >= 0 ? partner[r]! : r;
    yield `${cell(`${sourceOf(root)}:${run.idOf(root)}`)},${sourceOf(r)},${cell(run.idOf(r))}\n`;
  }
}

function* explanationLines(run: LinkRun | ListsRun): Generator<string> {
  const valuesOf = (r: number) => run.model.comparisons.map((_, c) => run.values[c]![r] ?? null);
  const multi = isMulti(run);
  for (let i = 0; i < run.pairs.count; i++) {
    const l = run.pairs.left[i]!;
    const r = run.pairs.right[i]!;
    // a full name read every way is explained by the readings the pair was scored on
    const [a, b] = 'valuesOfPair' in run ? run.valuesOfPair(i) : [valuesOf(l), valuesOf(r)];
    const model = 'priorOfPair' in run ? { ...run.model, prior: run.priorOfPair(i) } : run.model;
    const ids = multi
      ? { left_list: run.lists[run.listOf[l]!], left_id: run.idOf(l), right_list: run.lists[run.listOf[r]!], right_id: run.idOf(r) }
      : { left_id: run.idOf(l), right_id: run.idOf(r) };
    yield `${JSON.stringify({ ...ids, ...explainPair(model, a, b) })}\n`;
  }
}

/** Who is in which list, as a small table: persons per list, in common, only there, named twice. */
function overlapLines(run: ListsRun, acrossOnly: boolean): string[] {
  const o = listOverlaps(run);
  const n = (x: number) => x.toLocaleString('en-US');
  const width = Math.max(8, ...run.lists.map((l) => l.length)) + 2;
  const row = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(width) : c.padStart(width))).join('')}`;
  return [
    `Persons (clusters): ${n(o.clusters)}; named in every list: ${n(o.inAll)}. Persons each pair of lists has in common:`,
    row(['', ...run.lists]),
    ...run.lists.map((name, l) => row([name, ...run.lists.map((_, m) => (m === l ? n(o.persons[l]!) : n(o.shared[l]![m]!)))])),
    `  (the diagonal: the persons a list names)`,
    `Only in one list: ${run.lists.map((name, l) => `${name} ${n(o.only[l]!)}`).join(', ')}.`,
    ...(acrossOnly ? [] : [`Named twice or more within one list: ${run.lists.map((name, l) => `${name} ${n(o.repeated[l]!)}`).join(', ')}.`]),
  ];
}

/** Writes lines to a temporary file beside the target, then renames it into place. */
async function writeAtomically(path: string, lines: Iterable<string>, written: string[]): Promise<void> {
  const temporary = `${path}.partial-${process.pid}`;
  const stream = createWriteStream(temporary, { mode: 0o600 });
  try {
    let chunk = '';
    for (const line of lines) {
      chunk += line;
      if (chunk.length > 1 << 16) {
        if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
        chunk = '';
      }
    }
    stream.write(chunk);
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    await moveIntoPlace(temporary, path);
    written.push(path);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

function summarize(run: LinkRun | ListsRun, tables: { path: string; ids: readonly string[] }[], options: LinkOptions, seconds: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  const files = tables.map((t) => `${basename(t.path)} (${n(t.ids.length)} records)`);
  if (isMulti(run)) {
    lines.push(
      `Linked ${run.lists.length} lists${options.acrossOnly ? ' (across lists only)' : ''}: ${run.lists.map((name, i) => `${name} = ${files[i]}`).join(', ')}.`,
    );
  } else lines.push(run.mode === 'dedupe' ? `Deduplicated ${files.join(' and ')}.` : `Linked ${files.join(' and ')}.`);
  lines.push(`Compared ${n(run.comparedPairs)} pairs chosen by blocking:`);
  for (const rule of run.rules) {
    const skipped =
      rule.skippedBlocks > 0
        ? ` (${n(rule.skippedBlocks)} blocks over ${n(run.indexes.find((x) => x.name === rule.name)?.maxBlockSize ?? 0)} records skipped, holding ${n(rule.recordsInSkippedBlocks)} records)`
        : '';
    lines.push(`  ${rule.name}: ${n(rule.comparisons)}${skipped}`);
  }
  const kept = run.mode === 'link' && !options.allPairs ? 'one-to-one matches' : 'pairs';
  lines.push(`Wrote ${n(run.pairs.count)} ${kept} with match probability ≥ ${run.threshold} to ${options.out}.`);
  if (run.clusterOf && options.clusters) {
    const sizes = new Map<number, number>();
    for (const c of run.clusterOf) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    const multi = [...sizes.values()].filter((s) => s > 1).length;
    lines.push(`Wrote ${n(sizes.size)} clusters (${n(multi)} with more than one record) to ${options.clusters}.`);
  } else if (options.clusters) lines.push(`Wrote every record with its match to ${options.clusters}.`);
  if (isMulti(run)) {
    lines.push(...overlapLines(run, options.acrossOnly ?? false));
    if (run.refusedSameList > 0)
      lines.push(
        `Kept apart ${n(run.refusedSameList)} times two records of one list that a record of another list resembled: records of one list are put together only on a pair of their own.`,
      );
  }
  if (run.refusedByGuard > 0)
    lines.push(
      `Refused ${n(run.refusedByGuard)} merges that would have put two different ${run.model.comparisons.length ? 'exclusive values (such as two cédulas)' : ''} in one cluster.`,
    );
  if (run.unestimated.length > 0)
    lines.push(
      `Note: the m probabilities of ${run.unestimated.join(', ')} were not estimated from these data (too few compared pairs, or every blocking rule blocks on them): the settings' priors, or defaults, were used.`,
    );
  if (options.explain) lines.push(`Wrote the explanation of each pair to ${options.explain}.`);
  lines.push(
    `Model: λ (two random records match) = ${run.model.parameters.lambda.toExponential(2)}; ${run.sessions.length} EM estimates. ${seconds.toFixed(1)} s.`,
  );
  return `${lines.join('\n')}\n`;
}
