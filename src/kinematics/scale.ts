/**
 * Scale: the subject's height in pixels, for lengths in body heights, and metres from subject.heightM
 * (metrics.md "Step length"). Pixel height = (floor − eye level) ÷ (eye height − heel-point height as
 * fractions of stature, Winter's anthropometry), the floor being the lower heel (ankle) and the eye level
 * from the eyes (else ears, else nose), median over the walking frames. bodyScaleTrend: the body's pixel height
 * over time, for depth-normalised signals (frontal events).
 */
import type { KinematicsSettings } from './conventions.ts';
import type { Side } from './keypoints.ts';
import type { Trajectories } from './trajectories.ts';
import { nanMedian, nanQuantile } from './trajectories.ts';
import { bodyHeightPxPerFrame } from './clean.ts';

/** Subject height in pixels per frame from head and feet; NaN where head or feet are missing. */
export function statureHeightPxPerFrame(tr: Trajectories, s: KinematicsSettings): Float64Array {
  const n = tr.tS.length;
  const out = new Float64Array(n).fill(NaN);
  const p = tr.pts;
  const useHeel = tr.present.has('left_heel');
  const footFrac = useHeel ? s.heelHeightFraction : s.ankleHeightFraction;
  const mean2 = (a: number, b: number): number => (Number.isFinite(a) && Number.isFinite(b) ? (a + b) / 2 : Number.isFinite(a) ? a : b);
  for (let i = 0; i < n; i++) {
    const fl = useHeel ? (p.left_heel.y[i] as number) : (p.left_ankle.y[i] as number);
    const fr = useHeel ? (p.right_heel.y[i] as number) : (p.right_ankle.y[i] as number);
    const floor = Math.max(fl, fr);
    let head = mean2(p.left_eye.y[i] as number, p.right_eye.y[i] as number);
    let frac: number = s.eyeHeightFraction;
    if (!Number.isFinite(head)) {
      head = mean2(p.left_ear.y[i] as number, p.right_ear.y[i] as number);
      frac = s.earHeightFraction;
    }
    if (!Number.isFinite(head)) {
      head = p.nose.y[i] as number;
      frac = s.noseHeightFraction;
    }
    out[i] = (floor - head) / (frac - footFrac);
  }
  return out;
}

/** Scale of the trial: subject height in pixels (median over frames) and, when heightM is given, pixels per metre. */
export interface TrialScale {
  heightPx: number;
  pxPerM: number | null;
  method: string;
  /** 'head': from the head and feet (the primary method); 'segments': no head keypoints, from the trunk and leg segments. */
  source: 'head' | 'segments' | null;
}

/**
 * Fallback scale without head keypoints (head out of frame, or face points below the score threshold): the sum of the
 * trunk, thigh and shank lengths ÷ 0.779 (bodyHeightPxPerFrame). On the motion-capture side views and the real
 * side-view video it reads 1–5 % above the head-based height (joint-centre keypoints, not segment ends), so lengths
 * come out that much short.
 */
export const SEGMENT_SCALE_BIAS_RANGE = '1–5 %';

/** Scale from the head and feet keypoints (sagittal: the subject stays at about one distance from the camera), else from the body segments. */
export function trialScale(tr: Trajectories, s: KinematicsSettings, heightM: number | null): TrialScale {
  let heightPx = nanMedian(statureHeightPxPerFrame(tr, s));
  const foot = tr.present.has('left_heel') ? 'heel' : 'ankle';
  let source: TrialScale['source'] = 'head';
  let method =
    `subject height in pixels = (lower ${foot} − eye level) ÷ (${s.eyeHeightFraction} − ${foot === 'heel' ? s.heelHeightFraction : s.ankleHeightFraction}) ` +
    `(Winter anthropometry), median over frames`;
  if (!Number.isFinite(heightPx)) {
    heightPx = nanMedian(bodyHeightPxPerFrame(tr));
    source = Number.isFinite(heightPx) ? 'segments' : null;
    method =
      'head keypoints not seen: subject height in pixels = (shoulder–hip + hip–knee + knee–ankle) ÷ 0.779 (Winter anthropometry), ' +
      `median over frames (reads ${SEGMENT_SCALE_BIAS_RANGE} high on the motion-capture tests: lengths that much short)`;
  }
  if (heightM) method += `; metres = pixels × ${heightM} m ÷ that height (subject.heightM)`;
  return { heightPx, pxPerM: heightM && Number.isFinite(heightPx) ? heightPx / heightM : null, method, source };
}

