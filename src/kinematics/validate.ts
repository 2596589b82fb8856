/**
 * Validation where files enter (formats.md §1 pose track, §2 report): zod schemas, and errors that name
 * the field, e.g. "frames[12].t: must be greater than frames[11].t".
 */
import { z } from 'zod';
import { KEYPOINT_NAMES } from './keypoints.ts';
import type { GaitReport, PoseTrack } from './types.ts';

// zod 4 probes `new Function('')` to decide whether to compile its parsers; under the app's
// Content-Security-Policy (no 'unsafe-eval') that probe is a CSP violation. Interpret instead.
z.config({ jitless: true });

/** A pose-track or report JSON that does not match formats.md; `field` names the offending field. */
export class TrackFormatError extends Error {
  /** Path of the offending field, e.g. "frames[12].t". */
  field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'TrackFormatError';
    this.field = field;
  }
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const keypointTuple = z.tuple([finite.nullable(), finite.nullable(), z.number().min(0).max(1)]);
const frameSchema = z.object({ t: finite, keypoints: z.array(keypointTuple), extra: z.record(z.string(), z.unknown()).optional() });

/** zod schema of `gaitscope.pose-track` version 1 (formats.md §1), shape only; parsePoseTrack adds the cross-field checks. */
export const poseTrackSchema = z.object({
  format: z.literal('gaitscope.pose-track'),
  version: z.literal(1),
  keypointSet: z.enum(['blazepose33', 'coco17']),
  keypointNames: z.array(z.string()),
  image: z.object({ widthPx: z.number().positive(), heightPx: z.number().positive() }),
  view: z.enum(['sagittal', 'frontal']).nullable(),
  subject: z.looseObject({ heightM: z.number().positive().max(3).nullable().optional() }).optional(),
  source: z.looseObject({ kind: z.string().optional(), name: z.string().optional(), model: z.string().optional() }).optional(),
  frames: z.array(frameSchema),
  extra: z.record(z.string(), z.unknown()).optional(),
});

const sideStat = z.object({ mean: finite, sd: z.number().min(0), n: z.number().int().min(0) });
const sided = z.object({ left: sideStat.nullable(), right: sideStat.nullable() }).nullable();
const scalar = z.object({ value: finite }).nullable();
const events = z.object({ footStrikeS: z.array(finite), footOffS: z.array(finite) });

const reportSchema = z.object({
  format: z.literal('gaitscope.report'),
  version: z.literal(1),
  view: z.enum(['sagittal', 'frontal']),
  durationS: z.number().min(0),
  quality: z.object({
    framesAnalysed: z.number().int().min(0),
    meanFps: z.number().min(0),
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
      side: z.enum(['left', 'right']).nullable(),
      severity: z.enum(['mild', 'moderate', 'marked']),
      metric: z.string(),
      value: finite,
      threshold: finite,
      finding: z.string(),
      source: z.string(),
      extra: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  exercises: z.array(
    z.object({ id: z.string(), forFlags: z.array(z.string()), dose: z.string(), extra: z.record(z.string(), z.unknown()).optional() }),
  ),
  extra: z.record(z.string(), z.unknown()).optional(),
});

/** zod schema of `gaitscope.report` version 1 (formats.md §2); keys it does not list are stripped (extras belong under `extra`). */
export const gaitReportSchema = reportSchema;

function pathString(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s ? `.${String(p)}` : String(p);
  }
  return s || '(root)';
}

function firstIssue(err: z.ZodError): TrackFormatError {
  const issue = err.issues[0];
  if (!issue) return new TrackFormatError('(root)', 'invalid');
  return new TrackFormatError(pathString(issue.path), issue.message);
}

function checkHeader(json: unknown, format: string): asserts json is Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TrackFormatError('(root)', 'must be a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== format) throw new TrackFormatError('format', `unknown format ${JSON.stringify(o.format)} (expected "${format}")`);
  if (o.version !== 1) throw new TrackFormatError('version', `unknown version ${JSON.stringify(o.version)} of ${format} (expected 1)`);
}

const trackHeaderSchema = poseTrackSchema.extend({ frames: z.array(z.unknown()) });

/**
 * Validates unknown JSON as a pose track (formats.md §1, blazepose33 or coco17); throws TrackFormatError naming the field.
 * Frames are checked one by one, stopping at the first bad one, so a huge file with many bad frames costs
 * neither a deep recursion nor an issue list per frame.
 */
export function parsePoseTrack(json: unknown): PoseTrack {
  checkHeader(json, 'gaitscope.pose-track');
  const h = trackHeaderSchema.safeParse(json);
  if (!h.success) throw firstIssue(h.error);
  const header = h.data;
  const expected = KEYPOINT_NAMES[header.keypointSet];
  if (header.keypointNames.length !== expected.length) {
    throw new TrackFormatError('keypointNames', `has ${header.keypointNames.length} names, ${header.keypointSet} has ${expected.length}`);
  }
  const known = new Set<string>(expected);
  header.keypointNames.forEach((name, i) => {
    if (!known.has(name)) throw new TrackFormatError(`keypointNames[${i}]`, `"${name}" is not a ${header.keypointSet} keypoint`);
  });
  if (new Set(header.keypointNames).size !== header.keypointNames.length) throw new TrackFormatError('keypointNames', 'has duplicate names');
  const k = expected.length;
  const frames: PoseTrack['frames'] = new Array(header.frames.length);
  for (let i = 0; i < header.frames.length; i++) {
    const raw = header.frames[i];
    const kps = (raw as { keypoints?: unknown } | null)?.keypoints;
    if (Array.isArray(kps) && kps.length !== k) throw new TrackFormatError(`frames[${i}].keypoints`, `has ${kps.length} keypoints, expected ${k}`);
    const r = frameSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new TrackFormatError(pathString(['frames', i, ...(issue?.path ?? [])]), issue?.message ?? 'invalid');
    }
    const f = r.data as PoseTrack['frames'][number];
    if (i > 0 && !(f.t > (frames[i - 1] as PoseTrack['frames'][number]).t)) {
      throw new TrackFormatError(`frames[${i}].t`, `must be greater than frames[${i - 1}].t`);
    }
    for (let j = 0; j < k; j++) {
      const kp = f.keypoints[j] as [number | null, number | null, number];
      if ((kp[0] === null) !== (kp[1] === null)) throw new TrackFormatError(`frames[${i}].keypoints[${j}]`, 'x and y must both be numbers or both null');
    }
    frames[i] = f;
  }
  return { ...header, frames } as PoseTrack;
}

/** Validates unknown JSON as a gait report (formats.md §2); throws TrackFormatError naming the field. */
export function parseReport(json: unknown): GaitReport {
  checkHeader(json, 'gaitscope.report');
  const r = reportSchema.safeParse(json);
  if (!r.success) throw firstIssue(r.error);
  return r.data as GaitReport;
}
