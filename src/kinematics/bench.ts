/** Kinematics benchmark: time to analyse one hour of a 60 fps BlazePose track (synthetic walk), for `npm run bench`. */
import { analyzeTrack } from './report.ts';
import { makeSyntheticWalk } from './synthetic.ts';

/** Seconds of computation per hour of 60 fps BlazePose track (analyzeTrack only, not JSON parsing). */
export function benchKinematics(durationS = 600): { secondsPerHourOfTrack: number } {
  const { track } = makeSyntheticWalk({ camera: 'sagittal-left', fps: 60, durationS, noiseFraction: 0.003, seed: 7 });
  const t0 = performance.now();
  analyzeTrack(track);
  const s = (performance.now() - t0) / 1000;
  return { secondsPerHourOfTrack: (s * 3600) / durationS };
}
