/**
 * Keypoint noise measured from the data: the white-noise SD of a series from its second differences (whiteNoiseSd),
 * and a track's frame-to-frame keypoint noise in body heights (keypointNoiseBodyHeights), which the report states
 * and the obliquity estimator corrects for.
 */
import { type Trajectories, nanMedian, quantileSorted } from './trajectories.ts';

/**
 * White-noise SD of an evenly sampled series, from its second differences x[i−1] − 2x[i] + x[i+1] over three
 * consecutive finite samples (variance 6σ² for white noise; a smooth gait signal adds little at video frame rates:
 * a 4° obliquity wave at 1 Hz, 0.15° at 30 fps): robust SD (MAD ÷ 0.6745) ÷ √6. Needs only short runs of samples,
 * so keypoint dropouts do not bias it (a low-pass residual did: short runs are left unfiltered or over-fitted).
 * NaN when fewer than 10 triples.
 */
export function whiteNoiseSd(v: Float64Array): number {
  const d = new Float64Array(Math.max(0, v.length - 2));
  let c = 0;
  for (let i = 1; i + 1 < v.length; i++) {
    const x = (v[i - 1] as number) - 2 * (v[i] as number) + (v[i + 1] as number);
    if (x - x === 0) d[c++] = Math.abs(x);
  }
  if (c < 10) return NaN;
  // The median by selection (nanMedian: the same order statistics and interpolation as sorting, in linear time).
  return nanMedian(d.subarray(0, c)) / 0.6745 / Math.sqrt(6);
}

/**
 * Frame-to-frame keypoint noise of a track in body heights: the median over the hips' and shoulders' image rows of
 * whiteNoiseSd ÷ `bodyPx` (the subject's median pixel height). The trunk moves slowly up and down, so at video
 * frame rates its second differences are mostly noise. Measured: 0.0006 on the clean motion-capture tracks (their
 * coordinates are rounded to 0.1 px), 0.0036–0.0055 on their jitter variants (made with 0.005), 0.0015–0.0027 with
 * BlazePose on the real side-view video. NaN when unknown.
 */
export function keypointNoiseBodyHeights(tr: Trajectories, bodyPx: number): number {
  const v: number[] = [];
  for (const j of ['left_hip', 'right_hip', 'left_shoulder', 'right_shoulder'] as const) {
    if (!tr.present.has(j)) continue;
    const s = whiteNoiseSd(tr.pts[j].y) / bodyPx;
    if (Number.isFinite(s)) v.push(s);
  }
  v.sort((a, b) => a - b);
  return v.length ? quantileSorted(v, 0.5) : NaN;
}
