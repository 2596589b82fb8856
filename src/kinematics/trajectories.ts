/**
 * Internal keypoint storage: one Float64Array per coordinate of each joint the analysis uses
 * (NaN = missing), and the resampling of an irregular track onto an even time grid.
 */
import type { PoseTrack } from './types.ts';

/** Joints the analysis uses (a subset common to blazepose33 and coco17, plus heel/toe when present). */
export const JOINTS = [
  'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder', 'left_hip', 'right_hip',
  'left_knee', 'right_knee', 'left_ankle', 'right_ankle', 'left_heel', 'right_heel', 'left_foot_index', 'right_foot_index',
] as const;
export type Joint = (typeof JOINTS)[number];

/** A joint's trajectory in image pixels; NaN where missing. */
export interface Trajectory {
  x: Float64Array;
  y: Float64Array;
}

/** Keypoint trajectories over time (`tS` seconds). `present` lists joints the keypoint set has at all. */
export interface Trajectories {
  tS: Float64Array;
  pts: Record<Joint, Trajectory>;
  present: Set<Joint>;
}

function emptyTrajectory(n: number): Trajectory {
  return { x: new Float64Array(n).fill(NaN), y: new Float64Array(n).fill(NaN) };
}

/** Reads a validated pose track into trajectories; keypoints with score below `minScore` become NaN. */
export function extractTrajectories(track: PoseTrack, minScore: number): Trajectories {
  const n = track.frames.length;
  const tS = new Float64Array(n);
  const pts = {} as Record<Joint, Trajectory>;
  const present = new Set<Joint>();
  const index = new Map<string, number>();
  track.keypointNames.forEach((name, i) => index.set(name, i));
  for (const j of JOINTS) pts[j] = emptyTrajectory(n);
  const cols: [Joint, number][] = [];
  for (const j of JOINTS) {
    const k = index.get(j);
    if (k !== undefined) {
      cols.push([j, k]);
      present.add(j);
    }
  }
  for (let i = 0; i < n; i++) {
    const f = track.frames[i] as PoseTrack['frames'][number];
    tS[i] = f.t;
    for (const [j, k] of cols) {
      const kp = f.keypoints[k];
      if (!kp) continue;
      const [x, y, s] = kp;
      if (x === null || y === null || !(s >= minScore)) continue;
      const p = pts[j];
      p.x[i] = x;
      p.y[i] = y;
    }
  }
  return { tS, pts, present };
}

/** Median of finite values (NaN when none). */
export function nanMedian(values: ArrayLike<number>): number {
  const a: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) a.push(v);
  }
  return quantileSorted(a.sort((p, q) => p - q), 0.5);
}

/** Quantile q (0..1) of an ascending array, linear interpolation; NaN when empty. */
export function quantileSorted(a: readonly number[], q: number): number {
  if (a.length === 0) return NaN;
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(a.length - 1, lo + 1);
  return (a[lo] as number) + ((a[hi] as number) - (a[lo] as number)) * (pos - lo);
}

/** Median interval between frames (s). */
export function medianDt(tS: Float64Array): number {
  const d = new Float64Array(Math.max(0, tS.length - 1));
  for (let i = 1; i < tS.length; i++) d[i - 1] = (tS[i] as number) - (tS[i - 1] as number);
  return nanMedian(d);
}

/**
 * Resamples one coordinate series from irregular times `tS` onto the even grid `grid`, interpolating
 * (cubic Hermite, Catmull-Rom slopes) across gaps whose missing span is at most `maxGapS`; longer gaps stay NaN.
 */
export function resampleSeries(tS: Float64Array, v: Float64Array, grid: Float64Array, maxGapS: number, dtS: number): Float64Array {
  const n = tS.length;
  const out = new Float64Array(grid.length).fill(NaN);
  const valid: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(v[i] as number)) valid.push(i);
  if (valid.length === 0) return out;
  let k = 0; // index into valid: valid[k] is the last valid sample with t <= g
  const eps = 1e-9;
  for (let g = 0; g < grid.length; g++) {
    const tg = grid[g] as number;
    while (k + 1 < valid.length && (tS[valid[k + 1] as number] as number) <= tg + eps) k++;
    const ia = valid[k] as number;
    const ta = tS[ia] as number;
    if (ta > tg + eps) continue; // before the first valid sample
    if (Math.abs(ta - tg) <= eps) {
      out[g] = v[ia] as number;
      continue;
    }
    if (k + 1 >= valid.length) continue; // after the last valid sample
    const ib = valid[k + 1] as number;
    const tb = tS[ib] as number;
    // Missing span between two valid samples (one frame interval is normal spacing).
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
    const s2 = s * s;
    const s3 = s2 * s;
    out[g] = (2 * s3 - 3 * s2 + 1) * va + (s3 - 2 * s2 + s) * h * ma + (-2 * s3 + 3 * s2) * vb + (s3 - s2) * h * mb;
  }
  return out;
}
