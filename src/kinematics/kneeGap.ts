/**
 * Knee flexion across short keypoint gaps (side view): where a swing's knee peak falls in a gap of the knee or ankle,
 * the knee angle is bridged by a local polynomial in the angle itself (kneeAngleAcrossGaps); report.ts uses it for
 * the peak and says so in the warnings. Validated in tests/unit/kneeGap.test.ts.
 */
import { flexionDeg, type KinematicsSettings } from './conventions.ts';
import { filtfiltInPlace } from './filters.ts';
import { type Trajectories, medianDt, resampleSeries } from './trajectories.ts';

/**
 * Knee flexion bridged across short keypoint gaps (kneeAngleAcrossGaps). Chosen on artificial gaps knocked over
 * the swing knee peaks of the clean motion-capture side-view tracks (tests/unit/kneeGap.test.ts): with these
 * values the peak of a bridged swing stays within 1.7° of the gap-free one (2.5° when the hip is missing longer than
 * the knee; gaps ≤ 0.1 s; at 0.133 s the worst case grew to 3.1–3.8°, so longer gaps are not bridged).
 */
export const KNEE_GAP_BRIDGE = Object.freeze({
  /** Longest run of unseen frames bridged (s; 3 frames at 30 fps, 6 at 60, with some timing jitter): longer runs stay gaps. */
  maxGapS: 0.11,
  /** Degree of the local polynomial fitted to the seen knee angles on both sides of a run. */
  degree: 4,
  /** The polynomial is fitted to the seen samples within this long (s) before and after the run… */
  sideS: 0.1,
  /** …of which at least this many on each side, covering at least 80 % of sideS. */
  minSideSamples: 3,
});

/**
 * Knee flexion (°) of one leg on the analysis grid from the raw frames where `seenRaw` = 1 (knee and ankle seen;
 * with `pre`, a hip that was filled from the other hip is replaced by kneeAnglesWithLocalHip's),
 * each run of unseen frames up to KNEE_GAP_BRIDGE.maxGapS bridged by a local polynomial in the angle itself (a
 * flexion peak in the run curves on, where interpolated keypoints cut it short), then low-passed as the keypoints
 * are. `bridged` per grid sample: 1 where the value rests on seen or bridged frames, 0 where it does not.
 */
export function kneeAngleAcrossGaps(
  raw: Trajectories, side: 'left' | 'right', seenRaw: Uint8Array, grid: Float64Array, settings: KinematicsSettings, lowPass: boolean,
  pre?: KneeRebuildInputs,
): { kneeDeg: Float64Array; bridged: Uint8Array; bridgedFrames: number } {
  const n = raw.tS.length;
  const H = raw.pts[`${side}_hip`];
  const K = raw.pts[`${side}_knee`];
  const A = raw.pts[`${side}_ankle`];
  const ang = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (seenRaw[i] !== 1) continue;
    ang[i] = flexionDeg(H.x[i] as number, H.y[i] as number, K.x[i] as number, K.y[i] as number, A.x[i] as number, A.y[i] as number);
  }
  if (pre) kneeAnglesWithLocalHip(raw.tS, ang, pre, K, A);
  const b = KNEE_GAP_BRIDGE;
  const bridgedFrames = fillGapsPolynomial(raw.tS, ang, b.degree, b.sideS, b.minSideSamples, b.maxGapS);
  const m = grid.length;
  const dtS = m > 1 ? ((grid[m - 1] as number) - (grid[0] as number)) / (m - 1) : medianDt(raw.tS);
  // Onto the grid: only a single dropped frame (a time hole with no frame record) is interpolated here; a run the
  // polynomial declined stays a gap (a Hermite curve across it would cut the peak short and be reported as bridged).
  const out = resampleSeries(raw.tS, ang, grid, Math.min(settings.maxGapS, 1.5 * dtS), dtS);
  const bridged = new Uint8Array(m);
  for (let g = 0; g < m; g++) bridged[g] = Number.isFinite(out[g] as number) ? 1 : 0;
  if (lowPass && dtS > 0) filtfiltInPlace(out, settings.lowPassHz, 1 / dtS);
  return { kneeDeg: out, bridged, bridgedFrames };
}

