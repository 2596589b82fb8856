/**
 * Flag rules: report metrics → `Flag`s against the norms in norms.ts (metrics.md).
 * A flag fires only strictly beyond its threshold; a null metric never flags, nor does a side with fewer than
 * MIN_STEPS_PER_SIDE_FOR_FLAG steps. A per-side finding says how many steps it averages, and "borderline" when
 * its distance beyond the threshold is within the standard error of that average.
 */
import type { Side } from '../kinematics/keypoints.ts';
import type { Flag, GaitReport, MetricId, Severity, SideStat } from '../kinematics/types.ts';
import { ageSexNorm, norm, type NormEntry, type SeverityBands } from './norms.ts';

/** Facts about the person that some rules need. */
export interface FlagContext {
  ageYears?: number;
  sex?: 'female' | 'male' | 'other';
  sideOfConcern?: Side | null;
}

/** The id of every flag Gaitscope can raise. */
export const FLAG_IDS = [
  'contralateral-pelvic-drop',
  'pelvic-drop-asymmetry',
  'trunk-lateral-lean',
  'step-length-asymmetry',
  'stance-time-asymmetry',
  'reduced-hip-extension',
  'reduced-knee-flexion-swing',
  'slow-gait-speed',
  'slow-cadence',
  'lateral-pelvic-tilt',
] as const;

/** A flag id. */
export type FlagId = (typeof FLAG_IDS)[number];

/** Each flag rule with the metric it reads and the norm(s) it applies (age/sex norms: every entry for that metric). */
export const FLAG_RULES: readonly { id: FlagId; metric: MetricId; normIds: readonly string[]; title: string }[] = Object.freeze([
  { id: 'contralateral-pelvic-drop', metric: 'contralateralPelvicDropDeg', normIds: ['contralateral-pelvic-drop'], title: 'Hip drop (contralateral pelvic drop)' },
  { id: 'pelvic-drop-asymmetry', metric: 'contralateralPelvicDropDeg', normIds: ['pelvic-drop-asymmetry'], title: 'Hip drop differs between sides' },
  { id: 'trunk-lateral-lean', metric: 'trunkLateralLeanDeg', normIds: ['trunk-lateral-lean'], title: 'Trunk leans over the standing leg' },
  { id: 'step-length-asymmetry', metric: 'stepLengthSymmetryRatio', normIds: ['step-length-asymmetry'], title: 'Uneven step length' },
  { id: 'stance-time-asymmetry', metric: 'stanceTimeSymmetryRatio', normIds: ['stance-time-asymmetry'], title: 'Uneven time on each leg' },
  { id: 'reduced-hip-extension', metric: 'hipExtensionPeakDeg', normIds: ['hip-extension-late-stance'], title: 'Little hip extension at push-off' },
  { id: 'reduced-knee-flexion-swing', metric: 'kneeFlexionPeakSwingDeg', normIds: ['knee-flexion-swing'], title: 'Little knee bend in swing' },
  { id: 'slow-gait-speed', metric: 'gaitSpeedMps', normIds: ['gait-speed-*'], title: 'Slow walking speed for age' },
  { id: 'slow-cadence', metric: 'cadenceStepsPerMin', normIds: ['cadence-*'], title: 'Slow cadence for age' },
  { id: 'lateral-pelvic-tilt', metric: 'lateralPelvicTiltDeg', normIds: ['lateral-pelvic-tilt'], title: 'One hip sits higher' },
]);

const SEVERITY_RANK: Record<Severity, number> = { mild: 1, moderate: 2, marked: 3 };

/** Orders severities: marked > moderate > mild. */
export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

/** Severity of `value` against bands; null when not strictly beyond the mild threshold. */
export function severityFor(value: number, bands: SeverityBands, direction: 'above' | 'below'): Severity | null {
  if (!Number.isFinite(value)) return null;
  if (direction === 'above') {
    if (!(value > bands.mild)) return null;
    if (value > bands.marked) return 'marked';
    if (value > bands.moderate) return 'moderate';
    return 'mild';
  }
  if (!(value < bands.mild)) return null;
  if (value < bands.marked) return 'marked';
  if (value < bands.moderate) return 'moderate';
  return 'mild';
}

/** The citation text of a norm, saying "screening rule" first when it is one. */
export function sourceText(n: Readonly<NormEntry>): string {
  const parts: string[] = [];
  if (n.screeningRule) parts.push(`Screening rule, not a published cut-off: ${n.screeningRule}`);
  if (n.source) parts.push(`Source: ${n.source}`);
  return parts.join(' ');
}

