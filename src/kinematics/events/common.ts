/**
 * Shared types and helpers of the gait-event detectors (events/velocity.ts, events/sagittal.ts, events/frontal.ts).
 */
import type { Side } from '../keypoints.ts';
import { type Trajectories, floorIndex, nanMedian } from '../trajectories.ts';

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

/** Element of an ascending list nearest to t (the earlier on a tie); undefined when the list is empty. */
export function nearestIn(list: readonly number[], t: number): number | undefined {
  const lo = floorIndex(list, t) + 1;
  const a = list[lo - 1];
  const b = list[lo];
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b - t < t - a ? b : a;
}

/** First element of an ascending list strictly after t; undefined when none. */
export function firstAfterIn(list: readonly number[], t: number): number | undefined {
  return list[floorIndex(list, t) + 1];
}

/** Last element of an ascending list strictly before t; undefined when none. */
export function lastBeforeIn(list: readonly number[], t: number): number | undefined {
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
 * Times of the prominent local extrema of `v` (kind +1 maxima, −1 minima), parabolic sub-sample refinement.
 * An extremum counts when it stands out by `minProminence` from the lower of the two neighbouring troughs
 * within ±`searchS`, and same-kind extrema closer than `minSpacingS` keep only the more prominent. A side whose search
 * runs into the end of the data (the trough there is not seen) needs only `truncatedSideFactor` × `minProminence`.
 */
export function prominentExtrema(tS: Float64Array, v: Float64Array, kind: 1 | -1, minProminence: number, searchS: number, minSpacingS: number, truncatedSideFactor = 1): number[] {
  return scoredExtrema(tS, v, kind, minProminence, searchS, minSpacingS, truncatedSideFactor).map((x) => x.t);
}

/** prominentExtrema with each extremum's prominence `p`. */
export function scoredExtrema(tS: Float64Array, v: Float64Array, kind: 1 | -1, minProminence: number, searchS: number, minSpacingS: number, truncatedSideFactor = 1): { t: number; p: number }[] {
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
    const cutL = l < 0 && i - reach < 0;
    const cutR = r > n - 1 && i + reach > n - 1;
    if (!(p >= minProminence)) {
      // The side cut off by the end of the data needs only a fraction of the prominence; the other side all of it.
      if (truncatedSideFactor >= 1 || cutL === cutR) continue;
      const [seen, cut] = cutL ? [b - lo2, b - lo] : [b - lo, b - lo2];
      if (!(seen >= minProminence && cut >= truncatedSideFactor * minProminence)) continue;
    }
    const den = a - 2 * b + c;
    const off = den !== 0 ? (0.5 * (a - c)) / den : 0;
    const t = (tS[i] as number) + Math.max(-0.5, Math.min(0.5, off)) * dt;
    const last = found[found.length - 1];
    if (last && t - last.t < minSpacingS) {
      if (p > last.p) found[found.length - 1] = { t, p };
    } else found.push({ t, p });
  }
  return found;
}

/**
 * Swing time (s) of the two motion-capture development trials, to which the event detectors' calibrated feature
 * offsets belong: mean of the two trials' mean swing (own foot off → own foot strike, labelled / force-plate events):
 * FlatFoot 0.40, 0.39, 0.42, 0.43, 0.42 s (mean 0.412), OpenSim 0.389 s (the one complete swing on the plates).
 * Their stride times are 1.018 / 1.144 s (mean 1.081 s): the longer stride came with the shorter swing.
 */
export const REFERENCE_SWING_S = 0.4;

/** Stride time (s) of the two development trials: mean of the trials' mean strides (FlatFoot 1.018 s, five strides; OpenSim 1.144 s, one). */
export const REFERENCE_STRIDE_S = 1.081;

/**
 * Stride time (s) of a walking bout from its cycle-finding extrema (one list per foot and feature, ascending): the
 * median spacing of consecutive extrema 0.5–4 s apart (which does not depend on any calibrated offset); NaN when none.
 */
export function boutStrideS(extrema: readonly (readonly number[])[]): number {
  const d: number[] = [];
  for (const l of extrema) for (let i = 1; i < l.length; i++) {
    const x = (l[i] as number) - (l[i - 1] as number);
    if (x >= 0.5 && x <= 4) d.push(x);
  }
  return nanMedian(d);
}

