/**
 * Webcam access: list cameras, open one, and map browser failures to CaptureErrors
 * with words a therapist can act on.
 */
import { CaptureError } from './errors.ts';

/** Preferred capture size and rate; the browser picks the nearest the camera offers. */
export const CAMERA_DEFAULTS = Object.freeze({ widthPx: 1280, heightPx: 720, fps: 30 });

/** A camera the user can pick: `deviceId` may be '' before permission is granted. */
export interface CameraInfo {
  deviceId: string;
  label: string;
}

/** The video inputs of this device; labels are generic until camera permission is granted. */
export async function listCameras(): Promise<CameraInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}

/** Opens a camera (the given one, or the default); throws CaptureError on every failure. */
export async function openCamera(deviceId?: string): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CaptureError(
      'camera-unsupported',
      'This browser cannot use a camera here.',
      'Open Gaitscope in a current Chrome, Edge, Firefox or Safari, from a secure (https or localhost) address. You can still analyse a video file.',
    );
  }
  const video: MediaTrackConstraints = {
    width: { ideal: CAMERA_DEFAULTS.widthPx },
    height: { ideal: CAMERA_DEFAULTS.heightPx },
    frameRate: { ideal: CAMERA_DEFAULTS.fps },
  };
  if (deviceId) video.deviceId = { exact: deviceId };
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (e) {
    throw toCameraError(e);
  }
}

/** Maps a getUserMedia DOMException to a CaptureError with a remedy. */
export function toCameraError(e: unknown): CaptureError {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new CaptureError(
        'camera-denied',
        'Camera access was refused.',
        // Shown both in the clinic (a "Start camera" button, video files on the same screen) and in the home check ("Try again", no video option): words true in both.
        'Allow the camera for this page (the camera icon in the address bar, or the browser settings), then start the camera again.',
        { cause: e },
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new CaptureError(
        'no-camera',
        'No camera was found.',
        'Connect a webcam and start the camera again, or analyse a video recorded on a phone.',
        { cause: e },
      );
    case 'NotReadableError':
    case 'AbortError':
      return new CaptureError(
        'camera-busy',
        'The camera could not be started: another app may be using it.',
        'Close other apps that use the camera (video calls), then start the camera again.',
        { cause: e },
      );
    default:
      // Not a known camera failure: keep the original error so a bug is not hidden.
      throw e;
  }
}

/** Stops every track of a stream (turns the camera light off). */
export function stopStream(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((t) => t.stop());
}
