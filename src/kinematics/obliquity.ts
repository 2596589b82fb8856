/**
 * Pelvic obliquity metrics robust to keypoint noise (noiseCorrectedObliquityMetrics): the per-frame noise measured
 * from the data, per-stride values bias-corrected by a parametric bootstrap and shrunk toward a harmonic ensemble
 * curve over gait phase. The plain per-phase metrics they refine are obliquityMetrics (metrics.ts).
 */
import type { Side } from './keypoints.ts';
import { type ObliquityMetrics, type ObliquityPhases, obliquityMetrics } from './metrics.ts';
import { whiteNoiseSd } from './noise.ts';
import { indexRange, type Trajectories } from './trajectories.ts';
import { filtfiltInPlace } from './filters.ts';
import { choleskyInPlace, choleskySolveInPlace } from './linalg.ts';
import { mulberry32 } from './random.ts';

/** Standard normal deviates from a uniform PRNG (Box-Muller). */
function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Size of the pool of normal deviates for the bootstrap (power of two). */
const NOISE_POOL = 8192;

let noisePool: Float64Array | null = null;
/** The bootstrap's pool of NOISE_POOL standard normal deviates (fixed seed: the same every time; made once). */
function normalPool(): Float64Array {
  if (!noisePool) {
    noisePool = new Float64Array(NOISE_POOL);
    const g = gaussian(mulberry32(0x9e3779b9));
    for (let i = 0; i < NOISE_POOL; i++) noisePool[i] = g();
  }
  return noisePool;
}

/** Harmonics of the gait cycle in the phase-domain ensemble fit of pelvic obliquity (harmonicModel's fit is written out for 3). */
const ENSEMBLE_HARMONICS = 3;

/** Prior bound (degrees) on the stride-to-stride SD of a per-stride obliquity value about the ensemble curve. */
const STRIDE_MISMATCH_MAX_DEG = 0.5;

/**
 * Gait phase (cycles) per sample, piecewise linear between alternating foot strikes: a left strike is phase 0 and a
 * right strike phase ½ (mod 1, which is all the harmonic fit sees), so left and right half-cycles never mix, also
 * across a missed strike or between walking bouts. NaN where the strikes do not alternate (two strikes of one foot
 * in a row) or are more than 1.25 s apart. With `extend`, a strike without an alternating neighbour on one side
 * (the first and last strikes of a bout, a missed strike) also gets phase on that side, at the rate of its
 * half-cycle on the other side, for up to that half-cycle (and up to half-way to the next strike).
 */
export function gaitPhase(tS: Float64Array, strikes: readonly { t: number; side: Side }[], extend = false): Float64Array {
  const ph = new Float64Array(tS.length).fill(NaN);
  const pairs = (a: { t: number; side: Side }, b: { t: number; side: Side } | undefined): boolean =>
    b !== undefined && a.side !== b.side && b.t - a.t <= 1.25 && b.t > a.t;
  const fill = (tA: number, tB: number, from: number, phaseA: number, rate: number): void => {
    // Times need not be even (frame times of a track with dropped frames).
    const [i0, i1] = indexRange(tS, tA - 1e-9, tB + 1e-9);
    for (let i = i0; i <= i1; i++) ph[i] = phaseA + rate * ((tS[i] as number) - from);
  };
  for (let k = 1; k < strikes.length; k++) {
    const a = strikes[k - 1] as { t: number; side: Side };
    const b = strikes[k] as { t: number; side: Side };
    if (!pairs(a, b)) continue;
    fill(a.t, b.t, a.t, a.side === 'left' ? 0 : 0.5, 0.5 / (b.t - a.t));
  }
  if (extend) {
    for (let k = 0; k < strikes.length; k++) {
      const s = strikes[k] as { t: number; side: Side };
      const prev = strikes[k - 1];
      const next = strikes[k + 1];
      const phaseS = s.side === 'left' ? 0 : 0.5;
      const hasPrev = prev !== undefined && pairs(prev, s);
      const hasNext = next !== undefined && pairs(s, next);
      if (hasPrev && !hasNext) {
        const half = s.t - (prev as { t: number }).t;
        const until = next && next.t > s.t ? Math.min(s.t + half, (s.t + next.t) / 2) : s.t + half;
        fill(s.t, until, s.t, phaseS, 0.5 / half);
      } else if (hasNext && !hasPrev) {
        const half = (next as { t: number }).t - s.t;
        const from = prev && prev.t < s.t ? Math.max(s.t - half, (prev.t + s.t) / 2) : s.t - half;
        fill(from, s.t, s.t, phaseS + 1, 0.5 / half);
      }
    }
  }
  return ph;
}

