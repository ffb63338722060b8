/**
 * The review queue and registry merges from the command line, for verifiers who work
 * without the API: the same use cases as /api/reconciliations/{id}/review and
 * /api/persons/duplicates|merges. These print names: they are staff tools.
 */
import type { Command } from 'commander';
import type { PairExplanation } from '../../domain/linkage/explain-pair.js';
import type { RegistrySide, WrittenEntry } from '../../domain/reconciliation/reconcile-entries.js';
import { AppError } from '../../shared/app-error.js';
import { personIdsByExternalId } from '../../store/import-case-histories.js';
import { mergePersons, unmergePersons } from '../../store/merge-persons.js';
import { loadRegistrySide, recordDecision } from '../../store/reconciliations.js';
import { findRegistryDuplicates } from '../../usecases/find-duplicates.js';
import { computeReconciliationReport } from '../../usecases/reconcile-list.js';
import { withStore } from '../context.js';
import { usage } from './data.js';

const dataOption = ['-d, --data <dir>', 'data folder of the embedded database (env RECUENTO_DATA; DATABASE_URL wins when set)'] as const;

function name(p: { givenNames: string; firstSurname: string; secondSurname: string }): string {
  return [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' ');
}

function waterfall(e: PairExplanation): string {
  return e.steps.map((s) => `${s.comparison} ${s.label} ${(s.weight + s.frequencyAdjustment).toFixed(1)}`).join('; ');
}

function side(p: RegistrySide): string {
  const held = p.facility ? `, held at ${p.facility}` : '';
  const released = p.releasedOn ? `, released ${p.releasedOn}` : '';
  return `${p.externalId ? `[${p.externalId}] ` : ''}${name(p)}${p.cedula ? `, cédula ${p.cedula}` : ''}${p.birthDate ? `, born ${p.birthDate}` : ''}${held}${released}`;
}

/** How a list entry reads in the queue: its row, its own id, the name as written. */
function entryLine(e: WrittenEntry): string {
  const written = e.fullName || name(e);
  return `row ${e.rowNumber} (${e.externalId}): ${written}${e.cedula ? `, cédula ${e.cedula}` : ''}${e.birthDate ? `, born ${e.birthDate}` : ''}`;
}

function parseYesNo(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['yes', 'y', 'si', 'sí', 'true'].includes(v)) return true;
  if (['no', 'n', 'false'].includes(v)) return false;
  throw usage(`--match must be yes or no; got "${value}".`);
}

