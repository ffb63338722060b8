#!/usr/bin/env node
// How fast PGlite takes rows, three ways: COPY from a blob (`copy … from '/dev/blob'`), one
// statement of JSON it parses itself (`json_populate_recordset`, what restores and seeding use), and
// multi-row INSERTs with a parameter per value (through node-postgres, as Kysely sends them). One
// table shaped like the demo's presentations (a time-ordered UUID key, two UUIDs, a date, a text),
// in memory, in one transaction each. Prints rows/s; records nothing.
//   node bench/scale/pglite-write.mjs [--rows 1000000]
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { newTimeOrderedId } from '../../dist/store/time-ordered-id.js';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const N = Number(args.rows);
const lite = await PGlite.create('memory://');
await lite.exec(`create table t (id uuid primary key, measure_id uuid not null, presented_on date not null, court text, source_id uuid)`);
const source = newTimeOrderedId();
const row = (i) => [newTimeOrderedId(), newTimeOrderedId(), `2026-0${1 + (i % 9)}-1${i % 10}`, `Tribunal ${i % 50}`, source];

async function timed(label, write) {
  await lite.exec('truncate t');
  const started = performance.now();
  await lite.exec('begin');
  await write();
  await lite.exec('commit');
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  ${label.padEnd(52)} ${seconds.toFixed(1).padStart(6)} s  ${Math.round(N / seconds)
      .toLocaleString('en')
      .padStart(9)} rows/s`,
  );
}

console.log(`PGlite, ${N.toLocaleString('en')} rows of five columns with a primary key`);
await timed('COPY from a blob (100,000 rows a blob)', async () => {
  for (let start = 0; start < N; start += 100_000) {
    const lines = [];
    for (let i = start; i < Math.min(N, start + 100_000); i++) lines.push(`${row(i).join('\t')}\n`);
    await lite.query(`copy t (id, measure_id, presented_on, court, source_id) from '/dev/blob'`, [], { blob: new Blob([lines.join('')]) });
  }
});
await timed('json_populate_recordset (5,000 rows a statement)', async () => {
  for (let start = 0; start < N; start += 5000) {
    const rows = [];
    for (let i = start; i < Math.min(N, start + 5000); i++) {
      const [id, measure_id, presented_on, court, source_id] = row(i);
      rows.push({ id, measure_id, presented_on, court, source_id });
    }
    await lite.query('insert into t select * from json_populate_recordset(null::t, $1::json)', [JSON.stringify(rows)]);
  }
});
await timed('INSERT, a parameter a value (4,000 rows a statement)', async () => {
  const pool = new pg.Pool(createPgConfig(lite));
  const client = await pool.connect();
  for (let start = 0; start < N; start += 4000) {
    const values = [];
    const params = [];
    for (let i = start; i < Math.min(N, start + 4000); i++) {
      const b = params.length;
      values.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`);
      params.push(...row(i));
    }
    await client.query(`insert into t values ${values.join(', ')}`, params);
  }
  client.release();
  await pool.end();
});
await lite.close();
