/**
 * Keypoint sets of the pose models, as named by @tensorflow-models/pose-detection.
 * Index-based tables: don't change the order.
 */
export const BLAZEPOSE_33 = [
  'nose', 'left_eye_inner', 'left_eye', 'left_eye_outer', 'right_eye_inner', 'right_eye', 'right_eye_outer',
  'left_ear', 'right_ear', 'mouth_left', 'mouth_right', 'left_shoulder', 'right_shoulder', 'left_elbow',
  'right_elbow', 'left_wrist', 'right_wrist', 'left_pinky', 'right_pinky', 'left_index', 'right_index',
  'left_thumb', 'right_thumb', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
  'left_heel', 'right_heel', 'left_foot_index', 'right_foot_index',
] as const;

/** COCO / MoveNet 17 keypoints. Don't change the order. */
export const COCO_17 = [
  'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder', 'left_elbow',
  'right_elbow', 'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle',
  'right_ankle',
] as const;

export type BlazePoseName = (typeof BLAZEPOSE_33)[number];
export type CocoName = (typeof COCO_17)[number];
/** Any keypoint name of either set. */
export type KeypointName = BlazePoseName | CocoName;

export type KeypointSet = 'blazepose33' | 'coco17';

/** The ordered names of a keypoint set. */
export const KEYPOINT_NAMES: Readonly<Record<KeypointSet, readonly KeypointName[]>> = Object.freeze({
  blazepose33: BLAZEPOSE_33,
  coco17: COCO_17,
});

/** Anatomical side of the subject (never the screen's). */
export type Side = 'left' | 'right';
export const SIDES: readonly Side[] = ['left', 'right'];
export const otherSide = (s: Side): Side => (s === 'left' ? 'right' : 'left');

/**
 * Swaps left_/right_ in a keypoint name (used for mirroring and label-swap repair).
 * 'nose' → 'nose', 'left_knee' → 'right_knee'.
 */
export function mirrorName(name: string): string {
  if (name.startsWith('left_')) return `right_${name.slice(5)}`;
  if (name.startsWith('right_')) return `left_${name.slice(6)}`;
  if (name === 'mouth_left') return 'mouth_right';
  if (name === 'mouth_right') return 'mouth_left';
  return name;
}
