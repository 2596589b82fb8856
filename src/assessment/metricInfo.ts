/**
 * Display facts about each report metric (formats.md section 2): label, plain words,
 * unit, decimals and which norm applies. Definitions live in metrics.md.
 */
import type { MetricId, ReportMetrics } from '../kinematics/types.ts';
import { ageSexNorm, norm, expectedStanceFraction } from './norms.ts';

/** How one metric is shown. `normId` names the NORMS entry giving its normal range, if any. */
export interface MetricInfo {
  id: MetricId;
  label: string;
  plain: string;
  unit: string;
  decimals: number;
  sided: boolean;
  view: 'sagittal' | 'frontal' | 'any';
  normId?: string;
}

/** Every report metric in formats.md order. Don't change the order: tables and CSV follow it. */
export const METRIC_INFO: readonly Readonly<MetricInfo>[] = Object.freeze(
  (
    [
      { id: 'cadenceStepsPerMin', label: 'Cadence', plain: 'steps per minute', unit: 'steps/min', decimals: 1, sided: false, view: 'any' },
      { id: 'strideTimeS', label: 'Stride time', plain: 'time for two steps', unit: 's', decimals: 2, sided: true, view: 'any' },
      { id: 'stepTimeS', label: 'Step time', plain: 'time for one step', unit: 's', decimals: 2, sided: true, view: 'any' },
      { id: 'stanceFraction', label: 'Stance fraction', plain: 'share of each stride spent on that foot', unit: 'fraction', decimals: 2, sided: true, view: 'any', normId: 'stance-fraction' },
      { id: 'stepLengthM', label: 'Step length', plain: 'length of each step', unit: 'm', decimals: 2, sided: true, view: 'sagittal' },
      { id: 'stepLengthBodyHeights', label: 'Step length (body heights)', plain: 'length of each step compared with body height', unit: 'body heights', decimals: 2, sided: true, view: 'sagittal' },
      { id: 'gaitSpeedMps', label: 'Gait speed', plain: 'walking speed', unit: 'm/s', decimals: 2, sided: false, view: 'sagittal' },
      { id: 'contralateralPelvicDropDeg', label: 'Contralateral pelvic drop', plain: 'hip drop on the other side while standing on this leg', unit: '°', decimals: 1, sided: true, view: 'frontal', normId: 'contralateral-pelvic-drop' },
      { id: 'pelvicObliquityRangeDeg', label: 'Pelvic obliquity range', plain: 'up-and-down tilt of the pelvis over a stride', unit: '°', decimals: 1, sided: false, view: 'frontal', normId: 'pelvic-obliquity-range' },
      { id: 'lateralPelvicTiltDeg', label: 'Lateral pelvic tilt', plain: 'how level the hips are (+ = right higher)', unit: '°', decimals: 1, sided: false, view: 'frontal', normId: 'lateral-pelvic-tilt' },
      { id: 'trunkLateralLeanDeg', label: 'Trunk lateral lean', plain: 'leaning the upper body sideways over the standing leg', unit: '°', decimals: 1, sided: true, view: 'frontal', normId: 'trunk-lateral-lean' },
      { id: 'kneeFlexionPeakSwingDeg', label: 'Peak knee flexion in swing', plain: 'how far the knee bends as the leg swings through', unit: '°', decimals: 1, sided: true, view: 'sagittal', normId: 'knee-flexion-swing' },
      { id: 'hipExtensionPeakDeg', label: 'Peak hip extension (thigh to vertical)', plain: 'how far the thigh goes behind you at the end of each step', unit: '°', decimals: 1, sided: true, view: 'sagittal', normId: 'hip-extension-late-stance' },
      { id: 'stepLengthSymmetryRatio', label: 'Step length symmetry', plain: 'evenness of step length (longer ÷ shorter step)', unit: 'ratio', decimals: 2, sided: false, view: 'sagittal', normId: 'step-length-asymmetry' },
      { id: 'stanceTimeSymmetryRatio', label: 'Stance time symmetry', plain: 'evenness of time on each leg (longer ÷ shorter)', unit: 'ratio', decimals: 2, sided: false, view: 'any', normId: 'stance-time-asymmetry' },
    ] satisfies MetricInfo[]
  ).map((m) => Object.freeze(m)),
);

/** The display facts of one metric. */
export function metricInfo(id: MetricId): Readonly<MetricInfo> {
  const m = METRIC_INFO.find((x) => x.id === id);
  if (!m) throw new Error(`unknown metric "${id}"`);
  return m;
}

/** Formats a number with the metric's decimals (no unit). */
export function formatMetricValue(id: MetricId, value: number): string {
  return value.toFixed(metricInfo(id).decimals);
}

/**
 * The normal range of a metric as text (e.g. "55–65 °"), or "" when none applies.
 * Speed and cadence need age (and sex); stance fraction uses the measured speed when given.
 */
export function normText(
  id: MetricId,
  context: { ageYears?: number; sex?: 'female' | 'male' | 'other'; metrics?: ReportMetrics } = {},
): string {
  const info = metricInfo(id);
  if (id === 'gaitSpeedMps' || id === 'cadenceStepsPerMin') {
    if (context.ageYears === undefined) return id === 'cadenceStepsPerMin' ? 'about 100–120 (needs age for a norm)' : 'needs age for a norm';
    const n = ageSexNorm(id, context.ageYears, context.sex);
    if (!n) return '';
    if (id === 'gaitSpeedMps') return `≥ ${n.below?.toFixed(2)} (age/sex mean ${n.mean?.toFixed(2)})`;
    return `${n.range?.min}–${n.range?.max}`;
  }
  if (id === 'stanceFraction') {
    const speed = context.metrics?.gaitSpeedMps?.value;
    if (speed !== undefined) {
      const e = expectedStanceFraction(speed);
      return `≈ ${e.toFixed(2)} at this speed`;
    }
  }
  if (!info.normId) return '';
  const n = norm(info.normId);
  if (id === 'lateralPelvicTiltDeg') return `−${n.above} to ${n.above}`;
  const r = n.range;
  if (!r) return '';
  if (r.min !== undefined && r.max !== undefined) return `${trimNum(r.min)}–${trimNum(r.max)}`;
  if (r.max !== undefined) return `≤ ${trimNum(r.max)}`;
  if (r.min !== undefined) return `≥ ${trimNum(r.min)}`;
  return '';
}

function trimNum(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
