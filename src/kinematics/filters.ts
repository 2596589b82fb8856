/**
 * Signal filters: zero-phase Butterworth low-pass for recorded tracks and the causal One Euro filter
 * (Casiez, Roussel & Vogel 2012, CHI) for live feedback.
 */

/** Second-order Butterworth low-pass coefficients (bilinear transform with pre-warping). */
export function butter2(cutoffHz: number, sampleHz: number): { b: [number, number, number]; a: [number, number, number] } {
  const k = Math.tan((Math.PI * cutoffHz) / sampleHz);
  const q = Math.SQRT2;
  const norm = 1 / (1 + q * k + k * k);
  const b0 = k * k * norm;
  return { b: [b0, 2 * b0, b0], a: [1, 2 * (k * k - 1) * norm, (1 - q * k + k * k) * norm] };
}

function lfilter2(b: readonly number[], a: readonly number[], x: Float64Array, out: Float64Array): void {
  const [b0 = 0, b1 = 0, b2 = 0] = b;
  const [, a1 = 0, a2 = 0] = a;
  const x0 = x[0] ?? 0;
  // Steady-state initial conditions for a step of height x0 (DC gain 1), as scipy's lfilter_zi.
  let z1 = (1 - b0) * x0;
  let z2 = (b2 - a2) * x0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    const yi = b0 * xi + z1;
    z1 = b1 * xi - a1 * yi + z2;
    z2 = b2 * xi - a2 * yi;
    out[i] = yi;
  }
}

/** lfilter2 applied to x read from its end, output written from its end (= reverse, filter, reverse). */
function lfilter2Backward(b: readonly number[], a: readonly number[], x: Float64Array, out: Float64Array): void {
  const [b0 = 0, b1 = 0, b2 = 0] = b;
  const [, a1 = 0, a2 = 0] = a;
  const n = x.length;
  const x0 = x[n - 1] ?? 0;
  let z1 = (1 - b0) * x0;
  let z2 = (b2 - a2) * x0;
  for (let i = n - 1; i >= 0; i--) {
    const xi = x[i] ?? 0;
    const yi = b0 * xi + z1;
    z1 = b1 * xi - a1 * yi + z2;
    z2 = b2 * xi - a2 * yi;
    out[i] = yi;
  }
}

/**
 * Zero-phase (forward-backward) 2nd-order Butterworth low-pass of an evenly sampled series, in place on
 * each run of finite values (NaN runs stay NaN and split the series). Odd-reflection padding at the ends.
 */
export function filtfiltInPlace(x: Float64Array, cutoffHz: number, sampleHz: number): void {
  const fc = Math.min(cutoffHz, 0.4 * sampleHz);
  const { b, a } = butter2(fc, sampleHz);
  const n = x.length;
  let i = 0;
  while (i < n) {
    while (i < n && !Number.isFinite(x[i] as number)) i++;
    let j = i;
    while (j < n && Number.isFinite(x[j] as number)) j++;
    if (j - i >= 4) filterRun(x, i, j, b, a, Math.round(sampleHz / fc));
    i = j;
  }
}

let scratchA = new Float64Array(0);
let scratchB = new Float64Array(0);

function filterRun(x: Float64Array, start: number, end: number, b: number[], a: number[], padWanted: number): void {
  const n = end - start;
  const pad = Math.min(n - 1, Math.max(9, padWanted));
  const m = n + 2 * pad;
  if (scratchA.length < m) {
    scratchA = new Float64Array(m);
    scratchB = new Float64Array(m);
  }
  const ext = scratchA.subarray(0, m);
  const tmp = scratchB.subarray(0, m);
  const first = x[start] as number;
  const last = x[end - 1] as number;
  for (let k = 0; k < pad; k++) ext[k] = 2 * first - (x[start + pad - k] as number);
  for (let k = 0; k < n; k++) ext[pad + k] = x[start + k] as number;
  for (let k = 0; k < pad; k++) ext[pad + n + k] = 2 * last - (x[end - 2 - k] as number);
  lfilter2(b, a, ext, tmp);
  // Backward pass = reverse, filter, reverse again (done by running the filter from the end).
  lfilter2Backward(b, a, tmp, ext);
  for (let k = 0; k < n; k++) x[start + k] = ext[pad + k] as number;
}

