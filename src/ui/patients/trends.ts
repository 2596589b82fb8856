/** Trend charts of key gait metrics across a patient's sessions, each with its text alternative. */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { metricInfo } from '../../assessment/metricInfo.ts';
import type { GaitReport, MetricId, SideStat } from '../../kinematics/types.ts';
import type { Session } from '../../storage/index.ts';
import { SIDE_COLOUR, type ChartSpec } from '../report/charts.ts';
import { dayOf } from '../report/download.ts';

/** Metrics shown as trends, in this order (the key ones for recovery and programme response). */
export const TREND_METRICS: readonly MetricId[] = Object.freeze([
  'cadenceStepsPerMin',
  'gaitSpeedMps',
  'contralateralPelvicDropDeg',
  'stepLengthSymmetryRatio',
  'kneeFlexionPeakSwingDeg',
  'hipExtensionPeakDeg',
  'trunkLateralLeanDeg',
  'stanceTimeSymmetryRatio',
]);

/** One session's value of a metric (null where the session could not measure it). */
export interface TrendPoint {
  sessionId: string;
  label: string;
  value: number | null;
  left: number | null;
  right: number | null;
}

/** A gait session's report, if it is one (sessions of other kinds or foreign data are skipped). */
export function gaitReportOf(s: Session): GaitReport | null {
  const r = s.report as Partial<GaitReport>;
  return s.kind === 'gait' && r.format === 'gaitscope.report' && r.metrics ? (r as GaitReport) : null;
}

const mean = (s: SideStat | null | undefined) => (s && s.n > 0 ? s.mean : null);

/** Trend points of one metric over the sessions (oldest first). */
export function trendPoints(sessions: readonly Session[], id: MetricId): TrendPoint[] {
  const out: TrendPoint[] = [];
  const gait = sessions.map((s) => [s, gaitReportOf(s)] as const).filter((x): x is readonly [Session, GaitReport] => x[1] !== null);
  const days = gait.map(([s]) => dayOf(s.createdAt));
  gait.forEach(([s, r], i) => {
    const m = r.metrics[id];
    const sameDay = days.filter((d) => d === days[i]).length > 1;
    const label = sameDay ? `${days[i]} #${days.slice(0, i + 1).filter((d) => d === days[i]).length}` : days[i]!;
    if (m === null || m === undefined) out.push({ sessionId: s.id, label, value: null, left: null, right: null });
    else if ('value' in m) out.push({ sessionId: s.id, label, value: m.value, left: null, right: null });
    else out.push({ sessionId: s.id, label, value: null, left: mean(m.left), right: mean(m.right) });
  });
  return out;
}

function fmt(x: number | null, d: number): string {
  return x === null ? '—' : x.toFixed(d);
}

function change(xs: (number | null)[], d: number, unit: string): string {
  const f = xs.filter((x): x is number => x !== null);
  if (f.length === 0) return 'not measured';
  if (f.length === 1) return `${f[0]!.toFixed(d)}${unit} (one session)`;
  return `${f[0]!.toFixed(d)}${unit} first, ${f[f.length - 1]!.toFixed(d)}${unit} latest`;
}

/** Trend chart specs for the key metrics that at least one session measured. */
export function trendSpecs(sessions: readonly Session[]): ChartSpec[] {
  const specs: ChartSpec[] = [];
  for (const id of TREND_METRICS) {
    const info = metricInfo(id);
    const pts = trendPoints(sessions, id);
    const measured = pts.filter((p) => p.value !== null || p.left !== null || p.right !== null);
    if (measured.length === 0) continue;
    const unit = info.unit === '°' ? '°' : info.unit === 'ratio' ? '' : ` ${info.unit}`;
    const d = info.decimals;
    const labels = pts.map((p) => p.label);
    let datasets: ChartDataset<'line', (number | null)[]>[];
    let caption: string;
    let table: ChartSpec['table'];
    if (info.sided) {
      datasets = (['left', 'right'] as const).map((side) => ({
        label: side === 'left' ? 'Left' : 'Right',
        data: pts.map((p) => p[side]),
        borderColor: SIDE_COLOUR[side],
        backgroundColor: SIDE_COLOUR[side],
        borderDash: side === 'right' ? [6, 4] : [],
        pointStyle: side === 'left' ? 'circle' : 'rectRot',
        pointRadius: 4,
        spanGaps: true,
      }));
      caption = `${info.label} over ${pts.length} session${pts.length === 1 ? '' : 's'}: left ${change(pts.map((p) => p.left), d, unit)}; right ${change(pts.map((p) => p.right), d, unit)}.`;
      table = { headers: ['Session', `Left (${info.unit})`, `Right (${info.unit})`], rows: pts.map((p) => [p.label, fmt(p.left, d), fmt(p.right, d)]) };
    } else {
      datasets = [{ label: info.label, data: pts.map((p) => p.value), borderColor: '#333', backgroundColor: '#333', pointRadius: 4, spanGaps: true }];
      caption = `${info.label} over ${pts.length} session${pts.length === 1 ? '' : 's'}: ${change(pts.map((p) => p.value), d, unit)}.`;
      table = { headers: ['Session', `${info.label} (${info.unit})`], rows: pts.map((p) => [p.label, fmt(p.value, d)]) };
    }
    const config: ChartConfiguration = {
      type: 'line',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { type: 'category', title: { display: true, text: 'Session' } }, y: { type: 'linear', title: { display: true, text: `${info.label} (${info.unit})` } } },
      },
    };
    specs.push({ id: `trend-${id}`, title: info.label, caption, unavailable: null, table, config });
  }
  return specs;
}