/**
 * Fills each run of NaN in v lasting at most maxGapS (its frame count × the local frame interval) with a least-squares
 * polynomial of degree `degree` through the finite samples within sideS before and after it, when there are at
 * least minSide on each side reaching back / forward at least 0.8·sideS; other runs stay NaN. Mutates v; returns
 * the samples filled.
 */
export function fillGapsPolynomial(tS: Float64Array, v: Float64Array, degree: number, sideS: number, minSide: number, maxGapS: number): number {
  const n = v.length;
  let filled = 0;
  const m = degree + 1;
  const ata = new Float64Array(m * m);
  const atb = new Float64Array(m);
  const pw = new Float64Array(m);
  let i = 0;
  while (i < n) {
    if ((v[i] as number) - (v[i] as number) === 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && (v[j] as number) - (v[j] as number) !== 0) j++;
    // Run [i, j): bridged only between seen samples, and only when short.
    const ta = tS[i - 1];
    const tb = tS[j];
    if (ta === undefined || tb === undefined || ((tb - ta) * (j - i)) / (j - i + 1) > maxGapS + 1e-9) {
      i = j;
      continue;
    }
    const mid = (ta + tb) / 2;
    const half = (tb - ta) / 2 + sideS;
    ata.fill(0);
    atb.fill(0);
    let before = 0;
    let after = 0;
    let reachA = ta;
    let reachB = tb;
    const add = (k: number): void => {
      const x = ((tS[k] as number) - mid) / half;
      pw[0] = 1;
      for (let d = 1; d < m; d++) pw[d] = (pw[d - 1] as number) * x;
      for (let r = 0; r < m; r++) {
        atb[r] = (atb[r] as number) + (pw[r] as number) * (v[k] as number);
        for (let c = 0; c < m; c++) ata[r * m + c] = (ata[r * m + c] as number) + (pw[r] as number) * (pw[c] as number);
      }
    };
    for (let k = i - 1; k >= 0 && (tS[k] as number) >= ta - sideS - 1e-9; k--) {
      if ((v[k] as number) - (v[k] as number) !== 0) continue;
      add(k);
      before++;
      reachA = tS[k] as number;
    }
    for (let k = j; k < n && (tS[k] as number) <= tb + sideS + 1e-9; k++) {
      if ((v[k] as number) - (v[k] as number) !== 0) continue;
      add(k);
      after++;
      reachB = tS[k] as number;
    }
    const coef = before >= minSide && after >= minSide && before + after > m && ta - reachA >= 0.8 * sideS - 1e-9 && reachB - tb >= 0.8 * sideS - 1e-9 ? solveSmall(ata, atb, m) : null;
    if (coef) {
      for (let k = i; k < j; k++) {
        const x = ((tS[k] as number) - mid) / half;
        let y = 0;
        for (let d = m - 1; d >= 0; d--) y = y * x + (coef[d] as number);
        v[k] = y;
        filled++;
      }
    }
    i = j;
  }
  return filled;
}

/** Solves the m×m system A x = b (Gaussian elimination with partial pivoting); null when singular. Mutates A and b. */
function solveSmall(A: Float64Array, b: Float64Array, m: number): Float64Array | null {
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r * m + c] as number) > Math.abs(A[p * m + c] as number)) p = r;
    if (!(Math.abs(A[p * m + c] as number) > 1e-12)) return null;
    if (p !== c) {
      for (let k = 0; k < m; k++) {
        const t = A[c * m + k] as number;
        A[c * m + k] = A[p * m + k] as number;
        A[p * m + k] = t;
      }
      const t = b[c] as number;
      b[c] = b[p] as number;
      b[p] = t;
    }
    for (let r = c + 1; r < m; r++) {
      const f = (A[r * m + c] as number) / (A[c * m + c] as number);
      for (let k = c; k < m; k++) A[r * m + k] = (A[r * m + k] as number) - f * (A[c * m + k] as number);
      b[r] = (b[r] as number) - f * (b[c] as number);
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r] as number;
    for (let k = r + 1; k < m; k++) s -= (A[r * m + k] as number) * (x[k] as number);
    x[r] = s / (A[r * m + r] as number);
  }
  return x;
}

