/**
 * One pose worker for the whole app (live view and file analysis share it), created on
 * first use. Its loading state is reactive so screens can say "Loading the pose model…"
 * or show a model failure with a way forward.
 */
import { createPoseWorker, type PoseWorkerClient } from '../pose/client.ts';
import { DEFAULT_MODEL, type ModelId } from '../pose/models.ts';
import type { BackendChoice } from '../pose/estimator.ts';

type PoseWorker = PoseWorkerClient;

/** Reactive state of the pose model. */
export const poseModel = $state<{
  status: 'idle' | 'loading' | 'ready' | 'failed';
  model: ModelId;
  /** The backend the user asked for ('auto' = measured). */
  backendChoice: BackendChoice;
  backend: string | null;
  error: string | null;
}>({ status: 'idle', model: DEFAULT_MODEL, backendChoice: 'auto', backend: null, error: null });

let worker: PoseWorker | null = null;

/** The shared pose worker, loaded and ready; throws if the model failed to load. */
export async function getPoseWorker(): Promise<PoseWorker> {
  if (!worker) {
    poseModel.status = 'loading';
    poseModel.error = null;
    worker = createPoseWorker({ model: poseModel.model, backend: poseModel.backendChoice });
  }
  const w = worker;
  try {
    const info = await w.ready;
    poseModel.status = 'ready';
    poseModel.backend = info.backend;
    return w;
  } catch (e) {
    poseModel.status = 'failed';
    poseModel.error = e instanceof Error ? e.message : String(e);
    if (worker === w) {
      w.dispose();
      worker = null;
    }
    throw e;
  }
}

/** Switches the model and/or backend (settings); the next getPoseWorker() loads them. */
export function choosePoseModel(model: ModelId, backendChoice: BackendChoice = poseModel.backendChoice): void {
  if (model === poseModel.model && backendChoice === poseModel.backendChoice) return;
  poseModel.model = model;
  poseModel.backendChoice = backendChoice;
  poseModel.backend = null;
  worker?.dispose();
  worker = null;
  poseModel.status = 'idle';
}
