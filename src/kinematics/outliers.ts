/**
 * Outlier rejection on raw keypoint trajectories (metrics.md "Noisy keypoints"): isolated spikes of the leg points on
 * side views (removeSpikes) and Hampel outliers of every coordinate (rejectOutliers). Both mutate the trajectories,
 * turning outliers into gaps that the cleaning (clean.ts) fills or leaves.
 */
import type { KinematicsSettings } from './conventions.ts';
import { LEG_PAIRS } from './clean.ts';
import { JOINTS, type Joint, type Trajectories, hypot2, insertionSort, medianDt } from './trajectories.ts';

/** Keypoints of one frame lying this close together (px) are piled on one spot. */
const PILE_RADIUS_PX = 1;
/** This many distinct keypoints piled on one spot are a pose-model glitch (no two body joints coincide to a pixel, let alone four). */
const PILE_MIN_POINTS = 4;
/** Frames per block of removePiledPoints' bounding-box pre-test. */
const PILE_BLOCK_FRAMES = 64;

/**
 * Removes keypoints piled on one spot: a glitch of pose models (a frame with every point at (0, 0) or at the image
 * centre, or part of the skeleton collapsed) that would otherwise pass as data, and on side views would even let the
 * leg-label repair switch sides for free (two legs at one point give no order). In each frame, every keypoint within
 * PILE_RADIUS_PX of at least PILE_MIN_POINTS − 1 others is made missing. Mutates `tr`; returns the frames affected.
 */
export function removePiledPoints(tr: Trajectories): number {
  const n = tr.tS.length;
  const joints = JOINTS.filter((j) => tr.present.has(j));
  const k = joints.length;
  const colX = joints.map((j) => tr.pts[j].x);
  const colY = joints.map((j) => tr.pts[j].y);
  const r2 = PILE_RADIUS_PX * PILE_RADIUS_PX;
  // How many close neighbours each point has in each frame (lazily allocated: most tracks have none), block by
  // block of frames. Pre-test per block: each point's bounding box over the block's frames (finite samples); two
  // points whose boxes lie more than 2·PILE_RADIUS_PX apart in x or in y are never close in the block (a close pair
  // has |dx| and |dy| ≤ PILE_RADIUS_PX; the factor 2 is a margin far above rounding), so the pair is not tested
  // frame by frame. A point with x but no y (NaN) in the block passes the exact test with any point with x (NaN is
  // not > r2), so its pairs are always tested there.
  let near: Uint8Array | null = null;
  const minX = new Float64Array(k);
  const maxX = new Float64Array(k);
  const minY = new Float64Array(k);
  const maxY = new Float64Array(k);
  const loose = new Uint8Array(k);
  const sep = 2 * PILE_RADIUS_PX;
  for (let i0 = 0; i0 < n; i0 += PILE_BLOCK_FRAMES) {
    const i1 = Math.min(n, i0 + PILE_BLOCK_FRAMES);
    for (let a = 0; a < k; a++) {
      const xa = colX[a] as Float64Array;
      const ya = colY[a] as Float64Array;
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      let xOnly = 0;
      for (let i = i0; i < i1; i++) {
        const x = xa[i] as number;
        const y = ya[i] as number;
        if (x !== x) continue;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y !== y) xOnly = 1;
        else {
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      }
      minX[a] = x0;
      maxX[a] = x1;
      minY[a] = y0;
      maxY[a] = y1;
      loose[a] = xOnly;
    }
    for (let a = 0; a < k - 1; a++) {
      const xa = colX[a] as Float64Array;
      const ya = colY[a] as Float64Array;
      for (let b = a + 1; b < k; b++) {
        if (!loose[a] && !loose[b] && (
          (minX[b] as number) - (maxX[a] as number) > sep || (minX[a] as number) - (maxX[b] as number) > sep ||
          (minY[b] as number) - (maxY[a] as number) > sep || (minY[a] as number) - (maxY[b] as number) > sep
        )) continue;
        const xb = colX[b] as Float64Array;
        const yb = colY[b] as Float64Array;
        for (let i = i0; i < i1; i++) {
          const dx = (xb[i] as number) - (xa[i] as number);
          const dy = (yb[i] as number) - (ya[i] as number);
          if (dx * dx + dy * dy > r2 || dx !== dx) continue;
          near ??= new Uint8Array(n * k);
          near[i * k + a] = (near[i * k + a] as number) + 1;
          near[i * k + b] = (near[i * k + b] as number) + 1;
        }
      }
    }
  }
  if (!near) return 0;
  let frames = 0;
  for (let i = 0; i < n; i++) {
    let hit = false;
    for (let a = 0; a < k; a++) {
      // A point with PILE_MIN_POINTS − 1 close neighbours is in a pile.
      if ((near[i * k + a] as number) < PILE_MIN_POINTS - 1) continue;
      (colX[a] as Float64Array)[i] = NaN;
      (colY[a] as Float64Array)[i] = NaN;
      hit = true;
    }
    if (hit) frames++;
  }
  return frames;
}

/** Leg points despiked on side views. */
const LEG_JOINTS: readonly Joint[] = LEG_PAIRS.flat();

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

/** Hampel test of one coordinate series (window i ± half, every `step`-th sample); sets flagged[i] = 1 for outliers. */
function hampelFlags(v: Float64Array, half: number, step: number, minDev: number, k: number, win: Float64Array, flagged: Uint8Array): void {
  const n = v.length;
  // Slots of a whole window i ± half (every step-th sample), and the count of them within ±minDev that settles the pre-test.
  const slotsInner = Math.floor((2 * half) / step) + 1;
  const enoughInner = (slotsInner >> 1) + 1;
  const symmetric = half % step === 0;
  // Fast path of the whole-window pre-test below: with at most 9 slots, the four nearest slots (±step, ±2·step) all
  // within ±minDev settle it (within = 5, nothing below or above, at most 4 unread).
  const nearFour = symmetric && 2 * step <= half && slotsInner <= 9;
  const step2 = 2 * step;
  for (let i = 0; i < n; i++) {
    const vi = v[i] as number;
    if (vi !== vi) continue;
    // Cheap exact pre-test: the window median (sorted index m >> 1) lies within ±minDev of vi unless more than
    // m >> 1 values are below vi − minDev or more than m − 1 − (m >> 1) are above vi + minDev.
    const lo = vi - minDev;
    const hi = vi + minDev;
    if (symmetric && i >= half && i + half < n) {
      if (nearFour) {
        const a1 = v[i - step] as number;
        const b1 = v[i + step] as number;
        const a2 = v[i - step2] as number;
        const b2 = v[i + step2] as number;
        if (a1 >= lo && a1 <= hi && b1 >= lo && b1 <= hi && a2 >= lo && a2 <= hi && b2 >= lo && b2 <= hi) continue;
      }
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
