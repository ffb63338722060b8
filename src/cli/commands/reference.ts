/**
 * recuento offences / facilities: the reference data an organisation extends — the offence
 * thesaurus (code, labels, legal reference, category) and the detention facilities — listed,
 * added and changed from the command line, as through /api/offences and /api/facilities.
 * Every run is in the audit trail (cli.offences, cli.facilities).
 */
import type { Command } from 'commander';
import { FACILITY_KINDS, FACILITY_STATUSES, OFFENCE_CATEGORIES } from '../../domain/registry/vocabulary.js';
import { AppError } from '../../shared/app-error.js';
import { FacilityInputSchema, FacilityPatchSchema, OffenceSchema } from '../../shared/schemas.js';
import { createFacility, createOffence, getFacilityByCode, listFacilities, listOffences, updateFacility, updateOffence } from '../../store/facilities.js';
import { withStore } from '../context.js';

const DATA_OPTION = ['-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)'] as const;

/** Checks fields with the API's own schema; every problem named by its option. */
function check<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError('validation_failed', 'reference data invalid', {
    details: parsed.error.issues.map((i) => ({ path: `--${String(i.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, reason: i.message })),
  });
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function registerReferenceCommands(program: Command): void {
  const offences = program.command('offences').description('the offence thesaurus: list, add, change (every case citing an offence follows its category)');
  offences
    .command('list')
    .description('every offence: code, category, Spanish label, legal reference')
    .option(...DATA_OPTION)
    .action(async (options: { data?: string }) => {
      await withStore(options, async ({ store }) => {
        for (const o of await listOffences(store.db)) process.stdout.write(`${o.code}\t${o.category}\t${o.labelEs}\t${o.legalCode} ${o.article}\n`);
      });
    });
  offences
    .command('add')
    .description('add an offence')
    .requiredOption('--code <code>', 'lower-case code, e.g. magnicidio_frustrado')
    .requiredOption('--label-es <text>', 'Spanish label')
    .requiredOption('--label-en <text>', 'English label')
    .requiredOption('--category <category>', OFFENCE_CATEGORIES.join(', '))
    .option('--legal-code <code>', 'the law: CP, LOCDOFT, COJM…', 'no consta')
    .option('--article <n>', 'the article', 'no consta')
    .option(...DATA_OPTION)
    .action(async (o: { code: string; labelEs: string; labelEn: string; category: string; legalCode: string; article: string; data?: string }) => {
      const offence = check(OffenceSchema, {
        code: o.code,
        labelEs: o.labelEs,
        labelEn: o.labelEn,
        category: o.category,
        legalCode: o.legalCode,
        article: o.article,
      });
      await withStore(o, async ({ store }) => {
        await createOffence(store.db, offence);
        process.stdout.write(`Added ${offence.code} (${offence.category}).\n`);
      });
    });
  offences
    .command('set')
    .description('change an offence; a new category changes every case that cites it')
    .argument('<code>')
    .option('--label-es <text>')
    .option('--label-en <text>')
    .option('--category <category>', OFFENCE_CATEGORIES.join(', '))
    .option('--legal-code <code>')
    .option('--article <n>')
    .option(...DATA_OPTION)
    .action(async (code: string, o: { labelEs?: string; labelEn?: string; category?: string; legalCode?: string; article?: string; data?: string }) => {
      const patch = check(
        OffenceSchema.omit({ code: true }).partial(),
        defined({ labelEs: o.labelEs, labelEn: o.labelEn, category: o.category, legalCode: o.legalCode, article: o.article }),
      );
      await withStore(o, async ({ store }) => {
        const updated = await updateOffence(store.db, code, patch);
        process.stdout.write(`Changed ${updated.code}: ${updated.category}, "${updated.labelEs}".\n`);
      });
    });

  const facilities = program.command('facilities').description('detention facilities: list, add, change');
  facilities
    .command('list')
    .description('every facility: code, kind, status, name')
    .option(...DATA_OPTION)
    .action(async (options: { data?: string }) => {
      await withStore(options, async ({ store }) => {
        for (const f of await listFacilities(store.db)) process.stdout.write(`${f.code}\t${f.kind}\t${f.status}\t${f.name}\n`);
      });
    });
  const facilityOptions = (c: Command) =>
    c
      .option('--agency <name>')
      .option('--state <name>')
      .option('--status <status>', FACILITY_STATUSES.join(', '))
      .option('--status-since <yyyy-mm-dd>')
      .option(...DATA_OPTION);
  type FacilityOptions = { name?: string; kind?: string; agency?: string; state?: string; status?: string; statusSince?: string; data?: string };
  facilityOptions(
    facilities
      .command('add')
      .description('add a facility')
      .requiredOption('--code <code>', 'lower-case slug, e.g. rodeo-i')
      .requiredOption('--name <name>')
      .requiredOption('--kind <kind>', FACILITY_KINDS.join(', ')),
  ).action(async (o: FacilityOptions & { code: string }) => {
    const fields = check(
      FacilityInputSchema,
      defined({ code: o.code, name: o.name, kind: o.kind, agency: o.agency, state: o.state, status: o.status, statusSince: o.statusSince }),
    );
    await withStore(o, async ({ store }) => {
      await createFacility(store.db, fields);
      process.stdout.write(`Added ${fields.code}.\n`);
    });
  });
  facilityOptions(
    facilities
      .command('set')
      .description('change a facility; a new status is added to its history, dated --status-since or today')
      .argument('<code>')
      .option('--name <name>')
      .option('--kind <kind>'),
  ).action(async (code: string, o: FacilityOptions) => {
    const patch = check(
      FacilityPatchSchema.omit({ code: true }),
      defined({ name: o.name, kind: o.kind, agency: o.agency, state: o.state, status: o.status, statusSince: o.statusSince }),
    );
    await withStore(o, async ({ store }) => {
      const facility = await getFacilityByCode(store.db, code);
      if (!facility) throw new AppError('not_found', 'facility not found', { publicMessage: `There is no facility ${code}.` });
      const updated = await updateFacility(store.db, facility.id, patch, new Date().toISOString().slice(0, 10));
      process.stdout.write(`Changed ${updated.code}: ${updated.status}${updated.statusSince ? ` since ${updated.statusSince}` : ''}.\n`);
    });
  });
}
