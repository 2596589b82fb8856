/**
 * Internal keypoint storage: one Float64Array per coordinate of each joint the analysis uses (NaN = missing), and the
 * small series helpers around it (quantiles, frame interval, time search, NaN runs). Resampling onto the even
 * analysis grid is in resample.ts.
 */
import type { Side } from './keypoints.ts';
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

/** Foot points of a side: heel and foot index where the keypoint set has them, else the ankle. */
export function footPoints(tr: Trajectories, side: Side): Joint[] {
  return tr.present.has(`${side}_heel`) ? [`${side}_heel`, `${side}_foot_index`] : [`${side}_ankle`];
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
  // Columns of the joints the keypoint set has: every frame writes them (NaN where missing), no NaN pre-fill.
  const colK: number[] = [];
  const colX: Float64Array[] = [];
  const colY: Float64Array[] = [];
  for (const j of JOINTS) {
    const k = index.get(j);
    if (k === undefined) {
      pts[j] = emptyTrajectory(n);
      continue;
    }
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    pts[j] = { x, y };
    present.add(j);
    colK.push(k);
    colX.push(x);
    colY.push(y);
  }
  const nc = colK.length;
  const frames = track.frames;
  for (let i = 0; i < n; i++) {
    const f = frames[i] as PoseTrack['frames'][number];
    tS[i] = f.t;
    const kps = f.keypoints;
    for (let c = 0; c < nc; c++) {
      const kp = kps[colK[c] as number];
      let x = NaN;
      let y = NaN;
      if (kp !== undefined && kp[2] >= minScore) {
        const kx = kp[0];
        const ky = kp[1];
        if (kx !== null && ky !== null) {
          x = kx;
          y = ky;
        }
      }
      (colX[c] as Float64Array)[i] = x;
      (colY[c] as Float64Array)[i] = y;
    }
  }
  return { tS, pts, present };
}

/** Median of finite values (NaN when none). */
export function nanMedian(values: ArrayLike<number>): number {
  return nanQuantile(values, 0.5);
}

/** Quantile q (0..1) of the finite values, linear interpolation (NaN when none); O(n) selection on a typed copy. */
export function nanQuantile(values: ArrayLike<number>, q: number): number {
  const a = scratch(values.length);
  const m = finiteInto(values, a);
  return m === 0 ? NaN : quantileOfFinite(a, m, q);
}

/** [nanQuantile(values, qA), nanQuantile(values, qB)] from one copy of the finite values (a quantile does not depend on their order). */
export function nanQuantilePair(values: ArrayLike<number>, qA: number, qB: number): [number, number] {
  const a = scratch(values.length);
  const m = finiteInto(values, a);
  if (m === 0) return [NaN, NaN];
  const vA = quantileOfFinite(a, m, qA);
  return [vA, quantileOfFinite(a, m, qB)];
}

/** Copies the finite values into a[0 …) in order; returns their count. */
function finiteInto(values: ArrayLike<number>, a: Float64Array): number {
  const n = values.length;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v - v === 0) a[m++] = v;
  }
  return m;
}

/** Quantile q of the m > 0 finite values in a[0 … m) (reordered), linear interpolation between order statistics. */
function quantileOfFinite(a: Float64Array, m: number, q: number): number {
  const pos = (m - 1) * q;
  const lo = Math.floor(pos);
  const vLo = selectKth(a, m, lo);
  if (pos === lo || lo + 1 >= m) return vLo;
  // After selection, a[lo + 1 .. m) holds the values ≥ a[lo]: the next order statistic is their minimum.
  let vHi = Infinity;
  for (let i = lo + 1; i < m; i++) if ((a[i] as number) < vHi) vHi = a[i] as number;
  return vLo + (vHi - vLo) * (pos - lo);
}

let scratchBuf = new Float64Array(1024);
/** A shared scratch buffer of at least n values (contents undefined; not re-entrant). */
function scratch(n: number): Float64Array {
  if (scratchBuf.length < n) scratchBuf = new Float64Array(Math.max(n, 2 * scratchBuf.length));
  return scratchBuf;
}

/**
 * k-th smallest (0-based) of a[0..m), Hoare quickselect with pseudo-random median-of-three pivots (periodic or
 * repeated data cannot make it quadratic); after a depth limit the remaining range is sorted. Partially reorders a.
 */
