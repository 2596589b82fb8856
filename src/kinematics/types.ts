/**
 * The public data shapes of Gaitscope (shared/design/formats.md). Field names are
 * fixed by the spec; anything extra goes under `extra`.
 * Units are in the names: `t`/`…S` seconds, `…Deg` degrees, `…M` metres,
 * `…BodyHeights` body heights, `…Px` image pixels (origin top-left, +x right, +y down),
 * `…Fraction` 0..1. Left/right are always the SUBJECT's anatomical sides.
 */
import type { KeypointName, KeypointSet, Side } from './keypoints.ts';

export type View = 'sagittal' | 'frontal';

/** One keypoint: [xPx, yPx, score 0..1]; a keypoint the model did not give is [null, null, 0]. */
export type KeypointTuple = [number | null, number | null, number];

/** One analysed video frame: `t` in seconds from the start of the recording (strictly increasing). */
export interface PoseFrame {
  t: number;
  keypoints: KeypointTuple[];
  extra?: Record<string, unknown>;
}

/** formats.md section 1: `gaitscope.pose-track` version 1. */
export interface PoseTrack {
  format: 'gaitscope.pose-track';
  version: 1;
  keypointSet: KeypointSet;
  keypointNames: KeypointName[];
  image: { widthPx: number; heightPx: number };
  view: View | null;
  subject?: { heightM?: number | null; [k: string]: unknown };
  source?: { kind?: string; name?: string; model?: string; [k: string]: unknown };
  frames: PoseFrame[];
  extra?: Record<string, unknown>;
}

/** Summary of per-stride / per-step / per-stance values: `n` is how many were accepted. */
export interface SideStat {
  mean: number;
  sd: number;
  n: number;
}

/** A per-side metric; a side that cannot be given is null. */
export interface SidedMetric {
  left: SideStat | null;
  right: SideStat | null;
}

/** A single-valued metric. */
export interface ScalarMetric {
  value: number;
}

export interface GaitEvents {
  footStrikeS: number[];
  footOffS: number[];
}

/** Every metric of the report (formats.md section 2); null = this view or trial cannot give it (quality.warnings says why). */
export interface ReportMetrics {
  cadenceStepsPerMin: ScalarMetric | null;
  strideTimeS: SidedMetric | null;
  stepTimeS: SidedMetric | null;
  stanceFraction: SidedMetric | null;
  stepLengthM: SidedMetric | null;
  stepLengthBodyHeights: SidedMetric | null;
  gaitSpeedMps: ScalarMetric | null;
  contralateralPelvicDropDeg: SidedMetric | null;
  pelvicObliquityRangeDeg: ScalarMetric | null;
  lateralPelvicTiltDeg: ScalarMetric | null;
  trunkLateralLeanDeg: SidedMetric | null;
  kneeFlexionPeakSwingDeg: SidedMetric | null;
  hipExtensionPeakDeg: SidedMetric | null;
  stepLengthSymmetryRatio: ScalarMetric | null;
  stanceTimeSymmetryRatio: ScalarMetric | null;
}

export type MetricId = keyof ReportMetrics;

export type Severity = 'mild' | 'moderate' | 'marked';

/** A finding against a norm or a stated screening rule. */
export interface Flag {
  id: string;
  side: Side | null;
  severity: Severity;
  metric: MetricId | string;
  value: number;
  threshold: number;
  finding: string;
  source: string;
  extra?: Record<string, unknown>;
}

/** An exercise of the programme, tied to the flags it answers. */
export interface ReportExercise {
  id: string;
  forFlags: string[];
  dose: string;
  extra?: Record<string, unknown>;
}

/** formats.md section 2: `gaitscope.report` version 1. */
export interface GaitReport {
  format: 'gaitscope.report';
  version: 1;
  view: View;
  durationS: number;
  quality: {
    framesAnalysed: number;
    meanFps: number;
    keypointCoverageFraction: number;
    warnings: string[];
  };
  events: Record<Side, GaitEvents>;
  metrics: ReportMetrics;
  flags: Flag[];
  exercises: ReportExercise[];
  extra?: Record<string, unknown>;
}

/** One step (ends with a foot strike of `side`); per-step values behind the summaries. */
export interface StepRecord {
  side: Side;
  footStrikeS: number;
  stepTimeS: number | null;
  stepLengthM: number | null;
  stepLengthBodyHeights: number | null;
}

/** One stride of `side` (foot strike to next foot strike of the same foot); per-stride values behind the summaries. */
export interface StrideRecord {
  side: Side;
  startS: number;
  endS: number;
  strideTimeS: number;
  footOffS: number | null;
  stanceFraction: number | null;
  kneeFlexionPeakSwingDeg: number | null;
  hipExtensionPeakDeg: number | null;
  /** Contralateral pelvic drop during this stride's stance of `side`. */
  contralateralPelvicDropDeg: number | null;
  pelvicObliquityRangeDeg: number | null;
  trunkLateralLeanDeg: number | null;
}

/** Mean ± SD curve over the gait cycle, 101 points (0..100 %). */
export interface CycleCurve {
  meanDeg: number[];
  sdDeg: number[];
  n: number;
}

/** Time series for charts: one value per analysed frame, null where not measurable. */
export interface ReportSeries {
  tS: number[];
  pelvicObliquityDeg: (number | null)[] | null;
  trunkLateralLeanDeg: (number | null)[] | null;
  kneeFlexionDeg: Record<Side, (number | null)[]> | null;
  hipExtensionDeg: Record<Side, (number | null)[]> | null;
}

/**
 * What Gaitscope's own analyser puts under `report.extra` (formats.md allows extras there).
 * Readers must tolerate its absence (a report from elsewhere).
 */
export interface ReportExtra {
  analysis: {
    /** 'given' when the track or the user named the view, 'auto' when decided from the keypoints. */
    viewSource: 'given' | 'auto';
    /** Walking direction in the image (sagittal) or relative to the camera (frontal). */
    direction: 'left-to-right' | 'right-to-left' | 'toward-camera' | 'away-from-camera' | 'mixed' | null;
    eventMethod: string;
    scaleMethod: string | null;
    labelSwapsRepaired: number;
    /** Gait events dropped as implausible or inferred missing, over all events of the walk (report.ts); null with none. */
    implausibleEventFraction?: number | null;
    filter: string;
    /** Frame-to-frame keypoint noise measured on the trunk points, in body heights (noise.ts); null when unknown. */
    keypointNoiseBodyHeights?: number | null;
    /**
     * The floor's motion under the stance foot (ground.ts): `moving` on a treadmill or with a camera following the
     * walker, when events and lengths are taken relative to the floor; speed in body heights / s and as a fraction of the
     * feet's swing speed (≈ 0 overground).
     */
    floor?: { moving: boolean; speedBodyHeightsPerS: number; speedFraction: number };
  };
  steps: StepRecord[];
  strides: StrideRecord[];
  series: ReportSeries;
  kneeFlexionCycle: Record<Side, CycleCurve | null> | null;
  /** Walking bouts (s): split by standing still, long losses of the subject, and (frontal) turns between passes. */
  bouts?: { startS: number; endS: number }[];
  [k: string]: unknown;
}
