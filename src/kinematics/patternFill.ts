/**
 * Gait-periodic ("pattern") gap filling of the leg keypoints, as Vicon Nexus's pattern fill does with a donor
 * trajectory: walking repeats every stride, so a short gap in a leg keypoint's path relative to the pelvis is
 * filled from the same keypoint one stride earlier or later, or from the other leg's keypoint half a stride away.
 * The donor and its time shift are chosen by a least-squares match to the samples seen on both sides of the gap;
 * a poor match leaves the gap to the ordinary (Hermite) interpolation. Works on the raw, irregular-time
 * trajectories, before resampling.
 */
import { bodyHeightPxPerFrame } from './clean.ts';
import { bodyScaleTrend } from './scale.ts';
import { type Joint, type Trajectories, floorIndex, medianDt, nanQuantilePair, nanRuns } from './trajectories.ts';
import type { View } from './types.ts';

/** Tuning of the pattern fill (times in s; chosen on artificial whole-leg gaps of the motion-capture tracks, see tests/unit/patternFill.test.ts). */
export const PATTERN_FILL = Object.freeze({
  /**
   * Longest gap filled: its missing span (first to last missing frame plus one frame interval), as for the Hermite
   * interpolation it replaces; report.ts passes the pipeline's limit (KINEMATICS_DEFAULTS.maxGapS, metrics.md: longer
   * gaps stay gaps).
   */
  maxGapS: 0.25,
  /** Shortest gap filled (missing span): shorter ones (a rejected outlier, one lost frame) are left to the Hermite interpolation. */
  minGapS: 0.06,
  /** Context matched on each side of the gap. */
  contextS: 0.15,
  /** Fewest seen context samples on each side, as a fraction of the context window's frames. */
  minContextFraction: 0.5,
  /** Stride period searched for same-keypoint donors (the other leg's donor is shifted by half of it). */
  strideMinS: 0.7,
  strideMaxS: 2.0,
  /** Accept a donor when its match RMS (offset removed) is at most this fraction of the keypoint's excursion. */
  maxResidualFraction: 0.2,
});

/** Settings of patternFillLegGaps (PATTERN_FILL's shape). */
export type PatternFillSettings = typeof PATTERN_FILL;

/** Leg keypoints filled (those the keypoint set has). */
const LEG_POINTS = ['knee', 'ankle', 'heel', 'foot_index'] as const;

/** What patternFillLegGaps did: gaps filled, samples filled, and per joint 1 at each raw frame it filled. */
export interface PatternFillResult {
  gaps: number;
  samples: number;
  filled: Partial<Record<Joint, Uint8Array>>;
}

/** A keypoint's signal relative to the pelvis (x, y; NaN where missing) and the prefix count of its missing frames. */
interface RelSignal {
  x: Float64Array;
  y: Float64Array;
  missBefore: Int32Array;
}

/** Linear interpolation across NaN runs of `v` no longer than `maxS` (for the pelvis reference only). */
function bridgeShortNaN(tS: Float64Array, v: Float64Array, maxS: number): void {
  for (const [i, j] of nanRuns(v)) {
    if (i === 0 || j === v.length || (tS[j] as number) - (tS[i - 1] as number) > maxS) continue;
    const a = v[i - 1] as number;
    const t0 = tS[i - 1] as number;
    const w = ((v[j] as number) - a) / ((tS[j] as number) - t0);
    for (let k = i; k < j; k++) v[k] = a + w * ((tS[k] as number) - t0);
  }
}

/** Cubic Hermite (Catmull-Rom slopes over irregular times) value of `v` at t in [tS[j], tS[j+1]]; the caller ensures v[j], v[j+1] are finite. */
function hermite(tS: Float64Array, v: Float64Array, j: number, t: number): number {
  const n = v.length;
  const t0 = tS[j] as number;
  const t1 = tS[j + 1] as number;
  const p0 = v[j] as number;
  const p1 = v[j + 1] as number;
  const h = t1 - t0;
  const lin = (p1 - p0) / h;
  const pm = j > 0 ? (v[j - 1] as number) : NaN;
  const pp = j + 2 < n ? (v[j + 2] as number) : NaN;
  const m0 = pm - pm === 0 ? (p1 - pm) / (t1 - (tS[j - 1] as number)) : lin;
  const m1 = pp - pp === 0 ? (pp - p0) / ((tS[j + 2] as number) - t0) : lin;
  const u = (t - t0) / h;
  const u2 = u * u;
  const u3 = u2 * u;
  return (2 * u3 - 3 * u2 + 1) * p0 + (u3 - 2 * u2 + u) * h * m0 + (-2 * u3 + 3 * u2) * p1 + (u3 - u2) * h * m1;
}

/** 5th–95th percentile range of the finite values (0 when fewer than 10). */
function robustRange(v: Float64Array): number {
  let finite = 0;
  for (let i = 0; i < v.length && finite < 10; i++) if ((v[i] as number) - (v[i] as number) === 0) finite++;
  if (finite < 10) return 0;
  const [q05, q95] = nanQuantilePair(v, 0.05, 0.95);
  return q95 - q05;
}

