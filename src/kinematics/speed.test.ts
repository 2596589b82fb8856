/**
 * Speed rewrites of kinematics internals must give bit-identical results to the straightforward versions they
 * replace (random inputs with gaps, NaN runs and series whose gaps differ).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filtfiltInPlace, filtfiltPairInPlace } from './filters.ts';
import { rejectOutliers, removePiledPoints } from './outliers.ts';
import { KINEMATICS_DEFAULTS } from './conventions.ts';
import { resampleSeries, resampleSeriesPair } from './resample.ts';
import { JOINTS, type Trajectories, medianDt } from './trajectories.ts';

/** A random series of `n` values with NaN runs (probability `gapP` per sample of starting one). */
const seriesArb = (n: number) =>
  fc.tuple(fc.array(fc.double({ min: -500, max: 500, noNaN: true }), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n }))
    .map(([v, g]) => Float64Array.from(v, (x, i) => ((g[i] as number) < 3 ? NaN : x)));

describe('filtfiltPairInPlace', () => {
  it('equals filtfiltInPlace on each series, with the same or with different gaps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 2 }), fc.double({ min: 2, max: 12, noNaN: true }), fc.constantFrom(25, 30, 60), (n, sameGaps, cutHz, fs) => {
        const [x, y0] = fc.sample(fc.tuple(seriesArb(n), seriesArb(n)), { numRuns: 1, seed: n * 7 + sameGaps + Math.round(cutHz * 1000) })[0] as [Float64Array, Float64Array];
        // sameGaps 1: y missing exactly where x is; 2: the same up to a point, then y's own gaps; 0: its own gaps.
        const cut = sameGaps === 2 ? Math.floor(n / 2) : n;
        const y = sameGaps ? x.map((v, i) => (i >= cut ? (y0[i] as number) : Number.isFinite(v) ? (y0[i] as number) || v * 0.5 + 1 : NaN)) : y0;
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

/** Reference Hampel flags (no pre-test, no early exit): median and MAD of the window's valid slots, sorted. */
function refHampel(v: Float64Array, half: number, step: number, minDev: number, k: number, flagged: Uint8Array): void {
  const n = v.length;
  for (let i = 0; i < n; i++) {
    const vi = v[i] as number;
    if (Number.isNaN(vi)) continue;
    let k0 = i - half;
    while (k0 < 0) k0 += step;
    const w: number[] = [];
    for (let j = k0; j <= Math.min(n - 1, i + half); j += step) if (!Number.isNaN(v[j] as number)) w.push(v[j] as number);
    if (w.length < 5) continue;
    w.sort((a, b) => a - b);
    const med = w[w.length >> 1] as number;
    const dev = Math.abs(vi - med);
    if (dev <= minDev) continue;
    const d = w.map((x) => Math.abs(x - med)).sort((a, b) => a - b);
    if (dev > k * 1.4826 * (d[d.length >> 1] as number)) flagged[i] = 1;
  }
}

describe('rejectOutliers', () => {
  it('flags exactly what the plain Hampel test flags (frame rates with symmetric and asymmetric windows, track ends, gaps)', () => {
    let total = 0;
    fc.assert(
      fc.property(fc.constantFrom(24, 25, 30, 50, 60, 120), fc.integer({ min: 5, max: 200 }), fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 20, max: 400, noNaN: true }), (fps, n, seed, bodyPx) => {
        const tS = Float64Array.from({ length: n }, (_, i) => i / fps);
        const pts = {} as Trajectories['pts'];
        const vals = fc.sample(fc.array(fc.tuple(seriesArb(n), seriesArb(n)), { minLength: JOINTS.length, maxLength: JOINTS.length }), { numRuns: 1, seed })[0] as [Float64Array, Float64Array][];
        // Smooth motion plus the random values scaled down (most samples near their neighbours, some far).
        JOINTS.forEach((j, q) => {
          const [rx, ry] = vals[q] as [Float64Array, Float64Array];
          pts[j] = { x: rx.map((r, i) => 300 + 3 * i + (Math.abs(r) > 450 ? r : r / 100)), y: ry.map((r, i) => 400 + 20 * Math.sin(i / 7) + (Math.abs(r) > 450 ? r : r / 100)) };
        });
        const tr: Trajectories = { tS, pts, present: new Set(JOINTS) };
        const s = KINEMATICS_DEFAULTS;
        const half = Math.max(2, Math.round(s.hampelHalfWindowS / medianDt(tS)));
        const step = Math.max(1, Math.round(half / 3));
        const expected = new Map<string, Uint8Array>();
        for (const j of JOINTS) {
          const f = new Uint8Array(n);
          refHampel(pts[j].x, half, step, s.hampelMinBodyFraction * bodyPx, s.hampelK, f);
          refHampel(pts[j].y, half, step, s.hampelMinBodyFraction * bodyPx, s.hampelK, f);
          expected.set(j, f);
        }
        const removed = rejectOutliers(tr, bodyPx, s);
        let count = 0;
        for (const j of JOINTS) {
          const f = expected.get(j) as Uint8Array;
          for (let i = 0; i < n; i++) if (f[i]) {
            count++;
            expect(tr.pts[j].x[i]).toBeNaN();
          }
        }
        expect(removed).toBe(count);
        total += count;
      }),
      { numRuns: 80 },
    );
    expect(total).toBeGreaterThan(0);
  });
});

/** Reference pile removal: every pair of points in every frame, no pre-test. */
function refPiled(tr: Trajectories): { frames: number; x: Float64Array[]; y: Float64Array[] } {
  const joints = JOINTS.filter((j) => tr.present.has(j));
  const x = joints.map((j) => tr.pts[j].x.slice());
  const y = joints.map((j) => tr.pts[j].y.slice());
  let frames = 0;
  for (let i = 0; i < tr.tS.length; i++) {
    const near = joints.map(() => 0);
    for (let a = 0; a < joints.length; a++) for (let b = a + 1; b < joints.length; b++) {
      const dx = (x[b] as Float64Array)[i] as number - ((x[a] as Float64Array)[i] as number);
      const dy = (y[b] as Float64Array)[i] as number - ((y[a] as Float64Array)[i] as number);
      if (dx * dx + dy * dy > 1 || Number.isNaN(dx)) continue;
      near[a] = (near[a] as number) + 1;
      near[b] = (near[b] as number) + 1;
    }
    const hit = near.map((c) => c >= 3);
    hit.forEach((h, a) => {
      if (!h) return;
      (x[a] as Float64Array)[i] = NaN;
      (y[a] as Float64Array)[i] = NaN;
    });
    if (hit.some(Boolean)) frames++;
  }
  return { frames, x, y };
}

describe('removePiledPoints', () => {
  it('removes exactly what testing every pair in every frame removes (piles, near misses, gaps, x without y, moving points)', () => {
    let total = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 3, noNaN: true }), (n, seed, spreadPx) => {
        const tS = Float64Array.from({ length: n }, (_, i) => i / 30);
        const vals = fc.sample(fc.array(fc.tuple(seriesArb(n), seriesArb(n)), { minLength: JOINTS.length, maxLength: JOINTS.length }), { numRuns: 1, seed })[0] as [Float64Array, Float64Array][];
        const pts = {} as Trajectories['pts'];
        // Points spread over a few px around a spot that drifts (many close pairs, boxes that meet and part); some
        // joints far away on their own; now and then a y missing where x is not.
        JOINTS.forEach((j, q) => {
          const [rx, ry] = vals[q] as [Float64Array, Float64Array];
          const far = q % 5 === 4 ? 40 * q : 0;
          pts[j] = {
            x: rx.map((r, i) => 100 + far + (i % 40 < 20 ? i : 40 - i) * 0.3 + (spreadPx * r) / 500),
            y: ry.map((r, i) => (Math.abs(r) > 495 && !Number.isNaN(rx[i] as number) ? NaN : 200 + (spreadPx * r) / 500 + (q % 3) * 0.7)),
          };
        });
        const tr: Trajectories = { tS, pts, present: new Set(JOINTS.filter((_, q) => q % 7 !== 6)) };
        const ref = refPiled(tr);
        const frames = removePiledPoints(tr);
        expect(frames).toBe(ref.frames);
        JOINTS.filter((j) => tr.present.has(j)).forEach((j, a) => {
          expect(Array.from(tr.pts[j].x)).toEqual(Array.from(ref.x[a] as Float64Array));
          expect(Array.from(tr.pts[j].y)).toEqual(Array.from(ref.y[a] as Float64Array));
        });
        total += frames;
      }),
      { numRuns: 150 },
    );
    expect(total).toBeGreaterThan(0);
  });
});
