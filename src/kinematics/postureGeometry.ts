/**
 * Geometry shared by the standing-posture, single-leg and setup-check code (pure TS).
 * Image coordinates: pixels, origin top-left, +x right, +y down (metrics.md, Conventions).
 * Sides are the subject's anatomical sides; nothing here guesses a side from screen position.
 */
import type { KeypointName } from './keypoints.ts';
import type { PoseFrame } from './types.ts';

/** A keypoint in image pixels with its score 0..1. */
export interface PointPx {
  xPx: number;
  yPx: number;
  score: number;
}

/** Keypoints below this score are treated as missing by the posture code. */
export const MIN_KEYPOINT_SCORE = 0.3;

/**
 * Fractions of standing height above the floor (Drillis & Contini 1966, as tabulated by
 * Winter, Biomechanics and Motor Control of Human Movement): eye level 0.936, ankle 0.039.
 * Used to turn an eye→ankle distance in pixels into a standing height in pixels.
 */
export const ANTHROPOMETRY = Object.freeze({ eyeHeightFraction: 0.936, earHeightFraction: 0.93, noseHeightFraction: 0.92, ankleHeightFraction: 0.039 });

/** Maps keypoint names to their index in a frame's `keypoints` array. */
export type KeypointIndex = ReadonlyMap<string, number>;

/** Builds the name → index lookup for a track's `keypointNames`. */
export function keypointIndex(names: readonly KeypointName[] | readonly string[]): KeypointIndex {
  return new Map(names.map((n, i) => [n, i] as const));
}

/** The named keypoint of a frame, or null when absent or below `minScore`. */
export function pointOf(frame: PoseFrame, index: KeypointIndex, name: string, minScore = MIN_KEYPOINT_SCORE): PointPx | null {
  const i = index.get(name);
  if (i === undefined) return null;
  const k = frame.keypoints[i];
  if (!k) return null;
  const [x, y, s] = k;
  if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y) || !(s >= minScore)) return null;
  return { xPx: x, yPx: y, score: s };
}

/** Midpoint of two points (score = the lower of the two), or null if either is missing. */
export function midpoint(a: PointPx | null, b: PointPx | null): PointPx | null {
  if (!a || !b) return null;
  return { xPx: (a.xPx + b.xPx) / 2, yPx: (a.yPx + b.yPx) / 2, score: Math.min(a.score, b.score) };
}

const DEG = 180 / Math.PI;

/**
 * Tilt of a left/right pair from horizontal, degrees, + = the subject's RIGHT point higher.
 * `atan2(yLeft − yRight, |xLeft − xRight|)` (metrics.md): identical from in front and from behind.
 */
export function pairTiltDeg(left: PointPx, right: PointPx): number {
  return Math.atan2(left.yPx - right.yPx, Math.abs(left.xPx - right.xPx)) * DEG;
}

/**
 * +1 when the subject's right side appears at larger x in the image (filmed from behind),
 * −1 when at smaller x (filmed from in front), 0 when the pair is not separated.
 */
export function rightwardSign(left: PointPx, right: PointPx): 1 | -1 | 0 {
  const d = right.xPx - left.xPx;
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/**
 * Lateral lean of the line `from` → `to` (e.g. mid-hip → mid-shoulder) from vertical, degrees,
 * + = toward the subject's right (`rightSign` from {@link rightwardSign}).
 */
export function lateralLeanDeg(from: PointPx, to: PointPx, rightSign: 1 | -1): number {
  return Math.atan2((to.xPx - from.xPx) * rightSign, from.yPx - to.yPx) * DEG;
}

/** Median of the finite values, NaN when there are none. */
export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
}

/**
 * One frame whose every keypoint is the per-coordinate median over `frames` (keypoints seen with
 * score ≥ `minScore` in at least half of them; others become `[null, null, 0]`). Score = median score.
 */
export function medianFrame(frames: readonly PoseFrame[], minScore = MIN_KEYPOINT_SCORE): PoseFrame {
  const n = Math.max(0, ...frames.map((f) => f.keypoints.length));
  const keypoints: PoseFrame['keypoints'] = [];
  for (let i = 0; i < n; i++) {
    const xs: number[] = [];
    const ys: number[] = [];
    const ss: number[] = [];
    for (const f of frames) {
      const k = f.keypoints[i];
      if (k && k[0] !== null && k[1] !== null && k[2] >= minScore) {
        xs.push(k[0]);
        ys.push(k[1]);
        ss.push(k[2]);
      }
    }
    keypoints.push(xs.length * 2 >= frames.length && xs.length > 0 ? [median(xs), median(ys), median(ss)] : [null, null, 0]);
  }
  const last = frames[frames.length - 1];
  return { t: last ? last.t : 0, keypoints };
}

/** Highest visible point of the head (eyes, ears or nose) and the fraction of stature it sits at. */
export function headReference(frame: PoseFrame, index: KeypointIndex): { yPx: number; heightFraction: number } | null {
  const eyes = midpoint(pointOf(frame, index, 'left_eye'), pointOf(frame, index, 'right_eye'));
  if (eyes) return { yPx: eyes.yPx, heightFraction: ANTHROPOMETRY.eyeHeightFraction };
  const ears = midpoint(pointOf(frame, index, 'left_ear'), pointOf(frame, index, 'right_ear'));
  if (ears) return { yPx: ears.yPx, heightFraction: ANTHROPOMETRY.earHeightFraction };
  const oneEye = pointOf(frame, index, 'left_eye') ?? pointOf(frame, index, 'right_eye');
  if (oneEye) return { yPx: oneEye.yPx, heightFraction: ANTHROPOMETRY.eyeHeightFraction };
  const oneEar = pointOf(frame, index, 'left_ear') ?? pointOf(frame, index, 'right_ear');
  if (oneEar) return { yPx: oneEar.yPx, heightFraction: ANTHROPOMETRY.earHeightFraction };
  const nose = pointOf(frame, index, 'nose');
  if (nose) return { yPx: nose.yPx, heightFraction: ANTHROPOMETRY.noseHeightFraction };
  return null;
}

/**
 * Standing height in pixels from the head reference to the LOWER visible ankle, scaled by the
 * anthropometric fractions (so it includes the top of the head and the foot). Null when the head or
 * both ankles are missing, or the figure is not upright (ankles above the head).
 */
export function standingHeightPx(frame: PoseFrame, index: KeypointIndex): number | null {
  const head = headReference(frame, index);
  const la = pointOf(frame, index, 'left_ankle');
  const ra = pointOf(frame, index, 'right_ankle');
  if (!head || (!la && !ra)) return null;
  const ankleY = Math.max(la ? la.yPx : -Infinity, ra ? ra.yPx : -Infinity);
  const span = ankleY - head.yPx;
  if (!(span > 0)) return null;
  return span / (head.heightFraction - ANTHROPOMETRY.ankleHeightFraction);
}
