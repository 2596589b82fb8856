/**
 * Benchmark page (served by bench/bench.ts through Vite, driven by Playwright): the app's
 * own modules — the pose worker (src/pose/client.ts), file analysis (src/capture/video-file.ts),
 * the live loop (src/capture/live.ts), TrackBuilder and analyzeTrack — timed on real
 * frames. Only the harness lives here; no algorithm is re-implemented.
 */
import { ALL_FORMATS, BlobSource, CanvasSink, Input } from 'mediabunny';
import { createPoseEstimator, type BackendChoice, type PoseEstimator } from '../src/pose/estimator.ts';
import { createPoseWorker, type PoseWorkerClient } from '../src/pose/client.ts';
import { browserPoseIo } from '../src/pose/worker-core.ts';
import { BROWSER_WASM_PATHS } from '../src/pose/wasm-urls.ts';
import { MODEL_INFO, type ModelId } from '../src/pose/models.ts';
import { analyseVideo } from '../src/capture/video-file.ts';
import type { EstimatedFrame as CaptureFrame, PoseEstimator as CaptureEstimator } from '../src/capture/estimator.ts';
import { LivePoseLoop } from '../src/capture/live.ts';
import { TrackBuilder } from '../src/pose/track.ts';
import { KEYPOINT_NAMES } from '../src/kinematics/keypoints.ts';
import { analyzeTrack } from '../src/kinematics/index.ts';
import type { PoseTrack } from '../src/kinematics/types.ts';

const VIDEO_URL = '/bench-media/walk.mp4';
const status = (s: string) => {
  const el = document.getElementById('status');
  if (el) el.textContent = s;
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] as number) : NaN;
}
const r1 = (v: number) => Math.round(v * 10) / 10;

let videoBlob: Blob | null = null;
async function video(): Promise<Blob> {
  videoBlob ??= await (await fetch(VIDEO_URL)).blob();
  return videoBlob;
}

/** Decodes `count` frames from frame `first` at `widthPx` wide (aspect kept) into ImageBitmaps. */
async function decodeClip(first: number, count: number, widthPx: number | null): Promise<{ bitmaps: ImageBitmap[]; tS: number[]; widthPx: number; heightPx: number }> {
  const input = new Input({ source: new BlobSource(await video()), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new Error('no video track');
    const w = widthPx ?? track.displayWidth;
    const h = Math.round((track.displayHeight * w) / track.displayWidth);
    const sink = new CanvasSink(track, { width: w, height: h, fit: 'fill', poolSize: 2 });
    const bitmaps: ImageBitmap[] = [];
    const tS: number[] = [];
    let i = 0;
    for await (const { canvas, timestamp } of sink.canvases()) {
      if (i++ < first) continue;
      bitmaps.push(await createImageBitmap(canvas));
      tS.push(timestamp);
      if (bitmaps.length >= count) break;
    }
    return { bitmaps, tS, widthPx: w, heightPx: h };
  } finally {
    input.dispose();
  }
}

const io = () => browserPoseIo(new URL('/models', location.origin).href, BROWSER_WASM_PATHS);

/** Raw model cost: createPoseEstimator on this thread, estimate() (fromPixels + estimatePoses + conversion) per frame. */
async function raw(opts: { model: ModelId; backend: BackendChoice; decodeWidthPx: number | null; maxInputSidePx?: number; warmup: number; timed: number; first?: number }) {
  const clip = await decodeClip(opts.first ?? 60, opts.warmup + opts.timed, opts.decodeWidthPx);
  let est: PoseEstimator;
  const t0 = performance.now();
  try {
    est = await createPoseEstimator({ model: opts.model, backend: opts.backend, io: io(), maxInputSidePx: opts.maxInputSidePx });
  } catch (e) {
    clip.bitmaps.forEach((b) => b.close());
    return { error: (e as Error).message };
  }
  const loadMs = performance.now() - t0;
  const ms: number[] = [];
  const keypoints: (number | null)[][][] = [];
  let firstCallMs = NaN;
  for (const [i, b] of clip.bitmaps.entries()) {
    const s = performance.now();
    const f = await est.estimate(b, clip.tS[i] as number);
    const d = performance.now() - s;
    if (i === 0) firstCallMs = d;
    if (i >= opts.warmup) ms.push(d);
    keypoints.push(f.keypoints.map((k) => [k[0] === null ? null : (k[0] * 1280) / clip.widthPx, k[1] === null ? null : (k[1] * 1280) / clip.widthPx]));
  }
  const backend = est.backend;
  est.dispose();
  clip.bitmaps.forEach((b) => b.close());
  return { backend, inputPx: `${clip.widthPx}x${clip.heightPx}`, msPerFrame: r1(median(ms)), firstCallMs: r1(firstCallMs), loadMs: Math.round(loadMs), keypoints };
}

type MpPose = {
  setOptions(o: Record<string, unknown>): void;
  initialize(): Promise<void>;
  onResults(cb: (r: { poseLandmarks?: { x: number; y: number; visibility?: number }[] }) => void): void;
  send(i: { image: HTMLCanvasElement }): Promise<void>;
  close(): Promise<void>;
};

/** The MediaPipe runtime (@mediapipe/pose, served from node_modules by the bench server) on the same frames. */
async function mediapipe(opts: { modelComplexity: 0 | 1; cpu: boolean; decodeWidthPx: number | null; warmup: number; timed: number; first?: number }) {
  const w = window as unknown as { Pose?: new (c: { locateFile: (f: string) => string }) => MpPose };
  if (!w.Pose) {
    await new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/bench-mediapipe/pose.js';
      s.onload = () => resolve();
      s.onerror = () => reject(new Error('cannot load /bench-mediapipe/pose.js'));
      document.head.append(s);
    });
  }
  const clip = await decodeClip(opts.first ?? 60, opts.warmup + opts.timed, opts.decodeWidthPx);
  const canvas = document.createElement('canvas');
  canvas.width = clip.widthPx;
  canvas.height = clip.heightPx;
  const ctx = canvas.getContext('2d');
  if (!ctx || !w.Pose) throw new Error('no canvas / Pose');
  const pose = new w.Pose({ locateFile: (f) => `/bench-mediapipe/${f}` });
  const last: { landmarks: { x: number; y: number }[] | null } = { landmarks: null };
  pose.onResults((r) => {
    last.landmarks = r.poseLandmarks ?? null;
  });
  pose.setOptions({ modelComplexity: opts.modelComplexity, smoothLandmarks: false, enableSegmentation: false, selfieMode: false, useCpuInference: opts.cpu });
  const t0 = performance.now();
  await pose.initialize();
  const loadMs = performance.now() - t0;
  const ms: number[] = [];
  const keypoints: (number | null)[][][] = [];
  for (const [i, b] of clip.bitmaps.entries()) {
    ctx.drawImage(b, 0, 0);
    const s = performance.now();
    last.landmarks = null;
    await pose.send({ image: canvas });
    if (i >= opts.warmup) ms.push(performance.now() - s);
    const lm = last.landmarks as { x: number; y: number }[] | null; // set by onResults during send()
    keypoints.push(lm ? lm.map((p) => [p.x * 1280, p.y * 720]) : []);
  }
  await pose.close();
  clip.bitmaps.forEach((b) => b.close());
  return { inputPx: `${clip.widthPx}x${clip.heightPx}`, msPerFrame: r1(median(ms)), loadMs: Math.round(loadMs), keypoints };
}

