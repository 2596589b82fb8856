/**
 * Per-frame angle series and per-phase metrics (definitions in shared/design/metrics.md; conventions.ts
 * repeats the signs). Phases: stance = foot strike → next foot off of the same foot; swing = foot off →
 * next foot strike; stride = foot strike → next foot strike of the same foot.
 */
import { DEG, flexionDeg } from './conventions.ts';
import type { Side } from './keypoints.ts';
import type { CycleCurve, SideStat } from './types.ts';
import { type Trajectories } from './trajectories.ts';

/** Pelvic obliquity θ(t) in degrees: atan2(yLeft − yRight, |xLeft − xRight|) of the hips, + = subject's right hip higher. */
export function pelvicObliquitySeries(tr: { tS: Float64Array; pts: Pick<Trajectories['pts'], 'left_hip' | 'right_hip'> }): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n);
  const l = tr.pts.left_hip;
  const r = tr.pts.right_hip;
  for (let i = 0; i < n; i++) {
    out[i] = Math.atan2((l.y[i] as number) - (r.y[i] as number), Math.abs((l.x[i] as number) - (r.x[i] as number))) * DEG;
  }
  return out;
}

/**
 * Trunk lateral lean (frontal) in degrees: mid-hip → mid-shoulder from the vertical, + = toward the
 * subject's left. `leftScreenSign` is +1 when the subject's left appears on screen right.
 */
export function trunkLeanSeries(tr: Trajectories, leftScreenSign: number | ArrayLike<number>): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n);
  const p = tr.pts;
  for (let i = 0; i < n; i++) {
    const dx = ((p.left_shoulder.x[i] as number) + (p.right_shoulder.x[i] as number) - (p.left_hip.x[i] as number) - (p.right_hip.x[i] as number)) / 2;
    const dy = ((p.left_hip.y[i] as number) + (p.right_hip.y[i] as number) - (p.left_shoulder.y[i] as number) - (p.right_shoulder.y[i] as number)) / 2;
    out[i] = Math.atan2(dx * (typeof leftScreenSign === 'number' ? leftScreenSign : (leftScreenSign[i] as number)), dy) * DEG;
  }
  return out;
}

/** Knee flexion (sagittal) in degrees: 180° − the angle at the knee between knee→hip and knee→ankle; 0 = straight. */
export function kneeFlexionSeries(tr: Trajectories, side: Side): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n);
  const h = tr.pts[`${side}_hip`];
  const k = tr.pts[`${side}_knee`];
  const a = tr.pts[`${side}_ankle`];
  for (let i = 0; i < n; i++) out[i] = flexionDeg(h.x[i] as number, h.y[i] as number, k.x[i] as number, k.y[i] as number, a.x[i] as number, a.y[i] as number);
  return out;
}

/**
 * Hip extension, thigh-to-vertical (sagittal) in degrees: angle of hip → knee from the vertical, + = knee
 * behind the hip. `walkSign(i)` is +1 when the subject travels toward screen right at frame i, −1 toward
 * the left, 0 unknown (→ NaN).
 */
export function hipExtensionSeries(tr: Trajectories, side: Side, walkSign: Int8Array): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n);
  const h = tr.pts[`${side}_hip`];
  const k = tr.pts[`${side}_knee`];
  for (let i = 0; i < n; i++) {
    const s = walkSign[i] as number;
    const dx = (k.x[i] as number) - (h.x[i] as number);
    const dy = (k.y[i] as number) - (h.y[i] as number);
    out[i] = s === 0 ? NaN : Math.atan2(-dx * s, dy) * DEG;
  }
  return out;
}

/** Index of the first grid sample at or after tS (grid evenly spaced from tS[0] with step dtS). */
export function indexAt(tr: Pick<Trajectories, 'tS'>, tS: number): number {
  const n = tr.tS.length;
  if (n < 2) return 0;
  const dt = ((tr.tS[n - 1] as number) - (tr.tS[0] as number)) / (n - 1);
  return Math.min(n - 1, Math.max(0, Math.ceil((tS - (tr.tS[0] as number)) / dt - 1e-9)));
}

