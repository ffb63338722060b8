/**
 * recuento acts counts / kinds: acts suffered in custody, counted as the API counts them
 * (src/usecases/acts.ts). Staff figures by default (exact, agencies as reported); `--public` shows what the
 * public sees (consented persons, small cells withheld, known agencies only). Accounts are never
 * printed here: they are read one at a time through the API, by the roles that may, and audited.
 */
import type { Command } from 'commander';
import { MIN_PUBLIC_CELL, SMALL_CELLS_KEY } from '../../domain/registry/small-cells.js';
import { ACT_COUNT_DEFINITION, ACT_COUNT_DIMENSIONS, type ActCountDimension } from '../../domain/violations/counts.js';
import { ACT_KINDS } from '../../domain/violations/vocabulary.js';
import { actCounts, publicActCounts } from '../../usecases/acts.js';
import { withStore } from '../context.js';
import { DATA_OPTION, date, oneOf, print, today } from '../options.js';

const LEVELS = ['verified', 'corroborated', 'reported', 'disputed'] as const;
const HEADERS = {
  es: {
    kind: 'tipo de acto',
    facility: 'centro de reclusión',
    agency: 'cuerpo (según lo reportado)',
    month: 'mes en que comenzó',
    persons: 'personas',
    acts: 'actos',
    verified: 'verificado',
    corroborated: 'corroborado',
    reported: 'reportado',
    disputed: 'en disputa',
    total: 'personas distintas',
    refuted: 'refutados, fuera de las cifras',
    withheld:
      '— cifra retenida (menos de 5); las filas pequeñas van sumadas con la siguiente más pequeña, y los meses pequeños con el siguiente (se indica el tramo).',
    pooled: 'grupos pequeños, sumados',
    notRecorded: 'no consta',
    whereaboutsUnknown: 'paradero desconocido',
    otherAgency: 'otro cuerpo',
  },
  en: {
    kind: 'kind',
    facility: 'facility',
    agency: 'agency (as reported)',
    month: 'month it began',
    persons: 'persons',
    acts: 'acts',
    verified: 'verified',
    corroborated: 'corroborated',
    reported: 'reported',
    disputed: 'disputed',
    total: 'distinct persons',
    refuted: 'refuted, left out',
    withheld: '— withheld (fewer than 5); small rows are pooled with the next smallest, and small months carried into the next (the span is given).',
    pooled: 'small groups, pooled',
    notRecorded: 'not recorded',
    whereaboutsUnknown: 'whereabouts unknown',
    otherAgency: 'other agency',
  },
} as const;

export function registerActCommands(program: Command): void {
  const acts = program.command('acts').description('acts suffered in custody: torture, ill-treatment, incommunicado, enforced disappearance… (counts only)');

  acts
    .command('counts')
    .description('persons who suffered each kind of act, by kind, facility, agency or month, with their verification levels')
    .option('--by <dimension>', `one of ${ACT_COUNT_DIMENSIONS.join(', ')}`, 'kind')
    .option(
      '--as-of <date>',
      'counts as of this day: acts begun by then, ongoing incommunicado and disappearance counted to it (default: today; the public view is today only)',
    )
    .option('--public', 'what the public sees: consented persons, no number from 1 to 4, known agencies only')
    .option('--lang <lang>', 'labels of kinds in es or en', 'es')
    .option('--json', 'JSON for scripts')
    .option(...DATA_OPTION)
    .action(async (o: { by: string; asOf?: string; public?: boolean; lang: string; json?: boolean; data?: string }) => {
      const by = oneOf('--by', o.by, ACT_COUNT_DIMENSIONS) as ActCountDimension;
      const lang = oneOf('--lang', o.lang, ['es', 'en'] as const) ?? 'es';
      const asOf = date('--as-of', o.asOf, today());
      const label = (key: string, fallback: string) => {
        const special = {
          [SMALL_CELLS_KEY]: 'pooled',
          _not_recorded: 'notRecorded',
          _whereabouts_unknown: 'whereaboutsUnknown',
          'other agency': 'otherAgency',
        } as const;
        if (key in special) return HEADERS[lang][special[key as keyof typeof special]];
        return by === 'kind' ? (ACT_KINDS.find((k) => k.code === key)?.label[lang] ?? fallback) : fallback;
      };
      await withStore(o, async ({ store }) => {
        if (o.public) {
          const shown = await publicActCounts(store.db, { by, asOf: today(), consent: ['public', 'aggregate_only'] });
          const withheldAny =
            shown.persons === null || shown.cells.some((c) => c.key === SMALL_CELLS_KEY || c.span !== undefined || LEVELS.some((l) => c.levels[l] === null));
          print(
            Boolean(o.json),
            { by, asOf: today(), definition: ACT_COUNT_DEFINITION, smallCells: { minimum: MIN_PUBLIC_CELL }, ...shown },
            [HEADERS[lang][by], HEADERS[lang].persons, ...LEVELS.map((l) => HEADERS[lang][l])],
            shown.cells.map((c) => [
              c.span && c.span.from !== c.span.to ? `${c.span.from} – ${c.span.to}` : label(c.key, c.label),
              c.persons,
              ...LEVELS.map((l) => c.levels[l]),
            ]),
            [`${HEADERS[lang].total}: ${shown.persons ?? '—'}`, ACT_COUNT_DEFINITION[lang], ...(withheldAny ? [HEADERS[lang].withheld] : [])].join('\n'),
          );
          return;
        }
        const counts = await actCounts(store.db, { by, asOf, consent: undefined });
        print(
          Boolean(o.json),
          { by, asOf, definition: ACT_COUNT_DEFINITION, ...counts },
          [HEADERS[lang][by], HEADERS[lang].persons, HEADERS[lang].acts, ...LEVELS.map((l) => HEADERS[lang][l])],
          counts.cells.map((c) => [label(c.key, c.label), c.persons, c.acts, ...LEVELS.map((l) => c.levels[l])]),
          `${HEADERS[lang].total}: ${counts.persons} · ${HEADERS[lang].acts}: ${counts.acts}${counts.refuted > 0 ? ` (${counts.refuted} ${HEADERS[lang].refuted})` : ''}\n${ACT_COUNT_DEFINITION[lang]}`,
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
        lang === 'es' ? ['código', 'nombre', 'de la línea de tiempo', 'fuente', 'definición'] : ['code', 'label', 'from the timeline', 'source', 'definition'],
        ACT_KINDS.map((k) => [k.code, k.label[lang], k.derivedFromTimeline ? (lang === 'es' ? 'sí' : 'yes') : '', k.source, k.definition[lang]]),
      );
    });
}