/**
 * A least-squares harmonic model of a series over gait phase (ENSEMBLE_HARMONICS harmonics: constant + cos/sin of
 * 1..3 × phase), fitted at the samples `rows` by fitHarmonics. Plain data and a top-level function rather than a
 * closure made per analysis (the fit runs for every bootstrap replicate; V8 kept deoptimising the closure).
 */
interface HarmonicModel {
  /** Sample indices used (phase and series finite). */
  rows: Int32Array;
  /** Columns of the design matrix A: cols[a][r] = basis function a at sample rows[r]. */
  cols: readonly Float64Array[];
  /** Cholesky factor of AᵀA (7×7 row-major lower triangle). */
  L: Float64Array;
}

/** Coefficients in the harmonic model (fitHarmonics is written out for 7). */
const HARMONIC_COEFS = 1 + 2 * ENSEMBLE_HARMONICS;

/**
 * Harmonic design (ENSEMBLE_HARMONICS harmonics) over the samples where `phase` and `present` are finite; null when
 * too few samples. `ph`: harmonicPhases(phase), whose cos/sin the design rows reuse.
 */
function harmonicModel(phase: Float64Array, ph: HarmonicPhases, present: Float64Array): HarmonicModel | null {
  const k = ENSEMBLE_HARMONICS;
  const m = HARMONIC_COEFS;
  if (m !== 7) throw new Error('harmonicModel: fitHarmonics is written out for 3 harmonics (7 coefficients)');
  const idx: number[] = [];
  for (let i = 0; i < phase.length; i++) if (Number.isFinite(phase[i] as number) && Number.isFinite(present[i] as number)) idx.push(i);
  const R = idx.length;
  if (R < 3 * m) return null;
  // The design matrix A column by column (basis[a·R + r]: basis function a at sample r), so that each sum over the
  // samples below reads two contiguous arrays.
  const basis = new Float64Array(R * m);
  idx.forEach((i, r) => harmonicRow(ph.c1[i] as number, ph.s1[i] as number, k, basis, r, R));
  const cols = Array.from({ length: m }, (_, a) => basis.subarray(a * R, (a + 1) * R));
  // Normal equations AᵀA, Cholesky factor L (lower, row-major).
  const L = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b <= a; b++) L[a * m + b] = dot(cols[a] as Float64Array, cols[b] as Float64Array);
  if (!choleskyInPlace(L, m, 1e-9)) return null;
  return { rows: Int32Array.from(idx), cols, L };
}

/** Coefficients [c, a1, b1, …] of v fitted by the model (NaN samples of v skipped) into `out` (HARMONIC_COEFS entries). */
function fitHarmonics(model: HarmonicModel, v: Float64Array, out: Float64Array): void {
  sumsAtRows(model, v, out);
  choleskySolveInPlace(model.L, HARMONIC_COEFS, out);
}

/**
 * Aᵀv into out (7 entries), NaN samples of v skipped: seven independent sums in one pass over the samples, each in
 * sample order from 0. Written for speed: a missing sample adds basis·0 = ±0 rather than being skipped by `continue`
 * (the basis is finite and a sum starting at +0 is never −0, so adding ±0 leaves it bit for bit unchanged), and the
 * sums are kept in `out` itself, so that nothing follows the loop (V8 compiles a long loop on the fly, before the
 * code after it has ever run, and then deoptimised that code on every call).
 */
