/**
 * Cleaning of raw keypoint trajectories before metrics (metrics.md "Noisy keypoints"): left/right leg
 * label-swap repair, filling of keypoints from their pair or from segment lengths, gap interpolation ≤ maxGapS
 * onto an even time grid, zero-phase Butterworth low-pass. Outlier rejection is in outliers.ts.
 */
import type { KinematicsSettings } from './conventions.ts';
import { filtfiltPairInPlace } from './filters.ts';
import { resampleSeriesPair } from './resample.ts';
import { JOINTS, type Joint, type Trajectories, frameIntervalS, hypot2, medianDt, nanMedian } from './trajectories.ts';

/** A relabelling that moves the points less than this (body heights) is not counted as a repaired swap. */
const MIN_REPORTED_SWAP_BH = 0.03;

/** Leg keypoints whose left/right labels 2D pose models swap on side views. */
export const LEG_PAIRS: readonly [Joint, Joint][] = [
  ['left_knee', 'right_knee'],
  ['left_ankle', 'right_ankle'],
  ['left_heel', 'right_heel'],
  ['left_foot_index', 'right_foot_index'],
];

/** Rough subject height in pixels per frame (NaN where unknown): sum of trunk, thigh and shank lengths ÷ 0.779 (Winter). */
export function bodyHeightPxPerFrame(tr: Trajectories): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n);
  const p = tr.pts;
  const lsx = p.left_shoulder.x, lsy = p.left_shoulder.y, lhx = p.left_hip.x, lhy = p.left_hip.y;
  const lkx = p.left_knee.x, lky = p.left_knee.y, lax = p.left_ankle.x, lay = p.left_ankle.y;
  const rsx = p.right_shoulder.x, rsy = p.right_shoulder.y, rhx = p.right_hip.x, rhy = p.right_hip.y;
  const rkx = p.right_knee.x, rky = p.right_knee.y, rax = p.right_ankle.x, ray = p.right_ankle.y;
  for (let i = 0; i < n; i++) {
    const hxl = lhx[i] as number, hyl = lhy[i] as number, kxl = lkx[i] as number, kyl = lky[i] as number;
    const l = hypot2((lsx[i] as number) - hxl, (lsy[i] as number) - hyl) + hypot2(hxl - kxl, hyl - kyl) + hypot2(kxl - (lax[i] as number), kyl - (lay[i] as number));
    const hxr = rhx[i] as number, hyr = rhy[i] as number, kxr = rkx[i] as number, kyr = rky[i] as number;
    const r = hypot2((rsx[i] as number) - hxr, (rsy[i] as number) - hyr) + hypot2(hxr - kxr, hyr - kyr) + hypot2(kxr - (rax[i] as number), kyr - (ray[i] as number));
    // The larger finite sum (left first on a tie, as a loop over [left, right] keeping the first best).
    let best = -Infinity;
    if (l - l === 0) best = l;
    if (r - r === 0 && r > best) best = r;
    out[i] = best > -Infinity ? best / 0.779 : NaN;
  }
  return out;
}

/**
 * Side view, first pass of the leg label-swap repair, robust to the long and frequent swaps of real pose models:
 * for each leg point type (knee, ankle, heel, foot index) the two points are ordered along the image x axis, and
 * a per-frame Viterbi decides which leg the lower-x point belongs to. Each frame's labels vote (weight ∝ frame
 * interval, so independent of the frame rate); changing the decision between frames costs
 * (gap ÷ 0.08 body heights)², i.e. it is cheap only where the two points are close (the legs cross in mid-swing)
 * and expensive where they are far apart (a short swap burst with the feet apart is outvoted). The knees, which
 * cross at other times than the feet and stay close for long, then go to the leg whose ankle and hip they fit
 * best (median shank and thigh lengths). Mutates `tr`; returns the number of relabelled bursts (runs of frames) in
 * which a point moved by more than 0.03 body heights.
 */