/**
 * Maximum of sign·v + offset over samples within [t0, t1] (sign −1: the minimum, negated); null if the window has no
 * samples or any sample there is missing (a stride touching a long gap is skipped). Sub-frame: parabolic refinement.
 */
export function peakIn(tr: Pick<Trajectories, 'tS'>, v: Float64Array, t0: number, t1: number, sign: 1 | -1 = 1, offset = 0): number | null {
  // sign·x + offset written out at each use (no per-call closure: this runs for every phase of every bootstrap replicate).
  const i0 = indexAt(tr, t0);
  let i1 = indexAt(tr, t1);
  if ((tr.tS[i1] as number) > t1 + 1e-9) i1--;
  if (i1 < i0) return null;
  let best = -Infinity;
  let bi = -1;
  for (let i = i0; i <= i1; i++) {
    const x = sign * (v[i] as number) + offset;
    if (!Number.isFinite(x)) return null;
    if (x > best) {
      best = x;
      bi = i;
    }
  }
  if (bi > i0 && bi < i1) best = parabolicPeak(sign * (v[bi - 1] as number) + offset, best, sign * (v[bi + 1] as number) + offset);
  return best;
}

/** Sub-frame peak through a sample `best` and its neighbours a, c: the parabola's vertex when it opens downward, else best. */
function parabolicPeak(a: number, best: number, c: number): number {
  const den = a - 2 * best + c;
  return den < 0 ? best - ((a - c) * (a - c)) / (8 * den) : best;
}

/**
 * peakIn(max) + peakIn(min) of v over [t0, t1] (the range, max − min), null when either is: both in one pass over the
 * window (this runs for every stride of every bootstrap replicate), each with peakIn's arithmetic.
 */
export function rangeIn(tr: Pick<Trajectories, 'tS'>, v: Float64Array, t0: number, t1: number): number | null {
  const i0 = indexAt(tr, t0);
  let i1 = indexAt(tr, t1);
  if ((tr.tS[i1] as number) > t1 + 1e-9) i1--;
  if (i1 < i0) return null;
  // hi = 1·v + 0 and lo = −1·v + 0 as peakIn forms them (+ 0 turns −0 into +0).
  let bestHi = -Infinity;
  let bestLo = -Infinity;
  let iHi = -1;
  let iLo = -1;
  for (let i = i0; i <= i1; i++) {
    const x = v[i] as number;
    if (x - x !== 0) return null;
    const hi = x + 0;
    const lo = -x + 0;
    if (hi > bestHi) {
      bestHi = hi;
      iHi = i;
    }
    if (lo > bestLo) {
      bestLo = lo;
      iLo = i;
    }
  }
  if (iHi > i0 && iHi < i1) bestHi = parabolicPeak((v[iHi - 1] as number) + 0, bestHi, (v[iHi + 1] as number) + 0);
  if (iLo > i0 && iLo < i1) bestLo = parabolicPeak(-(v[iLo - 1] as number) + 0, bestLo, -(v[iLo + 1] as number) + 0);
  return bestHi + bestLo;
}

/** Mean of v over [t0, t1] (NaN samples skipped); NaN when none. */
export function meanIn(tr: Pick<Trajectories, 'tS'>, v: Float64Array, t0: number, t1: number): number {
  const i0 = indexAt(tr, t0);
  let s = 0;
  let c = 0;
  for (let i = i0; i < tr.tS.length && (tr.tS[i] as number) <= t1 + 1e-9; i++) {
    const x = v[i] as number;
    if (Number.isFinite(x)) {
      s += x;
      c++;
    }
  }
  return c ? s / c : NaN;
}

/** Mean, sample SD (0 for one value) and count of the finite values; null when there are none. */
export function summarise(values: readonly (number | null)[]): SideStat | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd, n: v.length };
}

