import type { Trajectories } from '../trajectories.ts';
import { indexRange, nanQuantile } from '../trajectories.ts';
import { firstAfterIn, lastBeforeIn, nearestIn, prominentExtrema, type EventResult } from './common.ts';

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
 * Prominence needed, as a fraction of the usual, on the side of a feature extremum cut off by the start or end of a
 * walking bout (its trough there is not seen): an event near the end of a recording is still found, e.g. a foot strike
 * 0.3 s before the end whose heel q has not yet fallen back, without which the following foot off is dropped as well.
 */
const FRONTAL_TRUNCATED_PROMINENCE = 0.5;

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
        const ts = prominentExtrema(tB, q, f.kind, 0.2 * amp, 0.6, 0.5, FRONTAL_TRUNCATED_PROMINENCE);
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
