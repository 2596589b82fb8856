import type { Trajectories } from '../trajectories.ts';
import { indexRange, nanQuantilePair } from '../trajectories.ts';
import { frontalPasses, horizonRowPx } from './passes.ts';
import { centralDiff, firstAfterIn, lastBeforeIn, nearestIn, prominentExtrema, boutStrideS, ankleWindowFactor, settleTimingScale, REFERENCE_SWING_S, type EventResult, type ScaledEvent } from './common.ts';

/** A point signal of the frontal detector: `q` = (y − cy) ÷ bodyPx (depth-aware position), `vy` = dy/dt ÷ bodyPx, `ay` = d²y/dt² ÷ bodyPx (body heights / s, / s²). */
export type FrontalSignal = 'q' | 'vy' | 'ay';

/** One frontal event feature: the extremum (kind +1 max, −1 min) of a signal of a foot-side point, `offsetS` = extremum − event. */
export interface FrontalFeature {
  joint: 'heel' | 'ankle' | 'foot_index' | 'knee';
  signal: FrontalSignal;
  kind: 1 | -1;
  offsetS: number;
  /** Weight of this feature's estimate in the event time (default 1); 0 = it only finds the cycle (its timing is not consistent enough between subjects). */
  weight?: number;
}

/**
 * Frontal-view event features (calibrated offsets, seconds): coordinate and velocity methods in image depth.
 * In a level pinhole camera q(t) = (y − cy) ÷ bodyPx(t) of a point is (camera height − point height) ÷ stature
 * × (pelvis depth ÷ point depth): it grows as the point comes nearer than the pelvis and as it goes down, and does
 * not drift with the subject's distance (a Zeni-style coordinate signal in depth). The first feature listed finds
 * each cycle (its prominent extrema); every further feature is the extremum of its signal within
 * ±FRONTAL_LOCAL_SEARCH_S of where the first puts it; the event is the weighted mean of (extremum − offset).
 * Offsets = mean of the two motion-capture development trials' mean (extremum − event) (FlatFoot: labelled events;
 * OpenSim: force plates; 30/60 fps, all variants), reproduced by leave-one-trial-out calibration; features were
 * chosen by their leave-one-trial-out error (offsets from one trial, errors on the other), not in-sample fit:
 * - Foot strike: the position extrema that find the cycle depend on the subject's foot placement (the trials differ
 *   by 0.02–0.09 s), so they only find it (weight 0): toward the camera the heel's q maximum (heel nearest and
 *   lowest, 0.024 s before / 0.014 s after the strike, FlatFoot / OpenSim) or the ankle's (0.008 / 0.100 s after);
 *   away the toe's q minimum (foot furthest and highest reaching forward, 0.057 / 0.017 s before) or, ankle only,
 *   the knee's (knee highest in mid-swing, 0.193 / 0.170 s before). The timing comes from two deceleration
 *   features that agree within 0.0–0.02 s between the trials: the ankle's peak upward image acceleration (the
 *   swinging foot braked in terminal swing: 0.133 / 0.115 s before toward, 0.163 / 0.141 s away; ankle-only sets
 *   0.138 / 0.118 and 0.165 / 0.142 s) and the knee's (its descent arrested as the foot lands and loads: 0.033 /
 *   0.033 s toward, 0.045 / 0.029 s away). The knee's is left out for ankle-only sets toward the camera, where the
 *   trials disagree (0.048 / 0.008 s, SD 0.04 s).
 * - Foot off: the heel rises fastest in the image (heel rise → push-off) 0.060 / 0.061 s before toe off toward the
 *   camera and 0.037 / 0.049 s away (approaching lowers the foot in the image, receding raises it, so depth motion
 *   shifts the image-velocity peak); ankle only: toward, the ankle's q minimum (foot highest and furthest back)
 *   0.058 / 0.062 s after; away, the ankle rises fastest 0.018 / 0.021 s before. Features before the event also find
 *   foot offs near the end of a recording, where an extremum after the event would be cut off.
 * Leave-one-trial-out on the frontal tracks: event median 0.008–0.016 s (blazepose33), 0.009–0.030 s (coco17).
 * The offsets are the development trials' (swing 0.40 s, REFERENCE_SWING_S); per bout they are multiplied, with the
 * search windows, by the walker's own swing time ÷ 0.40 s (swingTimingScale, bounded by the stride ratio): on tracks
 * time-stretched ×1.5 the frontal event median goes from 0.034 to 0.014 s.
 */
