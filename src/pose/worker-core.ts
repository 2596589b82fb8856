/**
 * The pose worker's message handler, separate from the Worker global so that Node tests
 * can drive the exact same protocol in-process. One request in flight at a time is the
 * client's contract; the handler still refuses a second estimate rather than queue it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createPoseEstimator, type BackendChoice, type EstimatedFrame, type PoseBackend, type PoseEstimator, type PoseIo, type RawImage } from './estimator.ts';
import { PoseError, toPoseError, type SerializedPoseError } from './errors.ts';
import { fetchManifest, fetchModelFileReader, loadModelArtifacts, type ModelId } from './models.ts';
import type { KeypointName, KeypointSet } from '../kinematics/keypoints.ts';

/** Options the client sends with 'init'. */
export interface PoseWorkerInit {
  model: ModelId;
  backend: BackendChoice;
  /** Base URL of the weights (default '/models', resolved against the worker's origin). */
  modelsBaseUrl?: string;
  maxInputSidePx?: number;
  /** Count the people in view (MoveNet MultiPose on a sparse subset of frames); default true. */
  countPeople?: boolean;
  /** Threads of the wasm backend (default: estimator.ts defaultWasmThreads). */
  wasmThreads?: number;
}

/** What 'init' and 'setModel' resolve with. */
export interface PoseWorkerInfo {
  model: ModelId;
  backend: PoseBackend;
  keypointSet: KeypointSet;
  keypointNames: KeypointName[];
  backendTimingsMs: Partial<Record<PoseBackend, number>>;
  /** Threads the wasm backend runs on (null on other backends). */
  wasmThreads: number | null;
  /** True when people are counted (extra.people can exceed 1). */
  countsPeople: boolean;
  /** Why the people counter could not be loaded (null when it runs or was not asked for). */
  peopleCounterError: string | null;
}

/** Memory of the worker, for leak checks (bench, tests): tfjs tensors and bytes, wasm heap, JS heap when the browser reports it. */
export interface PoseWorkerStats {
  numTensors: number;
  tensorBytes: number;
  /** Size of the tfjs wasm backend's linear memory, bytes (null on other backends). */
  wasmHeapBytes: number | null;
  /** JS heap in use (Chromium's non-standard performance.memory), bytes; null where absent. */
  jsHeapBytes: number | null;
}

/** Memory figures of the current tfjs engine and JS heap. */
export function poseWorkerStats(): PoseWorkerStats {
  const mem = tf.memory();
  const wasm = (tf.findBackend('wasm') as unknown as { wasm?: { HEAPU8?: Uint8Array } } | null)?.wasm;
  const perf = (globalThis.performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return {
    numTensors: mem.numTensors,
    tensorBytes: mem.numBytes,
    wasmHeapBytes: tf.getBackend() === 'wasm' && wasm?.HEAPU8 ? wasm.HEAPU8.byteLength : null,
    jsHeapBytes: perf ? perf.usedJSHeapSize : null,
  };
}

/** Client → worker messages. */
export type PoseWorkerRequest =
  | { id: number; type: 'init'; init: PoseWorkerInit }
  | { id: number; type: 'estimate'; image: ImageBitmap | VideoFrame | RawImage; tS: number }
  | { id: number; type: 'setModel'; model: ModelId }
  | { id: number; type: 'reset' }
  | { id: number; type: 'stats' }
  | { id: number; type: 'dispose' };

/** Worker → client messages. */
export type PoseWorkerResponse =
  | { id: number; ok: true; result: PoseWorkerInfo | EstimatedFrame | PoseWorkerStats | null }
  | { id: number; ok: false; error: SerializedPoseError };

/** Builds the browser PoseIo: weights fetched from `baseUrl` and checked against its manifest. */
export function browserPoseIo(baseUrl: string, wasmPaths: PoseIo['wasmPaths']): PoseIo {
  const read = fetchModelFileReader(baseUrl);
  let manifest: ReturnType<typeof fetchManifest> | null = null;
  return {
    wasmPaths,
    async loadPart(part) {
      manifest ??= fetchManifest(baseUrl);
      return loadModelArtifacts(part, read, await manifest, `${baseUrl.replace(/\/+$/, '')}/`);
    },
  };
}

function closeImage(image: unknown): void {
  const c = image as { close?: () => void };
  if (typeof c.close === 'function') c.close();
}

/** Creates the handler; `makeIo` supplies weights (browser: fetch; tests: files). */
export function createPoseWorkerHandler(post: (msg: PoseWorkerResponse) => void, makeIo: (init: PoseWorkerInit) => PoseIo): (req: PoseWorkerRequest) => Promise<void> {
  let estimator: PoseEstimator | null = null;
  let init: PoseWorkerInit | null = null;
  let busy = false;

  const info = (e: PoseEstimator): PoseWorkerInfo => ({
    model: e.model,
    backend: e.backend,
    keypointSet: e.keypointSet,
    keypointNames: [...e.keypointNames],
    backendTimingsMs: { ...e.backendTimingsMs },
    wasmThreads: e.wasmThreads,
    countsPeople: e.countsPeople,
    peopleCounterError: e.peopleCounterError,
  });

  const load = async (opts: PoseWorkerInit): Promise<PoseWorkerInfo> => {
    estimator?.dispose();
    estimator = null;
    estimator = await createPoseEstimator({ model: opts.model, backend: opts.backend, io: makeIo(opts), maxInputSidePx: opts.maxInputSidePx, countPeople: opts.countPeople ?? true, wasmThreads: opts.wasmThreads });
    init = opts;
    return info(estimator);
  };

  return async (req) => {
    try {
      switch (req.type) {
        case 'init':
          post({ id: req.id, ok: true, result: await load(req.init) });
          return;
        case 'setModel':
          if (!init) throw new PoseError('internal', 'setModel before init', 'Reload the page.');
          // Keep the measured backend: no need to time backends again for another model.
          post({ id: req.id, ok: true, result: await load({ ...init, model: req.model, backend: estimator?.backend ?? init.backend }) });
          return;
        case 'estimate': {
          if (!estimator) {
            closeImage(req.image);
            throw new PoseError('disposed', 'the pose model is not loaded', 'Wait for the model to load, or reload the page.');
          }
          if (busy) {
            closeImage(req.image);
            throw new PoseError('busy', 'the pose model is busy with another frame', 'Drop this frame and send the next one.');
          }
          busy = true;
          try {
            post({ id: req.id, ok: true, result: await estimator.estimate(req.image, req.tS) });
          } finally {
            busy = false;
            closeImage(req.image);
          }
          return;
        }
        case 'reset':
          estimator?.reset();
          post({ id: req.id, ok: true, result: null });
          return;
        case 'stats':
          post({ id: req.id, ok: true, result: poseWorkerStats() });
          return;
        case 'dispose':
          estimator?.dispose();
          estimator = null;
          post({ id: req.id, ok: true, result: null });
          return;
      }
    } catch (e) {
      post({ id: req.id, ok: false, error: toPoseError(e).toJSON() });
    }
  };
}
