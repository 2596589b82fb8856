/**
 * Shared types and helpers of the gait-event detectors (events/velocity.ts, events/sagittal.ts, events/frontal.ts).
 */
import type { Side } from '../keypoints.ts';
import { floorIndex } from '../trajectories.ts';

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
  return found.map((x) => x.t);
}