function usable(stat: SideStat | null | undefined): stat is SideStat {
  return stat != null && stat.n > 0 && Number.isFinite(stat.mean);
}

/** Fewest steps on a side for a per-side flag (or the left-right drop difference): one step has no spread to judge it by. */
export const MIN_STEPS_PER_SIDE_FOR_FLAG = 2;

function flaggable(stat: SideStat | null | undefined): stat is SideStat {
  return usable(stat) && stat.n >= MIN_STEPS_PER_SIDE_FOR_FLAG;
}

/**
 * How sure a per-side finding is: borderline when its distance beyond the threshold (`missBeyond`, > 0) is smaller
 * than the standard error of the mean (`se`, e.g. SD/√n), i.e. within the step-to-step uncertainty of the average.
 */
export function isBorderline(missBeyond: number, se: number): boolean {
  return Number.isFinite(se) && se > 0 && missBeyond < se;
}

function countNote(n: number, sdDeg: number, borderline: boolean): string {
  const steps = `${n} step${n === 1 ? '' : 's'}`;
  if (!borderline) return ` Average of ${steps} on that leg.`;
  return ` This is borderline: it is the average of ${steps} on that leg, which varied by ±${sdDeg.toFixed(1)}°, so the true value may be within the usual range.`;
}

function other(side: Side): Side {
  return side === 'left' ? 'right' : 'left';
}

function deg(x: number): string {
  return `${x.toFixed(1)}°`;
}

function pct(ratio: number): string {
  return `${Math.round((ratio - 1) * 100)}%`;
}

function makeFlag(
  id: FlagId,
  n: Readonly<NormEntry>,
  metric: MetricId,
  side: Side | null,
  severity: Severity,
  value: number,
  threshold: number,
  finding: string,
  sample?: { n: number; sd: number; borderline: boolean },
): Flag {
  return {
    id,
    side,
    severity,
    metric,
    value,
    threshold,
    finding,
    source: sourceText(n),
    extra: { normId: n.id, screeningRule: n.screeningRule !== undefined, ...(sample ? { n: sample.n, sd: sample.sd, borderline: sample.borderline } : {}) },
  };
}

function bandsOf(n: Readonly<NormEntry>): SeverityBands {
  if (!n.bands) throw new Error(`norm "${n.id}" has no severity bands`);
  return n.bands;
}

/** A per-side rule: each usable side whose mean lies beyond the norm's bands gets a flag. */
function perSideFlags(
  report: GaitReport,
  metric: 'contralateralPelvicDropDeg' | 'trunkLateralLeanDeg' | 'hipExtensionPeakDeg' | 'kneeFlexionPeakSwingDeg',
  flagId: FlagId,
  normId: string,
  direction: 'above' | 'below',
  finding: (side: Side, value: number, mild: number) => string,
): Flag[] {
  const m = report.metrics[metric];
  const n = norm(normId);
  const out: Flag[] = [];
  for (const side of ['left', 'right'] as const) {
    const s = m?.[side];
    if (!flaggable(s)) continue;
    const mild = bandsOf(n).mild;
    const sev = severityFor(s.mean, bandsOf(n), direction);
    if (!sev) continue;
    const borderline = isBorderline(Math.abs(s.mean - mild), s.sd / Math.sqrt(s.n));
    out.push(makeFlag(flagId, n, metric, side, sev, s.mean, mild, finding(side, s.mean, mild) + countNote(s.n, s.sd, borderline), { n: s.n, sd: s.sd, borderline }));
  }
  return out;
}

/** Contralateral pelvic drop per stance side (flag side = stance leg, whose hip abductors hold the pelvis). */
export function flagContralateralPelvicDrop(report: GaitReport): Flag[] {
  return perSideFlags(report, 'contralateralPelvicDropDeg', 'contralateral-pelvic-drop', 'contralateral-pelvic-drop', 'above', (side, value, mild) =>
    `While you stand on your ${side} leg, the ${other(side)} side of your pelvis drops ${deg(value)} (up to about ${mild}° is usual). ` +
      `This often means the muscles on the outside of your ${side} hip (gluteus medius) are not holding the pelvis level.`);
}

