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
  const n = values.length;
  const a = scratch(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v - v === 0) a[m++] = v;
  }
  if (m === 0) return NaN;
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
  let seed = 0x9e3779b9 ^ m;
  const rnd = (span: number): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return Math.floor((seed / 4294967296) * span);
  };
  let depth = 2 * Math.ceil(Math.log2(m + 1)) + 8;
  while (hi > lo) {
    if (hi - lo < 16 || depth-- <= 0) {
      a.subarray(lo, hi + 1).sort();
      return a[k] as number;
    }
    const span = hi - lo + 1;
    const x = a[lo + rnd(span)] as number;
    const y = a[lo + rnd(span)] as number;
    const z = a[lo + rnd(span)] as number;
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

/**
 * Resamples one coordinate series from irregular times `tS` onto the even grid `grid`, interpolating
 * (cubic Hermite, Catmull-Rom slopes) across gaps whose missing span is at most `maxGapS`; longer gaps stay NaN.
 */
export function resampleSeries(tS: Float64Array, v: Float64Array, grid: Float64Array, maxGapS: number, dtS: number): Float64Array {
  if (isOnGrid(tS, grid)) return fillGapsOnGrid(v, grid, maxGapS, dtS);
  const { kind, base, w } = resamplePlan(tS, grid, maxGapS, dtS);
  const m = grid.length;
  const out = new Float64Array(m); // every grid point is written below
  const valid = new ValidCursor(v);
  for (let g = 0; g < m; g++) {
    const k = kind[g] as number;
    const a = base[g] as number;
    if (k === 2) {
      const g4 = 4 * g;
      const r = (w[g4] as number) * (v[a - 1] as number) + (w[g4 + 1] as number) * (v[a] as number) + (w[g4 + 2] as number) * (v[a + 1] as number) + (w[g4 + 3] as number) * (v[a + 2] as number);
      if (r - r === 0) {
        out[g] = r;
        continue;
      }
    } else if (k === 1) {
      const x = v[a] as number;
      if (x - x === 0) {
        out[g] = x;
        continue;
      }
    }
    // General case (a missing neighbour, or near the ends): the valid samples around the grid time.
    out[g] = hermiteAt(tS, v, grid[g] as number, a, valid, maxGapS, dtS);
  }
  return out;
}

/**
 * resampleSeries of two series with the same times (a joint's x and y) in one sweep of the shared plan;
 * each result is bit-identical to resampleSeries of that series alone.
 */
export function resampleSeriesPair(tS: Float64Array, vx: Float64Array, vy: Float64Array, grid: Float64Array, maxGapS: number, dtS: number): [Float64Array, Float64Array] {
  if (isOnGrid(tS, grid)) return [fillGapsOnGrid(vx, grid, maxGapS, dtS), fillGapsOnGrid(vy, grid, maxGapS, dtS)];
  const { kind, base, w } = resamplePlan(tS, grid, maxGapS, dtS);
  const m = grid.length;
  const ox = new Float64Array(m);
  const oy = new Float64Array(m);
  const validX = new ValidCursor(vx);
  const validY = new ValidCursor(vy);
  for (let g = 0; g < m; g++) {
    const k = kind[g] as number;
    const a = base[g] as number;
    let rx = NaN;
    let ry = NaN;
    if (k === 2) {
      const g4 = 4 * g;
      const wP = w[g4] as number;
      const wA = w[g4 + 1] as number;
      const wB = w[g4 + 2] as number;
      const wN = w[g4 + 3] as number;
      rx = wP * (vx[a - 1] as number) + wA * (vx[a] as number) + wB * (vx[a + 1] as number) + wN * (vx[a + 2] as number);
      ry = wP * (vy[a - 1] as number) + wA * (vy[a] as number) + wB * (vy[a + 1] as number) + wN * (vy[a + 2] as number);
    } else if (k === 1) {
      rx = vx[a] as number;
      ry = vy[a] as number;
    }
    if (rx - rx === 0) ox[g] = rx;
    else {
      ox[g] = hermiteAt(tS, vx, grid[g] as number, a, validX, maxGapS, dtS);
    }
    if (ry - ry === 0) oy[g] = ry;
    else {
      oy[g] = hermiteAt(tS, vy, grid[g] as number, a, validY, maxGapS, dtS);
    }
  }
  return [ox, oy];
}

/**
 * Valid-sample lookups of one series for grid points visited in time order (their frame index `a` never
 * decreases): the last two valid samples up to `a` by a forward sweep, and "first valid sample after i" by a
 * forward scan cached for the last two queries, so a whole series costs O(n) however long its NaN runs are.
 */
class ValidCursor {
  /** Samples [0, pos] have been swept; `last` = last valid among them, `before` = the valid one before it (−1 = none). */
  private pos = -1;
  last = -1;
  before = -1;
  private keyA = -2;
  private resA = -1;
  private keyB = -2;
  private resB = -1;

  constructor(private readonly v: Float64Array) {}

  /** Sweeps up to sample a. */
  advance(a: number): void {
    const v = this.v;
    while (this.pos < a) {
      const x = v[++this.pos] as number;
      if (x - x === 0) {
        this.before = this.last;
        this.last = this.pos;
      }
    }
  }

  /** First valid sample index after i (−1 when none). */
  after(i: number): number {
    if (i === this.keyA) return this.resA;
    if (i === this.keyB) return this.resB;
    const v = this.v;
    const n = v.length;
    let j = i + 1;
    while (j < n && (v[j] as number) - (v[j] as number) !== 0) j++;
    const r = j < n ? j : -1;
    this.keyA = this.keyB;
    this.resA = this.resB;
    this.keyB = i;
    this.resB = r;
    return r;
  }
}

/**
 * Value at grid time tg of the cubic Hermite (Catmull-Rom slopes) through the valid samples; `a` = last frame with
 * t ≤ tg (+1 ns), −1 when none. NaN before the first / after the last valid sample and across gaps longer than maxGapS.
 */
function hermiteAt(tS: Float64Array, v: Float64Array, tg: number, a: number, cur: ValidCursor, maxGapS: number, dtS: number): number {
  const eps = 1e-9;
  if (a < 0) return NaN;
  cur.advance(a);
  const ia = cur.last;
  if (ia < 0) return NaN;
  const ta = tS[ia] as number;
  if (Math.abs(ta - tg) <= eps) return v[ia] as number;
  const ib = cur.after(ia);
  if (ib < 0) return NaN;
  const tb = tS[ib] as number;
  // Missing span between two valid samples (one frame interval is normal spacing).
  if (tb - ta - dtS > maxGapS + eps) return NaN;
  const va = v[ia] as number;
  const vb = v[ib] as number;
  const h = tb - ta;
  const s = (tg - ta) / h;
  const secant = (vb - va) / h;
  const iPrev = cur.before;
  const iNext = cur.after(ib);
  const ma = iPrev >= 0 && ta - (tS[iPrev] as number) <= 2 * h + dtS ? (vb - (v[iPrev] as number)) / (tb - (tS[iPrev] as number)) : secant;
  const mb = iNext >= 0 && (tS[iNext] as number) - tb <= 2 * h + dtS ? ((v[iNext] as number) - va) / ((tS[iNext] as number) - ta) : secant;
  const s2 = s * s;
  const s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * va + (s3 - 2 * s2 + s) * h * ma + (-2 * s3 + 3 * s2) * vb + (s3 - s2) * h * mb;
}

interface ResamplePlan {
  /** 0 general, 1 exact frame `base`, 2 Hermite through frames base−1 … base+2 with weights w[4g … 4g+3]. */
  kind: Int8Array;
  base: Int32Array;
  w: Float64Array;
}

const planCache = new WeakMap<Float64Array, WeakMap<Float64Array, ResamplePlan>>();
/**
 * The resampling weights that depend only on the times (shared by every coordinate series of a track): where the
 * four frames around a grid time are all valid, the Hermite value is a fixed linear combination of them.
 */
function resamplePlan(tS: Float64Array, grid: Float64Array, maxGapS: number, dtS: number): ResamplePlan {
  let cache = planCache.get(tS);
  if (!cache) planCache.set(tS, (cache = new WeakMap()));
  const hit = cache.get(grid);
  if (hit) return hit;
  const n = tS.length;
  const m = grid.length;
  const kind = new Int8Array(m);
  const base = new Int32Array(m).fill(-1);
  const w = new Float64Array(4 * m);
  const eps = 1e-9;
  let a = -1;
  for (let g = 0; g < m; g++) {
    const tg = grid[g] as number;
    while (a + 1 < n && (tS[a + 1] as number) <= tg + eps) a++;
    base[g] = a;
    if (a < 0) continue;
    const ta = tS[a] as number;
    if (Math.abs(ta - tg) <= eps) {
      kind[g] = 1;
      continue;
    }
    if (a < 1 || a + 2 >= n) continue;
    const tb = tS[a + 1] as number;
    if (tb - ta - dtS > maxGapS + eps) continue;
    const tP = tS[a - 1] as number;
    const tN = tS[a + 2] as number;
    const h = tb - ta;
    const s = (tg - ta) / h;
    const s2 = s * s;
    const s3 = s2 * s;
    const h00 = 2 * s3 - 3 * s2 + 1;
    const h10 = (s3 - 2 * s2 + s) * h;
    const h01 = -2 * s3 + 3 * s2;
    const h11 = (s3 - s2) * h;
    // ma = (vb − vP)/(tb − tP) or the secant (vb − va)/h; mb = (vN − va)/(tN − ta) or the secant.
    let wP = 0, wA = h00, wB = h01, wN = 0;
    if (ta - tP <= 2 * h + dtS) {
      const c = 1 / (tb - tP);
      wB += h10 * c;
      wP -= h10 * c;
    } else {
      wB += h10 / h;
      wA -= h10 / h;
    }
    if (tN - tb <= 2 * h + dtS) {
      const c = 1 / (tN - ta);
      wN += h11 * c;
      wA -= h11 * c;
    } else {
      wB += h11 / h;
      wA -= h11 / h;
    }
    kind[g] = 2;
    w[4 * g] = wP;
    w[4 * g + 1] = wA;
    w[4 * g + 2] = wB;
    w[4 * g + 3] = wN;
  }
  const plan = { kind, base, w };
  cache.set(grid, plan);
  return plan;
}

const onGridCache = new WeakMap<Float64Array, WeakMap<Float64Array, boolean>>();
/** True when each frame time is its grid time within timestamp rounding (≤ 1 ms and ≤ 5 % of a step): resampling is then only gap filling. Memoised. */
function isOnGrid(tS: Float64Array, grid: Float64Array): boolean {
  let m = onGridCache.get(tS);
  if (!m) onGridCache.set(tS, (m = new WeakMap()));
  const hit = m.get(grid);
  if (hit !== undefined) return hit;
  const step = grid.length > 1 ? (grid[1] as number) - (grid[0] as number) : 0;
  const tol = Math.min(1e-3, 0.05 * step) + 1e-9;
  let ok = tS.length === grid.length;
  for (let i = 0; ok && i < tS.length; i++) if (!(Math.abs((tS[i] as number) - (grid[i] as number)) <= tol)) ok = false;
  m.set(grid, ok);
  return ok;
}

/**
 * resampleSeries for frame times on the grid (each frame is the grid sample of its index): valid samples are copied,
 * and each run of missing samples is interpolated on the grid times with the same cubic Hermite (Catmull-Rom slopes)
 * when its span is at most maxGapS.
 */
function fillGapsOnGrid(v: Float64Array, grid: Float64Array, maxGapS: number, dtS: number): Float64Array {
  const n = grid.length;
  const out = v.slice();
  const eps = 1e-9;
  let prevValid = -1; // last valid index before the current position
  let lastValid = -1;
  let i = 0;
  while (i < n) {
    const x = v[i] as number;
    if (x - x === 0) {
      prevValid = lastValid;
      lastValid = i;
      i++;
      continue;
    }
    if (x === x) out[i] = NaN; // ±Infinity is not a valid sample
    let j = i;
    while (j < n && (v[j] as number) - (v[j] as number) !== 0) {
      out[j] = NaN;
      j++;
    }
    // Missing run [i, j): between valid samples ia = lastValid and ib = j.
    const ia = lastValid;
    const ib = j;
    if (ia >= 0 && ib < n) {
      const ta = grid[ia] as number;
      const tb = grid[ib] as number;
      if (!(tb - ta - dtS > maxGapS + eps)) {
        let iNext = ib + 1;
        while (iNext < n && (v[iNext] as number) - (v[iNext] as number) !== 0) iNext++;
        if (iNext >= n) iNext = -1;
        const iPrev = prevValid;
        const va = v[ia] as number;
        const vb = v[ib] as number;
        const h = tb - ta;
        const secant = (vb - va) / h;
        const ma = iPrev >= 0 && ta - (grid[iPrev] as number) <= 2 * h + dtS ? (vb - (v[iPrev] as number)) / (tb - (grid[iPrev] as number)) : secant;
        const mb = iNext >= 0 && (grid[iNext] as number) - tb <= 2 * h + dtS ? ((v[iNext] as number) - va) / ((grid[iNext] as number) - ta) : secant;
        for (let g = i; g < j; g++) {
          const s = ((grid[g] as number) - ta) / h;
          const s2 = s * s;
          const s3 = s2 * s;
          out[g] = (2 * s3 - 3 * s2 + 1) * va + (s3 - 2 * s2 + s) * h * ma + (-2 * s3 + 3 * s2) * vb + (s3 - s2) * h * mb;
        }
      }
    }
    i = j;
  }
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

/** A 0/1 mask per raw time `rawT` on the analysis grid: a grid sample is 1 when a raw frame marked 1 lies within half a grid step. */
export function maskOnGrid(rawT: Float64Array, seen: Uint8Array, grid: Float64Array): Uint8Array {
  const out = new Uint8Array(grid.length);
  const half = grid.length > 1 ? ((grid[grid.length - 1] as number) - (grid[0] as number)) / (grid.length - 1) / 2 + 1e-9 : Infinity;
  let j = 0;
  for (let g = 0; g < grid.length; g++) {
    const t = grid[g] as number;
    while (j + 1 < rawT.length && (rawT[j + 1] as number) <= t) j++;
    if ((seen[j] === 1 && Math.abs((rawT[j] as number) - t) <= half) || (j + 1 < rawT.length && seen[j + 1] === 1 && Math.abs((rawT[j + 1] as number) - t) <= half)) out[g] = 1;
  }
  return out;
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