export const FRONTAL_FEATURES: FrontalFeatureTable = {
  toward: {
    strike: {
      heel: [{ joint: 'heel', signal: 'q', kind: 1, offsetS: -0.005, weight: 0 }, { joint: 'knee', signal: 'ay', kind: -1, offsetS: -0.033 }, { joint: 'ankle', signal: 'ay', kind: -1, offsetS: -0.124 }],
      ankle: [{ joint: 'ankle', signal: 'q', kind: 1, offsetS: 0.054, weight: 0 }, { joint: 'ankle', signal: 'ay', kind: -1, offsetS: -0.128 }],
    },
    off: { heel: [{ joint: 'heel', signal: 'vy', kind: -1, offsetS: -0.06 }], ankle: [{ joint: 'ankle', signal: 'q', kind: -1, offsetS: 0.06 }] },
  },
  away: {
    strike: {
      heel: [{ joint: 'foot_index', signal: 'q', kind: -1, offsetS: -0.037, weight: 0 }, { joint: 'knee', signal: 'ay', kind: -1, offsetS: -0.037 }, { joint: 'ankle', signal: 'ay', kind: -1, offsetS: -0.152 }],
      ankle: [{ joint: 'knee', signal: 'q', kind: -1, offsetS: -0.181, weight: 0 }, { joint: 'ankle', signal: 'ay', kind: -1, offsetS: -0.154 }, { joint: 'knee', signal: 'ay', kind: -1, offsetS: -0.037 }],
    },
    off: { heel: [{ joint: 'heel', signal: 'vy', kind: -1, offsetS: -0.043 }], ankle: [{ joint: 'ankle', signal: 'vy', kind: -1, offsetS: -0.02 }] },
  },
};

/**
 * Treadmill, walking away from the camera, with foot points: the heel's upward image velocity also peaks in mid-swing
 * (the foot is near the camera, so its forward swing lifts it in the image), which can outdo the push-off peak; the
 * cycle is found instead by the foot index's q maximum (foot nearest and lowest, 0.058 / 0.013 s before toe off in
 * the FlatFoot / OpenSim trials: cycle finder only), and the heel's velocity peak is searched near it. On both
 * development trials this gives the same foot offs as FRONTAL_FEATURES.
 */
const TREADMILL_AWAY_OFF_HEEL: readonly FrontalFeature[] = [
  { joint: 'foot_index', signal: 'q', kind: 1, offsetS: -0.035, weight: 0 },
  { joint: 'heel', signal: 'vy', kind: -1, offsetS: -0.043 },
];

/** Table of frontal features: per walking direction, event kind and keypoint set (heel = with foot points, ankle = without). */
export type FrontalFeatureTable = Readonly<Record<'toward' | 'away', Record<'strike' | 'off', Record<'heel' | 'ankle', readonly FrontalFeature[]>>>>;

let activeFeatures: FrontalFeatureTable = FRONTAL_FEATURES;

/** Runs `fn` with another feature table in force (calibration: scripts/calibrate-frontal-events.ts); the default is restored after. */
export function withFrontalFeatures<T>(table: FrontalFeatureTable, fn: () => T): T {
  const saved = activeFeatures;
  activeFeatures = table;
  try {
    return fn();
  } finally {
    activeFeatures = saved;
  }
}

/** Prominence needed (fraction of the usual) on the side of a feature extremum cut off by the start or end of a walking bout. */
const FRONTAL_TRUNCATED_PROMINENCE = 0.5;

/** Half-width (s, × the gait-timing scale) of the window, centred where the leading feature expects it, in which a second feature's extremum is searched. */
const FRONTAL_LOCAL_SEARCH_S = 0.1;

/** Most passes of re-timing a bout's events with its measured gait-timing scale. */
const FRONTAL_SCALE_PASSES = 4;

/**
 * Time of the most extreme sample (kind +1 max, −1 min) of `v` within ±halfS of `centreS`, parabolic sub-sample;
 * NaN when it lies on the window's edge (no local extremum there) or the window has no finite sample.
 */
export function localExtremumTime(tS: Float64Array, v: Float64Array, kind: 1 | -1, centreS: number, halfS: number): number {
  const [a, b] = indexRange(tS, centreS - halfS, centreS + halfS);
  let best = -1;
  let bv = -Infinity;
  for (let i = a; i <= b; i++) {
    const x = kind * (v[i] as number);
    if (x > bv) {
      bv = x;
      best = i;
    }
  }
  if (best <= a || best >= b) return NaN;
  const p = kind * (v[best - 1] as number);
  const r = kind * (v[best + 1] as number);
  const den = p - 2 * bv + r;
  const off = den !== 0 ? (0.5 * (p - r)) / den : 0;
  const dt = (tS[best + 1] as number) - (tS[best] as number);
  return (tS[best] as number) + Math.max(-0.5, Math.min(0.5, off)) * dt;
}

/** A feature timing an event near an estimate: the extremum (kind +1 max, −1 min) of `signal` near estimate + offsetS. */
export interface NearbyFeature {
  signal: Float64Array;
  kind: 1 | -1;
  offsetS: number;
  weight: number;
}

