/**
 * Gait events per foot from the cleaned, evenly sampled trajectories: a foot is in contact while it is
 * stationary in the image (a static camera sees a planted foot stand still, from the side, the front or
 * the back). Foot strike = the first of the foot's points (heel, toe) coming to rest; foot off = the last
 * one leaving (the foot-velocity method of O'Connor et al. 2007, Gait Posture 25:469, and Ghoussayni
 * et al. 2004, Gait Posture 20:266, in image coordinates normalised by the subject's pixel height).
 * Walking bouts are separated by standing still or by the feet leaving the frame; no events are emitted
 * while standing or while the feet are not seen.
 */
import type { Side } from './keypoints.ts';
import type { Trajectories } from './trajectories.ts';
import { indexRange, nanQuantile } from './trajectories.ts';
import type { KinematicsSettings } from './conventions.ts';

/** Event thresholds: contact starts when the foot's slowest point drops below `strikeFraction` of its swing speed, ends above `offFraction`. */
export interface EventThresholds {
  strikeFraction: number;
  offFraction: number;
}

/** Events of one foot, seconds. */
export interface FootEvents {
  footStrikeS: number[];
  footOffS: number[];
}

/** Result of event detection. */
export interface EventResult {
  events: Record<Side, FootEvents>;
  /** Walking bouts [startS, endS]. */
  bouts: [number, number][];
  method: string;
}

/** Image speed (body heights / s) of a point, central differences; NaN where unknown. */
export function pointSpeed(tr: Trajectories, joint: keyof Trajectories['pts'], bodyPx: Float64Array): Float64Array {
  const n = tr.tS.length;
  const p = tr.pts[joint];
  const v = new Float64Array(n).fill(NaN);
  for (let i = 1; i < n - 1; i++) {
    const dt = (tr.tS[i + 1] as number) - (tr.tS[i - 1] as number);
    const dx = (p.x[i + 1] as number) - (p.x[i - 1] as number);
    const dy = (p.y[i + 1] as number) - (p.y[i - 1] as number);
    v[i] = Math.sqrt(dx * dx + dy * dy) / dt / (bodyPx[i] as number);
  }
  return v;
}

