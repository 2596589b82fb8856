/**
 * Standing posture from a few still seconds of pose frames (metrics.md, "Posture").
 * Front or back view: shoulder level, pelvic level (= lateral pelvic tilt), head tilt, trunk shift.
 * Side view: forward head (shoulder→ear angle, a proxy of the craniovertebral angle) and trunk forward lean.
 * Pure TS. Angles in degrees; + = the subject's RIGHT side higher / toward the subject's right;
 * front and back views give the same numbers; mirroring the image and swapping labels swaps sides.
 */
import type { KeypointName } from './keypoints.ts';
import type { PoseFrame, View } from './types.ts';
import {
  type KeypointIndex,
  type PointPx,
  keypointIndex,
  lateralLeanDeg,
  medianFrame,
  midpoint,
  pairTiltDeg,
  pointOf,
  rightwardSign,
  standingHeightPx,
} from './postureGeometry.ts';

/** Ids of the posture measures; the unit is in the name. */
export type PostureMeasureId =
  | 'shoulderLevelDeg'
  | 'pelvicLevelDeg'
  | 'headTiltDeg'
  | 'trunkShiftBodyHeights'
  | 'forwardHeadDeg'
  | 'trunkForwardLeanDeg';

/** Unit of a posture measure. */
export type PostureUnit = 'deg' | 'bodyHeights';

/** One posture measure: `value` null when not measurable, and then `reason` says why. */
export interface PostureMeasure {
  id: PostureMeasureId;
  value: number | null;
  unit: PostureUnit;
  measurable: boolean;
  reason?: string;
}

/** What each measure is, which view gives it, and which way its sign goes (metrics.md). Don't change ids. */
export const POSTURE_MEASURES: readonly {
  id: PostureMeasureId;
  view: View;
  unit: PostureUnit;
  label: string;
  definition: string;
  sign: string;
}[] = Object.freeze([
  { id: 'shoulderLevelDeg', view: 'frontal', unit: 'deg', label: 'Shoulder level', definition: 'angle of the line joining the shoulders from horizontal', sign: '+ = right shoulder higher' },
  { id: 'pelvicLevelDeg', view: 'frontal', unit: 'deg', label: 'Pelvic level', definition: 'lateral pelvic tilt: angle of the line joining the hip keypoints from horizontal', sign: '+ = right hip higher' },
  { id: 'headTiltDeg', view: 'frontal', unit: 'deg', label: 'Head tilt', definition: 'angle of the line joining the ears (or the eyes) from horizontal', sign: '+ = right ear higher' },
  { id: 'trunkShiftBodyHeights', view: 'frontal', unit: 'bodyHeights', label: 'Trunk shift', definition: 'horizontal offset of mid-shoulders from mid-hips, in body heights', sign: '+ = shoulders shifted toward the right' },
  { id: 'forwardHeadDeg', view: 'sagittal', unit: 'deg', label: 'Forward head (proxy)', definition: 'angle at the shoulder between horizontal and the line to the ear; a proxy of the craniovertebral angle (which uses C7, not the shoulder)', sign: '90 = ear straight above the shoulder; smaller = head further forward' },
  { id: 'trunkForwardLeanDeg', view: 'sagittal', unit: 'deg', label: 'Trunk forward lean', definition: 'angle of the mid-hip → mid-shoulder line from vertical', sign: '+ = leaning forward' },
]);

/** Settings of the stillness detector. */
export interface StabilitySettings {
  durationS: number;
  maxMotionBodyHeights: number;
  minCoverageFraction: number;
  minFrames: number;
}

/** Defaults of the stillness detector: 3 s window, 90th-percentile keypoint excursion ≤ 0.025 body heights. */
export const STABILITY_DEFAULTS: Readonly<StabilitySettings> = Object.freeze({
  durationS: 3,
  maxMotionBodyHeights: 0.025,
  /** Fraction of frames in which every core keypoint must be seen. */
  minCoverageFraction: 0.8,
  minFrames: 3,
});

/** Options of the stillness detector (defaults: {@link STABILITY_DEFAULTS}). */
export type StabilityOptions = Partial<StabilitySettings>;

