/**
 * Gait phases from foot events: which events count for metrics (inside a walking bout and away from its ends), and
 * the stances (foot strike → foot off), swings (foot off → foot strike) and strides (foot strike → next foot strike of
 * the same foot) they delimit (metrics.md "Stride segmentation").
 */
import { firstAfterIn as firstAfter, lastBeforeIn as lastBefore } from './events/index.ts';
import type { Side } from './keypoints.ts';
import { floorIndex, nanMedian } from './trajectories.ts';

/** A stance phase of one foot: foot strike `fs` to foot off `fo` (s). */
export type Stance = { side: Side; fs: number; fo: number };
/** A swing phase of one foot: foot off `fo` to the next foot strike `fs` (s). */
export type Swing = { side: Side; fo: number; fs: number };
/** A stride of one foot: foot strike `start` to its next foot strike `end`, with the foot off between (null when none was found). */
export type Stride = { side: Side; start: number; end: number; fo: number | null };

/** A stretch of a walking bout free of gaps, with the margins (s) its events keep from its two ends; `bout` = index of its bout. */
export interface WalkSegment { startS: number; endS: number; startMarginS: number; endMarginS: number; bout: number }

/**
 * The walking bouts (disjoint, in time order) split at the gaps inside them (feet unseen): a bout's own ends keep
 * edgeMarginS, the ends at a gap gapMarginS. `spans` (optional, per bout) narrows a bout to where the subject walks.
 */
export function walkSegments(
  bouts: readonly (readonly [number, number])[], edgeMarginS: number, gaps: readonly (readonly [number, number])[] = [], gapMarginS = edgeMarginS,
  spans?: readonly (readonly [number, number])[],
): WalkSegment[] {
  const out: WalkSegment[] = [];
  bouts.forEach(([b0, b1], k) => {
    const [a, b] = spans?.[k] ?? [b0, b1];
    let start = a;
    let startMarginS = edgeMarginS;
    for (const [g0, g1] of gaps) {
      if (g1 <= start || g0 >= b) continue;
      if (g0 > start) out.push({ startS: start, endS: g0, startMarginS, endMarginS: gapMarginS, bout: k });
      start = g1;
      startMarginS = gapMarginS;
    }
    if (b >= start) out.push({ startS: start, endS: b, startMarginS, endMarginS: edgeMarginS, bout: k });
  });
  return out;
}

/**
 * Walking spans (per bout: where the subject walks) for bouts that are parts of the base bouts (a frontal bout split
 * where the walker turns): each part's span is its base bout's span clipped to the part ([part start, part start]
 * when they do not meet). Parts equal to the base bouts get the base spans themselves.
 */
export function spansOfSubBouts(
  parts: readonly (readonly [number, number])[], base: readonly (readonly [number, number])[], baseSpans: readonly (readonly [number, number])[],
): (readonly [number, number])[] {
  if (parts === base) return [...baseSpans];
  return parts.map(([a, b]) => {
    const k = base.findIndex(([c, d]) => a >= c - 1e-9 && b <= d + 1e-9);
    const span = baseSpans[k];
    if (!span) return [a, b] as const;
    const s0 = Math.max(a, span[0]);
    const s1 = Math.min(b, span[1]);
    return s1 >= s0 ? ([s0, s1] as const) : ([a, a] as const);
  });
}

/** Index of the segment (walkSegments, disjoint, in time order) holding t at least its margins from both of its ends, else −1: a binary search. */
export function segmentLookup(segs: readonly WalkSegment[]): (t: number) => number {
  const starts = segs.map((s) => s.startS + s.startMarginS - 1e-9);
  return (t: number): number => {
    const k = floorIndex(starts, t);
    const s = segs[k];
    return s !== undefined && t <= s.endS - s.endMarginS + 1e-9 ? k : -1;
  };
}

/** A foot strike in the merged sequence of both feet, with the index of its walking segment (−1: none). */
type SeqStrike = { side: Side; t: number; seg: number };

/** The strikes of both feet (each list sorted) in time order, each with its segment (segmentOf). */
function strikeSequence(fs: Record<Side, number[]>, segmentOf: (t: number) => number): SeqStrike[] {
  return (['left', 'right'] as const).flatMap((side) => fs[side].map((t) => ({ side, t, seg: segmentOf(t) }))).sort((a, b) => a.t - b.t);
}

