/**
 * Assessment: norms, flag rules, exercise catalogue and findings → programme (pure TS; metrics.md).
 * Interim entry point: the signature is final; the rules are being filled in (issue 4).
 */
import type { Side } from '../kinematics/keypoints.ts';
import type { Flag, GaitReport, ReportExercise } from '../kinematics/types.ts';

/** Optional facts about the person that some norms need (speed and cadence by age/sex). */
export interface AssessContext {
  ageYears?: number;
  sex?: 'female' | 'male' | 'other';
  sideOfConcern?: Side | null;
}

/** Flags the report against the norms and builds the exercise programme (ids are catalogue ids). */
export function assess(_report: GaitReport, _context: AssessContext = {}): { flags: Flag[]; exercises: ReportExercise[] } {
  return { flags: [], exercises: [] };
}