/** A run of still frames: indices into the input (inclusive), its duration in seconds and motion in body heights. */
export interface StableWindow {
  startIndex: number;
  endIndex: number;
  durationS: number;
  motionBodyHeights: number;
  /** True when the window is at least `durationS` long. */
  reachedTarget: boolean;
}

const CORE: readonly string[] = ['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip', 'left_ankle', 'right_ankle'];

function percentile90(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(0.9 * (v.length - 1) + 0.5))] ?? Number.NaN;
}

/** Motion of a frame range: max over core keypoints of the 90th-percentile distance to the median position, in body heights (NaN if not assessable). */
function windowMotion(frames: readonly PoseFrame[], index: KeypointIndex, minCoverage: number): number {
  const ref = medianFrame(frames);
  const heightPx = standingHeightPx(ref, index);
  if (heightPx === null) return Number.NaN;
  let worst = 0;
  for (const name of CORE) {
    const c = pointOf(ref, index, name);
    if (!c) return Number.NaN;
    const d: number[] = [];
    for (const f of frames) {
      const p = pointOf(f, index, name);
      if (p) d.push(Math.hypot(p.xPx - c.xPx, p.yPx - c.yPx));
    }
    if (d.length < minCoverage * frames.length) return Number.NaN;
    worst = Math.max(worst, percentile90(d) / heightPx);
  }
  return worst;
}

/**
 * The longest still window that ends at the LAST frame, grown backwards up to `durationS`
 * (for live use: "hold still… 2 of 3 s"). Null when even the last few frames are not still.
 */
export function trailingStableWindow(frames: readonly PoseFrame[], names: readonly KeypointName[] | readonly string[], options: StabilityOptions = {}): StableWindow | null {
  return stableWindowEndingAt(frames, keypointIndex(names), frames.length - 1, { ...STABILITY_DEFAULTS, ...options });
}

function stableWindowEndingAt(frames: readonly PoseFrame[], index: KeypointIndex, end: number, o: StabilitySettings): StableWindow | null {
  const endFrame = frames[end];
  if (!endFrame) return null;
  let best: StableWindow | null = null;
  for (let start = end - o.minFrames + 1; start >= 0; start--) {
    const startFrame = frames[start] as PoseFrame;
    const durationS = endFrame.t - startFrame.t;
    const motion = windowMotion(frames.slice(start, end + 1), index, o.minCoverageFraction);
    if (!(motion <= o.maxMotionBodyHeights)) break;
    best = { startIndex: start, endIndex: end, durationS, motionBodyHeights: motion, reachedTarget: durationS >= o.durationS };
    if (best.reachedTarget) break;
  }
  return best;
}

/**
 * The latest still window of `durationS` in a recording (scanning from the end backwards, so the
 * settled part after walking into place wins). A clip shorter than `durationS` gives its longest
 * still run ending at its last frame (`reachedTarget` false). Null when nothing is still.
 */
export function findStableWindow(frames: readonly PoseFrame[], names: readonly KeypointName[] | readonly string[], options: StabilityOptions = {}): StableWindow | null {
  const o = { ...STABILITY_DEFAULTS, ...options };
  const index = keypointIndex(names);
  const first = frames[0];
  const last = frames[frames.length - 1];
  if (!first || !last) return null;
  if (last.t - first.t < o.durationS) return stableWindowEndingAt(frames, index, frames.length - 1, o);
  let start = frames.length - 1;
  const fixedStartFor = (end: number): number => {
    const tEnd = (frames[end] as PoseFrame).t;
    while (start > 0 && tEnd - (frames[start] as PoseFrame).t < o.durationS) start--;
    return start;
  };
  const perWindow = Math.max(o.minFrames, Math.round(frames.length / Math.max(o.durationS, last.t - first.t) * o.durationS));
  const step = Math.max(1, Math.floor(perWindow / 4));
  for (let end = frames.length - 1; end >= 0; end -= step) {
    const s = fixedStartFor(end);
    const durationS = (frames[end] as PoseFrame).t - (frames[s] as PoseFrame).t;
    if (durationS < o.durationS) break;
    const motion = windowMotion(frames.slice(s, end + 1), index, o.minCoverageFraction);
    if (motion <= o.maxMotionBodyHeights) return { startIndex: s, endIndex: end, durationS, motionBodyHeights: motion, reachedTarget: true };
  }
  return null;
}