/**
 * Events from the extrema `leadS` of a leading feature (offset `leadOffsetS`, weight `leadWeight`) and the features
 * found near them, with every offset and search half-width × `scale` (the walker's gait timing, swingTimingScale):
 * each event as ScaledEvent, time = xS − scale·oS, xS / oS the weighted means of the found extrema and of their
 * offsets (at scale 1: the weighted mean of each found extremum − its offset). An estimate with no weight behind it
 * stays as it is. `refined` counts the estimates a further feature was found for.
 */
export function scaledEventsFromFeatures(
  tB: Float64Array, leadS: readonly number[], leadOffsetS: number, leadWeight: number, features: readonly NearbyFeature[], halfS: number, scale: number,
): { events: ScaledEvent[]; refined: number } {
  let refined = 0;
  const events = leadS.map((x0): ScaledEvent => {
    const est = x0 - scale * leadOffsetS;
    let sx = leadWeight * x0;
    let so = leadWeight * leadOffsetS;
    let w = leadWeight;
    let found = false;
    for (const f of features) {
      if (!(f.weight > 0)) continue;
      const x = localExtremumTime(tB, f.signal, f.kind, est + scale * f.offsetS, scale * halfS);
      if (!Number.isFinite(x)) continue;
      sx += f.weight * x;
      so += f.weight * f.offsetS;
      w += f.weight;
      found = true;
    }
    if (found) refined++;
    return w > 0 ? { xS: sx / w, oS: so / w } : { xS: x0, oS: leadOffsetS };
  });
  return { events, refined };
}

/**
 * Fills `out[0 … i1−i0]` with a frontal signal of one point over samples i0…i1 (evenly sampled): q, or the
 * central-difference first / second time derivative of y (one-sided at the ends), all ÷ bodyPx. `tmp` is scratch of
 * the same length. `floorKPerS`: on a treadmill, the floor's image expansion rate (ground.ts); the velocity is then
 * taken relative to the floor, y′ − k·(y − cy), as a camera standing on the floor would see it (overground).
 */
export function frontalSignal(
  tr: Trajectories, bodyPx: Float64Array, cy: number, y: Float64Array, i0: number, i1: number, signal: FrontalSignal, out: Float64Array, tmp: Float64Array,
  floorKPerS = 0,
): void {
  const m = i1 - i0 + 1;
  if (signal === 'q') {
    for (let i = i0; i <= i1; i++) out[i - i0] = ((y[i] as number) - cy) / (bodyPx[i] as number);
    return;
  }
  const relative = (v: Float64Array): void => {
    if (floorKPerS !== 0) for (let k = 0; k < m; k++) v[k] = (v[k] as number) - floorKPerS * ((y[i0 + k] as number) - cy);
  };
  if (signal === 'vy') {
    centralDiff(tr.tS, i0, y, i0, m, out);
    relative(out);
  } else {
    centralDiff(tr.tS, i0, y, i0, m, tmp);
    relative(tmp);
    centralDiff(tr.tS, i0, tmp, 0, m, out);
  }
  for (let k = 0; k < m; k++) out[k] = (out[k] as number) / (bodyPx[i0 + k] as number);
}


/**
 * Frontal-view events: extrema of the depth-aware coordinate signals q(t) (see FRONTAL_FEATURES), per foot,
 * inside the walking bouts of `base` (found by the foot-velocity detector, which also says where the subject
 * stands still). `cyPx` is the image row of the optical axis (image centre for a level camera). `treadmill`: the
 * subject stays at one distance while the floor moves (ground.ts): the direction is the way the subject faces (+1
 * toward the camera) instead of the pixel-height trend, and velocities are relative to the floor (rate `kPerS`).
 */