/** Steps of a strike sequence: consecutive strikes of opposite feet in one segment, with the time between them (`d`, s). */
function oppositeFootSteps(all: readonly SeqStrike[]): { a: SeqStrike; b: SeqStrike; d: number }[] {
  const steps: { a: SeqStrike; b: SeqStrike; d: number }[] = [];
  for (let k = 1; k < all.length; k++) {
    const a = all[k - 1] as SeqStrike;
    const b = all[k] as SeqStrike;
    if (a.seg === b.seg && a.seg >= 0 && a.side !== b.side) steps.push({ a, b, d: b.t - a.t });
  }
  return steps;
}

/**
 * Foot strikes (sorted per foot) that make a step (interval to the previous strike of either foot in the same segment)
 * shorter than minFraction × the median step, most likely spurious (a foot point flickering at the start of walking):
 * of the two strikes of such a step, the one whose stride to its neighbouring same-foot strikes departs more from twice
 * the median step (none found: the earlier one). Judged only with at least 3 steps; repeated until none is left.
 */
export function implausibleStrikes(fs: Record<Side, number[]>, segmentOf: (t: number) => number, minFraction: number): { side: Side; t: number }[] {
  const all = strikeSequence(fs, segmentOf);
  const dropped: { side: Side; t: number }[] = [];
  for (;;) {
    const steps: { a: number; d: number }[] = [];
    for (let k = 1; k < all.length; k++) {
      const p = all[k - 1] as SeqStrike;
      const q = all[k] as SeqStrike;
      if (p.seg === q.seg && p.seg >= 0) steps.push({ a: k - 1, d: q.t - p.t });
    }
    if (steps.length < 3) break;
    const med = nanMedian(steps.map((x) => x.d));
    const worst = steps.reduce((m, x) => (x.d < m.d ? x : m));
    if (!(worst.d < minFraction * med)) break;
    const dev = (k: number): number => {
      const x = all[k] as SeqStrike;
      let best = Infinity;
      for (const y of all) if (y !== x && y.side === x.side && y.seg === x.seg) best = Math.min(best, Math.abs(Math.abs(y.t - x.t) - 2 * med));
      return best;
    };
    const k = dev(worst.a + 1) > dev(worst.a) ? worst.a + 1 : worst.a;
    const [x] = all.splice(k, 1);
    if (x) dropped.push({ side: x.side, t: x.t });
  }
  return dropped;
}

/**
 * Foot offs (sorted per foot) that no walking gait cycle allows: one less than minStanceFraction × its stride after its
 * own foot's strike (a stance that short is a run, not a walk: walking stance is 50–75 % of the stride) or less than
 * minSwingFraction × its stride before its own foot's next strike (walking swing: 25–50 %); the strikes in the same
 * segment (segmentOf) only. Its stride is the interval between those two strikes when it is one stride (at most 1.5 ×
 * the segment's median stride); with only one of them, the same foot's stride next to it; else the segment's median
 * stride (same-foot strike intervals; the whole walk's with fewer than 2 in the segment). Such a candidate is a bump
 * of a noisy foot signal (an ankle rising a little after its strike). `fs` sorted per foot; with no same-foot stride
 * in the walk (2 steps), twice the median step stands in; nothing is judged without a step.
 */
export function implausibleFootOffs(
  fs: Record<Side, number[]>, fo: Record<Side, number[]>, segmentOf: (t: number) => number, minStanceFraction: number, minSwingFraction: number,
  strides = sameFootStrides(fs, segmentOf),
): { side: Side; t: number }[] {
  const out: { side: Side; t: number }[] = [];
  for (const side of ['left', 'right'] as const) {
    const l = fs[side];
    // The same-foot interval [l[k], l[k+1]] when both lie in `seg` and it is one stride, else undefined.
    const strideAt = (k: number, seg: number, median: number): number | undefined => {
      const a = l[k];
      const b = l[k + 1];
      return a !== undefined && b !== undefined && segmentOf(a) === seg && segmentOf(b) === seg && b - a <= 1.5 * median ? b - a : undefined;
    };
    for (const t of fo[side]) {
      const seg = segmentOf(t);
      if (seg < 0) continue;
      const median = strides.medianOf(seg);
      if (!Number.isFinite(median)) continue;
      const kp = floorIndex(l, t);
      const p = l[kp];
      const n = l[kp + 1];
      const prev = p !== undefined && segmentOf(p) === seg ? p : undefined;
      const next = n !== undefined && segmentOf(n) === seg ? n : undefined;
      const strideS = strideAt(kp, seg, median) ?? (next === undefined ? strideAt(kp - 1, seg, median) : undefined) ?? (prev === undefined ? strideAt(kp + 1, seg, median) : undefined) ?? median;
      if ((prev !== undefined && t - prev < minStanceFraction * strideS) || (next !== undefined && next - t < minSwingFraction * strideS)) out.push({ side, t });
    }
  }
  return out;
}

