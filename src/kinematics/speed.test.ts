/**
 * Speed rewrites of kinematics internals must give bit-identical results to the straightforward versions they
 * replace (random inputs with gaps, NaN runs and series whose gaps differ).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filtfiltInPlace, filtfiltPairInPlace } from './filters.ts';

/** A random series of `n` values with NaN runs (probability `gapP` per sample of starting one). */
const seriesArb = (n: number) =>
  fc.tuple(fc.array(fc.double({ min: -500, max: 500, noNaN: true }), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n }))
    .map(([v, g]) => Float64Array.from(v, (x, i) => ((g[i] as number) < 3 ? NaN : x)));

describe('filtfiltPairInPlace', () => {
  it('equals filtfiltInPlace on each series, with the same or with different gaps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 1 }), fc.double({ min: 2, max: 12, noNaN: true }), fc.constantFrom(25, 30, 60), (n, sameGaps, cutHz, fs) => {
        const [x, y0] = fc.sample(fc.tuple(seriesArb(n), seriesArb(n)), { numRuns: 1, seed: n * 7 + sameGaps })[0] as [Float64Array, Float64Array];
        const y = sameGaps ? x.map((v, i) => (Number.isFinite(v) ? (y0[i] as number) || v * 0.5 + 1 : NaN)) : y0;
        const rx = x.slice();
        const ry = y.slice();
        filtfiltInPlace(rx, cutHz, fs);
        filtfiltInPlace(ry, cutHz, fs);
        filtfiltPairInPlace(x, y, cutHz, fs);
        expect(Array.from(x)).toEqual(Array.from(rx));
        expect(Array.from(y)).toEqual(Array.from(ry));
      }),
      { numRuns: 200 },
    );
  });
});
