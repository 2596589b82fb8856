/**
 * Motion of the floor under the feet in the image. Overground with a fixed camera a planted foot stands still in
 * the image, which the event detectors rely on; on a treadmill the belt carries the stance foot back while the body
 * stays in place (and a camera panning to follow the walker makes the floor slide the same way). The stance foot's
 * image velocity measures that motion: in a level pinhole camera a floor point's image velocity is
 * (u, 0) + k·(p − c) (u: the floor sliding across the image, k: its expansion rate about the horizon point c as it
 * comes nearer, k < 0 as it recedes). `groundMotion` estimates u and k as the most common image velocity of the foot
 * points (a foot moves with the floor through most of its stance); `toGroundFrame` re-expresses a side view in the
 * floor's frame (x − u·t), where the walk looks like overground walking and every later step (events, bouts,
 * direction, speed) applies unchanged; `groundVelocityAt` gives the floor's image velocity under a point, for foot
 * speeds relative to the floor in a frontal view, where moving depth cannot be undone by a shift.
 */
import { finiteSorted, footPoints, nanMedian, nanQuantile, type Joint, type Trajectories } from './trajectories.ts';

/** The floor's image motion (see the module note) and how it compares with the feet's swing. */
export interface GroundMotion {
  /** Horizontal image velocity of the floor (px / s; + = toward screen right). */
  uPxPerS: number;
  /** Expansion rate of the floor's image about the horizon point (1 / s; + = coming nearer). */
  kPerS: number;
  /** Horizon point (px): image centre column, horizon row of a level camera. */
  cx: number;
  cy: number;
  /** Speed of the floor under the stance foot ÷ the foot's swing speed (both in the image); ≈ 0 overground. */
  speedFraction: number;
  /** Speed of the floor under the stance foot in body heights / s. */
  speedBodyHeightsPerS: number;
  /** True when the floor moves enough to matter (MOVING_GROUND_FRACTION of the swing speed). */
  moving: boolean;
}

/**
 * Floor speed ÷ swing speed above which the floor counts as moving. Overground the stance foot's median image speed is
 * ≈ 0 (keypoint noise averages out); on a treadmill it is the belt speed, about 0.3–0.5 of the swing foot's
 * (95th-percentile) image speed; a camera panning with the walker gives the same.
 */
export const MOVING_GROUND_FRACTION = 0.15;

/** Fraction of a foot point's samples the densest interval holds (the stance plateau is 40–60 % of the cycle). */
const MODE_FRACTION = 0.3;

/** Frames read at most (per foot point) for the estimate. */
const MAX_FRAMES_READ = 6000;

/** Mode of a sample: the midpoint of the shortest interval holding `fraction` of the finite values (the shorth). */
export function shorthMode(values: ArrayLike<number>, fraction: number): number {
  const a = finiteSorted(values);
  if (a.length === 0) return NaN;
  const m = Math.max(1, Math.ceil(fraction * a.length));
  let best = 0;
  for (let i = 1; i + m - 1 < a.length; i++) if ((a[i + m - 1] as number) - (a[i] as number) < (a[best + m - 1] as number) - (a[best] as number)) best = i;
  return ((a[best] as number) + (a[best + m - 1] as number)) / 2;
}

/**
 * Estimates the floor's image motion from the evenly sampled trajectories (`bodyPx`: the subject's pixel height per
 * frame; `imageWidthPx`, `horizonRowPx`: the image centre column and the horizon row of a level camera). A foot point
 * moves with the floor through most of its stance, so the floor's motion is the mode (most common value) of the foot
 * points' image velocity: k from the vertical velocity ÷ the row below the horizon, then u from the horizontal
 * velocity less k's share. In a side view (`expands` false) the walk crosses the image and the floor does not come
 * nearer or recede: k = 0, and u alone depends on neither where the walker is in the image nor the image's scale
 * (a k read from the stance feet's noise near the horizon row once took an overground walk for a treadmill).
 */
