import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findStableWindow, guessPostureView, measurePosture, trailingStableWindow, type PostureMeasureId, type PostureResult } from '../../src/kinematics/posture.ts';
import { makeStandingFigure, mirrorFrameSwapLabels, type StandingFigureOptions } from '../../src/kinematics/postureSynthetic.ts';
import type { PoseFrame } from '../../src/kinematics/types.ts';

const W = 1000;
const value = (r: PostureResult, id: PostureMeasureId): number => {
  const m = r.measures.find((x) => x.id === id);
  if (!m || m.value === null) throw new Error(`${id} not measured: ${m?.reason}`);
  return m.value;
};
/** A still clip: `n` frames at `fps` of the same figure, with ±`jitterPx` deterministic jitter. */
function clip(opts: StandingFigureOptions, n = 30, fps = 10, jitterPx = 0): { frames: PoseFrame[]; names: readonly string[] } {
  const frames: PoseFrame[] = [];
  let names: readonly string[] = [];
  for (let i = 0; i < n; i++) {
    const f = makeStandingFigure({ ...opts, t: i / fps });
    names = f.names;
    frames.push({
      t: f.frame.t,
      keypoints: f.frame.keypoints.map(([x, y, s], k) => [x === null ? null : x + jitterPx * Math.sin(i * 1.7 + k), y === null ? null : y + jitterPx * Math.cos(i * 2.3 + k), s]),
    });
  }
  return { frames, names };
}

