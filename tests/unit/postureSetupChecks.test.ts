import { describe, expect, it } from 'vitest';
import { estimateCameraRollDeg, measuredFps, runSetupChecks, setupReady, SETUP_CHECK_IDS, type SetupCheck } from '../../src/kinematics/setupChecks.ts';
import { makeStandingFigure, type StandingFigureOptions } from '../../src/kinematics/postureSynthetic.ts';
import type { PoseFrame } from '../../src/kinematics/types.ts';

const image = { widthPx: 1000, heightPx: 1000 };
const names = makeStandingFigure().names;
const frames = (o: StandingFigureOptions, n = 10, fps = 10): PoseFrame[] => Array.from({ length: n }, (_, i) => makeStandingFigure({ ...o, t: i / fps }).frame);
const byId = (checks: SetupCheck[], id: string): SetupCheck => checks.find((c) => c.id === id)!;

describe('setup checks', () => {
  it('a well-placed person passes every check', () => {
    const checks = runSetupChecks({ frames: frames({ heightPx: 800, floorYPx: 950 }), names, image, fps: 12, kind: 'posture' });
    expect(checks.map((c) => c.id)).toEqual([...SETUP_CHECK_IDS]);
    expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(setupReady(checks)).toBe(true);
  });

  it('no person: everything about the body fails with the words "No person"', () => {
    const empty: PoseFrame[] = Array.from({ length: 5 }, (_, i) => ({ t: i / 10, keypoints: names.map(() => [null, null, 0] as [null, null, number]) }));
    const checks = runSetupChecks({ frames: empty, names, image, fps: 10, kind: 'posture' });
    for (const id of ['person', 'whole-body', 'size', 'light', 'level'] as const) {
      expect(byId(checks, id).status).toBe('fail');
      expect(byId(checks, id).words).toMatch(/no person/i);
    }
    expect(setupReady(checks)).toBe(false);
    expect(setupReady(runSetupChecks({ frames: [], names, image, fps: null, kind: 'gait' }))).toBe(false);
  });

  it('feet cut off at the bottom fails whole-body and says to step back', () => {
    const checks = runSetupChecks({ frames: frames({ heightPx: 900, floorYPx: 1040 }), names, image, fps: 12, kind: 'posture' });
    expect(byId(checks, 'whole-body')).toMatchObject({ status: 'fail' });
    expect(byId(checks, 'whole-body').words).toMatch(/feet/);
  });

  it('size: 0.55 of the picture ok, 0.4 warn, 0.25 fail for posture; 0.25 warn for a walk', () => {
    const size = (h: number, kind: 'posture' | 'gait') => byId(runSetupChecks({ frames: frames({ heightPx: h * 1000, floorYPx: 900 }), names, image, fps: 30, kind }), 'size').status;
    expect(size(0.55, 'posture')).toBe('ok');
    expect(size(0.4, 'posture')).toBe('warn');
    expect(size(0.25, 'posture')).toBe('fail');
    expect(size(0.25, 'gait')).toBe('warn');
  });

  it('light: follows the keypoint scores', () => {
    const light = (score: number) => byId(runSetupChecks({ frames: frames({ score }), names, image, fps: 12, kind: 'posture' }), 'light').status;
    expect(light(0.9)).toBe('ok');
    expect(light(0.5)).toBe('warn');
    expect(light(0.35)).toBe('fail');
  });

  it('level: a camera rolled 5° warns, 10° fails (from the body or the sensor); the words say it is approximate', () => {
    const lvl = (deg: number, deviceRollDeg?: number) => byId(runSetupChecks({ frames: frames({ cameraRollDeg: deg }), names, image, fps: 12, kind: 'posture', deviceRollDeg }), 'level');
    expect(lvl(1).status).toBe('ok');
    expect(lvl(5).status).toBe('warn');
    expect(lvl(-10).status).toBe('fail');
    expect(lvl(-10).words).toMatch(/approximate/);
    expect(lvl(-10).words).toMatch(/10°/);
    expect(lvl(0, -10).status).toBe('fail');
    expect(estimateCameraRollDeg(frames({ cameraRollDeg: 6 }), names)!.rollDeg).toBeCloseTo(6, 0);
    // The device sensor wins when present.
    const dev = runSetupChecks({ frames: frames({ cameraRollDeg: 10 }), names, image, fps: 12, kind: 'posture', deviceRollDeg: 1 });
    expect(byId(dev, 'level')).toMatchObject({ status: 'ok' });
    expect(byId(dev, 'level').words).toMatch(/sensor/);
  });

  it('frame rate: needs more for a walk than for posture', () => {
    const fr = (fps: number, kind: 'posture' | 'single-leg' | 'gait') => byId(runSetupChecks({ frames: frames({}), names, image, fps, kind }), 'frame-rate').status;
    expect(fr(5, 'posture')).toBe('ok');
    expect(fr(5, 'single-leg')).toBe('warn');
    expect(fr(5, 'gait')).toBe('fail');
    expect(fr(25, 'gait')).toBe('ok');
    expect(measuredFps(frames({}, 11, 10))).toBeCloseTo(10, 6);
  });

  it('light: a measured picture brightness flags dark and bright pictures, even with nobody in view', () => {
    const light = (meanLuma: number, o: StandingFigureOptions = {}) => byId(runSetupChecks({ frames: frames(o), names, image, fps: 12, kind: 'posture', meanLuma }), 'light');
    expect(light(20)).toMatchObject({ status: 'fail' });
    expect(light(20).words).toMatch(/dark/);
    expect(light(250)).toMatchObject({ status: 'fail' });
    expect(light(250).words).toMatch(/too bright/);
    expect(light(120).status).toBe('ok');
    // A well-lit picture does not hide poor keypoint scores (blur, backlight).
    expect(light(120, { score: 0.35 }).status).toBe('fail');
    const empty: PoseFrame[] = Array.from({ length: 5 }, (_, i) => ({ t: i / 10, keypoints: names.map(() => [null, null, 0] as [null, null, number]) }));
    const noOne = (meanLuma: number) => byId(runSetupChecks({ frames: empty, names, image, fps: 10, kind: 'gait', meanLuma }), 'light');
    expect(noOne(120)).toMatchObject({ status: 'fail' });
    expect(noOne(120).words).toMatch(/no person.*brightness of the picture is fine/i);
    expect(noOne(10).words).toMatch(/no person.*dark/i);
  });

  it('frame rate: a recorded walk is judged by the camera frame rate, not the live pose rate', () => {
    const fr = (cameraFps: number | null, fps = 5) => byId(runSetupChecks({ frames: frames({}), names, image, fps, kind: 'gait', cameraFps }), 'frame-rate');
    expect(fr(30).status).toBe('ok');
    expect(fr(30).words).toMatch(/camera frame rate is fine \(30 per second\)/i);
    expect(fr(18).status).toBe('warn');
    expect(fr(10)).toMatchObject({ status: 'fail' });
    expect(fr(10).words).toMatch(/add light/i);
    // No camera rate yet (0 or null): the live pose rate decides.
    expect(fr(0).status).toBe('fail');
    expect(fr(null, 25).status).toBe('ok');
  });

  it('several people in view warns', () => {
    const f = frames({}).map((x) => ({ ...x, extra: { people: 2 } }));
    expect(byId(runSetupChecks({ frames: f, names, image, fps: 12, kind: 'posture' }), 'person').status).toBe('warn');
  });
});
