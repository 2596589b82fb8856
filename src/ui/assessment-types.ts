/** The clinic's assessment types (product.md step 3): what each measures and how to film it. */
import type { View } from '../kinematics/types.ts';
import type { SessionKind } from '../storage/types.ts';

/** Assessment type ids. */
export type AssessmentTypeId = 'walk-side' | 'walk-front' | 'posture' | 'single-leg';

/** One assessment type. */
export interface AssessmentType {
  id: AssessmentTypeId;
  title: string;
  measures: string;
  /** Camera placement in words (the drawing shows the same). */
  placement: string;
  /** Walking view for the analyser, or null for standing tests. */
  view: View | null;
  sessionKind: SessionKind;
}

/** All assessment types, in the order the UI lists them. */
export const ASSESSMENT_TYPES: readonly AssessmentType[] = Object.freeze([
  {
    id: 'walk-side',
    title: 'Walk, filmed from the side',
    measures: 'Cadence, step and stride, stance time, knee and hip angles.',
    placement: 'Camera at hip height, 3–4 m to the side of a straight 5–6 m walkway, pointing square across it. The patient walks the whole length, turns, and walks back: 3–4 passes.',
    view: 'sagittal',
    sessionKind: 'gait',
  },
  {
    id: 'walk-front',
    title: 'Walk, filmed from the front or back',
    measures: 'Hip drop, pelvic tilt, trunk lean.',
    placement: 'Camera at hip height at the end of a straight 5–6 m walkway, pointing along it. The patient walks toward the camera and away: 3–4 passes.',
    view: 'frontal',
    sessionKind: 'gait',
  },
  {
    id: 'posture',
    title: 'Standing posture',
    measures: 'Shoulder and pelvic level, trunk lean.',
    placement: 'Camera at hip height, 2–3 m in front of the patient, who stands still, feet hip-width apart, arms relaxed.',
    view: null,
    sessionKind: 'posture',
  },
  {
    id: 'single-leg',
    title: 'Single-leg stance test',
    measures: 'Hip drop and trunk lean while standing on one leg; time held.',
    placement: 'Camera at hip height, 2–3 m in front of the patient, who stands on one leg, then the other.',
    view: null,
    sessionKind: 'single-leg',
  },
]);

/** Looks up a type by id. */
export function assessmentType(id: string | null | undefined): AssessmentType | undefined {
  return ASSESSMENT_TYPES.find((t) => t.id === id);
}
