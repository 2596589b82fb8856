/**
 * Scale: the subject's height in pixels, for lengths in body heights, and metres from subject.heightM
 * (metrics.md "Step length"). Pixel height = (floor − eye level) ÷ (eye height − heel-point height as
 * fractions of stature, Winter's anthropometry), the floor being the lower heel (ankle) and the eye level
 * from the eyes (else ears, else nose), median over the walking frames.
 */
import type { KinematicsSettings } from './conventions.ts';
import type { Trajectories } from './trajectories.ts';
import { nanMedian } from './trajectories.ts';

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
}

/** Scale from the head and feet keypoints (sagittal: the subject stays at about one distance from the camera). */
export function trialScale(tr: Trajectories, s: KinematicsSettings, heightM: number | null): TrialScale {
  const heightPx = nanMedian(statureHeightPxPerFrame(tr, s));
  const foot = tr.present.has('left_heel') ? 'heel' : 'ankle';
  const method =
    `subject height in pixels = (lower ${foot} − eye level) ÷ (${s.eyeHeightFraction} − ${foot === 'heel' ? s.heelHeightFraction : s.ankleHeightFraction}) ` +
    `(Winter anthropometry), median over frames` + (heightM ? `; metres = pixels × ${heightM} m ÷ that height (subject.heightM)` : '');
  return { heightPx, pxPerM: heightM && Number.isFinite(heightPx) ? heightPx / heightM : null, method };
}
