/**
 * Typed setup and input failures of the capture layer, each with words for the user
 * and a remedy the UI shows (style.md: errors become typed errors with a remedy).
 */
export type CaptureErrorKind =
  | 'camera-denied'
  | 'no-camera'
  | 'camera-busy'
  | 'camera-unsupported'
  | 'camera-unplugged'
  | 'video-empty'
  | 'video-unsupported'
  | 'video-corrupt'
  | 'video-no-track'
  | 'cancelled';

/** A capture failure the user can act on: `message` says what happened, `remedy` what to do. */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  constructor(
    readonly kind: CaptureErrorKind,
    message: string,
    readonly remedy: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for the error thrown when the user cancels an analysis. */
export function isCancelled(e: unknown): boolean {
  return e instanceof CaptureError && e.kind === 'cancelled';
}
