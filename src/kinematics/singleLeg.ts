/**
 * Single-leg stance (Trendelenburg) test from a front or back view frame stream (pure TS).
 * Detects which foot is lifted, times the hold (up to 30 s), tracks pelvic obliquity and trunk lean,
 * and applies the Hardcastle & Nade 1985 criterion (J Bone Joint Surg Br 67:741): positive if the
 * pelvis on the lifted side drops, or the stance cannot be held for 30 s. The drop margin below is
 * this app's screening rule (the paper reads the drop by eye), stated in every result.
 */
import type { KeypointName, Side } from './keypoints.ts';
import { otherSide } from './keypoints.ts';
import type { PoseFrame } from './types.ts';
import {
  keypointIndex,
  lateralLeanDeg,
  median,
  midpoint,
  pairTiltDeg,
  pointOf,
  rightwardSign,
  standingHeightPx,
} from './postureGeometry.ts';

/** Settings of the single-leg test (see {@link SINGLE_LEG_DEFAULTS}). */
export interface SingleLegSettings {
  maxHoldS: number;
  liftOnBodyHeights: number;
  liftOffBodyHeights: number;
  liftConfirmS: number;
  downConfirmS: number;
  dropThresholdDeg: number;
  smoothingS: number;
}

/** Defaults of the single-leg test; override by spread. Heights in body heights (stature), times in seconds. */
export const SINGLE_LEG_DEFAULTS: Readonly<SingleLegSettings> = Object.freeze({
  /** Hardcastle & Nade 1985: the stance is held for 30 s. */
  maxHoldS: 30,
  /** A foot counts as lifted when its ankle is this much higher than the other (≈ 7 cm at 1.70 m). */
  liftOnBodyHeights: 0.04,
  /** …and as down again when the ankles are within this of each other. */
  liftOffBodyHeights: 0.02,
  /** A lift must last this long to start an attempt. */
  liftConfirmS: 0.3,
  /** The foot must be down this long to end an attempt (short touches are balance corrections). */
  downConfirmS: 0.5,
  /** Screening rule: positive when the lifted side's peak drop below its two-leg level exceeds this. */
  dropThresholdDeg: 2,
  /** Width of the centred moving median applied to obliquity and lean before taking peaks. */
  smoothingS: 0.3,
});

/** Options of {@link analyzeSingleLeg} (defaults: {@link SINGLE_LEG_DEFAULTS}). */
export type SingleLegOptions = Partial<SingleLegSettings>;

/** One lift of one foot, from lift-off to touch-down (or to 30 s). */
export interface SingleLegAttempt {
  /** The leg stood on (the side whose hip abductors are tested). */
  stanceSide: Side;
  liftedSide: Side;
  startS: number;
  endS: number;
  /** Hold time in seconds, at most `maxHoldS`. */
  holdS: number;
  /** True when the hold reached `maxHoldS`. */
  heldFullTime: boolean;
  /** True when the stream ended with the foot still up before `maxHoldS` (an unfinished attempt). */
  stillHolding: boolean;
  /** Peak drop of the lifted side's pelvis below the two-leg baseline, degrees (negative = it stayed higher). */
  peakPelvicDropDeg: number | null;
  /** Peak trunk lean toward the stance side (a compensation), degrees from vertical. */
  peakTrunkLeanTowardStanceDeg: number | null;
  /** The test result for this attempt (null while still holding). */
  positive: boolean | null;
  /** Plain-language reasons behind `positive`. */
  reasons: string[];
}

/** One frame of the test's time series; angles null where keypoints are missing. */
export interface SingleLegSample {
  tS: number;
  /** Pelvic obliquity, degrees, + = right hip higher (metrics.md). */
  pelvicObliquityDeg: number | null;
  /** Mid-hip → mid-shoulder from vertical, degrees, + = toward the subject's right. */
  trunkLeanRightDeg: number | null;
  /** Ankle height difference, body heights, + = LEFT ankle higher. */
  ankleRiseLeftBodyHeights: number | null;
  liftedSide: Side | null;
}