/** Left/right difference of the contralateral pelvic drop (flag side = stance side with the larger drop). */
export function flagPelvicDropAsymmetry(report: GaitReport): Flag[] {
  const m = report.metrics.contralateralPelvicDropDeg;
  if (!m || !flaggable(m.left) || !flaggable(m.right)) return [];
  const n = norm('pelvic-drop-asymmetry');
  const diff = Math.abs(m.left.mean - m.right.mean);
  const sev = severityFor(diff, bandsOf(n), 'above');
  if (!sev) return [];
  const side: Side = m.left.mean > m.right.mean ? 'left' : 'right';
  // Standard error of a difference of two means.
  const se = Math.sqrt(m.left.sd ** 2 / m.left.n + m.right.sd ** 2 / m.right.n);
  const borderline = isBorderline(diff - bandsOf(n).mild, se);
  const note = borderline
    ? ` This is borderline: it compares ${m.left.n} left and ${m.right.n} right steps, whose spread is larger than the difference beyond the usual range.`
    : ` Averages of ${m.left.n} left and ${m.right.n} right steps.`;
  return [
    makeFlag('pelvic-drop-asymmetry', n, 'contralateralPelvicDropDeg', side, sev, diff, bandsOf(n).mild,
      `Your pelvis drops more when you stand on your ${side} leg than on your ${other(side)} leg (by ${deg(diff)}). ` +
        `The hip muscles on the ${side} side may be weaker than on the ${other(side)}.${note}`,
      { n: Math.min(m.left.n, m.right.n), sd: Math.max(m.left.sd, m.right.sd), borderline }),
  ];
}

/** Trunk lateral lean toward the stance side (compensated Trendelenburg), per stance side. */
export function flagTrunkLateralLean(report: GaitReport): Flag[] {
  return perSideFlags(report, 'trunkLateralLeanDeg', 'trunk-lateral-lean', 'trunk-lateral-lean', 'above', (side, value, mild) =>
    `While you stand on your ${side} leg, your upper body leans ${deg(value)} over it (up to about ${mild}° is usual). ` +
      `Leaning over the standing hip is a common way to spare a weak or sore hip.`);
}

function shorterSide(stats: { left: SideStat | null; right: SideStat | null } | null | undefined, value: (s: SideStat) => number = (s) => s.mean): Side | null {
  if (!stats || !usable(stats.left) || !usable(stats.right)) return null;
  const l = value(stats.left);
  const r = value(stats.right);
  if (l === r) return null;
  return l < r ? 'left' : 'right';
}

/** Step-length asymmetry: symmetry ratio above Patterson et al.'s 1.08 (flag side = the shorter step, when known). */
export function flagStepLengthAsymmetry(report: GaitReport): Flag[] {
  const r = report.metrics.stepLengthSymmetryRatio;
  if (!r || !Number.isFinite(r.value)) return [];
  const n = norm('step-length-asymmetry');
  const sev = severityFor(r.value, bandsOf(n), 'above');
  if (!sev) return [];
  const side = shorterSide(report.metrics.stepLengthM) ?? shorterSide(report.metrics.stepLengthBodyHeights);
  const which = side ? ` Your ${side} steps are the shorter ones.` : '';
  return [
    makeFlag('step-length-asymmetry', n, 'stepLengthSymmetryRatio', side, sev, r.value, bandsOf(n).mild,
      `Your steps are uneven: the longer step is ${pct(r.value)} longer than the shorter (up to ${pct(bandsOf(n).mild)} is usual).${which}`),
  ];
}

/** Stance-time asymmetry: symmetry ratio above Patterson et al.'s 1.05 (flag side = the leg with the shorter stance, when known). */
export function flagStanceTimeAsymmetry(report: GaitReport): Flag[] {
  const r = report.metrics.stanceTimeSymmetryRatio;
  if (!r || !Number.isFinite(r.value)) return [];
  const n = norm('stance-time-asymmetry');
  const sev = severityFor(r.value, bandsOf(n), 'above');
  if (!sev) return [];
  const sf = report.metrics.stanceFraction;
  const st = report.metrics.strideTimeS;
  let side: Side | null = null;
  if (sf && st && usable(sf.left) && usable(sf.right) && usable(st.left) && usable(st.right)) {
    const l = sf.left.mean * st.left.mean;
    const rr = sf.right.mean * st.right.mean;
    if (l !== rr) side = l < rr ? 'left' : 'right';
  }
  const which = side ? ` You spend less time on your ${side} leg; people often do this to spare a sore or weak hip.` : '';
  return [
    makeFlag('stance-time-asymmetry', n, 'stanceTimeSymmetryRatio', side, sev, r.value, bandsOf(n).mild,
      `You stand longer on one leg than the other: ${pct(r.value)} longer (up to ${pct(bandsOf(n).mild)} is usual).${which}`),
  ];
}

/** Reduced hip extension (thigh behind the vertical) in late stance, per side. */
export function flagReducedHipExtension(report: GaitReport): Flag[] {
  return perSideFlags(report, 'hipExtensionPeakDeg', 'reduced-hip-extension', 'hip-extension-late-stance', 'below', (side, value) =>
    `At the end of each step your ${side} thigh only reaches ${deg(value)} behind upright (about 10–20° is usual). ` +
    `A stiff front of the hip or weak buttock muscles can cause this, and it shortens the step.`);
}

