/**
 * The open data: every public dataset the site shows, as CSV and JSON at stable addresses
 * (/datos/<name>.csv, .json), described by a Frictionless Data Package (datapackage.json: each
 * field's type and definition, the licence, the checkpoint of the transparency log the files sit
 * beside). Each dataset reads exactly what its page shows — consented persons, no cell from 1 to 4.
 */
import type { Kysely } from 'kysely';
import { VERIFICATION_LEVELS } from '../domain/registry/vocabulary.js';
import { CLAIM_COLUMNS, claimRow, PUBLIC_PERSON_COLUMNS, publicPersonRow, type Row } from '../io/write-table.js';
import { presentPerson } from '../server/policies/index.js';
import type { PublicPerson } from '../shared/schemas.js';
import { listClaims } from '../store/claims.js';
import { iteratePersons } from '../store/persons.js';
import type { Database } from '../store/schema.js';
import { amnestyData, type Cached, conditionsData, facilitiesData, homeData, type SiteFrame } from './public-site.js';

type Db = Kysely<Database>;
type FieldType = 'string' | 'integer' | 'number' | 'date' | 'boolean';
export type Field = { name: string; type: FieldType; description: string };
export type Dataset = {
  name: string;
  title: { es: string; en: string };
  description: string;
  fields: readonly Field[];
  rows: (db: Db, cached: Cached, today: string) => AsyncIterable<Row[]>;
};

const LEVEL_FIELDS: Field[] = VERIFICATION_LEVELS.map((level) => ({
  name: level,
  type: 'integer',
  description: `persons whose fact is at the level "${level}" (empty: from 1 to 4, withheld)`,
}));

async function* once(rows: Promise<Row[]>): AsyncIterable<Row[]> {
  yield await rows;
}

