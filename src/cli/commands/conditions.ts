/**
 * recuento conditions / rearrests / facilities closure|population|history|status: conditions of
 * release, re-arrests and facilities over time, as the API serves them to staff (src/usecases/conditions.ts,
 * src/usecases/rearrests.ts, src/usecases/facility-history.ts). Tables on the terminal, `--json` for scripts. Every
 * state is derived as of `--as-of` (today by default); nothing here is stored but what `status` records.
 */
import type { Command } from 'commander';
import { CLOSURE_OUTCOMES } from '../../domain/facilities/stays.js';
import { FACILITY_STATUS_CHANGES, MEASURE_KINDS } from '../../domain/registry/vocabulary.js';
import { AppError } from '../../shared/app-error.js';
import { addFacilityStatus, facilityStatusHistory } from '../../store/facilities.js';
import { conditionCounts, dueBetween, overdueOn, underMeasures } from '../../usecases/conditions.js';
import { facilityClosure, facilityPopulation, findFacility } from '../../usecases/facility-history.js';
import { rearrestFigures } from '../../usecases/rearrests.js';
import { withStore } from '../context.js';
import { DATA_OPTION, date, oneOf, period, print, today } from '../options.js';

type Common = { data?: string; asOf?: string; json?: boolean };

export function registerConditionCommands(program: Command): void {
  const conditions = program.command('conditions').description('conditions of release: who must report where and when, who is overdue, who is under measures');
  conditions
    .command('due')
    .description('presentations due between two dates (at a court), each met, missed or pending')
    .requiredOption('--from <yyyy-mm-dd>')
    .requiredOption('--to <yyyy-mm-dd>')
    .option('--court <name>', 'only this court (as written in the measures)')
    .option('--as-of <yyyy-mm-dd>', 'judge met / missed as of this date (default: today)')
    .option('--json', 'JSON instead of a table')
    .option(...DATA_OPTION)
    .action(async (o: Common & { from: string; to: string; court?: string }) => {
      const query = { ...period(date('--from', o.from), date('--to', o.to)), court: o.court, today: date('--as-of', o.asOf, today()) };
      await withStore(o, async ({ store }) => {
        const entries = await dueBetween(store.db, query);
        print(
          Boolean(o.json),
          entries,
          ['date', 'state', 'person', 'court', 'presented'],
          entries.map((e) => [e.on, e.state, e.personName, e.court, e.presentedOn]),
          `${entries.length} presentation(s) due from ${query.from} to ${query.to}${o.court ? ` at ${o.court}` : ''}.`,
        );
      });
    });
  conditions
    .command('overdue')
    .description('persons overdue (a presentation date passed without one recorded) or with a recorded breach, longest overdue first')
    .option('--court <name>')
    .option('--as-of <yyyy-mm-dd>')
    .option('--json')
    .option(...DATA_OPTION)
    .action(async (o: Common & { court?: string }) => {
      const asOf = date('--as-of', o.asOf, today());
      await withStore(o, async ({ store }) => {
        const entries = await overdueOn(store.db, { today: asOf, court: o.court });
        print(
          Boolean(o.json),
          entries,
          ['missed since', 'missed', 'last presented', 'next', 'breach', 'person', 'court'],
          entries.map((e) => [
            e.missedSince,
            e.missed,
            e.lastPresentation,
            e.next,
            e.breaches.map((b) => `${b.kind} ${b.on}`).join(', ') || null,
            e.personName,
            e.court,
          ]),
          `${entries.length} person(s) overdue or in breach as of ${asOf}.`,
        );
      });
    });
  conditions
    .command('under')
    .description('persons under measures on a date (of a kind), and since when — e.g. who is still under them after an amnesty')
    .option('--on <yyyy-mm-dd>', 'default: today')
    .option('--kind <kind>', MEASURE_KINDS.join(', '))
    .option('--json')
    .option(...DATA_OPTION)
    .action(async (o: Common & { on?: string; kind?: string }) => {
      const on = date('--on', o.on, today());
      const kind = oneOf('--kind', o.kind, MEASURE_KINDS);
      await withStore(o, async ({ store }) => {
        const entries = await underMeasures(store.db, { on, kind });
        print(
          Boolean(o.json),
          entries,
          ['since', 'measures', 'person'],
          entries.map((e) => [e.since, e.kinds.join(', '), e.personName]),
          `${entries.length} person(s) under ${kind ?? 'any measure'} on ${on}.`,
        );
      });
    });
  conditions
    .command('counts')
    .description('month by month: persons under each kind of measure, presentations due and missed (exact: staff figures)')
    .option('--from <yyyy-mm-dd>', 'default: 2026-01-01')
    .option('--to <yyyy-mm-dd>', 'default: today')
    .option('--json')
    .option(...DATA_OPTION)
    .action(async (o: Common & { from?: string; to?: string }) => {
      const query = { ...period(date('--from', o.from, '2026-01-01'), date('--to', o.to, today())), today: today() };
      await withStore(o, async ({ store }) => {
        const counts = await conditionCounts(store.db, query);
        print(
          Boolean(o.json),
          counts,
          ['month', 'under any', ...MEASURE_KINDS, 'due', 'missed'],
          counts.months.map((m) => [m.month, m.underAny, ...MEASURE_KINDS.map((k) => m.underByKind[k]), m.due, m.missed]),
          `Under measures today, by days spent under them: ${counts.timeUnderMeasures.map((b) => `${b.key}: ${b.persons}`).join(', ')}.`,
        );
      });
    });

  program
    .command('rearrests')
    .description('the re-arrest rate after release within 30, 90 and 365 days, by release wave and measure, with its definition')
    .option('--as-of <yyyy-mm-dd>')
    .option('--lang <es|en>', 'language of the definition', 'es')
    .option('--json')
    .option(...DATA_OPTION)
    .action(async (o: Common & { lang: string }) => {
      const asOf = date('--as-of', o.asOf, today());
      const lang = oneOf('--lang', o.lang, ['es', 'en'] as const) ?? 'es';
      await withStore(o, async ({ store }) => {
        const figures = await rearrestFigures(store.db, { asOf });
        const percent = (rate: number | null) => (rate === null ? null : `${(rate * 100).toFixed(1)} %`);
        const rows = [
          ['all', ...figures.overall.flatMap((r) => [`${r.rearrested}/${r.releases}`, percent(r.rate)])],
          ...[...figures.byWave, ...figures.byMeasure].map((g) => [g.key, ...g.rates.flatMap((r) => [`${r.rearrested}/${r.releases}`, percent(r.rate)])]),
        ];
        const q = figures.delay.quartiles;
        print(
          Boolean(o.json),
          figures,
          ['group', '30 d', 'rate', '90 d', 'rate', '365 d', 'rate'],
          rows,
          `${figures.rearrests} re-arrest(s) after ${figures.releases} release(s) as of ${asOf}; days from release to re-arrest: ${
            q ? `quartiles ${q.q1} / ${q.median} / ${q.q3}` : 'none'
          }.\n${figures.definition[lang]}`,
        );
      });
    });

  const facilities = program.commands.find((c) => c.name() === 'facilities') ?? program.command('facilities');
  facilities
    .command('closure')
    .description('everyone held at a facility when its closure was announced, and where each went (unknowns first)')
    .argument('<facility>', 'name, code or id, e.g. "El Helicoide"')
    .option('--as-of <yyyy-mm-dd>')
    .option('--json')
    .option(...DATA_OPTION)
    .action(async (ref: string, o: Common) => {
      const asOf = date('--as-of', o.asOf, today());
      await withStore(o, async ({ store }) => {
        const closure = await facilityClosure(store.db, await findFacility(store.db, ref), { asOf });
        const counts = CLOSURE_OUTCOMES.filter((k) => closure.counts[k] > 0).map((k) => `${k.replace(/_/g, ' ')} ${closure.counts[k]}`);
        print(
          Boolean(o.json),
          closure,
          ['outcome', 'where now', 'path', 'last event', 'source', 'person'],
          closure.persons.map((p) => [
            p.outcome,
            p.heldAt?.name ?? null,
            p.path.map((f) => f.code).join(' > ') || null,
            `${p.lastEvent.kind} ${p.lastEvent.occurredOn}`,
            p.lastEvent.sources.map((s) => s.organisation).join('; ') || null,
            p.person.name,
          ]),
          `${closure.facility.name}: closure announced ${closure.announcedOn}${closure.closedOn ? `, closed ${closure.closedOn}` : ''}; ${closure.total} person(s) held then, as of ${asOf}: ${counts.join(', ') || 'none'}.`,
        );
      });
    });
  facilities
    .command('population')
    .description("a facility's population by day or month, derived from the timelines")
    .argument('<facility>')
    .requiredOption('--from <yyyy-mm-dd>')
    .option('--to <yyyy-mm-dd>', 'default: today')
    .option('--by <day|month>', 'step', 'month')
    .option('--json')
    .option(...DATA_OPTION)
    .action(async (ref: string, o: Common & { from: string; to?: string; by: string }) => {
      const query = { ...period(date('--from', o.from), date('--to', o.to, today())), step: oneOf('--by', o.by, ['day', 'month'] as const) ?? 'month' };
      await withStore(o, async ({ store }) => {
        const population = await facilityPopulation(store.db, await findFacility(store.db, ref), query);
        print(
          Boolean(o.json),
          population,
          [query.step, 'held', 'entered', 'left'],
          population.points.map((p) => [p.period, p.held, p.entered, p.left]),
        );
      });
    });
  facilities
    .command('history')
    .description("a facility's status over time, each change with its date and source")
    .argument('<facility>')
    .option('--json')
    .option(...DATA_OPTION)
    .action(async (ref: string, o: Common) => {
      await withStore(o, async ({ store }) => {
        const history = await facilityStatusHistory(store.db, (await findFacility(store.db, ref)).id);
        print(
          Boolean(o.json),
          history,
          ['date', 'status', 'source'],
          history.map((h) => [h.on, h.status, [h.citation, h.url].filter(Boolean).join(' ') || null]),
        );
      });
    });
  facilities
    .command('status')
    .description('record a change of status (closure announced, closed, reopened…) with its date and source')
    .argument('<facility>')
    .requiredOption('--status <status>', FACILITY_STATUS_CHANGES.join(', '))
    .requiredOption('--on <yyyy-mm-dd>')
    .requiredOption('--citation <text>', 'who said so, where and when')
    .option('--url <url>', 'http(s) address of the source')
    .option(...DATA_OPTION)
    .action(async (ref: string, o: Common & { status: string; on: string; citation: string; url?: string }) => {
      const status = oneOf('--status', o.status, FACILITY_STATUS_CHANGES)!;
      const on = date('--on', o.on);
      if (o.url !== undefined && !/^https?:\/\/\S+$/.test(o.url)) {
        throw new AppError('validation_failed', 'bad url', { details: [{ path: '--url', value: o.url, reason: 'expected an http or https address' }] });
      }
      await withStore(o, async ({ store }) => {
        const facility = await findFacility(store.db, ref);
        await addFacilityStatus(store.db, facility.id, { on, status, citation: o.citation, url: o.url ?? null });
        process.stdout.write(`${facility.name}: ${status.replace(/_/g, ' ')} on ${on}, recorded.\n`);
      });
    });
}
