/**
 * Speed rewrites of kinematics internals must give bit-identical results to the straightforward versions they
 * replace (random inputs with gaps, NaN runs and series whose gaps differ).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filtfiltInPlace, filtfiltPairInPlace } from './filters.ts';
import { resampleSeries, resampleSeriesPair } from './trajectories.ts';

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

describe('resampleSeriesPair', () => {
  it('equals resampleSeries on each series (irregular, ms-rounded and on-grid times, different gaps)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 150 }), fc.constantFrom('irregular', 'rounded', 'grid'), fc.integer({ min: 0, max: 1e6 }), (n, times, seed) => {
        const [x, y] = fc.sample(fc.tuple(seriesArb(n), seriesArb(n)), { numRuns: 1, seed })[0] as [Float64Array, Float64Array];
        const jitter = fc.sample(fc.array(fc.double({ min: 0.5, max: 1.5, noNaN: true }), { minLength: n, maxLength: n }), { numRuns: 1, seed })[0] as number[];
        const tS = new Float64Array(n);
        for (let i = 1; i < n; i++) {
          tS[i] = times === 'irregular' ? (tS[i - 1] as number) + (jitter[i] as number) / 30 : times === 'rounded' ? Math.round((i / 30) * 1e3) / 1e3 : i / 30;
        }
        const dtS = 1 / 30;
        const m = Math.floor((tS[n - 1] as number) / dtS + 1e-6) + 1;
        const grid = Float64Array.from({ length: m }, (_, i) => i * dtS);
        const [px, py] = resampleSeriesPair(tS, x, y, grid, 0.25, dtS);
        expect(Array.from(px)).toEqual(Array.from(resampleSeries(tS, x, grid, 0.25, dtS)));
        expect(Array.from(py)).toEqual(Array.from(resampleSeries(tS, y, grid, 0.25, dtS)));
      }),
      { numRuns: 200 },
    );
  });
});