export const DATASETS: readonly Dataset[] = [
  {
    name: 'claims',
    title: { es: 'Cifras declaradas por cada parte', en: 'Figures claimed by each party' },
    description:
      'Every count of political prisoners, releases and amnesty outcomes a party published, with who said it, when it was true, what it counts and where it was reported.',
    fields: [
      { name: 'as_of', type: 'date', description: 'the day the figure was true' },
      { name: 'as_of_precision', type: 'string', description: 'day, or approximate' },
      { name: 'published', type: 'date', description: 'the day it was published, when known' },
      { name: 'claimant', type: 'string', description: 'who claimed it, as reported' },
      { name: 'claimant_kind', type: 'string', description: 'government, ngo, opposition, press, international or registry' },
      { name: 'metric', type: 'string', description: 'what it counts (released, held, held_foreigners, under_judicial_measures, …)' },
      { name: 'qualifier', type: 'string', description: 'exact, at_least, more_than, about, or range' },
      { name: 'value', type: 'integer', description: 'the figure (the lower bound of a range)' },
      { name: 'value_high', type: 'integer', description: 'the upper bound of a range' },
      { name: 'scope', type: 'string', description: 'what it says it counts, as reported' },
      { name: 'counted_from', type: 'date', description: 'for a cumulative figure, the first day of the period it counts, when it says' },
      { name: 'basis', type: 'string', description: 'amnesty_law when it counts only what the amnesty law granted' },
      { name: 'reported_by', type: 'string', description: 'where it was reported' },
      { name: 'url', type: 'string', description: 'the report, when online' },
    ],
    rows: (db) => once(listClaims(db).then((claims) => claims.map(claimRow))),
  },
  {
    name: 'persons',
    title: { es: 'Lista pública', en: 'Public list' },
    description: 'Persons who consented (they or their families) to be named, with their current status. Nobody else appears.',
    fields: [
      { name: 'id', type: 'string', description: "the record's opaque id (its page: /persona/<id>)" },
      { name: 'given_names', type: 'string', description: 'given names' },
      { name: 'first_surname', type: 'string', description: 'first surname' },
      { name: 'second_surname', type: 'string', description: 'second surname' },
      {
        name: 'occupation_group',
        type: 'string',
        description: 'student, journalist, soldier, activist, politician, union_leader, human_rights_defender or other',
      },
      { name: 'status', type: 'string', description: 'current status, derived from the timeline (see the methodology)' },
      { name: 'synthetic', type: 'boolean', description: 'true for a synthetic demo person' },
    ],
    rows: (db) => publicPersons(db),
  },
  {
    name: 'status',
    title: { es: 'Personas por situación y nivel de verificación', en: 'Persons by status and verification level' },
    description: 'Persons who consented to be counted, by current status and by the verification level of the fact that sets it; statuses under 5 pooled.',
    fields: [
      { name: 'status', type: 'string', description: 'current status (_small_cells: statuses of fewer than 5, together)' },
      { name: 'persons', type: 'integer', description: 'persons' },
      ...LEVEL_FIELDS,
    ],
    rows: (db, cached, today) =>
      once(
        homeData(db, cached, { metric: 'released', actsBy: 'kind', today }).then((home) =>
          home.status.map((row) => ({ status: row.key, persons: row.count, ...levelsRow(row.levels) })),
        ),
      ),
  },
  {
    name: 'facilities',
    title: { es: 'Centros de reclusión', en: 'Places of detention' },
    description: 'Every facility with the persons held there now (facilities under 5 pooled: their held_now is empty).',
    fields: [
      { name: 'code', type: 'string', description: 'the facility’s code (its page: /centro/<code>)' },
      { name: 'name', type: 'string', description: 'name' },
      { name: 'kind', type: 'string', description: 'prison, intelligence, military, police or other' },
      { name: 'state', type: 'string', description: 'the state it is in' },
      { name: 'status', type: 'string', description: 'open, closure_announced or closed' },
      { name: 'status_since', type: 'date', description: 'since when' },
      { name: 'held_now', type: 'integer', description: 'persons held there now (empty: pooled with other small facilities)' },
    ],
    rows: (db, cached) =>
      once(
        facilitiesData(db, cached).then((data) =>
          data.facilities.map((f) => ({
            code: f.code,
            name: f.name,
            kind: f.kind,
            state: f.state ?? null,
            status: f.status,
            status_since: f.statusSince ?? null,
            held_now: f.heldNow,
          })),
        ),
      ),
  },
  {
    name: 'acts',
    title: { es: 'Violaciones en custodia, por tipo de acto', en: 'Violations in custody, by kind of act' },
    description: 'Persons who suffered at least one act of each kind while held, as documented; no number below 5; nobody named.',
    fields: [
      { name: 'kind', type: 'string', description: 'kind of act (_small_cells: small groups pooled)' },
      { name: 'persons', type: 'integer', description: 'persons' },
      ...LEVEL_FIELDS,
    ],
    rows: (db, cached, today) =>
      once(
        homeData(db, cached, { metric: 'released', actsBy: 'kind', today }).then((home) =>
          home.acts.cells.map((cell) => ({ kind: cell.key, persons: cell.persons, ...levelsRow(cell.levels) })),
        ),
      ),
  },
  {
    name: 'conditions',
    title: { es: 'Personas bajo medidas cautelares, mes a mes', en: 'Persons under precautionary measures, month by month' },
    description:
      'Persons under each kind of measure on the last day of each month, and presentations due and missed in it; every number from 1 to 4 withheld (empty).',
    fields: [
      { name: 'month', type: 'string', description: 'yyyy-mm' },
      { name: 'under_any', type: 'integer', description: 'persons under any measure' },
      { name: 'travel_ban', type: 'integer', description: 'persons under a travel ban' },
      { name: 'press_gag', type: 'integer', description: 'persons barred from speaking to the press' },
      { name: 'periodic_reporting', type: 'integer', description: 'persons who must report to a court periodically' },
      { name: 'house_arrest', type: 'integer', description: 'persons under house arrest' },
      { name: 'other', type: 'integer', description: 'persons under another measure' },
      { name: 'due', type: 'integer', description: 'presentations due in the month' },
      { name: 'missed', type: 'integer', description: 'of those, missed' },
    ],
    rows: (db, cached, today) =>
      once(
        conditionsData(db, cached, today).then((data) =>
          data.counts.months.map((m) => ({ month: m.month, under_any: m.underAny, ...m.underByKind, due: m.due, missed: m.missed })),
        ),
      ),
  },
  {
    name: 'rearrests',
    title: { es: 'Nuevas detenciones después de la excarcelación', en: 'Re-arrests after release' },
    description:
      'Of the people released at least N days before today, the share taken back into custody within N days (the full definition is on /condiciones); by release wave and by measure; small counts withheld (empty).',
    fields: [
      { name: 'group', type: 'string', description: 'overall, wave or measure' },
      { name: 'key', type: 'string', description: 'the wave or the measure (empty for overall)' },
      { name: 'window_days', type: 'integer', description: 'the window N, in days after the release' },
      { name: 'releases', type: 'integer', description: 'releases counted' },
      { name: 'rearrested', type: 'integer', description: 'of those, taken back into custody within N days' },
      { name: 'rate', type: 'number', description: 'rearrested / releases' },
    ],
    rows: (db, cached, today) =>
      once(
        conditionsData(db, cached, today).then(({ rearrests }) => [
          ...rearrests.overall.map((r) => ({
            group: 'overall',
            key: null,
            window_days: r.window,
            releases: r.releases,
            rearrested: r.rearrested,
            rate: r.rate,
          })),
          ...rearrests.byWave.flatMap((g) =>
            g.rates.map((r) => ({ group: 'wave', key: g.key, window_days: r.window, releases: r.releases, rearrested: r.rearrested, rate: r.rate })),
          ),
          ...rearrests.byMeasure.flatMap((g) =>
            g.rates.map((r) => ({ group: 'measure', key: g.key, window_days: r.window, releases: r.releases, rearrested: r.rearrested, rate: r.rate })),
          ),
        ]),
      ),
  },
  {
    name: 'amnesty',
    title: { es: 'La amnistía en cifras', en: 'The amnesty in numbers' },
    description: "Each instrument's newest run over the registry's cases (detentions) of consented persons, by outcome; outcomes under 5 pooled.",
    fields: [
      { name: 'instrument', type: 'string', description: 'the rule set’s id (its text and rules: /api/rules/<id>)' },
      { name: 'status', type: 'string', description: 'enacted, bill, proposal, struck_down or pardon' },
      { name: 'as_of', type: 'date', description: 'the date the run applied it at' },
      { name: 'readings', type: 'string', description: 'the readings of the text the run applied, separated by spaces (empty: the plain text)' },
      { name: 'outcome', type: 'string', description: 'covered, excluded, review (_small_cells: outcomes under 5 together)' },
      { name: 'cases', type: 'integer', description: 'cases' },
    ],
    rows: (db, cached) =>
      once(
        amnestyData(db, cached).then((instruments) =>
          instruments.flatMap((i) =>
            i.run
              ? i.run.counts.map((c) => ({
                  instrument: i.id,
                  status: i.status,
                  as_of: i.run!.asOf,
                  readings: i.run!.variants.join(' '),
                  outcome: c.outcome,
                  cases: c.count,
                }))
              : [],
          ),
        ),
      ),
  },
];