/** A stand-in estimator that only closes the image: analyseVideo's decode + transfer cost alone. */
function nullEstimator(names: number): CaptureEstimator {
  return {
    busy: false,
    async estimate(image, tS): Promise<CaptureFrame> {
      image.close();
      return { t: tS, keypoints: Array.from({ length: names }, () => [null, null, 0] as [null, null, number]), extra: { people: 0 } };
    },
  };
}

function buildTrack(model: ModelId, result: Awaited<ReturnType<typeof analyseVideo>>): PoseTrack {
  const keypointSet = MODEL_INFO[model].keypointSet;
  const builder = new TrackBuilder({
    keypointSet,
    keypointNames: KEYPOINT_NAMES[keypointSet],
    source: { kind: 'video', name: 'walk-side-indoor.mp4', model },
    image: { widthPx: result.widthPx, heightPx: result.heightPx },
    view: 'sagittal',
    keepFrameExtra: true,
  });
  for (const f of result.frames) builder.add(f);
  return builder.build();
}

let shared: { key: string; worker: PoseWorkerClient } | null = null;

/**
 * The app's file analysis, end to end: analyseVideo (mediabunny decode → ImageBitmap →
 * pose worker) + TrackBuilder + analyzeTrack, `runs` times on the same worker (reset
 * between runs, as the app does), with worker memory before the first and after each run.
 */
