/**
 * Kinematics internals that the speed work replaced (quickselect medians, the shared resampling plan, the Hampel
 * pre-test): each must give what the straightforward version gives, on random inputs with gaps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchKinematics, makeBenchTrack } from '../../src/kinematics/bench.ts';
import { rejectOutliers } from '../../src/kinematics/outliers.ts';
import { bodyScaleTrend } from '../../src/kinematics/scale.ts';
import { KINEMATICS_DEFAULTS } from '../../src/kinematics/conventions.ts';
import { gaitPhase } from '../../src/kinematics/obliquity.ts';
import { prominentExtrema } from '../../src/kinematics/events/index.ts';
import { frontalSignal, localExtremumTime } from '../../src/kinematics/events/frontal.ts';
import { resampleSeries } from '../../src/kinematics/resample.ts';
import { JOINTS, type Trajectories, frameIntervalS, medianDt, nanMedian, nanQuantile } from '../../src/kinematics/trajectories.ts';

/** Reference quantile: sort the finite values, interpolate linearly. */
function refQuantile(values: number[], q: number): number {
  const a = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (!a.length) return NaN;
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(a.length - 1, lo + 1);
  return (a[lo] as number) + ((a[hi] as number) - (a[lo] as number)) * (pos - lo);
}

/** Reference resampling (the original per-grid-point sweep): cubic Hermite with Catmull-Rom slopes over valid samples. */
function refResample(tS: Float64Array, v: Float64Array, grid: Float64Array, maxGapS: number, dtS: number): Float64Array {
  const out = new Float64Array(grid.length).fill(NaN);
  const valid: number[] = [];
  for (let i = 0; i < tS.length; i++) if (Number.isFinite(v[i] as number)) valid.push(i);
  if (!valid.length) return out;
  const eps = 1e-9;
  let k = 0;
  for (let g = 0; g < grid.length; g++) {
    const tg = grid[g] as number;
    while (k + 1 < valid.length && (tS[valid[k + 1] as number] as number) <= tg + eps) k++;
    const ia = valid[k] as number;
    const ta = tS[ia] as number;
    if (ta > tg + eps) continue;
    if (Math.abs(ta - tg) <= eps) {
      out[g] = v[ia] as number;
      continue;
    }
    if (k + 1 >= valid.length) continue;
    const ib = valid[k + 1] as number;
    const tb = tS[ib] as number;
    if (tb - ta - dtS > maxGapS + eps) continue;
    const va = v[ia] as number;
    const vb = v[ib] as number;
    const h = tb - ta;
    const s = (tg - ta) / h;
    const secant = (vb - va) / h;
    const iPrev = k > 0 ? (valid[k - 1] as number) : -1;
    const iNext = k + 2 < valid.length ? (valid[k + 2] as number) : -1;
    const ma = iPrev >= 0 && ta - (tS[iPrev] as number) <= 2 * h + dtS ? (vb - (v[iPrev] as number)) / (tb - (tS[iPrev] as number)) : secant;
    const mb = iNext >= 0 && (tS[iNext] as number) - tb <= 2 * h + dtS ? ((v[iNext] as number) - va) / ((tS[iNext] as number) - ta) : secant;
    out[g] = (2 * s ** 3 - 3 * s ** 2 + 1) * va + (s ** 3 - 2 * s ** 2 + s) * h * ma + (-2 * s ** 3 + 3 * s ** 2) * vb + (s ** 3 - s ** 2) * h * mb;
  }
  return out;
}

const withNaN = fc.array(fc.oneof(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.constant(NaN), fc.integer({ min: -3, max: 3 })), { maxLength: 300 });

describe('nanQuantile / nanMedian (quickselect on a typed copy)', () => {
  it('equal the sorted-array quantile, NaN skipped, duplicates included', () => {
    fc.assert(
      fc.property(withNaN, fc.constantFrom(0, 0.05, 0.5, 0.95, 1, 0.37), (values, q) => {
        const want = refQuantile(values, q);
        const got = nanQuantile(Float64Array.from(values), q);
        if (Number.isNaN(want)) expect(got).toBeNaN();
        else expect(got).toBeCloseTo(want, 9);
        if (q === 0.5) expect(nanMedian(values)).toBe(got);
      }),
      { numRuns: 300 },
    );
  });
});

