import { describe, expect, it } from 'vitest';
import { deriveStatus, type TimelineEntry } from './derive-status.js';
import type { EventKind, PersonStatus } from './vocabulary.js';

const timeline = (...events: [EventKind, string][]): TimelineEntry[] => events.map(([kind, occurredOn], seq) => ({ kind, occurredOn, seq }));

describe('deriveStatus', () => {
  const cases: [string, TimelineEntry[], PersonStatus][] = [
    ['no events: unknown', [], 'unknown'],
    ['detained', timeline(['detained', '2024-08-01']), 'detained'],
    ['transfer keeps the person detained', timeline(['detained', '2024-08-01'], ['transferred', '2024-09-01']), 'detained'],
    ['whereabouts unknown is a disappearance', timeline(['detained', '2024-08-01'], ['whereabouts_unknown', '2024-08-03']), 'disappeared'],
    ['conditional release', timeline(['detained', '2024-08-01'], ['released_with_measures', '2026-01-10']), 'released_with_measures'],
    [
      're-arrest after release (the revolving door)',
      timeline(['detained', '2024-08-01'], ['released_with_measures', '2026-01-10'], ['re_arrested', '2026-02-01']),
      'detained',
    ],
    [
      'amnesty lifts measures of a conditional release',
      timeline(['detained', '2024-08-01'], ['released_with_measures', '2026-01-10'], ['amnestied', '2026-03-01']),
      'released',
    ],
    ['amnesty of a person still detained is not a release', timeline(['detained', '2024-08-01'], ['amnestied', '2026-03-01']), 'detained'],
    [
      'dismissal (sobreseimiento) ends house arrest',
      timeline(['detained', '2024-08-01'], ['house_arrest', '2025-01-01'], ['case_dismissed', '2026-03-01']),
      'released',
    ],
    [
      'pardon of an exile leaves them in exile',
      timeline(['released_with_measures', '2025-01-01'], ['exiled', '2025-03-01'], ['pardoned', '2026-03-01']),
      'exiled',
    ],
    [
      'measures changed does not change custody',
      timeline(['released_with_measures', '2026-01-10'], ['measures_changed', '2026-02-01']),
      'released_with_measures',
    ],
    ['death in custody', timeline(['detained', '2019-01-01'], ['died_in_custody', '2020-01-01']), 'died_in_custody'],
    [
      'events are ordered by date, not by input order',
      [
        { kind: 'released', occurredOn: '2026-01-10', seq: 1 },
        { kind: 'detained', occurredOn: '2024-08-01', seq: 2 },
      ],
      'released',
    ],
    [
      'same day: the later-recorded event wins',
      [
        { kind: 'released', occurredOn: '2026-01-10', seq: 2 },
        { kind: 'detained', occurredOn: '2026-01-10', seq: 1 },
      ],
      'released',
    ],
  ];
  it.each(cases)('%s', (_name, events, expected) => {
    expect(deriveStatus(events)).toBe(expected);
  });
});
