// Writes a CSV of N synthetic persons in the export format (the default import mapping):
//   node bench/make-persons-csv.mjs N out.csv
// Uses the demo generator from dist/ (npm run build first). Streams; memory stays flat.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { generateDemoPersons } from '../dist/domain/demo/generate-persons.js';
import { formatIdentifier } from '../dist/domain/registry/identifiers.js';

const count = Number(process.argv[2]);
const path = process.argv[3];
if (!Number.isInteger(count) || !path) {
  console.error('usage: node bench/make-persons-csv.mjs N out.csv');
  process.exit(2);
}
const out = createWriteStream(path);
const cell = (v) => (v == null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
out.write('external_id,given_names,first_surname,second_surname,aliases,cedula,nationality,sex,birth_date,occupation_group,consent\n');
const chunk = 20_000;
for (let start = 0; start < count; start += chunk) {
  const people = generateDemoPersons(Math.min(chunk, count - start), 11, start + 1);
  let text = '';
  for (const [i, p] of people.entries()) {
    // Generated cédulas can collide at this scale; bench rows get unique ones.
    const cedula = formatIdentifier('cedula_v', String(40_000_000 + start + i));
    const birth = p.birthDatePrecision === 'year' ? p.birthDate.slice(0, 4) : p.birthDate.split('-').reverse().join('/');
    text += `${[p.externalId, p.givenNames, p.firstSurname, p.secondSurname, p.aliases.join(';'), cedula, p.nationality, p.sex, birth, p.occupationGroup, p.consent].map(cell).join(',')}\n`;
  }
  if (!out.write(text)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