/**
 * filtfiltInPlace of two series at once (e.g. a joint's x and y), bit-identical to filtering each alone: when both
 * have their finite values at the same indices, each run is filtered for both in one loop (two independent
 * recursions interleave, about twice the throughput); otherwise each series is filtered alone.
 */
export function filtfiltPairInPlace(x: Float64Array, y: Float64Array, cutoffHz: number, sampleHz: number): void {
  const n = x.length;
  if (y.length !== n) {
    filtfiltInPlace(x, cutoffHz, sampleHz);
    filtfiltInPlace(y, cutoffHz, sampleHz);
    return;
  }
  const fc = Math.min(cutoffHz, 0.4 * sampleHz);
  const { b, a } = butter2(fc, sampleHz);
  const padWanted = Math.round(sampleHz / fc);
  let i = 0;
  while (i < n) {
    // Here i = 0 or both series are non-finite at i − 1: a run boundary of both.
    while (i < n && (x[i] as number) - (x[i] as number) !== 0 && (y[i] as number) - (y[i] as number) !== 0) i++;
    if (i >= n) return;
    let j = i;
    while (j < n && (x[j] as number) - (x[j] as number) === 0 && (y[j] as number) - (y[j] as number) === 0) j++;
    // Runs that do not coincide: the rest (from this common boundary) is filtered series by series. Runs are
    // filtered independently, so the runs done together so far are what filtering each alone gives.
    const xi = x[i] as number;
    const yi = y[i] as number;
    if (xi - xi !== 0 || yi - yi !== 0 || (j < n && ((x[j] as number) - (x[j] as number) === 0 || (y[j] as number) - (y[j] as number) === 0))) {
      filtfiltInPlace(x.subarray(i), cutoffHz, sampleHz);
      filtfiltInPlace(y.subarray(i), cutoffHz, sampleHz);
      return;
    }
    if (j - i >= 4) filterRunPair(x, y, i, j, b, a, padWanted);
    i = j;
  }
}

let scratchC = new Float64Array(0);
let scratchD = new Float64Array(0);

/** Odd-reflection padding of x[start, end) into ext (pad samples each side), as filterRun. */
function padRun(x: Float64Array, start: number, end: number, pad: number, ext: Float64Array): void {
  const n = end - start;
  const first = x[start] as number;
  const last = x[end - 1] as number;
  for (let k = 0; k < pad; k++) ext[k] = 2 * first - (x[start + pad - k] as number);
  ext.set(x.subarray(start, end), pad);
  for (let k = 0; k < pad; k++) ext[pad + n + k] = 2 * last - (x[end - 2 - k] as number);
}