/**
 * Side-view perspective of the two feet (stepPerspectiveCorrectionPx): the step width as a fraction of stature, the
 * depth of each heel off the body's midline (≈ 0.1 m in adults walking, Owings & Grabiner 2004, J Biomech 37:935).
 * On the motion-capture side-view tracks (cameras of 65° ± 3°), the correction with a 65° field of view cut the
 * per-step length error from 2.4 to 1.4 cm RMS (worst 5.1 → 2.8 cm) and changed little across 60–75° and 0.04–0.07
 * of stature. Applied only when the caller gives the field of view (AnalyzeOptions.cameraFovDeg).
 */
export const SIDE_VIEW_STEP_WIDTH_STATURE = 0.058;

/**
 * Side view, a step length in pixels at the body's scale: correction (px) to add to dir·(xSide − xOther), the heel-to-
 * heel distance along the walking direction, for a camera of horizontal field of view `fovDeg` (0–180°, else no
 * correction) with its optical axis through the image centre. The scale is measured on the body, whose midline is at
 * depth D; the `near` foot is about half a step width w nearer the camera and the other as much further. A heel at
 * image column x lies at X = (x − cx)·Z/f, read at the body's scale as (x − cx)·D/f: off by (x − cx)·δ/f with
 * δ = Z − D (∓ w/2), which is up to ±5 cm at the image edges.
 */
export function stepPerspectiveCorrectionPx(xSide: number, xOther: number, side: Side, near: Side, dir: number, heightPx: number, imageWidthPx: number, fovDeg: number): number {
  if (!(fovDeg > 0 && fovDeg < 180)) return 0;
  const f = imageWidthPx / 2 / Math.tan(((fovDeg / 2) * Math.PI) / 180);
  const cx = imageWidthPx / 2;
  const halfW = (SIDE_VIEW_STEP_WIDTH_STATURE / 2) * heightPx;
  const depthOff = (s: Side): number => (s === near ? -halfW : halfW);
  const other: Side = side === 'left' ? 'right' : 'left';
  return (dir * (depthOff(side) * (xSide - cx) - depthOff(other) * (xOther - cx))) / f;
}

/**
 * Side view, the foot nearer the camera over samples i0…i1: the one whose ground contacts (90th percentile of the heel's,
 * else the ankle's, image row) lie lower in the image, as floor points nearer a camera above the floor do. When the
 * two differ by less than a pixel: from the walking direction and the labels (walking to screen right, the camera
 * sees the subject's right side), which a whole-track label swap would get wrong.
 */
export function nearFoot(tr: Trajectories, i0: number, i1: number, dir: number): Side {
  const foot = tr.present.has('left_heel') ? 'heel' : 'ankle';
  const ground = (side: Side): number => nanQuantile(tr.pts[`${side}_${foot}`].y.subarray(i0, i1 + 1), 0.9);
  const d = ground('left') - ground('right');
  if (Math.abs(d) >= 1) return d > 0 ? 'left' : 'right';
  return dir > 0 ? 'right' : 'left';
}

/**
 * Smooth body scale (pixels) from per-frame body heights `v` on an even grid: at knots every few samples, a
 * least-squares line through the window's samples within ±20 % of the window median (a glitch cannot pull it),
 * evaluated at the knot, then linear interpolation between knots. A line, not a median, because the subject's
 * pixel height changes steadily when walking toward or away from the camera: a held or edge-truncated median lags
 * that trend and puts steps into depth-normalised signals (false extrema near the events). The window is ±half
 * samples, one-sided at the ends (a line fit there stays unbiased for a steady trend). NaN → the overall median.
 */
