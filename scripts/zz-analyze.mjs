import { sql } from 'kysely';
import { openStore } from '../dist/store/database.js';

const s = await openStore({ dataDir: process.argv[2] });
const t = performance.now();
await sql`analyze`.execute(s.db);
console.log('analyze', ((performance.now() - t) / 1000).toFixed(1), 's');
await s.close();
