/**
 * Main-thread client of the pose worker. One frame at a time: while `busy` the caller
 * drops frames (estimate() refuses with code 'busy' instead of queueing them).
 */
import type { BackendChoice, EstimatedFrame, RawImage } from './estimator.ts';
import { PoseError } from './errors.ts';
import { DEFAULT_MODEL, type ModelId } from './models.ts';
import type { PoseWorkerInfo, PoseWorkerRequest, PoseWorkerResponse, PoseWorkerStats } from './worker-core.ts';

/** The parts of a Worker the client uses (a fake can stand in for tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (ev: ErrorEvent) => void): void;
  terminate(): void;
}

/** Options of createPoseWorker. */
export interface PoseWorkerOptions {
  model?: ModelId;
  backend?: BackendChoice;
  modelsBaseUrl?: string;
  /** Longer image side the model is fed, px (larger frames are downscaled in the worker; default DEFAULT_MAX_INPUT_SIDE_PX, 0 = never). */
  maxInputSidePx?: number;
  /** Count the people in view so `extra.people` can exceed 1 (default true). */
  countPeople?: boolean;
  /** Threads of the wasm backend (default: defaultWasmThreads in estimator.ts — both cores on a 1–2-core machine, half from 4 up — when the page is cross-origin isolated, else 1). */
  wasmThreads?: number;
  /** Worker to talk to (default: a new module worker running pose.worker.ts). */
  worker?: WorkerLike;
}

/** The pose worker as the app sees it. */
export interface PoseWorkerClient {
  /** Resolves when the model is loaded: chosen backend and model; rejects with a PoseError. */
  ready: Promise<PoseWorkerInfo>;
  /** True while a frame is being estimated or a model loading. */
  readonly busy: boolean;
  /** Estimates one frame (the image is transferred, and closed by the worker); rejects with code 'busy' if a frame is in flight. */
  estimate(image: ImageBitmap | VideoFrame | RawImage, tS: number): Promise<EstimatedFrame>;
  /** Loads another model on the same backend; `ready` is replaced by the new load. */
  setModel(model: ModelId): Promise<PoseWorkerInfo>;
  /** Forgets tracking state (between unrelated videos). */
  reset(): Promise<void>;
  /** Memory figures of the worker (tensor count, wasm and JS heap), for leak checks. */
  stats(): Promise<PoseWorkerStats>;
  /** Stops the worker; pending calls reject with code 'disposed'. */
  dispose(): void;
}

/** Omit over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function transferables(image: unknown): Transferable[] {
  if (typeof ImageBitmap !== 'undefined' && image instanceof ImageBitmap) return [image];
  if (typeof VideoFrame !== 'undefined' && image instanceof VideoFrame) return [image as unknown as Transferable];
  return [];
}

/**
 * Default long side of the images the worker feeds the model, px. BlazePose crops the
 * person to 256×256 anyway: on tfjs-pose_squats.mp4 the error vs tfjs-models' expected
 * keypoints is the same at 640 as at full size (median 5.7 vs 5.9 px) while a 1280×720
 * frame costs far less (bench/results.json).
 */
export const DEFAULT_MAX_INPUT_SIDE_PX = 640;

/** Starts the pose worker and loads `opts.model` (default BlazePose full) on `opts.backend` (default 'auto'). */
export function createPoseWorker(opts: PoseWorkerOptions = {}): PoseWorkerClient {
  const worker: WorkerLike = opts.worker ?? new Worker(new URL('./pose.worker.ts', import.meta.url), { type: 'module', name: 'gaitscope-pose' });
  let nextId = 1;
  let inFlight = 0;
  let loading = 0;
  let disposed = false;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: PoseError) => void }>();

  const failAll = (err: PoseError) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.addEventListener('message', (ev: MessageEvent) => {
    const msg = ev.data as PoseWorkerResponse;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(PoseError.fromJSON(msg.error));
  });
  worker.addEventListener('error', (ev: ErrorEvent) => {
    failAll(new PoseError('worker-failed', `the pose worker stopped: ${ev.message || 'unknown error'}`, 'Reload the page; if it persists, this browser may not support module workers.'));
  });

  const call = <T>(req: DistributiveOmit<PoseWorkerRequest, 'id'>, transfer: Transferable[] = []): Promise<T> => {
    if (disposed) return Promise.reject(new PoseError('disposed', 'the pose worker was stopped', 'Start the analysis again.'));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...req, id }, transfer);
    });
  };

  const load = (p: Promise<PoseWorkerInfo>): Promise<PoseWorkerInfo> => {
    loading++;
    return p.finally(() => loading--);
  };

  const client: PoseWorkerClient = {
    ready: load(
      call<PoseWorkerInfo>({ type: 'init', init: { model: opts.model ?? DEFAULT_MODEL, backend: opts.backend ?? 'auto', modelsBaseUrl: opts.modelsBaseUrl, maxInputSidePx: opts.maxInputSidePx ?? DEFAULT_MAX_INPUT_SIDE_PX, countPeople: opts.countPeople ?? true, wasmThreads: opts.wasmThreads } }),
    ),
    get busy() {
      return inFlight > 0 || loading > 0;
    },
    estimate(image, tS) {
      if (inFlight > 0 || loading > 0) {
        (image as { close?: () => void }).close?.();
        return Promise.reject(new PoseError('busy', 'the pose model is busy with another frame', 'Drop this frame and send the next one.'));
      }
      inFlight++;
      return call<EstimatedFrame>({ type: 'estimate', image, tS }, transferables(image)).finally(() => inFlight--);
    },
    setModel(model) {
      const p = load(call<PoseWorkerInfo>({ type: 'setModel', model }));
      client.ready = p;
      return p;
    },
    async reset() {
      await call<null>({ type: 'reset' });
    },
    stats() {
      return call<PoseWorkerStats>({ type: 'stats' });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      worker.terminate();
      failAll(new PoseError('disposed', 'the pose worker was stopped', 'Start the analysis again.'));
    },
  };
  client.ready.catch(() => {}); // the caller awaits `ready`; avoid an unhandled rejection if it never does
  return client;
}
