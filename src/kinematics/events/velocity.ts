/**
 * Gait events per foot from the cleaned, evenly sampled trajectories: a foot is in contact while it is
 * stationary in the image (a static camera sees a planted foot stand still, from the side, the front or
 * the back). Foot strike = the first of the foot's points (heel, toe) coming to rest; foot off = the last
 * one leaving (the foot-velocity method of O'Connor et al. 2007, Gait Posture 25:469, and Ghoussayni
 * et al. 2004, Gait Posture 20:266, in image coordinates normalised by the subject's pixel height).
 * Walking bouts are separated by standing still, by the feet leaving the frame or being unseen for longer than
 * maxBoutGapS; no events are emitted while standing or while the feet are not seen.
 */
import type { Side } from '../keypoints.ts';
import type { Joint, Trajectories } from '../trajectories.ts';
import { footPoints, nanQuantile } from '../trajectories.ts';
import type { KinematicsSettings } from '../conventions.ts';
import { boutStrideS, type EventResult, type EventThresholds } from './common.ts';
import { groundVelocityAt, type GroundMotion } from '../ground.ts';

/** Image speed (body heights / s) of a point, central differences, relative to the floor's image motion when given; NaN where unknown. */
export function pointSpeed(tr: Trajectories, joint: keyof Trajectories['pts'], bodyPx: Float64Array, ground?: GroundMotion): Float64Array {
  const n = tr.tS.length;
  const v = new Float64Array(n).fill(NaN);
  writePointSpeed(tr.tS, tr.pts[joint], bodyPx, ground, v);
  return v;
}

/** pointSpeed into v[1 … n−2] (the ends are left as they are); arrays read into locals, one reused floor-velocity pair. */
function writePointSpeed(tS: Float64Array, p: { x: Float64Array; y: Float64Array }, bodyPx: Float64Array, ground: GroundMotion | undefined, v: Float64Array): void {
  const n = tS.length;
  const X = p.x;
  const Y = p.y;
  const g: [number, number] = [0, 0];
  for (let i = 1; i < n - 1; i++) {
    const dt = (tS[i + 1] as number) - (tS[i - 1] as number);
    let dx = (X[i + 1] as number) - (X[i - 1] as number);
    let dy = (Y[i + 1] as number) - (Y[i - 1] as number);
    if (ground) {
      groundVelocityAt(ground, X[i] as number, Y[i] as number, g);
      dx -= g[0] * dt;
      dy -= g[1] * dt;
    }
    v[i] = Math.sqrt(dx * dx + dy * dy) / dt / (bodyPx[i] as number);
  }
}

/** Slowest point speed of one foot per frame (NaN unless all its points' speeds are known). */
function footSlowSpeed(tr: Trajectories, side: Side, bodyPx: Float64Array, ground?: GroundMotion): Float64Array {
  const joints = footPoints(tr, side);
  const n = tr.tS.length;
  const s0 = new Float64Array(n).fill(NaN);
  writePointSpeed(tr.tS, tr.pts[joints[0] as Joint], bodyPx, ground, s0);
  if (joints.length < 2) return s0;
  const s1 = new Float64Array(n).fill(NaN);
  writePointSpeed(tr.tS, tr.pts[joints[1] as Joint], bodyPx, ground, s1);
  // Written into s0 in place: slow = the smaller speed where both are finite, else NaN.
  for (let i = 0; i < n; i++) {
    const a = s0[i] as number;
    const b = s1[i] as number;
    s0[i] = a - a === 0 && b - b === 0 ? (a < b ? a : b) : NaN;
  }
  return s0;
}

/** Time at which series v crosses level between samples i-1 and i (linear). */
function crossTime(tS: Float64Array, v: Float64Array, i: number, level: number): number {
  const a = v[i - 1] as number;
  const b = v[i] as number;
  const f = b === a ? 0.5 : (level - a) / (b - a);
  return (tS[i - 1] as number) + Math.min(1, Math.max(0, f)) * ((tS[i] as number) - (tS[i - 1] as number));
}

/**
 * Detects foot strikes and foot offs of both feet. `bodyPx` is the subject's pixel height per frame
 * (normalises speeds so that distance to the camera does not matter). `sagittal`: bouts also need the pelvis to travel
 * across the image, and end where it stops or turns back (one direction per bout). `ground`: the floor's image motion
 * (treadmill), for foot speeds relative to the floor.
 */
