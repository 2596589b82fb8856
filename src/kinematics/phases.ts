/**
 * Gait phases from foot events: which events count for metrics (inside a walking bout and away from its ends), and
 * the stances (foot strike → foot off), swings (foot off → foot strike) and strides (foot strike → next foot strike of
 * the same foot) they delimit (metrics.md "Stride segmentation").
 */
import { firstAfterIn as firstAfter } from './events/index.ts';
import type { Side } from './keypoints.ts';
import { floorIndex } from './trajectories.ts';

/** A stance phase of one foot: foot strike `fs` to foot off `fo` (s). */
export type Stance = { side: Side; fs: number; fo: number };
/** A swing phase of one foot: foot off `fo` to the next foot strike `fs` (s). */
export type Swing = { side: Side; fo: number; fs: number };
/** A stride of one foot: foot strike `start` to its next foot strike `end`, with the foot off between (null when none was found). */
export type Stride = { side: Side; start: number; end: number; fo: number | null };

/**
 * Index of the walking bout (disjoint, in time order) holding t at least edgeMarginS from both of its ends, else −1
 * (events nearer a bout's ends carry the filter's edge effects): a binary search for the last bout starting at or
 * before t.
 */
export function boutLookup(bouts: readonly (readonly [number, number])[], edgeMarginS: number): (t: number) => number {
  const starts = bouts.map(([a]) => a + edgeMarginS - 1e-9);
  return (t: number): number => {
    const k = floorIndex(starts, t);
    const b = bouts[k];
    return b !== undefined && t <= b[1] - edgeMarginS + 1e-9 ? k : -1;
  };
}

/**
 * Stances, swings and strides per foot from sorted foot strikes `fs` and foot offs `fo` (the events used for metrics):
 * each phase lies within one bout (`sameBout`) and lasts less than maxStrideS (a stride: at most). A stance ends at the
 * first foot off after its strike if that comes before the next strike; a swing ends at the next strike if that comes
 * before the next foot off.
 */
export function gaitPhases(
  fs: Record<Side, number[]>, fo: Record<Side, number[]>, sameBout: (a: number, b: number) => boolean, maxStrideS: number,
): { stances: Stance[]; swings: Swing[]; strides: Stride[] } {
  const stances: Stance[] = [];
  const swings: Swing[] = [];
  const strides: Stride[] = [];
  for (const side of ['left', 'right'] as const) {
    for (const s of fs[side]) {
      const nextFs = firstAfter(fs[side], s);
      const cand = firstAfter(fo[side], s);
      const off = cand !== undefined && (nextFs === undefined || cand < nextFs) ? cand : undefined;
      if (off !== undefined && sameBout(s, off) && off - s < maxStrideS) stances.push({ side, fs: s, fo: off });
      if (nextFs !== undefined && sameBout(s, nextFs) && nextFs - s <= maxStrideS) strides.push({ side, start: s, end: nextFs, fo: off ?? null });
    }
    for (const o of fo[side]) {
      const nextFs = firstAfter(fs[side], o);
      const nextFo = firstAfter(fo[side], o);
      if (nextFs !== undefined && (nextFo === undefined || nextFs < nextFo) && sameBout(o, nextFs) && nextFs - o < maxStrideS) {
        swings.push({ side, fo: o, fs: nextFs });
      }
    }
  }
  return { stances, swings, strides };
}
