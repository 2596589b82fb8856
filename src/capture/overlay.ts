/**
 * Draws a pose (one frame of keypoints in image pixels) on a canvas laid over a video.
 * Left and right are the SUBJECT's sides; colours follow them, not the screen.
 */
import type { KeypointSet } from '../kinematics/keypoints.ts';
import { KEYPOINT_NAMES } from '../kinematics/keypoints.ts';
import type { KeypointTuple } from '../kinematics/types.ts';

/** Bones as pairs of keypoint names (named, not positional). */
const BONES: readonly (readonly [string, string])[] = [
  ['left_shoulder', 'right_shoulder'],
  ['left_hip', 'right_hip'],
  ['left_shoulder', 'left_hip'],
  ['right_shoulder', 'right_hip'],
  ['left_shoulder', 'left_elbow'],
  ['left_elbow', 'left_wrist'],
  ['right_shoulder', 'right_elbow'],
  ['right_elbow', 'right_wrist'],
  ['left_hip', 'left_knee'],
  ['left_knee', 'left_ankle'],
  ['right_hip', 'right_knee'],
  ['right_knee', 'right_ankle'],
  ['left_ankle', 'left_heel'],
  ['left_heel', 'left_foot_index'],
  ['left_ankle', 'left_foot_index'],
  ['right_ankle', 'right_heel'],
  ['right_heel', 'right_foot_index'],
  ['right_ankle', 'right_foot_index'],
  ['nose', 'left_eye'],
  ['nose', 'right_eye'],
  ['left_eye', 'left_ear'],
  ['right_eye', 'right_ear'],
];

/** Overlay colours: subject's left, right, and the midline. */
export const OVERLAY_COLOURS = Object.freeze({ left: '#ffb000', right: '#1e88ff', centre: '#ffffff', strike: '#e0115f' });

/** Drawing options: `minScore` 0..1 hides unsure points; `mirror` flips the drawing for a mirrored preview. */
export interface OverlayOptions {
  minScore?: number;
  mirror?: boolean;
  /** Highlight a foot (subject side) with a ring, e.g. at a foot strike. */
  strike?: 'left' | 'right' | null;
}

const DEFAULTS: Required<OverlayOptions> = { minScore: 0.3, mirror: false, strike: null };

function sideOf(name: string): 'left' | 'right' | 'centre' {
  if (name.startsWith('left_')) return 'left';
  if (name.startsWith('right_')) return 'right';
  return 'centre';
}

/**
 * Clears `canvas` and draws `keypoints` (image pixels of an image `imageWidthPx` × `imageHeightPx`)
 * scaled to the canvas. Returns how many keypoints were drawn.
 */
export function drawPose(
  canvas: HTMLCanvasElement,
  keypoints: readonly KeypointTuple[] | null,
  keypointSet: KeypointSet,
  imageWidthPx: number,
  imageHeightPx: number,
  options: OverlayOptions = {},
): number {
  const o = { ...DEFAULTS, ...options };
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!keypoints || imageWidthPx <= 0 || imageHeightPx <= 0) return 0;
  const sx = canvas.width / imageWidthPx;
  const sy = canvas.height / imageHeightPx;
  if (o.mirror) ctx.setTransform(-sx, 0, 0, sy, canvas.width, 0);
  else ctx.setTransform(sx, 0, 0, sy, 0, 0);
  const names = KEYPOINT_NAMES[keypointSet];
  const index = new Map<string, number>(names.map((n, i) => [n, i]));
  const at = (name: string): [number, number] | null => {
    const i = index.get(name);
    const k = i === undefined ? undefined : keypoints[i];
    if (!k || k[0] === null || k[1] === null || k[2] < o.minScore) return null;
    return [k[0], k[1]];
  };
  const unit = 1 / Math.max(sx, 1e-6);
  ctx.lineCap = 'round';
  ctx.lineWidth = 4 * unit;
  for (const [a, b] of BONES) {
    const pa = at(a);
    const pb = at(b);
    if (!pa || !pb) continue;
    const sa = sideOf(a);
    ctx.strokeStyle = sa === sideOf(b) ? OVERLAY_COLOURS[sa] : OVERLAY_COLOURS.centre;
    ctx.beginPath();
    ctx.moveTo(pa[0], pa[1]);
    ctx.lineTo(pb[0], pb[1]);
    ctx.stroke();
  }
  let drawn = 0;
  ctx.lineWidth = 1.5 * unit;
  ctx.strokeStyle = '#000';
  for (const name of names) {
    const p = at(name);
    if (!p) continue;
    drawn++;
    ctx.fillStyle = OVERLAY_COLOURS[sideOf(name)];
    ctx.beginPath();
    ctx.arc(p[0], p[1], 5 * unit, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  if (o.strike) {
    const p = at(`${o.strike}_heel`) ?? at(`${o.strike}_ankle`);
    if (p) {
      ctx.strokeStyle = OVERLAY_COLOURS.strike;
      ctx.lineWidth = 5 * unit;
      ctx.beginPath();
      ctx.arc(p[0], p[1], 22 * unit, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }
  return drawn;
}
