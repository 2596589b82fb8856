/**
 * zod schemas of what enters storage from outside (user input, backup files).
 * Validation errors name the field path, e.g. `patients[2].yearOfBirth`.
 */
import { z } from 'zod';
import { gaitReportSchema, poseTrackSchema } from '../kinematics/validate.ts';

/** Earliest year of birth accepted. */
export const MIN_YEAR_OF_BIRTH = 1900;
/** Accepted standing height range, metres. */
export const HEIGHT_RANGE_M = Object.freeze({ min: 0.5, max: 2.5 });
/** Longest accepted patient name. */
export const MAX_NAME_LENGTH = 200;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO 8601 date-time' });

export const patientSexSchema = z.enum(['female', 'male', 'other', 'unspecified']);
export const sideOfConcernSchema = z.enum(['left', 'right', 'both']).nullable();

/** Editable patient fields (create/update). */
export const patientInputSchema = z.object({
  name: z.string().trim().min(1, 'a name or pseudonym is required').max(MAX_NAME_LENGTH),
  yearOfBirth: z
    .number()
    .int()
    .min(MIN_YEAR_OF_BIRTH)
    .refine((y) => y <= new Date().getFullYear(), { message: 'year of birth is in the future' })
    .nullable()
    .optional(),
  sex: patientSexSchema.optional(),
  heightM: z.number().min(HEIGHT_RANGE_M.min).max(HEIGHT_RANGE_M.max).nullable().optional(),
  sideOfConcern: sideOfConcernSchema.optional(),
  notes: z.string().max(20_000).optional(),
});

/** A stored patient as it appears in a backup file. */
export const patientRecordSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(MAX_NAME_LENGTH),
  nameKey: z.string().optional(),
  yearOfBirth: z.number().int().min(MIN_YEAR_OF_BIRTH).max(3000).nullable(),
  sex: patientSexSchema,
  heightM: z.number().min(HEIGHT_RANGE_M.min).max(HEIGHT_RANGE_M.max).nullable(),
  sideOfConcern: sideOfConcernSchema,
  notes: z.string(),
  createdAt: isoDate,
});

/** formats.md sections 1 and 2: the one pose-track and report schemas, shared with the CLI and the analyser. */
export { gaitReportSchema, poseTrackSchema };

/** A video embedded in a backup: base64 of its bytes. */
export const embeddedVideoSchema = z.object({
  mimeType: z.string().max(200),
  base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64 data'),
});

const sessionBase = {
  id: z.string().min(1),
  patientId: z.string().min(1),
  createdAt: isoDate,
  track: poseTrackSchema.optional(),
  video: embeddedVideoSchema.optional(),
  clinicianNotes: z.string(),
};

/** A session as it appears in a backup file (video as base64). */
export const sessionRecordSchema = z.discriminatedUnion('kind', [
  z.object({ ...sessionBase, kind: z.literal('gait'), report: gaitReportSchema }),
  z.object({ ...sessionBase, kind: z.enum(['posture', 'single-leg']), report: z.record(z.string(), z.unknown()) }),
]);

/** A home self-test result in a backup file. */
export const homeResultSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['posture', 'single-leg']),
  createdAt: isoDate,
  result: z.record(z.string(), z.unknown()),
});

/** A local calendar date `YYYY-MM-DD`. */
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** An exercise-done mark in a backup file. */
export const exerciseDoneSchema = z.object({ date: localDateSchema, exerciseId: z.string().min(1) });

/** Format name of a backup file. */
export const BACKUP_FORMAT = 'gaitscope.backup';
/** Version of the backup file format. */
export const BACKUP_VERSION = 1;

/** The whole backup file. Format and version are checked first so an unknown file says so. */
export const backupHeaderSchema = z.looseObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
});

/** The whole backup file, `gaitscope.backup` version 1. */
export const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: isoDate,
  patients: z.array(patientRecordSchema),
  sessions: z.array(sessionRecordSchema),
  homeResults: z.array(homeResultSchema),
  exerciseLog: z.array(exerciseDoneSchema),
});

/** A parsed backup file. */
export type BackupFile = z.infer<typeof backupSchema>;

/** `patients[0].yearOfBirth` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(file)' : out;
}

/** First issue of a zod error as `field: message`, and the field path. */
export function describeZodError(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '(file)', message: 'invalid' };
  // For a union, point at the deepest issue (the field that is actually wrong).
  let deepest: { path: readonly PropertyKey[]; message: string } = issue;
  if (issue.code === 'invalid_union' && 'errors' in issue) {
    for (const branch of issue.errors) {
      for (const sub of branch) {
        const full = [...issue.path, ...sub.path];
        if (full.length > deepest.path.length) deepest = { path: full, message: sub.message };
      }
    }
  }
  return { field: formatPath(deepest.path), message: deepest.message };
}
