import { describe, expect, it } from 'vitest';
import { deriveLevel, type Review } from './derive-level.js';

const review = (reviewer: string, verdict: Review['verdict'], at: string, seq = 0): Review => ({ reviewer, verdict, at, seq });

describe('verification level', () => {
  it('is reported with one source and corroborated with two independent ones; the same organisation twice is one', () => {
    expect(deriveLevel({ sourceOrganisations: ['Foro Penal'], unsourcedEvidence: 0, reviews: [] }).level).toBe('reported');
    expect(deriveLevel({ sourceOrganisations: ['Foro Penal', 'FORO  PENAL.'], unsourcedEvidence: 0, reviews: [] })).toMatchObject({
      level: 'reported',
      independentSources: 1,
    });
    expect(deriveLevel({ sourceOrganisations: ['Foro Penal', 'Provea'], unsourcedEvidence: 0, reviews: [] })).toMatchObject({
      level: 'corroborated',
      independentSources: 2,
    });
    expect(deriveLevel({ sourceOrganisations: ['Foro Penal'], unsourcedEvidence: 3, reviews: [] })).toMatchObject({
      level: 'corroborated',
      independentSources: 2,
    });
    expect(deriveLevel({ sourceOrganisations: [], unsourcedEvidence: 0, reviews: [] }).level).toBe('reported');
  });

  it('needs two different verifiers to be verified (four eyes); one confirming twice is still one', () => {
    const one = deriveLevel({ sourceOrganisations: ['A', 'B'], unsourcedEvidence: 0, reviews: [review('ana', 'confirms', '2026-02-01T10:00:00Z')] });
    expect(one).toMatchObject({ level: 'corroborated', next: 'a second verifier (not the first) to confirm it' });
    const twice = deriveLevel({
      sourceOrganisations: ['A'],
      unsourcedEvidence: 0,
      reviews: [review('ana', 'confirms', '2026-02-01T10:00:00Z'), review('ana', 'confirms', '2026-02-02T10:00:00Z')],
    });
    expect(twice.level).toBe('reported');
    const both = deriveLevel({
      sourceOrganisations: ['A'],
      unsourcedEvidence: 0,
      reviews: [review('ana', 'confirms', '2026-02-01T10:00:00Z'), review('luis', 'confirms', '2026-02-02T10:00:00Z')],
    });
    expect(both).toMatchObject({ level: 'verified', confirmedBy: ['ana', 'luis'], next: null });
  });

  it('is disputed as soon as one verifier disputes or alone refutes, refuted when two refute, and follows corrections', () => {
    const confirmed = [review('ana', 'confirms', '2026-02-01T10:00:00Z'), review('luis', 'confirms', '2026-02-02T10:00:00Z')];
    const inputs = { sourceOrganisations: ['A', 'B'], unsourcedEvidence: 0 };
    expect(deriveLevel({ ...inputs, reviews: [...confirmed, review('eva', 'disputes', '2026-02-03T10:00:00Z')] }).level).toBe('disputed');
    expect(deriveLevel({ ...inputs, reviews: [...confirmed, review('luis', 'refutes', '2026-02-03T10:00:00Z')] })).toMatchObject({
      level: 'disputed',
      refutedBy: ['luis'],
    });
    expect(
      deriveLevel({ ...inputs, reviews: [review('ana', 'refutes', '2026-02-03T10:00:00Z'), review('luis', 'refutes', '2026-02-03T11:00:00Z')] }).level,
    ).toBe('refuted');
    // Luis corrects his dispute: only his latest review counts; the earlier one stays in the history.
    const corrected = [...confirmed, review('luis', 'disputes', '2026-02-03T10:00:00Z'), review('luis', 'confirms', '2026-02-04T10:00:00Z')];
    expect(deriveLevel({ ...inputs, reviews: corrected }).level).toBe('verified');
    // Same instant: the order of recording decides.
    const sameTime = [
      review('luis', 'confirms', '2026-02-04T10:00:00Z', 2),
      review('luis', 'disputes', '2026-02-04T10:00:00Z', 1),
      review('ana', 'confirms', '2026-02-01T00:00:00Z'),
    ];
    expect(deriveLevel({ ...inputs, reviews: sameTime }).level).toBe('verified');
  });

  it('never depends on the order reviews are given in', () => {
    const reviews = [
      review('ana', 'confirms', '2026-02-01T10:00:00Z', 1),
      review('luis', 'disputes', '2026-02-02T10:00:00Z', 2),
      review('eva', 'confirms', '2026-02-03T10:00:00Z', 3),
      review('luis', 'confirms', '2026-02-04T10:00:00Z', 4),
    ];
    const expected = deriveLevel({ sourceOrganisations: ['A'], unsourcedEvidence: 0, reviews });
    const permutations = (items: Review[]): Review[][] =>
      items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
    for (const order of permutations(reviews)) expect(deriveLevel({ sourceOrganisations: ['A'], unsourcedEvidence: 0, reviews: order })).toEqual(expected);
  });
});
