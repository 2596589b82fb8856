/**
 * Hand-built gait reports for tests and demos (formats.md section 2 example values).
 * Not analysis output: every number here is typed in by hand.
 */
import type { GaitReport, ReportExtra, ReportMetrics, SideStat } from '../kinematics/types.ts';

/** A side statistic with a given mean (sd 1, n 4 unless given). */
export function stat(mean: number, sd = 1, n = 4): SideStat {
  return { mean, sd, n };
}

/** All metrics null (what a trial that gives nothing looks like). */
export function nullMetrics(): ReportMetrics {
  return {
    cadenceStepsPerMin: null,
    strideTimeS: null,
    stepTimeS: null,
    stanceFraction: null,
    stepLengthM: null,
    stepLengthBodyHeights: null,
    gaitSpeedMps: null,
    contralateralPelvicDropDeg: null,
    pelvicObliquityRangeDeg: null,
    lateralPelvicTiltDeg: null,
    trunkLateralLeanDeg: null,
    kneeFlexionPeakSwingDeg: null,
    hipExtensionPeakDeg: null,
    stepLengthSymmetryRatio: null,
    stanceTimeSymmetryRatio: null,
  };
}

/** A typical, unremarkable report (formats.md example values, with both views' metrics filled in), metrics overridable. */
export function sampleReport(metrics: Partial<ReportMetrics> = {}, over: Partial<GaitReport> = {}): GaitReport {
  return {
    format: 'gaitscope.report',
    version: 1,
    view: 'sagittal',
    durationS: 12.4,
    quality: { framesAnalysed: 372, meanFps: 30, keypointCoverageFraction: 0.97, warnings: [] },
    events: {
      left: { footStrikeS: [0.51, 1.58], footOffS: [1.2, 2.27] },
      right: { footStrikeS: [1.05, 2.12], footOffS: [0.66, 1.73] },
    },
    metrics: {
      cadenceStepsPerMin: { value: 112.3 },
      strideTimeS: { left: stat(1.07, 0.02), right: stat(1.07, 0.03) },
      stepTimeS: { left: stat(0.53, 0.02, 5), right: stat(0.54, 0.02, 5) },
      stanceFraction: { left: stat(0.61, 0.01), right: stat(0.6, 0.02) },
      stepLengthM: { left: stat(0.62, 0.03, 5), right: stat(0.6, 0.03, 5) },
      stepLengthBodyHeights: { left: stat(0.36, 0.02, 5), right: stat(0.35, 0.02, 5) },
      gaitSpeedMps: { value: 1.18 },
      contralateralPelvicDropDeg: { left: stat(4.1, 0.6), right: stat(4.5, 0.7) },
      pelvicObliquityRangeDeg: { value: 8.7 },
      lateralPelvicTiltDeg: { value: 1.2 },
      trunkLateralLeanDeg: { left: stat(2.0, 0.5), right: stat(2.2, 0.4) },
      kneeFlexionPeakSwingDeg: { left: stat(58.1, 2.0), right: stat(57.0, 2.2) },
      hipExtensionPeakDeg: { left: stat(12.5, 1.5), right: stat(13.2, 1.4) },
      stepLengthSymmetryRatio: { value: 1.03 },
      stanceTimeSymmetryRatio: { value: 1.02 },
      ...metrics,
    },
    flags: [],
    exercises: [],
    ...over,
  };
}

/** A ReportExtra with two strides and three steps (hand-checkable values). */
export function sampleExtra(): ReportExtra {
  return {
    analysis: { viewSource: 'given', direction: 'left-to-right', eventMethod: 'hand-built', scaleMethod: 'subject height', labelSwapsRepaired: 0, filter: 'none' },
    strides: [
      { side: 'left', startS: 0.51, endS: 1.58, strideTimeS: 1.07, footOffS: 1.2, stanceFraction: 0.645, kneeFlexionPeakSwingDeg: 58.1, hipExtensionPeakDeg: 12.5, contralateralPelvicDropDeg: null, pelvicObliquityRangeDeg: null, trunkLateralLeanDeg: null },
      { side: 'right', startS: 1.05, endS: 2.12, strideTimeS: 1.07, footOffS: 1.73, stanceFraction: 0.636, kneeFlexionPeakSwingDeg: 57, hipExtensionPeakDeg: 13.2, contralateralPelvicDropDeg: null, pelvicObliquityRangeDeg: null, trunkLateralLeanDeg: null },
    ],
    steps: [
      { side: 'right', footStrikeS: 1.05, stepTimeS: 0.54, stepLengthM: 0.6, stepLengthBodyHeights: 0.35 },
      { side: 'left', footStrikeS: 1.58, stepTimeS: 0.53, stepLengthM: 0.62, stepLengthBodyHeights: 0.36 },
      { side: 'right', footStrikeS: 2.12, stepTimeS: 0.54, stepLengthM: null, stepLengthBodyHeights: null },
    ],
    series: { tS: [0, 0.033], pelvicObliquityDeg: null, trunkLateralLeanDeg: null, kneeFlexionDeg: null, hipExtensionDeg: null },
    kneeFlexionCycle: null,
  };
}
