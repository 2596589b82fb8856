/**
 * Cleaning of raw keypoint trajectories before metrics (metrics.md "Noisy keypoints"): left/right leg
 * label-swap repair, outlier rejection (Hampel), gap interpolation ≤ maxGapS onto an even time grid,
 * zero-phase Butterworth low-pass.
 */
import type { KinematicsSettings } from './conventions.ts';
import { filtfiltPairInPlace } from './filters.ts';
import { JOINTS, type Joint, type Trajectories, frameIntervalS, medianDt, nanMedian, resampleSeriesPair } from './trajectories.ts';

/** √(dx² + dy²) (Math.hypot is several times slower and its extra range is not needed for pixels). */
function hypot2(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

/** Leg keypoints whose left/right labels 2D pose models swap on side views. */
const LEG_PAIRS: readonly [Joint, Joint][] = [
  ['left_knee', 'right_knee'],
  ['left_ankle', 'right_ankle'],
  ['left_heel', 'right_heel'],
  ['left_foot_index', 'right_foot_index'],
];

/** Leg points despiked on side views. */
const LEG_JOINTS: readonly Joint[] = LEG_PAIRS.flat();

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
 * Repairs left/right leg label swaps by a Viterbi search over a per-frame "labels swapped" state that
 * minimises the legs' accelerations (each leg's trajectory is smooth; a swap makes both legs jump), with a
 * small prior for keeping the model's labels. Mutates `tr`; returns the number of swapped bursts repaired.
 */
export function repairLegSwaps(tr: Trajectories, bodyPx: number): number {
  const n = tr.tS.length;
  if (n < 3 || !Number.isFinite(bodyPx)) return 0;
  const pairs = LEG_PAIRS.filter(([a]) => tr.present.has(a));
  const sigma = 0.015 * bodyPx;
  const inv = 1 / (sigma * sigma);
  const prior = 1;
  // Flat per-coordinate arrays: L[c][i], R[c][i] for each pair coordinate c.
  const L: Float64Array[] = [];
  const R: Float64Array[] = [];
  for (const [a, b] of pairs) {
    L.push(tr.pts[a].x, tr.pts[a].y);
    R.push(tr.pts[b].x, tr.pts[b].y);
  }
  const nc = L.length;
  // cost of (s0 at i-2, s1 at i-1, s2 at i): squared prediction errors of both legs, capped per coordinate.
  const accCost = (i: number, s0: number, s1: number, s2: number): number => {
    const r = ((tr.tS[i] as number) - (tr.tS[i - 1] as number)) / ((tr.tS[i - 1] as number) - (tr.tS[i - 2] as number));
    let c = 0;
    for (let q = 0; q < nc; q++) {
      const lq = L[q] as Float64Array;
      const rq = R[q] as Float64Array;
      // leg A = the leg labelled left under state 0
      const a0 = s0 ? (rq[i - 2] as number) : (lq[i - 2] as number);
      const a1 = s1 ? (rq[i - 1] as number) : (lq[i - 1] as number);
      const a2 = s2 ? (rq[i] as number) : (lq[i] as number);
      const b0 = s0 ? (lq[i - 2] as number) : (rq[i - 2] as number);
      const b1 = s1 ? (lq[i - 1] as number) : (rq[i - 1] as number);
      const b2 = s2 ? (lq[i] as number) : (rq[i] as number);
      const ea = a2 - (a1 + (a1 - a0) * r);
      const eb = b2 - (b1 + (b1 - b0) * r);
      if (ea === ea) c += Math.min(ea * ea * inv, 400);
      if (eb === eb) c += Math.min(eb * eb * inv, 400);
    }
    return c;
  };
  // state index = s_{i-1} * 2 + s_i
  let cost = [0, prior, prior, 2 * prior];
  const back: Int8Array[] = [];
  for (let i = 2; i < n; i++) {
    const next = [Infinity, Infinity, Infinity, Infinity];
    const bp = new Int8Array(4);
    for (let prev = 0; prev < 4; prev++) {
      const s0 = prev >> 1;
      const s1 = prev & 1;
      for (let s2 = 0; s2 < 2; s2++) {
        const c = (cost[prev] as number) + accCost(i, s0, s1, s2) + (s2 ? prior : 0);
        const st = s1 * 2 + s2;
        if (c < (next[st] as number)) {
          next[st] = c;
          bp[st] = prev;
        }
      }
    }
    back.push(bp);
    cost = next;
  }
  let best = 0;
  for (let st = 1; st < 4; st++) if ((cost[st] as number) < (cost[best] as number)) best = st;
  const states = new Int8Array(n);
  let st = best;
  states[n - 1] = st & 1;
  states[n - 2] = st >> 1;
  for (let i = n - 1; i >= 2; i--) {
    st = (back[i - 2] as Int8Array)[st] as number;
    states[i - 2] = st >> 1;
  }
  let bursts = 0;
  for (let i = 0; i < n; i++) {
    if (!states[i]) continue;
    if (i === 0 || !states[i - 1]) bursts++;
    for (const [a, b] of pairs) {
      for (const c of ['x', 'y'] as const) {
        const va = tr.pts[a][c][i] as number;
        tr.pts[a][c][i] = tr.pts[b][c][i] as number;
        tr.pts[b][c][i] = va;
      }
    }
  }
  return bursts;
}