/** The test over a stream: the longest attempt per stance side, all attempts, and the rule used. */
export interface SingleLegResult {
  /** Keyed by STANCE side: `right` = standing on the right leg (left foot lifted). */
  sides: Record<Side, SingleLegAttempt | null>;
  attempts: SingleLegAttempt[];
  baselineObliquityDeg: number;
  baselineSource: 'two-leg standing' | 'horizontal';
  bodyHeightPx: number | null;
  rule: { dropThresholdDeg: number; maxHoldS: number; text: string; source: string };
  series: SingleLegSample[];
}

/** Source of the test criterion. */
export const SINGLE_LEG_SOURCE = 'Hardcastle & Nade 1985, J Bone Joint Surg Br 67:741';

/** The stated rule, in words, for the given options. */
export function singleLegRuleText(options: SingleLegOptions = {}): string {
  const o = { ...SINGLE_LEG_DEFAULTS, ...options };
  return (
    `Positive if the pelvis on the lifted side drops more than ${o.dropThresholdDeg}° below its level when standing on both feet ` +
    `(peak of a ${o.smoothingS} s moving median), or if the stance cannot be held for ${o.maxHoldS} s. ` +
    `The test is from ${SINGLE_LEG_SOURCE}; the ${o.dropThresholdDeg}° margin is this app's screening rule to allow for camera noise, not a number from the paper.`
  );
}

/** Centred moving median over ±widthS/2 (always including the neighbouring frames), skipping nulls. */
function smooth(tS: readonly number[], v: readonly (number | null)[], widthS: number): (number | null)[] {
  return v.map((x, i) => {
    if (x === null) return null;
    const t = tS[i] as number;
    const w: number[] = [];
    for (let j = 0; j < v.length; j++) {
      const y = v[j];
      if (y !== null && y !== undefined && (Math.abs(j - i) <= 1 || Math.abs((tS[j] as number) - t) <= widthS / 2 + 1e-9)) w.push(y);
    }
    return median(w);
  });
}

/** Float tolerance for the drop comparison, so a drop of exactly the threshold reads as "not more than". */
const EPS_DEG = 1e-6;

/**
 * Runs the single-leg stance test over a frame stream (times from frame timestamps).
 * Call it again on the growing buffer for live feedback; the last attempt is `stillHolding` until it ends.
 */
