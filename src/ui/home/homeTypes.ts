/** Shapes of the home results as stored on the device (storage HomeResult.result) and shown. */
import type { View } from '../../kinematics/types.ts';
import type { SingleLegResult } from '../../kinematics/singleLeg.ts';
import type { AssessedMeasure } from './homeAssess.ts';

/** "Started anyway": which setup checks were failing at the start. */
export interface SetupOverride {
  failing: string[];
}

/** A saved posture check. */
export interface SavedPosture {
  view: View;
  measures: AssessedMeasure[];
  exerciseIds: string[];
  override: SetupOverride | null;
  /** Seconds of still standing that were measured. */
  stillS: number;
  frameCount: number;
  warnings: string[];
}

/** A saved single-leg stance test (the analysis without its per-frame series). */
export interface SavedSingleLeg {
  sides: SingleLegResult['sides'];
  baselineObliquityDeg: number;
  baselineSource: SingleLegResult['baselineSource'];
  rule: SingleLegResult['rule'];
  exerciseIds: string[];
  override: SetupOverride | null;
}