/** Median same-foot stride per walking segment (sameFootStrides). */
export type SegmentStrides = { medianOf: (seg: number) => number };

/**
 * Same-foot strike intervals (strides) per segment: `medianOf(seg)` is the median of the segment's intervals, those
 * over 1.5 × their own median (a missed strike) left out, or the whole walk's median when the segment has fewer than 2
 * (twice the median step when no foot has two strikes in a segment; NaN: no step either).
 */
function sameFootStrides(fs: Record<Side, number[]>, segmentOf: (t: number) => number): SegmentStrides {
  const bySeg = new Map<number, number[]>();
  for (const side of ['left', 'right'] as const) {
    const l = fs[side];
    for (let k = 1; k < l.length; k++) {
      const seg = segmentOf(l[k] as number);
      if (seg < 0 || segmentOf(l[k - 1] as number) !== seg) continue;
      const d = (l[k] as number) - (l[k - 1] as number);
      const list = bySeg.get(seg);
      if (list) list.push(d);
      else bySeg.set(seg, [d]);
    }
  }
  const all: number[] = [];
  const segMedian = new Map<number, number>();
  for (const [seg, d] of bySeg) {
    const m = nanMedian(d);
    const ok = d.filter((x) => x <= 1.5 * m);
    all.push(...ok);
    if (ok.length >= 2) segMedian.set(seg, nanMedian(ok));
  }
  // No same-foot stride anywhere (a walk of 2 steps): twice the median step stands in for it.
  const steps = all.length ? [] : oppositeFootSteps(strikeSequence(fs, segmentOf));
  const overall = all.length ? nanMedian(all) : steps.length ? 2 * nanMedian(steps.map((x) => x.d)) : NaN;
  return { medianOf: (seg) => segMedian.get(seg) ?? overall };
}

/**
 * First foot strikes of walking segments (either foot) that fall in the other foot's swing and make a short step:
 * that foot's last event before the strike is a foot off (none read before it: its next strike − the walk's median
 * swing, medianSwingS, is taken for it), its next strike follows no more than 0.6 × the segment's median stride
 * (sameFootStrides) after that foot off, and the step to it is under 0.8 × the median step. A walker
 * always has a foot on the ground, so such a strike is a detector's misreading at the start of the data, where its
 * signals are cut off (read late). The short step tells it from a true strike whose other foot's foot off was read
 * early (at a brisk pace the double support is short): those make a full step. Interior strikes are left to
 * implausibleStrikes. Not judged without a same-foot stride and 3 steps; `fs` and `fo` sorted per foot.
 */
export function edgeStrikesInFlight(
  fs: Record<Side, number[]>, fo: Record<Side, number[]>, segmentOf: (t: number) => number, strides = sameFootStrides(fs, segmentOf),
): { side: Side; t: number }[] {
  const all = strikeSequence(fs, segmentOf);
  const steps = oppositeFootSteps(all);
  if (steps.length < 3) return [];
  const medianStep = nanMedian(steps.map((x) => x.d));
  const out: { side: Side; t: number }[] = [];
  all.forEach((x, k) => {
    if (x.seg < 0 || (k > 0 && (all[k - 1] as SeqStrike).seg === x.seg)) return;
    const strideS = strides.medianOf(x.seg);
    if (!Number.isFinite(strideS)) return;
    const o = x.side === 'left' ? 'right' : 'left';
    const next = firstAfter(fs[o], x.t);
    if (next === undefined || segmentOf(next) !== x.seg || next - x.t >= 0.8 * medianStep) return;
    const prev = lastBefore(fs[o], x.t);
    const seen = lastBefore(fo[o], x.t);
    const liftsLater = firstAfter(fo[o], x.t);
    // The other foot's foot off before its next strike: the one read, else (lifted before the data, or not read: no
    // foot off of it before its next strike either) that strike − the walk's swing time.
    const unread = seen === undefined && !(liftsLater !== undefined && liftsLater < next);
    const off = seen !== undefined && segmentOf(seen) === x.seg ? seen : unread ? next - medianSwingS(fs, fo, segmentOf, strideS) : undefined;
    if (off === undefined || (prev !== undefined && prev >= off) || next - off > 0.6 * strideS || x.t <= off) return;
    out.push({ side: x.side, t: x.t });
  });
  return out;
}

/**
 * Median swing time (foot off → the same foot's next strike, both in one segment, under 0.6 × `strideS`) of the walk's
 * feet; 0.38 × `strideS` (a typical walking swing, the shorter end) when none is read.
 */
