/**
 * The pose estimator: one model (models.ts) on one tfjs backend, turning an image into a
 * pose-track frame (formats.md §1) in image pixels. Runs in a Web Worker (pose.worker.ts),
 * on the main thread, or in Node (node.ts) — the same code everywhere.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as poseDetection from '@tensorflow-models/pose-detection';
import type { KeypointName, KeypointSet } from '../kinematics/keypoints.ts';
import type { KeypointTuple, PoseFrame } from '../kinematics/types.ts';
import { BackendUnavailableError } from './errors.ts';
import { DEFAULT_MODEL, MODEL_INFO, ModelLoadError, PEOPLE_COUNTER_MODEL, keypointNamesOf, type ModelId, type ModelPartId } from './models.ts';

export { BackendUnavailableError };
/** A concrete tfjs backend Gaitscope can run on. */
export type PoseBackend = 'webgpu' | 'webgl' | 'wasm';
/** Backend request: 'auto' measures the usable ones and picks the fastest. */
export type BackendChoice = 'auto' | PoseBackend;

/** Raw pixels: RGBA (4 bytes/pixel) or RGB (3 bytes/pixel), row-major, origin top-left. */
export interface RawImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** Anything the estimator takes as an image. */
export type PoseInput = ImageBitmap | VideoFrame | ImageData | HTMLVideoElement | HTMLCanvasElement | OffscreenCanvas | RawImage;

/**
 * A pose-track frame plus what the models saw. `people`: 0 when the pose model found nobody, else
 * the latest people count (at least 1; the most prominent person is the one analysed). Without the
 * people counter it is 0 or 1. `peopleCounted`: the counter's latest count (null when counting is off).
 */
export type EstimatedFrame = PoseFrame & { extra: { people: number; poseScore: number | null; peopleCounted: number | null } };

/** Where the estimator gets its weights and wasm binaries from (browser: fetch from /models; Node: files). */
export interface PoseIo {
  /** Loads one weights package as a tfjs IOHandler (throws ModelLoadError naming a bad file). */
  loadPart(part: ModelPartId): Promise<tf.io.IOHandler>;
  /** Directory URL (with trailing '/') or per-file URLs of the tfjs wasm binaries. */
  wasmPaths?: string | Record<string, string>;
}

/** Options of createPoseEstimator. */
export interface PoseEstimatorOptions {
  model?: ModelId;
  backend?: BackendChoice;
  io: PoseIo;
  /**
   * Threads of the wasm backend (defaultWasmThreads: every logical core on 1–2-core machines, half from 4 up, when the
   * page is cross-origin isolated, else 1; more than 1 is ignored without isolation). The first estimator in a worker fixes it (the wasm module loads once).
   */
  wasmThreads?: number;
  /** Library smoothing of keypoints (default false: kinematics filters zero-phase itself). */
  smoothing?: boolean;
  /** Downscale images whose longer side exceeds this many pixels before inference (keypoints stay in input pixels); 0/undefined = never. */
  maxInputSidePx?: number;
  /** Image used to time backends when backend is 'auto' (default: a synthetic 256×256 frame). */
  warmupFrame?: PoseInput;
  /** Progress/diagnostic messages (backend probing). */
  log?: (message: string) => void;
  /**
   * Count the people in view with MoveNet MultiPose on a sparse subset of frames (default false
   * here; on in the app's worker and in Node/CLI). If its weights cannot be loaded the estimator
   * still works, without counting (see `peopleCounterError`).
   */
  countPeople?: boolean;
  /** When the people counter runs; defaults in DEFAULT_PEOPLE_COUNT_OPTIONS. */
  peopleCount?: Partial<PeopleCountOptions>;
}

/** When and how the people counter runs. */
export interface PeopleCountOptions {
  /** Count again once this much video time has passed since the last count, s. */
  intervalS: number;
  /** After a drop of the pose score, count again if at least this much video time has passed, s. */
  minGapS: number;
  /** A frame's pose score below this fraction of its running mean (or no pose at all) is a drop. */
  dropFraction: number;
  /** A multi-pose detection counts as a person from this pose score on. */
  minPersonScore: number;
}

