/// <reference lib="webworker" />
/**
 * The pose Web Worker: loads the model and estimates poses off the main thread. Frames
 * arrive as transferred ImageBitmaps/VideoFrames and are closed after use.
 */
import { BROWSER_WASM_PATHS } from './wasm-urls.ts';
import { browserPoseIo, createPoseWorkerHandler, type PoseWorkerRequest, type PoseWorkerResponse } from './worker-core.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createPoseWorkerHandler(
  (msg: PoseWorkerResponse) => scope.postMessage(msg),
  (init) => browserPoseIo(new URL(init.modelsBaseUrl ?? '/models', scope.location.origin).href, BROWSER_WASM_PATHS),
);
scope.onmessage = (ev: MessageEvent<PoseWorkerRequest>) => void handle(ev.data);
