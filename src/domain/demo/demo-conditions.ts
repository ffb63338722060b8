/**
 * What followed a synthetic person's release, so that the conditions, re-arrest and facility figures
 * show something on a fresh start: presentations before the court (most made, some missed, a few
 * people who stopped reporting), measures relaxed or moved to another court, breaches recorded, an
 * amnesty lifting some measures (as the 2026 law did for thousands), old measures that ended, and
 * where the people held in El Helicoide went after its closure was announced on 30 January 2026.
 *
 * Drawn from a random stream of each person's own (seeded by their external id), so the people
 * generate-persons.ts makes stay exactly as they were; `today` bounds what has happened yet.
 * Synthetic, like everything in src/domain/demo.
 */
import { measureEnd, type RecordedMeasure, scheduleChanges } from '../conditions/measure-history.js';
import { duesBetween } from '../conditions/reporting-schedule.js';
import { dayNumber, dayToIso } from '../eligibility/case.js';
import { staysOf } from '../facilities/stays.js';
import { createRandom, type DemoEvent, type DemoFollowUp, type DemoMeasure, type DemoPerson, type Random } from './generate-persons.js';

const CLOSURE_ANNOUNCED = '2026-01-30';
const AMNESTY_IN_FORCE = '2026-02-19';
const OTHER_COURT = 'Tribunal 3.º de Control del Área Metropolitana de Caracas';

/** The person with what followed their release up to `today`; measures gain a `followUp`. */
export function withDemoFollowUp(
  person: DemoPerson,
  today: string,
): DemoPerson & { events: (DemoEvent & { measures: (DemoMeasure & { followUp?: DemoFollowUp })[] })[] } {
  let seed = 0;
  for (const char of `${person.externalId}|follow-up`) seed = (Math.imul(seed, 31) + char.charCodeAt(0)) | 0;
  const random = createRandom(seed);
  const events = person.events.map((event) => ({ ...event, measures: event.measures.map((m) => ({ ...m })) }));
  afterHelicoide(events, random, today);
  amnestyLifts(events, random, today);
  for (const [index, event] of events.entries()) {
    for (const measure of event.measures) {
      if (measure.kind === 'periodic_reporting')
        (measure as DemoMeasure & { followUp?: DemoFollowUp }).followUp = followUp(events, index, measure, random, today);
    }
  }
  return { ...person, events };
}

/** People held in El Helicoide when its closure was announced: most moved or released within weeks. */
function afterHelicoide(events: DemoEvent[], random: Random, today: string): void {
  const timeline = events.map((e, seq) => ({ id: String(seq), person: 'p', kind: e.kind, occurredOn: e.occurredOn, seq, facility: e.facilityCode }));
  const held = staysOf(timeline).find((stay) => stay.facility === 'el-helicoide' && stay.from < CLOSURE_ANNOUNCED && stay.to === null);
  if (!held) return;
  const roll = random.next();
  const on = (from: string, days: number) => dayToIso(dayNumber(from) + random.int(1, days));
  const court = events[0]?.court ?? null;
  let next: DemoEvent | null = null;
  if (roll < 0.55) next = demoEvent('transferred', on('2026-02-01', 40), random.pick(['rodeo-i', 'zona-7-boleita', 'yare-iii', 'tocoron']), court);
  else if (roll < 0.85) {
    const releaseOn = on('2026-02-01', 27);
    next = demoEvent('released_with_measures', releaseOn, null, court, [
      { kind: 'periodic_reporting', everyDays: random.pick([8, 15, 30]), court, startsOn: releaseOn },
      { kind: 'travel_ban', everyDays: null, court, startsOn: releaseOn },
    ]);
  } else if (roll < 0.93) next = demoEvent('whereabouts_unknown', on('2026-01-31', 10), null, court);
  if (next && next.occurredOn <= today) events.push(next);
}