export function detectEvents(
  tr: Trajectories, bodyPx: Float64Array, settings: KinematicsSettings, th: EventThresholds, sagittal = false, ground?: GroundMotion,
): VelocityEventResult {
  const n = tr.tS.length;
  const dt = n > 1 ? ((tr.tS[n - 1] as number) - (tr.tS[0] as number)) / (n - 1) : 1;
  const slowest = { left: footSlowSpeed(tr, 'left', bodyPx, ground), right: footSlowSpeed(tr, 'right', bodyPx, ground) };
  // Reference swing speed per foot: a high percentile of the foot's slowest point (in swing every point moves).
  const ref = {} as Record<Side, number>;
  for (const side of ['left', 'right'] as const) {
    ref[side] = nanQuantile(slowest[side], 0.95);
  }
  // Contact state with hysteresis: 1 contact, 0 swing, -1 unknown.
  const state = { left: new Int8Array(n).fill(-1), right: new Int8Array(n).fill(-1) };
  for (const side of ['left', 'right'] as const) {
    const slow = slowest[side];
    const lo = th.strikeFraction * ref[side];
    const hi = th.offFraction * ref[side];
    const st = state[side];
    let cur = -1;
    for (let i = 0; i < n; i++) {
      const v = slow[i] as number;
      if (!Number.isFinite(v)) {
        cur = -1;
      } else if (cur === -1) {
        cur = v < lo ? 1 : v > hi ? 0 : v < (lo + hi) / 2 ? 1 : 0;
      } else if (cur === 1 && v > hi) cur = 0;
      else if (cur === 0 && v < lo) cur = 1;
      st[i] = cur;
    }
    cleanRuns(st, Math.round(settings.minSwingS / dt), 0, 1);
    cleanRuns(st, Math.round(settings.minStanceS / dt), 1, 0);
  }
  // Pelvis progression (body heights / s across the image, plus relative change of the pixel height for
  // walking toward/away from the camera), averaged over ±0.25 s: standing still means both feet planted
  // AND the pelvis not progressing.
  const hip = midHip(tr);
  const progress = pelvisProgress(tr, bodyPx, Math.max(1, Math.round(0.25 / dt)), hip);
  // Standing still: both feet in contact for longer than standStillS → not walking.
  const walking = new Uint8Array(n);
  // A slow walker's double support (and, in a front or back view, a slowly swinging foot that barely moves in the
  // image) can keep both feet still for 0.5 s: standing needs at least half the walk's own stride as well.
  const stillMin = Math.round(Math.max(settings.standStillS, 0.5 * contactStrideS(state, tr.tS, settings.maxStrideS)) / dt);
  // The per-frame loops read the contact states from locals (V8 does not hoist the property loads out of a loop).
  const stL = state.left;
  const stR = state.right;
  for (let i = 0; i < n; i++) walking[i] = stL[i] !== -1 && stR[i] !== -1 ? 1 : 0;
  const still = (k: number): boolean => stL[k] === 1 && stR[k] === 1 && !((progress[k] as number) > STILL_PROGRESS_BH_PER_S);
  // Frames of standing still (they end a bout, and the next one starts with a foot leaving the ground).
  const standing = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    if (still(i)) {
      let j = i;
      while (j < n && still(j)) j++;
      if (j - i >= stillMin) {
        walking.fill(0, i, j);
        standing.fill(1, i, j);
      }
      i = j;
    } else i++;
  }
  // Side view: walking also needs the pelvis to travel across the image (averaged over ±0.5 s), so a subject
  // who stands (even with flickering foot points) or turns back ends a bout: each bout has one direction.
  const vx = sagittal ? pelvisHorizontalVelocity(tr, bodyPx, Math.max(1, Math.round(0.5 / dt)), hip.seen) : null;
  if (vx) {
    for (let k = 0; k < n; k++) if (!(Math.abs(vx[k] as number) >= STILL_PROGRESS_BH_PER_S)) walking[k] = 0;
    for (let k = 1; k < n; k++) if (walking[k] && walking[k - 1] && Math.sign(vx[k] as number) !== Math.sign(vx[k - 1] as number)) walking[k] = 0;
  }
  // A short stretch with the feet unseen (the person occluded or lost by the pose model for a moment) between walking
  // does not end the bout: it is a gap inside it, which no gait phase may span (a step could be hidden in it).
  const gapsS: [number, number][] = [];
  const inBout = walking.slice();
  const bridgeMax = Math.round(settings.maxBoutGapS / dt);
  i = 0;
  while (i < n) {
    if (walking[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && !walking[j]) j++;
    let unseen = i > 0 && j < n && j - i <= bridgeMax && (!vx || Math.sign(vx[i - 1] as number) === Math.sign(vx[j] as number));
    for (let k = i; k < j && unseen; k++) if (stL[k] !== -1 && stR[k] !== -1) unseen = false;
    if (unseen) {
      inBout.fill(1, i, j);
      gapsS.push([tr.tS[i - 1] as number, tr.tS[j] as number]);
    }
    i = j;
  }
  const bouts: [number, number][] = [];
  const walkSpansS: [number, number][] = [];
  i = 0;
  while (i < n) {
    if (!inBout[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && inBout[j]) j++;
    bouts.push([tr.tS[i] as number, tr.tS[j - 1] as number]);
    // After standing still, walking starts when a foot leaves the ground (the pelvis-motion window, ±0.25 s, opens the
    // bout earlier); before standing still it ends when the last foot comes down.
    const swinging = (k: number): boolean => stL[k] === 0 || stR[k] === 0;
    let a = i;
    let b = j - 1;
    if (i > 0 && standing[i - 1]) while (a <= b && !swinging(a)) a++;
    if (j < n && standing[j]) while (b >= a && !swinging(b)) b--;
    walkSpansS.push(b >= a ? [tr.tS[a] as number, tr.tS[b] as number] : [tr.tS[i] as number, tr.tS[i] as number]);
    i = j;
  }
  const events = { left: { footStrikeS: [] as number[], footOffS: [] as number[] }, right: { footStrikeS: [] as number[], footOffS: [] as number[] } };
  for (const side of ['left', 'right'] as const) {
    const st = state[side];
    const slow = slowest[side];
    for (let k = 1; k < n; k++) {
      const a = st[k - 1] as number;
      const b = st[k] as number;
      if (a === -1 || b === -1 || a === b) continue;
      // A transition counts only inside walking (the frame on either side walking, feet seen).
      if (!walking[k] && !walking[k - 1]) continue;
      if (a === 0 && b === 1) {
        const level = th.strikeFraction * ref[side];
        events[side].footStrikeS.push(crossTimeNear(tr.tS, slow, k, level, -1));
      } else {
        const level = th.offFraction * ref[side];
        events[side].footOffS.push(crossTimeNear(tr.tS, slow, k, level, +1));
      }
    }
  }
  return { events, bouts, gapsS, walkSpansS, method: 'foot-velocity (heel/toe image speed, hysteresis thresholds relative to swing speed)' };
}

/** Foot-velocity events with the gaps bridged inside the walking bouts and the span of each bout in which the subject walks. */
export interface VelocityEventResult extends EventResult {
  /** Stretches inside a bout with the feet unseen (at most maxBoutGapS): [last seen, first seen again] (s). */
  gapsS: [number, number][];
  /** Per bout: from the first foot leaving the ground after standing still (else the bout's start) to the last foot coming down before standing still (else its end). */
  walkSpansS: [number, number][];
}

/**
 * The walk's stride (s) from the contact states: boutStrideS of each foot's lifts (contact → swing), at most maxStrideS;
 * 0 when there are none. Standing still has no lifts, so this is the stride of the walking in the track.
 */
function contactStrideS(state: Record<Side, Int8Array>, tS: Float64Array, maxStrideS: number): number {
  const lifts = (['left', 'right'] as const).map((side) => {
    const st = state[side];
    const out: number[] = [];
    for (let i = 1; i < st.length; i++) if (st[i - 1] === 1 && st[i] === 0) out.push(tS[i] as number);
    return out;
  });
  const stride = boutStrideS(lifts);
  return Number.isFinite(stride) ? Math.min(stride, maxStrideS) : 0;
}

/** Pelvis progression below this (body heights / s) counts as not walking. */
const STILL_PROGRESS_BH_PER_S = 0.1;

/** Pelvis progression speed in body heights / s: horizontal image motion of the mid-hip ÷ pixel height, plus |d ln(pixel height)/dt|. */
function pelvisProgress(tr: Trajectories, bodyPx: Float64Array, half: number, hip: MidHip = midHip(tr)): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n).fill(NaN);
  const { mx, seen } = hip;
  const ab: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    seenWindow(seen, i, half, n, ab);
    const a = ab[0];
    const b = ab[1];
    if (b <= a) continue;
    const dtAB = (tr.tS[b] as number) - (tr.tS[a] as number);
    const h = bodyPx[i] as number;
    const horiz = Math.abs((mx[b] as number) - (mx[a] as number)) / h / dtAB;
    const depth = Math.abs(Math.log((bodyPx[b] as number) / (bodyPx[a] as number))) / dtAB;
    out[i] = (Number.isFinite(horiz) ? horiz : 0) + (Number.isFinite(depth) ? depth : 0);
  }
  return out;
}