/** Default people-counter schedule: about once a second of video, plus on score drops. */
export const DEFAULT_PEOPLE_COUNT_OPTIONS: Readonly<PeopleCountOptions> = Object.freeze({ intervalS: 1, minGapS: 0.25, dropFraction: 0.6, minPersonScore: 0.25 });

/** What a ready estimator offers. */
export interface PoseEstimator {
  readonly model: ModelId;
  readonly keypointSet: KeypointSet;
  readonly keypointNames: readonly KeypointName[];
  readonly backend: PoseBackend;
  /** Threads the wasm backend runs on (null on other backends). */
  readonly wasmThreads: number | null;
  /** Backend timings of the 'auto' choice, ms per frame (empty when the backend was forced). */
  readonly backendTimingsMs: Readonly<Partial<Record<PoseBackend, number>>>;
  /** True when the people counter is loaded and runs. */
  readonly countsPeople: boolean;
  /** Why the people counter was requested but could not be loaded (null otherwise). */
  readonly peopleCounterError: string | null;
  /** How many times the people counter has run since the estimator was created (it runs on a sparse subset of frames). */
  readonly peopleCountRuns: number;
  /** Estimates the pose in `input`, captured at `tS` seconds (strictly increasing within a sequence). */
  estimate(input: PoseInput, tS: number): Promise<EstimatedFrame>;
  /** Forgets tracking state (call between unrelated videos). */
  reset(): void;
  /** Releases the model's tensors. */
  dispose(): void;
}

/** Software WebGL renderers (no GPU): first call takes 7–32 s of shader compilation, so 'auto' skips them. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

/**
 * Default wasm thread count when SharedArrayBuffer is usable (a cross-origin isolated page or worker): every
 * logical core on 1–2-core machines, half of them from 4 up (tfjs's own rule, which assumes two hyper-threads per
 * core, and leaves room for decoding and the page). Measured on this project's 2-core test machine (bench,
 * wasmThreads1VsDefault): file analysis 85 ms/frame with 2 threads vs 133 with 1 on a quiet machine, but 2× slower
 * with 2 when other processes kept both cores busy. 1 without isolation, and in Node (its tfjs wasm build has no pthreads).
 */
export function defaultWasmThreads(): number {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number }; process?: { versions?: { node?: string } } };
  if (g.process?.versions?.node !== undefined || g.crossOriginIsolated !== true) return 1;
  const cores = Math.max(1, g.navigator?.hardwareConcurrency ?? 1);
  return Math.min(8, cores <= 2 ? cores : Math.floor(cores / 2));
}

let wasmConfigured = false;
function configureWasm(io: PoseIo, threads: number): void {
  if (wasmConfigured) return;
  // More than one thread needs the threaded binary (SharedArrayBuffer: cross-origin isolation) and, in a
  // bundled build, vite.config.ts's tfjsWasmThreads fix for its pthread workers.
  const multi = threads > 1 && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', multi);
  if (multi) setThreadsCount(threads);
  if (io.wasmPaths) setWasmPaths(io.wasmPaths as string);
  wasmConfigured = true;
}

/** Threads the initialised wasm backend runs on (1 for the single-threaded binary). */
function wasmThreadsInUse(): number {
  return tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? getThreadsCount() : 1;
}

/** Why `backend` is unusable here, or null when it may be tried (cheap checks only; no shader compile). */
async function backendObstacle(backend: PoseBackend, forAuto: boolean): Promise<string | null> {
  if (backend === 'wasm') return typeof WebAssembly === 'object' ? null : 'no WebAssembly';
  if (backend === 'webgpu') {
    const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
    if (!gpu) return 'navigator.gpu is absent';
    const adapter = (await gpu.requestAdapter().catch(() => null)) as { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } } | null;
    if (!adapter) return 'no WebGPU adapter';
    if (forAuto && (adapter.isFallbackAdapter || adapter.info?.isFallbackAdapter)) return 'software (fallback) adapter';
    return null;
  }
  // webgl
  let canvas: OffscreenCanvas | HTMLCanvasElement | null = null;
  if (typeof OffscreenCanvas !== 'undefined') canvas = new OffscreenCanvas(1, 1);
  else if (typeof document !== 'undefined') canvas = document.createElement('canvas');
  if (!canvas) return 'no canvas';
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return 'no WebGL context';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : '';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (forAuto && SOFTWARE_RENDERER.test(renderer)) return `software renderer (${renderer})`;
  return null;
}