function levelsRow(levels: Partial<Record<string, number | null>> | undefined): Row {
  return Object.fromEntries(VERIFICATION_LEVELS.map((level) => [level, levels?.[level] ?? null]));
}

async function* publicPersons(db: Db): AsyncIterable<Row[]> {
  for await (const page of iteratePersons(db, { consent: ['public'] }))
    yield page.map((p) => publicPersonRow(presentPerson({ kind: 'public' }, p) as PublicPerson));
}

/** The columns of a dataset's CSV, in the order of its fields (the claims and persons as their exports write them). */
export function columnsOf(dataset: Dataset): readonly string[] {
  if (dataset.name === 'claims') return CLAIM_COLUMNS;
  if (dataset.name === 'persons') return PUBLIC_PERSON_COLUMNS;
  return dataset.fields.map((f) => f.name);
}

export const DATA_LICENSE = { name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'Creative Commons Attribution 4.0' };

/** The Frictionless Data Package that describes the files, and the checkpoint they sit beside. */
export function dataPackage(frame: SiteFrame, generated: string) {
  return {
    profile: 'tabular-data-package',
    name: 'recuento',
    title: 'Recuento: political prisoners, releases and the counts published about them',
    description:
      'The public datasets of this Recuento registry. Persons appear only with their consent; every count covers persons who consented to be counted, and no cell from 1 to 4 is published. Definitions: /metodologia.',
    licenses: [DATA_LICENSE],
    created: generated,
    'recuento:checkpoint': frame.checkpoint
      ? { size: frame.checkpoint.size, root: frame.checkpoint.root, signedAt: frame.checkpoint.signedAt, url: '/api/log/checkpoint' }
      : null,
    'recuento:includesSynthetic': frame.synthetic,
    resources: DATASETS.flatMap((d) =>
      (['csv', 'json'] as const).map((format) => ({
        profile: 'tabular-data-resource',
        name: format === 'csv' ? d.name : `${d.name}-json`,
        path: `${d.name}.${format}`,
        format,
        mediatype: format === 'csv' ? 'text/csv' : 'application/json',
        encoding: 'utf-8',
        title: d.title.en,
        description: d.description,
        schema: {
          fields: orderedFields(d).map((f) => ({ name: f.name, type: f.type, description: f.description })),
          missingValues: [''],
        },
      })),
    ),
  };
}

function orderedFields(d: Dataset): readonly Field[] {
  const columns = columnsOf(d);
  return columns.map((name) => d.fields.find((f) => f.name === name) ?? { name, type: 'string' as const, description: name });
}
