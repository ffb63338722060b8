/**
 * recuento link: deduplicate one CSV file or link two, with any settings file; no
 * database. The outputs are written to temporary files and renamed into place only when
 * the whole run succeeded, so a bad input or a crash leaves no half-written file.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { createRandom } from '../../domain/demo/generate-persons.js';
import { explainPair } from '../../domain/linkage/explain-pair.js';
import { linkAllReadings } from '../../domain/linkage/link-readings.js';
import type { LinkRun, LinkStage, PairLabel } from '../../domain/linkage/link-records.js';
import { openCsv } from '../../io/read-csv.js';
import { readLinkSettings, readLinkTable } from '../../io/read-link-files.js';
import { AppError } from '../../shared/app-error.js';
import { createProgress } from '../progress.js';
import { usage } from './data.js';

type LinkOptions = {
  settings: string;
  left: string;
  right?: string;
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
    .description('deduplicate one list, or link two (CSV or JSON), by probabilistic record linkage (Fellegi–Sunter); no database needed')
    .requiredOption('-s, --settings <file>', 'settings (JSON or YAML): id column, comparisons, blocking rules; see docs/LINKAGE.md and linkage/registry.json')
    .requiredOption('-l, --left <file>', 'the list to deduplicate, or the left list to link (CSV, a JSON array or JSON lines)')
    .option('-r, --right <file>', 'the right list: link left to right instead of deduplicating left')
    .requiredOption('-o, --out <pairs.csv>', 'where to write the pairs: left_id,right_id,match_probability,match_weight')
    .option('-c, --clusters <clusters.csv>', 'where to write each record with its cluster: cluster_id,source,record_id')
    .option('-t, --threshold <p>', "lowest match probability written, between 0 and 1 (default: the settings' threshold)")
    .option('--labels <labels.csv>', 'reviewed pairs (left_id,right_id,match with match = yes/no) that refine the model')
    .option('--explain <explanations.jsonl>', 'also write, for each pair, the weight each comparison contributed')
    .option('--all-pairs', 'linking: write every pair above the threshold, not only the one-to-one assignment')
    .option('--skip-invalid', 'leave out records with a problem (an empty id or name, a repeated id) and list them, instead of refusing the file')
    .addHelpText(
      'after',
      '\nExamples:\n  recuento link -s linkage/registry.json -l list.csv -o pairs.csv -c clusters.csv\n  recuento link -s linkage/registry.json -l government.csv -r ngo.csv -o pairs.csv -t 0.95',
    )
    .action(async (options: LinkOptions) => {
      const threshold = parseThreshold(options.threshold);
      const settings = await readLinkSettings(options.settings);
      const started = performance.now();
      const reading = createProgress('bytes');
      const tables = [];
      for (const path of [options.left, ...(options.right ? [options.right] : [])]) {
        let begun = false;
        tables.push(
          await readLinkTable(
            path,
            settings,
            (bytes, total) => {
              if (!begun) reading.start(total);
              begun = true;
              reading.update(bytes);
            },
            { skipInvalid: options.skipInvalid ?? false },
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
      const [left, right] = tables;
      const labels = options.labels ? await readLabels(options.labels) : undefined;
      const progress = createProgress('');
      let stage: LinkStage | null = null;
      const run = linkAllReadings({
        settings,
        left: left!,
        right,
        threshold,
        labels,
        allPairs: options.allPairs,
        random: createRandom(settings.seed).next,
        onProgress: (next, done, total) => {
          if (next !== stage) {
            progress.stop();
            if (process.stderr.isTTY) process.stderr.write(`${STAGE_NAMES[next]}\n`);
            if (total > 0) progress.start(total);
            stage = next;
          }
          if (total > 0) progress.update(done);
        },
      });
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

function* pairLines(run: LinkRun): Generator<string> {
  yield 'left_id,right_id,match_probability,match_weight\n';
  const { pairs } = run;
  for (let i = 0; i < pairs.count; i++) {
    const l = pairs.left[i]!;
    const r = pairs.right[i]!;
    const [a, b] = run.mode === 'dedupe' && r < l ? [r, l] : [l, r];
    yield `${cell(run.idOf(a))},${cell(run.idOf(b))},${pairs.probability[i]!.toFixed(6)},${pairs.weight[i]!.toFixed(3)}\n`;
  }
}

function* clusterLines(run: LinkRun): Generator<string> {
  yield 'cluster_id,source,record_id\n';
  const sourceOf = (r: number) => (r < run.leftCount ? 'left' : 'right');
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

function* explanationLines(run: LinkRun): Generator<string> {
  const valuesOf = (r: number) => run.model.comparisons.map((_, c) => run.values[c]![r] ?? null);
  for (let i = 0; i < run.pairs.count; i++) {
    const explanation = explainPair(run.model, valuesOf(run.pairs.left[i]!), valuesOf(run.pairs.right[i]!));
    yield `${JSON.stringify({ left_id: run.idOf(run.pairs.left[i]!), right_id: run.idOf(run.pairs.right[i]!), ...explanation })}\n`;
  }
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
    await rename(temporary, path);
    written.push(path);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

function summarize(run: LinkRun, tables: { path: string; ids: readonly string[] }[], options: LinkOptions, seconds: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  const files = tables.map((t) => `${basename(t.path)} (${n(t.ids.length)} records)`).join(' and ');
  lines.push(run.mode === 'dedupe' ? `Deduplicated ${files}.` : `Linked ${files}.`);
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
