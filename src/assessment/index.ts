/**
 * Assessment: norms, flag rules, exercise catalogue, findings → programme, safety text and
 * summary (pure TS, runs in Node and the browser; metrics.md). `gaitscope analyze` calls `assess`.
 */
import type { Side } from '../kinematics/keypoints.ts';
import type { Flag, GaitReport, ReportExercise } from '../kinematics/types.ts';
import { flagReport } from './flags.ts';
import { buildProgramme, toReportExercises } from './programme.ts';

/** Optional facts about the person that some norms need (speed and cadence by age/sex; side of concern orders flags). */
export interface AssessContext {
  ageYears?: number;
  sex?: 'female' | 'male' | 'other';
  sideOfConcern?: Side | null;
}

/** Flags the report against the norms and builds the exercise programme (ids are catalogue ids). Does not mutate the report. */
export function assess(report: GaitReport, context: AssessContext = {}): { flags: Flag[]; exercises: ReportExercise[] } {
  const flags = flagReport(report, context);
  const exercises = toReportExercises(buildProgramme(flags));
  return { flags, exercises };
}

export * from './norms.ts';
export * from './metricInfo.ts';
export * from './flags.ts';
export * from './exercises.ts';
export * from './programme.ts';
export * from './safety.ts';
export * from './summary.ts';
export * from './posture.ts';
