/**
 * Chart data for the report: each chart is a chart.js configuration plus its text
 * alternative (a caption and a table), built from the report alone so both say the same.
 * Registers only the chart.js pieces used here (tree-shaken).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { norm } from '../../assessment/norms.ts';
import type { Side } from '../../kinematics/keypoints.ts';
import type { CycleCurve, GaitReport, ReportExtra, StepRecord } from '../../kinematics/types.ts';
import { NORMAL_KNEE_BAND_HALF_WIDTH_DEG, NORMAL_KNEE_CURVE_SOURCE, normalKneeFlexionDeg } from './normal-curves.ts';
import { M_PER_IN, type UnitSystem } from './units.ts';

Chart.register(LineController, LineElement, PointElement, ScatterController, BarController, BarElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);

/** Colours: blue/orange stay distinct for colour-blind readers; right is also dashed/hatched. */
export const SIDE_COLOUR: Readonly<Record<Side, string>> = Object.freeze({ left: '#1f5fbf', right: '#c4470e' });
const SIDE_FILL: Readonly<Record<Side, string>> = Object.freeze({ left: 'rgba(31,95,191,0.15)', right: 'rgba(196,71,14,0.15)' });
const NORMAL_FILL = 'rgba(60,140,60,0.18)';
const NORMAL_LINE = 'rgba(60,140,60,0.5)';
const SIDE_LABEL: Readonly<Record<Side, string>> = Object.freeze({ left: 'Left', right: 'Right' });
const SIDES: readonly Side[] = ['left', 'right'];
/** Cycle percentages listed in the knee-flexion table. */
const CYCLE_TABLE_STEP_PCT = 10;

/** One chart of the report with its text alternative. `config` is absent when the chart is not available. */
export interface ChartSpec {
  id: string;
  title: string;
  /** What the chart shows, in words (also the canvas's accessible name). */
  caption: string;
  /** Why there is no chart, when there is none. */
  unavailable: string | null;
  table: { headers: string[]; rows: string[][] } | null;
  config: ChartConfiguration | null;
  note?: string;
}

/** The analyser's extras, if this report has them (reports from elsewhere may not). */
export function readExtra(report: GaitReport): Partial<ReportExtra> | null {
  const e = report.extra;
  return e && typeof e === 'object' ? (e as Partial<ReportExtra>) : null;
}

function fmt(x: number | null | undefined, decimals: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(decimals);
}

