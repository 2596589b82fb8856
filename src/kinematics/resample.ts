/**
 * Resampling of keypoint series from their frame times onto the even analysis grid: cubic Hermite (Catmull-Rom
 * slopes) across gaps up to maxGapS, a plan shared by every series with the same frame times and missing pattern,
 * a fast path when the frames are the grid, and a frame mask carried onto the grid (maskOnGrid).
 */
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