/** A posture measurement: measures (all six ids, in {@link POSTURE_MEASURES} order) and what they came from. */
export interface PostureResult {
  view: View;
  frameCount: number;
  durationS: number;
  bodyHeightPx: number | null;
  measures: PostureMeasure[];
  warnings: string[];
}

const notMeasurable = (id: PostureMeasureId, reason: string): PostureMeasure => ({
  id,
  value: null,
  unit: POSTURE_MEASURES.find((m) => m.id === id)?.unit ?? 'deg',
  measurable: false,
  reason,
});
const measured = (id: PostureMeasureId, value: number): PostureMeasure => ({
  id,
  value,
  unit: POSTURE_MEASURES.find((m) => m.id === id)?.unit ?? 'deg',
  measurable: true,
});

/**
 * Which way the subject faces in a side view: +1 toward +x, −1 toward −x, null when unclear.
 * From the nose ahead of the ears, else the toes ahead of the heels.
 */
export function facingSign(frame: PoseFrame, index: KeypointIndex): 1 | -1 | null {
  const nose = pointOf(frame, index, 'nose');
  const ears = [pointOf(frame, index, 'left_ear'), pointOf(frame, index, 'right_ear')].filter((p): p is PointPx => p !== null);
  const votes: number[] = [];
  if (nose && ears.length > 0) votes.push(nose.xPx - ears.reduce((s, e) => s + e.xPx, 0) / ears.length);
  for (const side of ['left', 'right'] as const) {
    const toe = pointOf(frame, index, `${side}_foot_index`);
    const heel = pointOf(frame, index, `${side}_heel`);
    if (toe && heel) votes.push(toe.xPx - heel.xPx);
  }
  const sum = votes.reduce((s, v) => s + Math.sign(v), 0);
  return sum > 0 ? 1 : sum < 0 ? -1 : null;
}

/**
 * Posture view guessed from shoulder width relative to body height: 'frontal' above 0.12,
 * 'sagittal' below 0.07 (shoulder breadth ≈ 0.26 of stature face-on), null in between or unknown.
 */
export function guessPostureView(frame: PoseFrame, names: readonly KeypointName[] | readonly string[]): View | null {
  const index = keypointIndex(names);
  const l = pointOf(frame, index, 'left_shoulder');
  const r = pointOf(frame, index, 'right_shoulder');
  const h = standingHeightPx(frame, index);
  if (!l || !r || h === null) return null;
  const ratio = Math.abs(l.xPx - r.xPx) / h;
  return ratio > 0.12 ? 'frontal' : ratio < 0.07 ? 'sagittal' : null;
}

function frontalMeasures(f: PoseFrame, index: KeypointIndex, heightPx: number | null, warnings: string[]): PostureMeasure[] {
  const out: PostureMeasure[] = [];
  const ls = pointOf(f, index, 'left_shoulder');
  const rs = pointOf(f, index, 'right_shoulder');
  const lh = pointOf(f, index, 'left_hip');
  const rh = pointOf(f, index, 'right_hip');
  out.push(ls && rs ? measured('shoulderLevelDeg', pairTiltDeg(ls, rs)) : notMeasurable('shoulderLevelDeg', 'both shoulders must be seen'));
  out.push(lh && rh ? measured('pelvicLevelDeg', pairTiltDeg(lh, rh)) : notMeasurable('pelvicLevelDeg', 'both hips must be seen'));
  const le = pointOf(f, index, 'left_ear');
  const re = pointOf(f, index, 'right_ear');
  const lEye = pointOf(f, index, 'left_eye');
  const rEye = pointOf(f, index, 'right_eye');
  if (le && re) out.push(measured('headTiltDeg', pairTiltDeg(le, re)));
  else if (lEye && rEye) out.push(measured('headTiltDeg', pairTiltDeg(lEye, rEye)));
  else out.push(notMeasurable('headTiltDeg', 'both ears or both eyes must be seen'));
  const sm = midpoint(ls, rs);
  const hm = midpoint(lh, rh);
  const sign = lh && rh ? rightwardSign(lh, rh) : ls && rs ? rightwardSign(ls, rs) : 0;
  if (!sm || !hm || sign === 0) out.push(notMeasurable('trunkShiftBodyHeights', 'both shoulders and both hips must be seen, apart'));
  else if (heightPx === null) out.push(notMeasurable('trunkShiftBodyHeights', 'the whole body (head to ankles) must be seen to scale it'));
  else out.push(measured('trunkShiftBodyHeights', ((sm.xPx - hm.xPx) * sign) / heightPx));
  if (ls && rs && heightPx !== null && Math.abs(ls.xPx - rs.xPx) / heightPx < 0.12) {
    warnings.push('The person seems turned: for this check face the camera squarely or turn your back to it.');
  }
  return out;
}