export function relabelLegsByOrder(tr: Trajectories, bodyPx: number): number {
  const n = tr.tS.length;
  if (n < 3 || !Number.isFinite(bodyPx)) return 0;
  const dt = medianDt(tr.tS);
  const w = Number.isFinite(dt) ? dt * 30 : 1;
  const gs = 0.08 * bodyPx;
  const maxSwitch = 400;
  // Points that nearly coincide (the legs crossing, relabelled a frame early at a low frame rate) are no repair to report.
  const minMovedPx = MIN_REPORTED_SWAP_BH * bodyPx;
  const changedAt = new Uint8Array(n);
  const back = new Uint8Array(2 * n);
  for (const [a, b] of LEG_PAIRS) {
    if (!tr.present.has(a) || !tr.present.has(b) || a === 'left_knee') continue;
    const A = tr.pts[a];
    const B = tr.pts[b];
    // state 0: the lower-x point is `a` (left), 1: it is `b` (right).
    let c0 = 0;
    let c1 = 0;
    for (let i = 0; i < n; i++) {
      const xa = A.x[i] as number;
      const xb = B.x[i] as number;
      let e0 = 0;
      let e1 = 0;
      let sw = 0;
      if (xa === xa && xb === xb) {
        if (xa < xb) e1 = w;
        else if (xb < xa) e0 = w;
        const g = Math.abs(xa - xb) / gs;
        sw = Math.min(g * g, maxSwitch);
      }
      // From previous state p to state s: cost c_p + (p !== s ? sw : 0).
      const from0to0 = c0, from1to0 = c1 + sw;
      const from1to1 = c1, from0to1 = c0 + sw;
      back[2 * i] = from1to0 < from0to0 ? 1 : 0;
      back[2 * i + 1] = from0to1 < from1to1 ? 0 : 1;
      c0 = Math.min(from0to0, from1to0) + e0;
      c1 = Math.min(from1to1, from0to1) + e1;
      if (c0 > 1e12 || c1 > 1e12) {
        const m = Math.min(c0, c1);
        c0 -= m;
        c1 -= m;
      }
    }
    let s = c1 < c0 ? 1 : 0;
    for (let i = n - 1; i >= 0; i--) {
      const xa = A.x[i] as number;
      const xb = B.x[i] as number;
      if (xa === xa && xb === xb && (s === 0 ? xa > xb : xb > xa)) {
        const ya = A.y[i] as number;
        const yb = B.y[i] as number;
        A.x[i] = xb;
        A.y[i] = yb;
        B.x[i] = xa;
        B.y[i] = ya;
        if (hypot2(xa - xb, ya - yb) > minMovedPx) changedAt[i] = 1;
      }
      s = back[2 * i + s] as number;
    }
  }
  assignKneesBySegments(tr, changedAt, minMovedPx);
  let bursts = 0;
  for (let i = 0; i < n; i++) if (changedAt[i] && (i === 0 || !changedAt[i - 1])) bursts++;
  return bursts;
}

/** |k − p| per frame into out (NaN where either point is missing); a top-level function, so that V8 keeps its loop optimised across analyses (a closure made per call was compiled anew each time). */
function segmentLengths(kx: Float64Array, ky: Float64Array, px: Float64Array, py: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = hypot2((kx[i] as number) - (px[i] as number), (ky[i] as number) - (py[i] as number));
  return out;
}

/**
 * Gives each frame's two knees to the legs whose (relabelled) ankle and hip they fit best (each leg's own median shank
 * and thigh lengths: in a side view the far leg is imaged a few per cent smaller, and pooled lengths tipped
 * close calls toward the near leg when the legs pass each other); marks exchanged frames in `changedAt`.
 */
function assignKneesBySegments(tr: Trajectories, changedAt: Uint8Array, minMovedPx: number): void {
  const n = tr.tS.length;
  const p = tr.pts;
  const lkx = p.left_knee.x, lky = p.left_knee.y, rkx = p.right_knee.x, rky = p.right_knee.y;
  const lax = p.left_ankle.x, lay = p.left_ankle.y, rax = p.right_ankle.x, ray = p.right_ankle.y;
  const lhx = p.left_hip.x, lhy = p.left_hip.y, rhx = p.right_hip.x, rhy = p.right_hip.y;
  const seg = new Float64Array(n);
  const med = (kx: Float64Array, ky: Float64Array, px: Float64Array, py: Float64Array): number => nanMedian(segmentLengths(kx, ky, px, py, seg));
  const lsL = med(lkx, lky, lax, lay);
  const lsR = med(rkx, rky, rax, ray);
  const ltL = med(lkx, lky, lhx, lhy);
  const ltR = med(rkx, rky, rhx, rhy);
  if (!(lsL > 0 && lsR > 0)) return;
  const margin = 0.025 * (lsL + lsR);
  for (let i = 0; i < n; i++) {
    const klx = lkx[i] as number;
    const krx = rkx[i] as number;
    if (!(klx === klx && krx === krx)) continue;
    const kly = lky[i] as number;
    const kry = rky[i] as number;
    const alx = lax[i] as number, aly = lay[i] as number, arx = rax[i] as number, ary = ray[i] as number;
    const hlx = lhx[i] as number, hly = lhy[i] as number, hrx = rhx[i] as number, hry = rhy[i] as number;
    // fit(knee, leg) = |knee–ankle − that leg's shank| + |knee–hip − that leg's thigh| (a NaN term counts 0).
    const keep = fitTerm(klx, kly, alx, aly, lsL) + fitTerm(klx, kly, hlx, hly, ltL) + (fitTerm(krx, kry, arx, ary, lsR) + fitTerm(krx, kry, hrx, hry, ltR));
    const swap = fitTerm(klx, kly, arx, ary, lsR) + fitTerm(klx, kly, hrx, hry, ltR) + (fitTerm(krx, kry, alx, aly, lsL) + fitTerm(krx, kry, hlx, hly, ltL));
    if (swap < keep - margin) {
      lkx[i] = krx;
      lky[i] = kry;
      rkx[i] = klx;
      rky[i] = kly;
      if (hypot2(klx - krx, kly - kry) > minMovedPx) changedAt[i] = 1;
    }
  }
}

