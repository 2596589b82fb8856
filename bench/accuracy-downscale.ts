/**
 * Does feeding the model smaller images cost keypoint accuracy? BlazePose full in Node on
 * tfjs-pose_squats.mp4 (720×1280) against tfjs-models' published expected keypoints, at full
 * size and with the long side scaled to each of `sidesPx` (the same statistics as
 * tests/unit/pose.test.ts: median, p95 and max pixel error over all 33 keypoints).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeFrames, probeVideo } from '../src/cli/video.ts';
import { createNodePoseEstimator, PROJECT_ROOT } from '../src/pose/node.ts';
import type { RawImage } from '../src/pose/estimator.ts';

const DIR = resolve(PROJECT_ROOT, '../shared/data/video');

function q(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}

/** Keypoint error (px, original image) per max input side; `null` side = full size. */
export async function benchDownscaleAccuracy(sidesPx: (number | null)[] = [null, 640]): Promise<Record<string, { medianPx: number; p95Px: number; maxPx: number; msPerFrame: number }>> {
  const video = join(DIR, 'tfjs-pose_squats.mp4');
  const expectedFile = join(DIR, 'tfjs-pose_squats.blazepose-full-expected.json');
  const out: Record<string, { medianPx: number; p95Px: number; maxPx: number; msPerFrame: number }> = {};
  if (!existsSync(video) || !existsSync(expectedFile)) return out;
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as number[][][];
  const info = await probeVideo(video);
  const frames: { image: RawImage; tS: number }[] = [];
  for await (const f of decodeFrames(video, info, { widthPx: info.widthPx, heightPx: info.heightPx })) frames.push({ image: f.image, tS: f.tS });
  for (const side of sidesPx) {
    const est = await createNodePoseEstimator('blazepose-full', side ? { maxInputSidePx: side } : {});
    const errs: number[] = [];
    const t0 = performance.now();
    for (const [i, f] of frames.entries()) {
      const got = await est.estimate(f.image, f.tS);
      got.keypoints.forEach((k, j) => {
        const e = expected[i]?.[j];
        if (e) errs.push(k[0] === null || k[1] === null ? Infinity : Math.hypot(k[0] - (e[0] as number), k[1] - (e[1] as number)));
      });
    }
    const ms = (performance.now() - t0) / frames.length;
    est.dispose();
    const r1 = (v: number) => Math.round(v * 10) / 10;
    out[side ? `maxSide${side}` : `full${info.widthPx}x${info.heightPx}`] = { medianPx: r1(q(errs, 0.5)), p95Px: r1(q(errs, 0.95)), maxPx: r1(Math.max(...errs)), msPerFrame: r1(ms) };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchDownscaleAccuracy([null, 640, 480]));
