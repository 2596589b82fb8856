/**
 * Typed pose-module errors that cross the worker boundary intact: a `code` the UI can
 * switch on, a one-line `message`, and a `remedy` in words for the user. No tfjs import
 * here: the main thread loads this without the model code.
 */
import { ModelLoadError } from './models.ts';

/** A backend that cannot be used here; `remedy` says what to do. */
export class BackendUnavailableError extends Error {
  readonly backend: 'webgpu' | 'webgl' | 'wasm';
  readonly remedy: string;
  constructor(backend: 'webgpu' | 'webgl' | 'wasm', detail: string) {
    super(`backend ${backend} is not available: ${detail}`);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
    this.remedy = backend === 'wasm' ? 'This browser cannot run WebAssembly; use a current Chrome, Edge, Firefox or Safari.' : 'Choose "auto" or "wasm" as the backend.';
  }
}

/** What went wrong, for the UI to switch on. */
export type PoseErrorCode =
  | 'model-missing'
  | 'model-corrupt'
  | 'model-unreachable'
  | 'backend-unavailable'
  | 'busy'
  | 'bad-input'
  | 'disposed'
  | 'worker-failed'
  | 'internal';

/** Structured-clone-safe form of a PoseError (what the worker posts). */
export interface SerializedPoseError {
  name: 'PoseError';
  code: PoseErrorCode;
  message: string;
  remedy: string;
  file: string | null;
}

/** A pose-module failure with a remedy the UI shows in words; `file` names a bad model file. */
export class PoseError extends Error {
  readonly code: PoseErrorCode;
  readonly remedy: string;
  readonly file: string | null;
  constructor(code: PoseErrorCode, message: string, remedy: string, file: string | null = null) {
    super(message);
    this.name = 'PoseError';
    this.code = code;
    this.remedy = remedy;
    this.file = file;
  }

  /** The form posted across the worker boundary. */
  toJSON(): SerializedPoseError {
    return { name: 'PoseError', code: this.code, message: this.message, remedy: this.remedy, file: this.file };
  }

  /** Rebuilds a PoseError posted by the worker. */
  static fromJSON(s: SerializedPoseError): PoseError {
    return new PoseError(s.code, s.message, s.remedy, s.file);
  }
}

/** Maps any thrown value to a PoseError (model, backend and input failures keep their meaning). */
export function toPoseError(e: unknown): PoseError {
  if (e instanceof PoseError) return e;
  if (e instanceof ModelLoadError) {
    const code: PoseErrorCode = e.reason === 'missing' ? 'model-missing' : e.reason === 'http' ? 'model-unreachable' : 'model-corrupt';
    return new PoseError(code, e.message, e.remedy, e.file);
  }
  if (e instanceof BackendUnavailableError) return new PoseError('backend-unavailable', e.message, e.remedy);
  if (e instanceof RangeError) return new PoseError('bad-input', e.message, 'The frame could not be read; try another video or camera.');
  const message = e instanceof Error ? e.message : String(e);
  return new PoseError('internal', `pose model failed: ${message}`, 'Reload the page; if it happens again choose another model or backend in the settings.');
}