describe('resampleSeries (shared Hermite plan + general path)', () => {
  it('matches the per-point sweep on irregular times with gaps, on and off the frame grid (within timestamp rounding = on it)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(30, 60), fc.constantFrom('ms-rounded', 'irregular', 'on-grid'), (seed, fps, times) => {
        let r = seed;
        const rand = (): number => ((r = (r * 16807) % 2147483647) / 2147483647);
        const n = 20 + Math.floor(rand() * 120);
        const tS = new Float64Array(n);
        let t = rand();
        const t0 = t;
        for (let i = 0; i < n; i++) {
          tS[i] = times === 'on-grid' ? t0 + i / fps : Math.round(t * 1000) / 1000 + i * 1e-6;
          t += (1 / fps) * (rand() < 0.05 ? 2 : 1) + (times === 'irregular' ? (rand() - 0.5) * 0.01 : 0);
        }
        const v = Float64Array.from({ length: n }, (_, i) => 100 * Math.sin(i / 6) + rand());
        for (let i = 0; i < n; i++) if (rand() < 0.06) for (let k = i; k < Math.min(n, i + 1 + Math.floor(rand() * 20)); k++) v[k] = NaN;
        const dt = 1 / fps;
        const m = times === 'on-grid' ? n : Math.floor(((tS[n - 1] as number) - (tS[0] as number)) / dt) + 1;
        const grid = times === 'on-grid' ? tS.slice() : Float64Array.from({ length: m }, (_, g) => (tS[0] as number) + g * dt);
        const got = resampleSeries(tS, v, grid, 0.25, dt);
        // Frame times within timestamp rounding of the grid (≤ 1 ms) count as on it: the frames are the grid samples.
        const snapped = tS.length === grid.length && tS.every((x, i) => Math.abs(x - (grid[i] as number)) <= Math.min(1e-3, 0.05 * dt) + 1e-9);
        const want = refResample(snapped ? grid : tS, v, grid, 0.25, dt);
        for (let g = 0; g < m; g++) {
          if (Number.isNaN(want[g] as number)) expect(got[g]).toBeNaN();
          else expect(Math.abs((got[g] as number) - (want[g] as number))).toBeLessThan(1e-7);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('rejectOutliers (Hampel with the counting pre-test)', () => {
  it('removes isolated spikes and nothing on a smooth noisy trajectory', () => {
    const n = 600;
    const tS = Float64Array.from({ length: n }, (_, i) => i / 60);
    const pts = {} as Trajectories['pts'];
    let r = 7;
    const noise = (): number => ((r = (r * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
    for (const j of JOINTS) pts[j] = { x: Float64Array.from(tS, (t) => 300 + 200 * Math.sin(2 * t) + noise()), y: Float64Array.from(tS, (t) => 400 + 30 * Math.cos(5 * t) + noise()) };
    const spikes = [50, 51, 200, 333, 470];
    for (const i of spikes) (pts.left_ankle.y as Float64Array)[i] = ((pts.left_ankle.y as Float64Array)[i] as number) + 80;
    const tr: Trajectories = { tS, pts, present: new Set(JOINTS) };
    const removed = rejectOutliers(tr, 500, KINEMATICS_DEFAULTS);
    expect(removed).toBe(spikes.length);
    for (const i of spikes) expect(tr.pts.left_ankle.y[i]).toBeNaN();
  });
});

describe('benchKinematics', () => {
  it('times a back-and-forth session track (figures only, never a pass/fail on time)', () => {
    const track = makeBenchTrack(30);
    expect(track.frames).toHaveLength(30 * 60 + 1);
    expect(track.frames.some((f) => f.keypoints.every((k) => k[0] === null))).toBe(true);
    const b = benchKinematics(20, 1);
    expect(b.frames).toBe(20 * 60 + 1);
    expect(b.secondsPerHourOfTrack).toBeGreaterThan(0);
    expect(Number.isFinite(b.coldSecondsPerHourOfTrack)).toBe(true);
    const f = benchKinematics(20, 1, 'frontal');
    expect(f.workload).toContain('front/back-view');
    expect(f.secondsPerHourOfTrack).toBeGreaterThan(0);
  });
});

describe('frontal event helpers (prominentExtrema at the ends of the data, local extrema, signals)', () => {
  const dt = 1 / 30;
  const tS = Float64Array.from({ length: 61 }, (_, i) => i * dt);

  it('localExtremumTime finds a sub-frame peak inside the window and refuses one on its edge', () => {
    const peakS = 1.013;
    const v = tS.map((t) => -((t - peakS) ** 2));
    expect(localExtremumTime(tS, v, 1, 1.0, 0.06)).toBeCloseTo(peakS, 6);
    expect(localExtremumTime(tS, v.map((x) => -x), -1, 1.0, 0.06)).toBeCloseTo(peakS, 6);
    // Window [0.8, 0.9] lies on the rising flank: its largest sample is its last, not a local maximum.
    expect(localExtremumTime(tS, v, 1, 0.85, 0.05)).toBeNaN();
  });

  it('prominentExtrema keeps a peak cut off by the end of the data only with a truncated-side allowance', () => {
    // Peaks (value 1, troughs 0) every 0.76 s at 0.38, 1.14 and 1.90 s; the data end at 2.0 s, when the last peak
    // has fallen by only 0.16.
    const v = tS.map((t) => 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / 0.76));
    const strict = prominentExtrema(tS, v, 1, 0.5, 0.6, 0.5);
    const lenient = prominentExtrema(tS, v, 1, 0.5, 0.6, 0.5, 0.2);
    expect(strict.map((t) => Math.round(t * 100) / 100)).toEqual([0.38, 1.14]);
    expect(lenient.filter((t) => t > 1.8)).toHaveLength(1);
    expect(lenient.filter((t) => t <= 1.8)).toEqual(strict);
  });

  it('frontalSignal gives q and the first and second time derivatives of y in body heights', () => {
    const n = tS.length;
    const y = tS.map((t) => 400 + 30 * t * t);
    const bodyPx = new Float64Array(n).fill(300);
    const tr = { tS } as unknown as Trajectories;
    const out = new Float64Array(n);
    const tmp = new Float64Array(n);
    frontalSignal(tr, bodyPx, 360, y, 0, n - 1, 'q', out, tmp);
    expect(out[10]).toBeCloseTo(((y[10] as number) - 360) / 300, 12);
    frontalSignal(tr, bodyPx, 360, y, 0, n - 1, 'vy', out, tmp);
    expect(out[20]).toBeCloseTo((60 * (tS[20] as number)) / 300, 9);
    frontalSignal(tr, bodyPx, 360, y, 0, n - 1, 'ay', out, tmp);
    expect(out[30]).toBeCloseTo(60 / 300, 9);
  });
});

describe('gait phase of the pelvic-obliquity ensemble fit', () => {
  it('puts every left strike at phase 0 and every right strike at ½ (mod 1), across a missed strike and between bouts', () => {
    const tS = Float64Array.from({ length: 1201 }, (_, i) => i / 100);
    // L R L | (R missed) L R L R | 2 s standing | R L R: the first bout has an odd number of strikes.
    const strikes = [
      { t: 0.5, side: 'left' }, { t: 1.0, side: 'right' }, { t: 1.5, side: 'left' }, { t: 2.5, side: 'left' }, { t: 3.0, side: 'right' },
      { t: 3.5, side: 'left' }, { t: 4.0, side: 'right' }, { t: 6.0, side: 'right' }, { t: 6.5, side: 'left' }, { t: 7.0, side: 'right' },
    ] as const;
    const ph = gaitPhase(tS, strikes);
    for (const s of strikes) {
      const v = ph[Math.round(s.t * 100)] as number;
      if (!Number.isFinite(v)) continue;
      expect(((v % 1) + 1) % 1, `${s.side} strike at ${s.t} s`).toBeCloseTo(s.side === 'left' ? 0 : 0.5, 9);
    }
    // Half-way between a right and the next left strike: ¾.
    expect((ph[325] as number) % 1).toBeCloseTo(0.75, 9);
    // Two strikes of one foot in a row (1.5 → 2.5) and the standing gap (4.0 → 6.0) have no phase.
    expect(ph[200]).toBeNaN();
    expect(ph[500]).toBeNaN();
  });

  it('follows the strikes on uneven frame times (a track with a 2 s hole and dropped frames)', () => {
    const times: number[] = [];
    for (let t = 0; t < 10; t += 1 / 30) if (!(t > 3 && t < 5) && Math.round(t * 30) % 7 !== 3) times.push(t);
    const tS = Float64Array.from(times);
    const strikes: { t: number; side: 'left' | 'right' }[] = [];
    for (let t = 0.3, k = 0; t < 9.8; t += k % 2 ? 0.62 : 0.5, k++) strikes.push({ t, side: k % 2 ? 'right' : 'left' });
    const ph = gaitPhase(tS, strikes);
    let checked = 0;
    for (let i = 0; i < tS.length; i++) {
      const t = tS[i] as number;
      const k = strikes.findIndex((s, j) => s.t <= t && (strikes[j + 1]?.t ?? Infinity) > t);
      const a = strikes[k];
      const b = strikes[k + 1];
      if (!a || !b || !Number.isFinite(ph[i] as number)) continue;
      const want = (a.side === 'left' ? 0 : 0.5) + (0.5 * (t - a.t)) / (b.t - a.t);
      const d = (ph[i] as number) - want;
      expect(Math.abs(d - Math.round(d)), `t ${t.toFixed(3)}`).toBeLessThan(1e-9); // phase mod 1
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });
});

describe('bodyScaleTrend (subject pixel height walking toward / away from the camera)', () => {
  // 60 fps, 4 s: pixel height shrinking 1/depth-like from 480 to 330 px (walking away), a 2 % wobble at the stride
  // frequency (legs flexing), and glitches (a misplaced keypoint doubling the height, gaps).
  const n = 240;
  const truth = Float64Array.from({ length: n }, (_, i) => 480 / (1 + (0.45 * i) / (n - 1)));
  const v = Float64Array.from(truth, (x, i) => x * (1 + 0.02 * Math.sin((2 * Math.PI * i) / 60)));
  v[37] = 2 * (v[37] as number);
  for (let i = 150; i < 158; i++) v[i] = NaN;
  const out = bodyScaleTrend(v, 30);

  it('follows the trend to within 2.5 % everywhere, the ends included (the former held, edge-truncated median: 3.2 %)', () => {
    for (let i = 0; i < n; i++) expect(Math.abs((out[i] as number) / (truth[i] as number) - 1), `sample ${i}`).toBeLessThan(0.025);
  });

  it('has no steps: consecutive samples differ by less than 3× the trend’s own change per sample (the former: 24×)', () => {
    const trendStep = ((truth[0] as number) - (truth[n - 1] as number)) / (n - 1);
    for (let i = 1; i < n; i++) expect(Math.abs((out[i] as number) - (out[i - 1] as number)), `sample ${i}`).toBeLessThan(3 * trendStep);
  });

  it('is constant for a constant input, and NaN only when nothing is seen', () => {
    expect([...bodyScaleTrend(new Float64Array(50).fill(400), 15)].every((x) => x === 400)).toBe(true);
    expect(bodyScaleTrend(new Float64Array(20).fill(NaN), 5).every((x) => Number.isNaN(x))).toBe(true);
  });
});

describe('frameIntervalS (analysis grid step)', () => {
  it('is 1/30 s for 30 fps times rounded to the millisecond (the median alone says 0.033 s), with dropped frames and jitter', () => {
    const rounded = Float64Array.from({ length: 300 }, (_, i) => Math.round((i / 30) * 1000) / 1000);
    expect(medianDt(rounded)).toBeCloseTo(0.033, 6);
    expect(Math.abs(frameIntervalS(rounded) - 1 / 30)).toBeLessThan(2e-5);
    let t = 0;
    const irregular = Float64Array.from({ length: 400 }, (_, i) => {
      t += (i % 20 === 7 ? 2 : 1) / 60;
      return Math.round((t + 0.004 * Math.sin(i * 1.7)) * 1000) / 1000;
    });
    expect(Math.abs(frameIntervalS(irregular) - 1 / 60)).toBeLessThan(1e-4);
  });
});