function sagittalMeasures(f: PoseFrame, index: KeypointIndex): PostureMeasure[] {
  const facing = facingSign(f, index);
  const sides = (['left', 'right'] as const)
    .map((side) => ({ ear: pointOf(f, index, `${side}_ear`), shoulder: pointOf(f, index, `${side}_shoulder`) }))
    .filter((s): s is { ear: PointPx; shoulder: PointPx } => s.ear !== null && s.shoulder !== null)
    .sort((a, b) => b.ear.score + b.shoulder.score - (a.ear.score + a.shoulder.score));
  const near = sides[0];
  const out: PostureMeasure[] = [];
  if (facing === null) out.push(notMeasurable('forwardHeadDeg', 'cannot tell which way the person faces (nose and ears, or toes and heels, must be seen)'));
  else if (!near) out.push(notMeasurable('forwardHeadDeg', 'an ear and the shoulder on the same side must be seen'));
  else
    out.push(
      measured('forwardHeadDeg', (Math.atan2(near.shoulder.yPx - near.ear.yPx, (near.ear.xPx - near.shoulder.xPx) * facing) * 180) / Math.PI),
    );
  const shoulder = midpoint(pointOf(f, index, 'left_shoulder'), pointOf(f, index, 'right_shoulder')) ?? pointOf(f, index, 'left_shoulder') ?? pointOf(f, index, 'right_shoulder');
  const hip = midpoint(pointOf(f, index, 'left_hip'), pointOf(f, index, 'right_hip')) ?? pointOf(f, index, 'left_hip') ?? pointOf(f, index, 'right_hip');
  if (facing === null) out.push(notMeasurable('trunkForwardLeanDeg', 'cannot tell which way the person faces'));
  else if (!shoulder || !hip) out.push(notMeasurable('trunkForwardLeanDeg', 'a shoulder and a hip must be seen'));
  else out.push(measured('trunkForwardLeanDeg', lateralLeanDeg(hip, shoulder, facing)));
  return out;
}

/**
 * Measures standing posture on `frames` (already a still window: see {@link findStableWindow}); each
 * keypoint is the median over the frames. Measures of the other view come back not measurable, with a reason.
 */
export function measurePosture(frames: readonly PoseFrame[], names: readonly KeypointName[] | readonly string[], view: View): PostureResult {
  const index = keypointIndex(names);
  const warnings: string[] = [];
  const first = frames[0];
  const last = frames[frames.length - 1];
  if (!first || !last) {
    return {
      view,
      frameCount: 0,
      durationS: 0,
      bodyHeightPx: null,
      measures: POSTURE_MEASURES.map((m) => notMeasurable(m.id, 'no frames')),
      warnings: ['No frames to measure.'],
    };
  }
  const f = medianFrame(frames);
  const heightPx = standingHeightPx(f, index);
  const byId = new Map<PostureMeasureId, PostureMeasure>();
  if (view === 'frontal') {
    for (const m of frontalMeasures(f, index, heightPx, warnings)) byId.set(m.id, m);
  } else {
    for (const m of sagittalMeasures(f, index)) byId.set(m.id, m);
  }
  const otherReason = view === 'frontal' ? 'needs a side view' : 'needs a front or back view';
  return {
    view,
    frameCount: frames.length,
    durationS: last.t - first.t,
    bodyHeightPx: heightPx,
    measures: POSTURE_MEASURES.map((m) => byId.get(m.id) ?? notMeasurable(m.id, otherReason)),
    warnings,
  };
}

/** The measures a view can give, in display order. */
export function measuresForView(view: View): PostureMeasureId[] {
  return POSTURE_MEASURES.filter((m) => m.view === view).map((m) => m.id);
}