/** Slowest and fastest point speed of one foot per frame. */
function footSpeeds(tr: Trajectories, side: Side, bodyPx: Float64Array): { slow: Float64Array; fast: Float64Array } {
  const pts = tr.present.has(`${side}_heel`) ? ([`${side}_heel`, `${side}_foot_index`] as const) : ([`${side}_ankle`] as const);
  const speeds = pts.map((j) => pointSpeed(tr, j, bodyPx));
  const n = tr.tS.length;
  const slow = new Float64Array(n).fill(NaN);
  const fast = new Float64Array(n).fill(NaN);
  const s0 = speeds[0] as Float64Array;
  const s1 = speeds[1] ?? s0;
  for (let i = 0; i < n; i++) {
    const a = s0[i] as number;
    const b = s1[i] as number;
    if (a - a === 0 && b - b === 0) {
      slow[i] = a < b ? a : b;
      fast[i] = a < b ? b : a;
    }
  }
  return { slow, fast };
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
 * across the image, and end where it stops or turns back (one direction per bout).
 */
export function detectEvents(tr: Trajectories, bodyPx: Float64Array, settings: KinematicsSettings, th: EventThresholds, sagittal = false): EventResult {
  const n = tr.tS.length;
  const dt = n > 1 ? ((tr.tS[n - 1] as number) - (tr.tS[0] as number)) / (n - 1) : 1;
  const feet = { left: footSpeeds(tr, 'left', bodyPx), right: footSpeeds(tr, 'right', bodyPx) };
  // Reference swing speed per foot: a high percentile of the foot's fastest point.
  const ref = {} as Record<Side, number>;
  for (const side of ['left', 'right'] as const) {
    ref[side] = nanQuantile(feet[side].slow, 0.95);
  }
  // Contact state with hysteresis: 1 contact, 0 swing, -1 unknown.
  const state = { left: new Int8Array(n).fill(-1), right: new Int8Array(n).fill(-1) };
  for (const side of ['left', 'right'] as const) {
    const { slow } = feet[side];
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
  const progress = pelvisProgress(tr, bodyPx, Math.max(1, Math.round(0.25 / dt)));
  // Standing still: both feet in contact for longer than standStillS → not walking.
  const walking = new Uint8Array(n);
  const stillMin = Math.round(settings.standStillS / dt);
  for (let i = 0; i < n; i++) walking[i] = state.left[i] !== -1 && state.right[i] !== -1 ? 1 : 0;
  const still = (k: number): boolean => state.left[k] === 1 && state.right[k] === 1 && !((progress[k] as number) > STILL_PROGRESS_BH_PER_S);
  let i = 0;
  while (i < n) {
    if (still(i)) {
      let j = i;
      while (j < n && still(j)) j++;
      if (j - i >= stillMin) for (let k = i; k < j; k++) walking[k] = 0;
      i = j;
    } else i++;
  }
  if (sagittal) {
    // Side view: walking also needs the pelvis to travel across the image (averaged over ±0.5 s), so a subject
    // who stands (even with flickering foot points) or turns back ends a bout: each bout has one direction.
    const vx = pelvisHorizontalVelocity(tr, bodyPx, Math.max(1, Math.round(0.5 / dt)));
    for (let k = 0; k < n; k++) if (!(Math.abs(vx[k] as number) >= STILL_PROGRESS_BH_PER_S)) walking[k] = 0;
    for (let k = 1; k < n; k++) if (walking[k] && walking[k - 1] && Math.sign(vx[k] as number) !== Math.sign(vx[k - 1] as number)) walking[k] = 0;
  }
  const bouts: [number, number][] = [];
  i = 0;
  while (i < n) {
    if (!walking[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && walking[j]) j++;
    bouts.push([tr.tS[i] as number, tr.tS[j - 1] as number]);
    i = j;
  }
  const events = { left: { footStrikeS: [] as number[], footOffS: [] as number[] }, right: { footStrikeS: [] as number[], footOffS: [] as number[] } };
  for (const side of ['left', 'right'] as const) {
    const st = state[side];
    const { slow } = feet[side];
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
  return { events, bouts, method: 'foot-velocity (heel/toe image speed, hysteresis thresholds relative to swing speed)' };
}

/** Pelvis progression below this (body heights / s) counts as not walking. */
const STILL_PROGRESS_BH_PER_S = 0.1;

/** Pelvis progression speed in body heights / s: horizontal image motion of the mid-hip ÷ pixel height, plus |d ln(pixel height)/dt|. */
function pelvisProgress(tr: Trajectories, bodyPx: Float64Array, half: number): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n).fill(NaN);
  const mx = (i: number): number => ((tr.pts.left_hip.x[i] as number) + (tr.pts.right_hip.x[i] as number)) / 2;
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(n - 1, i + half);
    if (b <= a) continue;
    const dtAB = (tr.tS[b] as number) - (tr.tS[a] as number);
    const h = bodyPx[i] as number;
    const horiz = Math.abs(mx(b) - mx(a)) / h / dtAB;
    const depth = Math.abs(Math.log((bodyPx[b] as number) / (bodyPx[a] as number))) / dtAB;
    out[i] = (Number.isFinite(horiz) ? horiz : 0) + (Number.isFinite(depth) ? depth : 0);
  }
  return out;
}

/** Horizontal pelvis velocity in body heights / s (+ = toward screen right), central difference over ±half samples. */
export function pelvisHorizontalVelocity(tr: Trajectories, bodyPx: Float64Array, half: number): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n).fill(NaN);
  const lx = tr.pts.left_hip.x;
  const rx = tr.pts.right_hip.x;
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(n - 1, i + half);
    if (b <= a) continue;
    const d = ((lx[b] as number) + (rx[b] as number) - (lx[a] as number) - (rx[a] as number)) / 2;
    out[i] = d / (bodyPx[i] as number) / ((tr.tS[b] as number) - (tr.tS[a] as number));
  }
  return out;
}

/**
 * Side-view events by the coordinate method of Zeni et al. (2008, Gait Posture 27:710) in image coordinates: per
 * walking bout, "forward" is the bout's direction of travel on screen; foot strike = the most forward position of
 * the heel relative to the mid-hip, foot off = the most backward position of the toe (foot index) relative to the
 * mid-hip (ankle for keypoint sets without foot points), as prominent extrema (parabolic sub-frame). Only inside
 * the walking bouts of `base` (foot-velocity detector), never while standing or with the feet out of view.
 */