export function groundMotion(tr: Trajectories, bodyPx: Float64Array, imageWidthPx: number, horizonRowPx: number, expands = true): GroundMotion {
  const n = tr.tS.length;
  const cx = imageWidthPx / 2;
  const cy = horizonRowPx;
  const none: GroundMotion = { uPxPerS: 0, kPerS: 0, cx, cy, speedFraction: 0, speedBodyHeightsPerS: 0, moving: false };
  if (n < 5) return none;
  const dtS = ((tr.tS[n - 1] as number) - (tr.tS[0] as number)) / (n - 1);
  // A mode needs no more than a few thousand samples per point: long tracks are read every `step`-th frame.
  const step = Math.max(1, Math.floor(n / MAX_FRAMES_READ));
  const points = [...footPoints(tr, 'left'), ...footPoints(tr, 'right')];
  const cap = points.length * Math.ceil(n / step);
  const px = new Float64Array(cap);
  const py = new Float64Array(cap);
  const vx = new Float64Array(cap);
  const vy = new Float64Array(cap);
  const body = new Float64Array(cap);
  let m = 0;
  for (const j of points) {
    const { x, y } = tr.pts[j];
    for (let i = 1; i < n - 1; i += step) {
      const ux = ((x[i + 1] as number) - (x[i - 1] as number)) / (2 * dtS);
      const uy = ((y[i + 1] as number) - (y[i - 1] as number)) / (2 * dtS);
      const b = bodyPx[i] as number;
      if (!(Number.isFinite(ux) && Number.isFinite(uy) && b > 0)) continue;
      px[m] = x[i] as number;
      py[m] = y[i] as number;
      vx[m] = ux;
      vy[m] = uy;
      body[m] = b;
      m++;
    }
  }
  if (m < 10) return none;
  const kS = new Float64Array(m).fill(NaN);
  let nk = 0;
  for (let i = 0; i < m; i++) {
    const dy = (py[i] as number) - cy;
    if (Math.abs(dy) > 0.05 * (body[i] as number)) {
      kS[i] = (vy[i] as number) / dy;
      nk++;
    }
  }
  const kPerS = expands && nk >= 10 ? shorthMode(kS, MODE_FRACTION) : 0;
  const uBody = new Float64Array(m);
  for (let i = 0; i < m; i++) uBody[i] = ((vx[i] as number) - kPerS * ((px[i] as number) - cx)) / (body[i] as number);
  const uPxPerS = shorthMode(uBody, MODE_FRACTION) * nanMedian(body.subarray(0, m));
  // Floor speed under the feet and the feet's swing speed, body heights / s.
  const floor = { uPxPerS, kPerS, cx, cy };
  const speeds = new Float64Array(m);
  const swing = new Float64Array(m);
  const g: [number, number] = [0, 0]; // reused: no array per sample
  for (let i = 0; i < m; i++) {
    const b = body[i] as number;
    groundVelocityAt(floor, px[i] as number, py[i] as number, g);
    speeds[i] = Math.hypot(g[0], g[1]) / b;
    swing[i] = Math.hypot(vx[i] as number, vy[i] as number) / b;
  }
  const speedBodyHeightsPerS = nanMedian(speeds);
  const swingSpeed = nanQuantile(swing, 0.95);
  const speedFraction = swingSpeed > 0 ? speedBodyHeightsPerS / swingSpeed : 0;
  return { ...floor, speedFraction, speedBodyHeightsPerS, moving: speedFraction > MOVING_GROUND_FRACTION };
}

/** Re-expresses a side view in the floor's frame in place: x − u·(t − t₀) for every point, so a planted foot stands still. */
export function toGroundFrame(tr: Trajectories, g: GroundMotion): void {
  const t0 = tr.tS[0] as number;
  for (const j of Object.keys(tr.pts) as Joint[]) {
    const x = tr.pts[j].x;
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) - g.uPxPerS * ((tr.tS[i] as number) - t0);
  }
}

/** Image velocity (px / s) of the floor under image point (x, y). */
export function groundVelocityAt(g: Pick<GroundMotion, 'uPxPerS' | 'kPerS' | 'cx' | 'cy'>, x: number, y: number, out: [number, number] = [0, 0]): [number, number] {
  out[0] = g.uPxPerS + g.kPerS * (x - g.cx);
  out[1] = g.kPerS * (y - g.cy);
  return out;
}
