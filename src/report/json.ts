/**
 * JSON export and import of a gait report (formats.md section 2): stable key order, two-space
 * indentation, and a validating reader whose messages name the field. Runs in Node and the browser.
 */
import type { GaitReport } from '../kinematics/types.ts';
import { gaitReportSchema, parseReport } from '../kinematics/validate.ts';

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

/** zod schema of `gaitscope.report` version 1 (formats.md section 2); the one definition lives in kinematics/validate.ts. */
export { gaitReportSchema };

/** Validates a parsed report; throws a TrackFormatError whose message names the first bad field (e.g. `version`). */
export function validateReport(data: unknown): GaitReport {
  parseReport(data);
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
