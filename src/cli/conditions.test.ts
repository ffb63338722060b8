/** recuento conditions / rearrests / facilities closure / acts counts over the demo registry, as a documenter runs them. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

describe('recuento conditions, rearrests and facilities closure', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-conditions-'));
    data = join(dir, 'data');
    const seeded = await runCli(['seed-demo', '--persons', '600', '--no-claims', '--data', data]);
    expect(seeded.code, seeded.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accounts for everyone held in El Helicoide when its closure was announced, unknowns first', async () => {
    const table = await runCli(['facilities', 'closure', 'el helicoide', '--data', data]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/El Helicoide: closure announced 2026-01-30; \d+ person\(s\) held then/);
    const json = await runCli(['facilities', 'closure', 'El Helicoide', '--json', '--data', data]);
    const closure = JSON.parse(json.stdout) as { total: number; persons: { outcome: string }[] };
    expect(closure.total).toBeGreaterThan(5);
    expect(closure.persons.length).toBe(closure.total);
    const outcomes = closure.persons.map((p) => p.outcome);
    // unknowns come first
    const firstKnown = outcomes.findIndex((o) => !['whereabouts_unknown', 'not_recorded', 'still_there'].includes(o));
    expect(outcomes.slice(firstKnown).some((o) => ['whereabouts_unknown', 'not_recorded', 'still_there'].includes(o))).toBe(false);
  }, 60_000);

  it('lists who is overdue and the re-arrest rate with its definition', async () => {
    const overdue = await runCli(['conditions', 'overdue', '--json', '--data', data]);
    expect(overdue.code, overdue.stderr).toBe(0);
    const entries = JSON.parse(overdue.stdout) as { missedSince: string | null; violated: boolean }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.missedSince !== null || e.violated)).toBe(true);
    const rates = await runCli(['rearrests', '--lang', 'en', '--data', data]);
    expect(rates.code, rates.stderr).toBe(0);
    expect(rates.stdout).toContain('Of the people released (fully or with measures) at least N days before');
  }, 60_000);

  it('counts acts in custody from the demo: exact for staff, small cells withheld with --public', async () => {
    const staff = await runCli(['acts', 'counts', '--json', '--data', data]);
    expect(staff.code, staff.stderr).toBe(0);
    const counts = JSON.parse(staff.stdout) as { cells: { key: string; persons: number; acts: number }[]; persons: number };
    expect(counts.cells.map((c) => c.key)).toContain('torture');
    expect(counts.persons).toBeGreaterThan(0);
    const open = await runCli(['acts', 'counts', '--by', 'agency', '--public', '--json', '--data', data]);
    expect(open.code, open.stderr).toBe(0);
    const cells = (JSON.parse(open.stdout) as { cells: { key: string; persons: number }[] }).cells;
    expect(cells.every((c) => c.persons >= 5)).toBe(true);
    expect(JSON.stringify(cells)).not.toContain('"acts"');
    const table = await runCli(['acts', 'counts', '--by', 'kind', '--lang', 'en', '--data', data]);
    expect(table.stdout).toMatch(/^kind\s+persons\s+acts/);
    expect(table.stdout).toContain('Enforced disappearance');
    const wrong = await runCli(['acts', 'counts', '--by', 'perpetrator', '--data', data]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('--by');
    expect(wrong.stderr).toContain('expected one of kind, facility, agency, month');
  }, 60_000);

  it('names the option and the facility it cannot understand', async () => {
    const badDate = await runCli(['conditions', 'due', '--from', '2026-02-30', '--to', '2026-03-07', '--data', data]);
    expect(badDate.code).not.toBe(0);
    expect(badDate.stderr).toContain('--from');
    expect(badDate.stderr).toContain('expected a real date');
    const unknown = await runCli(['facilities', 'closure', 'La Tumbita', '--data', data]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No facility is called "La Tumbita"');
    expect(unknown.stderr).toContain('El Helicoide (el-helicoide)');
  }, 60_000);
});
