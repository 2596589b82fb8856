/**
 * A hand-made, deterministic GaitReport with ReportExtra (steps, strides, series,
 * knee-flexion cycle) for component and storage tests. Not real data.
 */
import type { CycleCurve, GaitReport, ReportExtra, StepRecord, StrideRecord } from '../../kinematics/types.ts';

const FPS = 30;
const DURATION_S = 6;
const STRIDE_S = 1.08;

/** A sagittal-view report of a 6 s walk at about 111 steps/min, with one flag and one exercise. */
export function sampleGaitReport(overrides: Partial<GaitReport> = {}): GaitReport {
  const leftStrikes = [0.5, 1.58, 2.66, 3.74, 4.82];
  const rightStrikes = [1.04, 2.12, 3.2, 4.28, 5.36];
  const steps: StepRecord[] = [];
  const all = [...leftStrikes.map((t) => ['left', t] as const), ...rightStrikes.map((t) => ['right', t] as const)].sort((a, b) => a[1] - b[1]);
  all.forEach(([side, t], i) => {
    const prev = all[i - 1];
    const len = side === 'left' ? 0.62 + 0.01 * (i % 3) : 0.58 + 0.01 * (i % 2);
    steps.push({
      side,
      footStrikeS: t,
      stepTimeS: prev ? Math.round((t - prev[1]) * 1000) / 1000 : null,
      stepLengthM: prev ? len : null,
      stepLengthBodyHeights: prev ? Math.round((len / 1.7) * 1000) / 1000 : null,
    });
  });
  const strides: StrideRecord[] = [];
  for (const [side, strikes] of [['left', leftStrikes], ['right', rightStrikes]] as const) {
    for (let i = 0; i + 1 < strikes.length; i++) {
      const startS = strikes[i]!;
      strides.push({
        side,
        startS,
        endS: strikes[i + 1]!,
        strideTimeS: STRIDE_S,
        footOffS: startS + 0.65,
        stanceFraction: 0.6,
        kneeFlexionPeakSwingDeg: side === 'left' ? 58 + i : 50 + i,
        hipExtensionPeakDeg: side === 'left' ? 10 : 6,
        contralateralPelvicDropDeg: null,
        pelvicObliquityRangeDeg: null,
        trunkLateralLeanDeg: null,
      });
    }
  }
  const tS: number[] = [];
  const kneeL: (number | null)[] = [];
  const kneeR: (number | null)[] = [];
  for (let i = 0; i < DURATION_S * FPS; i++) {
    const t = i / FPS;
    tS.push(Math.round(t * 1000) / 1000);
    const phase = (2 * Math.PI * t) / STRIDE_S;
    kneeL.push(i % 47 === 0 ? null : 30 + 28 * Math.sin(phase));
    kneeR.push(30 + 22 * Math.sin(phase + Math.PI));
  }
  const curve = (peak: number): CycleCurve => {
    const meanDeg: number[] = [];
    const sdDeg: number[] = [];
    for (let p = 0; p <= 100; p++) {
      const swing = p > 60 ? Math.sin(((p - 60) / 40) * Math.PI) : 0;
      const loading = p < 15 ? 15 * Math.sin((p / 15) * Math.PI) : 0;
      meanDeg.push(5 + loading + (peak - 5) * swing);
      sdDeg.push(3);
    }
    return { meanDeg, sdDeg, n: 4 };
  };
  const extra: ReportExtra = {
    analysis: {
      viewSource: 'given',
      direction: 'left-to-right',
      eventMethod: 'heel/toe position relative to the pelvis (Zeni et al. 2008)',
      scaleMethod: 'subject.heightM',
      labelSwapsRepaired: 1,
      filter: 'gap fill < 0.25 s, 6 Hz zero-phase Butterworth',
    },
    steps,
    strides,
    series: {
      tS,
      pelvicObliquityDeg: null,
      trunkLateralLeanDeg: null,
      kneeFlexionDeg: { left: kneeL, right: kneeR },
      hipExtensionDeg: null,
    },
    kneeFlexionCycle: { left: curve(59.5), right: curve(51.5) },
  };
  return {
    format: 'gaitscope.report',
    version: 1,
    view: 'sagittal',
    durationS: DURATION_S,
    quality: { framesAnalysed: DURATION_S * FPS, meanFps: FPS, keypointCoverageFraction: 0.97, warnings: ['contralateralPelvicDropDeg needs a frontal view'] },
    events: {
      left: { footStrikeS: leftStrikes, footOffS: leftStrikes.map((t) => t + 0.65) },
      right: { footStrikeS: rightStrikes, footOffS: rightStrikes.map((t) => t + 0.65) },
    },
    metrics: {
      cadenceStepsPerMin: { value: 111.1 },
      strideTimeS: { left: { mean: 1.08, sd: 0.0, n: 4 }, right: { mean: 1.08, sd: 0.0, n: 4 } },
      stepTimeS: { left: { mean: 0.54, sd: 0.0, n: 4 }, right: { mean: 0.54, sd: 0.0, n: 5 } },
      stanceFraction: { left: { mean: 0.6, sd: 0.0, n: 4 }, right: { mean: 0.6, sd: 0.0, n: 4 } },
      stepLengthM: { left: { mean: 0.63, sd: 0.008, n: 4 }, right: { mean: 0.585, sd: 0.005, n: 5 } },
      stepLengthBodyHeights: { left: { mean: 0.37, sd: 0.005, n: 4 }, right: { mean: 0.344, sd: 0.003, n: 5 } },
      gaitSpeedMps: { value: 1.12 },
      contralateralPelvicDropDeg: null,
      pelvicObliquityRangeDeg: null,
      lateralPelvicTiltDeg: null,
      trunkLateralLeanDeg: null,
      kneeFlexionPeakSwingDeg: { left: { mean: 59.5, sd: 1.3, n: 4 }, right: { mean: 51.5, sd: 1.3, n: 4 } },
      hipExtensionPeakDeg: { left: { mean: 10, sd: 0, n: 4 }, right: { mean: 6, sd: 0, n: 4 } },
      stepLengthSymmetryRatio: { value: 1.077 },
      stanceTimeSymmetryRatio: { value: 1.0 },
    },
    flags: [
      {
        id: 'reduced-knee-flexion-swing',
        side: 'right',
        severity: 'mild',
        metric: 'kneeFlexionPeakSwingDeg',
        value: 51.5,
        threshold: 55,
        finding: 'The right knee bends less than usual while the leg swings forward.',
        source: 'Screening rule: below the normal range 55–65° (Perry & Burnfield, Gait Analysis)',
      },
    ],
    exercises: [{ id: 'glute-bridge', forFlags: ['reduced-knee-flexion-swing'], dose: '3 x 12, 4 days a week' }],
    extra: extra as unknown as Record<string, unknown>,
    ...overrides,
  };
}