export function detectFrontalEvents(
  tr: Trajectories, bodyPx: Float64Array, cyPx: number, base: EventResult, minStanceS = 0.2, treadmill?: { facing: 1 | -1; kPerS: number },
): EventResult {
  const hasHeel = tr.present.has('left_heel') && tr.present.has('left_foot_index');
  const set = hasHeel ? 'heel' : 'ankle';
  const events = { left: { footStrikeS: [] as number[], footOffS: [] as number[] }, right: { footStrikeS: [] as number[], footOffS: [] as number[] } };
  const dirs: string[] = [];
  const scales: number[] = [];
  const horizon = horizonRowPx(tr, bodyPx);
  const cy = Number.isFinite(horizon) ? horizon : cyPx;
  // Walking bouts split where the walker turns (on a treadmill: one direction, the way the subject faces).
  const passes = base.bouts.flatMap(([b0, b1]) => (treadmill ? [{ t0: b0, t1: b1, dir: treadmill.facing as number }] : frontalPasses(tr.tS, bodyPx, b0, b1)));
  for (const { t0: b0, t1: b1, dir } of passes) {
    const k = treadmill?.kPerS ?? 0;
    if (dir === 0) continue;
    const base0 = activeFeatures[dir > 0 ? 'toward' : 'away'];
    // Without foot points the ankle's velocity peak is no better, and no position feature of the ankle times foot off
    // (its q maximum comes 0.2–0.3 s before it): no foot off from an ankle-only set there.
    const feats = treadmill && dir < 0 ? { ...base0, off: { heel: TREADMILL_AWAY_OFF_HEEL, ankle: [] } } : base0;
    dirs.push(dir > 0 ? 'toward' : 'away');
    const [i0, i1] = indexRange(tr.tS, b0, b1);
    if (i1 < i0) continue;
    const tB = tr.tS.subarray(i0, i1 + 1);
    const q = new Float64Array(i1 - i0 + 1);
    const tmp = new Float64Array(i1 - i0 + 1);
    // Per foot and event kind: the leading feature's extrema and the further features' signals (independent of the scale).
    type Slot = { side: 'left' | 'right'; ev: 'strike' | 'off'; leadS: number[]; lead: FrontalFeature; nearby: NearbyFeature[] };
    const slots: Slot[] = [];
    // A slow walker's stride widens the extremum search: from the two ankles' heights in the image.
    const win = ankleWindowFactor(tr, bodyPx, i0, i1, 'y', tmp);
    for (const side of ['left', 'right'] as const) {
      for (const ev of ['strike', 'off'] as const) {
        // Event estimates of each feature (extremum − offset); the first feature leads, the others are averaged in.
        const [lead, ...rest] = feats[ev][set];
        if (!lead) continue;
        frontalSignal(tr, bodyPx, cy, tr.pts[`${side}_${lead.joint}`].y, i0, i1, lead.signal, q, tmp, k);
        const [q05, q95] = nanQuantilePair(q, 0.05, 0.95);
        const amp = q95 - q05;
        const leadS = amp > 0 ? prominentExtrema(tB, q, lead.kind, 0.2 * amp, 0.6 * win, 0.5 * win, FRONTAL_TRUNCATED_PROMINENCE) : [];
        // Further features are searched near where the leading estimate expects them (their own extrema need not be
        // the most prominent of the cycle) and averaged in.
        const nearby = rest.filter((f) => (f.weight ?? 1) > 0).map((f): NearbyFeature => {
          const signal = new Float64Array(q.length);
          frontalSignal(tr, bodyPx, cy, tr.pts[`${side}_${f.joint}`].y, i0, i1, f.signal, signal, tmp, k);
          return { signal, kind: f.kind, offsetS: f.offsetS, weight: f.weight ?? 1 };
        });
        slots.push({ side, ev, leadS, lead, nearby });
      }
    }
    // The offsets scale with the walker's swing time, measured from the bout's own events (swingTimingScale): start at
    // the calibrated seconds, re-time with the measured scale until it settles (search windows follow it).
    const strideS = boutStrideS(slots.filter((s) => s.ev === 'strike').map((s) => s.leadS));
    const { scale, found } = settleTimingScale(
      slots, (sc) => slots.map((s) => scaledEventsFromFeatures(tB, s.leadS, s.lead.offsetS, s.lead.weight ?? 1, s.nearby, FRONTAL_LOCAL_SEARCH_S, sc)), strideS, FRONTAL_SCALE_PASSES,
    );
    scales.push(scale);
    slots.forEach((s, j) => {
      const times = (found[j] as { events: ScaledEvent[] }).events.map((e) => e.xS - scale * e.oS);
      (s.ev === 'strike' ? events[s.side].footStrikeS : events[s.side].footOffS).push(...times);
    });
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
  const feat = (e: 'strike' | 'off', d: 'toward' | 'away'): string =>
    `${e === 'strike' ? 'foot strike' : 'foot off'} ${d}: ` +
    activeFeatures[d][e][set].map((f) => `${f.kind > 0 ? 'max' : 'min'} of ${f.joint} ${f.signal} (extremum − event = ${f.offsetS} s${f.weight === 0 ? ', finds the cycle only' : ''})`).join(', with ');
  const ds = [...new Set(dirs)] as ('toward' | 'away')[];
  return {
    events,
    bouts: passes.map((p): [number, number] => [p.t0, p.t1]),
    method:
      'frontal coordinate/velocity method: extrema of (image y − optical-axis row) ÷ subject pixel height (depth-aware Zeni) and of its time derivatives per leg point, ' +
      'offsets calibrated on motion capture (' + ds.flatMap((d) => [feat('strike', d), feat('off', d)]).join('; ') + ')' +
      `, × the walker's swing time ÷ ${REFERENCE_SWING_S} s (per bout: ${scales.map((x) => x.toFixed(2)).join(', ') || 'none'})`,
  };
}
