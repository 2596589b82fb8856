/**
 * The report's opening lines in plain words (product.md "Report": the few findings that
 * matter first, what is within the usual range, and what this recording could not measure).
 */
import { UNRELIABLE_LEGS_WARNING } from '../kinematics/conventions.ts';
import type { Flag, GaitReport, MetricId, SidedMetric } from '../kinematics/types.ts';
import { FLAG_RULES, severityRank } from './flags.ts';
import { METRIC_INFO, metricInfo } from './metricInfo.ts';
import { ageSexNorm } from './norms.ts';

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

/** One quality warning in plain words ("X needs Y" becomes "X could not be measured: it needs …"). */
export function plainWarning(warning: string): string {
  const m = /^([A-Za-z]+)\s+needs\s+(.+)$/.exec(warning.trim());
  if (m) {
    const [, metric, need] = m as unknown as [string, string, string];
    const label = METRIC_INFO.find((x) => x.id === metric)?.label ?? metric;
    const plainNeed = PLAIN_NEEDS.find(([re]) => re.test(need))?.[1] ?? need;
    return `${label} could not be measured: it needs ${plainNeed}.`;
  }
  return `Note from the analysis: ${warning}`;
}

function sidedText(id: MetricId, m: SidedMetric): string {
  const info = metricInfo(id);
  const unit = info.unit === '°' ? '°' : ` ${info.unit}`;
  const parts: string[] = [];
  for (const side of ['left', 'right'] as const) {
    const s = m[side];
    if (s && s.n > 0) parts.push(`${side} ${s.mean.toFixed(info.decimals)}${unit}`);
  }
  return parts.join(', ');
}

/**
 * Summary lines: the most important findings (flag.finding, most severe first), the checked
 * measures within the usual range, and plain-words lines for what could not be measured.
 */
export function summarise(
  report: GaitReport,
  flags: readonly Flag[],
  context: { ageYears?: number; sex?: 'female' | 'male' | 'other' } = {},
): string[] {
  const lines: string[] = [];
  // The legs not tracked reliably qualifies everything after it: said first, in plain words.
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
  const within: string[] = [];
  const seen = new Set<MetricId>();
  for (const rule of FLAG_RULES) {
    const id = rule.metric;
    if (seen.has(id) || flaggedMetrics.has(id)) continue;
    seen.add(id);
    const value = report.metrics[id];
    if (value === null) continue;
    const info = metricInfo(id);
    if ('value' in value) {
      if (!Number.isFinite(value.value)) continue;
      if ((id === 'gaitSpeedMps' || id === 'cadenceStepsPerMin') && (context.ageYears === undefined || !ageSexNorm(id, context.ageYears, context.sex))) continue;
      const unit = info.unit === '°' ? '°' : info.unit === 'ratio' ? '' : ` ${info.unit}`;
      within.push(`${info.plain} (${value.value.toFixed(info.decimals)}${unit})`);
    } else {
      const text = sidedText(id, value);
      if (text) within.push(`${info.plain} (${text})`);
    }
  }
  if (flags.length === 0 && within.length > 0) lines.push('Nothing this app checks was outside the usual range.');
  if (flags.length === 0 && within.length === 0) lines.push('This recording did not give enough to compare with the usual ranges.');
  if (within.length > 0) lines.push(`Within the usual range: ${within.join('; ')}.`);

  const q = report.quality;
  if (Number.isFinite(q.keypointCoverageFraction) && q.keypointCoverageFraction < LOW_COVERAGE_FRACTION) {
    lines.push(`The body was hidden or unclear in part of the video (${Math.round(q.keypointCoverageFraction * 100)}% seen), so some numbers are less certain.`);
  }
  if (Number.isFinite(q.meanFps) && q.meanFps > 0 && q.meanFps < LOW_FPS) {
    lines.push(`The video had only ${q.meanFps.toFixed(0)} frames per second, so step timing is less precise.`);
  }
  for (const w of q.warnings) if (w !== unreliable) lines.push(plainWarning(w));
  return lines;
}
