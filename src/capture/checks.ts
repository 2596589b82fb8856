/**
 * Live setup checks in words (product.md, Setup): whole body in frame, big enough,
 * enough light, camera level, frame rate. Pure functions of one pose frame plus a
 * brightness sample, so they can be unit-tested.
 */
import { KEYPOINT_NAMES, type KeypointSet } from '../kinematics/keypoints.ts';
import type { KeypointTuple } from '../kinematics/types.ts';

/** Thresholds of the setup checks, in one place. */
export const SETUP_THRESHOLDS = Object.freeze({
  /** A keypoint counts as seen above this score (0..1). */
  minScore: 0.5,
  /** Keypoints must lie this far inside the frame edges (fraction of width/height). */
  edgeMarginFraction: 0.02,
  /** Person's height (nose/ear to lowest foot point) as a fraction of frame height, at least. */
  minBodyHeightFraction: 0.4,
  /** Mean luma 0..255 must lie within these. */
  minLuma: 50,
  maxLuma: 225,
  /** Camera tilt from device orientation, at most, degrees. */
  maxTiltDeg: 5,
  /** Camera frame rate, at least (frames/s) — foot strikes need ≥ 25. */
  minCameraFps: 24,
});

/** One check: `ok` null = cannot tell yet. */
export interface SetupCheck {
  id: 'body-in-frame' | 'body-size' | 'light' | 'level' | 'frame-rate';
  label: string;
  ok: boolean | null;
  hint: string;
}

/** Inputs of the checks. */
export interface SetupCheckInput {
  keypoints: readonly KeypointTuple[] | null;
  keypointSet: KeypointSet;
  widthPx: number;
  heightPx: number;
  people: number;
  /** Mean luma 0..255 of the current camera image, or null. */
  meanLuma: number | null;
  /** Camera tilt in degrees (device orientation), or null if this device cannot tell. */
  tiltDeg: number | null;
  /** Measured camera frame rate, frames/s. */
  cameraFps: number;
}

const BODY_ENDS = ['nose', 'left_ankle', 'right_ankle', 'left_hip', 'right_hip', 'left_shoulder', 'right_shoulder'] as const;
const FEET = ['left_ankle', 'right_ankle', 'left_heel', 'right_heel', 'left_foot_index', 'right_foot_index'] as const;
const HEAD = ['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear'] as const;

/** Evaluates the five setup checks. */
export function evaluateSetup(input: SetupCheckInput): SetupCheck[] {
  const t = SETUP_THRESHOLDS;
  const names = KEYPOINT_NAMES[input.keypointSet];
  const get = (n: string): KeypointTuple | undefined => {
    const i = names.indexOf(n as (typeof names)[number]);
    return i < 0 ? undefined : input.keypoints?.[i];
  };
  const seen = (k: KeypointTuple | undefined): k is [number, number, number] =>
    !!k && k[0] !== null && k[1] !== null && k[2] >= t.minScore;
  const inside = (k: [number, number, number]) =>
    k[0] >= input.widthPx * t.edgeMarginFraction &&
    k[0] <= input.widthPx * (1 - t.edgeMarginFraction) &&
    k[1] >= input.heightPx * t.edgeMarginFraction &&
    k[1] <= input.heightPx * (1 - t.edgeMarginFraction);

  const person = input.people > 0 && !!input.keypoints && BODY_ENDS.some((n) => seen(get(n)));
  const ends = BODY_ENDS.map((n) => get(n));
  const whole = person && ends.every((k) => seen(k) && inside(k));
  const headYs = HEAD.map((n) => get(n)).filter(seen).map((k) => k[1]);
  const footYs = FEET.map((n) => get(n)).filter(seen).map((k) => k[1]);
  const bodyFraction = headYs.length && footYs.length ? (Math.max(...footYs) - Math.min(...headYs)) / input.heightPx : null;

  const checks: SetupCheck[] = [
    {
      id: 'body-in-frame',
      label: 'Whole body in the picture',
      ok: whole,
      hint: !person
        ? 'No person is visible. Ask the patient to step into the picture, head to feet.'
        : whole
          ? 'Head to feet are in the picture.'
          : 'Part of the body is cut off. Move the camera back or ask the patient to step into the middle.',
    },
    {
      id: 'body-size',
      label: 'Big enough',
      ok: bodyFraction === null ? null : bodyFraction >= t.minBodyHeightFraction,
      hint:
        bodyFraction === null
          ? 'Waiting to see head and feet.'
          : bodyFraction >= t.minBodyHeightFraction
            ? 'The patient is big enough in the picture.'
            : 'The patient looks small. Move the camera closer (keep the whole body in the picture).',
    },
    {
      id: 'light',
      label: 'Enough light',
      ok: input.meanLuma === null ? null : input.meanLuma >= t.minLuma && input.meanLuma <= t.maxLuma,
      hint:
        input.meanLuma === null
          ? 'Checking the light.'
          : input.meanLuma < t.minLuma
            ? 'The picture is dark. Turn on more light, or face the camera away from windows.'
            : input.meanLuma > t.maxLuma
              ? 'The picture is too bright. Avoid filming toward a window or a lamp.'
              : 'The light is good.',
    },
    {
      id: 'level',
      label: 'Camera level',
      ok: input.tiltDeg === null ? null : Math.abs(input.tiltDeg) <= t.maxTiltDeg,
      hint:
        input.tiltDeg === null
          ? 'This device cannot measure its tilt: check by eye that the camera is upright and at hip height.'
          : Math.abs(input.tiltDeg) <= t.maxTiltDeg
            ? 'The camera is level.'
            : `The camera is tilted by ${Math.round(Math.abs(input.tiltDeg))}°. Straighten it.`,
    },
    {
      id: 'frame-rate',
      label: 'Frame rate',
      ok: input.cameraFps <= 0 ? null : input.cameraFps >= t.minCameraFps,
      hint:
        input.cameraFps <= 0
          ? 'Measuring the frame rate.'
          : input.cameraFps >= t.minCameraFps
            ? `${Math.round(input.cameraFps)} frames per second.`
            : `Only ${Math.round(input.cameraFps)} frames per second. Add light (cameras slow down in the dark) or choose another camera.`,
    },
  ];
  return checks;
}

/** Mean luma 0..255 of a video's current image, sampled on a small canvas. */
export function measureLuma(video: HTMLVideoElement, scratch: HTMLCanvasElement): number | null {
  if (video.videoWidth === 0) return null;
  const w = 32;
  const h = Math.max(1, Math.round((w * video.videoHeight) / video.videoWidth));
  scratch.width = w;
  scratch.height = h;
  const ctx = scratch.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, w, h);
  const data = ctx.getImageData(0, 0, w, h).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
  return sum / (data.length / 4);
}
