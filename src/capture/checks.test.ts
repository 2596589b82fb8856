import { describe, expect, it } from 'vitest';
import { BLAZEPOSE_33 } from '../kinematics/keypoints.ts';
import type { KeypointTuple } from '../kinematics/types.ts';
import { evaluateSetup, SETUP_THRESHOLDS, type SetupCheckInput } from './checks.ts';

/** A standing person: head at `topPx`, feet at `bottomPx`, centred at `xPx`, all points sure. */
function standing(xPx: number, topPx: number, bottomPx: number): KeypointTuple[] {
  const h = bottomPx - topPx;
  const y: Record<string, number> = { nose: 0.03, eye: 0.02, ear: 0.03, mouth: 0.05, shoulder: 0.18, elbow: 0.33, wrist: 0.45, pinky: 0.48, index: 0.48, thumb: 0.47, hip: 0.52, knee: 0.73, ankle: 0.95, heel: 0.97, foot_index: 1.0 };
  return BLAZEPOSE_33.map((name) => {
    const part = Object.keys(y).find((p) => name.endsWith(p) || name.startsWith(p)) ?? 'nose';
    const dx = name.startsWith('left_') ? 10 : name.startsWith('right_') ? -10 : 0;
    return [xPx + dx, topPx + (y[part] ?? 0) * h, 0.9];
  });
}

const base = (kp: KeypointTuple[] | null, people = 1): SetupCheckInput => ({
  keypoints: kp,
  keypointSet: 'blazepose33',
  widthPx: 1280,
  heightPx: 720,
  people,
  meanLuma: 120,
  tiltDeg: null,
  cameraFps: 30,
});
const byId = (checks: ReturnType<typeof evaluateSetup>, id: string) => checks.find((c) => c.id === id)!;

describe('evaluateSetup', () => {
  it('passes a whole, large person in good light at 30 fps; level unknown without a sensor', () => {
    const c = evaluateSetup(base(standing(640, 60, 680)));
    expect(byId(c, 'body-in-frame').ok).toBe(true);
    expect(byId(c, 'body-size').ok).toBe(true);
    expect(byId(c, 'light').ok).toBe(true);
    expect(byId(c, 'frame-rate').ok).toBe(true);
    expect(byId(c, 'level').ok).toBeNull();
  });

  it('says no person is visible when the model found nobody', () => {
    const c = evaluateSetup(base(BLAZEPOSE_33.map(() => [null, null, 0] as KeypointTuple), 0));
    expect(byId(c, 'body-in-frame').ok).toBe(false);
    expect(byId(c, 'body-in-frame').hint).toMatch(/no person is visible/i);
    expect(byId(c, 'body-size').ok).toBeNull();
  });

  it('fails "whole body" when the feet are cut off at the bottom edge', () => {
    const c = evaluateSetup(base(standing(640, 100, 760)));
    expect(byId(c, 'body-in-frame').ok).toBe(false);
    expect(byId(c, 'body-in-frame').hint).toMatch(/cut off/);
  });

  it('fails "big enough" below the threshold fraction and passes above it', () => {
    const small = (SETUP_THRESHOLDS.minBodyHeightFraction - 0.05) * 720;
    const big = (SETUP_THRESHOLDS.minBodyHeightFraction + 0.05) * 720;
    expect(byId(evaluateSetup(base(standing(640, 300, 300 + small))), 'body-size').ok).toBe(false);
    expect(byId(evaluateSetup(base(standing(640, 300, 300 + big))), 'body-size').ok).toBe(true);
  });

  it('flags dark and bright pictures, a tilted camera, and a slow camera', () => {
    const kp = standing(640, 60, 680);
    expect(byId(evaluateSetup({ ...base(kp), meanLuma: 20 }), 'light').hint).toMatch(/dark/);
    expect(byId(evaluateSetup({ ...base(kp), meanLuma: 250 }), 'light').hint).toMatch(/bright/);
    expect(byId(evaluateSetup({ ...base(kp), tiltDeg: 12 }), 'level').ok).toBe(false);
    expect(byId(evaluateSetup({ ...base(kp), tiltDeg: -2 }), 'level').ok).toBe(true);
    expect(byId(evaluateSetup({ ...base(kp), cameraFps: 15 }), 'frame-rate').ok).toBe(false);
  });
});
