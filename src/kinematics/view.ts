/**
 * View and direction detection from the keypoints (overridable by the caller): sagittal when the two
 * shoulders (or hips) nearly overlap horizontally, frontal when they are well apart relative to the trunk.
 */
import type { View } from './types.ts';
import type { Trajectories } from './trajectories.ts';
import { indexRange, nanMedian } from './trajectories.ts';

/** Shoulder (or hip) horizontal separation ÷ trunk length above which the view is frontal (frontal ≈ 0.6–0.8, sagittal ≈ 0–0.2). */
const FRONTAL_WIDTH_RATIO = 0.35;

/** Decides the view from the keypoints; null when the body is never seen. */
export function detectView(tr: Trajectories): View | null {
  const n = tr.tS.length;
  const ratios = new Float64Array(n).fill(NaN);
  const p = tr.pts;
  for (let i = 0; i < n; i++) {
    const msx = ((p.left_shoulder.x[i] as number) + (p.right_shoulder.x[i] as number)) / 2;
    const msy = ((p.left_shoulder.y[i] as number) + (p.right_shoulder.y[i] as number)) / 2;
    const mhx = ((p.left_hip.x[i] as number) + (p.right_hip.x[i] as number)) / 2;
    const mhy = ((p.left_hip.y[i] as number) + (p.right_hip.y[i] as number)) / 2;
    const trunk = Math.hypot(msx - mhx, msy - mhy);
    const sw = Math.abs((p.left_shoulder.x[i] as number) - (p.right_shoulder.x[i] as number));
    const hw = Math.abs((p.left_hip.x[i] as number) - (p.right_hip.x[i] as number)) * 1.8; // hips are ≈ half as wide as shoulders
    const w = Number.isFinite(sw) ? sw : hw;
    ratios[i] = w / trunk;
  }
  const r = nanMedian(ratios);
  if (!Number.isFinite(r)) return null;
  return r > FRONTAL_WIDTH_RATIO ? 'frontal' : 'sagittal';
}

/**
 * Frontal view: +1 when the subject's left side appears on screen right (subject faces the camera, i.e.
 * walks toward it when walking forward), −1 when on screen left (seen from behind). Uses the labels, which
 * the pose model gives per anatomical side. Frames i0..i1 (default: all).
 */
export function frontalLeftScreenSign(tr: Trajectories, i0 = 0, i1 = tr.tS.length - 1): number {
  const d = new Float64Array(Math.max(0, i1 - i0 + 1));
  for (let i = i0; i <= i1; i++) {
    const hips = (tr.pts.left_hip.x[i] as number) - (tr.pts.right_hip.x[i] as number);
    const sh = (tr.pts.left_shoulder.x[i] as number) - (tr.pts.right_shoulder.x[i] as number);
    d[i - i0] = Number.isFinite(sh) ? sh + hips : hips;
  }
  return nanMedian(d) >= 0 ? 1 : -1;
}

/** Sign of the pelvis's horizontal travel between times [t0, t1] (+1 = left-to-right on screen), 0 when unknown. */
export function horizontalDirection(tr: Trajectories, t0: number, t1: number): number {
  const lx = tr.pts.left_hip.x;
  const rx = tr.pts.right_hip.x;
  const tS = tr.tS;
  const [i0, i1] = indexRange(tS, t0, t1);
  let first = NaN;
  let last = NaN;
  for (let i = i0; i <= i1; i++) {
    const m = ((lx[i] as number) + (rx[i] as number)) / 2;
    if (m - m !== 0) continue;
    if (first !== first) first = m;
    last = m;
  }
  const d = last - first;
  return Number.isFinite(d) && d !== 0 ? Math.sign(d) : 0;
}
