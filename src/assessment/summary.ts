/**
 * The report's opening lines in plain words (product.md "Report": the few findings that
 * matter first, what is within the usual range, and what this recording could not measure).
 */
import { UNRELIABLE_LEGS_WARNING, VIEW_MISMATCH_WARNING } from '../kinematics/conventions.ts';
import type { Side } from '../kinematics/keypoints.ts';
import type { Flag, GaitReport, MetricId, SidedMetric } from '../kinematics/types.ts';
import { FLAG_RULES, severityRank } from './flags.ts';
import { METRIC_INFO, metricInfo } from './metricInfo.ts';
import { ageSexNorm, norm } from './norms.ts';

/** How many findings the summary spells out before "and N more". */
export const SUMMARY_MAX_FINDINGS = 3;

/** Coverage below which the summary warns that the body was not seen well. */
export const LOW_COVERAGE_FRACTION = 0.8;

/** Frame rate below which the summary warns that timing is less precise. */
export const LOW_FPS = 20;

const PLAIN_NEEDS: readonly [RegExp, string][] = [
  [/subject\.heightM|height/i, 'the person’s height (enter it to get metres)'],
  [/frontal/i, 'a walk filmed from the front or from behind'],
  [/sagittal|side view/i, 'a walk filmed from the side'],
  [/stride|step/i, 'more complete steps in the recording'],
];

const NEEDS_RE = /^([A-Za-z]+)\s+needs\s+(.+)$/;

/** One quality warning in plain words ("X needs Y" becomes "X could not be measured: it needs …"). */
export function plainWarning(warning: string): string {
  const m = NEEDS_RE.exec(warning.trim());
  if (m) {
    const [, metric, need] = m as unknown as [string, string, string];
    const label = METRIC_INFO.find((x) => x.id === metric)?.label ?? metric;
    const plainNeed = PLAIN_NEEDS.find(([re]) => re.test(need))?.[1] ?? need;
    return `${label} could not be measured: it needs ${plainNeed}.`;
  }
  return `Note from the analysis: ${warning}`;
}

function sidedText(id: MetricId, m: SidedMetric, sides: readonly Side[]): string {
  const info = metricInfo(id);
  const unit = info.unit === '°' ? '°' : ` ${info.unit}`;
  const parts: string[] = [];
  for (const side of sides) {
    const s = m[side];
    if (s && s.n > 0) parts.push(`${side} ${s.mean.toFixed(info.decimals)}${unit}`);
  }
  return parts.join(', ');
}

/** The normal range the report table shows for a metric (its metricInfo norm, or the age/sex norm for speed and cadence); null when none applies. */
export function normRange(
  id: MetricId,
  context: { ageYears?: number; sex?: 'female' | 'male' | 'other' } = {},
): { min?: number; max?: number } | null {
  if (id === 'gaitSpeedMps' || id === 'cadenceStepsPerMin') {
    if (context.ageYears === undefined) return null;
    return ageSexNorm(id, context.ageYears, context.sex)?.range ?? null;
  }
  const normId = metricInfo(id).normId;
  return normId ? (norm(normId).range ?? null) : null;
}

/** Where a value lies against a range: inside (bounds included), above or below. */
export function rangePosition(value: number, range: { min?: number; max?: number }): 'within' | 'above' | 'below' {
  if (range.min !== undefined && value < range.min) return 'below';
  if (range.max !== undefined && value > range.max) return 'above';
  return 'within';
}

/** The "could not be measured" line for a metric that the report's view cannot give. */
const OTHER_VIEW_LINE: Record<'sagittal' | 'frontal', string> = {
  sagittal: 'Hip drop, pelvic tilt and trunk lean are measured only on a walk filmed from the front or from behind.',
  frontal: 'Step length, walking speed, knee bend and hip extension are measured only on a walk filmed from the side.',
};

/**
 * Summary lines: the cautions that qualify everything (wrong assessment type, unreliable legs),
 * the most important findings (flag.finding, most severe first), the checked measures inside,
 * above or below the normal range the table shows, then the poor-video lines and what this view
 * could have measured but did not. Other analysis notes stay in the report's notes list.
 */
