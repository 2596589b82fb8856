/** Kinematics benchmark: time to analyse one hour of a 60 fps BlazePose track (synthetic walk), for `npm run bench`. */
import { analyzeTrack } from './report.ts';
import { makeSyntheticWalk } from './synthetic.ts';
import type { PoseTrack } from './types.ts';

/**
 * Result of benchKinematics, seconds of analyzeTrack per hour of track: `secondsPerHourOfTrack` = best of the timed
 * runs after warm-up (least disturbed by other processes on a shared machine), `medianSecondsPerHourOfTrack` = their
 * median, `coldSecondsPerHourOfTrack` = the first analysis in the process (JIT compilation included).
 */
export interface KinematicsBench {
  secondsPerHourOfTrack: number;
  medianSecondsPerHourOfTrack: number;
  coldSecondsPerHourOfTrack: number;
  runs: number;
  durationS: number;
  frames: number;
  workload: string;
}

/**
 * A long 60 fps BlazePose track of a clinic-style session: a subject walking back and forth past a side camera
 * 5 m away (each pass ≈ 6 s in view, alternately left-to-right showing the left side and right-to-left showing
 * the right side), with 1.5 s without a person between passes (turning out of the frame); with `view` 'frontal',
 * walking alternately toward and away from a camera at the end of the walkway (the pelvic-obliquity estimator
 * runs too). Cheap to build: two synthetic passes are generated once and repeated (frames share their keypoint
 * arrays; analyzeTrack does not mutate its input).
 */
export function makeBenchTrack(durationS: number, view: 'sagittal' | 'frontal' = 'sagittal'): PoseTrack {
  const fps = 60;
  const passS = 6;
  const gapS = 1.5;
  const cameras = view === 'frontal' ? (['frontal-front', 'frontal-back'] as const) : (['sagittal-left', 'sagittal-right'] as const);
  const passes = cameras.map((camera, k) =>
    makeSyntheticWalk({ camera, fps, durationS: passS, noiseFraction: 0.003, seed: 7 + k }).track,
  );
  const first = passes[0] as PoseTrack;
  const empty = first.keypointNames.map((): [null, null, number] => [null, null, 0]);
  const nFrames = Math.floor(durationS * fps) + 1;
  const passFrames = Math.round(passS * fps);
  const cycle = passFrames + Math.round(gapS * fps);
  const frames: PoseTrack['frames'] = new Array(nFrames);
  for (let i = 0; i < nFrames; i++) {
    const c = Math.floor(i / cycle);
    const k = i - c * cycle;
    const src = (passes[c % 2] as PoseTrack).frames[k];
    frames[i] = { t: Math.round((i / fps) * 1e6) / 1e6, keypoints: k < passFrames && src ? src.keypoints : empty };
  }
  return { ...first, source: { kind: 'synthetic', name: 'synthetic-bench-passes' }, frames };
}

/**
 * Seconds of analyzeTrack per hour of 60 fps BlazePose track (makeBenchTrack; the track is built before timing,
 * JSON parsing is not timed): a cold run, a warm-up on a 60 s track, then `runs` timed runs (best and median).
 */
export function benchKinematics(durationS = 600, runs = 3, view: 'sagittal' | 'frontal' = 'sagittal'): KinematicsBench {
  const track = makeBenchTrack(durationS, view);
  const time = (t: PoseTrack): number => {
    const t0 = performance.now();
    analyzeTrack(t);
    return (performance.now() - t0) / 1000;
  };
  const perHour = (s: number): number => (s * 3600) / durationS;
  const cold = time(track);
  time(makeBenchTrack(60, view));
  const warm: number[] = [];
  for (let r = 0; r < Math.max(1, runs); r++) warm.push(time(track));
  warm.sort((a, b) => a - b);
  return {
    secondsPerHourOfTrack: perHour(warm[0] as number),
    medianSecondsPerHourOfTrack: perHour(warm[warm.length >> 1] as number),
    coldSecondsPerHourOfTrack: perHour(cold),
    runs: warm.length,
    durationS,
    frames: track.frames.length,
    workload: `synthetic ${view === 'frontal' ? 'front/back-view' : 'side-view'} passes (6 s walking, 1.5 s no person), 60 fps BlazePose 33, pixel noise 0.3 % of height`,
  };
}