/** Horizontal pelvis velocity in body heights / s (+ = toward screen right), central difference over ±half samples; `seen`: where both hips are (midHip). */
export function pelvisHorizontalVelocity(tr: Trajectories, bodyPx: Float64Array, half: number, seen: Uint8Array = midHip(tr).seen): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n).fill(NaN);
  const lx = tr.pts.left_hip.x;
  const rx = tr.pts.right_hip.x;
  const ab: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    seenWindow(seen, i, half, n, ab);
    const a = ab[0];
    const b = ab[1];
    if (b <= a) continue;
    const d = ((lx[b] as number) + (rx[b] as number) - (lx[a] as number) - (rx[a] as number)) / 2;
    out[i] = d / (bodyPx[i] as number) / ((tr.tS[b] as number) - (tr.tS[a] as number));
  }
  return out;
}

/** Mid-hip x per frame and where it is seen (both hips). */
interface MidHip {
  mx: Float64Array;
  seen: Uint8Array;
}

/** MidHip of the trajectories, computed once per detection for the pelvis's progress and velocity. */
function midHip(tr: Trajectories): MidHip {
  const n = tr.tS.length;
  const lx = tr.pts.left_hip.x;
  const rx = tr.pts.right_hip.x;
  const mx = new Float64Array(n);
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const m = ((lx[k] as number) + (rx[k] as number)) / 2;
    mx[k] = m;
    seen[k] = m - m === 0 ? 1 : 0;
  }
  return { mx, seen };
}

