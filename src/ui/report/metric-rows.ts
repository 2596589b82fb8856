/** Rows of the report's metrics table: formatted values per side, norm text, and reasons for what is missing. */
import { METRIC_INFO, normText } from '../../assessment/metricInfo.ts';
import type { GaitReport, MetricId, SideStat } from '../../kinematics/types.ts';
import { displayUnit, type UnitSystem } from './units.ts';

/** One displayed value (a mean with its SD and count, or a single value). */
export interface ValueCell {
  text: string;
  sdText: string | null;
  n: number | null;
}

/** A metrics-table row; `missing` holds the reason when the metric is null. */
export interface MetricRow {
  id: MetricId;
  label: string;
  plain: string;
  unit: string;
  sided: boolean;
  value: ValueCell | null;
  left: ValueCell | null;
  right: ValueCell | null;
  missing: string | null;
  /** Reason per side when only one side is missing. */
  missingSide: { left: string | null; right: string | null };
  norm: string;
}

/** Context that some norms need. */
export interface NormContext {
  ageYears?: number;
  sex?: 'female' | 'male' | 'other';
}

/** Why a metric is null, in words: from quality.warnings when it names the metric, else from the view. */
export function missingReason(report: GaitReport, id: MetricId, view: 'sagittal' | 'frontal' | 'any'): string {
  const re = new RegExp(`\\b${id}\\b`);
  const w = report.quality.warnings.find((x) => re.test(x));
  if (w) {
    return w
      .replace(re, '')
      .replace(/subject\.heightM/g, "the patient's height")
      .replace(/^[\s:—-]+/, '')
      .trim();
  }
  if (view === 'frontal' && report.view !== 'frontal') return 'needs a walk filmed from the front or behind';
  if (view === 'sagittal' && report.view !== 'sagittal') return 'needs a walk filmed from the side';
  return 'too few usable steps in this recording';
}

function cell(stat: SideStat, decimals: number, factor: number): ValueCell {
  return { text: (stat.mean * factor).toFixed(decimals), sdText: `± ${(stat.sd * factor).toFixed(decimals)}`, n: stat.n };
}

/** The metrics table in METRIC_INFO order, converted to the display units. */
export function metricRows(report: GaitReport, units: UnitSystem, ctx: NormContext = {}): MetricRow[] {
  return METRIC_INFO.map((info) => {
    const du = displayUnit(info.id, info.unit, units);
    const decimals = du.decimals ?? info.decimals;
    const m = report.metrics[info.id];
    const row: MetricRow = {
      id: info.id,
      label: info.label,
      plain: info.plain,
      unit: du.unit,
      sided: info.sided,
      value: null,
      left: null,
      right: null,
      missing: null,
      missingSide: { left: null, right: null },
      norm: normInUnits(normText(info.id, { ...ctx, metrics: report.metrics }), du.factor, info.unit),
    };
    if (m === null || m === undefined) {
      row.missing = missingReason(report, info.id, info.view);
    } else if ('value' in m) {
      row.value = { text: (m.value * du.factor).toFixed(decimals), sdText: null, n: null };
    } else {
      row.left = m.left ? cell(m.left, decimals, du.factor) : null;
      row.right = m.right ? cell(m.right, decimals, du.factor) : null;
      if (!m.left) row.missingSide.left = 'no usable left-side strides';
      if (!m.right) row.missingSide.right = 'no usable right-side strides';
    }
    return row;
  });
}

/** Norm text of a converted metric keeps its metric numbers and says so. */
function normInUnits(text: string, factor: number, metricUnit: string): string {
  if (factor === 1 || text === '') return text;
  return `${text} (${metricUnit})`;
}