function sumsAtRows(model: HarmonicModel, v: Float64Array, out: Float64Array): void {
  const { rows, cols } = model;
  const R = rows.length;
  const [b0, b1, b2, b3, b4, b5, b6] = cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  out.fill(0);
  for (let r = 0; r < R; r++) {
    const vr = v[rows[r] as number] as number;
    const x = vr - vr === 0 ? vr : 0;
    out[0] = (out[0] as number) + (b0[r] as number) * x;
    out[1] = (out[1] as number) + (b1[r] as number) * x;
    out[2] = (out[2] as number) + (b2[r] as number) * x;
    out[3] = (out[3] as number) + (b3[r] as number) * x;
    out[4] = (out[4] as number) + (b4[r] as number) * x;
    out[5] = (out[5] as number) + (b5[r] as number) * x;
    out[6] = (out[6] as number) + (b6[r] as number) * x;
  }
}

/** Σ x[r]·y[r], summed in order from 0 (a small function of its own: V8 optimises it after a few calls). */
function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let r = 0; r < x.length; r++) s += (x[r] as number) * (y[r] as number);
  return s;
}

/** Writes [1, cos φ, sin φ, cos 2φ, …] for k harmonics into out[o], out[o + stride], … from c1 = cos φ, s1 = sin φ. */
function harmonicRow(c1: number, s1: number, k: number, out: Float64Array, o: number, stride: number): void {
  let c = c1;
  let s = s1;
  out[o] = 1;
  for (let h = 1; h <= k; h++) {
    out[o + (2 * h - 1) * stride] = c;
    out[o + 2 * h * stride] = s;
    const cn = c * c1 - s * s1;
    s = s * c1 + c * s1;
    c = cn;
  }
}

/** cos and sin of 2π·phase per sample (NaN where the phase is), for evalHarmonics. */
interface HarmonicPhases {
  c1: Float64Array;
  s1: Float64Array;
}

/** HarmonicPhases of a phase series: cos/sin computed once; higher harmonics follow by the angle-addition recurrence. */
function harmonicPhases(phase: Float64Array): HarmonicPhases {
  const n = phase.length;
  const c1 = new Float64Array(n);
  const s1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = 2 * Math.PI * (phase[i] as number);
    c1[i] = Math.cos(p);
    s1[i] = Math.sin(p);
  }
  return { c1, s1 };
}

/**
 * Writes the harmonic series `coef` (HARMONIC_COEFS entries) at each finite phase into `out`, and `fallback`
 * elsewhere. Written for speed (it runs for every bootstrap replicate): the three harmonics unrolled (cos/sin of 2φ
 * and 3φ by angle addition), an if/else rather than `continue` for missing phases, a top-level function rather than a
 * closure made per analysis.
 */
function evalHarmonics(ph: HarmonicPhases, coef: Float64Array, fallback: Float64Array, out: Float64Array): void {
  const { c1, s1 } = ph;
  const n = c1.length;
  const k0 = coef[0] as number, k1 = coef[1] as number, k2 = coef[2] as number, k3 = coef[3] as number;
  const k4 = coef[4] as number, k5 = coef[5] as number, k6 = coef[6] as number;
  for (let i = 0; i < n; i++) {
    const c = c1[i] as number;
    if (c - c === 0) {
      const s = s1[i] as number;
      const c2 = c * c - s * s;
      const s2 = s * c + c * s;
      const c3 = c2 * c - s2 * s;
      const s3 = s2 * c + c2 * s;
      let v = k0;
      v += k1 * c + k2 * s;
      v += k3 * c2 + k4 * s2;
      v += k5 * c3 + k6 * s3;
      out[i] = v;
    } else out[i] = fallback[i] as number;
  }
}