/**
 * Stride period (s) of a walking bout from the difference of the two feet's signals `d` (evenly sampled at `tB`; the
 * two feet alternate, so it repeats once per stride and is in antiphase at half a stride): the first lag within
 * 0.5–2.6 s (no walking stride is longer; a longer lag can match a repeated pass of the walk better), and within two
 * thirds of the bout, where its autocorrelation has a local maximum of at least 0.7 × the highest there (the stride,
 * not a multiple), sampled at about 15 Hz; NaN when no lag is left (a bout under about 0.9 s) or the highest
 * correlation is under 0.3.
 */
export function stridePeriodS(tB: Float64Array, d: Float64Array): number {
  const n = tB.length;
  if (n < 4) return NaN;
  const dt = ((tB[n - 1] as number) - (tB[0] as number)) / (n - 1);
  const step = Math.max(1, Math.round(1 / 15 / dt));
  const m = Math.floor((n - 1) / step) + 1;
  const a = new Float64Array(m);
  let sum = 0;
  let cnt = 0;
  for (let k = 0; k < m; k++) {
    const v = d[k * step] as number;
    if (v - v === 0) {
      sum += v;
      cnt++;
    }
  }
  if (cnt < 4) return NaN;
  const mean = sum / cnt;
  let varSum = 0;
  for (let k = 0; k < m; k++) {
    const v = (d[k * step] as number) - mean;
    a[k] = v - v === 0 ? v : 0;
    varSum += (a[k] as number) * (a[k] as number);
  }
  const ds = dt * step;
  const l0 = Math.max(1, Math.round(0.5 / ds));
  const l1 = Math.min(Math.round(2.6 / ds), Math.floor(m / 1.5));
  if (!(varSum > 0) || l1 <= l0 + 1) return NaN;
  const r = new Float64Array(l1 + 2);
  for (let l = l0 - 1; l <= l1 + 1; l++) {
    let c = 0;
    for (let k = 0; k + l < m; k++) c += (a[k] as number) * (a[k + l] as number);
    r[l] = (c / (m - l)) / (varSum / m);
  }
  let best = -Infinity;
  for (let l = l0; l <= l1; l++) best = Math.max(best, r[l] as number);
  if (!(best >= 0.3)) return NaN;
  for (let l = l0; l <= l1; l++) {
    const v = r[l] as number;
    if (v >= 0.7 * best && v >= (r[l - 1] as number) && v >= (r[l + 1] as number)) return l * ds;
  }
  return NaN;
}

/**
 * Factor (≥ 1) for the coordinate detectors' extremum search windows (prominence search ±0.6 s, spacing 0.5 s, tuned
 * on strides of 1.0–1.15 s): a slow walker's stride (stridePeriodS, at most 2.6 s) ÷ 1.2 s, when longer, so at most
 * about 2.2. Over a 2 s stride a foot signal does not reach its trough within 0.6 s of its peak, and the peak fell
 * short of its prominence.
 */
export function slowGaitWindowFactor(strideS: number): number {
  return Number.isFinite(strideS) ? Math.max(1, strideS / 1.2) : 1;
}

/**
 * slowGaitWindowFactor of samples i0…i1 (evenly sampled) from the stride period of the two ankles' difference along
 * `axis` (x in a side view, y in a front or back view) ÷ bodyPx; `scratch` holds at least i1 − i0 + 1 values.
 */
export function ankleWindowFactor(tr: Trajectories, bodyPx: Float64Array, i0: number, i1: number, axis: 'x' | 'y', scratch: Float64Array): number {
  const l = tr.pts.left_ankle[axis];
  const r = tr.pts.right_ankle[axis];
  for (let i = i0; i <= i1; i++) scratch[i - i0] = ((l[i] as number) - (r[i] as number)) / (bodyPx[i] as number);
  return slowGaitWindowFactor(stridePeriodS(tr.tS.subarray(i0, i1 + 1), scratch.subarray(0, i1 - i0 + 1)));
}

/** Bounds of the gait-timing scale (local swing ÷ REFERENCE_SWING_S) applied to the feature offsets. */
export const TIMING_SCALE_RANGE: readonly [number, number] = [0.6, 2.5];

/** An event timed by features whose offsets scale with the gait: time = xS − scale × oS (weighted mean extremum, weighted mean offset). */
export interface ScaledEvent {
  xS: number;
  oS: number;
}

