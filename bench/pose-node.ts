/**
 * Node pose benchmark (figures, not pass/fail): raw model ms per frame on tfjs wasm for
 * each model on real video frames, and the `gaitscope analyze` command's frames per
 * second on walk-side-indoor.mp4 (decode + inference + track + kinematics, wall time).
 * Run alone: `node bin/run-ts.mjs bench/pose-node.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { decodeFrames, probeVideo } from '../src/cli/video.ts';
import type { RawImage } from '../src/pose/estimator.ts';
import { MODEL_IDS } from '../src/pose/models.ts';
import { createNodePoseEstimator, PROJECT_ROOT } from '../src/pose/node.ts';

const VIDEO = resolve(PROJECT_ROOT, '../shared/data/video/walk-side-indoor.mp4');
const WARMUP = 3;
const TIMED = 20;

async function frames(file: string, first: number, count: number, size: { widthPx: number; heightPx: number }): Promise<{ image: RawImage; tS: number }[]> {
  const info = await probeVideo(file);
  const out: { image: RawImage; tS: number }[] = [];
  for await (const f of decodeFrames(file, info, size)) {
    if (f.index < first) continue;
    out.push({ image: f.image, tS: f.tS });
    if (out.length >= count) break;
  }
  return out;
}

/**
 * Measures and prints: `node.wasm.<model>.<w>x<h>.msPerFrame` (median of 20 warm frames
 * of consecutive walking video, tracking on) and `node.cli.walk-side-indoor.framesPerS`.
 */
export async function benchPoseNode(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  if (!existsSync(VIDEO)) {
    console.error(`bench/pose-node: ${VIDEO} not found; skipped`);
    return results;
  }
  for (const size of [{ widthPx: 1280, heightPx: 720 }, { widthPx: 640, heightPx: 360 }]) {
    // frames 60.. : she is in full view, walking
    const clip = await frames(VIDEO, 60, WARMUP + TIMED, size);
    for (const model of MODEL_IDS) {
      const est = await createNodePoseEstimator(model);
      const ms: number[] = [];
      for (const [i, f] of clip.entries()) {
        const t0 = performance.now();
        await est.estimate(f.image, f.tS);
        if (i >= WARMUP) ms.push(performance.now() - t0);
      }
      est.dispose();
      ms.sort((a, b) => a - b);
      const median = ms[Math.floor(ms.length / 2)] ?? NaN;
      const key = `node.wasm.${model}.${size.widthPx}x${size.heightPx}.msPerFrame`;
      results[key] = Math.round(median * 10) / 10;
      console.log(`${key}: ${results[key]}`);
    }
  }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/gaitscope.mjs'), 'analyze', VIDEO, '--view', 'sagittal', '--out', join(tmpdir(), 'gaitscope-bench-report.json')], {
    encoding: 'utf8',
    cwd: PROJECT_ROOT,
  });
  const wallS = (performance.now() - t0) / 1000;
  if (r.status === 0) {
    results['node.cli.walk-side-indoor.framesPerS'] = Math.round((401 / wallS) * 100) / 100;
    console.log(`node.cli.walk-side-indoor.framesPerS: ${results['node.cli.walk-side-indoor.framesPerS']} (401 frames, blazepose-full, ${wallS.toFixed(1)} s wall incl. start-up and model load)`);
  } else {
    console.error(`bench/pose-node: gaitscope analyze exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPoseNode();
