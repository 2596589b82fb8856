/**
 * Home results → norms, findings and exercises, through the assessment module
 * (src/assessment/posture.ts: posture norms, the Trendelenburg rule, findings → exercises).
 */
import type { PostureMeasure, PostureResult } from '../../kinematics/posture.ts';
import type { SingleLegAttempt, SingleLegResult } from '../../kinematics/singleLeg.ts';
import { EXERCISES, type Exercise } from '../../assessment/exercises.ts';
import type { SetupCheck } from '../../kinematics/setupChecks.ts';
import { judgePostureMeasures, postureExercises, singleLegStanceTest, type CameraLevel, type PostureAssessment, type SingleLegStanceResult } from '../../assessment/posture.ts';

/** A posture measure with its judgement against the norm (null when it was not measured or not judged). */
export interface AssessedMeasure extends PostureMeasure {
  assessment: PostureAssessment | null;
  /** Why a measured value was not judged (the camera was not level); absent when judged or not measured. */
  notJudged?: string;
}

/** The camera-level check among the setup checks, as the assessment reads it; null when there is none. */
export function cameraLevelOf(checks: readonly SetupCheck[]): CameraLevel | null {
  const c = checks.find((x) => x.id === 'level');
  return c ? { status: c.status, tiltDeg: c.tiltDeg ?? null } : null;
}

/** Judges each measured posture value against its norm; tilt-sensitive ones are not judged when the camera was not level. */
export function assessPosture(result: PostureResult, cameraLevel: CameraLevel | null = null): AssessedMeasure[] {
  const judged = judgePostureMeasures(result.measures, cameraLevel);
  return result.measures.map((m, i) => {
    const j = judged[i];
    return j?.notJudged ? { ...m, assessment: null, notJudged: j.notJudged } : { ...m, assessment: j?.assessment ?? null };
  });
}

/** The Trendelenburg judgement of one side (null when the hips were not seen, so no drop was measured). */
export function judgeSingleLegSide(a: SingleLegAttempt): SingleLegStanceResult | null {
  if (a.peakPelvicDropDeg === null) return null;
  return singleLegStanceTest({
    stanceSide: a.stanceSide,
    peakDropDeg: a.peakPelvicDropDeg,
    holdS: a.holdS,
    peakTrunkLeanTowardStanceDeg: a.peakTrunkLeanTowardStanceDeg ?? undefined,
  });
}

const byId = new Map(EXERCISES.map((e) => [e.id, e] as const));

/** Catalogue exercises by id, in the given order (unknown ids skipped). */
export function exercisesByIds(ids: readonly string[]): Readonly<Exercise>[] {
  return [...new Set(ids)].map((id) => byId.get(id)).filter((e): e is Readonly<Exercise> => e !== undefined);
}

/** Exercises for the posture measures outside their norm. */
export function exercisesForPosture(measures: readonly AssessedMeasure[], max = 4): Readonly<Exercise>[] {
  const judged = measures.flatMap((m) => (m.assessment ? [m.assessment] : []));
  return exercisesByIds(postureExercises(judged, [], max));
}

/** Exercises after a single-leg test (hip-abductor work when a side is positive or compensated). */
export function exercisesForSingleLeg(result: SingleLegResult, max = 4): Readonly<Exercise>[] {
  const judged = Object.values(result.sides).flatMap((a) => {
    if (!a) return [];
    const j = judgeSingleLegSide(a);
    return j ? [j] : [{ positive: a.positive === true, compensated: false }];
  });
  return exercisesByIds(postureExercises([], judged, max));
}
