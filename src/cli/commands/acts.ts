/**
 * recuento acts counts / kinds: acts suffered in custody, counted as the API counts them
 * (src/io/acts.ts). Staff figures by default (exact, agencies as reported); `--public` shows what the
 * public sees (consented persons, small cells withheld, known agencies only). Accounts are never
 * printed here: they are read one at a time through the API, by the roles that may, and audited.
 */
import type { Command } from 'commander';
import { ACT_KINDS } from '../../domain/violations/acts.js';
import { ACT_COUNT_DEFINITION, ACT_COUNT_DIMENSIONS, type ActCountDimension } from '../../domain/violations/counts.js';
import { actCounts, publicActCounts } from '../../io/acts.js';
import { withStore } from '../context.js';
import { DATA_OPTION, date, oneOf, print, today } from '../options.js';

const LEVELS = ['verified', 'corroborated', 'reported', 'disputed'] as const;

export function registerActCommands(program: Command): void {
  const acts = program.command('acts').description('acts suffered in custody: torture, ill-treatment, incommunicado, enforced disappearance… (counts only)');

  acts
    .command('counts')
    .description('persons who suffered each kind of act, by kind, facility, agency or month, with their verification levels')
    .option('--by <dimension>', `one of ${ACT_COUNT_DIMENSIONS.join(', ')}`, 'kind')
    .option('--as-of <date>', 'ongoing incommunicado and disappearance counted to this day (default: today)')
    .option('--public', 'what the public sees: consented persons, no number from 1 to 4, known agencies only')
    .option('--lang <lang>', 'labels of kinds in es or en', 'es')
    .option('--json', 'JSON for scripts')
    .option(...DATA_OPTION)
    .action(async (o: { by: string; asOf?: string; public?: boolean; lang: string; json?: boolean; data?: string }) => {
      const by = oneOf('--by', o.by, ACT_COUNT_DIMENSIONS) as ActCountDimension;
      const lang = oneOf('--lang', o.lang, ['es', 'en'] as const) ?? 'es';
      const asOf = date('--as-of', o.asOf, today());
      const label = (key: string, fallback: string) => (by === 'kind' ? (ACT_KINDS.find((k) => k.code === key)?.label[lang] ?? fallback) : fallback);
      await withStore(o, async ({ store }) => {
        if (o.public) {
          const cells = await publicActCounts(store.db, { by, asOf, consent: ['public', 'aggregate_only'] });
          print(
            Boolean(o.json),
            { by, asOf, definition: ACT_COUNT_DEFINITION, cells },
            [by, 'persons', ...LEVELS],
            cells.map((c) => [label(c.key, c.label), c.persons, ...LEVELS.map((l) => c.levels[l])]),
            `${ACT_COUNT_DEFINITION}\n— withheld (fewer than 5).`,
          );
          return;
        }
        const counts = await actCounts(store.db, { by, asOf, consent: undefined });
        print(
          Boolean(o.json),
          { by, asOf, definition: ACT_COUNT_DEFINITION, ...counts },
          [by, 'persons', 'acts', ...LEVELS],
          counts.cells.map((c) => [label(c.key, c.label), c.persons, c.acts, ...LEVELS.map((l) => c.levels[l])]),
          `${counts.persons} persons, ${counts.acts} acts${counts.refuted > 0 ? ` (${counts.refuted} refuted, left out)` : ''}. ${ACT_COUNT_DEFINITION}`,
        );
      });
    });

  acts
    .command('kinds')
    .description('the vocabulary of acts: codes, labels, definitions and the texts they are drawn from')
    .option('--lang <lang>', 'es or en', 'es')
    .option('--json', 'JSON for scripts')
    .action((o: { lang: string; json?: boolean }) => {
      const lang = oneOf('--lang', o.lang, ['es', 'en'] as const) ?? 'es';
      print(
        Boolean(o.json),
        ACT_KINDS,
        ['code', 'label', 'from the timeline', 'source'],
        ACT_KINDS.map((k) => [k.code, k.label[lang], k.derivedFromTimeline ? 'yes' : '', k.source]),
      );
    });
}
