/**
 * recuento check recomputes what the database keeps derived: a stored status changed behind the
 * triggers' back is found (exit 6, the person's id, what each definition gives) and --repair
 * rewrites it from the timeline.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/database.js';
import { runCli } from '../test/run-cli.js';

describe('recuento check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-check-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds a stored status that differs from the timeline, and repairs it', async () => {
    const data = join(dir, 'data');
    const seeded = await runCli(['seed-demo', '--persons', '40', '--no-claims', '--data', data]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const clean = await runCli(['check', '--data', data]);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/✓ persons' status: 40 persons/);
    expect(clean.stdout).toMatch(/✓ facilities' status/);

    // someone writes the column directly, as no part of Recuento does
    const store = await openStore({ dataDir: join(data, 'pglite') });
    let changed: string;
    let facility: string;
    try {
      const row = await sql<{ id: string }>`update persons set status = 'exiled'
        where id = (select id from persons where status <> 'exiled' order by id limit 1) returning id`.execute(store.db);
      changed = row.rows[0]!.id;
      const f = await sql<{ code: string }>`update facilities set status = 'closed'
        where code = (select f.code from facilities f join facility_status_changes c on c.facility_id = f.id
          where f.status <> 'closed' order by f.code limit 1) returning code`.execute(store.db);
      facility = f.rows[0]!.code;
      // and a count that no person is behind
      await sql`insert into person_tallies (consent, status, status_level, occupation_group, persons) values ('public', 'exiled', 'verified', 'student', 3)`.execute(
        store.db,
      );
    } finally {
      await store.close();
    }

    const found = await runCli(['check', '--data', data]);
    expect(found.code).toBe(6);
    expect(found.stdout).toMatch(/✗ persons' status: 1 of 40 persons differ/);
    expect(found.stdout).toContain(`person ${changed}: stored exiled (`);
    expect(found.stdout).toContain(`${facility}: stored closed`);
    expect(found.stdout).toContain('--repair');
    expect(found.stdout).toMatch(/✗ counts: \d+ kept count\(s\) differ/);
    expect(found.stdout).toContain('person_tallies public/exiled/verified/student: kept 3, counted 0');

    const repaired = await runCli(['check', '--repair', '--data', data]);
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(repaired.stdout).toMatch(/Repaired: 1 person status\(es\) and 1 facility status\(es\) rewritten from their definitions; the counts recounted/);
    const after = await runCli(['check', '--data', data]);
    expect(after.code).toBe(0);
  }, 120_000);
});
