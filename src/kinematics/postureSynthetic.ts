/**
 * Synthetic standing figures with known posture, for tests (BlazePose-33 keypoints, image pixels).
 * Body proportions as fractions of stature (Drillis & Contini 1966); exact by construction, so a
 * figure built with a 3° pelvic tilt must measure 3°.
 */
import { BLAZEPOSE_33, mirrorName } from './keypoints.ts';
import type { KeypointTuple, PoseFrame } from './types.ts';

/** Options of a synthetic standing figure. Angles in degrees, lengths in body heights; + = the subject's right higher / toward the right. */
export interface StandingFigureOptions {
  /** Camera position: 'front' (subject faces the camera), 'back' (camera behind), 'side' (subject faces +x or −x by `facing`). */
  view?: 'front' | 'back' | 'side';
  /** Side view only: +1 = subject faces +x. */
  facing?: 1 | -1;
  heightPx?: number;
  /** Image x of the body's midline, and y of the floor, in pixels. */
  centerXPx?: number;
  floorYPx?: number;
  pelvicTiltDeg?: number;
  shoulderTiltDeg?: number;
  headTiltDeg?: number;
  trunkShiftBodyHeights?: number;
  /** Side view: angle at the shoulder between horizontal and the ear (90 = ear above the shoulder). */
  forwardHeadDeg?: number;
  /** Side view: trunk forward lean from vertical. */
  trunkForwardLeanDeg?: number;
  /** Raises this ankle (and knee) by `liftBodyHeights` (single-leg stance). */
  liftedSide?: 'left' | 'right' | null;
  liftBodyHeights?: number;
  /** Whole-image roll of the camera, degrees (+ = image content rotated clockwise on screen). */
  cameraRollDeg?: number;
  score?: number;
  t?: number;
}

const rad = (d: number): number => (d * Math.PI) / 180;

/** A standing figure as one pose frame, with the keypoint names it uses (BlazePose 33). */
export function makeStandingFigure(opts: StandingFigureOptions = {}): { frame: PoseFrame; names: readonly string[] } {
  const o = {
    view: 'front' as const,
    facing: 1 as const,
    heightPx: 800,
    centerXPx: 500,
    floorYPx: 950,
    pelvicTiltDeg: 0,
    shoulderTiltDeg: 0,
    headTiltDeg: 0,
    trunkShiftBodyHeights: 0,
    forwardHeadDeg: 75,
    trunkForwardLeanDeg: 0,
    liftedSide: null,
    liftBodyHeights: 0.1,
    cameraRollDeg: 0,
    score: 0.9,
    t: 0,
    ...opts,
  };
  // Body frame: u = lateral (+ = subject's right) or forward (side view), z = height above the floor; both in body heights.
  const pts = new Map<string, [number, number]>();
  const side = o.view === 'side';
  const pair = (name: string, halfWidth: number, z: number, tiltDeg: number, shift = 0): void => {
    // Right point higher for + tilt.
    const dz = halfWidth * Math.tan(rad(tiltDeg));
    pts.set(`right_${name}`, [shift + (side ? 0 : halfWidth), z + dz]);
    pts.set(`left_${name}`, [shift - (side ? 0 : halfWidth), z - dz]);
  };
  const s = o.trunkShiftBodyHeights;
  const hipZ = 0.53;
  pair('hip', 0.06, hipZ, o.pelvicTiltDeg);
  let shoulderU = s;
  let shoulderZ = 0.818;
  if (side) {
    const trunk = 0.288;
    shoulderU = trunk * Math.sin(rad(o.trunkForwardLeanDeg));
    shoulderZ = hipZ + trunk * Math.cos(rad(o.trunkForwardLeanDeg));
  }
  pair('shoulder', 0.13, shoulderZ, o.shoulderTiltDeg, shoulderU);
  let headU = s;
  let headZ = 0.93;
  if (side) {
    const neck = 0.11;
    headU = shoulderU + neck * Math.cos(rad(o.forwardHeadDeg));
    headZ = shoulderZ + neck * Math.sin(rad(o.forwardHeadDeg));
  }
  pair('ear', 0.07, headZ, o.headTiltDeg, headU);
  pair('eye', 0.032, headZ + 0.006, o.headTiltDeg, side ? headU + 0.07 : headU);
  pair('eye_inner', 0.018, headZ + 0.006, o.headTiltDeg, side ? headU + 0.07 : headU);
  pair('eye_outer', 0.045, headZ + 0.006, o.headTiltDeg, side ? headU + 0.065 : headU);
  pts.set('nose', [side ? headU + 0.09 : headU, headZ - 0.01]);
  pts.set('mouth_right', [side ? headU + 0.08 : headU + 0.02, headZ - 0.035]);
  pts.set('mouth_left', [side ? headU + 0.08 : headU - 0.02, headZ - 0.035]);
  pair('elbow', 0.17, 0.63, 0, shoulderU * 0.5);
  pair('wrist', 0.18, 0.485, 0, 0);
  for (const f of ['pinky', 'index', 'thumb']) pair(f, 0.185, 0.45, 0, 0);
  pair('knee', 0.06, 0.285, 0);
  pair('ankle', 0.06, 0.039, 0);
  pair('heel', 0.06, 0.01, 0, side ? -0.03 : 0);
  pair('foot_index', 0.06, 0.005, 0, side ? 0.1 : 0);
  if (o.liftedSide) {
    for (const part of ['knee', 'ankle', 'heel', 'foot_index']) {
      const key = `${o.liftedSide}_${part}`;
      const p = pts.get(key) as [number, number];
      pts.set(key, [p[0], p[1] + (part === 'knee' ? o.liftBodyHeights / 2 : o.liftBodyHeights)]);
    }
  }
  // To image: front view puts the subject's right at smaller x; back view at larger x; side view: forward = facing.
  const lateralSign = o.view === 'front' ? -1 : o.view === 'back' ? 1 : o.facing;
  const cos = Math.cos(rad(o.cameraRollDeg));
  const sin = Math.sin(rad(o.cameraRollDeg));
  const pivotY = o.floorYPx - o.heightPx / 2;
  const keypoints: KeypointTuple[] = BLAZEPOSE_33.map((name) => {
    const p = pts.get(name);
    if (!p) return [null, null, 0];
    const x0 = o.centerXPx + p[0] * lateralSign * o.heightPx;
    const y0 = o.floorYPx - p[1] * o.heightPx;
    const dx = x0 - o.centerXPx;
    const dy = y0 - pivotY;
    return [o.centerXPx + dx * cos - dy * sin, pivotY + dx * sin + dy * cos, o.score];
  });
  return { frame: { t: o.t, keypoints }, names: BLAZEPOSE_33 };
}

/** Mirrors a frame horizontally in an image `widthPx` wide AND swaps left/right labels (the "mirrored input" of the tests). */
export function mirrorFrameSwapLabels(frame: PoseFrame, names: readonly string[], widthPx: number): PoseFrame {
  const at = new Map(names.map((n, i) => [n, i] as const));
  const keypoints = names.map((name): KeypointTuple => {
    const src = frame.keypoints[at.get(mirrorName(name)) ?? -1];
    if (!src || src[0] === null) return src ? [src[0], src[1], src[2]] : [null, null, 0];
    return [widthPx - src[0], src[1], src[2]];
  });
  return { ...frame, keypoints };
}
