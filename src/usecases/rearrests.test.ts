import { describe, expect, it } from 'vitest';
import { REARREST_DEFINITION } from '../domain/conditions/rearrests.js';
import { publicRearrestFigures, type RearrestFigures } from './rearrests.js';

const rate = (releases: number, rearrested: number) => ({ window: 30, releases, rearrested, rate: rearrested / releases });

describe('re-arrest figures as the public reads them', () => {
  it('withholds the overall count when a wave’s is withheld, so that no subtraction gives it back', () => {
    // wave A: 10 of 12 taken back (2 not: a number from 1 to 4, so A's count is withheld); wave B: 6 of 28
    const figures: RearrestFigures = {
      asOf: '2026-06-30',
      definition: REARREST_DEFINITION,
      releases: 40,
      rearrests: 16,
      rearrestLevels: { reported: 16, corroborated: 0, verified: 0, disputed: 0, refuted: 0 },
      overall: [rate(40, 16)],
      byWave: [
        { key: 'jan_2026_announced', rates: [rate(12, 10)] },
        { key: 'amnesty_law', rates: [rate(28, 6)] },
      ],
      byMeasure: [],
      delay: { buckets: [], quartiles: null, rearrests: 16 },
    };
    const shown = publicRearrestFigures(figures);
    expect(shown.byWave[0]!.rates[0]).toMatchObject({ releases: 12, rearrested: null, rate: null });
    expect(shown.byWave[1]!.rates[0]).toMatchObject({ releases: 28, rearrested: 6 });
    expect(shown.overall[0]).toEqual({ window: 30, releases: 40, rearrested: null, rate: null });
    // with every wave shown, the overall figure is shown too
    const plain = publicRearrestFigures({
      ...figures,
      byWave: [
        { key: 'a', rates: [rate(20, 8)] },
        { key: 'b', rates: [rate(20, 8)] },
      ],
    });
    expect(plain.overall[0]).toEqual({ window: 30, releases: 40, rearrested: 16, rate: 0.4 });
  });
});
