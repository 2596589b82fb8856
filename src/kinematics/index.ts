/**
 * Public API of the kinematics engine (pure TypeScript: no DOM, no tfjs, no Node built-ins).
 * Pose track (formats.md §1) → gait report (formats.md §2); definitions in shared/design/metrics.md.
 */
import type { GaitReport, PoseTrack, View } from './types.ts';

export type * from './types.ts';
export * from './keypoints.ts';

/** Options of analyzeTrack: view override ('auto' = decide from keypoints), subject height in metres, live (causal) mode. */
export interface AnalyzeOptions {
  view?: View | 'auto';
  heightM?: number | null;
  live?: boolean;
}

/** Thrown for analysis that is impossible (no person / too few steps): the message says which. */
export class AnalysisImpossibleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisImpossibleError';
  }
}

/** Thrown when a pose-track or report JSON does not match formats.md; `field` names the offending field. */
export class TrackFormatError extends Error {
  field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'TrackFormatError';
    this.field = field;
  }
}

/** Pose track → gait report (formats.md §2) with report.extra: ReportExtra; flags/exercises = [] (assessment fills them). */
export function analyzeTrack(_track: PoseTrack, _options?: AnalyzeOptions): GaitReport {
  throw new AnalysisImpossibleError('analysis not implemented yet');
}

/** Validates unknown JSON as a pose track (formats.md §1); throws TrackFormatError naming the field. */
export function parsePoseTrack(_json: unknown): PoseTrack {
  throw new TrackFormatError('format', 'validation not implemented yet');
}

/** Validates unknown JSON as a gait report (formats.md §2); throws TrackFormatError naming the field. */
export function parseReport(_json: unknown): GaitReport {
  throw new TrackFormatError('format', 'validation not implemented yet');
}

/** Causal One Euro filter (Casiez et al. 2012) for live feedback; `tS` in seconds. */
export class OneEuroFilter {
  constructor(_opts?: { minCutoff?: number; beta?: number; dCutoff?: number }) {}
  /** Filters one sample `x` taken at time `tS` (seconds). */
  filter(x: number, _tS: number): number {
    return x;
  }
  /** Forgets the filter state. */
  reset(): void {}
}

export * from './synthetic.ts';