/** One leg's hip and the other hip as extracted, before the hips are filled from each other (NaN where not seen). */
export interface KneeRebuildInputs {
  hip: { x: Float64Array; y: Float64Array };
  otherHip: { x: Float64Array; y: Float64Array };
}

/** A missing hip is taken from the other hip plus their offset interpolated over at most this far (s) for the gap bridge. */
const HIP_OFFSET_MAX_S = 0.5;

/**
 * Where the knee and ankle were seen but the hip was not: the knee angle with the hip taken from the other hip plus
 * their offset interpolated between the nearest frames that showed both (each within HIP_OFFSET_MAX_S; else no
 * angle). fillSagittalPairs' offset, a median over ±1 s, moves with pelvic rotation by several pixels: enough to
 * bend a bridged knee peak by 5°.
 */
function kneeAnglesWithLocalHip(tS: Float64Array, ang: Float64Array, pre: KneeRebuildInputs, K: { x: Float64Array; y: Float64Array }, A: { x: Float64Array; y: Float64Array }): void {
  const n = tS.length;
  const { hip, otherHip } = pre;
  let need = false;
  for (let i = 0; i < n && !need; i++) if ((ang[i] as number) - (ang[i] as number) === 0 && (hip.x[i] as number) - (hip.x[i] as number) !== 0) need = true;
  if (!need) return;
  const offX = new Float64Array(n);
  const offY = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    offX[i] = (hip.x[i] as number) - (otherHip.x[i] as number);
    offY[i] = (hip.y[i] as number) - (otherHip.y[i] as number);
  }
  const { prev, next } = nearestFinite(offX);
  for (let i = 0; i < n; i++) {
    if ((ang[i] as number) - (ang[i] as number) !== 0 || (hip.x[i] as number) - (hip.x[i] as number) === 0) continue;
    const hx = (otherHip.x[i] as number) + localInterp(tS, offX, prev, next, i, HIP_OFFSET_MAX_S);
    const hy = (otherHip.y[i] as number) + localInterp(tS, offY, prev, next, i, HIP_OFFSET_MAX_S);
    ang[i] = flexionDeg(hx, hy, K.x[i] as number, K.y[i] as number, A.x[i] as number, A.y[i] as number);
  }
}

/** Linear interpolation of v at i between its nearest finite samples before and after, each within maxS; NaN otherwise. */
function localInterp(tS: Float64Array, v: Float64Array, prev: Int32Array, next: Int32Array, i: number, maxS: number): number {
  const a = prev[i] as number;
  const b = next[i] as number;
  if (a < 0 || b < 0) return NaN;
  const ta = tS[a] as number;
  const tb = tS[b] as number;
  const t = tS[i] as number;
  if (t - ta > maxS || tb - t > maxS) return NaN;
  return tb > ta ? (v[a] as number) + (((v[b] as number) - (v[a] as number)) * (t - ta)) / (tb - ta) : (v[a] as number);
}

/** prev[i] / next[i]: the nearest index ≤ i / ≥ i where v is finite (−1 when none). */
function nearestFinite(v: Float64Array): { prev: Int32Array; next: Int32Array } {
  const n = v.length;
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  let last = -1;
  for (let i = 0; i < n; i++) {
    if ((v[i] as number) - (v[i] as number) === 0) last = i;
    prev[i] = last;
  }
  last = -1;
  for (let i = n - 1; i >= 0; i--) {
    if ((v[i] as number) - (v[i] as number) === 0) last = i;
    next[i] = last;
  }
  return { prev, next };
}
