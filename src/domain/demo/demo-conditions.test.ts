import { describe, expect, it } from 'vitest';
import { measureEnd, scheduleChanges } from '../conditions/measure-history.js';
import { reportingStatus } from '../conditions/reporting-schedule.js';
import { closureAccounting, closureCounts } from '../facilities/stays.js';
import { withDemoFollowUp } from './demo-conditions.js';
import { generateDemoPersons } from './generate-persons.js';

const TODAY = '2026-09-30';
const people = generateDemoPersons(3000, 2026).map((person) => withDemoFollowUp(person, TODAY));

describe('the demo follow-up of releases', () => {
  it('is the same for the same person and day, and leaves the generated person as it was', () => {
    const [first] = generateDemoPersons(1, 2026);
    expect(withDemoFollowUp(first!, TODAY)).toEqual(people[0]);
    expect(
      withDemoFollowUp(first!, TODAY)
        .events.slice(0, first!.events.length)
        .map((e) => e.kind),
    ).toEqual(first!.events.map((e) => e.kind));
  });

  it('mostly met presentations, some missed, some people overdue or in breach — nothing after today', () => {
    let met = 0;
    let missed = 0;
    let overdue = 0;
    let breached = 0;
    for (const person of people) {
      const timeline = person.events.map((e, seq) => ({ id: String(seq), kind: e.kind, occurredOn: e.occurredOn, seq }));
      for (const [index, event] of person.events.entries()) {
        for (const m of event.measures) {
          if (!m.followUp) continue;
          for (const p of m.followUp.presentations) expect(p.on <= TODAY && p.on > m.startsOn).toBe(true);
          const recorded = { ...m, id: 'm', person: 'p', eventId: String(index), weekdays: null, endsOn: m.followUp.endsOn };
          const changes = m.followUp.changes;
          const status = reportingStatus(
            scheduleChanges(recorded, changes, measureEnd(recorded, changes, timeline)),
            m.followUp.presentations.map((p) => ({ ...p, source: null })),
            m.followUp.breaches.map((b) => ({ on: b.on, what: b.kind, source: null })),
            TODAY,
          );
          met += status.dues.filter((d) => d.state === 'met').length;
          missed += status.missed;
          if (status.overdue && !status.ended) overdue++;
          if (status.violated) breached++;
        }
      }
    }
    expect(met / (met + missed)).toBeGreaterThan(0.85);
    expect(missed).toBeGreaterThan(0);
    expect(overdue).toBeGreaterThan(20);
    expect(breached).toBeGreaterThan(5);
  });

  it('accounts for most of those held in El Helicoide when its closure was announced', () => {
    const timelines = people.map((person, n) =>
      person.events.map((e, seq) => ({ id: `${n}-${seq}`, person: String(n), kind: e.kind, occurredOn: e.occurredOn, seq, facility: e.facilityCode })),
    );
    const counts = closureCounts(closureAccounting(timelines, 'el-helicoide', '2026-01-30', null, TODAY));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(50);
    expect(counts.still_there / total).toBeLessThan(0.2);
    expect(counts.held_elsewhere).toBeGreaterThan(0);
    expect(counts.whereabouts_unknown).toBeGreaterThan(0);
  });
});
