/**
 * Knee flexion across keypoint gaps (side view): where a swing's knee peak falls in a gap of the knee or ankle, the
 * knee angle is bridged by a local polynomial in the angle itself, or filled from other gait cycles
 * (kneeAnglesAcrossGaps); kneePeaks.ts reads the peak from it and says so in the warnings. Validated in
 * tests/unit/kneeGap.test.ts.
 */
import { flexionDeg, type KinematicsSettings } from './conventions.ts';
import { filtfiltInPlace } from './filters.ts';
import { choleskyInPlace, choleskySolveInPlace } from './linalg.ts';
import { maskOnGrid, resampleSeries } from './resample.ts';
import { type Trajectories, floorIndex, medianDt, nanRuns } from './trajectories.ts';

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
 * Knee-angle gaps too long for the polynomial, filled from other gait cycles (fillGapsFromCycles): the knee angle of
 * the same leg about one stride earlier and later, and of the other leg about half a stride earlier and later, each
 * shifted in time and fitted as a + b·donor + c·t to the angles seen on both sides of the gap, averaged. Chosen on
 * artificial gaps over the swing knee peaks of the clean motion-capture side-view tracks (tests/unit/kneeGap.test.ts):
 * the peak's error is 1–2° typically and up to about 5° at 0.2 s, because a swing's peak varies from stride to stride
 * by more than the flanks reveal (sd 3.6–4.5° in the PiG trial). A single best donor instead of the average reached
 * 6–7°; a time stretch of the donor or a stricter match did not help. So report.ts uses such a peak only for a leg
 * that has no measured one.
 */
export const KNEE_GAP_PATTERN = Object.freeze({
  /** Longest run of unseen frames filled from another cycle (s); at 0.27 s the worst error grew to 10°. */
  maxGapS: 0.2,
  /** The seen angles this long (s) before and after the run are matched… */
  contextS: 0.15,
  /** …of which at least this many on each side. */
  minContextSamples: 3,
  /** Time shifts (s) searched for the same leg's donor (about one stride)… */
  sameLegShiftS: [0.7, 2.2] as const,
  /** …and for the other leg's (about half a stride). */
  otherLegShiftS: [0.35, 1.1] as const,
  /** Accepted amplitude ratio b of the run's knee curve to the donor's. */
  scaleRange: [0.75, 1.33] as const,
  /** A donor is used only when it matches the context within this RMS (°). */
  maxRmsDeg: 1.5,
});

/**
 * Knee flexion (°) of both legs on the analysis grid from the raw frames where `seenRaw[side]` = 1 (knee and ankle
 * seen; with `pre`, a hip that was filled from the other hip is replaced by kneeAnglesWithLocalHip's). Each run of
 * unseen frames up to KNEE_GAP_BRIDGE.maxGapS is bridged by a local polynomial in the angle itself (a flexion peak in
 * the run curves on, where interpolated keypoints cut it short); a longer run up to KNEE_GAP_PATTERN.maxGapS is filled
 * from another gait cycle where one matches (fillGapsFromCycles). Then low-passed as the keypoints are.
 * `bridged` per grid sample: 1 where the value rests on seen or bridged frames, 0 where it does not; `fromCycle`: 1
 * where it rests on a run filled from another cycle.
 */