/**
 * The window ±half around sample i for a central difference, each end pulled in to the nearest sample where `seen`
 * is set when it falls in a gap (the pelvis unseen); [i, i] when the window keeps less than half its width. Written
 * into `out` (called for every frame).
 */
function seenWindow(seen: Uint8Array, i: number, half: number, n: number, out: [number, number]): void {
  let a = Math.max(0, i - half);
  let b = Math.min(n - 1, i + half);
  while (a < i && !seen[a]) a++;
  while (b > i && !seen[b]) b--;
  const keep = b - a >= Math.min(half, n - 1);
  out[0] = keep ? a : i;
  out[1] = keep ? b : i;
}

/** Sub-frame crossing time of `level` near sample k (searching the bracketing samples). */
function crossTimeNear(tS: Float64Array, v: Float64Array, k: number, level: number, dir: -1 | 1): number {
  // dir -1: falling through level; +1: rising
  for (let j = k; j >= Math.max(1, k - 3); j--) {
    const a = v[j - 1] as number;
    const b = v[j] as number;
    if ((dir < 0 && a >= level && b < level) || (dir > 0 && a <= level && b > level)) return crossTime(tS, v, j, level);
  }
  return tS[k] as number;
}

/** Replaces runs of `value` shorter than minLen (bounded on both sides by `other`) with `other`. */
function cleanRuns(st: Int8Array, minLen: number, value: number, other: number): void {
  const n = st.length;
  let i = 0;
  while (i < n) {
    if (st[i] !== value) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && st[j] === value) j++;
    if (j - i < minLen && i > 0 && j < n && st[i - 1] === other && st[j] === other) st.fill(other, i, j);
    i = j;
  }
}