export function bodyScaleTrend(v: Float64Array, half: number): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  const all = nanMedian(v);
  if (!Number.isFinite(all)) return out.fill(NaN);
  const stride = Math.max(1, Math.floor(half / 8));
  // The window's finite samples (every stride-th from its start), kept sorted as the knots advance: a knot a stride
  // on drops the samples before its start and adds those after the last one's end (O(window) per knot, no sort).
  // Finite body heights (never −0): the same sorted values as sorting the window.
  const win = new SortedWindow(v, stride, Math.floor((2 * half) / stride) + 2);
  let prevI = -1;
  let prevV = NaN;
  for (let i = 0; i < n; i += stride) {
    const y = trendAt(v, i, half, stride, win);
    fillKnots(out, prevI, prevV, i, y, all);
    prevI = i;
    prevV = y;
  }
  if (prevI !== n - 1) fillKnots(out, prevI, prevV, n - 1, trendAt(v, n - 1, half, stride, win), all);
  return out;
}

/**
 * bodyScaleTrend's value at knot i: the median of the window's samples (`win` moved there), then the least-squares
 * line through those within ±20 % of it, evaluated at i (the median when fewer than 3 or no spread). A top-level
 * function: it runs for every knot, and a closure made per call was compiled anew every analysis.
 */
function trendAt(v: Float64Array, i: number, half: number, stride: number, win: SortedWindow): number {
  const n = v.length;
  const a = Math.max(0, i - half);
  const b = Math.min(n - 1, i + half);
  win.moveTo(a, b);
  const m = win.m;
  if (m === 0) return NaN;
  const med = win.buf[m >> 1] as number;
  let c = 0, sk = 0, sx = 0, skk = 0, skx = 0;
  for (let k = a; k <= b; k += stride) {
    const x = v[k] as number;
    if (!(Math.abs(x - med) <= 0.2 * med)) continue;
    const d = k - i;
    c++; sk += d; sx += x; skk += d * d; skx += d * x;
  }
  const den = c * skk - sk * sk;
  if (c < 3 || !(den > 0)) return med;
  const slope = (c * skx - sk * sx) / den;
  return (sx - slope * sk) / c; // the line at d = 0
}

/**
 * The finite values of v[a], v[a + stride], … ≤ v[b], ascending in buf[0 … m), for windows that move forward: moveTo
 * drops the samples before the new start and adds those up to the new end when the new start lies on the same
 * lattice (a multiple of stride on) within the old window and the end does not move back, else refills.
 */
class SortedWindow {
  buf: Float64Array;
  m = 0;
  private a = 0;
  private b = -1;

  constructor(private readonly v: Float64Array, private readonly stride: number, capacity: number) {
    this.buf = new Float64Array(capacity);
  }

  moveTo(a: number, b: number): void {
    const { v, stride } = this;
    if (a < this.a || (a - this.a) % stride !== 0 || a > this.b || b < this.b) {
      this.m = 0;
      this.a = a;
      this.b = a - stride;
    }
    for (let k = this.a; k < a; k += stride) this.remove(v[k] as number);
    this.a = a;
    let k = this.b + stride;
    for (; k <= b; k += stride) this.insert(v[k] as number);
    this.b = k - stride;
  }

  private insert(x: number): void {
    if (x - x !== 0) return;
    const buf = this.buf;
    let q = this.m - 1;
    while (q >= 0 && (buf[q] as number) > x) {
      buf[q + 1] = buf[q] as number;
      q--;
    }
    buf[q + 1] = x;
    this.m++;
  }

  private remove(x: number): void {
    if (x - x !== 0) return;
    const buf = this.buf;
    const m = this.m;
    let q = 0;
    while ((buf[q] as number) !== x) q++;
    for (; q < m - 1; q++) buf[q] = buf[q + 1] as number;
    this.m = m - 1;
  }
}

/** Linear interpolation of out(i0 … i1] between knot values y0 at i0 and y1 at i1 (a NaN knot: the other, or `fallback`). */
function fillKnots(out: Float64Array, i0: number, y0: number, i1: number, y1: number, fallback: number): void {
  const a = Number.isFinite(y0) ? y0 : Number.isFinite(y1) ? y1 : fallback;
  const b = Number.isFinite(y1) ? y1 : a;
  if (i0 < 0) {
    out[i1] = b;
    return;
  }
  for (let i = i0 + 1; i <= i1; i++) out[i] = a + ((b - a) * (i - i0)) / (i1 - i0);
}