/** Pelvic obliquity θ(t) with foot strikes and the normal band around the trial mean. */
export function pelvicObliquitySpec(report: GaitReport): ChartSpec {
  const title = 'Pelvic obliquity over time';
  const series = readExtra(report)?.series;
  const values = series?.pelvicObliquityDeg;
  if (!series || !values) {
    const why = report.view === 'sagittal' ? 'Pelvic obliquity needs a walk filmed from the front or from behind; this walk was filmed from the side.' : 'This report has no pelvic obliquity time series.';
    return { id: 'pelvic-obliquity', title, caption: why, unavailable: why, table: null, config: null };
  }
  const pts: { x: number; y: number | null }[] = series.tS.map((t, i) => ({ x: t, y: values[i] ?? null }));
  const finite = pts.map((p) => p.y).filter((y): y is number => y !== null && Number.isFinite(y));
  if (finite.length === 0) {
    const why = 'The hips were not seen well enough to measure pelvic obliquity.';
    return { id: 'pelvic-obliquity', title, caption: why, unavailable: why, table: null, config: null };
  }
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const half = (norm('pelvic-obliquity-range').range?.max ?? 0) / 2;
  const t0 = series.tS[0] ?? 0;
  const t1 = series.tS[series.tS.length - 1] ?? t0;
  const markerY = Math.max(max, mean + half) + 1;
  const valueAt = (t: number): number | null => {
    let best: { d: number; y: number | null } = { d: Infinity, y: null };
    for (const p of pts) {
      const d = Math.abs(p.x - t);
      if (d < best.d) best = { d, y: p.y };
    }
    return best.y;
  };
  const strikes = SIDES.flatMap((side) => report.events[side].footStrikeS.map((t) => ({ side, t }))).sort((a, b) => a.t - b.t);
  const datasets: ChartDataset<'line' | 'scatter', { x: number; y: number | null }[]>[] = [
    { type: 'line', label: 'Normal band (lower)', data: [{ x: t0, y: mean - half }, { x: t1, y: mean - half }], borderColor: NORMAL_LINE, borderWidth: 1, pointRadius: 0, fill: false },
    { type: 'line', label: `Normal band (trial mean ± ${half}°)`, data: [{ x: t0, y: mean + half }, { x: t1, y: mean + half }], borderColor: NORMAL_LINE, backgroundColor: NORMAL_FILL, borderWidth: 1, pointRadius: 0, fill: '-1' },
    { type: 'line', label: 'Pelvic obliquity (+ = right hip higher)', data: pts, borderColor: '#333', borderWidth: 1.5, pointRadius: 0, spanGaps: false },
    ...SIDES.map(
      (side): ChartDataset<'scatter', { x: number; y: number | null }[]> => ({
        type: 'scatter',
        label: `${SIDE_LABEL[side]} foot strike`,
        data: report.events[side].footStrikeS.map((t) => ({ x: t, y: markerY })),
        borderColor: SIDE_COLOUR[side],
        backgroundColor: SIDE_COLOUR[side],
        pointStyle: side === 'left' ? 'triangle' : 'rectRot',
        pointRadius: 5,
      }),
    ),
  ];
  return {
    id: 'pelvic-obliquity',
    title,
    caption:
      `Pelvic obliquity over ${(t1 - t0).toFixed(1)} s: from ${min.toFixed(1)}° to ${max.toFixed(1)}° (trial mean ${mean.toFixed(1)}°; positive = right hip higher). ` +
      `Shaded: normal band, the trial mean ± ${half}°. Markers: ${report.events.left.footStrikeS.length} left and ${report.events.right.footStrikeS.length} right foot strikes.`,
    unavailable: null,
    table: {
      headers: ['Foot strike', 'Time (s)', 'Pelvic obliquity (°)'],
      rows: strikes.map((s) => [SIDE_LABEL[s.side], s.t.toFixed(2), fmt(valueAt(s.t), 1)]),
    },
    config: {
      type: 'line',
      data: { datasets: datasets as ChartDataset<'line'>[] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'Time (s)' }, min: t0, max: t1 },
          y: { type: 'linear', title: { display: true, text: 'Pelvic obliquity (°)' } },
        },
        plugins: { legend: { labels: { filter: (item) => item.text !== 'Normal band (lower)' } } },
      },
    },
  };
}

/**
 * Averaged curve's peak (°) more than this below or above the table's mean of per-stride peaks: the caption says why
 * (strides whose swing peaks at different moments average into a lower, flatter curve).
 */
const CURVE_PEAK_DIFFERS_DEG = 3;

/** One side's knee peak in the caption: the table's value (mean of each swing's peak), and the averaged curve's own when it differs. */
function kneePeakWords(side: Side, c: CycleCurve, report: GaitReport): string {
  const curvePeak = Math.max(...c.meanDeg);
  const m = report.metrics.kneeFlexionPeakSwingDeg?.[side];
  if (!m || m.n === 0) return `${SIDE_LABEL[side]}: the averaged curve peaks at ${curvePeak.toFixed(1)}° (${c.n} strides; no swing peak measured for the table)`;
  const base = `${SIDE_LABEL[side]}: swing peak ${m.mean.toFixed(1)}° (mean of ${m.n} strides' peaks, as in the table)`;
  return Math.abs(curvePeak - m.mean) > CURVE_PEAK_DIFFERS_DEG
    ? `${base}; the averaged curve peaks at ${curvePeak.toFixed(1)}°, ${curvePeak < m.mean ? 'lower' : 'higher'} because the strides' swings peak at different moments of the cycle`
    : base;
}