async function pipeline(opts: { model: ModelId; backend: BackendChoice; maxInputSidePx?: number; runs: number; nullModel?: boolean; wasmThreads?: number }) {
  const blob = await video();
  if (opts.nullModel) {
    const t0 = performance.now();
    const result = await analyseVideo(blob, nullEstimator(KEYPOINT_NAMES[MODEL_INFO[opts.model].keypointSet].length));
    const wallMs = performance.now() - t0;
    return { frames: result.frames.length, durationS: result.durationS, wallMs: [Math.round(wallMs)], msPerFrame: r1(wallMs / result.frames.length), method: result.method };
  }
  const key = JSON.stringify([opts.model, opts.backend, opts.maxInputSidePx, opts.wasmThreads]);
  if (shared?.key !== key) {
    shared?.worker.dispose();
    shared = { key, worker: createPoseWorker({ model: opts.model, backend: opts.backend, maxInputSidePx: opts.maxInputSidePx, wasmThreads: opts.wasmThreads }) };
  }
  const worker = shared.worker;
  const info = await worker.ready;
  const gc = (globalThis as { gc?: () => void }).gc;
  const mem = async () => {
    gc?.();
    const s = await worker.stats();
    const page = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
    return { ...s, pageJsHeapBytes: page };
  };
  const memory = [await mem()];
  const wallMs: number[] = [];
  const analyseMs: number[] = [];
  let frames = 0;
  let durationS = NaN;
  let footStrikeS: Record<string, number[]> = {};
  let track: PoseTrack | null = null;
  let method = '';
  for (let run = 0; run < opts.runs; run++) {
    status(`pipeline ${opts.model} run ${run + 1}/${opts.runs}`);
    await worker.reset();
    const t0 = performance.now();
    const result = await analyseVideo(blob, worker, { maxInputSidePx: opts.maxInputSidePx });
    const t1 = performance.now();
    track = buildTrack(opts.model, result);
    const report = analyzeTrack(track, { view: 'sagittal' });
    const t2 = performance.now();
    wallMs.push(t2 - t0);
    analyseMs.push(t1 - t0);
    frames = result.frames.length;
    durationS = result.durationS;
    method = result.method;
    footStrikeS = { left: report.events.left.footStrikeS, right: report.events.right.footStrikeS };
    memory.push(await mem());
  }
  const keypoints = track ? track.frames.map((f) => f.keypoints.map((k) => [k[0], k[1]])) : [];
  return {
    backend: info.backend,
    wasmThreads: info.wasmThreads,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    backendTimingsMs: info.backendTimingsMs,
    frames,
    durationS,
    method,
    wallMs: wallMs.map(Math.round),
    msPerFrame: r1(median(wallMs) / frames),
    decodeInferenceMsPerFrame: r1(median(analyseMs) / frames),
    memory,
    footStrikeS,
    keypoints,
  };
}

/** The live loop on the fake camera for `seconds`: model fps, latency, and the longest main-thread stall. */
async function live(opts: { model: ModelId; backend: BackendChoice; seconds: number }) {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const el = document.getElementById('camera') as HTMLVideoElement;
  el.srcObject = stream;
  await el.play();
  const worker = createPoseWorker({ model: opts.model, backend: opts.backend });
  await worker.ready;
  const longTasks: number[] = [];
  const obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push(e.duration)));
  try {
    obs.observe({ type: 'longtask', buffered: false });
  } catch {
    // longtask entries are Chromium-only; the rAF gap below still measures stalls
  }
  let maxGapMs = 0;
  let lastRaf = performance.now();
  let rafOn = true;
  const raf = (now: number) => {
    maxGapMs = Math.max(maxGapMs, now - lastRaf);
    lastRaf = now;
    if (rafOn) requestAnimationFrame(raf);
  };
  requestAnimationFrame(raf);
  const latencies: number[] = [];
  let withPerson = 0;
  let err: unknown = null;
  const loop = new LivePoseLoop(el, worker, {
    onPose: (f, s) => {
      latencies.push(s.latencyMs);
      if (f.extra.people > 0) withPerson++;
    },
    onError: (e) => {
      err = e;
    },
  });
  // Warm up two seconds, then measure.
  loop.start();
  await new Promise((r) => setTimeout(r, 2000));
  latencies.length = 0;
  const a0 = loop.stats.analysed;
  const d0 = loop.stats.dropped;
  maxGapMs = 0;
  longTasks.length = 0;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  const spanS = (performance.now() - t0) / 1000;
  const analysed = loop.stats.analysed - a0;
  const dropped = loop.stats.dropped - d0;
  const cameraFps = loop.stats.cameraFps;
  loop.stop();
  rafOn = false;
  obs.disconnect();
  worker.dispose();
  stream.getTracks().forEach((t) => t.stop());
  return {
    liveFps: r1(analysed / spanS),
    liveLatencyMs: r1(median(latencies)),
    latencyP95Ms: r1([...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.95)] ?? NaN),
    cameraFps: r1(cameraFps),
    analysed,
    dropped,
    framesWithPerson: withPerson,
    maxLongTaskMs: r1(Math.max(0, ...longTasks)),
    maxRafGapMs: r1(maxGapMs),
    error: err ? String(err) : null,
  };
}

/** Page open → first skeleton on the fake camera (autorun when the URL has ?first). */
async function firstPose(model: ModelId) {
  const w = window as unknown as { firstPoseMs?: number; firstPoseError?: string };
  try {
    const streamP = navigator.mediaDevices.getUserMedia({ video: true });
    const worker = createPoseWorker({ model, backend: 'auto' });
    const el = document.getElementById('camera') as HTMLVideoElement;
    el.srcObject = await streamP;
    await el.play();
    await worker.ready;
    (window as unknown as { modelReadyMs?: number }).modelReadyMs = performance.now();
    const loop = new LivePoseLoop(el, worker, {
      onPose: (f) => {
        if (f.extra.people > 0 && w.firstPoseMs === undefined) {
          w.firstPoseMs = performance.now(); // ms since navigation start
          loop.stop();
          worker.dispose();
        }
      },
      onError: (e) => {
        w.firstPoseError = String(e);
      },
    });
    loop.start();
  } catch (e) {
    w.firstPoseError = String(e);
  }
}

const params = new URLSearchParams(location.search);
if (params.has('first')) void firstPose((params.get('model') as ModelId | null) ?? 'blazepose-full');

(window as unknown as { gaitBench: unknown }).gaitBench = { raw, mediapipe, pipeline, live };
status('ready');
