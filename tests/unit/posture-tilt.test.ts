import { describe, expect, it } from 'vitest';
import {
  assessPostureMeasure,
  CAMERA_TILT_TOLERANCE_DEG,
  cameraTiltNotJudged,
  judgePostureMeasures,
  POSTURE_EXERCISES,
  postureExercises,
  TILT_SENSITIVE_MEASURES,
} from '../../src/assessment/posture.ts';
import { measurePosture } from '../../src/kinematics/posture.ts';
import { makeStandingFigure, type StandingFigureOptions } from '../../src/kinematics/postureSynthetic.ts';
import { runSetupChecks } from '../../src/kinematics/setupChecks.ts';
import type { PoseFrame } from '../../src/kinematics/types.ts';
import { assessPosture, cameraLevelOf, exercisesForPosture } from '../../src/ui/home/homeAssess.ts';

const image = { widthPx: 1000, heightPx: 1000 };
const names = makeStandingFigure().names;
const frames = (o: StandingFigureOptions, n = 30, fps = 10): PoseFrame[] =>
  Array.from({ length: n }, (_, i) => makeStandingFigure({ heightPx: 800, floorYPx: 950, centerXPx: 500, ...o, t: i / fps }).frame);

/** A standing person filmed from the front; `rollDeg` rolls the whole picture as a tilted camera does. */
function capture(rollDeg: number, body: StandingFigureOptions = {}) {
  const f = frames({ ...body, cameraRollDeg: rollDeg });
  const checks = runSetupChecks({ frames: f.slice(-15), names, image, fps: 10, kind: 'posture' });
  return { result: measurePosture(f, names, 'frontal'), checks };
}

const tiltSensitiveExercises = new Set(TILT_SENSITIVE_MEASURES.flatMap((id) => POSTURE_EXERCISES[id]));

describe('posture result with a tilted camera (review H6)', () => {
  it('a camera tilted 10° makes a level person read out of range: the level check fails and none of the tilt-sensitive measures is judged', () => {
    const { result, checks } = capture(10);
    const level = cameraLevelOf(checks);
    expect(level).toMatchObject({ status: 'fail' });
    expect(level?.tiltDeg).toBeCloseTo(10, 0);
    // Without the gate (as before the fix), the tilt alone would be graded as a body fault.
    const ungated = assessPosture(result);
    expect(ungated.find((m) => m.id === 'shoulderLevelDeg')?.assessment?.within).toBe(false);
    expect(exercisesForPosture(ungated).length).toBeGreaterThan(0);

    const measures = assessPosture(result, level);
    for (const id of TILT_SENSITIVE_MEASURES) {
      const m = measures.find((x) => x.id === id);
      if (!m) throw new Error(`${id} missing from the frontal result`);
      expect(m.value, id).not.toBeNull();
      expect(m.assessment, id).toBeNull();
      expect(m.notJudged, id).toBe('Not judged: the camera was not level (tilted about 10°). A tilted camera makes your body look tilted by about as much, so this number says more about the camera than about you.');
    }
    expect(exercisesForPosture(measures)).toEqual([]);
  });

  it('a tilted camera withholds only the tilt-sensitive measures: the others stay graded and keep their exercises', () => {
    const measures = [
      { id: 'shoulderLevelDeg' as const, value: 12 },
      { id: 'pelvicLevelDeg' as const, value: -7 },
      { id: 'headTiltDeg' as const, value: 9 },
      { id: 'trunkShiftBodyHeights' as const, value: 0.06 },
      { id: 'forwardHeadDeg' as const, value: 40 },
      { id: 'trunkForwardLeanDeg' as const, value: null },
    ];
    const judged = judgePostureMeasures(measures, { status: 'fail', tiltDeg: -10.4 });
    expect(judged.filter((j) => j.assessment).map((j) => j.id)).toEqual(['forwardHeadDeg']);
    expect(judged.filter((j) => j.notJudged).map((j) => j.id)).toEqual(['shoulderLevelDeg', 'pelvicLevelDeg', 'headTiltDeg', 'trunkShiftBodyHeights']);
    expect(judged.find((j) => j.id === 'trunkForwardLeanDeg')).toEqual({ id: 'trunkForwardLeanDeg', assessment: null, notJudged: null });
    const ids = postureExercises(judged.flatMap((j) => (j.assessment ? [j.assessment] : [])));
    expect(ids).toEqual(POSTURE_EXERCISES.forwardHeadDeg);
    expect(ids.filter((id) => tiltSensitiveExercises.has(id) && !POSTURE_EXERCISES.forwardHeadDeg.includes(id))).toEqual([]);
  });

  it('a level camera changes nothing: every measure is graded as without a level check, with the same exercises', () => {
    const { result, checks } = capture(0, { shoulderTiltDeg: 6, pelvicTiltDeg: -5 });
    const level = cameraLevelOf(checks);
    expect(level?.status).toBe('ok');
    expect(Math.abs(level?.tiltDeg ?? 99)).toBeLessThanOrEqual(CAMERA_TILT_TOLERANCE_DEG);
    const gated = assessPosture(result, level);
    expect(gated).toEqual(assessPosture(result));
    for (const m of gated) expect(m.assessment).toEqual(m.value === null ? null : assessPostureMeasure(m.id, m.value));
    expect(gated.find((m) => m.id === 'shoulderLevelDeg')?.assessment?.within).toBe(false);
    expect(gated.find((m) => m.id === 'pelvicLevelDeg')?.assessment?.within).toBe(false);
    expect(exercisesForPosture(gated).map((e) => e.id)).toEqual(exercisesForPosture(assessPosture(result)).map((e) => e.id));
    expect(exercisesForPosture(gated).length).toBeGreaterThan(0);
  });

  it('the tolerance is the narrowest level norm; a tilt above it is not judged even when the check only warns', () => {
    expect(CAMERA_TILT_TOLERANCE_DEG).toBe(3);
    expect(cameraTiltNotJudged(null)).toBeNull();
    expect(cameraTiltNotJudged({ status: 'ok', tiltDeg: 2.9 })).toBeNull();
    expect(cameraTiltNotJudged({ status: 'warn', tiltDeg: null })).toBeNull();
    expect(cameraTiltNotJudged({ status: 'warn', tiltDeg: 5.2 })).toMatch(/^Not judged: the camera was not level \(tilted about 5°\)/);
    expect(cameraTiltNotJudged({ status: 'fail', tiltDeg: null })).toMatch(/^Not judged: the app could not check that the camera was level/);
    const { checks } = capture(5);
    expect(cameraLevelOf(checks)?.status).toBe('warn');
    expect(judgePostureMeasures([{ id: 'shoulderLevelDeg', value: 5 }], cameraLevelOf(checks))[0]?.assessment).toBeNull();
  });
});