/** Knee flexion over the gait cycle (0–100 %), mean ± SD per side against the normal band. */
export function kneeCycleSpec(report: GaitReport): ChartSpec {
  const title = 'Knee flexion over the gait cycle';
  const cycle = readExtra(report)?.kneeFlexionCycle;
  const curves = SIDES.map((side) => [side, cycle?.[side] ?? null] as const).filter((c): c is readonly [Side, CycleCurve] => c[1] !== null && c[1].meanDeg.length > 1);
  if (curves.length === 0) {
    const why = report.view === 'frontal' ? 'Knee flexion needs a walk filmed from the side; this walk was filmed from the front or behind.' : 'Not enough whole strides were seen to draw knee flexion over the gait cycle.';
    return { id: 'knee-cycle', title, caption: why, unavailable: why, table: null, config: null };
  }
  const pctOf = (i: number, n: number) => (i * 100) / (n - 1);
  const xs = Array.from({ length: 101 }, (_, i) => i);
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = [
    { label: 'Normal band (lower)', data: xs.map((x) => ({ x, y: normalKneeFlexionDeg(x) - NORMAL_KNEE_BAND_HALF_WIDTH_DEG })), borderColor: NORMAL_LINE, borderWidth: 1, pointRadius: 0, fill: false },
    { label: 'Normal band', data: xs.map((x) => ({ x, y: normalKneeFlexionDeg(x) + NORMAL_KNEE_BAND_HALF_WIDTH_DEG })), borderColor: NORMAL_LINE, backgroundColor: NORMAL_FILL, borderWidth: 1, pointRadius: 0, fill: '-1' },
  ];
  for (const [side, c] of curves) {
    const n = c.meanDeg.length;
    const lo = c.meanDeg.map((m, i) => ({ x: pctOf(i, n), y: m - (c.sdDeg[i] ?? 0) }));
    const hi = c.meanDeg.map((m, i) => ({ x: pctOf(i, n), y: m + (c.sdDeg[i] ?? 0) }));
    const dash = side === 'right' ? [6, 4] : [];
    datasets.push(
      { label: `${SIDE_LABEL[side]} − SD`, data: lo, borderColor: 'transparent', pointRadius: 0, fill: false },
      { label: `${SIDE_LABEL[side]} ± SD`, data: hi, borderColor: 'transparent', backgroundColor: SIDE_FILL[side], pointRadius: 0, fill: '-1' },
      { label: `${SIDE_LABEL[side]} mean (n = ${c.n})`, data: c.meanDeg.map((m, i) => ({ x: pctOf(i, n), y: m })), borderColor: SIDE_COLOUR[side], borderDash: dash, borderWidth: 2, pointRadius: 0, fill: false },
    );
  }
  const valueAtPct = (c: CycleCurve, pct: number) => {
    const i = Math.round((pct / 100) * (c.meanDeg.length - 1));
    return { m: c.meanDeg[i], sd: c.sdDeg[i] };
  };
  const byside = new Map(curves);
  const rows: string[][] = [];
  for (let pct = 0; pct <= 100; pct += CYCLE_TABLE_STEP_PCT) {
    const row = [String(pct)];
    for (const side of SIDES) {
      const c = byside.get(side);
      const v = c ? valueAtPct(c, pct) : null;
      row.push(v ? `${fmt(v.m, 1)} ± ${fmt(v.sd, 1)}` : '—');
    }
    row.push(`${(normalKneeFlexionDeg(pct) - NORMAL_KNEE_BAND_HALF_WIDTH_DEG).toFixed(0)}–${(normalKneeFlexionDeg(pct) + NORMAL_KNEE_BAND_HALF_WIDTH_DEG).toFixed(0)}`);
    rows.push(row);
  }
  const range = norm('knee-flexion-swing').range;
  return {
    id: 'knee-cycle',
    title,
    caption:
      'Knee flexion from one foot strike to the next (0–100 % of the gait cycle), mean ± SD over strides. ' +
      curves.map(([side, c]) => kneePeakWords(side, c, report)).join('; ') +
      `. Normal peak in swing ${range?.min ?? '?'}–${range?.max ?? '?'}°.`,
    unavailable: null,
    table: { headers: ['Gait cycle (%)', 'Left (°, mean ± SD)', 'Right (°, mean ± SD)', 'Normal band (°)'], rows },
    config: {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', min: 0, max: 100, title: { display: true, text: 'Gait cycle (%)' } },
          y: { type: 'linear', title: { display: true, text: 'Knee flexion (°)' } },
        },
        plugins: { legend: { labels: { filter: (item) => !/lower|− SD/.test(item.text) } } },
      },
    },
    note: NORMAL_KNEE_CURVE_SOURCE,
  };
}

function stepLengthOf(s: StepRecord, units: UnitSystem): { value: number | null; unit: string; decimals: number } {
  if (s.stepLengthM !== null) {
    return units === 'imperial' ? { value: s.stepLengthM / M_PER_IN, unit: 'in', decimals: 1 } : { value: s.stepLengthM, unit: 'm', decimals: 2 };
  }
  return { value: s.stepLengthBodyHeights, unit: 'body heights', decimals: 2 };
}