export function summarise(
  report: GaitReport,
  flags: readonly Flag[],
  context: { ageYears?: number; sex?: 'female' | 'male' | 'other' } = {},
): string[] {
  const lines: string[] = [];
  // The wrong assessment type qualifies everything after it: said first, in plain words.
  if (report.quality.warnings.some((w) => w.startsWith(VIEW_MISMATCH_WARNING))) {
    lines.push(
      'Caution: the assessment type chosen does not match how the walk was filmed, so the results below may be wrong. ' +
        'Check the assessment type (side, front or back view) and analyse the video again.',
    );
  }
  // The legs not tracked reliably qualifies everything after it too.
  const unreliable = report.quality.warnings.find((w) => w.startsWith(UNRELIABLE_LEGS_WARNING));
  if (unreliable) {
    const count = /(\d+ of \d+) gait events/.exec(unreliable)?.[1];
    lines.push(
      `Caution: the left and right legs were not tracked reliably in this recording${count ? ` (${count} foot contacts and lift-offs looked wrong or were missed)` : ''}, ` +
        'so the timings and the left-right comparisons below may be wrong. Check them against the video, or record again from the side with the whole body in view and good light.',
    );
  }
  const sorted = [...flags].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  for (const f of sorted.slice(0, SUMMARY_MAX_FINDINGS)) lines.push(`${f.finding} (${f.severity})`);
  if (sorted.length > SUMMARY_MAX_FINDINGS) {
    const more = sorted.length - SUMMARY_MAX_FINDINGS;
    lines.push(`…and ${more} more finding${more === 1 ? '' : 's'} in the list below.`);
  }

  const flaggedMetrics = new Set(flags.map((f) => f.metric));
  const byPosition: Record<'within' | 'above' | 'below', string[]> = { within: [], above: [], below: [] };
  const seen = new Set<MetricId>();
  for (const rule of FLAG_RULES) {
    const id = rule.metric;
    if (seen.has(id) || flaggedMetrics.has(id)) continue;
    seen.add(id);
    const value = report.metrics[id];
    const range = normRange(id, context);
    if (value === null || value === undefined || range === null) continue;
    const info = metricInfo(id);
    if ('value' in value) {
      if (!Number.isFinite(value.value)) continue;
      const unit = info.unit === '°' ? '°' : info.unit === 'ratio' ? '' : ` ${info.unit}`;
      byPosition[rangePosition(value.value, range)].push(`${info.plain} (${value.value.toFixed(info.decimals)}${unit})`);
    } else {
      const sides: Record<'within' | 'above' | 'below', Side[]> = { within: [], above: [], below: [] };
      for (const side of ['left', 'right'] as const) {
        const s = value[side];
        if (s && s.n > 0 && Number.isFinite(s.mean)) sides[rangePosition(s.mean, range)].push(side);
      }
      for (const pos of ['within', 'above', 'below'] as const) {
        const text = sidedText(id, value, sides[pos]);
        if (text) byPosition[pos].push(`${info.plain} (${text})`);
      }
    }
  }
  const { within, above, below } = byPosition;
  const outside = above.length + below.length;
  if (flags.length === 0 && outside === 0 && within.length > 0) lines.push('Nothing this app checks was outside the usual range.');
  if (flags.length === 0 && outside > 0) lines.push('Nothing this app checks needs attention.');
  if (flags.length === 0 && outside === 0 && within.length === 0) lines.push('This recording did not give enough to compare with the usual ranges.');
  if (within.length > 0) lines.push(`Within the usual range: ${within.join('; ')}.`);
  if (above.length > 0) lines.push(`Above the usual range but not a concern on its own: ${above.join('; ')}.`);
  if (below.length > 0) lines.push(`Below the usual range but not a concern on its own: ${below.join('; ')}.`);

  const q = report.quality;
  if (Number.isFinite(q.keypointCoverageFraction) && q.keypointCoverageFraction < LOW_COVERAGE_FRACTION) {
    lines.push(`The body was hidden or unclear in part of the video (${Math.round(q.keypointCoverageFraction * 100)}% seen), so some numbers are less certain.`);
  }
  if (Number.isFinite(q.meanFps) && q.meanFps > 0 && q.meanFps < LOW_FPS) {
    lines.push(`The video had only ${q.meanFps.toFixed(0)} frames per second, so step timing is less precise.`);
  }
  // "X needs Y" lines only for metrics this view could give; the other view's metrics in one line.
  let otherView = false;
  for (const w of q.warnings) {
    const metric = needsMetric(w);
    if (!metric) continue;
    const view = metricInfo(metric).view;
    if (view === 'any' || view === report.view) lines.push(plainWarning(w));
    else otherView = true;
  }
  if (otherView && (report.view === 'sagittal' || report.view === 'frontal')) lines.push(OTHER_VIEW_LINE[report.view]);
  return lines;
}

/** The metric of an "X needs Y" quality warning, or null for any other warning. */
function needsMetric(warning: string): MetricId | null {
  const m = NEEDS_RE.exec(warning.trim());
  const id = m?.[1];
  return id !== undefined && METRIC_INFO.some((x) => x.id === id) ? (id as MetricId) : null;
}