/** An amnesty granted after the law came into force lifts the measures of some of those released with them. */
function amnestyLifts(events: DemoEvent[], random: Random, today: string): void {
  const release = events.findLast((e) => e.kind === 'released_with_measures');
  if (!release || events.some((e) => e.occurredOn > release.occurredOn && e.kind !== 'amnesty_requested') || !random.chance(0.3)) return;
  const from = release.occurredOn > AMNESTY_IN_FORCE ? release.occurredOn : AMNESTY_IN_FORCE;
  const on = dayToIso(dayNumber(from) + random.int(5, 100));
  if (on <= today) events.push(demoEvent('amnestied', on, null, release.court));
}

function followUp(events: readonly DemoEvent[], index: number, measure: DemoMeasure, random: Random, today: string): DemoFollowUp {
  const start = measure.startsOn;
  // Measures from releases long ago ended (reviewed and not renewed) before 2026.
  const endsOn = start < '2025-01-01' ? dayToIso(Math.min(dayNumber(start) + random.int(180, 720), dayNumber('2025-12-31'))) : null;
  const recorded: RecordedMeasure = {
    id: 'm',
    person: 'p',
    eventId: String(index),
    kind: 'periodic_reporting',
    everyDays: measure.everyDays,
    weekdays: null,
    court: measure.court,
    startsOn: start,
    endsOn,
  };
  const timeline = events.map((e, seq) => ({ id: String(seq), kind: e.kind, occurredOn: e.occurredOn, seq, carries: e.measures.map((m) => m.kind) }));
  const end = measureEnd(recorded, [], timeline);
  const last = end === null || end.on > today ? today : dayToIso(dayNumber(end.on) - 1);
  const changes: DemoFollowUp['changes'] = [];
  const span = dayNumber(last) - dayNumber(start);
  if (endsOn === null && span > 60) {
    const on = dayToIso(dayNumber(start) + random.int(30, span - 10));
    if (random.chance(0.12)) changes.push({ on, kind: 'relaxed', everyDays: 30 });
    else if (random.chance(0.06)) changes.push({ on, kind: 'court_changed', court: OTHER_COURT });
  }
  const dues = duesBetween(scheduleChanges(recorded, changes, end), [], start, last, today).map((due) => due);
  const behaviour = random.next(); // < 0.8 reports every time; < 0.92 misses a few; else stops
  const stopAt = behaviour >= 0.92 ? random.int(0, Math.max(0, dues.length - 1)) : dues.length;
  const presentations: DemoFollowUp['presentations'] = [];
  for (const [i, due] of dues.entries()) {
    if (i >= stopAt || (behaviour >= 0.8 && behaviour < 0.92 && random.chance(0.1))) continue;
    const on = dayToIso(dayNumber(due.on) - random.int(0, 2));
    if (on <= start || presentations.at(-1)?.on === on) continue;
    presentations.push({ on, court: random.chance(0.03) ? OTHER_COURT : due.court });
  }
  const breaches: DemoFollowUp['breaches'] = [];
  const stopped = dues[stopAt];
  if (stopped && random.chance(0.4)) {
    const on = dayToIso(dayNumber(stopped.on) + random.int(20, 40));
    if (on <= last) breaches.push({ on, kind: 'missed_presentations_declared' });
  }
  // Taken back "for violating conditions": the court's record of a breach shortly before.
  const rearrest = events.slice(index + 1).find((e) => e.kind === 're_arrested');
  if (rearrest && random.chance(0.5)) {
    const on = dayToIso(Math.max(dayNumber(start) + 1, dayNumber(rearrest.occurredOn) - random.int(1, 3)));
    if (on < rearrest.occurredOn) breaches.push({ on, kind: random.pick(['missed_presentations_declared', 'spoke_to_press'] as const) });
  }
  return { endsOn, presentations, changes, breaches };
}

function demoEvent(kind: DemoEvent['kind'], occurredOn: string, facilityCode: string | null, court: string | null, measures: DemoMeasure[] = []): DemoEvent {
  return { kind, occurredOn, precision: 'day', facilityCode, court, detentionIndex: 0, measures };
}