/**
 * Obliquity metrics robust to keypoint noise (peak-based measures such as max − min are inflated by noise; pixel
 * noise of ~0.5 % of the body height per keypoint gives 3-5° per frame on the hip line). The noise SD σ is measured
 * by whiteNoiseSd on `samples` (the hips at their own frame times: a resampled series has interpolated, coloured
 * noise whose high band under-states σ; defaults to `raw`). Two estimates per phase:
 * - P, per stride / stance on the low-passed series, bias-corrected by a parametric bootstrap (`replicates` copies
 *   of the smooth curve + white noise of SD σ; Efron & Tibshirani 1993, ch. 10); its error vP = bootstrap variance
 *   + the squared bias the correction removed (the correction itself is uncertain);
 * - Q, on the ensemble curve: a least-squares fit of ENSEMBLE_HARMONICS harmonics of the gait phase (foot strikes as
 *   phase marks) to the samples of all cycles, whose noise falls with the number of cycles but which misses
 *   stride-to-stride differences (variance m²).
 * Q is a smoothing of the same data as P, so their errors are nested (cov ≈ vQ) and the result is the
 * random-effects shrinkage of P toward Q: Q + w·(P − Q), w = m² ÷ (m² + vP − vQ), with m² from the spread of P − Q
 * beyond vP − vQ, bounded by STRIDE_MISMATCH_MAX_DEG² (with few strides and much noise m² is not identifiable).
 * P on clean tracks, Q on noisy ones.
 */