describe('measurePosture, front/back view', () => {
  const tilts = { pelvicTiltDeg: 4, shoulderTiltDeg: -3, headTiltDeg: 6, trunkShiftBodyHeights: 0.02 };

  it('measures known tilts exactly on a synthetic figure filmed from the front', () => {
    const { frames, names } = clip({ view: 'front', ...tilts });
    const r = measurePosture(frames, names, 'frontal');
    expect(value(r, 'pelvicLevelDeg')).toBeCloseTo(4, 6);
    expect(value(r, 'shoulderLevelDeg')).toBeCloseTo(-3, 6);
    expect(value(r, 'headTiltDeg')).toBeCloseTo(6, 6);
    expect(value(r, 'trunkShiftBodyHeights')).toBeCloseTo(0.02, 3);
    expect(r.bodyHeightPx).toBeCloseTo(800, 0);
    expect(r.measures.find((m) => m.id === 'forwardHeadDeg')).toMatchObject({ measurable: false, value: null, reason: 'needs a side view' });
  });

  it('front and back views give the same numbers (signs are anatomical, not screen sides)', () => {
    const front = measurePosture(clip({ view: 'front', ...tilts }).frames, clip({}).names, 'frontal');
    const back = measurePosture(clip({ view: 'back', ...tilts }).frames, clip({}).names, 'frontal');
    for (const id of ['pelvicLevelDeg', 'shoulderLevelDeg', 'headTiltDeg', 'trunkShiftBodyHeights'] as const) {
      expect(value(back, id)).toBeCloseTo(value(front, id), 6);
    }
  });

  it('mirroring the image and swapping labels swaps sides (every sign flips), for any tilts', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        fc.constantFrom<'front' | 'back'>('front', 'back'),
        (p, s, h, shift, view) => {
          const { frame, names } = makeStandingFigure({ view, pelvicTiltDeg: p, shoulderTiltDeg: s, headTiltDeg: h, trunkShiftBodyHeights: shift });
          const a = measurePosture([frame], names, 'frontal');
          const b = measurePosture([mirrorFrameSwapLabels(frame, names, W)], names, 'frontal');
          expect(value(a, 'pelvicLevelDeg')).toBeCloseTo(p, 6);
          for (const id of ['pelvicLevelDeg', 'shoulderLevelDeg', 'headTiltDeg', 'trunkShiftBodyHeights'] as const) {
            expect(value(b, id)).toBeCloseTo(-value(a, id), 6);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('falls back to the eyes for head tilt when the ears are missing, and says why when neither is seen', () => {
    const { frame, names } = makeStandingFigure({ headTiltDeg: -5 });
    const noEars = { ...frame, keypoints: frame.keypoints.map((k, i) => (names[i]?.endsWith('_ear') ? ([null, null, 0] as [null, null, number]) : k)) };
    expect(value(measurePosture([noEars], names, 'frontal'), 'headTiltDeg')).toBeCloseTo(-5, 6);
    const noHead = { ...frame, keypoints: frame.keypoints.map((k, i) => (/_(ear|eye)$/.test(names[i] ?? '') ? ([null, null, 0] as [null, null, number]) : k)) };
    const m = measurePosture([noHead], names, 'frontal').measures.find((x) => x.id === 'headTiltDeg');
    expect(m).toMatchObject({ measurable: false, value: null });
    expect(m?.reason).toMatch(/ears or both eyes/);
  });

  it('translation and scale change no angle', () => {
    const a = measurePosture([makeStandingFigure({ pelvicTiltDeg: 2.5, trunkShiftBodyHeights: -0.03 }).frame], clip({}).names, 'frontal');
    const b = measurePosture([makeStandingFigure({ pelvicTiltDeg: 2.5, trunkShiftBodyHeights: -0.03, heightPx: 350, centerXPx: 200, floorYPx: 600 }).frame], clip({}).names, 'frontal');
    expect(value(b, 'pelvicLevelDeg')).toBeCloseTo(value(a, 'pelvicLevelDeg'), 6);
    expect(value(b, 'trunkShiftBodyHeights')).toBeCloseTo(value(a, 'trunkShiftBodyHeights'), 6);
  });
});

describe('measurePosture, side view', () => {
  it('measures the forward-head proxy and trunk lean facing either way', () => {
    for (const facing of [1, -1] as const) {
      const { frames, names } = clip({ view: 'side', facing, forwardHeadDeg: 47, trunkForwardLeanDeg: 6 });
      const r = measurePosture(frames, names, 'sagittal');
      expect(value(r, 'forwardHeadDeg')).toBeCloseTo(47, 6);
      expect(value(r, 'trunkForwardLeanDeg')).toBeCloseTo(6, 6);
      expect(r.measures.find((m) => m.id === 'pelvicLevelDeg')).toMatchObject({ measurable: false, reason: 'needs a front or back view' });
    }
  });

  it('a backward lean is negative', () => {
    const { frames, names } = clip({ view: 'side', facing: -1, trunkForwardLeanDeg: -4 });
    expect(value(measurePosture(frames, names, 'sagittal'), 'trunkForwardLeanDeg')).toBeCloseTo(-4, 6);
  });

  it('guesses the view from shoulder width', () => {
    expect(guessPostureView(makeStandingFigure({ view: 'front' }).frame, clip({}).names)).toBe('frontal');
    expect(guessPostureView(makeStandingFigure({ view: 'side' }).frame, clip({}).names)).toBe('sagittal');
  });
});

describe('stillness detection', () => {
  it('finds 3 still seconds after the person settles, and not before', () => {
    const names = clip({}).names;
    const frames: PoseFrame[] = [];
    // 2 s of walking into place (figure moving 40 px per frame), then 4 s still with 1 px jitter.
    for (let i = 0; i < 60; i++) frames.push(makeStandingFigure({ t: i / 10, centerXPx: i < 20 ? 100 + i * 40 : 900 + Math.sin(i) }).frame);
    const w = findStableWindow(frames, names);
    expect(w).not.toBeNull();
    expect(w?.reachedTarget).toBe(true);
    expect(frames[w!.startIndex]!.t).toBeGreaterThanOrEqual(2);
    expect(w!.durationS).toBeGreaterThanOrEqual(3);
    // Live: after 1.5 s of stillness the trailing window is shorter than the target.
    const live = trailingStableWindow(frames.slice(0, 36), names);
    expect(live?.reachedTarget).toBe(false);
    expect(live!.durationS).toBeGreaterThan(1.2);
    expect(live!.durationS).toBeLessThan(1.8);
  });

  it('returns null when the person keeps moving (swaying 5% of height)', () => {
    const frames = Array.from({ length: 60 }, (_, i) => makeStandingFigure({ t: i / 10, centerXPx: 500 + 40 * Math.sin(i / 3) }).frame);
    expect(findStableWindow(frames, clip({}).names)).toBeNull();
  });

  it('tolerates keypoint jitter of a few pixels', () => {
    const { frames, names } = clip({}, 40, 10, 3);
    expect(findStableWindow(frames, names)?.reachedTarget).toBe(true);
  });
});
