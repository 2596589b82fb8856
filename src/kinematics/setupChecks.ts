/**
 * Live camera-setup checks before a home capture (pure TS): is a person in view, whole body in
 * frame, big enough, lit well enough (keypoint scores), camera roughly level, frames fast enough.
 * Words are short and plain, for a phone across the room.
 */
import type { KeypointName } from './keypoints.ts';
import type { PoseFrame } from './types.ts';
import { type KeypointIndex, type PointPx, keypointIndex, median, midpoint, pointOf, standingHeightPx } from './postureGeometry.ts';

/** Ids of the checks, in display order. Don't change them: the UI's test ids use them. */
export const SETUP_CHECK_IDS = ['person', 'whole-body', 'size', 'light', 'level', 'frame-rate'] as const;
export type SetupCheckId = (typeof SETUP_CHECK_IDS)[number];
export type SetupCheckStatus = 'ok' | 'warn' | 'fail';

/** One check's traffic light and its words. */
export interface SetupCheck {
  id: SetupCheckId;
  status: SetupCheckStatus;
  words: string;
  /** Level check only: the measured camera tilt, degrees (absolute); absent when it could not be measured. */
  tiltDeg?: number;
}

/** What the checks are for: sets the frame-rate need and how large the person must be. */
export type CaptureKind = 'posture' | 'single-leg' | 'gait';

/** Thresholds per capture kind. Fractions of image height; frames per second of analysed pose frames. */
export const SETUP_THRESHOLDS = Object.freeze({
  /** A person is "in view" when shoulders and hips are seen in at least this fraction of recent frames. */
  personFraction: 0.5,
  /** Keypoints this close to the image edge (fraction of the size) count as cut off. */
  edgeMarginFraction: 0.01,
  /** Mean score of body keypoints: ok at or above, warn at or above `lightWarn`, else fail. */
  lightOk: 0.65,
  lightWarn: 0.45,
  /** Mean luma (0..255, Rec. 601) of the camera picture, when measured: below `lumaMin` is too dark, above `lumaMax` too bright (a window or lamp behind). */
  lumaMin: 50,
  lumaMax: 225,
  /** Tilt of the camera (device sensor, else the standing person's ankle→shoulder line), degrees: ok up to, warn up to, else fail. */
  levelOkDeg: 3,
  levelWarnDeg: 7,
  size: {
    posture: { ok: 0.5, warn: 0.35, maxOk: 0.97 },
    'single-leg': { ok: 0.5, warn: 0.35, maxOk: 0.97 },
    gait: { ok: 0.3, warn: 0.2, maxOk: 0.97 },
  },
  fps: {
    posture: { ok: 4, warn: 2 },
    'single-leg': { ok: 8, warn: 4 },
    gait: { ok: 20, warn: 10 },
  },
  /** Frames per second of the camera itself, when the recorded video (not the live poses) is analysed: foot strikes need about 25. */
  cameraFps: { ok: 24, warn: 15 },
});

/** Inputs of {@link runSetupChecks}. */
export interface SetupCheckInput {
  /** The most recent pose frames (about the last second). */
  frames: readonly PoseFrame[];
  names: readonly KeypointName[] | readonly string[];
  image: { widthPx: number; heightPx: number };
  /** Measured rate of analysed pose frames, per second; null when not yet known. */
  fps: number | null;
  kind: CaptureKind;
  /** Camera roll from the device's orientation sensor, degrees from upright; null/undefined when unavailable. */
  deviceRollDeg?: number | null;
  /** Mean luma 0..255 of the camera picture; null/undefined when not measured (light is then judged from keypoint scores only). */
  meanLuma?: number | null;
  /** Frame rate of the camera stream, per second, when the recording is analysed afterwards; the frame-rate check then judges it instead of `fps`. */
  cameraFps?: number | null;
}