function selectKth(a: Float64Array, m: number, k: number): number {
  let lo = 0;
  let hi = m - 1;
  // Linear congruential generator for the pivot positions (written out: no closure per call).
  let seed = 0x9e3779b9 ^ m;
  let depth = 2 * Math.ceil(Math.log2(m + 1)) + 8;
  while (hi > lo) {
    if (hi - lo < 16 || depth-- <= 0) {
      a.subarray(lo, hi + 1).sort();
      return a[k] as number;
    }
    const span = hi - lo + 1;
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const x = a[lo + Math.floor((seed / 4294967296) * span)] as number;
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const y = a[lo + Math.floor((seed / 4294967296) * span)] as number;
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const z = a[lo + Math.floor((seed / 4294967296) * span)] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/** Sorts a[0..m) ascending in place (insertion sort, for short windows: no allocation, no call into the built-in sort). */
export function insertionSort(a: Float64Array, m: number): void {
  for (let p = 1; p < m; p++) {
    const x = a[p] as number;
    let q = p - 1;
    while (q >= 0 && (a[q] as number) > x) {
      a[q + 1] = a[q] as number;
      q--;
    }
    a[q + 1] = x;
  }
}

/** The finite values, ascending, in a new Float64Array. */
export function finiteSorted(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const a = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v - v === 0) a[m++] = v;
  }
  return a.subarray(0, m).sort();
}

/** Quantile q (0..1) of an ascending array, linear interpolation; NaN when empty. */
export function quantileSorted(a: ArrayLike<number>, q: number): number {
  if (a.length === 0) return NaN;
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(a.length - 1, lo + 1);
  return (a[lo] as number) + ((a[hi] as number) - (a[lo] as number)) * (pos - lo);
}

const medianDtCache = new WeakMap<Float64Array, number>();
/** Median interval between frames (s); memoised per time array (time arrays are never mutated). */
export function medianDt(tS: Float64Array): number {
  const hit = medianDtCache.get(tS);
  if (hit !== undefined) return hit;
  const d = new Float64Array(Math.max(0, tS.length - 1));
  for (let i = 1; i < tS.length; i++) d[i - 1] = (tS[i] as number) - (tS[i - 1] as number);
  const m = nanMedian(d);
  medianDtCache.set(tS, m);
  return m;
}

const frameIntervalCache = new WeakMap<Float64Array, number>();
/**
 * Frame interval (s) of a recording: the time spanned over the number of frame intervals in it, each interval
 * counted as its nearest multiple of the median one (memoised). Unlike the median alone it is not quantised by
 * timestamps rounded to the millisecond (30 fps: 0.0333 s, not 0.033 s, so the analysis grid stays on the frames
 * instead of drifting across them and interpolating every sample); dropped frames and timing jitter do not bias it.
 */
export function frameIntervalS(tS: Float64Array): number {
  const hit = frameIntervalCache.get(tS);
  if (hit !== undefined) return hit;
  const med = medianDt(tS);
  // The span over the number of frame intervals it holds (a dropped frame = 2): jitter and rounding cancel out.
  let span = 0;
  let count = 0;
  for (let i = 1; i < tS.length; i++) {
    const d = (tS[i] as number) - (tS[i - 1] as number);
    if (!(d > 0)) continue;
    span += d;
    count += Math.max(1, Math.round(d / med));
  }
  const out = count > 0 ? span / count : med;
  frameIntervalCache.set(tS, out);
  return out;
}

/** Indices [i0, i1] of the ascending times within [t0, t1] (i1 < i0 when none). */
export function indexRange(tS: Float64Array, t0: number, t1: number): [number, number] {
  let lo = 0;
  let hi = tS.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((tS[m] as number) >= t0) hi = m;
    else lo = m + 1;
  }
  return [lo, floorIndex(tS, t1)];
}

/** √(dx² + dy²) (Math.hypot is several times slower and its extra range is not needed for pixels). */
export function hypot2(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

/** Index of the last element ≤ t of an ascending list (−1 when t is before the first). */
export function floorIndex(tS: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = tS.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((tS[m] as number) <= t) lo = m + 1;
    else hi = m;
  }
  return lo - 1;
}

/** The runs [i, j) of NaN in v (both ends included: a run may start at 0 or end at v.length). */
export function nanRuns(v: ArrayLike<number>): [number, number][] {
  const n = v.length;
  const runs: [number, number][] = [];
  let i = 0;
  while (i < n) {
    if ((v[i] as number) - (v[i] as number) === 0) {
      i++;
      continue;
    }
    const a = i;
    while (i < n && (v[i] as number) - (v[i] as number) !== 0) i++;
    runs.push([a, i]);
  }
  return runs;
}