/** |distance((kx, ky), (px, py)) − len|, 0 when NaN. */
function fitTerm(kx: number, ky: number, px: number, py: number, len: number): number {
  const a = Math.abs(hypot2(kx - px, ky - py) - len);
  return a === a ? a : 0;
}

/**
 * Sagittal view: the two hips (and the two shoulders) project almost onto each other, so a missing one is
 * filled from the other plus their median offset over the surrounding ±1 s. Mutates `tr`; returns frames filled.
 */
export function fillSagittalPairs(tr: Trajectories): number {
  const n = tr.tS.length;
  const dt = medianDt(tr.tS);
  const half = Math.max(2, Math.round(1 / (dt || 1)));
  let filled = 0;
  for (const [a, b] of [['left_hip', 'right_hip'], ['left_shoulder', 'right_shoulder']] as const) {
    const A = tr.pts[a];
    const B = tr.pts[b];
    const miss: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(A.x[i] as number) !== Number.isFinite(B.x[i] as number)) miss.push(i);
    for (const i of miss) {
      const dx: number[] = [];
      const dy: number[] = [];
      for (let k = Math.max(0, i - half); k <= Math.min(n - 1, i + half); k++) {
        const ex = (A.x[k] as number) - (B.x[k] as number);
        if (Number.isFinite(ex)) {
          dx.push(ex);
          dy.push((A.y[k] as number) - (B.y[k] as number));
        }
      }
      if (dx.length < 3) continue;
      const ox = nanMedian(dx);
      const oy = nanMedian(dy);
      if (Number.isFinite(A.x[i] as number)) {
        B.x[i] = (A.x[i] as number) - ox;
        B.y[i] = (A.y[i] as number) - oy;
      } else {
        A.x[i] = (B.x[i] as number) + ox;
        A.y[i] = (B.y[i] as number) + oy;
      }
      filled++;
    }
  }
  return filled;
}

/**
 * Reconstructs a missing knee from its hip and ankle and the thigh and shank lengths (medians over the
 * track): of the two circle intersections, the one on the side of the hip–ankle line where the knee was
 * at the nearest frame that showed it. With `gapFillS` > 0, hip and ankle gaps up to that long are
 * interpolated for the purpose (whole-leg dropouts). Mutates `tr` (knees only); returns frames filled.
 */