export function detectSagittalEvents(tr: Trajectories, bodyPx: Float64Array, base: EventResult, minSwingS = 0.2): EventResult {
  const n = tr.tS.length;
  const hasFoot = tr.present.has('left_heel') && tr.present.has('left_foot_index');
  const events = { left: { footStrikeS: [] as number[], footOffS: [] as number[] }, right: { footStrikeS: [] as number[], footOffS: [] as number[] } };
  const p = tr.pts;
  const dirs: number[] = [];
  const q = new Float64Array(n);
  let refined = 0;
  let total = 0;
  for (const [b0, b1] of base.bouts) {
    const [i0, i1] = indexRange(tr.tS, b0, b1);
    if (i1 < i0) continue;
    const mid = (i: number): number => ((p.left_hip.x[i] as number) + (p.right_hip.x[i] as number)) / 2;
    let first = NaN;
    let last = NaN;
    for (let i = i0; i <= i1; i++) {
      const m = mid(i);
      if (m === m) {
        if (first !== first) first = m;
        last = m;
      }
    }
    const dir = Math.sign(last - first);
    if (!dir) continue;
    dirs.push(dir);
    const tB = tr.tS.subarray(i0, i1 + 1);
    const qB = q.subarray(i0, i1 + 1);
    for (const side of ['left', 'right'] as const) {
      for (const ev of ['strike', 'off'] as const) {
        const pt = hasFoot ? (ev === 'strike' ? p[`${side}_heel`] : p[`${side}_foot_index`]) : p[`${side}_ankle`];
        const ankleOff = !hasFoot && ev === 'off';
        if (ankleOff) {
          // Ankle only: upward image velocity of the ankle (body heights / s), central differences.
          for (let i = i0; i <= i1; i++) {
            const a = i > i0 ? i - 1 : i;
            const b = i < i1 ? i + 1 : i;
            q[i] = b > a ? -((pt.y[b] as number) - (pt.y[a] as number)) / ((tr.tS[b] as number) - (tr.tS[a] as number)) / (bodyPx[i] as number) : NaN;
          }
        } else {
          const sgn = ev === 'strike' ? dir : -dir;
          for (let i = i0; i <= i1; i++) q[i] = (sgn * ((pt.x[i] as number) - mid(i))) / (bodyPx[i] as number);
        }
        let finite = 0;
        for (let i = 0; i < qB.length; i++) if ((qB[i] as number) - (qB[i] as number) === 0) finite++;
        if (finite < 5) continue;
        const amp = nanQuantile(qB, 0.95) - nanQuantile(qB, 0.05);
        if (!(amp > 0)) continue;
        const ts = prominentExtrema(tB, qB, 1, 0.2 * amp, 0.6, 0.5);
        const out = ev === 'strike' ? events[side].footStrikeS : events[side].footOffS;
        if (!hasFoot) {
          // Ankle-only keypoint sets: the ankle's extremum precedes the event by a calibrated delay (ANKLE_EVENT_DELAY_S);
          // the foot-velocity events of the ankle are biased (the ankle moves while the foot rolls) and do not refine it.
          const delay = ANKLE_EVENT_DELAY_S[ev];
          for (const t of ts) out.push(t + delay);
          total += ts.length;
          continue;
        }
        // Velocity refinement: a foot-velocity event of the same foot and kind within REFINE_WINDOW_S is more
        // precise on clean tracks (it marks the foot coming to rest); otherwise the coordinate event stands.
        const vel = ev === 'strike' ? base.events[side].footStrikeS : base.events[side].footOffS;
        for (const t of ts) {
          const v = nearestIn(vel, t);
          const best = v !== undefined && Math.abs(v - t) <= REFINE_WINDOW_S ? v : t;
          out.push(best);
          if (best !== t) refined++;
          total++;
        }
      }
    }
  }
  if (!hasFoot) {
    // A swing lasts longer than minSwingS: an ankle foot-off candidate followed that soon by the same foot's strike is
    // not a foot off (e.g. an upward ankle movement at the start of a bout).
    for (const side of ['left', 'right'] as const) {
      const fsL = [...events[side].footStrikeS].sort((a, b) => a - b);
      events[side].footOffS = events[side].footOffS.filter((o) => {
        const next = firstAfterIn(fsL, o);
        return next === undefined || next - o >= minSwingS;
      });
    }
  }
  const d = [...new Set(dirs)];
  return {
    events,
    bouts: base.bouts,
    method:
      `side-view coordinate method (Zeni et al. 2008) per walking bout (${d.map((x) => (x > 0 ? 'left-to-right' : 'right-to-left')).join(', ') || 'no direction'}): ` +
      (hasFoot
        ? `foot strike = most forward heel, foot off = most backward foot index, relative to the mid-hip; ` +
          `${refined} of ${total} events refined by the foot-velocity detector (within ${REFINE_WINDOW_S} s)`
        : `ankle only (no heel/foot index): foot strike = most forward ankle relative to the mid-hip + ${ANKLE_EVENT_DELAY_S.strike} s, ` +
          `foot off = fastest upward ankle motion + ${ANKLE_EVENT_DELAY_S.off} s (delays calibrated on motion capture); ${total} events`),
  };
}