export function analyzeSingleLeg(frames: readonly PoseFrame[], names: readonly KeypointName[] | readonly string[], options: SingleLegOptions = {}): SingleLegResult {
  const o = { ...SINGLE_LEG_DEFAULTS, ...options };
  const index = keypointIndex(names);
  const heights = frames.map((f) => standingHeightPx(f, index));

  // Raw per-frame geometry.
  const raw = frames.map((f) => {
    const lh = pointOf(f, index, 'left_hip');
    const rh = pointOf(f, index, 'right_hip');
    const sm = midpoint(pointOf(f, index, 'left_shoulder'), pointOf(f, index, 'right_shoulder'));
    const hm = midpoint(lh, rh);
    const rs = lh && rh ? rightwardSign(lh, rh) : 0;
    const la = pointOf(f, index, 'left_ankle');
    const ra = pointOf(f, index, 'right_ankle');
    return {
      tS: f.t,
      obliquity: lh && rh && rs !== 0 ? pairTiltDeg(lh, rh) : null,
      lean: sm && hm && rs !== 0 ? lateralLeanDeg(hm, sm, rs) : null,
      ankleDyPx: la && ra ? ra.yPx - la.yPx : null,
    };
  });

  // Body height: prefer frames with both feet down (the lower ankle is then either foot).
  const provisional = median(heights.filter((h): h is number => h !== null));
  const bothDown = raw.map((r) => r.ankleDyPx !== null && Number.isFinite(provisional) && Math.abs(r.ankleDyPx) / provisional < o.liftOffBodyHeights);
  const downHeights = heights.filter((h, i): h is number => h !== null && bothDown[i] === true);
  const bodyHeightPx = downHeights.length ? median(downHeights) : Number.isFinite(provisional) ? provisional : null;

  const rise = raw.map((r) => (r.ankleDyPx !== null && bodyHeightPx ? r.ankleDyPx / bodyHeightPx : null));
  const candidate = rise.map((d): Side | 'down' | null => (d === null ? null : d > o.liftOnBodyHeights ? 'left' : d < -o.liftOnBodyHeights ? 'right' : Math.abs(d) < o.liftOffBodyHeights ? 'down' : null));

  // Attempts: hysteresis with confirmation times.
  const attemptsIdx: { lifted: Side; start: number; end: number; full: boolean; open: boolean }[] = [];
  const liftedAt: (Side | null)[] = frames.map(() => null);
  let state: { lifted: Side; start: number } | null = null;
  let runKind: Side | 'down' | null = null;
  let runStart = 0;
  let needDown = false;
  for (let i = 0; i < frames.length; i++) {
    const c = candidate[i] ?? null;
    const t = (frames[i] as PoseFrame).t;
    if (c !== null && c !== runKind) {
      runKind = c;
      runStart = i;
    }
    const runS = t - (frames[runStart] as PoseFrame).t;
    if (state === null) {
      if (needDown && runKind === 'down') needDown = false;
      if (!needDown && (runKind === 'left' || runKind === 'right') && c === runKind && runS >= o.liftConfirmS) state = { lifted: runKind, start: runStart };
    } else {
      const heldS = t - (frames[state.start] as PoseFrame).t;
      if (heldS >= o.maxHoldS) {
        attemptsIdx.push({ lifted: state.lifted, start: state.start, end: i, full: true, open: false });
        state = null;
        // A new attempt needs the foot down first.
        needDown = true;
      } else if (runKind !== state.lifted && runKind !== null && c === runKind && runS >= o.downConfirmS) {
        attemptsIdx.push({ lifted: state.lifted, start: state.start, end: runStart, full: false, open: false });
        state = null;
        if ((runKind === 'left' || runKind === 'right') && runS >= o.liftConfirmS) state = { lifted: runKind, start: runStart };
      }
    }
    if (state) liftedAt[i] = state.lifted;
  }
  if (state && frames.length) attemptsIdx.push({ lifted: state.lifted, start: state.start, end: frames.length - 1, full: false, open: true });
  for (const a of attemptsIdx) for (let i = a.start; i < a.end; i++) liftedAt[i] = a.lifted;

  // Baseline: two-leg frames before the first lift (or any two-leg frames), else horizontal.
  const firstLift = attemptsIdx[0]?.start ?? frames.length;
  const baseVals = raw.filter((r, i) => bothDown[i] === true && i < firstLift && r.obliquity !== null).map((r) => r.obliquity as number);
  const anyBase = baseVals.length ? baseVals : raw.filter((r, i) => bothDown[i] === true && liftedAt[i] === null && r.obliquity !== null).map((r) => r.obliquity as number);
  const baselineSource: SingleLegResult['baselineSource'] = anyBase.length ? 'two-leg standing' : 'horizontal';
  const baselineObliquityDeg = anyBase.length ? median(anyBase) : 0;

  const attempts: SingleLegAttempt[] = attemptsIdx.map((a) => {
    const seg = raw.slice(a.start, Math.max(a.start + 1, a.end));
    const tS = seg.map((r) => r.tS);
    const obl = smooth(tS, seg.map((r) => r.obliquity), o.smoothingS);
    const lean = smooth(tS, seg.map((r) => r.lean), o.smoothingS);
    const stanceSide = otherSide(a.lifted);
    // Lifted left: its hip lower ⇒ right higher ⇒ obliquity rises above baseline.
    const drops = obl.filter((x): x is number => x !== null).map((x) => (a.lifted === 'left' ? x - baselineObliquityDeg : baselineObliquityDeg - x));
    const leans = lean.filter((x): x is number => x !== null).map((x) => (stanceSide === 'right' ? x : -x));
    const startS = (frames[a.start] as PoseFrame).t;
    const endS = (frames[a.end] as PoseFrame).t;
    const holdS = Math.min(o.maxHoldS, endS - startS);
    const peakPelvicDropDeg = drops.length ? Math.max(...drops) : null;
    const reasons: string[] = [];
    let positive: boolean | null = null;
    if (!a.open) {
      const dropPositive = peakPelvicDropDeg !== null && peakPelvicDropDeg > o.dropThresholdDeg + EPS_DEG;
      const timePositive = !a.full;
      positive = dropPositive || timePositive;
      if (peakPelvicDropDeg === null) reasons.push('The hips could not be seen, so the pelvis could not be checked.');
      else if (dropPositive) reasons.push(`The pelvis on the lifted side dropped ${peakPelvicDropDeg.toFixed(1)}° (more than ${o.dropThresholdDeg}°).`);
      else reasons.push(`The pelvis on the lifted side stayed up (largest drop ${Math.max(0, peakPelvicDropDeg).toFixed(1)}°, limit ${o.dropThresholdDeg}°).`);
      reasons.push(timePositive ? `Held ${holdS.toFixed(1)} s of ${o.maxHoldS} s.` : `Held the full ${o.maxHoldS} s.`);
    }
    return {
      stanceSide,
      liftedSide: a.lifted,
      startS,
      endS,
      holdS,
      heldFullTime: a.full,
      stillHolding: a.open,
      peakPelvicDropDeg,
      peakTrunkLeanTowardStanceDeg: leans.length ? Math.max(...leans) : null,
      positive,
      reasons,
    };
  });

  const sides: Record<Side, SingleLegAttempt | null> = { left: null, right: null };
  for (const a of attempts) {
    const cur = sides[a.stanceSide];
    if (!cur || a.holdS > cur.holdS) sides[a.stanceSide] = a;
  }

  return {
    sides,
    attempts,
    baselineObliquityDeg,
    baselineSource,
    bodyHeightPx,
    rule: { dropThresholdDeg: o.dropThresholdDeg, maxHoldS: o.maxHoldS, text: singleLegRuleText(o), source: SINGLE_LEG_SOURCE },
    series: raw.map((r, i) => ({
      tS: r.tS,
      pelvicObliquityDeg: r.obliquity,
      trunkLeanRightDeg: r.lean,
      ankleRiseLeftBodyHeights: rise[i] ?? null,
      liftedSide: liftedAt[i] ?? null,
    })),
  };
}

