/**
 * The pose estimator: one model (models.ts) on one tfjs backend, turning an image into a
 * pose-track frame (formats.md §1) in image pixels. Runs in a Web Worker (pose.worker.ts),
 * on the main thread, or in Node (node.ts) — the same code everywhere.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as poseDetection from '@tensorflow-models/pose-detection';
import type { KeypointName, KeypointSet } from '../kinematics/keypoints.ts';
import type { KeypointTuple, PoseFrame } from '../kinematics/types.ts';
import { BackendUnavailableError } from './errors.ts';
import { DEFAULT_MODEL, MODEL_INFO, ModelLoadError, keypointNamesOf, type ModelId, type ModelPartId } from './models.ts';

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

/** A pose-track frame plus what the model saw: `people` = persons found (0 or 1: the most prominent one is analysed). */
export type EstimatedFrame = PoseFrame & { extra: { people: number; poseScore: number | null } };

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
  /** Library smoothing of keypoints (default false: kinematics filters zero-phase itself). */
  smoothing?: boolean;
  /** Downscale images whose longer side exceeds this many pixels before inference (keypoints stay in input pixels); 0/undefined = never. */
  maxInputSidePx?: number;
  /** Image used to time backends when backend is 'auto' (default: a synthetic 256×256 frame). */
  warmupFrame?: PoseInput;
  /** Progress/diagnostic messages (backend probing). */
  log?: (message: string) => void;
}

/** What a ready estimator offers. */
export interface PoseEstimator {
  readonly model: ModelId;
  readonly keypointSet: KeypointSet;
  readonly keypointNames: readonly KeypointName[];
  readonly backend: PoseBackend;
  /** Backend timings of the 'auto' choice, ms per frame (empty when the backend was forced). */
  readonly backendTimingsMs: Readonly<Partial<Record<PoseBackend, number>>>;
  /** Estimates the pose in `input`, captured at `tS` seconds (strictly increasing within a sequence). */
  estimate(input: PoseInput, tS: number): Promise<EstimatedFrame>;
  /** Forgets tracking state (call between unrelated videos). */
  reset(): void;
  /** Releases the model's tensors. */
  dispose(): void;
}

/** Software WebGL renderers (no GPU): first call takes 7–32 s of shader compilation, so 'auto' skips them. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

let wasmConfigured = false;
function configureWasm(io: PoseIo): void {
  if (wasmConfigured) return;
  // Threads give nothing on 2 cores and hang in a minified production build (testing.md).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (io.wasmPaths) setWasmPaths(io.wasmPaths as string);
  wasmConfigured = true;
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

async function activate(backend: PoseBackend, io: PoseIo): Promise<void> {
  if (backend === 'wasm') configureWasm(io);
  const ok = await tf.setBackend(backend).catch((e: unknown) => {
    throw new BackendUnavailableError(backend, (e as Error).message);
  });
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
  return { t: tS, keypoints, extra: { people: pose ? poses.length : 0, poseScore: pose?.score ?? null } };
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
  const names = keypointNamesOf(model);

  let backend: PoseBackend;
  let detector: poseDetection.PoseDetector;
  const timings: Partial<Record<PoseBackend, number>> = {};
  if (choice !== 'auto') {
    const obstacle = await backendObstacle(choice, false);
    if (obstacle) throw new BackendUnavailableError(choice, obstacle);
    await activate(choice, io);
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
        await activate(b, io);
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

  let disposed = false;
  return {
    model,
    keypointSet: MODEL_INFO[model].keypointSet,
    keypointNames: names,
    backend,
    backendTimingsMs: timings,
    async estimate(input, tS) {
      if (disposed) throw new Error('pose estimator used after dispose()');
      const { tensor, scale } = await toTensor(input, maxSide);
      let poses: poseDetection.Pose[];
      try {
        // pose-detection takes timestamps in milliseconds.
        poses = await detector.estimatePoses(tensor, { maxPoses: 1, flipHorizontal: false }, tS * 1000);
      } finally {
        tensor.dispose();
      }
      return toFrame(poses, names, tS, scale);
    },
    reset() {
      detector.reset();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      detector.dispose();
    },
  };
}