/** Symmetry ratio: larger ÷ smaller of the left and right means (1 = symmetric); null unless both are positive. */
export function symmetryRatio(l: SideStat | null, r: SideStat | null): number | null {
  if (!l || !r || !(l.mean > 0) || !(r.mean > 0)) return null;
  return Math.max(l.mean, r.mean) / Math.min(l.mean, r.mean);
}

/** Stances (per foot), strides and the baseline span over which pelvic obliquity metrics are taken (seconds). */
export interface ObliquityPhases {
  stances: readonly { side: Side; fs: number; fo: number }[];
  strides: readonly { start: number; end: number }[];
  baselineSpanS: readonly [number, number] | null;
}

/** Obliquity metrics of one series: baseline (mean θ), contralateral drop per stance, range (max − min) per stride; degrees. */
export interface ObliquityMetrics {
  baselineDeg: number;
  dropDeg: (number | null)[];
  rangeDeg: (number | null)[];
}

/** Pelvic obliquity metrics (metrics.md) of the series `obl` over the given phases; null where a phase touches a gap. */
export function obliquityMetrics(tr: Pick<Trajectories, 'tS'>, obl: Float64Array, ph: ObliquityPhases, fixedBaselineDeg?: number): ObliquityMetrics {
  const n = tr.tS.length;
  let baselineDeg = fixedBaselineDeg ?? (ph.baselineSpanS ? meanIn(tr, obl, ph.baselineSpanS[0], ph.baselineSpanS[1]) : NaN);
  if (!Number.isFinite(baselineDeg)) baselineDeg = meanIn(tr, obl, tr.tS[0] as number, tr.tS[n - 1] as number);
  const b = baselineDeg;
  const dropDeg = ph.stances.map((st) =>
    Number.isFinite(b) ? (st.side === 'left' ? peakIn(tr, obl, st.fs, st.fo, -1, b) : peakIn(tr, obl, st.fs, st.fo, 1, -b)) : null,
  );
  const rangeDeg = ph.strides.map((s) => rangeIn(tr, obl, s.start, s.end));
  return { baselineDeg, dropDeg, rangeDeg };
}

/** v at time t on the even grid tS (step dtS), linear between samples; the end sample outside the grid. */
export function sampleOnGrid(tS: Float64Array, dtS: number, v: Float64Array, t: number): number {
  const n = tS.length;
  const f = (t - (tS[0] as number)) / dtS;
  const i = Math.floor(f);
  if (i < 0 || i + 1 >= n) return v[Math.min(n - 1, Math.max(0, i))] as number;
  return (v[i] as number) * (1 - (f - i)) + (v[i + 1] as number) * (f - i);
}

/**
 * Mean and SD of series v over the gait cycle, 101 points per stride (0 … 100 % of start → end), over the strides
 * whose 101 samples are all finite; null when none is. Written for speed (it runs over every stride): the curves sit
 * in one flat array, and the mean and SD per point are summarise's sums written out (same terms, same order).
 */
export function cycleCurve(tS: Float64Array, dtS: number, v: Float64Array, strides: readonly { start: number; end: number }[]): CycleCurve | null {
  const curves = new Float64Array(strides.length * 101);
  let nc = 0;
  for (const s of strides) {
    const o = nc * 101;
    let finite = true;
    for (let p = 0; p <= 100; p++) {
      const x = sampleOnGrid(tS, dtS, v, s.start + ((s.end - s.start) * p) / 100);
      curves[o + p] = x;
      if (x - x !== 0) finite = false;
    }
    if (finite) nc++;
  }
  if (!nc) return null;
  const curve: CycleCurve = { meanDeg: [], sdDeg: [], n: nc };
  for (let p = 0; p <= 100; p++) {
    let sum = 0;
    for (let c = 0; c < nc; c++) sum += curves[c * 101 + p] as number;
    const mean = sum / nc;
    let ss = 0;
    for (let c = 0; c < nc; c++) ss += ((curves[c * 101 + p] as number) - mean) ** 2;
    curve.meanDeg.push(mean);
    curve.sdDeg.push(nc > 1 ? Math.sqrt(ss / (nc - 1)) : 0);
  }
  return curve;
}