/**
 * Closes an unfinished last attempt as if the foot came down at the last frame (the user stopped
 * the test): re-runs the analysis with a synthetic end, so the result says "held N s".
 */
export function finishSingleLeg(frames: readonly PoseFrame[], names: readonly KeypointName[] | readonly string[], options: SingleLegOptions = {}): SingleLegResult {
  const r = analyzeSingleLeg(frames, names, options);
  const o = { ...SINGLE_LEG_DEFAULTS, ...options };
  const attempts = r.attempts.map((a) => {
    if (!a.stillHolding) return a;
    const dropPositive = a.peakPelvicDropDeg !== null && a.peakPelvicDropDeg > o.dropThresholdDeg + EPS_DEG;
    const reasons = [
      a.peakPelvicDropDeg === null
        ? 'The hips could not be seen, so the pelvis could not be checked.'
        : dropPositive
          ? `The pelvis on the lifted side dropped ${a.peakPelvicDropDeg.toFixed(1)}° (more than ${o.dropThresholdDeg}°).`
          : `The pelvis on the lifted side stayed up (largest drop ${Math.max(0, a.peakPelvicDropDeg).toFixed(1)}°, limit ${o.dropThresholdDeg}°).`,
      `Stopped after ${a.holdS.toFixed(1)} s of ${o.maxHoldS} s.`,
    ];
    return { ...a, stillHolding: false, positive: true, reasons };
  });
  const sides: Record<Side, SingleLegAttempt | null> = { left: null, right: null };
  for (const a of attempts) {
    const cur = sides[a.stanceSide];
    if (!cur || a.holdS > cur.holdS) sides[a.stanceSide] = a;
  }
  return { ...r, attempts, sides };
}