/**
 * Side view, first pass of the leg label-swap repair, robust to the long and frequent swaps of real pose models:
 * for each leg point type (knee, ankle, heel, foot index) the two points are ordered along the image x axis, and
 * a per-frame Viterbi decides which leg the lower-x point belongs to. Each frame's labels vote (weight ∝ frame
 * interval, so independent of the frame rate); changing the decision between frames costs
 * (gap ÷ 0.08 body heights)², i.e. it is cheap only where the two points are close (the legs cross in mid-swing)
 * and expensive where they are far apart (a short swap burst with the feet apart is outvoted). The knees, which
 * cross at other times than the feet and stay close for long, then go to the leg whose ankle and hip they fit
 * best (median shank and thigh lengths). Mutates `tr`; returns the number of relabelled bursts (runs of frames).
 */
export function relabelLegsByOrder(tr: Trajectories, bodyPx: number): number {
  const n = tr.tS.length;
  if (n < 3 || !Number.isFinite(bodyPx)) return 0;
  const dt = medianDt(tr.tS);
  const w = Number.isFinite(dt) ? dt * 30 : 1;
  const gs = 0.08 * bodyPx;
  const maxSwitch = 400;
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
        A.x[i] = xb;
        A.y[i] = B.y[i] as number;
        B.x[i] = xa;
        B.y[i] = ya;
        changedAt[i] = 1;
      }
      s = back[2 * i + s] as number;
    }
  }
  assignKneesBySegments(tr, changedAt);
  let bursts = 0;
  for (let i = 0; i < n; i++) if (changedAt[i] && (i === 0 || !changedAt[i - 1])) bursts++;
  return bursts;
}

/**
 * Gives each frame's two knees to the legs whose (relabelled) ankle and hip they fit best (each leg's own median shank
 * and thigh lengths: in a side view the far leg is imaged a few per cent smaller, and pooled lengths tipped
 * close calls toward the near leg when the legs pass each other); marks exchanged frames in `changedAt`.
 */
function assignKneesBySegments(tr: Trajectories, changedAt: Uint8Array): void {
  const n = tr.tS.length;
  const p = tr.pts;
  const lkx = p.left_knee.x, lky = p.left_knee.y, rkx = p.right_knee.x, rky = p.right_knee.y;
  const lax = p.left_ankle.x, lay = p.left_ankle.y, rax = p.right_ankle.x, ray = p.right_ankle.y;
  const lhx = p.left_hip.x, lhy = p.left_hip.y, rhx = p.right_hip.x, rhy = p.right_hip.y;
  const seg = new Float64Array(n);
  const med = (kx: Float64Array, ky: Float64Array, px: Float64Array, py: Float64Array): number => {
    for (let i = 0; i < n; i++) seg[i] = hypot2((kx[i] as number) - (px[i] as number), (ky[i] as number) - (py[i] as number));
    return nanMedian(seg);
  };
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
      changedAt[i] = 1;
    }
  }
}

/** |distance((kx, ky), (px, py)) − len|, 0 when NaN. */
function fitTerm(kx: number, ky: number, px: number, py: number, len: number): number {
  const a = Math.abs(hypot2(kx - px, ky - py) - len);
  return a === a ? a : 0;
}

/**
 * Removes isolated spikes of the foot and knee points (real pose models misplace a point for single frames, often
 * on alternate frames, where a windowed median is fooled): a sample deviating from the line through its valid
 * neighbours by more than `thresholdBodyFraction` of the body height is removed, the worst first, repeating
 * until none is left. Neighbours further apart than `maxGapS` are not used. Mutates `tr`; returns samples removed.
 */