/** Element of an ascending list nearest to t (the earlier on a tie); undefined when the list is empty. */
export function nearestIn(list: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((list[m] as number) <= t) lo = m + 1;
    else hi = m;
  }
  const a = list[lo - 1];
  const b = list[lo];
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b - t < t - a ? b : a;
}

/** First element of an ascending list strictly after t; undefined when none. */
function firstAfterIn(list: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((list[m] as number) > t) hi = m;
    else lo = m + 1;
  }
  return list[lo];
}

/** Last element of an ascending list strictly before t; undefined when none. */
function lastBeforeIn(list: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((list[m] as number) < t) lo = m + 1;
    else hi = m;
  }
  return list[lo - 1];
}

/**
 * Side view without foot points (e.g. COCO-17): delay (s) from the ankle feature to the event. Foot strike: the
 * ankle is most forward relative to the pelvis 0.043 s (FlatFoot trial, 15 strikes) and 0.016 s (OpenSim trial,
 * 9 strikes) before the labelled foot strike; foot off: the ankle rises fastest (heel rise → toe off) 0.028 s and
 * 0.030 s before the labelled foot off (mean of the two development trials, 30 and 60 fps, both cameras).
 */
const ANKLE_EVENT_DELAY_S = Object.freeze({ strike: 0.03, off: 0.029 });

/** Largest distance (s) between a coordinate-method event and the foot-velocity event that refines it. */
const REFINE_WINDOW_S = 0.07;

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

/**
 * Frontal-view feature extrema (calibrated offsets, seconds) — a Zeni-style coordinate method in depth.
 * In a level pinhole camera q(t) = (y − cy) ÷ bodyPx(t) of a point is (camera height − point height) ÷ stature
 * × (pelvis depth ÷ point depth): it grows as the point comes nearer than the pelvis and as it goes down,
 * and does not drift with the subject's distance. Each event is the extremum of one such signal that is
 * sharpest for that event and walking direction, shifted by the mean offset between that extremum and the
 * labelled events of the motion-capture development trials (two subjects, 1.15–1.26 m/s; spread of the
 * offsets 0.01–0.03 s SD): e.g. toward the camera the leading heel's q peaks 0.012 s before foot strike;
 * the ankle's q is lowest (foot highest and furthest back) 0.056 s after foot off. Away from the camera without foot
 * points, foot strike comes 0.175 s after the knee's q minimum (knee highest, mid-swing: 0.187 s FlatFoot, 0.162 s
 * OpenSim); the ankle's own minimum there is no consistent marker (0.30 s vs 0.12 ± 0.13 s before the strike).
 */
const FRONTAL_FEATURES: Record<'toward' | 'away', Record<'strike' | 'off', Record<'heel' | 'ankle', { joint: 'heel' | 'ankle' | 'foot_index' | 'knee'; kind: 1 | -1; offsetS: number }>>> = {
  toward: {
    strike: { heel: { joint: 'heel', kind: 1, offsetS: -0.012 }, ankle: { joint: 'ankle', kind: 1, offsetS: 0.038 } },
    off: { heel: { joint: 'ankle', kind: -1, offsetS: 0.056 }, ankle: { joint: 'ankle', kind: -1, offsetS: 0.056 } },
  },
  away: {
    strike: { heel: { joint: 'foot_index', kind: -1, offsetS: -0.051 }, ankle: { joint: 'knee', kind: -1, offsetS: -0.175 } },
    off: { heel: { joint: 'knee', kind: 1, offsetS: -0.033 }, ankle: { joint: 'knee', kind: 1, offsetS: -0.033 } },
  },
};

/**
 * Image row of the horizon (the optical axis of a level camera), from the floor contact points: a ground point
 * at depth Z is imaged at y = cy + f·hCamera/Z and the subject's pixel height is f·H/Z, so the lower foot's
 * row is linear in the pixel height, y = cy + (hCamera/H)·bodyPx; the intercept of a least-squares line is cy.
 * NaN when the subject's distance barely changes (the intercept is then undetermined).
 */
