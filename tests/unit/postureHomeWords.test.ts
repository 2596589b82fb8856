/** Plain words and the walk-recording quality rule of the home check (src/ui/home, plain TS). */
import { describe, expect, it } from 'vitest';
import { formatMeasureValue, measureSentence, singleLegSentence } from '../../src/ui/home/postureWords.ts';
import { gaitRecordingQuality, GAIT_RECORDING_MINIMUMS } from '../../src/ui/home/gaitQuality.ts';
import type { GaitReport, ReportMetrics } from '../../src/kinematics/types.ts';
import type { SingleLegAttempt } from '../../src/kinematics/singleLeg.ts';

describe('posture words', () => {
  it('names the higher side from the sign (+ = right higher) and rounds for reading', () => {
    expect(measureSentence({ id: 'shoulderLevelDeg', value: 2.34, unit: 'deg', measurable: true })).toBe('Your right shoulder is 2.3° higher than your left.');
    expect(measureSentence({ id: 'pelvicLevelDeg', value: -3.06, unit: 'deg', measurable: true })).toBe('Your left hip is 3.1° higher than your right.');
    expect(measureSentence({ id: 'pelvicLevelDeg', value: 0.3, unit: 'deg', measurable: true })).toMatch(/level/);
    expect(measureSentence({ id: 'trunkShiftBodyHeights', value: -0.02, unit: 'bodyHeights', measurable: true })).toMatch(/2\.0% of your height to the left/);
    expect(measureSentence({ id: 'trunkForwardLeanDeg', value: -4, unit: 'deg', measurable: true })).toMatch(/backward/);
    expect(measureSentence({ id: 'forwardHeadDeg', value: null, unit: 'deg', measurable: false, reason: 'needs a side view' })).toMatch(/needs a side view/);
    expect(formatMeasureValue({ id: 'trunkShiftBodyHeights', value: 0.0123, unit: 'bodyHeights', measurable: true })).toBe('1.2% of height');
  });

  it('single-leg sentence names the stance leg, the hold and the lifted hip', () => {
    const a: SingleLegAttempt = {
      stanceSide: 'right', liftedSide: 'left', startS: 2, endS: 14.5, holdS: 12.5, heldFullTime: false, stillHolding: false,
      peakPelvicDropDeg: 3.2, peakTrunkLeanTowardStanceDeg: 1, positive: true, reasons: [],
    };
    expect(singleLegSentence(a)).toBe('Standing on your right leg, you held 12.5 seconds, and your left hip dipped by up to 3.2°.');
    expect(singleLegSentence({ ...a, holdS: 30, heldFullTime: true, peakPelvicDropDeg: -1 })).toBe('Standing on your right leg, you held the full 30 seconds, and your left hip stayed up.');
  });
});

describe('walk recording quality', () => {
  const metrics = (left: number, right: number): ReportMetrics =>
    ({ strideTimeS: { left: { mean: 1.1, sd: 0.05, n: left }, right: { mean: 1.1, sd: 0.05, n: right } } }) as unknown as ReportMetrics;
  const report = (q: Partial<GaitReport['quality']>, left = 4, right = 4): GaitReport =>
    ({ quality: { framesAnalysed: 600, meanFps: 30, keypointCoverageFraction: 0.95, warnings: [], ...q }, metrics: metrics(left, right) }) as unknown as GaitReport;

  it('enough at the minimums; each shortfall gives its own plain reason', () => {
    const m = GAIT_RECORDING_MINIMUMS;
    expect(gaitRecordingQuality(report({ framesAnalysed: m.framesAnalysed, meanFps: m.fps, keypointCoverageFraction: m.keypointCoverageFraction }, m.stridesPerSide, m.stridesPerSide)).enough).toBe(true);
    const bad = gaitRecordingQuality(report({ meanFps: 6 }, 3, 2));
    expect(bad.enough).toBe(false);
    expect(bad.problems).toHaveLength(2);
    expect(bad.problems.join(' ')).toMatch(/6\.0 per second/);
    expect(bad.problems.join(' ')).toMatch(/3 left and 2 right strides/);
    expect(gaitRecordingQuality(report({ keypointCoverageFraction: 0.5 })).problems[0]).toMatch(/50%/);
  });
});