function medianSwingS(fs: Record<Side, number[]>, fo: Record<Side, number[]>, segmentOf: (t: number) => number, strideS: number): number {
  const swings: number[] = [];
  for (const side of ['left', 'right'] as const) {
    for (const t of fo[side]) {
      const n = firstAfter(fs[side], t);
      if (n !== undefined && segmentOf(n) === segmentOf(t) && segmentOf(t) >= 0 && n - t < 0.6 * strideS) swings.push(n - t);
    }
  }
  return swings.length ? nanMedian(swings) : 0.38 * strideS;
}

/**
 * Pauses inside walking segments: consecutive foot strikes of opposite feet (sorted per foot, all in segments)
 * further apart than maxFraction × the median step (of the segment, or of the whole walk when the segment has
 * fewer than 3 steps; not judged with fewer than 3 steps in all). Strikes of the same foot in a row are a missed
 * strike of the other foot, not a pause. Returns [earlier strike, later strike] per pause.
 */
export function pausesBetweenSteps(fs: Record<Side, number[]>, segmentOf: (t: number) => number, maxFraction: number): [number, number][] {
  const steps = oppositeFootSteps(strikeSequence(fs, segmentOf));
  if (steps.length < 3) return [];
  const overall = nanMedian(steps.map((x) => x.d));
  const bySeg = new Map<number, number[]>();
  for (const x of steps) {
    const list = bySeg.get(x.a.seg);
    if (list) list.push(x.d);
    else bySeg.set(x.a.seg, [x.d]);
  }
  const medianOf = (seg: number): number => {
    const d = bySeg.get(seg) ?? [];
    return d.length >= 3 ? nanMedian(d) : overall;
  };
  return steps.filter((x) => x.d > maxFraction * medianOf(x.a.seg)).map((x): [number, number] => [x.a.t, x.b.t]);
}

/** `segs` split at each pause [t0, t1] (pausesBetweenSteps): the part before keeps t0 as its last usable time, the part after starts at t1. */
export function splitSegmentsAtPauses(segs: readonly WalkSegment[], pauses: readonly (readonly [number, number])[]): WalkSegment[] {
  const out: WalkSegment[] = [];
  const ordered = [...pauses].sort((a, b) => a[0] - b[0]);
  for (const seg of segs) {
    let cur: WalkSegment = { ...seg };
    for (const [t0, t1] of ordered) {
      if (!(t0 >= cur.startS + cur.startMarginS - 1e-9 && t1 <= cur.endS - cur.endMarginS + 1e-9)) continue;
      out.push({ ...cur, endS: t0 + 1e-6, endMarginS: 0 });
      cur = { ...cur, startS: t1 - 1e-6, startMarginS: 0 };
    }
    out.push(cur);
  }
  return out;
}

/**
 * The events that count for metrics, from the detected `events` (sorted per foot; their strikes judged spurious are
 * removed in place) and the walking segments: strikes and foot offs inside a segment, at least its margins from its
 * ends; a strike making a step shorter than minStepFractionOfMedian × the median is dropped (implausibleStrikes); a
 * pause (pausesBetweenSteps) splits its segment; a foot off no walking stance or swing allows (implausibleFootOffs)
 * and a segment's first strike inside the other foot's swing (edgeStrikesInFlight) are dropped. Returns the final
 * segments, their lookup, the usable events per foot, the warnings to report and how many events were dropped.
 */