export function horizonRowPx(tr: Trajectories, bodyPx: Float64Array): number {
  const foot = tr.present.has('left_heel') ? 'heel' : 'ankle';
  const l = tr.pts[`left_${foot}`].y;
  const r = tr.pts[`right_${foot}`].y;
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < bodyPx.length; i++) {
    const x = bodyPx[i] as number;
    const y = Math.max(l[i] as number, r[i] as number);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    n++; sx += x; sy += y; sxx += x * x; sxy += x * y;
    lo = Math.min(lo, x); hi = Math.max(hi, x);
  }
  if (n < 10 || !(hi > 1.15 * lo)) return NaN;
  const k = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return (sy - k * sx) / n;
}

/** Walking direction in a frontal view from the trend of the subject's pixel height: +1 toward the camera, −1 away, 0 unknown. */
export function frontalDepthDirection(tS: Float64Array, bodyPx: Float64Array, t0: number, t1: number): number {
  let n = 0, st = 0, sl = 0, stt = 0, stl = 0;
  const [i0, i1] = indexRange(tS, t0, t1);
  for (let i = i0; i <= i1; i++) {
    const t = tS[i] as number;
    const b = bodyPx[i] as number;
    if (!(b > 0)) continue;
    const l = Math.log(b);
    n++; st += t; sl += l; stt += t * t; stl += t * l;
  }
  if (n < 3) return 0;
  const slope = (n * stl - st * sl) / (n * stt - st * st);
  return Number.isFinite(slope) && slope !== 0 ? Math.sign(slope) : 0;
}

/**
 * Times of the prominent local extrema of `v` (kind +1 maxima, −1 minima), parabolic sub-sample refinement.
 * An extremum counts when it stands out by `minProminence` from the lower of the two neighbouring troughs
 * within ±`searchS`, and same-kind extrema closer than `minSpacingS` keep only the more prominent.
 */
export function prominentExtrema(tS: Float64Array, v: Float64Array, kind: 1 | -1, minProminence: number, searchS: number, minSpacingS: number): number[] {
  const n = v.length;
  if (n < 3) return [];
  const dt = ((tS[n - 1] as number) - (tS[0] as number)) / (n - 1);
  const reach = Math.max(2, Math.round(searchS / dt));
  const found: { t: number; p: number }[] = [];
  for (let i = 1; i < n - 1; i++) {
    const b = kind * (v[i] as number);
    const a = kind * (v[i - 1] as number);
    const c = kind * (v[i + 1] as number);
    if (!(b >= a && b > c)) continue;
    let lo = b;
    let l = i - 1;
    for (; l >= Math.max(0, i - reach); l--) {
      const x = kind * (v[l] as number);
      if (!Number.isFinite(x) || x > b) break;
      if (x < lo) lo = x;
    }
    let lo2 = b;
    let r = i + 1;
    for (; r <= Math.min(n - 1, i + reach); r++) {
      const x = kind * (v[r] as number);
      if (!Number.isFinite(x) || x > b) break;
      if (x < lo2) lo2 = x;
    }
    const p = b - Math.max(lo, lo2);
    if (!(p >= minProminence)) continue;
    const den = a - 2 * b + c;
    const off = den !== 0 ? (0.5 * (a - c)) / den : 0;
    const t = (tS[i] as number) + Math.max(-0.5, Math.min(0.5, off)) * dt;
    const last = found[found.length - 1];
    if (last && t - last.t < minSpacingS) {
      if (p > last.p) found[found.length - 1] = { t, p };
    } else found.push({ t, p });
  }
  return found.map((x) => x.t);
}

/**
 * Frontal-view events: extrema of the depth-aware coordinate signals q(t) (see FRONTAL_FEATURES), per foot,
 * inside the walking bouts of `base` (found by the foot-velocity detector, which also says where the subject
 * stands still). `cyPx` is the image row of the optical axis (image centre for a level camera).
 */
