import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson } from '../../../test/factories.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';
import { DEFAULT_LOAD_GATE } from '../../load-gate.js';

type Counts = { by: string; counted: string[]; includesSynthetic: boolean; rows: { key: string | null; label: string | null; count: number }[] };

describe(`claims and counts API on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const facilities = (await (await server.get('/api/facilities')).json()) as { id: string; code: string }[];
    const helicoide = facilities.find((f) => f.code === 'el-helicoide')!.id;
    const rodeo = facilities.find((f) => f.code === 'rodeo-i')!.id;
    // One person of each consent level, each held and then released in January 2026,
    // plus one still detained in Rodeo I after a transfer.
    for (const [consent, released] of [
      ['public', true],
      ['aggregate_only', true],
      ['private', true],
      ['public', false],
    ] as const) {
      const person = (await (await server.admin('/api/persons', json('POST', buildPerson({ consent })))).json()) as { id: string };
      await server.admin('/api/events', json('POST', { personId: person.id, kind: 'detained', occurredOn: '2024-08-01', facilityId: helicoide }));
      if (released) await server.admin('/api/events', json('POST', { personId: person.id, kind: 'released_with_measures', occurredOn: '2026-01-14' }));
      else await server.admin('/api/events', json('POST', { personId: person.id, kind: 'transferred', occurredOn: '2025-01-01', facilityId: rodeo }));
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts by status: the public sees consented persons (public and aggregate-only), staff see all', async () => {
    const staff = (await (await server.admin('/api/counts?by=status')).json()) as Counts & { smallCells: unknown };
    expect(staff.smallCells).toBeNull();
    expect(staff.rows).toEqual(
      expect.arrayContaining([
        { key: 'released_with_measures', label: null, count: 3, levels: { reported: 3, corroborated: 0, verified: 0, disputed: 0, refuted: 0 } },
      ]),
    );
    const pub = (await (await server.get('/api/counts?by=status')).json()) as Counts & { smallCells: unknown };
    expect(pub.counted).toEqual(['public', 'aggregate_only']);
    // Three consented persons in all: below the small-cell minimum, so the public sees no group at all.
    expect(pub.smallCells).toEqual({ minimum: 5, key: '_small_cells' });
    expect(pub.rows).toEqual([]);
  });

  it('counts persons held now by the facility of their last custody event', async () => {
    const counts = (await (await server.admin('/api/counts?by=facility')).json()) as Counts;
    expect(counts.rows.find((r) => r.key === 'rodeo-i')).toMatchObject({ label: 'Centro Penitenciario Rodeo I' });
    expect((await (await server.get('/api/counts?by=facility')).json()) as Counts).toMatchObject({ rows: [] }); // 1 person: not public
  });

  it('counts releases by month and by day', async () => {
    const months = (await (await server.admin('/api/counts?by=month&event=releases')).json()) as Counts;
    expect(months.rows).toEqual([{ key: '2026-01', label: null, count: 3, levels: { reported: 3, corroborated: 0, verified: 0, disputed: 0, refuted: 0 } }]);
    const days = (await (await server.admin('/api/counts?by=day&event=detentions&from=2024-01-01&to=2024-12-31')).json()) as Counts;
    expect(days.rows).toEqual([{ key: '2024-08-01', label: null, count: 4, levels: { reported: 4, corroborated: 0, verified: 0, disputed: 0, refuted: 0 } }]);
    // Publicly, periods below 5 are carried forward; here the whole year stays below it.
    expect(((await (await server.get('/api/counts?by=month&event=releases')).json()) as Counts).rows).toEqual([]);
  });

  it("records claims with their citation and gives each claimant's latest figure", async () => {
    const base = {
      claimantKind: 'government',
      metric: 'released',
      qualifier: 'more_than',
      asOfPrecision: 'day',
      scope: 'prisoners released',
      citation: 'CNN, 2026-01-30',
    };
    expect((await server.admin('/api/claims', json('POST', { ...base, claimant: 'Government of Venezuela', value: 600, asOf: '2026-01-20' }))).status).toBe(
      201,
    );
    expect((await server.admin('/api/claims', json('POST', { ...base, claimant: 'Government of Venezuela', value: 808, asOf: '2026-01-29' }))).status).toBe(
      201,
    );
    expect(
      (
        await server.admin(
          '/api/claims',
          json('POST', { ...base, claimant: 'Foro Penal', claimantKind: 'ngo', qualifier: 'at_least', value: 302, asOf: '2026-01-29' }),
        )
      ).status,
    ).toBe(201);
    const range = await server.admin('/api/claims', json('POST', { ...base, claimant: 'Others', qualifier: 'range', value: 700, asOf: '2026-01-30' }));
    expect(range.status).toBe(400);
    const latest = (await (await server.get('/api/counts?by=claimant&metric=released')).json()) as Counts;
    expect(latest.rows).toEqual([
      { key: 'Government of Venezuela', label: 'government', count: 808 },
      { key: 'Foro Penal', label: 'ngo', count: 302 },
    ]);
    const claims = (await (await server.get('/api/claims?metric=released&claimantKind=ngo')).json()) as { citation: string }[];
    expect(claims).toEqual([expect.objectContaining({ claimant: 'Foro Penal', citation: 'CNN, 2026-01-30' })]);
  });

  it('answers any period from one count by day: a period inside a month keeps only its days', async () => {
    const inside = (await (await server.admin('/api/counts?by=month&event=releases&from=2026-01-14&to=2026-01-14')).json()) as Counts;
    expect(inside.rows.map((r) => [r.key, r.count])).toEqual([['2026-01', 3]]);
    const before = (await (await server.admin('/api/counts?by=month&event=releases&from=2026-01-15&to=2026-03-01')).json()) as Counts;
    expect(before.rows).toEqual([]);
  });

  it('bounds anonymous work: with the gate full, a public count is told to come back (503, Retry-After) and staff are not held up', async () => {
    const places = [];
    try {
      // the gate's places all taken, its queue full
      for (let i = 0; i < DEFAULT_LOAD_GATE.concurrency; i++) places.push(await server.app.loadGate.enter(`192.0.2.${i}`));
      for (let i = 0; i < DEFAULT_LOAD_GATE.queue; i++) void server.app.loadGate.enter(`198.51.100.${i}`).then((leave) => places.push(leave));
      const refused = await server.get('/api/counts?by=status');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('busy');
      expect((await server.admin('/api/counts?by=status')).status).toBe(200);
      expect((await server.get('/api/health')).status).toBe(200);
    } finally {
      // give every place back, the queued ones as they are admitted
      const gate = server.app.loadGate;
      while (gate.running > 0 || gate.waiting > 0) {
        places.shift()?.();
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    expect((await server.get('/api/counts?by=status')).status).toBe(200);
  });

  it('rejects an unknown grouping', async () => {
    const response = await server.get('/api/counts?by=mood');
    expect(response.status).toBe(400);
  });
});