export function fillKneesFromSegments(tr: Trajectories, gapFillS = 0): number {
  const n = tr.tS.length;
  let filled = 0;
  const dtS = gapFillS > 0 ? medianDt(tr.tS) : 0;
  const thigh = new Float64Array(n);
  const shank = new Float64Array(n);
  const sideOf = new Float64Array(n);
  const lastSigned = new Int32Array(n);
  const nextSigned = new Int32Array(n);
  for (const side of ['left', 'right'] as const) {
    const K = tr.pts[`${side}_knee`];
    const H0 = tr.pts[`${side}_hip`];
    const A0 = tr.pts[`${side}_ankle`];
    let H = H0;
    let A = A0;
    if (gapFillS > 0) {
      // Whole-leg dropouts: where the knee is missing, the hip and ankle positions used to rebuild it may come
      // from short-gap interpolation (the hip and ankle themselves are left as they are). The ankle moves on a
      // near-straight path in mid-swing, so the rebuilt knee keeps its flexion peak, which interpolating the
      // knee itself cuts off.
      const fill = (p: Trajectories['pts'][Joint]): Trajectories['pts'][Joint] => {
        let gap = false;
        for (let i = 0; i < n && !gap; i++) if ((K.x[i] as number) !== (K.x[i] as number) && (p.x[i] as number) !== (p.x[i] as number)) gap = true;
        if (!gap) return p;
        const [x, y] = resampleSeriesPair(tr.tS, p.x, p.y, tr.tS, gapFillS, dtS);
        return { x, y };
      };
      H = fill(H);
      A = fill(A);
    }
    // Nothing to do unless some frame lacks the knee but has its hip and ankle (the only frames filled below).
    let needed = false;
    for (let i = 0; i < n && !needed; i++) {
      if (!Number.isFinite(K.x[i] as number) && (H.x[i] as number) - (H.x[i] as number) === 0 && (H.y[i] as number) - (H.y[i] as number) === 0 &&
        (A.x[i] as number) - (A.x[i] as number) === 0 && (A.y[i] as number) - (A.y[i] as number) === 0) needed = true;
    }
    if (!needed) continue;
    for (let i = 0; i < n; i++) {
      const hx = H0.x[i] as number, hy = H0.y[i] as number, kx = K.x[i] as number, ky = K.y[i] as number, ax = A0.x[i] as number, ay = A0.y[i] as number;
      thigh[i] = hypot2(kx - hx, ky - hy);
      shank[i] = hypot2(ax - kx, ay - ky);
      sideOf[i] = Math.sign((ax - hx) * (ky - hy) - (ay - hy) * (kx - hx));
    }
    const lt = nanMedian(thigh);
    const ls = nanMedian(shank);
    if (!Number.isFinite(lt) || !Number.isFinite(ls)) continue;
    let last = -1;
    for (let i = 0; i < n; i++) {
      lastSigned[i] = last;
      const v = sideOf[i] as number;
      if (v === 1 || v === -1) last = i;
    }
    last = -1;
    for (let i = n - 1; i >= 0; i--) {
      nextSigned[i] = last;
      const v = sideOf[i] as number;
      if (v === 1 || v === -1) last = i;
    }
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(K.x[i] as number)) continue;
      const hx = H.x[i] as number, hy = H.y[i] as number, ax = A.x[i] as number, ay = A.y[i] as number;
      const d = hypot2(ax - hx, ay - hy);
      if (!Number.isFinite(d) || d === 0) continue;
      // Side of the nearest frame that showed the knee (the earlier one on a tie).
      const before = lastSigned[i] as number;
      const after = nextSigned[i] as number;
      const useBefore = before >= 0 && (after < 0 || i - before <= after - i);
      const sgn = useBefore ? (sideOf[before] as number) : after >= 0 ? (sideOf[after] as number) : NaN;
      if (!Number.isFinite(sgn)) continue;
      // Intersection of circles (hip, lt) and (ankle, ls); a straight leg when they do not intersect.
      const dd = Math.min(d, lt + ls);
      const along = (lt * lt - ls * ls + dd * dd) / (2 * dd);
      const perp = Math.sqrt(Math.max(0, lt * lt - along * along));
      const ux = (ax - hx) / d, uy = (ay - hy) / d;
      // sideOf = sign of cross(u, k - h): perpendicular (−uy, ux) has cross +1.
      K.x[i] = hx + ux * along - uy * perp * sgn;
      K.y[i] = hy + uy * along + ux * perp * sgn;
      filled++;
    }
  }
  return filled;
}

/**
 * Resamples every trajectory onto an even grid at the frame interval (frameIntervalS; gaps ≤ maxGapS interpolated),
 * then low-passes it (zero-phase Butterworth at lowPassHz) unless `lowPass` is false.
 */
export function resampleAndFilter(tr: Trajectories, settings: KinematicsSettings, lowPass: boolean): Trajectories {
  const dtS = frameIntervalS(tr.tS);
  const t0 = tr.tS[0] as number;
  const tN = tr.tS[tr.tS.length - 1] as number;
  const m = Math.max(1, Math.floor((tN - t0) / dtS + 1e-6) + 1);
  const grid = new Float64Array(m);
  for (let i = 0; i < m; i++) grid[i] = t0 + i * dtS;
  const pts = {} as Trajectories['pts'];
  for (const j of JOINTS) {
    const p = tr.pts[j];
    const [x, y] = tr.present.has(j) ? resampleSeriesPair(tr.tS, p.x, p.y, grid, settings.maxGapS, dtS) : [new Float64Array(m).fill(NaN), new Float64Array(m).fill(NaN)];
    if (lowPass) filtfiltPairInPlace(x, y, settings.lowPassHz, 1 / dtS);
    pts[j] = { x, y };
  }
  return { tS: grid, pts, present: new Set(tr.present) };
}