export function detectFrontalEvents(tr: Trajectories, bodyPx: Float64Array, cyPx: number, base: EventResult, minStanceS = 0.2): EventResult {
  const hasHeel = tr.present.has('left_heel') && tr.present.has('left_foot_index');
  const set = hasHeel ? 'heel' : 'ankle';
  const events = { left: { footStrikeS: [] as number[], footOffS: [] as number[] }, right: { footStrikeS: [] as number[], footOffS: [] as number[] } };
  const dirs: string[] = [];
  const horizon = horizonRowPx(tr, bodyPx);
  const cy = Number.isFinite(horizon) ? horizon : cyPx;
  for (const [b0, b1] of base.bouts) {
    const dir = frontalDepthDirection(tr.tS, bodyPx, b0, b1);
    if (dir === 0) continue;
    const feats = FRONTAL_FEATURES[dir > 0 ? 'toward' : 'away'];
    dirs.push(dir > 0 ? 'toward' : 'away');
    const [i0, i1] = indexRange(tr.tS, b0, b1);
    if (i1 < i0) continue;
    const tB = tr.tS.subarray(i0, i1 + 1);
    const q = new Float64Array(i1 - i0 + 1);
    for (const side of ['left', 'right'] as const) {
      for (const ev of ['strike', 'off'] as const) {
        const f = feats[ev][set];
        const y = tr.pts[`${side}_${f.joint}`].y;
        for (let i = i0; i <= i1; i++) q[i - i0] = ((y[i] as number) - cy) / (bodyPx[i] as number);
        const amp = nanQuantile(q, 0.95) - nanQuantile(q, 0.05);
        if (!(amp > 0)) continue;
        const ts = prominentExtrema(tB, q, f.kind, 0.2 * amp, 0.6, 0.5);
        const out = ev === 'strike' ? events[side].footStrikeS : events[side].footOffS;
        for (const t of ts) out.push(t - f.offsetS);
      }
    }
  }
  // Walking alternates the feet: a strike closer than minStanceS to the other foot's strike that has no strike of
  // the other foot between it and its own previous or next strike is a spurious extremum (e.g. of the knee), dropped.
  const alternationBroken = (own: number[], other: number[], k: number): boolean => {
    const t = own[k] as number;
    const prev = own[k - 1];
    const next = own[k + 1];
    const between = (a: number, b: number): boolean => {
      const x = firstAfterIn(other, a);
      return x !== undefined && x < b;
    };
    return (prev !== undefined && !between(prev, t)) || (next !== undefined && !between(t, next));
  };
  const sortedStrikes = { left: [...events.left.footStrikeS].sort((a, b) => a - b), right: [...events.right.footStrikeS].sort((a, b) => a - b) };
  for (const side of ['left', 'right'] as const) {
    const own = sortedStrikes[side];
    const other = sortedStrikes[side === 'left' ? 'right' : 'left'];
    events[side].footStrikeS = own.filter((t, k) => {
      const near = nearestIn(other, t);
      return !(near !== undefined && Math.abs(near - t) < minStanceS && alternationBroken(own, other, k));
    });
  }
  // A foot leaves the ground after the other foot has landed and before it lands again itself: keep the first
  // foot-off candidate in each (contralateral strike, own next strike) interval (a signal can have a second
  // extremum of the same kind in the cycle, e.g. the knee's just after foot strike).
  for (const side of ['left', 'right'] as const) {
    const own = [...events[side].footStrikeS].sort((a, b) => a - b);
    const other = [...events[side === 'left' ? 'right' : 'left'].footStrikeS].sort((a, b) => a - b);
    const cands = [...events[side].footOffS].sort((a, b) => a - b);
    const kept: number[] = [];
    let lastKeptAfter = NaN;
    for (const c of cands) {
      const lastOwn = lastBeforeIn(own, c) ?? -Infinity;
      const lastOther = lastBeforeIn(other, c) ?? -Infinity;
      if (lastOwn > lastOther) continue; // single support of this foot: not a foot off
      if (lastOther === lastKeptAfter && Number.isFinite(lastOther)) continue; // one foot off per interval
      kept.push(c);
      lastKeptAfter = lastOther;
    }
    events[side].footOffS = kept;
  }
  const feat = (e: 'strike' | 'off', d: 'toward' | 'away'): string => {
    const f = FRONTAL_FEATURES[d][e][set];
    return `${e === 'strike' ? 'foot strike' : 'foot off'} ${d}: ${f.kind > 0 ? 'max' : 'min'} of ${f.joint}  (extremum − event = ${f.offsetS} s)`;
  };
  const ds = [...new Set(dirs)] as ('toward' | 'away')[];
  return {
    events,
    bouts: base.bouts,
    method:
      'frontal coordinate method: extrema of (image y − optical-axis row) ÷ subject pixel height per foot point (depth-aware Zeni), ' +
      'offsets calibrated on motion capture (' + ds.flatMap((d) => [feat('strike', d), feat('off', d)]).join('; ') + ')',
  };
}