export function usableEvents(
  events: Record<Side, { footStrikeS: number[]; footOffS: number[] }>, segments0: WalkSegment[],
  settings: { minStepFractionOfMedian: number; maxStepFractionOfMedian: number; minStanceFractionOfStride: number; minSwingFractionOfStride: number },
): { segments: WalkSegment[]; boutOf: (t: number) => number; fs: Record<Side, number[]>; fo: Record<Side, number[]>; warnings: string[]; droppedEvents: number } {
  const warnings: string[] = [];
  const strikes = (): Record<Side, number[]> => ({ left: events.left.footStrikeS, right: events.right.footStrikeS });
  const offs = (): Record<Side, number[]> => ({ left: events.left.footOffS, right: events.right.footOffS });
  // An event judged spurious is no event at all: it leaves the reported events too.
  const drop = (kind: 'footStrikeS' | 'footOffS', dropped: readonly { side: Side; t: number }[]): void => {
    for (const side of ['left', 'right'] as const) {
      const gone = new Set(dropped.filter((x) => x.side === side).map((x) => x.t));
      if (gone.size) events[side][kind] = events[side][kind].filter((t) => !gone.has(t));
    }
  };
  const boutOf0 = segmentLookup(segments0);
  const used0 = (list: number[]): number[] => list.filter((t) => boutOf0(t) >= 0);
  const shortStep = implausibleStrikes({ left: used0(events.left.footStrikeS), right: used0(events.right.footStrikeS) }, boutOf0, settings.minStepFractionOfMedian);
  if (shortStep.length) warnings.push(`${shortStep.length} foot strike(s) dropped: each made a step shorter than ${settings.minStepFractionOfMedian} × the median step (likely spurious)`);
  drop('footStrikeS', shortStep);
  // A pause in walking (a step far longer than the others) splits the walk: no step or stride spans it.
  const pauses = pausesBetweenSteps({ left: used0(events.left.footStrikeS), right: used0(events.right.footStrikeS) }, boutOf0, settings.maxStepFractionOfMedian);
  if (pauses.length) warnings.push(`${pauses.length} pause(s) in walking (strikes of the two feet more than ${settings.maxStepFractionOfMedian} × the median step apart, at ${pauses.map(([a, b]) => `${a.toFixed(2)}–${b.toFixed(2)} s`).join(', ')}): no step or stride spans them`);
  const segments = splitSegmentsAtPauses(segments0, pauses);
  const boutOf = segmentLookup(segments);
  // A foot off too soon after its strike or too near its next one is no event either (judged up to the segments' very
  // ends); the strides it is judged by stay the same for the strikes judged next (no strike has moved).
  const wholeOf = segmentLookup(segments.map((x) => ({ ...x, startMarginS: 0, endMarginS: 0 })));
  const strides = sameFootStrides(strikes(), wholeOf);
  const badOff = implausibleFootOffs(strikes(), offs(), wholeOf, settings.minStanceFractionOfStride, settings.minSwingFractionOfStride, strides);
  if (badOff.length) warnings.push(`${badOff.length} foot off(s) dropped: each less than ${settings.minStanceFractionOfStride} × its stride after its foot's strike, or less than ${settings.minSwingFractionOfStride} × before its next (no walking stance or swing is that short; likely spurious)`);
  drop('footOffS', badOff);
  // A segment's first strike inside the other foot's swing (a flight: no walking), making a short step, is no event either.
  const flight = edgeStrikesInFlight(strikes(), offs(), wholeOf, strides);
  if (flight.length) warnings.push(`${flight.length} foot strike(s) dropped at the start of walking: each fell in the other foot's swing and made a short step (a walker always has a foot on the ground; likely a misreading where the data begin)`);
  drop('footStrikeS', flight);
  const used = (list: number[]): number[] => list.filter((t) => boutOf(t) >= 0);
  return {
    segments, boutOf, warnings, droppedEvents: shortStep.length + badOff.length + flight.length,
    fs: { left: used(events.left.footStrikeS), right: used(events.right.footStrikeS) },
    fo: { left: used(events.left.footOffS), right: used(events.right.footOffS) },
  };
}

/**
 * Steps taken and the time they span (s), per walking segment from its first to its last foot strike (cadence =
 * 60 × steps ÷ spanS). Two strikes of one foot in a row 1.5–2.5 median steps apart hide a missed strike of the
 * other foot: two steps, not one (`missedStrikes` counts them). `spansS`: each segment's first and last strike.
 */
export function countSteps(
  fs: Record<Side, number[]>, segmentOf: (t: number) => number,
): { steps: number; spanS: number; missedStrikes: number; spansS: [number, number][] } {
  const all = strikeSequence(fs, segmentOf).filter((x) => x.seg >= 0);
  const medianStep = nanMedian(oppositeFootSteps(all).map((x) => x.d));
  let steps = 0;
  let spanS = 0;
  let missedStrikes = 0;
  const spansS: [number, number][] = [];
  let i = 0;
  while (i < all.length) {
    const seg = (all[i] as SeqStrike).seg;
    let j = i;
    while (j + 1 < all.length && (all[j + 1] as SeqStrike).seg === seg) j++;
    for (let m = i + 1; m <= j; m++) {
      const a = all[m - 1] as SeqStrike;
      const b = all[m] as SeqStrike;
      const ratio = (b.t - a.t) / medianStep;
      const missed = a.side === b.side && ratio > 1.5 && ratio < 2.5;
      steps += missed ? 2 : 1;
      if (missed) missedStrikes++;
    }
    spanS += (all[j] as SeqStrike).t - (all[i] as SeqStrike).t;
    spansS.push([(all[i] as SeqStrike).t, (all[j] as SeqStrike).t]);
    i = j + 1;
  }
  return { steps, spanS, missedStrikes, spansS };
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