export function kneeAnglesAcrossGaps(
  raw: Trajectories, seenRaw: Record<'left' | 'right', Uint8Array>, grid: Float64Array, settings: KinematicsSettings, lowPass: boolean,
  pre?: Record<'left' | 'right', KneeRebuildInputs>,
): Record<'left' | 'right', { kneeDeg: Float64Array; bridged: Uint8Array; fromCycle: Uint8Array }> {
  const n = raw.tS.length;
  const seenAngle = (side: 'left' | 'right'): Float64Array => {
    const H = raw.pts[`${side}_hip`];
    const K = raw.pts[`${side}_knee`];
    const A = raw.pts[`${side}_ankle`];
    const ang = new Float64Array(n).fill(NaN);
    const seen = seenRaw[side];
    for (let i = 0; i < n; i++) {
      if (seen[i] !== 1) continue;
      ang[i] = flexionDeg(H.x[i] as number, H.y[i] as number, K.x[i] as number, K.y[i] as number, A.x[i] as number, A.y[i] as number);
    }
    if (pre) kneeAnglesWithLocalHip(raw.tS, ang, pre[side], K, A);
    return ang;
  };
  const seen = { left: seenAngle('left'), right: seenAngle('right') };
  const m = grid.length;
  const dtS = m > 1 ? ((grid[m - 1] as number) - (grid[0] as number)) / (m - 1) : medianDt(raw.tS);
  const b = KNEE_GAP_BRIDGE;
  const one = (side: 'left' | 'right') => {
    const ang = seen[side].slice();
    fillGapsPolynomial(raw.tS, ang, b.degree, b.sideS, b.minSideSamples, b.maxGapS);
    const cycleMask = new Uint8Array(n);
    if (settings.kneePeakFromOtherCycles !== 'never') {
      fillGapsFromCycles(raw.tS, ang, [
        { v: seen[side], shiftS: KNEE_GAP_PATTERN.sameLegShiftS },
        { v: seen[side === 'left' ? 'right' : 'left'], shiftS: KNEE_GAP_PATTERN.otherLegShiftS },
      ], cycleMask);
    }
    // Onto the grid: only a single dropped frame (a time hole with no frame record) is interpolated here; a run left
    // unfilled stays a gap (a Hermite curve across it would cut the peak short and be reported as bridged).
    const maxHoleS = Math.min(settings.maxGapS, 1.5 * dtS);
    const out = resampleSeries(raw.tS, ang, grid, maxHoleS, dtS);
    const fromCycle = maskOnGrid(raw.tS, cycleMask, grid);
    const bridged = new Uint8Array(m);
    for (let g = 0; g < m; g++) bridged[g] = Number.isFinite(out[g] as number) ? 1 : 0;
    if (lowPass && dtS > 0) filtfiltInPlace(out, settings.lowPassHz, 1 / dtS);
    return { kneeDeg: out, bridged, fromCycle };
  };
  return { left: one('left'), right: one('right') };
}

/** A donor series for fillGapsFromCycles and the range of |time shift| (s) searched for it. */
interface CycleDonor { v: Float64Array; shiftS: readonly [number, number] }

/**
 * Fills each run of NaN in v lasting at most KNEE_GAP_PATTERN.maxGapS from other gait cycles: for every donor and
 * direction, the shift ±s in its range (steps of half the frame interval) whose fit a + b·donor(t ± s) + c·t to v's
 * finite samples within contextS before and after the run has the least RMS; the run is the average of those fits
 * with RMS ≤ maxRmsDeg and b within scaleRange (left NaN when none). A donor must be finite (no hole over 2.5 frame
 * intervals, so one dropped frame is allowed) across the run and its context. Sets mask[k] = 1 where filled. Mutates v; returns the samples filled.
 */
export function fillGapsFromCycles(tS: Float64Array, v: Float64Array, donors: readonly CycleDonor[], mask: Uint8Array): number {
  const P = KNEE_GAP_PATTERN;
  const n = v.length;
  const dt = medianDt(tS);
  if (!(dt > 0)) return 0;
  let filled = 0;
  const ctxIdx: number[] = [];
  const ata = new Float64Array(9);
  const atb = new Float64Array(3);
  const row = new Float64Array(3);
  for (const [runStart, j] of shortNaNRuns(tS, v, P.maxGapS)) {
    const ta = tS[runStart - 1] as number;
    const tb = tS[j] as number;
    ctxIdx.length = 0;
    let before = 0;
    let after = 0;
    for (let k = runStart - 1; k >= 0 && (tS[k] as number) >= ta - P.contextS - 1e-9; k--) if ((v[k] as number) - (v[k] as number) === 0) { ctxIdx.push(k); before++; }
    for (let k = j; k < n && (tS[k] as number) <= tb + P.contextS + 1e-9; k++) if ((v[k] as number) - (v[k] as number) === 0) { ctxIdx.push(k); after++; }
    if (before < P.minContextSamples || after < P.minContextSamples) continue;
    const mid = (ta + tb) / 2;
    const half = (tb - ta) / 2 + P.contextS;
    const lo = ta - P.contextS;
    const hi = tb + P.contextS;
    // Per donor and direction (earlier / later), the best shift; then the average of those that match.
    const fits: { rms: number; coef: Float64Array; d: CycleDonor; s: number }[] = [];
    for (const d of donors) {
      for (const sign of [-1, 1]) {
        let bestHere: (typeof fits)[number] | null = null;
        for (let s = d.shiftS[0]; s <= d.shiftS[1] + 1e-9; s += dt / 2) {
          const sh = sign * s;
          if (!coveredS(tS, d.v, lo + sh, hi + sh, 2.5 * dt)) continue;
          ata.fill(0);
          atb.fill(0);
          let syy = 0;
          for (const k of ctxIdx) {
            const t = tS[k] as number;
            row[0] = 1;
            row[1] = interpAt(tS, d.v, t + sh);
            row[2] = (t - mid) / half;
            const y = v[k] as number;
            syy += y * y;
            for (let p = 0; p < 3; p++) {
              atb[p] = (atb[p] as number) + (row[p] as number) * y;
              for (let q = 0; q < 3; q++) ata[p * 3 + q] = (ata[p * 3 + q] as number) + (row[p] as number) * (row[q] as number);
            }
          }
          // solveNormal mutates its inputs: the residual needs atb as accumulated.
          const coef = solveNormal(ata.slice(), atb.slice(), 3);
          if (!coef) continue;
          const scale = coef[1] as number;
          if (scale < P.scaleRange[0] || scale > P.scaleRange[1]) continue;
          let sse = syy;
          for (let p = 0; p < 3; p++) sse -= (coef[p] as number) * (atb[p] as number);
          const rms = Math.sqrt(Math.max(0, sse) / Math.max(1, ctxIdx.length - 3));
          if (bestHere === null || rms < bestHere.rms) bestHere = { rms, coef, d, s: sh };
        }
        if (bestHere && bestHere.rms <= P.maxRmsDeg) fits.push(bestHere);
      }
    }
    if (fits.length === 0) continue;
    for (let k = runStart; k < j; k++) {
      const t = tS[k] as number;
      let acc = 0;
      for (const f of fits) acc += (f.coef[0] as number) + (f.coef[1] as number) * interpAt(tS, f.d.v, t + f.s) + (f.coef[2] as number) * ((t - mid) / half);
      v[k] = acc / fits.length;
      mask[k] = 1;
      filled++;
    }
  }
  return filled;
}

