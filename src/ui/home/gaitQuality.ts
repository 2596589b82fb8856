/**
 * Is a home walking recording good enough for reliable gait numbers? A stated rule of this app
 * (no published cut-off): enough strides per side, keypoints seen, and frames fast enough.
 */
import type { GaitReport } from '../../kinematics/types.ts';

/** Minimums for a usable recording. */
export const GAIT_RECORDING_MINIMUMS = Object.freeze({
  /** Whole strides per side (a stride = two steps). */
  stridesPerSide: 3,
  keypointCoverageFraction: 0.8,
  /** Analysed pose frames per second; slower misses foot strikes. */
  fps: 15,
  framesAnalysed: 60,
});

/** The quality summary shown after a recording. */
export interface GaitRecordingQuality {
  framesAnalysed: number;
  meanFps: number;
  keypointCoverageFraction: number;
  strides: { left: number; right: number };
  enough: boolean;
  /** What to change, in plain words (empty when enough). */
  problems: string[];
}

/** Whole strides per side from the report (accepted stride times). */
export function stridesFound(report: GaitReport): { left: number; right: number } {
  const s = report.metrics.strideTimeS;
  return { left: s?.left?.n ?? 0, right: s?.right?.n ?? 0 };
}

/** Summarises a recording's report against {@link GAIT_RECORDING_MINIMUMS}. */
export function gaitRecordingQuality(report: GaitReport, minimums: Partial<typeof GAIT_RECORDING_MINIMUMS> = {}): GaitRecordingQuality {
  const m = { ...GAIT_RECORDING_MINIMUMS, ...minimums };
  const strides = stridesFound(report);
  const q = report.quality;
  const problems: string[] = [];
  if (q.framesAnalysed < m.framesAnalysed) problems.push(`Only ${q.framesAnalysed} frames were analysed (needs ${m.framesAnalysed}). Walk for longer.`);
  if (q.meanFps < m.fps) problems.push(`Frames came at ${q.meanFps.toFixed(1)} per second (needs ${m.fps}). Close other apps or use a faster device; your therapist can also analyse a phone video.`);
  if (q.keypointCoverageFraction < m.keypointCoverageFraction)
    problems.push(`Your body was seen in ${Math.round(q.keypointCoverageFraction * 100)}% of the frames (needs ${Math.round(m.keypointCoverageFraction * 100)}%). Keep your whole body in the picture and improve the light.`);
  if (Math.min(strides.left, strides.right) < m.stridesPerSide)
    problems.push(`Found ${strides.left} left and ${strides.right} right strides (needs ${m.stridesPerSide} each). Walk more passes past the camera.`);
  return { framesAnalysed: q.framesAnalysed, meanFps: q.meanFps, keypointCoverageFraction: q.keypointCoverageFraction, strides, enough: problems.length === 0, problems };
}