/** Reduced peak knee flexion in swing, per side. */
export function flagReducedKneeFlexion(report: GaitReport): Flag[] {
  return perSideFlags(report, 'kneeFlexionPeakSwingDeg', 'reduced-knee-flexion-swing', 'knee-flexion-swing', 'below', (side, value) =>
    `Your ${side} knee bends only ${deg(value)} as the leg swings through (about 55–65° is usual). ` +
    `A stiff knee in swing makes the foot clear the ground less easily.`);
}

/** Slow gait speed for age and sex (needs context.ageYears; sex unknown → the more lenient norm). */
export function flagSlowGaitSpeed(report: GaitReport, ctx: FlagContext = {}): Flag[] {
  const v = report.metrics.gaitSpeedMps;
  if (!v || !Number.isFinite(v.value) || ctx.ageYears === undefined) return [];
  const n = ageSexNorm('gaitSpeedMps', ctx.ageYears, ctx.sex);
  if (!n || n.below === undefined) return [];
  const sev = severityFor(v.value, bandsOf(n), 'below');
  if (!sev) return [];
  return [
    makeFlag('slow-gait-speed', n, 'gaitSpeedMps', null, sev, v.value, n.below,
      `You walked at ${v.value.toFixed(2)} m/s, slower than usual for your age (average about ${n.mean?.toFixed(2)} m/s). ` +
        `Walking speed is a good overall sign of how well walking is going.`),
  ];
}

/** Slow cadence for age and sex (needs context.ageYears; sex unknown → the more lenient norm). */
export function flagSlowCadence(report: GaitReport, ctx: FlagContext = {}): Flag[] {
  const v = report.metrics.cadenceStepsPerMin;
  if (!v || !Number.isFinite(v.value) || ctx.ageYears === undefined) return [];
  const n = ageSexNorm('cadenceStepsPerMin', ctx.ageYears, ctx.sex);
  if (!n || n.below === undefined) return [];
  const sev = severityFor(v.value, bandsOf(n), 'below');
  if (!sev) return [];
  return [
    makeFlag('slow-cadence', n, 'cadenceStepsPerMin', null, sev, v.value, n.below,
      `You took ${Math.round(v.value)} steps a minute, fewer than usual for your age (about ${n.range?.min}–${n.range?.max}).`),
  ];
}

/** Lateral pelvic tilt (static): one hip higher (flag side = the higher hip). */
export function flagLateralPelvicTilt(report: GaitReport): Flag[] {
  const v = report.metrics.lateralPelvicTiltDeg;
  if (!v || !Number.isFinite(v.value)) return [];
  const n = norm('lateral-pelvic-tilt');
  const sev = severityFor(Math.abs(v.value), bandsOf(n), 'above');
  if (!sev) return [];
  const side: Side = v.value > 0 ? 'right' : 'left';
  return [
    makeFlag('lateral-pelvic-tilt', n, 'lateralPelvicTiltDeg', side, sev, v.value, bandsOf(n).mild,
      `Your ${side} hip sits ${deg(Math.abs(v.value))} higher than your ${other(side)} (up to about ${bandsOf(n).mild}° is usual). ` +
        `A leg-length difference or standing habit can do this; check the camera was level.`),
  ];
}

/**
 * Runs every flag rule; flags are ordered by severity (marked first), the side of concern
 * first among equals, then in FLAG_IDS order.
 */
export function flagReport(report: GaitReport, ctx: FlagContext = {}): Flag[] {
  const flags = [
    ...flagContralateralPelvicDrop(report),
    ...flagPelvicDropAsymmetry(report),
    ...flagTrunkLateralLean(report),
    ...flagStepLengthAsymmetry(report),
    ...flagStanceTimeAsymmetry(report),
    ...flagReducedHipExtension(report),
    ...flagReducedKneeFlexion(report),
    ...flagSlowGaitSpeed(report, ctx),
    ...flagSlowCadence(report, ctx),
    ...flagLateralPelvicTilt(report),
  ];
  const concern = ctx.sideOfConcern ?? null;
  const order = (f: Flag) => FLAG_IDS.indexOf(f.id as FlagId);
  return flags
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        severityRank(b.f.severity) - severityRank(a.f.severity) ||
        Number(concern !== null && b.f.side === concern) - Number(concern !== null && a.f.side === concern) ||
        order(a.f) - order(b.f) ||
        a.i - b.i,
    )
    .map((x) => x.f);
}
