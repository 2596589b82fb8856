/**
 * People counting with the real models in Node (tfjs wasm): MoveNet MultiPose counts the
 * people on a sparse subset of frames while BlazePose analyses the most prominent one.
 * Two people (a real clip side by side with itself) → people ≥ 2, one person → 1, an empty
 * frame → 0; no tensor leaks; and the CLI says "more than one person" on the two-person video.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createNodePoseEstimator, PROJECT_ROOT } from '../../src/pose/node.ts';
import type { EstimatedFrame, PoseEstimator, RawImage } from '../../src/pose/estimator.ts';
import { decodeFrames, probeVideo } from '../../src/cli/video.ts';

/** Per-test time limit: real models on a shared 2-core machine (never a pass/fail criterion). */
const LONG = 600_000;
const DATA = resolve(PROJECT_ROOT, '../shared/data');
const SINGLE = join(DATA, 'video/pose2sim-static-cam01.mp4');
const MOCAP_TRACK = join(DATA, 'mocap/tracks/PiG_Motion-FlatFoot-Full__sagittal-left__bp33__30fps__clean.json');
const ffmpegOk = spawnSync('ffmpeg', ['-version']).status === 0;
const present = existsSync(SINGLE) && ffmpegOk;
if (!present) console.warn(`SKIP people-counting tests: ${SINGLE} not found (shared test data absent) or no ffmpeg`);

/** Frames of `file` downscaled so the longer side is 640 px (as the CLI and the app feed the model). */
async function readFrames(file: string): Promise<{ image: RawImage; tS: number }[]> {
  const info = await probeVideo(file);
  const s = Math.min(1, 640 / Math.max(info.widthPx, info.heightPx));
  const size = { widthPx: Math.round((info.widthPx * s) / 2) * 2, heightPx: Math.round((info.heightPx * s) / 2) * 2 };
  const out: { image: RawImage; tS: number }[] = [];
  for await (const f of decodeFrames(file, info, size)) out.push({ image: f.image, tS: f.tS });
  return out;
}