/**
 * Runs `init` (the wasm backend's start) with navigator.hardwareConcurrency reported as 2 × `threads`:
 * tfjs-backend-wasm caps its thread pool at half the logical cores (it assumes two hyper-threads per
 * core), which on a 2-core machine means no second thread at all. The real value is restored after.
 */
async function withReportedCores<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (threads <= 1 || !nav) return init();
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await init();
  } finally {
    if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
    else delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

async function activate(backend: PoseBackend, io: PoseIo, wasmThreads: number): Promise<void> {
  if (backend === 'wasm') configureWasm(io, wasmThreads);
  let ok = await withReportedCores(backend === 'wasm' ? wasmThreads : 1, () => tf.setBackend(backend)).catch((e: unknown) => {
    throw new BackendUnavailableError(backend, (e as Error).message);
  });
  if (!ok && backend === 'wasm' && tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')) {
    // The threaded build failed to start (e.g. a host that blocks its worker script): once more on one thread.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    ok = await tf.setBackend(backend).catch(() => false);
  }
  if (!ok) throw new BackendUnavailableError(backend, 'initialisation failed');
  await tf.ready();
}

async function createDetector(model: ModelId, io: PoseIo, smoothing: boolean): Promise<poseDetection.PoseDetector> {
  const info = MODEL_INFO[model];
  const wrap = (e: unknown): never => {
    if (e instanceof ModelLoadError) throw e;
    throw new ModelLoadError(`models/${model}`, 'malformed', (e as Error).message);
  };
  if (info.family === 'blazepose') {
    const [detector, landmark] = await Promise.all([io.loadPart('blazepose-detector'), io.loadPart(model)]);
    return poseDetection
      .createDetector(poseDetection.SupportedModels.BlazePose, {
        runtime: 'tfjs',
        modelType: model === 'blazepose-lite' ? 'lite' : 'full',
        enableSmoothing: smoothing,
        enableSegmentation: false,
        detectorModelUrl: detector,
        landmarkModelUrl: landmark,
      })
      .catch(wrap);
  }
  const handler = await io.loadPart(model);
  return poseDetection
    .createDetector(poseDetection.SupportedModels.MoveNet, {
      modelType: model === 'movenet-thunder' ? poseDetection.movenet.modelType.SINGLEPOSE_THUNDER : poseDetection.movenet.modelType.SINGLEPOSE_LIGHTNING,
      enableSmoothing: smoothing,
      modelUrl: handler,
    })
    .catch(wrap);
}

function isRawImage(x: unknown): x is RawImage {
  const r = x as RawImage;
  return typeof r === 'object' && r !== null && (r.data instanceof Uint8Array || r.data instanceof Uint8ClampedArray) && typeof r.width === 'number' && typeof r.height === 'number';
}

function imageSizeOf(input: PoseInput): { widthPx: number; heightPx: number } {
  if (typeof HTMLVideoElement !== 'undefined' && input instanceof HTMLVideoElement) return { widthPx: input.videoWidth, heightPx: input.videoHeight };
  if (typeof VideoFrame !== 'undefined' && input instanceof VideoFrame) return { widthPx: input.displayWidth, heightPx: input.displayHeight };
  const s = input as { width: number; height: number };
  return { widthPx: s.width, heightPx: s.height };
}

/** Image → int32/float32 [h, w, 3] tensor, downscaled to `maxSidePx`; the caller disposes it. */
async function toTensor(input: PoseInput, maxSidePx: number | undefined): Promise<{ tensor: tf.Tensor3D; scale: number }> {
  const { widthPx, heightPx } = imageSizeOf(input);
  if (!(widthPx > 0 && heightPx > 0)) throw new RangeError(`image has no pixels (${widthPx}×${heightPx})`);
  let pixels: tf.Tensor3D;
  const longSide = Math.max(widthPx, heightPx);
  const bitmapLike = (typeof ImageBitmap !== 'undefined' && input instanceof ImageBitmap) || (typeof VideoFrame !== 'undefined' && input instanceof VideoFrame);
  if (bitmapLike && maxSidePx && longSide > maxSidePx && typeof createImageBitmap === 'function') {
    // Let the browser scale before the pixels reach tfjs: fromPixels then reads a quarter of
    // the bytes, and no full-size tensor is uploaded and resized (bench/results.json).
    const scale = maxSidePx / longSide;
    const small = await createImageBitmap(input as ImageBitmap | VideoFrame, { resizeWidth: Math.round(widthPx * scale), resizeHeight: Math.round(heightPx * scale), resizeQuality: 'medium' });
    try {
      return { tensor: tf.browser.fromPixels(small), scale };
    } finally {
      small.close();
    }
  }
  if (isRawImage(input)) {
    const channels = input.data.length / (widthPx * heightPx);
    if (channels === 4) {
      pixels = tf.browser.fromPixels({ data: new Uint8Array(input.data.buffer, input.data.byteOffset, input.data.byteLength), width: widthPx, height: heightPx }, 3);
    } else if (channels === 3) {
      pixels = tf.tensor3d(new Int32Array(input.data), [heightPx, widthPx, 3], 'int32');
    } else {
      throw new RangeError(`image data has ${input.data.length} bytes, not 3 or 4 per pixel of ${widthPx}×${heightPx}`);
    }
  } else if (typeof VideoFrame !== 'undefined' && input instanceof VideoFrame) {
    const bitmap = await createImageBitmap(input);
    try {
      pixels = tf.browser.fromPixels(bitmap);
    } finally {
      bitmap.close();
    }
  } else {
    pixels = tf.browser.fromPixels(input as Exclude<PoseInput, VideoFrame | RawImage | OffscreenCanvas>);
  }
  if (!maxSidePx || longSide <= maxSidePx) return { tensor: pixels, scale: 1 };
  const scale = maxSidePx / longSide;
  const resized = tf.tidy(() => tf.image.resizeBilinear(pixels, [Math.round(heightPx * scale), Math.round(widthPx * scale)], true));
  pixels.dispose();
  return { tensor: resized, scale };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Converts pose-detection output to a pose-track frame in input pixels, keypoints in `names` order. */
function toFrame(poses: poseDetection.Pose[], names: readonly KeypointName[], tS: number, scale: number): EstimatedFrame {
  const pose = poses[0];
  const byName = new Map<string, poseDetection.Keypoint>();
  for (const k of pose?.keypoints ?? []) if (k.name) byName.set(k.name, k);
  const keypoints: KeypointTuple[] = names.map((n) => {
    const k = byName.get(n);
    if (!k || !Number.isFinite(k.x) || !Number.isFinite(k.y)) return [null, null, 0];
    const score = Number.isFinite(k.score) ? Math.min(1, Math.max(0, k.score as number)) : 0;
    return [round2(k.x / scale), round2(k.y / scale), Math.round(score * 1000) / 1000];
  });
  return { t: tS, keypoints, extra: { people: pose ? poses.length : 0, poseScore: pose?.score ?? null, peopleCounted: null } };
}

/** A 256×256 synthetic frame (grey gradient) for timing backends when no real frame is given. */
function syntheticFrame(): RawImage {
  const w = 256;
  const data = new Uint8Array(w * w * 4);
  for (let i = 0; i < w * w; i++) {
    const v = (i % w) ^ Math.floor(i / w);
    data.set([v, v, v, 255], i * 4);
  }
  return { data, width: w, height: w };
}

async function timeDetector(detector: poseDetection.PoseDetector, frame: PoseInput, maxSidePx: number | undefined): Promise<number> {
  const runs = 3; // the first is warm-up (shader compile / allocation), the rest are timed
  let timed = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { tensor } = await toTensor(frame, maxSidePx);
    try {
      await detector.estimatePoses(tensor, { maxPoses: 1, flipHorizontal: false }, i * 33);
    } finally {
      tensor.dispose();
    }
    if (i > 0) timed += performance.now() - t0;
  }
  detector.reset();
  return timed / (runs - 1);
}

async function createPeopleCounterDetector(io: PoseIo, minPersonScore: number): Promise<poseDetection.PoseDetector> {
  const handler = await io.loadPart(PEOPLE_COUNTER_MODEL);
  return poseDetection
    .createDetector(poseDetection.SupportedModels.MoveNet, {
      modelType: poseDetection.movenet.modelType.MULTIPOSE_LIGHTNING,
      modelUrl: handler,
      enableTracking: false,
      enableSmoothing: false,
      minPoseScore: minPersonScore,
    })
    .catch((e: unknown): never => {
      if (e instanceof ModelLoadError) throw e;
      throw new ModelLoadError(`models/${PEOPLE_COUNTER_MODEL}`, 'malformed', (e as Error).message);
    });
}

/**
 * Decides on which frames the people counter runs and remembers its latest count: the first
 * frame of a sequence, then every `intervalS` of video time, and when the pose model's score
 * drops (a pose lost, or its score under `dropFraction` of its running mean) after `minGapS`.
 */
class PeopleCountSchedule {
  private lastCountT: number | null = null;
  private lastT: number | null = null;
  private meanScore: number | null = null;
  private wasLow = false;
  /** Latest count (null before the first). */
  count: number | null = null;

  constructor(private readonly opts: PeopleCountOptions) {}

  /** True when the counter should run on the frame at `tS` whose pose score is `score` (null: no pose). */
  due(tS: number, score: number | null): boolean {
    if (this.lastT !== null && tS <= this.lastT) this.reset(); // a new sequence without reset()
    this.lastT = tS;
    const low = score === null || (this.meanScore !== null && score < this.opts.dropFraction * this.meanScore);
    const drop = low && !this.wasLow;
    this.wasLow = low;
    if (score !== null) this.meanScore = this.meanScore === null ? score : 0.9 * this.meanScore + 0.1 * score;
    if (this.lastCountT === null) return true;
    const sinceS = tS - this.lastCountT;
    return sinceS >= this.opts.intervalS || (drop && sinceS >= this.opts.minGapS);
  }

  /** Records a count made at `tS`. */
  counted(tS: number, people: number): void {
    this.lastCountT = tS;
    this.count = people;
  }

  reset(): void {
    this.lastCountT = null;
    this.lastT = null;
    this.meanScore = null;
    this.wasLow = false;
    this.count = null;
  }
}

/**
 * Loads `model` with local weights on the requested backend ('auto': every usable backend
 * is timed on a couple of warm-up frames and the fastest kept; software WebGL/WebGPU is
 * skipped). Throws ModelLoadError (bad weights file) or BackendUnavailableError.
 */
export async function createPoseEstimator(options: PoseEstimatorOptions): Promise<PoseEstimator> {
  const model = options.model ?? DEFAULT_MODEL;
  const io = options.io;
  const smoothing = options.smoothing ?? false;
  const maxSide = options.maxInputSidePx;
  const log = options.log ?? (() => {});
  const choice = options.backend ?? 'auto';
  const wasmThreads = options.wasmThreads ?? defaultWasmThreads();
  const names = keypointNamesOf(model);

  let backend: PoseBackend;
  let detector: poseDetection.PoseDetector;
  const timings: Partial<Record<PoseBackend, number>> = {};
  if (choice !== 'auto') {
    const obstacle = await backendObstacle(choice, false);
    if (obstacle) throw new BackendUnavailableError(choice, obstacle);
    await activate(choice, io, wasmThreads);
    backend = choice;
    detector = await createDetector(model, io, smoothing);
  } else {
    const candidates: PoseBackend[] = [];
    for (const b of ['webgpu', 'webgl', 'wasm'] as const) {
      const obstacle = await backendObstacle(b, true);
      if (obstacle) log(`backend ${b} skipped: ${obstacle}`);
      else candidates.push(b);
    }
    if (candidates.length === 0) throw new BackendUnavailableError('wasm', 'no usable backend');
    let best: { backend: PoseBackend; detector: poseDetection.PoseDetector; ms: number } | null = null;
    const frame = options.warmupFrame ?? syntheticFrame();
    for (const b of candidates) {
      try {
        await activate(b, io, wasmThreads);
      } catch (e) {
        log(`backend ${b} skipped: ${(e as Error).message}`);
        continue;
      }
      const d = await createDetector(model, io, smoothing);
      if (candidates.length === 1) {
        best = { backend: b, detector: d, ms: NaN };
        break;
      }
      const ms = await timeDetector(d, frame, maxSide);
      timings[b] = ms;
      log(`backend ${b}: ${ms.toFixed(0)} ms/frame`);
      if (!best || ms < best.ms) {
        if (best) {
          await tf.setBackend(best.backend);
          best.detector.dispose();
          await tf.setBackend(b);
        }
        best = { backend: b, detector: d, ms };
      } else {
        d.dispose();
      }
    }
    if (!best) throw new BackendUnavailableError('wasm', 'no backend initialised');
    backend = best.backend;
    detector = best.detector;
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
  }

  const countOpts: PeopleCountOptions = { ...DEFAULT_PEOPLE_COUNT_OPTIONS, ...options.peopleCount };
  let counter: poseDetection.PoseDetector | null = null;
  let counterError: string | null = null;
  if (options.countPeople) {
    try {
      counter = await createPeopleCounterDetector(io, countOpts.minPersonScore);
    } catch (e) {
      // Counting people is secondary: without it the pose model still analyses the most prominent person.
      counterError = (e as Error).message;
      log(`people counter unavailable, people are not counted: ${counterError}`);
    }
  }
  const schedule = new PeopleCountSchedule(countOpts);
  let countRuns = 0;

  let disposed = false;
  return {
    model,
    keypointSet: MODEL_INFO[model].keypointSet,
    keypointNames: names,
    backend,
    wasmThreads: backend === 'wasm' ? wasmThreadsInUse() : null,
    backendTimingsMs: timings,
    countsPeople: counter !== null,
    peopleCounterError: counterError,
    get peopleCountRuns() {
      return countRuns;
    },
    async estimate(input, tS) {
      if (disposed) throw new Error('pose estimator used after dispose()');
      const { tensor, scale } = await toTensor(input, maxSide);
      let frame: EstimatedFrame;
      try {
        // pose-detection takes timestamps in milliseconds.
        const poses = await detector.estimatePoses(tensor, { maxPoses: 1, flipHorizontal: false }, tS * 1000);
        frame = toFrame(poses, names, tS, scale);
        if (counter && schedule.due(tS, frame.extra.people > 0 ? (frame.extra.poseScore ?? 1) : null)) {
          const found = await counter.estimatePoses(tensor, { maxPoses: 6, flipHorizontal: false });
          schedule.counted(tS, found.filter((p) => (p.score ?? 0) >= countOpts.minPersonScore).length);
          countRuns++;
        }
      } finally {
        tensor.dispose();
      }
      if (counter) {
        frame.extra.peopleCounted = schedule.count;
        if (frame.extra.people > 0) frame.extra.people = Math.max(1, schedule.count ?? 1);
      }
      return frame;
    },
    reset() {
      detector.reset();
      // The counter keeps no state (no tracking, no smoothing); its reset() would throw for multi-pose.
      schedule.reset();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      detector.dispose();
      counter?.dispose();
    },
  };
}
