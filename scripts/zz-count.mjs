import { sql } from 'kysely';
import { openStore } from '../dist/store/database.js';

const s = await openStore({ dataDir: process.argv[2] });
for (const t of [
  'persons',
  'person_identifiers',
  'detentions',
  'detention_charges',
  'events',
  'measures',
  'measure_changes',
  'presentations',
  'measure_breaches',
  'acts',
  'source_links',
]) {
  const r = await sql.raw(`select count(*)::int as n from ${t}`).execute(s.db);
  console.log(t, r.rows[0].n);
}
await s.close();
