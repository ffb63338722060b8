import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson } from '../../../test/factories.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DATABASE_KIND } from '../../../test/store.js';

type Step = { kind: string; on: string; facility?: string; measures?: { kind: string; everyDays?: number; court?: string }[] };

describe(`conditions, re-arrests and facility history API on ${TEST_DATABASE_KIND}`, () => {
  let server: TestServer;
  const facilities = new Map<string, string>();
  const ok = async (response: Response, status = 200) => {
    const body = await response.json();
    if (response.status !== status) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads each JSON body where it checks it
    return body as any;
  };
  /** A person with a timeline, through the API; returns the person's id and the ids of their measures. */
  const person = async (name: string, consent: string, steps: Step[]) => {
    const created = await ok(await server.admin('/api/persons', json('POST', buildPerson({ givenNames: name, consent: consent as 'public' }))), 201);
    const measures: string[] = [];
    for (const step of steps) {
      const event = await ok(
        await server.admin(
          '/api/events',
          json('POST', { personId: created.id, kind: step.kind, occurredOn: step.on, facilityId: step.facility ? facilities.get(step.facility) : null }),
        ),
        201,
      );
      for (const m of step.measures ?? []) {
        const measure = await ok(await server.admin('/api/measures', json('POST', { eventId: event.id, startsOn: step.on, court: 'Control 1', ...m })), 201);
        measures.push(measure.id);
      }
    }
    return { id: created.id as string, measures };
  };

  let ana: { id: string; measures: string[] };
  let beto: { id: string; measures: string[] };
  beforeAll(async () => {
    server = await startTestServer();
    for (const f of await ok(await server.get('/api/facilities'))) facilities.set(f.code, f.id);
    ana = await person('Ana', 'public', [
      { kind: 'detained', on: '2024-08-01', facility: 'el-helicoide' },
      { kind: 'released_with_measures', on: '2026-01-10', measures: [{ kind: 'periodic_reporting', everyDays: 15 }, { kind: 'travel_ban' }] },
    ]);
    beto = await person('Beto', 'public', [
      { kind: 'detained', on: '2024-08-02', facility: 'el-helicoide' },
      { kind: 'released_with_measures', on: '2026-01-10', measures: [{ kind: 'periodic_reporting', everyDays: 15 }] },
      { kind: 're_arrested', on: '2026-02-03', facility: 'rodeo-i' },
    ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('staff lists are for case-file readers; recording a presentation is for editors', async () => {
    expect((await server.get('/api/conditions/due?from=2026-01-01&to=2026-01-31')).status).toBe(401);
    expect((await server.get('/api/conditions/overdue')).status).toBe(401);
    expect((await server.get(`/api/measures/${ana.measures[0]}/schedule`)).status).toBe(401);
    expect((await server.get(`/api/measures/${ana.measures[0]}/presentations`, json('POST', { on: '2026-01-20' }))).status).toBe(401);
  });

  it('records presentations, and derives the due dates, the overdue and the next date', async () => {
    await ok(await server.admin(`/api/measures/${ana.measures[0]}/presentations`, json('POST', { on: '2026-01-24', court: 'Control 1' })), 201);
    const again = await server.admin(`/api/measures/${ana.measures[0]}/presentations`, json('POST', { on: '2026-01-24' }));
    expect(again.status).toBe(409);
    const schedule = await ok(await server.admin(`/api/measures/${ana.measures[0]}/schedule?asOf=2026-02-20`));
    expect(schedule.reporting.dues.map((d: { on: string; state: string }) => [d.on, d.state])).toEqual([
      ['2026-01-25', 'met'],
      ['2026-02-09', 'missed'],
    ]);
    expect(schedule.reporting).toMatchObject({ overdue: true, missed: 1, next: { on: '2026-02-24', court: 'Control 1' } });

    const due = await ok(await server.admin('/api/conditions/due?from=2026-01-20&to=2026-02-10&court=Control%201&asOf=2026-02-20'));
    // Beto's measure ended with his re-arrest on 3 February: his due date of 9 February is not owed
    expect(due.entries.map((e: { personName: string; on: string; state: string }) => [e.personName, e.on, e.state])).toEqual([
      ['Ana Pérez Rodríguez', '2026-01-25', 'met'],
      ['Beto Pérez Rodríguez', '2026-01-25', 'missed'],
      ['Ana Pérez Rodríguez', '2026-02-09', 'missed'],
    ]);
    const overdue = await ok(await server.admin('/api/conditions/overdue?asOf=2026-02-20'));
    expect(overdue.entries.map((e: { personId: string; missedSince: string }) => [e.personId, e.missedSince])).toEqual([[ana.id, '2026-02-09']]);
  });

  it('refuses a presentation outside the measure, and a change after its end, naming why', async () => {
    const early = await server.admin(`/api/measures/${ana.measures[0]}/presentations`, json('POST', { on: '2025-12-01' }));
    expect(early.status).toBe(400);
    expect(JSON.stringify(await early.json())).toContain('the measure starts on 2026-01-10');
    const late = await server.admin(`/api/measures/${beto.measures[0]}/changes`, json('POST', { on: '2026-03-01', kind: 'relaxed', everyDays: 30 }));
    expect(late.status).toBe(400);
    expect(JSON.stringify(await late.json())).toContain('no longer in force from 2026-02-03 (re arrested)');
    const future = await server.admin(`/api/measures/${ana.measures[0]}/presentations`, json('POST', { on: '2099-01-01' }));
    expect(JSON.stringify(await future.json())).toContain('cannot be recorded before it is made');
    for (const [body, reason] of [
      [{ on: '2026-02-01', kind: 'lifted', everyDays: 30 }, 'takes no new rule or court'],
      [{ on: '2026-02-01', kind: 'relaxed', everyDays: 30, weekdays: ['mon'] }, 'not both'],
      [{ on: '2026-02-01', kind: 'court_changed', court: null }, 'names the new court'],
      [{ on: '2026-02-01', kind: 'tightened' }, 'needs its new rule'],
    ] as const) {
      const refused = await server.admin(`/api/measures/${ana.measures[0]}/changes`, json('POST', body));
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain(reason);
    }
    const travel = await server.admin(`/api/measures/${ana.measures[1]}/presentations`, json('POST', { on: '2026-01-24' }));
    expect(JSON.stringify(await travel.json())).toContain('presentations are recorded against a reporting measure');
  });

  it('a change of measures moves the court and the rule, and appears on the timeline', async () => {
    await ok(
      await server.admin(`/api/measures/${ana.measures[0]}/changes`, json('POST', { on: '2026-03-01', kind: 'court_changed', court: 'Control 2' })),
      201,
    );
    await ok(await server.admin(`/api/measures/${ana.measures[0]}/changes`, json('POST', { on: '2026-03-01', kind: 'relaxed', everyDays: 30 })), 201);
    const schedule = await ok(await server.admin(`/api/measures/${ana.measures[0]}/schedule?asOf=2026-03-10`));
    expect(schedule.reporting.next).toEqual({ on: '2026-03-31', court: 'Control 2' });
    const timeline = await ok(await server.admin(`/api/persons/${ana.id}/timeline`));
    expect(timeline.filter((e: { kind: string }) => e.kind === 'measures_changed')).toHaveLength(2);
    const lifted = await server.admin(`/api/measures/${ana.measures[1]}/changes`, json('POST', { on: '2026-03-05', kind: 'lifted' }));
    expect(lifted.status).toBe(201);
    const under = await ok(await server.admin('/api/conditions/under?on=2026-03-06'));
    expect(under.entries.map((e: { personId: string; kinds: string[] }) => [e.personId, e.kinds])).toEqual([[ana.id, ['periodic_reporting']]]);
  });

  it('a measure may name weekdays and a review date', async () => {
    const release = (await ok(await server.admin(`/api/persons/${ana.id}/timeline`))).find((e: { kind: string }) => e.kind === 'released_with_measures');
    const weekly = await ok(
      await server.admin(
        '/api/measures',
        json('POST', { eventId: release.id, kind: 'periodic_reporting', weekdays: ['mon', 'thu'], startsOn: '2026-01-10', reviewOn: '2026-07-10' }),
      ),
      201,
    );
    expect(weekly).toMatchObject({ weekdays: ['mon', 'thu'], everyDays: null, reviewOn: '2026-07-10' });
    const schedule = await ok(await server.admin(`/api/measures/${weekly.id}/schedule?asOf=2026-01-20`));
    expect(schedule.reporting.dues.map((d: { on: string }) => d.on)).toEqual(['2026-01-12', '2026-01-15', '2026-01-19']);
    const both = await server.admin(
      '/api/measures',
      json('POST', { eventId: release.id, kind: 'periodic_reporting', everyDays: 8, weekdays: ['mon'], startsOn: '2026-01-10' }),
    );
    expect(both.status).toBe(400);
    // not counted elsewhere: lifted at once
    await ok(await server.admin(`/api/measures/${weekly.id}/changes`, json('POST', { on: '2026-01-21', kind: 'lifted' })), 201);
  });

  it('a change of measures that imposes a new reporting measure ends the old one', async () => {
    const eva = await person('Eva', 'public', [
      { kind: 'released_with_measures', on: '2026-01-10', measures: [{ kind: 'periodic_reporting', everyDays: 8 }] },
      { kind: 'measures_changed', on: '2026-02-01', measures: [{ kind: 'periodic_reporting', everyDays: 30 }] },
    ]);
    const old = await ok(await server.admin(`/api/measures/${eva.measures[0]}/schedule?asOf=2026-04-01`));
    expect(old.end).toMatchObject({ on: '2026-02-01', by: 'measures_changed' });
    expect(old.reporting.overdue).toBe(false);
    const current = await ok(await server.admin(`/api/measures/${eva.measures[1]}/schedule?asOf=2026-04-01`));
    expect(current.end).toBeNull();
    expect(current.reporting.dues.map((d: { on: string }) => d.on)).toEqual(['2026-03-03']); // every 30 days from 1 February
  });

  it('a facility changed without a status keeps its status and its closure', async () => {
    const helicoide = facilities.get('el-helicoide')!;
    const before = await ok(await server.get(`/api/facilities/${helicoide}`));
    const patched = await ok(await server.admin(`/api/facilities/${helicoide}`, json('PATCH', { agency: 'SEBIN' })));
    expect(patched.status).toBe(before.status);
    const backdated = await server.admin(`/api/facilities/${helicoide}`, json('PATCH', { status: 'open', statusSince: '2020-01-01' }));
    expect(backdated.status).toBe(400);
    expect(JSON.stringify(await backdated.json())).toContain('which stays current');
  });

  it("a person's episodes: released, taken back 24 days later", async () => {
    const episodes = await ok(await server.admin(`/api/persons/${beto.id}/episodes`));
    expect(episodes.episodes.map((e: { takenOn: string; releasedOn: string | null; rearrest: boolean }) => [e.takenOn, e.releasedOn, e.rearrest])).toEqual([
      ['2024-08-02', '2026-01-10', false],
      ['2026-02-03', null, true],
    ]);
    expect(episodes.releases).toEqual([
      {
        on: '2026-01-10',
        kind: 'released_with_measures',
        wave: 'jan_2026_announced',
        measures: ['periodic_reporting'],
        rearrestedOn: '2026-02-03',
        daysToRearrest: 24,
      },
    ]);
    expect((await server.get(`/api/persons/${beto.id}/episodes`)).status).toBe(401);
  });

  it('re-arrest figures: staff exact, the public with small numbers withheld, the definition beside them', async () => {
    const staff = await ok(await server.admin('/api/rearrests?asOf=2026-04-30'));
    expect(staff.overall[0]).toEqual({ window: 30, releases: 3, rearrested: 1, rate: 1 / 3 }); // Ana, Beto (taken back after 24 days), Eva
    expect(staff.delay.quartiles).toEqual({ q1: 24, median: 24, q3: 24 });
    const open = await ok(await server.get('/api/rearrests?asOf=2026-04-30'));
    expect(open.overall[0]).toEqual({ window: 30, releases: null, rearrested: null, rate: null });
    expect(open.delay.quartiles).toBeNull();
    expect(open.definition.es).toContain('al menos N días antes');
  });

  it("El Helicoide's closure: everyone held there when it was announced, where each went; the public sees counts only", async () => {
    const helicoide = facilities.get('el-helicoide')!;
    const history = await ok(await server.get(`/api/facilities/${helicoide}/status-history`));
    expect(history.map((h: { on: string; status: string }) => [h.on, h.status])).toEqual([['2026-01-30', 'closure_announced']]);
    const carla = await person('Carla', 'private', [
      { kind: 'detained', on: '2025-03-01', facility: 'el-helicoide' },
      { kind: 'transferred', on: '2026-02-05', facility: 'rodeo-i' },
      { kind: 'transferred', on: '2026-03-01', facility: 'tocoron' },
    ]);
    const dario = await person('Dario', 'public', [{ kind: 'detained', on: '2025-03-01', facility: 'el-helicoide' }]);
    await ok(
      await server.admin(`/api/facilities/${helicoide}/status-history`, json('POST', { on: '2026-02-28', status: 'closed', citation: 'synthetic test' })),
      201,
    );
    expect((await ok(await server.get(`/api/facilities/${helicoide}`))).status).toBe('closed');
    const source = await ok(
      await server.admin('/api/sources', json('POST', { organisation: 'Comité de familiares (sintético)', title: 'Traslado a Tocorón' })),
      201,
    );
    const lastMove = (await ok(await server.admin(`/api/persons/${carla.id}/timeline`))).at(-1);
    await ok(await server.admin('/api/source-links', json('POST', { sourceId: source.id, eventId: lastMove.id })), 201);

    const closure = await ok(await server.admin(`/api/facilities/${helicoide}/closure?asOf=2026-04-01`));
    expect(closure).toMatchObject({ announcedOn: '2026-01-30', closedOn: '2026-02-28', total: 2 });
    expect(
      closure.persons.map((p: { person: { id: string }; outcome: string; path: { code: string }[] }) => [p.person.id, p.outcome, p.path.map((f) => f.code)]),
    ).toEqual([
      [dario.id, 'not_recorded', []],
      [carla.id, 'held_elsewhere', ['rodeo-i', 'tocoron']],
    ]);
    expect(closure.persons[1].lastEvent).toMatchObject({ kind: 'transferred', occurredOn: '2026-03-01', facility: 'Centro Penitenciario de Aragua (Tocorón)' });
    expect(closure.persons[1].lastEvent.sources.map((s: { organisation: string }) => s.organisation)).toEqual(['Comité de familiares (sintético)']);
    const open = await ok(await server.get(`/api/facilities/${helicoide}/closure?asOf=2026-04-01`));
    expect(open.persons).toBeUndefined();
    expect(open.asOf).toBe(new Date().toISOString().slice(0, 10)); // the public sees today's accounting only
    const future = await server.admin(`/api/facilities/${helicoide}/status-history`, json('POST', { on: '2099-01-01', status: 'reopened', citation: 'x' }));
    expect(future.status).toBe(400);
    expect(JSON.stringify(await future.json())).toContain('cannot be recorded yet');
    expect(JSON.stringify(open)).not.toContain('Dario');
    expect(open.total).toBeNull(); // one consented person: withheld

    const population = await ok(await server.admin(`/api/facilities/${helicoide}/population?from=2025-12-01&to=2026-03-31&step=month`));
    expect(population.points.map((p: { period: string; held: number }) => [p.period, p.held])).toEqual([
      ['2025-12', 4],
      ['2026-01', 2],
      ['2026-02', 1],
      ['2026-03', 1],
    ]);
  });

  it('the public population is rounded and names no entry or exit', async () => {
    const helicoide = facilities.get('el-helicoide')!;
    const open = await ok(await server.get(`/api/facilities/${helicoide}/population?from=2025-12-01&to=2026-03-31&step=day`));
    expect(open.points.every((p: { held: number | null; entered: null }) => (p.held === null || p.held % 5 === 0) && p.entered === null)).toBe(true);
  });

  it('the public counts of conditions withhold small numbers and name no court', async () => {
    const staff = await ok(await server.admin('/api/conditions/counts?from=2026-01-01&to=2026-02-28'));
    expect(staff.months.map((m: { month: string; underAny: number }) => [m.month, m.underAny])).toEqual([
      ['2026-01', 3], // Ana, Beto, Eva
      ['2026-02', 2], // Beto re-arrested on 3 February
    ]);
    // Ana (reporting since 10 January) and Eva (since 1 February) are under measures today
    expect(staff.timeUnderMeasures.reduce((sum: number, b: { persons: number }) => sum + b.persons, 0)).toBe(2);
    const open = await ok(await server.get('/api/conditions/counts?from=2026-01-01&to=2026-02-28'));
    expect(open.months[0].underAny).toBeNull();
    expect(open.dueByCourtAndWeek).toEqual([]);
    expect(JSON.stringify(open)).not.toContain('Control 1');
  });
});
