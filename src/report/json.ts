/**
 * JSON export and import of a gait report (formats.md section 2): stable key order, two-space
 * indentation, and a validating reader whose messages name the field. Runs in Node and the browser.
 */
import { z } from 'zod';
import type { GaitReport } from '../kinematics/types.ts';

// Known keys first, in formats.md order; any other key follows alphabetically. Don't change the order.
const KEY_ORDER = [
  'format', 'version', 'view', 'durationS', 'quality', 'events', 'metrics', 'flags', 'exercises',
  'framesAnalysed', 'meanFps', 'keypointCoverageFraction', 'warnings',
  'left', 'right', 'footStrikeS', 'footOffS',
  'cadenceStepsPerMin', 'strideTimeS', 'stepTimeS', 'stanceFraction', 'stepLengthM', 'stepLengthBodyHeights',
  'gaitSpeedMps', 'contralateralPelvicDropDeg', 'pelvicObliquityRangeDeg', 'lateralPelvicTiltDeg',
  'trunkLateralLeanDeg', 'kneeFlexionPeakSwingDeg', 'hipExtensionPeakDeg', 'stepLengthSymmetryRatio', 'stanceTimeSymmetryRatio',
  'value', 'mean', 'sd', 'n',
  'id', 'side', 'severity', 'metric', 'threshold', 'finding', 'source', 'forFlags', 'dose',
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function orderKeys(a: string, b: string): number {
  if (a === 'extra' || b === 'extra') return a === 'extra' ? (b === 'extra' ? 0 : 1) : -1;
  const ra = RANK.get(a);
  const rb = RANK.get(b);
  if (ra !== undefined && rb !== undefined) return ra - rb;
  if (ra !== undefined) return -1;
  if (rb !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonical(v: unknown, path: string): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${path}: ${v} is not a finite number (use null for "cannot be measured")`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => canonical(x, `${path}[${i}]`));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(orderKeys)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      out[k] = canonical(x, `${path}.${k}`);
    }
    return out;
  }
  return v;
}

/** The report as pretty JSON with a stable key order (same report → same bytes). Throws, naming the field, on NaN/Infinity. */
export function reportToJson(report: GaitReport): string {
  return JSON.stringify(canonical(report, 'report'), null, 2) + '\n';
}

const sideStat = z.object({ mean: z.number(), sd: z.number(), n: z.number().int().nonnegative() });
const sided = z.object({ left: sideStat.nullable(), right: sideStat.nullable() }).nullable();
const scalar = z.object({ value: z.number() }).nullable();
const extra = z.record(z.string(), z.unknown()).optional();
const side = z.enum(['left', 'right']);
const events = z.object({ footStrikeS: z.array(z.number()), footOffS: z.array(z.number()) });

/** zod schema of `gaitscope.report` version 1 (formats.md section 2). Unknown top-level fields must go under `extra`. */
export const gaitReportSchema = z.object({
  format: z.literal('gaitscope.report'),
  version: z.literal(1),
  view: z.enum(['sagittal', 'frontal']),
  durationS: z.number().nonnegative(),
  quality: z.object({
    framesAnalysed: z.number().int().nonnegative(),
    meanFps: z.number().nonnegative(),
    keypointCoverageFraction: z.number().min(0).max(1),
    warnings: z.array(z.string()),
  }),
  events: z.object({ left: events, right: events }),
  metrics: z.object({
    cadenceStepsPerMin: scalar,
    strideTimeS: sided,
    stepTimeS: sided,
    stanceFraction: sided,
    stepLengthM: sided,
    stepLengthBodyHeights: sided,
    gaitSpeedMps: scalar,
    contralateralPelvicDropDeg: sided,
    pelvicObliquityRangeDeg: scalar,
    lateralPelvicTiltDeg: scalar,
    trunkLateralLeanDeg: sided,
    kneeFlexionPeakSwingDeg: sided,
    hipExtensionPeakDeg: sided,
    stepLengthSymmetryRatio: scalar,
    stanceTimeSymmetryRatio: scalar,
  }),
  flags: z.array(
    z.object({
      id: z.string(),
      side: side.nullable(),
      severity: z.enum(['mild', 'moderate', 'marked']),
      metric: z.string(),
      value: z.number(),
      threshold: z.number(),
      finding: z.string(),
      source: z.string(),
      extra,
    }),
  ),
  exercises: z.array(z.object({ id: z.string(), forFlags: z.array(z.string()), dose: z.string(), extra })),
  extra,
});

/** Validates a parsed report; throws an Error whose message names the first bad field (e.g. `version`). */
export function validateReport(data: unknown): GaitReport {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('report: expected a JSON object');
  const d = data as Record<string, unknown>;
  if (d.format !== 'gaitscope.report') throw new Error(`format: unknown format ${JSON.stringify(d.format)} (expected "gaitscope.report")`);
  if (d.version !== 1) throw new Error(`version: unknown version ${JSON.stringify(d.version)} of gaitscope.report (this reader knows 1)`);
  const r = gaitReportSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : 'report';
    throw new Error(`${path}: ${issue?.message ?? 'invalid'}`);
  }
  // Keep fields the schema does not list (zod strips them) by returning the validated input itself.
  return data as GaitReport;
}

/** Parses report JSON text and validates it (messages name the field). */
export function parseReportJson(text: string): GaitReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`report: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  return validateReport(data);
}