/**
 * Fills gaps (≤ settings.maxGapS) of the knee, ankle, heel and foot index of each leg in place from a donor of
 * another gait cycle, relative to the mid-hip (÷ a smooth body scale on frontal views; the other leg's x mirrored
 * there): the same keypoint shifted by a stride period, or the other leg's keypoint by half of one, whichever
 * matches the seen samples around the gap best (least squares, offset removed), plus the edge mismatches blended
 * linearly across the gap. Gaps without a close-enough donor are left as they are. Returns what was filled.
 */
export function patternFillLegGaps(tr: Trajectories, view: View, settings: PatternFillSettings = PATTERN_FILL): PatternFillResult {
  const result: PatternFillResult = { gaps: 0, samples: 0, filled: {} };
  const tS = tr.tS;
  const n = tS.length;
  const dt = medianDt(tS);
  if (n < 10 || !(dt > 0)) return result;
  const joints: Joint[] = [];
  for (const side of ['left', 'right'] as const) for (const p of LEG_POINTS) if (tr.present.has(`${side}_${p}`)) joints.push(`${side}_${p}`);
  // Quick exit: no leg keypoint has a gap short enough to fill (the common case: a clean track or long absences).
  const maxSpan = settings.maxGapS + 1e-6;
  const hasGap = (j: Joint): boolean =>
    nanRuns(tr.pts[j].x).some(([a, i]) => {
      const span = (tS[i - 1] as number) - (tS[a] as number) + dt;
      return a > 0 && i < n && span <= maxSpan && span >= settings.minGapS;
    });
  if (!joints.some(hasGap)) return result;

  // Pelvis reference and scale.
  const lh = tr.pts.left_hip;
  const rh = tr.pts.right_hip;
  const hx = new Float64Array(n);
  const hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    hx[i] = ((lh.x[i] as number) + (rh.x[i] as number)) / 2;
    hy[i] = ((lh.y[i] as number) + (rh.y[i] as number)) / 2;
  }
  bridgeShortNaN(tS, hx, settings.maxGapS + 2 * dt);
  bridgeShortNaN(tS, hy, settings.maxGapS + 2 * dt);
  const frontal = view === 'frontal';
  const scale = frontal ? bodyScaleTrend(bodyHeightPxPerFrame(tr), Math.max(2, Math.round(0.5 / dt))) : null;

  const rel = new Map<Joint, RelSignal>();
  const relOf = (j: Joint): RelSignal => {
    const hit = rel.get(j);
    if (hit) return hit;
    const p = tr.pts[j];
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const missBefore = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const s = scale ? (scale[i] as number) : 1;
      x[i] = ((p.x[i] as number) - (hx[i] as number)) / s;
      y[i] = ((p.y[i] as number) - (hy[i] as number)) / s;
      missBefore[i + 1] = (missBefore[i] as number) + ((x[i] as number) - (x[i] as number) === 0 && (y[i] as number) - (y[i] as number) === 0 ? 0 : 1);
    }
    const out = { x, y, missBefore };
    rel.set(j, out);
    return out;
  };
  // The donors read the signals as seen: relOf is taken for every leg joint before anything is filled.
  for (const j of joints) relOf(j);

  const ctxFrames = Math.max(2, Math.round(settings.contextS / dt));
  const minSide = Math.max(2, Math.ceil(settings.minContextFraction * ctxFrames));
  // Shift grid: the frame interval, at most 1/30 s (a 60 fps track is searched as coarsely; the minimum found is refined below a step).
  const sStep = Math.max(dt, 1 / 30);

  for (const j of joints) {
    const own = relOf(j);
    const side = j.startsWith('left_') ? 'left' : 'right';
    const other = j.replace(/^(left|right)_/, `${side === 'left' ? 'right' : 'left'}_`) as Joint;
    const excursion = Math.hypot(robustRange(own.x), robustRange(own.y));
    if (!(excursion > 0)) continue;
    const p = tr.pts[j];
    let i = 0;
    while (i < n) {
      if ((own.missBefore[i + 1] as number) === (own.missBefore[i] as number)) {
        i++;
        continue;
      }
      const a = i;
      while (i < n && (own.missBefore[i + 1] as number) !== (own.missBefore[i] as number)) i++;
      const b = i - 1; // missing run a..b; a − 1 and b + 1 seen
      if (a === 0 || b === n - 1) continue;
      const span = (tS[b] as number) - (tS[a] as number) + dt;
      if (span > maxSpan || span < settings.minGapS) continue;
      // Pelvis reference (and scale) needed across the gap.
      let refOk = true;
      for (let k = a; k <= b && refOk; k++) if (!Number.isFinite((hx[k] as number) + (hy[k] as number))) refOk = false;
      if (!refOk) continue;
      // Context samples: seen frames within contextS before a and after b.
      const tL = tS[a - 1] as number;
      const tR = tS[b + 1] as number;
      const ctx: number[] = [];
      let nl = 0;
      let nr = 0;
      for (let k = a - 1; k >= 0 && (tS[k] as number) >= tL - settings.contextS - 1e-9; k--) {
        if ((own.missBefore[k + 1] as number) === (own.missBefore[k] as number)) {
          ctx.push(k);
          nl++;
        }
      }
      for (let k = b + 1; k < n && (tS[k] as number) <= tR + settings.contextS + 1e-9; k++) {
        if ((own.missBefore[k + 1] as number) === (own.missBefore[k] as number)) {
          ctx.push(k);
          nr++;
        }
      }
      if (nl < minSide || nr < minSide) continue;
      ctx.sort((p0, p1) => p0 - p1);
      // High frame rates: every other (third …) context sample, about 30 per second, is enough for the match and halves its cost.
      if (dt < 1 / 45) {
        const every = Math.round(1 / 30 / dt);
        let m = 0;
        for (let q = 0; q < ctx.length; q++) if (q % every === 0 || q === ctx.length - 1) ctx[m++] = ctx[q] as number;
        ctx.length = m;
      }
      const tFirst = tS[ctx[0] as number] as number;
      const tLast = tS[ctx[ctx.length - 1] as number] as number;

      // Residual (RMS, per-coordinate offset removed) of a donor shifted by s; Infinity when the donor is not seen throughout.
      const residual = (don: RelSignal, mirror: number, s: number): number => {
        const ja = floorIndex(tS, tFirst + s);
        const jb = floorIndex(tS, tLast + s) + 1;
        if (ja < 0 || jb >= n || (don.missBefore[jb + 1] as number) !== (don.missBefore[ja] as number)) return Infinity;
        let sx = 0, sy = 0, sxx = 0, syy = 0;
        // Context times ascend: the donor index walks forward from the first one.
        let jj = ja;
        for (const k of ctx) {
          const t = (tS[k] as number) + s;
          while (jj + 1 < jb && (tS[jj + 1] as number) <= t) jj++;
          const dx = (own.x[k] as number) - mirror * hermite(tS, don.x, jj, t);
          const dy = (own.y[k] as number) - hermite(tS, don.y, jj, t);
          sx += dx; sy += dy; sxx += dx * dx; syy += dy * dy;
        }
        const m = ctx.length;
        return Math.sqrt(Math.max(0, (sxx - (sx * sx) / m + syy - (sy * sy) / m) / m));
      };
      let best = Infinity;
      let bestS = 0;
      let bestDon: RelSignal | null = null;
      let bestMirror = 1;
      const search = (don: RelSignal, mirror: number, sMin: number, sMax: number): void => {
        for (const sign of [-1, 1]) {
          let prev2 = Infinity;
          let prev = Infinity;
          for (let s = sMin; s <= sMax + 1e-9; s += sStep) {
            const r = residual(don, mirror, sign * s);
            // Sub-frame refinement at a local minimum: vertex of the parabola through three neighbours.
            if (prev < prev2 && prev <= r && Number.isFinite(prev2) && Number.isFinite(r)) {
              const den = prev2 - 2 * prev + r;
              const off = den > 0 ? (0.5 * (prev2 - r)) / den : 0;
              const sRef = sign * (s - sStep + off * sStep);
              const rRef = Math.abs(off) > 1e-6 ? residual(don, mirror, sRef) : prev;
              const [rr, ss] = rRef < prev ? [rRef, sRef] : [prev, sign * (s - sStep)];
              if (rr < best) {
                best = rr;
                bestS = ss;
                bestDon = don;
                bestMirror = mirror;
              }
            }
            prev2 = prev;
            prev = r;
          }
        }
      };
      search(own, 1, settings.strideMinS, settings.strideMaxS);
      if (tr.present.has(other)) search(relOf(other), frontal ? -1 : 1, settings.strideMinS / 2, settings.strideMaxS / 2);
      const don = bestDon as RelSignal | null;
      if (!don || !(best <= settings.maxResidualFraction * excursion)) continue;

      // Fill: donor + the edge mismatches blended linearly across the gap.
      const at = (v: Float64Array, t: number): number => hermite(tS, v, floorIndex(tS, t), t);
      const mLx = (own.x[a - 1] as number) - bestMirror * at(don.x, tL + bestS);
      const mLy = (own.y[a - 1] as number) - at(don.y, tL + bestS);
      const mRx = (own.x[b + 1] as number) - bestMirror * at(don.x, tR + bestS);
      const mRy = (own.y[b + 1] as number) - at(don.y, tR + bestS);
      const mark = (result.filled[j] ??= new Uint8Array(n));
      for (let k = a; k <= b; k++) {
        const t = tS[k] as number;
        const w = (t - tL) / (tR - tL);
        const s = scale ? (scale[k] as number) : 1;
        const rx = bestMirror * at(don.x, t + bestS) + mLx + w * (mRx - mLx);
        const ry = at(don.y, t + bestS) + mLy + w * (mRy - mLy);
        p.x[k] = (hx[k] as number) + rx * s;
        p.y[k] = (hy[k] as number) + ry * s;
        mark[k] = 1;
      }
      result.gaps++;
      result.samples += b - a + 1;
    }
  }
  return result;
}