export function removeSpikes(tr: Trajectories, bodyPx: number, maxGapS: number, thresholdBodyFraction = 0.06): number {
  const n = tr.tS.length;
  if (n < 3 || !Number.isFinite(bodyPx)) return 0;
  const thr = thresholdBodyFraction * bodyPx;
  const thrSqSafe = thr * thr * (1 - 1e-9);
  const tS = tr.tS;
  let removed = 0;
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  const dev = new Float64Array(n);
  for (const j of LEG_JOINTS) {
    if (!tr.present.has(j)) continue;
    const X = tr.pts[j].x;
    const Y = tr.pts[j].y;
    // Doubly linked list of valid samples.
    let last = -1;
    prev.fill(-1);
    next.fill(-1);
    for (let i = 0; i < n; i++) {
      if ((X[i] as number) !== (X[i] as number)) continue;
      prev[i] = last;
      if (last >= 0) next[last] = i;
      last = i;
    }
    const devAt = (i: number): number => {
      const a = prev[i] as number;
      const b = next[i] as number;
      if (a < 0 || b < 0) return 0;
      const ta = tS[a] as number;
      const tb = tS[b] as number;
      if (tb - ta > maxGapS) return 0;
      const f = ((tS[i] as number) - ta) / (tb - ta);
      const ex = (X[a] as number) + f * ((X[b] as number) - (X[a] as number)) - (X[i] as number);
      const ey = (Y[a] as number) + f * ((Y[b] as number) - (Y[a] as number)) - (Y[i] as number);
      return hypot2(ex, ey);
    };
    // Initial deviations (devAt inlined: the same arithmetic).
    const cand: number[] = [];
    for (let i = 0; i < n; i++) {
      const xi = X[i] as number;
      let di = 0;
      const a = prev[i] as number;
      const b = next[i] as number;
      if (xi === xi && a >= 0 && b >= 0) {
        const ta = tS[a] as number;
        const tb = tS[b] as number;
        if (!(tb - ta > maxGapS)) {
          const f = ((tS[i] as number) - ta) / (tb - ta);
          const xa = X[a] as number;
          const ya = Y[a] as number;
          const ex = xa + f * ((X[b] as number) - xa) - xi;
          const ey = ya + f * ((Y[b] as number) - ya) - (Y[i] as number);
          const sq = ex * ex + ey * ey;
          // Below the threshold a deviation's exact value never matters (only "> thr" and comparisons with
          // deviations above thr are made), so the square root is skipped there (margin ≫ rounding).
          di = sq < thrSqSafe ? 0 : Math.sqrt(sq);
        }
      }
      dev[i] = di;
      if (di > thr) cand.push(i);
    }
    // Repeated passes: remove samples that exceed the threshold and are the local worst, then update neighbours.
    let pending = cand;
    while (pending.length) {
      const kill: number[] = [];
      for (const i of pending) {
        const d = dev[i] as number;
        if (!(d > thr)) continue;
        const a = prev[i] as number;
        const b = next[i] as number;
        if ((a >= 0 && (dev[a] as number) > d) || (b >= 0 && (dev[b] as number) >= d)) continue;
        kill.push(i);
      }
      if (!kill.length) break;
      const touched = new Set<number>();
      for (const i of kill) {
        const a = prev[i] as number;
        const b = next[i] as number;
        if (a >= 0) next[a] = b;
        if (b >= 0) prev[b] = a;
        X[i] = NaN;
        Y[i] = NaN;
        dev[i] = 0;
        removed++;
        if (a >= 0) touched.add(a);
        if (b >= 0) touched.add(b);
      }
      pending = [];
      for (const i of touched) {
        if ((X[i] as number) !== (X[i] as number)) continue;
        dev[i] = devAt(i);
        if ((dev[i] as number) > thr) pending.push(i);
      }
      // Samples left above the threshold because a worse neighbour was pending are re-examined.
      for (const i of cand) if ((dev[i] as number) > thr && !touched.has(i)) pending.push(i);
    }
  }
  return removed;
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
 * Hampel outlier rejection per coordinate: a sample further than k robust SDs (and more than a fraction of
 * the body height) from the median of its ±halfWindowS neighbourhood becomes NaN. Mutates `tr`; returns the count.
 */
export function rejectOutliers(tr: Trajectories, bodyPx: number, settings: KinematicsSettings): number {
  const n = tr.tS.length;
  const dt = medianDt(tr.tS);
  if (!Number.isFinite(dt) || !Number.isFinite(bodyPx) || n < 5) return 0;
  const half = Math.max(2, Math.round(settings.hampelHalfWindowS / dt));
  const step = Math.max(1, Math.round(half / 3)); // at most 7 samples per window, whatever the frame rate
  const minDev = settings.hampelMinBodyFraction * bodyPx;
  let count = 0;
  const win = new Float64Array(2 * half + 1);
  const flagged = new Uint8Array(n);
  for (const j of JOINTS) {
    if (!tr.present.has(j)) continue;
    const p = tr.pts[j];
    flagged.fill(0);
    for (const v of [p.x, p.y]) hampelFlags(v, half, step, minDev, settings.hampelK, win, flagged);
    for (let i = 0; i < n; i++) {
      if (flagged[i]) {
        p.x[i] = NaN;
        p.y[i] = NaN;
        count++;
      }
    }
  }
  return count;
}

/** Sorts win[0..m) ascending (insertion sort: m ≤ 2·half + 1 is small). */
function insertionSort(win: Float64Array, m: number): void {
  for (let a = 1; a < m; a++) {
    const x = win[a] as number;
    let b = a - 1;
    while (b >= 0 && (win[b] as number) > x) {
      win[b + 1] = win[b] as number;
      b--;
    }
    win[b + 1] = x;
  }
}

/** Hampel test of one coordinate series (window i ± half, every `step`-th sample); sets flagged[i] = 1 for outliers. */
function hampelFlags(v: Float64Array, half: number, step: number, minDev: number, k: number, win: Float64Array, flagged: Uint8Array): void {
  const n = v.length;
  // Slots of a whole window i ± half (every step-th sample), and the count of them within ±minDev that settles the pre-test.
  const slotsInner = Math.floor((2 * half) / step) + 1;
  const enoughInner = (slotsInner >> 1) + 1;
  const symmetric = half % step === 0;
  for (let i = 0; i < n; i++) {
    const vi = v[i] as number;
    if (vi !== vi) continue;
    // Cheap exact pre-test: the window median (sorted index m >> 1) lies within ±minDev of vi unless more than
    // m >> 1 values are below vi − minDev or more than m − 1 − (m >> 1) are above vi + minDev.
    const lo = vi - minDev;
    const hi = vi + minDev;
    if (symmetric && i >= half && i + half < n) {
      // Whole window with i on its lattice: vi itself is within; the other slots are read nearest first, and the
      // reading stops once the pre-test passes whatever the unread slots hold (each below, above or NaN): with
      // u unread, "below ≤ m >> 1" is certain when below + u ≤ above + within, "above ≤ m − 1 − (m >> 1)" when
      // above + u < below + within (the counts do not depend on the reading order).
      let within = 1;
      let below = 0;
      let above = 0;
      let u = slotsInner - 1;
      let settled = false;
      for (let d = step; d <= half; d += step) {
        const va = v[i - d] as number;
        if (va < lo) below++;
        else if (va > hi) above++;
        else if (va === va) within++;
        u--;
        const vb = v[i + d] as number;
        if (vb < lo) below++;
        else if (vb > hi) above++;
        else if (vb === vb) within++;
        u--;
        if (below + u <= above + within && above + u < below + within) {
          settled = true;
          break;
        }
      }
      if (settled) continue;
      const m = within + below + above;
      if (m < 5) continue;
      const mid = m >> 1;
      if (below <= mid && above <= m - 1 - mid) continue;
      hampelFull(v, i, i - half, i + half, step, minDev, k, mid, win, flagged);
      continue;
    }
    const k0 = i - half < 0 ? i - half + step * Math.ceil((half - i) / step) : i - half;
    const k1 = i + half < n ? i + half : n - 1;
    // Early exit, also exact: once more than half of the window's slots are within ±minDev, the pre-test passes
    // whatever the remaining slots hold (with m ≤ slots valid values, below and above are both ≤ m − 1 − (m >> 1)).
    const enough = k0 === i - half && k1 === i + half ? enoughInner : ((Math.floor((k1 - k0) / step) + 1) >> 1) + 1;
    let m = 0;
    let below = 0;
    let above = 0;
    let within = 0;
    for (let j = k0; j <= k1; j += step) {
      const vj = v[j] as number;
      if (vj < lo) below++;
      else if (vj > hi) above++;
      else if (vj !== vj) continue;
      else if (++within >= enough) break;
      m++;
    }
    if (within >= enough || m < 5) continue;
    const mid = m >> 1;
    if (below <= mid && above <= m - 1 - mid) continue;
    hampelFull(v, i, k0, k1, step, minDev, k, mid, win, flagged);
  }
}

/** The full Hampel test of sample i over the window slots k0, k0 + step, … ≤ k1 (mid = index of the median). */
function hampelFull(v: Float64Array, i: number, k0: number, k1: number, step: number, minDev: number, k: number, mid: number, win: Float64Array, flagged: Uint8Array): void {
  const vi = v[i] as number;
  let m = 0;
  for (let j = k0; j <= k1; j += step) {
    const vj = v[j] as number;
    if (vj === vj) win[m++] = vj;
  }
  insertionSort(win, m);
  const med = win[mid] as number;
  const dev = Math.abs(vi - med);
  if (dev <= minDev) return;
  for (let j = 0; j < m; j++) win[j] = Math.abs((win[j] as number) - med);
  insertionSort(win, m);
  const mad = 1.4826 * (win[mid] as number);
  if (dev > k * mad) flagged[i] = 1;
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

/** Median subject height in pixels over the track (NaN when the body is never seen). */
export function medianBodyHeightPx(tr: Trajectories): number {
  return nanMedian(bodyHeightPxPerFrame(tr));
}