export function noiseCorrectedObliquityMetrics(
  tr: Pick<Trajectories, 'tS'>, raw: Float64Array, cutoffHz: number, sampleHz: number, ph: ObliquityPhases,
  strikes: readonly { t: number; side: Side }[], samples?: { tS: Float64Array; obl: Float64Array },
  replicates = 2 * Math.max(4, Math.min(16, Math.floor(1e5 / Math.max(1, raw.length)))),
): ObliquityMetrics & { smoothed: Float64Array; noiseSdDeg: number } {
  const smoothed = Float64Array.from(raw);
  filtfiltInPlace(smoothed, cutoffHz, sampleHz);
  const base = obliquityMetrics(tr, smoothed, ph);
  const sm = samples ?? { tS: tr.tS, obl: raw };
  const nS = sm.tS.length;
  const noiseSdDeg = whiteNoiseSd(sm.obl);
  if (!(noiseSdDeg > 0) || replicates < 2) return { ...base, smoothed, noiseSdDeg };
  const flat = (m: ObliquityMetrics): (number | null)[] => [...m.dropDeg, ...m.rangeDeg];
  const nd = base.dropDeg.length;
  const p0 = flat(base);
  // Normal deviates from a fixed pool read with a random start and odd step per replicate (cheap on long tracks).
  const pool = normalPool();
  const u = mulberry32(0x85ebca6b);
  // Bootstrap mean and (pooled per kind: drops, ranges) variance of each value around a smooth curve.
  const moments = (curve: Float64Array, estimate: (x: Float64Array) => (number | null)[]): { mean: number[]; var: number[] } => {
    const rep = new Float64Array(curve.length);
    const s1 = p0.map(() => 0);
    const s2 = p0.map(() => 0);
    let start = 0;
    let step = 1;
    for (let k = 0; k < replicates; k++) {
      // Antithetic pairs (+noise, −noise): the replicates of a mirrored series are the mirrored replicates.
      if (k % 2 === 0) {
        start = Math.floor(u() * NOISE_POOL);
        step = 1 + 2 * Math.floor(u() * 64);
      }
      addPoolNoise(curve, k % 2 === 0 ? noiseSdDeg : -noiseSdDeg, pool, start, step, rep);
      estimate(rep).forEach((x, j) => {
        s1[j] = (s1[j] as number) + (x ?? NaN);
        s2[j] = (s2[j] as number) + (x ?? NaN) ** 2;
      });
    }
    const mean = s1.map((s) => s / replicates);
    const v = s2.map((s, j) => Math.max(0, ((s / replicates - (mean[j] as number) ** 2) * replicates) / (replicates - 1)));
    return { mean, var: pooledByKind(v, nd) };
  };
  const lowPassed = (x: Float64Array): (number | null)[] => {
    filtfiltInPlace(x, cutoffHz, sampleHz);
    return flat(obliquityMetrics(tr, x, ph, base.baselineDeg));
  };
  const pm = moments(smoothed, lowPassed);
  // Bias-corrected; a range cannot be negative (a drop can: metrics.md).
  const P = p0.map((x, j) => (x === null || !Number.isFinite(pm.mean[j] as number) ? x : j < nd ? 2 * x - (pm.mean[j] as number) : Math.max(0, 2 * x - (pm.mean[j] as number))));
  // The noise-driven part of that bias (beyond what the low-pass alone does to the smooth curve) is uncertain.
  const p00 = lowPassed(Float64Array.from(smoothed));
  const vP = pooledByKind(pm.var.map((v, j) => v + ((pm.mean[j] as number) - (p00[j] ?? NaN)) ** 2), nd);
  const sorted = [...strikes].sort((a, b) => a.t - b.t);
  const phS = gaitPhase(sm.tS, sorted);
  const hpS = harmonicPhases(phS);
  const model = harmonicModel(phS, hpS, sm.obl);
  if (!model) return { baselineDeg: base.baselineDeg, dropDeg: P.slice(0, nd), rangeDeg: P.slice(nd), smoothed, noiseSdDeg };
  const phG = harmonicPhases(gaitPhase(tr.tS, sorted, true));
  const coef = new Float64Array(HARMONIC_COEFS);
  const fitOut = new Float64Array(tr.tS.length);
  const ensembleMetrics = (v: Float64Array): (number | null)[] => {
    fitHarmonics(model, v, coef);
    evalHarmonics(phG, coef, smoothed, fitOut);
    return flat(obliquityMetrics(tr, fitOut, ph, base.baselineDeg));
  };
  const Q = ensembleMetrics(sm.obl);
  // The fitted curve at the samples, around which the bootstrap of Q draws.
  const ensS = new Float64Array(nS);
  evalHarmonics(hpS, coef, sm.obl, ensS);
  const qm = moments(ensS, ensembleMetrics);
  const vD = P.map((_, j) => Math.max(0, (vP[j] as number) - (qm.var[j] as number)));
  let d2 = 0;
  let c = 0;
  P.forEach((p, j) => {
    const q = Q[j];
    if (p === null || q === null || q === undefined || !Number.isFinite(vD[j] as number)) return;
    d2 += (p - q) ** 2 - (vD[j] as number);
    c++;
  });
  const mismatch2 = c ? Math.min(STRIDE_MISMATCH_MAX_DEG ** 2, Math.max(0, d2 / c)) : NaN;
  const out = P.map((p, j) => {
    const q = Q[j];
    if (p === null || q === null || q === undefined || !Number.isFinite(mismatch2)) return p;
    const den = mismatch2 + (vD[j] as number);
    const w = den > 0 ? mismatch2 / den : 1;
    return q + w * (p - q);
  });
  return { baselineDeg: base.baselineDeg, dropDeg: out.slice(0, nd), rangeDeg: out.slice(nd), smoothed, noiseSdDeg };
}

/** out[i] = curve[i] + sd · pool[(start + i·step) mod pool size], the pool's size a power of two. */
function addPoolNoise(curve: Float64Array, sd: number, pool: Float64Array, start: number, step: number, out: Float64Array): void {
  const mask = pool.length - 1;
  let at = start;
  for (let i = 0; i < out.length; i++) {
    out[i] = (curve[i] as number) + sd * (pool[at] as number);
    at = (at + step) & mask;
  }
}

/** Each value replaced by the mean of the finite values of its kind (indices < nd: drops; the rest: ranges). */
function pooledByKind(v: number[], nd: number): number[] {
  const mean = (a: number[]): number => {
    const w = a.filter(Number.isFinite);
    return w.length ? w.reduce((x, y) => x + y, 0) / w.length : NaN;
  };
  const vd = mean(v.slice(0, nd));
  const vr = mean(v.slice(nd));
  return v.map((_, j) => (j < nd ? vd : vr));
}
