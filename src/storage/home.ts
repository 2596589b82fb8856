/** Home self-test results (posture, single-leg stance) and the exercise-done log. */
import { getDb, newId } from './db.ts';
import { rethrowWriteError } from './errors.ts';
import { localDateSchema } from './schemas.ts';
import type { ExerciseDone, HomeResult } from './types.ts';

/** Stores a home result; returns its id. */
export async function addHomeResult(kind: HomeResult['kind'], result: Record<string, unknown>, createdAt: string = new Date().toISOString()): Promise<string> {
  const rec: HomeResult = { id: newId(), kind, createdAt, result };
  try {
    await getDb().homeResults.add(rec);
  } catch (e) {
    rethrowWriteError(e, 'the result');
  }
  return rec.id;
}

/** Home results, oldest first, optionally of one kind. */
export async function listHomeResults(kind?: HomeResult['kind']): Promise<HomeResult[]> {
  const db = getDb();
  if (kind) return db.homeResults.where('kind').equals(kind).sortBy('createdAt');
  return db.homeResults.orderBy('createdAt').toArray();
}

/** Deletes one home result. */
export async function deleteHomeResult(id: string): Promise<void> {
  await getDb().homeResults.delete(id);
}

/** Local calendar date `YYYY-MM-DD` of a Date (the user's own day, not UTC). */
export function localDate(d: Date = new Date()): string {
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}

/** Marks an exercise done on a date (idempotent). */
export async function markExerciseDone(date: string, exerciseId: string): Promise<void> {
  localDateSchema.parse(date);
  try {
    await getDb().exerciseLog.put({ date, exerciseId });
  } catch (e) {
    rethrowWriteError(e, 'the exercise log');
  }
}

/** Removes the done mark of an exercise on a date. */
export async function unmarkExerciseDone(date: string, exerciseId: string): Promise<void> {
  await getDb().exerciseLog.delete([date, exerciseId]);
}

/** Done marks between two dates inclusive (`YYYY-MM-DD`), all when omitted, by date. */
export async function listExercisesDone(fromDate = '0000-00-00', toDate = '9999-99-99'): Promise<ExerciseDone[]> {
  return getDb().exerciseLog.where('date').between(fromDate, toDate, true, true).toArray();
}
