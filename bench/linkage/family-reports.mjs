#!/usr/bin/env node
// Family reports against an NGO list: the hard case a new user found — a relative's report
// gives the name in one free-text cell (given names first, or surnames first in capitals, the
// second surname often missing) and an age ("35", "about 35") instead of a birth date, and no
// cédula. Linked one-to-one to the NGO list of the synthetic Venezuelan benchmark with the
// registry's comparisons on the full name: split given names first with the age unread (as
// before), with the age read (`ageAsOf`), and reading the name every way (linkAllReadings,
// what `recuento link` does with a full-name column).
// Prints precision, recall and F1 at 0.9 and the share sent to review (0.2 ≤ p < 0.9).
// Usage: node bench/linkage/family-reports.mjs [--people 20000] [--reports 2000] [--seed 7]   (after npm run build)
import { parseArgs } from 'node:util';
import { DEFAULT_SOURCES, generateList, generatePopulation } from '../../dist/domain/demo/generate-linkage-lists.js';
import { createRandom } from '../../dist/domain/demo/generate-persons.js';
import { linkAllReadings } from '../../dist/domain/linkage/link-readings.js';
import { linkRecords } from '../../dist/domain/linkage/link-records.js';
import { REGISTRY_LINK_SETTINGS } from '../../dist/domain/linkage/registry-settings.js';
import { LinkSettingsSchema } from '../../dist/domain/linkage/settings.js';

const { values: args } = parseArgs({
  options: { people: { type: 'string', default: '20000' }, reports: { type: 'string', default: '2000' }, seed: { type: 'string', default: '7' } },
});
const seed = Number(args.seed);
const population = generatePopulation(Number(args.people), seed);
const ngo = generateList(population, DEFAULT_SOURCES[0], seed * 31);
const random = createRandom(seed * 97);
const asOf = { y: 2026, m: 2, d: 1 };
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const reports = [];
for (let i = 0; i < Number(args.reports); i++) {
  const p = population[Math.floor(random.next() * population.length)];
  const second = random.next() < 0.4 ? '' : p.secondSurname;
  const surnames = `${p.firstSurname}${second ? ` ${second}` : ''}`;
  const name = random.next() < 0.5 ? `${p.given} ${surnames}` : fold(`${surnames} ${p.given}`).toUpperCase();
  const age = asOf.y - p.birth.y - (p.birth.m > asOf.m || (p.birth.m === asOf.m && p.birth.d > asOf.d) ? 1 : 0);
  const written = random.next() < 0.3 ? `about ${age + Math.round((random.next() - 0.5) * 4)}` : random.next() < 0.5 ? `${age} años` : String(age);
  reports.push({ id: `F-${i + 1}`, full_name: name, age: written, truth: p.key });
}
const registry = {
  ids: ngo.map((r) => r.id),
  columns: {
    full_name: ngo.map((r) => `${r.given_names} ${r.first_surname} ${r.second_surname}`.trim()),
    cedula: ngo.map((r) => r.cedula),
    age: ngo.map((r) => r.birth_date),
  },
};
const left = {
  ids: reports.map((r) => r.id),
  columns: { full_name: reports.map((r) => r.full_name), cedula: reports.map(() => ''), age: reports.map((r) => r.age) },
};
const truthOfNgo = new Map(ngo.map((r) => [r.id, r.truth]));
const truthOfReport = new Map(reports.map((r) => [r.id, r.truth]));
const reachable = reports.filter((r) => ngo.some((n) => n.truth === r.truth)).length;

function settingsWith(ageAsOf) {
  const base = REGISTRY_LINK_SETTINGS;
  return LinkSettingsSchema.parse({
    ...base,
    comparisons: base.comparisons.map((c) => {
      if (c.kind === 'given_names' || c.kind === 'surnames') return { ...c, columns: ['full_name'], split: 'full_name' };
      if (c.kind === 'date') return { ...c, columns: ['age'], ...(ageAsOf ? { ageAsOf } : {}) };
      return c;
    }),
    blocking: [
      ...base.blocking,
      {
        name: 'a surname and the birth year',
        keys: [
          { comparison: 'surnames', key: 'any_phonetic' },
          { comparison: 'birth_date', key: 'year' },
        ],
        maxBlockSize: 500,
      },
    ],
    threshold: 0.2,
  });
}

for (const [label, ageAsOf, link] of [
  ['the name split given names first, the age not read (before)', undefined, linkRecords],
  ['the name split given names first, the age read (ageAsOf)', '2026-02-01', linkRecords],
  ['every reading of the name, the age read (recuento link now)', '2026-02-01', linkAllReadings],
]) {
  const run = link({ settings: settingsWith(ageAsOf), left, right: registry, threshold: 0.2, random: createRandom(1).next });
  let kept = 0;
  let right = 0;
  let review = 0;
  for (let i = 0; i < run.pairs.count; i++) {
    const l = run.idOf(run.pairs.left[i]);
    const r = run.idOf(run.pairs.right[i]);
    const ok = truthOfReport.get(l) === truthOfNgo.get(r);
    if (run.pairs.probability[i] >= 0.9) {
      kept++;
      if (ok) right++;
    } else if (ok) review++;
  }
  const precision = kept ? right / kept : 0;
  const recall = right / reachable;
  console.log(
    `${label}: precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, F1 ${((2 * precision * recall) / (precision + recall || 1)).toFixed(4)} at 0.9; ` +
      `${((100 * review) / reachable).toFixed(1)} % of the reports sent to review with the right person (${reachable} of ${reports.length} reports are on the NGO list)`,
  );
}
