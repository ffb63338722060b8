#!/usr/bin/env node
// Case-history import speed: a synthetic NGO sheet of N persons, one row per event (about 2.5
// events a person: arrest, transfers, releases with measures, re-arrests, house arrest, some
// undated), written as Windows-1252 with semicolons, then `recuento import` into a new embedded
// database (the data folder created first, timed apart). Prints the wall time and peak RSS.
// Usage: node bench/import-case-histories.mjs [--persons 100000] [--keep]   (after npm run build)
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoPersons } from '../dist/domain/demo/generate-persons.js';

const { values: args } = parseArgs({ options: { persons: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } } });
const count = Number(args.persons);
const dir = await mkdtemp(join(tmpdir(), 'recuento-bench-cases-'));
const sheet = join(dir, 'registro.csv');
const out = createWriteStream(sheet);
const cell = (v) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
out.write(Buffer.from('Nº;Caso;Nombre completo;Cédula;Fecha de detención;Organismo;Centro;Delitos;¿Preso político?;Suceso;Fecha;Medidas\r\n', 'latin1'));
const statuses = ['Detenido', 'Trasladado', 'Excarcelado con medidas', 'Excarcelado', 'Casa por cárcel', 'Redetenido'];
const charges = [
  'Terrorismo',
  'Incitación al odio',
  'Traición a la patria, conspiración',
  'Robo agravado',
  'Instigación pública a delinquir y asociación para delinquir',
];
const facilities = ['El Helicoide', 'Rodeo I', 'DGCIM Boleíta', 'Tocorón', 'Yare III'];
let random = 2026;
const next = () => {
  random = (random * 1103515245 + 12345) % 2147483648;
  return random / 2147483648;
};
const pick = (list) => list[Math.floor(next() * list.length)];
const day = (y, m) => `${String(1 + Math.floor(next() * 28)).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
let events = 0;
const chunk = 10_000;
for (let start = 0; start < count; start += chunk) {
  const people = generateDemoPersons(Math.min(chunk, count - start), 5, start + 1);
  let text = '';
  for (const [i, p] of people.entries()) {
    const id = `B-${start + i + 1}`;
    const name = `${p.firstSurname} ${p.secondSurname ?? ''} ${p.givenNames}`.replace(/\s+/g, ' ').toUpperCase();
    const cedula = `V-${40_000_000 + start + i}`;
    const first = [
      id,
      `${id}/1`,
      name,
      cedula,
      day(2024, 8),
      pick(['Sebin', 'DGCIM', 'PNB', 'GNB']),
      pick(facilities),
      pick(charges),
      next() < 0.8 ? 'Sí' : 'No',
    ];
    const blank = ['', '', '', '', '', '', '', ''];
    const rows = [[...first, 'Detenido', first[4], '']];
    const more = Math.floor(next() * 4); // 0–3 events after the arrest: 2.5 a person on average
    for (let k = 0; k < more; k++) {
      const status = statuses[1 + Math.floor(next() * (statuses.length - 1))];
      const undated = status === 'Casa por cárcel' && next() < 0.5;
      const measures = status === 'Excarcelado con medidas' ? 'Régimen de presentación cada 30 días; prohibición de salida del país' : '';
      rows.push([id, `${id}/1`, ...blank.slice(0, 7), status, undated ? '' : day(2025, 1 + k * 3), measures]);
    }
    events += rows.length;
    text += `${rows.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
  }
  if (!out.write(Buffer.from(text, 'latin1'))) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const mapping = join(dir, 'mapping.json');
await writeFile(
  mapping,
  JSON.stringify({
    layout: 'long',
    idColumn: 'Nº',
    detentionIdColumn: 'Caso',
    columns: {
      fullName: 'Nombre completo',
      cedula: 'Cédula',
      arrestDate: 'Fecha de detención',
      agency: 'Organismo',
      facility: 'Centro',
      charges: 'Delitos',
      judgment: '¿Preso político?',
      eventKind: 'Suceso',
      eventDate: 'Fecha',
      measures: 'Medidas',
    },
    values: { facility: { 'Rodeo I': 'rodeo-i', Tocorón: 'tocoron', 'Yare III': 'yare-iii' } },
    source: { organisation: 'Bench NGO (synthetic)', date: '2026-02-01' },
  }),
);
const data = join(dir, 'data');
const run = (cmd) => {
  const started = performance.now();
  const output = execFileSync('/usr/bin/time', ['-f', '%M', 'node', 'bin/recuento.js', ...cmd, '--data', data], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { seconds: (performance.now() - started) / 1000, output };
};
console.log(`sheet: ${count} persons, ${events} events (one row each), ${sheet}`);
const created = run(['migrate']);
console.log(`new embedded database: ${created.seconds.toFixed(1)} s`);
try {
  const started = performance.now();
  const result = execFileSync('/usr/bin/time', ['-f', 'peak RSS %M KB', 'node', 'bin/recuento.js', 'import', sheet, '--map', mapping, '--data', data], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
  });
  console.log(result.trim().split('\n').pop());
  console.log(`import: ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`import failed: ${error.stderr?.slice(-2000)}`);
  process.exitCode = 1;
}
if (!args.keep) await rm(dir, { recursive: true, force: true });