function barConfig(labels: string[], steps: StepRecord[], values: (number | null)[], yTitle: string): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels,
      datasets: SIDES.map((side) => ({
        label: SIDE_LABEL[side],
        data: steps.map((s, i) => (s.side === side ? values[i] ?? null : null)),
        backgroundColor: side === 'left' ? SIDE_COLOUR.left : SIDE_FILL.right,
        borderColor: SIDE_COLOUR[side],
        borderWidth: side === 'right' ? 2 : 0,
        skipNull: true,
        grouped: false,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: 'Step (ends with a foot strike of)' } }, y: { beginAtZero: true, title: { display: true, text: yTitle } } },
    },
  };
}

function meanOf(xs: (number | null)[]): number | null {
  const f = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : null;
}

/** Step lengths per step, left vs right. */
export function stepLengthSpec(report: GaitReport, units: UnitSystem): ChartSpec {
  const title = 'Step length per step';
  const steps = (readExtra(report)?.steps ?? []).filter((s) => s.stepLengthM !== null || s.stepLengthBodyHeights !== null);
  if (steps.length === 0) {
    const why = report.view === 'frontal' ? 'Step length needs a walk filmed from the side.' : 'No individual step lengths in this report.';
    return { id: 'step-length', title, caption: why, unavailable: why, table: null, config: null };
  }
  const vals = steps.map((s) => stepLengthOf(s, units));
  const unit = vals[0]!.unit;
  const decimals = vals[0]!.decimals;
  const labels = steps.map((s, i) => `${i + 1} ${s.side === 'left' ? 'L' : 'R'}`);
  const caption =
    `Length of each of ${steps.length} steps in ${unit}, left and right. ` +
    SIDES.map((side) => `${SIDE_LABEL[side]} mean ${fmt(meanOf(vals.filter((_, i) => steps[i]!.side === side).map((v) => v.value)), decimals)} ${unit}`).join('; ') +
    '.';
  return {
    id: 'step-length',
    title,
    caption,
    unavailable: null,
    table: { headers: ['Step', 'Side', 'Foot strike (s)', `Step length (${unit})`], rows: steps.map((s, i) => [String(i + 1), SIDE_LABEL[s.side], s.footStrikeS.toFixed(2), fmt(vals[i]!.value, decimals)]) },
    config: barConfig(labels, steps, vals.map((v) => v.value), `Step length (${unit})`),
  };
}

/** Step times per step, left vs right. */
export function stepTimeSpec(report: GaitReport): ChartSpec {
  const title = 'Step time per step';
  const steps = (readExtra(report)?.steps ?? []).filter((s) => s.stepTimeS !== null);
  if (steps.length === 0) {
    const why = 'No individual step times in this report.';
    return { id: 'step-time', title, caption: why, unavailable: why, table: null, config: null };
  }
  const labels = steps.map((s, i) => `${i + 1} ${s.side === 'left' ? 'L' : 'R'}`);
  const caption =
    `Time of each of ${steps.length} steps in seconds, left and right. ` +
    SIDES.map((side) => `${SIDE_LABEL[side]} mean ${fmt(meanOf(steps.filter((s) => s.side === side).map((s) => s.stepTimeS)), 2)} s`).join('; ') +
    '.';
  return {
    id: 'step-time',
    title,
    caption,
    unavailable: null,
    table: { headers: ['Step', 'Side', 'Foot strike (s)', 'Step time (s)'], rows: steps.map((s, i) => [String(i + 1), SIDE_LABEL[s.side], s.footStrikeS.toFixed(2), fmt(s.stepTimeS, 2)]) },
    config: barConfig(labels, steps, steps.map((s) => s.stepTimeS), 'Step time (s)'),
  };
}

/** All report charts in display order. */
export function reportChartSpecs(report: GaitReport, units: UnitSystem): ChartSpec[] {
  return [pelvicObliquitySpec(report), kneeCycleSpec(report), stepLengthSpec(report, units), stepTimeSpec(report)];
}

/** Draws a spec on a canvas; null when the canvas has no 2D context (e.g. a DOM without canvas). */
export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): Chart | null {
  if (!spec.config) return null;
  let ctx: CanvasRenderingContext2D | null;
  try {
    ctx = canvas.getContext('2d');
  } catch {
    // DOMs without canvas support (tests) throw or return null: the text alternative remains.
    return null;
  }
  if (!ctx) return null;
  return new Chart(ctx, spec.config);
}
