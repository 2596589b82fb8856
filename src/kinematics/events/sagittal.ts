import { KINEMATICS_DEFAULTS, type KinematicsSettings } from '../conventions.ts';
import type { Trajectories } from '../trajectories.ts';
import { floorIndex, indexRange, nanQuantilePair } from '../trajectories.ts';
import { centralDiff, firstAfterIn, nearestIn, prominentExtrema, scoredExtrema, ankleWindowFactor, REFERENCE_SWING_S, boutStrideS, settleTimingScale, type EventResult, type ScaledEvent } from './common.ts';
import { frontalSignal, scaledEventsFromFeatures, type NearbyFeature } from './frontal.ts';

/**
 * Side-view events by the coordinate method of Zeni et al. (2008, Gait Posture 27:710) in image coordinates: per
 * walking bout, "forward" is the bout's direction of travel on screen; foot strike = the most forward position of
 * the heel relative to the mid-hip, foot off = the most backward position of the toe (foot index) relative to the
 * mid-hip (ankle for keypoint sets without foot points), as prominent extrema (parabolic sub-frame). Only inside
 * the walking bouts of `base` (foot-velocity detector), never while standing or with the feet out of view.
 */
export function detectSagittalEvents(
  tr: Trajectories, bodyPx: Float64Array, base: EventResult, minSwingS = 0.2, cycle: CycleBounds = KINEMATICS_DEFAULTS,
): EventResult {
  const n = tr.tS.length;
  const hasFoot = tr.present.has('left_heel') && tr.present.has('left_foot_index');
  const events = { left: { footStrikeS: [] as number[], footOffS: [] as number[] }, right: { footStrikeS: [] as number[], footOffS: [] as number[] } };
  const p = tr.pts;
  const dirs: number[] = [];
  const q = new Float64Array(n);
  let refined = 0;
  let total = 0;
  const scales: number[] = [];
  for (const [b0, b1] of base.bouts) {
    const [i0, i1] = indexRange(tr.tS, b0, b1);
    if (i1 < i0) continue;
    const lhx = p.left_hip.x;
    const rhx = p.right_hip.x;
    let first = NaN;
    let last = NaN;
    for (let i = i0; i <= i1; i++) {
      const m = ((lhx[i] as number) + (rhx[i] as number)) / 2;
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
    // A slow walker's stride widens the extremum search: from the two ankles' positions along x.
    const win = ankleWindowFactor(tr, bodyPx, i0, i1, 'x', qB);
    // Ankle only: per foot and event kind, the ankle feature's extrema and the strike-timing features' signals.
    const slots: { side: 'left' | 'right'; ev: 'strike' | 'off'; leadS: number[]; nearby: NearbyFeature[]; scored?: { t: number; p: number }[] }[] = [];
    for (const side of ['left', 'right'] as const) {
      for (const ev of ['strike', 'off'] as const) {
        const pt = hasFoot ? (ev === 'strike' ? p[`${side}_heel`] : p[`${side}_foot_index`]) : p[`${side}_ankle`];
        const ankleOff = !hasFoot && ev === 'off';
        const finite = ankleOff
          ? ankleUpwardSpeed(tr.tS, pt.y, bodyPx, i0, i1, q)
          : footForward(pt.x, lhx, rhx, bodyPx, ev === 'strike' ? dir : -dir, i0, i1, q);
        if (finite < 5) continue;
        const [q05, q95] = nanQuantilePair(qB, 0.05, 0.95);
        const amp = q95 - q05;
        if (!(amp > 0)) continue;
        // Ankle foot offs: candidates as little as 0.15 s apart, one kept per stride once the strikes are known (pickFootOffs).
        const scored = ankleOff ? scoredExtrema(tB, qB, 1, 0.2 * amp, 0.6 * win, 0.15) : undefined;
        const ts = scored ? scored.map((x) => x.t) : prominentExtrema(tB, qB, 1, 0.2 * amp, 0.6 * win, 0.5 * win);
        const out = ev === 'strike' ? events[side].footStrikeS : events[side].footOffS;
        if (!hasFoot) {
          // Ankle-only keypoint sets: the ankle's extremum precedes the event by a calibrated delay (ANKLE_EVENT_DELAY_S);
          // the foot-velocity events of the ankle are biased (the ankle moves while the foot rolls) and do not refine it.
          // A foot strike is then timed by the deceleration features of ANKLE_STRIKE_TIMING found near that estimate.
          // All are timed after the bout's feet are all found, with the offsets scaled to the walker's swing time.
          const nearby = ev === 'strike'
            ? ANKLE_STRIKE_TIMING.map((f): NearbyFeature => {
              const signal = new Float64Array(qB.length);
              frontalSignal(tr, bodyPx, 0, tr.pts[`${side}_${f.joint}`][f.axis], i0, i1, 'ay', signal, new Float64Array(qB.length));
              // Horizontal: the braking of the forward swing (acceleration against the walking direction).
              return { signal, kind: f.axis === 'x' ? (-dir as 1 | -1) : -1, offsetS: f.offsetS, weight: 1 };
            })
            : [];
          slots.push({ side, ev, leadS: ts, nearby, scored });
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
    if (!slots.length) continue;
    // Event = extremum + delay, or the mean of the timing features found near it, every offset (and search window)
    // × the walker's swing time ÷ REFERENCE_SWING_S, measured from the bout's own events and re-timed until it settles.
    const timeAll = (scale: number): { events: ScaledEvent[]; refined: number }[] =>
      slots.map((sl) => scaledEventsFromFeatures(tB, sl.leadS, -ANKLE_EVENT_DELAY_S[sl.ev], sl.ev === 'strike' ? 0 : 1, sl.nearby, ANKLE_STRIKE_SEARCH_S, scale));
    const strideS = boutStrideS(slots.filter((sl) => sl.ev === 'strike').map((sl) => sl.leadS));
    const leads = (side: 'left' | 'right'): number[] => slots.find((x) => x.side === side && x.ev === 'strike')?.leadS ?? [];
    for (const sl of slots) {
      if (sl.scored) sl.leadS = pickFootOffs(sl.scored, leads(sl.side), strideS, 0.5 * win, cycle, leads(sl.side === 'left' ? 'right' : 'left'));
      total += sl.leadS.length;
    }
    const { scale, found } = settleTimingScale(slots, timeAll, strideS, ANKLE_SCALE_PASSES);
    scales.push(scale);
    found.forEach((r, j) => {
      const sl = slots[j] as (typeof slots)[number];
      (sl.ev === 'strike' ? events[sl.side].footStrikeS : events[sl.side].footOffS).push(...r.events.map((e) => e.xS - scale * e.oS));
      refined += r.refined;
    });
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
          `foot off = fastest upward ankle motion + ${ANKLE_EVENT_DELAY_S.off} s (delays calibrated on motion capture), ` +
          `${refined} strikes timed by deceleration features; delays × the walker's swing time ÷ ${REFERENCE_SWING_S} s (per bout: ${scales.map((x) => x.toFixed(2)).join(', ') || 'none'}); ${total} events`),
  };
}

/** The shortest stance and swing, as fractions of the stride, a walking gait cycle allows (the settings'). */
type CycleBounds = Pick<KinematicsSettings, 'minStanceFractionOfStride' | 'minSwingFractionOfStride'>;

/**
 * Ankle-only foot offs: of the candidates (upward-velocity peaks of the ankle with their prominence `p`), at most one
 * per stride of its foot, the most prominent that a walking gait cycle allows: at least cycle.minStanceFractionOfStride ×
 * strideS after the foot's previous strike and cycle.minSwingFractionOfStride × strideS before its next. The strides are those
 * between the foot's `strikes` (ascending), with a missed strike (strideGrid: told by the other foot's strikes) and one stride
 * before the first and after the last strike filled in at even spacing, so every candidate lies in one stride. At a
 * slow walk the ankle rises slowly and a noise bump a quarter of a stride after the strike can stand out more than
 * the heel rise; without this it took the foot off's place. Unknown stride (NaN): the most prominent, at least
 * `fallbackSpacingS` apart.
 */
export function pickFootOffs(
  scored: readonly { t: number; p: number }[], strikes: readonly number[], strideS: number, fallbackSpacingS = 0.5,
  cycle: CycleBounds = KINEMATICS_DEFAULTS, otherStrikes: readonly number[] = [],
): number[] {
  const byP = [...scored].sort((a, b) => b.p - a.p);
  const kept: number[] = [];
  if (!Number.isFinite(strideS) || !strikes.length) {
    for (const c of byP) if (kept.every((k) => Math.abs(k - c.t) >= fallbackSpacingS)) kept.push(c.t);
    return kept.sort((a, b) => a - b);
  }
  const grid = strideGrid(strikes, strideS, otherStrikes);
  const used = new Set<number>();
  for (const c of byP) {
    const k = floorIndex(grid, c.t);
    const prev = grid[k];
    const next = grid[k + 1];
    if (prev === undefined || next === undefined) continue;
    const len = next - prev;
    if (c.t - prev < cycle.minStanceFractionOfStride * len || next - c.t < cycle.minSwingFractionOfStride * len || used.has(k)) continue;
    used.add(k);
    kept.push(c.t);
  }
  return kept.sort((a, b) => a - b);
}

/**
 * Strike times (ascending) with missed strikes filled and one stride added before the first and after the last. A gap
 * between two strikes holds a missed strike when the other foot (`other`, ascending) strikes twice or more in it (k
 * times: split in k); where the other foot's strikes do not cover the gap, when it lasts 1.75 strides or more (split
 * in round(gap ÷ strideS)). A long real stride (slowing down) has one strike of the other foot and is not split.
 */
function strideGrid(strikes: readonly number[], strideS: number, other: readonly number[] = []): number[] {
  const first = strikes[0] as number;
  const grid = [first - strideS, first];
  for (let i = 1; i < strikes.length; i++) {
    const a = strikes[i - 1] as number;
    const b = strikes[i] as number;
    const lo = floorIndex(other, a);
    const hi = floorIndex(other, b);
    const covered = lo >= 0 && hi + 1 < other.length;
    const inGap = hi - lo - (other[hi] === b ? 1 : 0);
    const k = covered ? Math.max(1, inGap) : b - a >= 1.75 * strideS ? Math.round((b - a) / strideS) : 1;
    for (let j = 1; j < k; j++) grid.push(a + (j * (b - a)) / k);
    grid.push(b);
  }
  grid.push((strikes[strikes.length - 1] as number) + strideS);
  return grid;
}

/**
 * Side view without foot points (e.g. COCO-17): delay (s) from the ankle feature to the event. Foot strike: the
 * ankle is most forward relative to the pelvis 0.043 s (FlatFoot trial, 15 strikes) and 0.016 s (OpenSim trial,
 * 9 strikes) before the labelled foot strike; foot off: the ankle rises fastest (heel rise → toe off) 0.028 s and
 * 0.030 s before the labelled foot off (mean of the two development trials, 30 and 60 fps, both cameras). These and
 * ANKLE_STRIKE_TIMING's offsets are × the walker's swing time ÷ REFERENCE_SWING_S per bout (swingTimingScale).
 */
const ANKLE_EVENT_DELAY_S = Object.freeze({ strike: 0.03, off: 0.029 });

/**
 * Side view without foot points: foot-strike timing features, each the peak deceleration of a point's swing (image
 * acceleration ÷ body height) searched within ±ANKLE_STRIKE_SEARCH_S of where the ankle's forward extremum puts the
 * strike; offset = feature − strike (mean of the two development trials' means, 30 fps clean and jitter): the knee's
 * peak upward acceleration (its descent arrested at loading; FlatFoot / OpenSim 0.033 / 0.029 s before), the ankle's
 * peak acceleration against the walking direction (forward swing braked; 0.064 / 0.047 s) and its peak upward
 * acceleration (terminal swing; 0.145 / 0.129 s). They agree between the trials within 0.004–0.017 s, the ankle's
 * forward extremum within 0.027 s. The strike is the mean of those found.
 */
const ANKLE_STRIKE_TIMING: readonly { joint: 'knee' | 'ankle'; axis: 'x' | 'y'; offsetS: number }[] = [
  { joint: 'knee', axis: 'y', offsetS: -0.031 },
  { joint: 'ankle', axis: 'x', offsetS: -0.055 },
  { joint: 'ankle', axis: 'y', offsetS: -0.137 },
];

/** Half-width (s, × the gait-timing scale) of the search window of an ANKLE_STRIKE_TIMING feature. */
const ANKLE_STRIKE_SEARCH_S = 0.06;

/** Most passes of re-timing a bout's ankle-only events with its measured gait-timing scale. */
const ANKLE_SCALE_PASSES = 4;

/** Largest distance (s) between a coordinate-method event and the foot-velocity event that refines it. */
const REFINE_WINDOW_S = 0.07;

/*
 * The per-frame signals of detectSagittalEvents, in small functions of their own: V8 keeps them optimised even when
 * it deoptimises the large detector (which it did every few calls), and reads their arrays from locals.
 */

/** Foot point forward of the mid-hip in body heights, sgn·(x − mid-hip x) ÷ bodyPx, into q[i0 … i1]; returns how many are finite. */
function footForward(px: Float64Array, lhx: Float64Array, rhx: Float64Array, bodyPx: Float64Array, sgn: number, i0: number, i1: number, q: Float64Array): number {
  let finite = 0;
  for (let i = i0; i <= i1; i++) {
    const v = (sgn * ((px[i] as number) - ((lhx[i] as number) + (rhx[i] as number)) / 2)) / (bodyPx[i] as number);
    q[i] = v;
    if (v - v === 0) finite++;
  }
  return finite;
}

/** Ankle only: upward image velocity of the ankle (body heights / s), central differences, into q[i0 … i1]; returns how many are finite. */
function ankleUpwardSpeed(tS: Float64Array, py: Float64Array, bodyPx: Float64Array, i0: number, i1: number, q: Float64Array): number {
  const m = i1 - i0 + 1;
  const d = q.subarray(i0, i1 + 1);
  centralDiff(tS, i0, py, i0, m, d);
  let finite = 0;
  for (let k = 0; k < m; k++) {
    const v = -(d[k] as number) / (bodyPx[i0 + k] as number);
    d[k] = v;
    if (v - v === 0) finite++;
  }
  return finite;
}
