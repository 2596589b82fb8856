/**
 * Conventions and tuning constants of the kinematics engine, in one place
 * (shared/design/metrics.md is the reference; each line repeats what matters here).
 *
 * - Image coordinates: pixels, origin top-left, +x right, +y down.
 * - Sides: the subject's anatomical sides as the pose model labels them.
 * - Pelvic obliquity θ = atan2(yLeft − yRight, |xLeft − xRight|) in degrees: + = subject's RIGHT hip higher,
 *   identical from in front and from behind (sign of the vertical difference, magnitude of the horizontal).
 * - Knee flexion = 180° − angle at the knee (hip→knee vs knee→ankle); 0 = straight, + = flexed.
 * - Hip extension (thigh-to-vertical) = angle of hip→knee from the vertical, + = knee behind the hip
 *   (toward where the subject came from). Not the pelvis-relative hip angle of a lab system.
 * - Trunk lateral lean = mid-hip→mid-shoulder from the vertical, + = toward the stance side.
 */

/** Tuning of the pipeline. Frozen: override by spread, never mutate. */
export const KINEMATICS_DEFAULTS = Object.freeze({
  /** Keypoints with a score below this are treated as missing. */
  minScore: 0.25,
  /** Gaps up to this long (s) are interpolated; longer gaps stay gaps (metrics.md). */
  maxGapS: 0.25,
  /** Zero-phase Butterworth low-pass cut-off (Hz), as the video gait literature uses (metrics.md). */
  lowPassHz: 6,
  /** Outlier rejection: Hampel window half-width (s) and threshold in robust SDs. */
  hampelHalfWindowS: 0.1,
  hampelK: 4,
  /** Outliers must also exceed this fraction of the subject's pixel height (jitter is not an outlier). */
  hampelMinBodyFraction: 0.03,
  /** Foot contact: a foot point is stationary when its image speed is below this fraction of the foot's swing speed. */
  contactSpeedFraction: 0.12,
  /** Shortest plausible stance and swing phases (s); shorter contact/swing intervals are merged away. */
  minStanceS: 0.2,
  minSwingS: 0.2,
  /** Standing still: both feet stationary for at least this long (s) and half the walk's stride ends a walking bout. */
  standStillS: 0.5,
  /** Events this close (s) to the start/end of a walking bout are reported but not used for metrics (edge effects). */
  edgeMarginS: 0.2,
  /**
   * The feet unseen (whole body lost) for up to this long (s) inside walking is a gap in the bout, not its end: no
   * stride, step or phase spans it (a step may hide in it), the rest of the bout counts (about half a stride).
   */
  maxBoutGapS: 0.5,
  /** Events this close (s) to such a gap are not used for metrics (the filter's edge effect there). */
  gapEdgeMarginS: 0.1,
  /** A foot strike making a step shorter than this fraction of its bout's median step is dropped from the metrics as spurious. */
  minStepFractionOfMedian: 0.6,
  /**
   * Consecutive strikes of the two feet further apart than this multiple of the walk's median step are a pause (a
   * stop, a hesitation), not a step: the walk is split there and no step or stride spans it.
   */
  maxStepFractionOfMedian: 1.5,
  /**
   * A foot off less than this fraction of the median stride after its own foot's strike (walking stance: 50–75 % of
   * the stride) is dropped as spurious; and one less than minSwingFractionOfStride before its own next strike (walking
   * swing: 25–50 %).
   */
  minStanceFractionOfStride: 0.35,
  minSwingFractionOfStride: 0.2,
  /** Longest plausible stride (s); longer intervals are pauses, not strides. */
  maxStrideS: 2.5,
  /**
   * When at least this fraction of a walk's gait events (and at least 3) were implausible (dropped) or missing (a
   * foot's strike not seen between two of the other's), the report warns that the leg keypoints are unreliable: a
   * pose model mixing up the left and right legs does this (BlazePose lite on a side view, 18 % on the test video;
   * BlazePose full there: none).
   */
  unreliableEventFraction: 0.15,
  /** Eye height as a fraction of stature when upright (Winter, Biomechanics and Motor Control of Human Movement). */
  eyeHeightFraction: 0.936,
  /** Ear height as a fraction of stature when upright (Winter). */
  earHeightFraction: 0.918,
  /** Nose height as a fraction of stature when upright (Winter-based anthropometry). */
  noseHeightFraction: 0.91,
  /** Ankle joint-centre height as a fraction of stature (Winter). */
  ankleHeightFraction: 0.039,
  /**
   * A swing knee peak in a keypoint gap too long for the polynomial bridge, read from other gait cycles (kneeGap.ts
   * KNEE_GAP_PATTERN, typically 1–2° off, up to ~5°): only for a leg with no measured peak, always, or never.
   */
  kneePeakFromOtherCycles: 'whenNoneMeasured' as 'whenNoneMeasured' | 'always' | 'never',
  /** Heel keypoint height above the floor as a fraction of stature (heel marker / model heel point ≈ 3 cm). */
  heelHeightFraction: 0.018,
});

export type KinematicsSettings = typeof KINEMATICS_DEFAULTS;

/** How the report's warning that the chosen view disagrees with the one the keypoints show begins (readers match it). */
export const VIEW_MISMATCH_WARNING = 'the keypoints look like a';

/** How the report's warning that the leg keypoints are unreliable begins (unreliableEventFraction; readers match it). */
export const UNRELIABLE_LEGS_WARNING = 'the leg keypoints look unreliable';

/** Degrees per radian. */
export const DEG = 180 / Math.PI;

/** Flexion (°) at a joint from the image points before (hx, hy), at (kx, ky) and after (ax, ay): 180° − the inner angle; 0 = straight. NaN when a point is. */
export function flexionDeg(hx: number, hy: number, kx: number, ky: number, ax: number, ay: number): number {
  const ux = hx - kx;
  const uy = hy - ky;
  const wx = ax - kx;
  const wy = ay - ky;
  return 180 - Math.atan2(Math.abs(ux * wy - uy * wx), ux * wx + uy * wy) * DEG;
}
