/**
 * Public API of the kinematics engine (pure TypeScript: no DOM, no tfjs, no Node built-ins).
 * Pose track (formats.md §1) → gait report (formats.md §2); definitions in shared/design/metrics.md.
 */
export type * from './types.ts';
export * from './keypoints.ts';
export { analyzeTrack, AnalysisImpossibleError, type AnalyzeOptions } from './report.ts';
export { parsePoseTrack, parseReport, TrackFormatError } from './validate.ts';
export { OneEuroFilter, type OneEuroOptions } from './filters.ts';
export { KINEMATICS_DEFAULTS, UNRELIABLE_LEGS_WARNING, VIEW_MISMATCH_WARNING, type KinematicsSettings } from './conventions.ts';
export * from './synthetic.ts';