const BODY = ['nose', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'];

function personSeen(f: PoseFrame, index: KeypointIndex): boolean {
  const core = ['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip'].filter((n) => pointOf(f, index, n) !== null);
  return core.length >= 3;
}

const inside = (p: PointPx, w: number, h: number, m: number): boolean => p.xPx >= w * m && p.xPx <= w * (1 - m) && p.yPx >= h * m && p.yPx <= h * (1 - m);

/** Every setup check over recent frames, in {@link SETUP_CHECK_IDS} order. */
export function runSetupChecks(input: SetupCheckInput): SetupCheck[] {
  const T = SETUP_THRESHOLDS;
  const index = keypointIndex(input.names);
  const { widthPx: w, heightPx: h } = input.image;
  const withPerson = input.frames.filter((f) => personSeen(f, index));
  const hasPerson = input.frames.length > 0 && withPerson.length >= T.personFraction * input.frames.length;
  const last = withPerson[withPerson.length - 1];
  const checks: SetupCheck[] = [];

  const frameRate = frameRateCheck(input);
  const level = levelCheck(input, withPerson, index);

  if (!hasPerson || !last) {
    const no = 'No person in view.';
    checks.push({ id: 'person', status: 'fail', words: 'No person in view. Step in front of the camera.' });
    checks.push({ id: 'whole-body', status: 'fail', words: `${no} Your whole body, head to feet, must be seen.` });
    checks.push({ id: 'size', status: 'fail', words: `${no} Cannot tell if you are big enough in the picture.` });
    checks.push(lumaCheck(input.meanLuma, false) ?? { id: 'light', status: 'fail', words: `${no} Cannot check the light yet.` });
    checks.push(level ?? { id: 'level', status: 'fail', words: `${no} Cannot check if the camera is level.` });
    checks.push(frameRate);
    return checks;
  }
  const people = last.extra?.['people'];
  const many = typeof people === 'number' && people > 1;
  checks.push(
    many
      ? { id: 'person', status: 'warn', words: 'More than one person in view. Only you should be in the picture.' }
      : { id: 'person', status: 'ok', words: 'Person in view.' },
  );

  // Whole body: head and both ankles seen, inside the frame.
  const m = T.edgeMarginFraction;
  const head = ['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear'].map((n) => pointOf(last, index, n)).find((p) => p !== null) ?? null;
  const ankles = [pointOf(last, index, 'left_ankle'), pointOf(last, index, 'right_ankle')];
  const headOk = head !== null && inside(head, w, h, m);
  const feetOk = ankles.every((p) => p !== null && inside(p, w, h, m));
  if (headOk && feetOk) checks.push({ id: 'whole-body', status: 'ok', words: 'Whole body in the picture, head to feet.' });
  else if (!headOk && !feetOk) checks.push({ id: 'whole-body', status: 'fail', words: 'Head and feet are cut off. Move the camera further away.' });
  else if (!headOk) checks.push({ id: 'whole-body', status: 'fail', words: 'Your head is cut off. Tilt the camera up a little or step back.' });
  else checks.push({ id: 'whole-body', status: 'fail', words: 'Your feet are cut off. Step back, or put the camera lower.' });

  // Size: standing height as a fraction of the image height.
  const heights = withPerson.map((f) => standingHeightPx(f, index)).filter((x): x is number => x !== null);
  const size = T.size[input.kind];
  const frac = heights.length ? median(heights) / h : Number.NaN;
  if (!Number.isFinite(frac)) checks.push({ id: 'size', status: 'fail', words: 'Cannot see your whole height yet.' });
  else if (frac > size.maxOk) checks.push({ id: 'size', status: 'fail', words: 'Too close. Step back from the camera.' });
  else if (frac >= size.ok) checks.push({ id: 'size', status: 'ok', words: 'You are big enough in the picture.' });
  else if (frac >= size.warn) checks.push({ id: 'size', status: 'warn', words: 'A little small. Come one step closer if your feet stay in the picture.' });
  else checks.push({ id: 'size', status: 'fail', words: 'Too small. Come closer to the camera.' });

  // Light: keypoint confidence is the proxy the pose model gives us.
  const scores: number[] = [];
  for (const f of withPerson) {
    for (const n of BODY) {
      const i = index.get(n);
      const k = i === undefined ? undefined : f.keypoints[i];
      if (k) scores.push(k[2]);
    }
  }
  const meanScore = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0;
  const luma = lumaCheck(input.meanLuma, true);
  if (luma && luma.status === 'fail') checks.push(luma);
  else if (meanScore >= T.lightOk) checks.push({ id: 'light', status: 'ok', words: 'Light is good.' });
  else if (meanScore >= T.lightWarn) checks.push({ id: 'light', status: 'warn', words: 'A bit dark or blurry. More light in the room would help.' });
  else checks.push({ id: 'light', status: 'fail', words: 'Too dark or blurry. Turn on more lights, and avoid a bright window behind you.' });

  checks.push(level ?? { id: 'level', status: 'warn', words: 'Cannot check the camera level yet: stand still, facing the camera.' });
  checks.push(frameRate);
  return checks;
}

/** The picture's brightness, when measured: fails when too dark or too bright; null when not measured. */
function lumaCheck(l: number | null | undefined, hasPerson: boolean): SetupCheck | null {
  if (l === null || l === undefined || !Number.isFinite(l)) return null;
  const no = hasPerson ? '' : 'No person in view. ';
  if (l < SETUP_THRESHOLDS.lumaMin) return { id: 'light', status: 'fail', words: `${no}The picture is dark. Turn on more light, or face the camera away from windows.` };
  if (l > SETUP_THRESHOLDS.lumaMax) return { id: 'light', status: 'fail', words: `${no}The picture is too bright. Avoid filming toward a window or a lamp.` };
  // Without a person the body checks all fail; the words still say the brightness is fine.
  return hasPerson ? { id: 'light', status: 'ok', words: 'Light is good.' } : { id: 'light', status: 'fail', words: `${no}The brightness of the picture is fine.` };
}

function frameRateCheck(input: SetupCheckInput): SetupCheck {
  const camera = input.cameraFps;
  const useCamera = camera !== null && camera !== undefined && Number.isFinite(camera) && camera > 0;
  const need = useCamera ? SETUP_THRESHOLDS.cameraFps : SETUP_THRESHOLDS.fps[input.kind];
  const fps = useCamera ? camera : input.fps;
  if (fps === null || !Number.isFinite(fps)) return { id: 'frame-rate', status: 'warn', words: 'Measuring the frame rate…' };
  const n = fps.toFixed(fps < 10 ? 1 : 0);
  const what = useCamera ? 'Camera frame rate' : 'Frame rate';
  // A camera slows down in the dark; live pose frames slow down on a busy device.
  const remedy = useCamera ? 'Add light, or choose another camera.' : 'Close other apps, or use a faster device.';
  if (fps >= need.ok) return { id: 'frame-rate', status: 'ok', words: `${what} is fine (${n} per second).` };
  if (fps >= need.warn) return { id: 'frame-rate', status: 'warn', words: `${what} is low (${n} per second). ${remedy}` };
  return { id: 'frame-rate', status: 'fail', words: `${what} too low (${n} per second; needs ${need.warn}). ${remedy}` };
}

/**
 * Approximate camera roll, degrees (+ = the picture is rotated clockwise): from the device sensor
 * when given, else the median tilt of the person's mid-ankle → head line from vertical
 * (a person standing still is close to vertical). Null when neither is available.
 */
export function estimateCameraRollDeg(frames: readonly PoseFrame[], names: readonly KeypointName[] | readonly string[], deviceRollDeg?: number | null): { rollDeg: number; from: 'device' | 'body' } | null {
  if (deviceRollDeg !== null && deviceRollDeg !== undefined && Number.isFinite(deviceRollDeg)) return { rollDeg: deviceRollDeg, from: 'device' };
  const index = keypointIndex(names);
  const tilts: number[] = [];
  for (const f of frames) {
    const feet = midpoint(pointOf(f, index, 'left_ankle'), pointOf(f, index, 'right_ankle'));
    const shoulders = midpoint(pointOf(f, index, 'left_shoulder'), pointOf(f, index, 'right_shoulder'));
    if (!feet || !shoulders) continue;
    // A clockwise-rotated picture moves the shoulders of an upright person toward +x of the feet.
    tilts.push((Math.atan2(shoulders.xPx - feet.xPx, feet.yPx - shoulders.yPx) * 180) / Math.PI);
  }
  if (!tilts.length) return null;
  return { rollDeg: median(tilts), from: 'body' };
}

function levelCheck(input: SetupCheckInput, withPerson: readonly PoseFrame[], _index: KeypointIndex): SetupCheck | null {
  const est = estimateCameraRollDeg(withPerson, input.names, input.deviceRollDeg);
  if (!est) return null;
  const a = Math.abs(est.rollDeg);
  const how = est.from === 'device' ? "from the phone's tilt sensor" : 'from how upright you stand';
  const deg = `about ${a.toFixed(0)}°`;
  if (a <= SETUP_THRESHOLDS.levelOkDeg) return { id: 'level', status: 'ok', words: `Camera looks level (approximate, ${how}).`, tiltDeg: a };
  // A person standing still cannot lean this far as a whole: beyond it the camera is rolled or looks down at an angle.
  if (a <= SETUP_THRESHOLDS.levelWarnDeg) return { id: 'level', status: 'warn', words: `Camera may be tilted ${deg}. Stand it straight (approximate, ${how}).`, tiltDeg: a };
  return { id: 'level', status: 'fail', words: `Camera is tilted ${deg}. Stand it straight (approximate, ${how}).`, tiltDeg: a };
}

/** True when no check fails (warnings do not block a capture). */
export function setupReady(checks: readonly SetupCheck[]): boolean {
  return checks.length > 0 && checks.every((c) => c.status !== 'fail');
}

/** Measured rate of frames per second from their timestamps (frames − 1 over the span); null with fewer than 2. */
export function measuredFps(frames: readonly PoseFrame[]): number | null {
  const a = frames[0];
  const b = frames[frames.length - 1];
  if (!a || !b || frames.length < 2 || b.t <= a.t) return null;
  return (frames.length - 1) / (b.t - a.t);
}