export function registerReviewCommands(program: Command): void {
  program
    .command('review')
    .description('show the review queue of a reconciliation: each ambiguous entry beside its candidates, with the weight each field contributed')
    .argument('<reconciliation-id>', 'printed by recuento reconcile')
    .option(...dataOption)
    .action(async (id: string, options: { data?: string }) => {
      await withStore(options, async ({ store }) => {
        const report = await computeReconciliationReport(store.db, id);
        const queue = report.entries.filter((e) => e.class === 'ambiguous');
        if (queue.length === 0) {
          process.stdout.write(`Nothing to review in "${report.reconciliation.label}".\n`);
          return;
        }
        const lines = [`${queue.length} entries of "${report.reconciliation.label}" wait for a decision:`];
        for (const e of queue) {
          lines.push(`\n${entryLine(e.entry)} — ${e.reason}`);
          for (const c of e.candidates)
            lines.push(
              `  ${c.probability.toFixed(3)}  ${c.personId}  ${side(c.person)}\n         would be: ${c.wouldBe.class.replaceAll('_', ' ')} (${c.wouldBe.reason})\n         ${waterfall(c.explanation)}`,
            );
        }
        lines.push(`\nDecide with: recuento decide ${id} --entry LIST-ID (or --row N) --person PERSON-ID (or the registry's own id) --match yes|no`);
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });

  program
    .command('decide')
    .description('record whether an entry of a reconciled list is a registry person; the next report follows it')
    .argument('<reconciliation-id>')
    .option('--row <n>', 'the entry, by its row in the list file')
    .option('--entry <list-id>', "the entry, by the list's own id")
    .requiredOption('--person <person-id>', "the registry person: Recuento's id, or the organisation's own (external) id")
    .requiredOption('--match <yes|no>', 'yes: the entry is this person; no: it is not')
    .option('--note <text>', 'why')
    .option('--by <name>', 'who decides', 'local administrator')
    .option(...dataOption)
    .action(async (id: string, options: { row?: string; entry?: string; person: string; match: string; note?: string; by: string; data?: string }) => {
      const match = parseYesNo(options.match);
      if ((options.row === undefined) === (options.entry === undefined)) throw usage('say which entry: --entry LIST-ID or --row N (one of them).');
      const row = options.row === undefined ? null : Number(options.row);
      if (row !== null && (!Number.isInteger(row) || row < 2)) throw usage(`--row must be a row number of the list file (2 or more); got "${options.row}".`);
      await withStore(options, async ({ store }) => {
        const report = await computeReconciliationReport(store.db, id);
        const entry = report.entries.find((e) => (row !== null ? e.entry.rowNumber === row : e.entry.externalId === options.entry));
        const which = row !== null ? `Row ${row}` : `Entry ${options.entry}`;
        if (!entry)
          throw new AppError('not_found', 'entry not in reconciliation', { publicMessage: `${which} is not an entry of "${report.reconciliation.label}".` });
        const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(options.person);
        const personId = uuid ? options.person : (await personIdsByExternalId(store.db, [options.person])).get(options.person);
        if (!personId) throw new AppError('not_found', 'no such registry person', { publicMessage: `No registry person has the id ${options.person}.` });
        await recordDecision(store.db, { entryId: entry.entryId, personId, match, decidedBy: options.by, note: options.note ?? null });
        const after = await computeReconciliationReport(store.db, id);
        const now = after.entries.find((e) => e.entryId === entry.entryId)!;
        process.stdout.write(`Recorded. ${which} is now "${now.class}": ${now.reason}. ${after.counts.ambiguous} entries left to review.\n`);
        const theirs = (await loadRegistrySide(store.db, personId)).cedula;
        const listed = entry.entry.cedula.replace(/\D/g, '').replace(/^0+/, '');
        if (match && listed && theirs && listed !== theirs)
          process.stderr.write(
            `Note: the list gives cédula ${entry.entry.cedula} and the registry person has ${theirs}: two numbers usually mean two people. Kept as you decided.\n`,
          );
      });
    });

  program
    .command('duplicates')
    .description('list registry records that may be the same person, most likely first, with the weight each field contributed')
    .option('--min <p>', 'lowest match probability shown', '0.5')
    .option('--limit <n>', 'how many pairs at most', '50')
    .option(...dataOption)
    .action(async (options: { min: string; limit: string; data?: string }) => {
      const minProbability = Number(options.min);
      const limit = Number(options.limit);
      if (!(minProbability > 0 && minProbability < 1)) throw usage(`--min must be a probability strictly between 0 and 1; got "${options.min}".`);
      if (!Number.isInteger(limit) || limit < 1) throw usage(`--limit must be a whole number above 0; got "${options.limit}".`);
      await withStore(options, async ({ store }) => {
        const { pairs, compared } = await findRegistryDuplicates(store.db, { minProbability, limit });
        const lines = [`${pairs.length} possible duplicates (${compared} pairs compared):`];
        for (const p of pairs) {
          lines.push(`\n${p.probability.toFixed(3)}${p.sameCluster ? '' : ' (different cédulas: two people unless one is wrong)'}`);
          lines.push(`  ${p.a.personId}  ${side(p.a)}\n  ${p.b.personId}  ${side(p.b)}\n  ${waterfall(p.explanation)}`);
        }
        if (pairs.length > 0) lines.push('\nMerge with: recuento merge --keep PERSON-ID --merge PERSON-ID');
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });

  program
    .command('merge')
    .description('merge a duplicate record into the one to keep, keeping every identifier, detention, event and source of both (undo with unmerge)')
    .requiredOption('--keep <person-id>')
    .requiredOption('--merge <person-id>')
    .option('--force', 'merge even though the two records carry different cédulas')
    .option('--by <name>', 'who merges (default: the local administrator)', 'local administrator')
    .option(...dataOption)
    .action(async (options: { keep: string; merge: string; force?: boolean; by: string; data?: string }) => {
      await withStore(options, async ({ store }) => {
        const merge = await mergePersons(store.db, { keepId: options.keep, mergeId: options.merge, mergedBy: options.by, force: options.force ?? false });
        process.stdout.write(`Merged ${merge.mergedPersonId} into ${merge.keptPersonId}. Undo with: recuento unmerge ${merge.id}\n`);
      });
    });

  program
    .command('unmerge')
    .description('undo a merge: the merged record comes back with everything it had')
    .argument('<merge-id>', 'printed by recuento merge')
    .option(...dataOption)
    .action(async (id: string, options: { data?: string }) => {
      await withStore(options, async ({ store }) => {
        const result = await unmergePersons(store.db, id);
        process.stdout.write(`Restored ${result.restoredPersonId} beside ${result.keptPersonId}.\n`);
      });
    });
}