/** True when every frame from the last at or before t0 to the first at or after t1 has v finite, none further than maxStepS apart. */
function coveredS(tS: Float64Array, v: Float64Array, t0: number, t1: number, maxStepS: number): boolean {
  const n = tS.length;
  if (n === 0 || t0 < (tS[0] as number) || t1 > (tS[n - 1] as number)) return false;
  for (let k = Math.max(0, floorIndex(tS, t0)); k < n; k++) {
    if ((v[k] as number) - (v[k] as number) !== 0) return false;
    if ((tS[k] as number) >= t1) return true;
    if ((tS[k + 1] as number) - (tS[k] as number) > maxStepS) return false;
  }
  return false;
}

/** v linearly interpolated at time t between the frames around it. */
function interpAt(tS: Float64Array, v: Float64Array, t: number): number {
  const k = Math.max(0, floorIndex(tS, t));
  const t0 = tS[k] as number;
  const t1 = tS[k + 1];
  if (t1 === undefined || t1 <= t0) return v[k] as number;
  const f = (t - t0) / (t1 - t0);
  return (v[k] as number) * (1 - f) + (v[k + 1] as number) * f;
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
  for (const [i, j] of shortNaNRuns(tS, v, maxGapS)) {
    const ta = tS[i - 1] as number;
    const tb = tS[j] as number;
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
    const coef = before >= minSide && after >= minSide && before + after > m && ta - reachA >= 0.8 * sideS - 1e-9 && reachB - tb >= 0.8 * sideS - 1e-9 ? solveNormal(ata, atb, m) : null;
    if (coef) {
      for (let k = i; k < j; k++) {
        const x = ((tS[k] as number) - mid) / half;
        let y = 0;
        for (let d = m - 1; d >= 0; d--) y = y * x + (coef[d] as number);
        v[k] = y;
        filled++;
      }
    }
  }
  return filled;
}

/** Least-squares coefficients from the normal equations AᵀA (m×m, row-major) and Aᵀb by Cholesky; null when singular. Mutates both. */
function solveNormal(A: Float64Array, b: Float64Array, m: number): Float64Array | null {
  let scale = 0;
  for (let a = 0; a < m; a++) scale = Math.max(scale, A[a * m + a] as number);
  if (!choleskyInPlace(A, m, 1e-12 * scale)) return null;
  choleskySolveInPlace(A, m, b);
  return b;
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

/**
 * The runs [i, j) of NaN in v that lie between finite samples and last at most maxGapS (the time between the
 * finite samples around the run × its frame count ÷ (its frame count + 1), i.e. the missing frames' share).
 */
function shortNaNRuns(tS: Float64Array, v: Float64Array, maxGapS: number): [number, number][] {
  return nanRuns(v).filter(([i, j]) => {
    const ta = tS[i - 1];
    const tb = tS[j];
    return ta !== undefined && tb !== undefined && ((tb - ta) * (j - i)) / (j - i + 1) <= maxGapS + 1e-9;
  });
}