/**
 * Gait-timing scale of a walking bout from its own swings: the swing ending at a foot strike starts at that foot's
 * first foot-off candidate after the other foot's last strike (as the detectors pick foot offs), and it lasts
 * xStrike − xOff − scale·(oStrike − oOff), which should equal scale × REFERENCE_SWING_S, so scale = (xStrike − xOff)
 * ÷ (REFERENCE_SWING_S + oStrike − oOff); the median over the bout's swings (both feet), within TIMING_SCALE_RANGE.
 * A swing counts when it is 0.15–1.5 s long and shorter than 70 % of the foot's stride ending there (when seen).
 * `current` (the scale the events were found with) sets the times used for the pairing; undefined when no swing is measured.
 * `strideS` (boutStrideS; NaN = unknown) bounds the scale between 1 and strideS ÷ REFERENCE_STRIDE_S: as walking slows
 * the swing lengthens by at most as much as the stride (stance lengthens more), and the events' own errors, which
 * enter the measured swing and would reinforce themselves through the scale, cannot move it beyond what the bias-free
 * stride time allows.
 */
export function swingTimingScale(feet: Record<Side, { strikes: readonly ScaledEvent[]; offs: readonly ScaledEvent[] }>, current: number, strideS = NaN): number | undefined {
  const t = (e: ScaledEvent): number => e.xS - current * e.oS;
  const byTime = (l: readonly ScaledEvent[]): ScaledEvent[] => [...l].sort((a, b) => t(a) - t(b));
  const ratios: number[] = [];
  for (const side of ['left', 'right'] as const) {
    const fs = byTime(feet[side].strikes);
    const fo = byTime(feet[side].offs);
    const otherS = byTime(feet[side === 'left' ? 'right' : 'left'].strikes).map(t);
    for (let k = 0; k < fs.length; k++) {
      const s = fs[k] as ScaledEvent;
      const ts = t(s);
      const b = lastBeforeIn(otherS, ts);
      if (b === undefined) continue;
      const off = fo.find((o) => t(o) > b && t(o) < ts);
      if (!off) continue;
      const swingS = ts - t(off);
      const prev = k > 0 ? t(fs[k - 1] as ScaledEvent) : undefined;
      const den = REFERENCE_SWING_S + s.oS - off.oS;
      if (!(swingS > 0.15 && swingS < 1.5 && den > 0.1) || (prev !== undefined && swingS > 0.7 * (ts - prev))) continue;
      ratios.push((s.xS - off.xS) / den);
    }
  }
  if (!ratios.length) return undefined;
  const med = nanMedian(ratios);
  const r = strideS / REFERENCE_STRIDE_S;
  const [lo, hi] = Number.isFinite(r) ? [Math.min(1, r), Math.max(1, r)] : [-Infinity, Infinity];
  return Math.min(TIMING_SCALE_RANGE[1], Math.max(TIMING_SCALE_RANGE[0], Math.min(hi, Math.max(lo, med))));
}

/**
 * Settles a walking bout's gait-timing scale: the events of `slots` (one per foot and event kind) are timed with the
 * current scale by `timeAll` (results aligned with `slots`), the scale re-measured from them (swingTimingScale; 1 when
 * no swing is measured), for at most `passes` passes or until it moves by less than 0.01; returns the final scale and
 * the events timed with it.
 */
export function settleTimingScale<R extends { events: ScaledEvent[] }>(
  slots: readonly { side: Side; ev: 'strike' | 'off' }[], timeAll: (scale: number) => R[], strideS: number, passes: number,
): { scale: number; found: R[] } {
  let scale = 1;
  for (let pass = 0; pass < passes; pass++) {
    const found = timeAll(scale);
    const pick = (side: Side, ev: 'strike' | 'off'): ScaledEvent[] => slots.flatMap((s, j) => (s.side === side && s.ev === ev ? (found[j] as R).events : []));
    const next = swingTimingScale({ left: { strikes: pick('left', 'strike'), offs: pick('left', 'off') }, right: { strikes: pick('right', 'strike'), offs: pick('right', 'off') } }, scale, strideS) ?? 1;
    const settled = Math.abs(next - scale) < 0.01;
    scale = next;
    if (settled) break;
  }
  return { scale, found: timeAll(scale) };
}

/** Central differences (one-sided at the ends) of src[off + k] over times tS[t0 + k], k = 0 … m−1, into dst (a top-level function with its arrays in locals: it runs for every signal of every bout; frontal and side detectors). */
export function centralDiff(tS: Float64Array, t0: number, src: Float64Array, off: number, m: number, dst: Float64Array): void {
  for (let k = 0; k < m; k++) {
    const a = k > 0 ? k - 1 : k;
    const b = k < m - 1 ? k + 1 : k;
    dst[k] = b > a ? ((src[off + b] as number) - (src[off + a] as number)) / ((tS[t0 + b] as number) - (tS[t0 + a] as number)) : NaN;
  }
}
