/**
 * View and direction detection from the keypoints (overridable by the caller): sagittal when the two
 * shoulders (or hips) nearly overlap horizontally, frontal when they are well apart relative to the trunk.
 */
import type { View } from './types.ts';
import type { Trajectories } from './trajectories.ts';
import { indexRange, nanMedian } from './trajectories.ts';

/** Shoulder (or hip) horizontal separation ÷ trunk length above which the view is frontal (frontal ≈ 0.6–0.8, sagittal ≈ 0–0.2). */
const FRONTAL_WIDTH_RATIO = 0.35;

/**
 * A view given by the caller that the keypoints clearly contradict: shoulder width ratio below SURE_SAGITTAL_RATIO for
 * a frontal view, or above SURE_FRONTAL_RATIO for a sagittal one (between them an oblique camera may be either).
 * Measured: side views 0.08–0.13 (motion-capture tracks), 0.15–0.19 (walk-side-indoor.mp4, four pose models), 0.22
 * (synthetic walker); front/back views 0.57–0.63.
 */
export const SURE_SAGITTAL_RATIO = 0.25;
export const SURE_FRONTAL_RATIO = 0.5;

/** Decides the view from the keypoints; null when the body is never seen. */
export function detectView(tr: Trajectories): View | null {
  const r = viewWidthRatio(tr);
  if (!Number.isFinite(r)) return null;
  return r > FRONTAL_WIDTH_RATIO ? 'frontal' : 'sagittal';
}

/**
 * The view the keypoints clearly show when it is not `given` (see SURE_SAGITTAL_RATIO), with the median shoulder
 * width ÷ trunk length; null when they agree or are unclear.
 */
export function contradictedView(tr: Trajectories, given: View): { view: View; widthRatio: number } | null {
  const r = viewWidthRatio(tr);
  if (given === 'frontal' && r < SURE_SAGITTAL_RATIO) return { view: 'sagittal', widthRatio: r };
  if (given === 'sagittal' && r > SURE_FRONTAL_RATIO) return { view: 'frontal', widthRatio: r };
  return null;
}

/** Median over frames of the shoulder (or 1.8 × hip) horizontal separation ÷ trunk length; NaN when never seen. */
export function viewWidthRatio(tr: Trajectories): number {
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
  return nanMedian(ratios);
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