describe.skipIf(!present)('people counting (MoveNet MultiPose beside the pose model)', () => {
  let dir = '';
  let twoVideo = '';
  let single: { image: RawImage; tS: number }[] = [];
  let two: { image: RawImage; tS: number }[] = [];
  let est: PoseEstimator;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gaitscope-people-'));
    twoVideo = join(dir, 'two-people.mp4');
    // The standing subject beside a copy of herself: the same real person twice, 2176×1920.
    const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', SINGLE, '-filter_complex', '[0:v][0:v]hstack=inputs=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', twoVideo], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
    single = await readFrames(SINGLE);
    two = await readFrames(twoVideo);
    est = await createNodePoseEstimator('blazepose-full');
  }, LONG);
  afterAll(() => {
    est?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (frames: { image: RawImage; tS: number }[]): Promise<{ out: EstimatedFrame[]; runs: number }> => {
    est.reset();
    const runs0 = est.peopleCountRuns;
    const out: EstimatedFrame[] = [];
    for (const f of frames) out.push(await est.estimate(f.image, f.tS));
    return { out, runs: est.peopleCountRuns - runs0 };
  };

  it('is on by default in Node and loads', () => {
    expect(est.countsPeople).toBe(true);
    expect(est.peopleCounterError).toBeNull();
  });

  it('two people side by side: people ≥ 2 on every frame; the pose model still follows one of them', async () => {
    const { out, runs } = await run(two);
    expect(out).toHaveLength(11);
    console.info(`two people: people per frame ${out.map((f) => f.extra.people).join(' ')}; counter ran ${runs}× over ${out.length} frames`);
    for (const f of out) {
      expect(f.extra.people).toBeGreaterThanOrEqual(2);
      expect(f.extra.peopleCounted).toBeGreaterThanOrEqual(2);
    }
    // One skeleton, inside one half of the 640-px-wide frame (the image is 2176 px wide, decoded at 640).
    const hips = out.map((f) => f.keypoints[23]![0]!); // left_hip x in decoded pixels
    const halves = new Set(hips.map((x) => (x < 320 ? 'left' : 'right')));
    expect(halves.size).toBe(1);
    // 11 frames span 0.17 s: the counter ran on the first frame only (sparse, not per frame) unless the score dropped.
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(3);
  }, LONG);

  it('one person: people = 1 on every frame (and the counter agrees)', async () => {
    const { out } = await run(single);
    for (const f of out) {
      expect(f.extra.people).toBe(1);
      expect(f.extra.peopleCounted).toBe(1);
    }
  }, LONG);

  it('an empty frame: people = 0 (and the counter saw nobody)', async () => {
    const blank: RawImage = { data: new Uint8Array(640 * 360 * 3).fill(30), width: 640, height: 360 };
    const { out } = await run([{ image: blank, tS: 0 }]);
    expect(out[0]!.extra.people).toBe(0);
    expect(out[0]!.extra.peopleCounted).toBe(0);
  }, LONG);

  it('counts on a sparse schedule and leaks no tensors over 200 frames (one, two, nobody)', async () => {
    est.reset();
    const blank: RawImage = { data: new Uint8Array(320 * 180 * 3), width: 320, height: 180 };
    const before = tf.memory().numTensors;
    const runs0 = est.peopleCountRuns;
    const t0 = performance.now();
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      // 0–2.3 s one person, 2.3–4.7 s two people, then one again; every 25th frame black.
      const src = i >= 70 && i < 140 ? two : single;
      const img = i % 25 === 24 ? blank : src[i % src.length]!.image;
      seen.add((await est.estimate(img, i / 30)).extra.people);
    }
    const msPerFrame = (performance.now() - t0) / 200;
    const runs = est.peopleCountRuns - runs0;
    est.reset();
    const after = tf.memory().numTensors;
    console.info(`200 frames (6.7 s of video): counter ran ${runs}×, ${msPerFrame.toFixed(0)} ms/frame in all`);
    expect(after).toBe(before);
    expect([...seen].sort()).toEqual([0, 1, 2]);
    // At least once a second of video (7), plus drops (8 black frames, the switches of clip): far fewer than 200.
    expect(runs).toBeGreaterThanOrEqual(7);
    expect(runs).toBeLessThanOrEqual(30);
  }, LONG);

  it('countPeople: false keeps the single-person behaviour (people ≤ 1)', async () => {
    const plain = await createNodePoseEstimator('movenet-lightning', { countPeople: false });
    try {
      expect(plain.countsPeople).toBe(false);
      const f = await plain.estimate(two[0]!.image, 0);
      expect(f.extra.people).toBe(1);
      expect(f.extra.peopleCounted).toBeNull();
    } finally {
      plain.dispose();
    }
  }, LONG);

  it('CLI: `gaitscope posture` on the two-person video warns "more than one person" on stderr', () => {
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/gaitscope.mjs'), 'posture', twoVideo, '--out', join(dir, 'posture.json')], { encoding: 'utf8', cwd: PROJECT_ROOT, timeout: 600_000 });
    expect(r.stderr).toMatch(/warning: more than one person in 11 frames/);
  }, LONG);

  it.skipIf(!existsSync(MOCAP_TRACK))('CLI: `gaitscope analyze` of a track with several-person frames puts the warning in report.quality.warnings', () => {
    const track = JSON.parse(readFileSync(MOCAP_TRACK, 'utf8')) as { frames: unknown[]; extra?: Record<string, unknown> };
    track.extra = { ...track.extra, multiPersonFrames: 12 };
    const file = join(dir, 'several.track.json');
    writeFileSync(file, JSON.stringify(track));
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/gaitscope.mjs'), 'analyze', file], { encoding: 'utf8', cwd: PROJECT_ROOT, timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { quality: { warnings: string[] } };
    const w = report.quality.warnings.filter((x) => x.includes('more than one person'));
    expect(w).toEqual([`more than one person in 12 of ${track.frames.length} frames: the most prominent one was analysed`]);
    expect(r.stderr).toContain('warning: more than one person in 12');
  }, LONG);
});