/** filterRun of the same run of two series, the two recursions interleaved in one loop (same arithmetic per series). */
function filterRunPair(x: Float64Array, y: Float64Array, start: number, end: number, b: number[], a: number[], padWanted: number): void {
  const n = end - start;
  const pad = Math.min(n - 1, Math.max(9, padWanted));
  const m = n + 2 * pad;
  if (scratchA.length < m) {
    scratchA = new Float64Array(m);
    scratchB = new Float64Array(m);
  }
  if (scratchC.length < m) {
    scratchC = new Float64Array(m);
    scratchD = new Float64Array(m);
  }
  const ex = scratchA.subarray(0, m);
  const tx = scratchB.subarray(0, m);
  const ey = scratchC.subarray(0, m);
  const ty = scratchD.subarray(0, m);
  padRun(x, start, end, pad, ex);
  padRun(y, start, end, pad, ey);
  const b0 = b[0] ?? 0;
  const b1 = b[1] ?? 0;
  const b2 = b[2] ?? 0;
  const a1 = a[1] ?? 0;
  const a2 = a[2] ?? 0;
  // Forward pass (lfilter2) of both.
  let x0 = ex[0] as number;
  let y0 = ey[0] as number;
  let p1 = (1 - b0) * x0;
  let p2 = (b2 - a2) * x0;
  let q1 = (1 - b0) * y0;
  let q2 = (b2 - a2) * y0;
  for (let i = 0; i < m; i++) {
    const xi = ex[i] as number;
    const yi = ey[i] as number;
    const u = b0 * xi + p1;
    const v = b0 * yi + q1;
    p1 = b1 * xi - a1 * u + p2;
    q1 = b1 * yi - a1 * v + q2;
    p2 = b2 * xi - a2 * u;
    q2 = b2 * yi - a2 * v;
    tx[i] = u;
    ty[i] = v;
  }
  // Backward pass (lfilter2Backward) of both, results straight into the series.
  x0 = tx[m - 1] as number;
  y0 = ty[m - 1] as number;
  p1 = (1 - b0) * x0;
  p2 = (b2 - a2) * x0;
  q1 = (1 - b0) * y0;
  q2 = (b2 - a2) * y0;
  // (The leading padding's outputs are not needed: the pass stops at the run's first sample.)
  const end2 = pad + n;
  for (let i = m - 1; i >= pad; i--) {
    const xi = tx[i] as number;
    const yi = ty[i] as number;
    const u = b0 * xi + p1;
    const v = b0 * yi + q1;
    p1 = b1 * xi - a1 * u + p2;
    q1 = b1 * yi - a1 * v + q2;
    p2 = b2 * xi - a2 * u;
    q2 = b2 * yi - a2 * v;
    if (i < end2) {
      x[start + i - pad] = u;
      y[start + i - pad] = v;
    }
  }
}

/** Options of the One Euro filter: minCutoff (Hz), beta (speed coefficient), dCutoff (Hz) of the derivative. */
export interface OneEuroOptions {
  minCutoff?: number;
  beta?: number;
  dCutoff?: number;
}

const ONE_EURO_DEFAULTS = Object.freeze({ minCutoff: 1.0, beta: 0.05, dCutoff: 1.0 });

/** Causal One Euro filter (Casiez et al. 2012) for live feedback; `tS` in seconds, strictly increasing. */
export class OneEuroFilter {
  private readonly opts: Required<OneEuroOptions>;
  private xPrev = NaN;
  private dxPrev = 0;
  private tPrev = NaN;

  constructor(opts: OneEuroOptions = {}) {
    this.opts = { ...ONE_EURO_DEFAULTS, ...opts };
  }

  /** Filters sample `x` taken at `tS` seconds; NaN input returns NaN and keeps the state. */
  filter(x: number, tS: number): number {
    if (!Number.isFinite(x)) return NaN;
    if (!Number.isFinite(this.xPrev) || !(tS > this.tPrev)) {
      const first = !Number.isFinite(this.xPrev);
      if (first) {
        this.xPrev = x;
        this.tPrev = tS;
        this.dxPrev = 0;
      }
      return this.xPrev;
    }
    const dt = tS - this.tPrev;
    const alpha = (cutoff: number): number => {
      const tau = 1 / (2 * Math.PI * cutoff);
      return 1 / (1 + tau / dt);
    };
    const dx = (x - this.xPrev) / dt;
    const aD = alpha(this.opts.dCutoff);
    const dxHat = aD * dx + (1 - aD) * this.dxPrev;
    const cutoff = this.opts.minCutoff + this.opts.beta * Math.abs(dxHat);
    const aX = alpha(cutoff);
    const xHat = aX * x + (1 - aX) * this.xPrev;
    this.xPrev = xHat;
    this.dxPrev = dxHat;
    this.tPrev = tS;
    return xHat;
  }

  /** Forgets the filter state. */
  reset(): void {
    this.xPrev = NaN;
    this.dxPrev = 0;
    this.tPrev = NaN;
  }
}
