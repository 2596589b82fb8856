/**
 * Back up everything to one JSON file (`gaitscope.backup` v1) and restore it.
 * Import is validated first (message names the field) and then written in one
 * transaction: either all of it lands, or none of it.
 */
import { getDb, nameKeyOf } from './db.ts';
import { BackupError, rethrowWriteError } from './errors.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, backupHeaderSchema, backupSchema, describeZodError, type BackupFile } from './schemas.ts';
import type { Patient, Session } from './types.ts';

/** Bytes per btoa call (a multiple of 3 so chunks concatenate into valid base64). */
const BASE64_CHUNK_BYTES = 3 * 32 * 1024;

/** Base64 of a Blob's bytes. */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK_BYTES) {
    const sub = bytes.subarray(i, i + BASE64_CHUNK_BYTES);
    let bin = '';
    for (let j = 0; j < sub.length; j++) bin += String.fromCharCode(sub[j]!);
    parts.push(btoa(bin));
  }
  return parts.join('');
}

/** A Blob from base64 (throws BackupError naming `field` if it is not base64). */
export function base64ToBlob(base64: string, mimeType: string, field: string): Blob {
  let bin: string;
  try {
    bin = atob(base64);
  } catch {
    throw new BackupError(`Backup field ${field}: the video data is not valid base64`, field);
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mimeType });
}

/** Options of exportBackup. */
export interface ExportOptions {
  /** Embed session videos (base64); default true. Without them the file is much smaller. */
  includeVideos?: boolean;
}

/** Everything stored (patients, sessions with tracks and videos, home results, exercise log) as a backup object. */
export async function exportBackupObject(options: ExportOptions = {}): Promise<BackupFile> {
  const includeVideos = options.includeVideos ?? true;
  const db = getDb();
  const [patients, sessions, homeResults, exerciseLog] = await db.transaction(
    'r',
    [db.patients, db.sessions, db.homeResults, db.exerciseLog],
    () => Promise.all([db.patients.toArray(), db.sessions.toArray(), db.homeResults.toArray(), db.exerciseLog.toArray()]),
  );
  const outSessions: BackupFile['sessions'] = [];
  // Oldest first (ties by id), so a backup's order does not depend on random ids.
  const byAge = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
    a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  for (const s of [...sessions].sort(byAge)) {
    const { videoBlob, ...rest } = s;
    const out = { ...rest } as BackupFile['sessions'][number];
    if (includeVideos && videoBlob) out.video = { mimeType: videoBlob.type, base64: await blobToBase64(videoBlob) };
    outSessions.push(out);
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date().toISOString(),
    patients: patients.map(({ nameKey: _nameKey, ...p }) => p),
    sessions: outSessions,
    homeResults,
    exerciseLog,
  };
}

/** Everything stored, as the text of one backup file (JSON). */
export async function exportBackup(options: ExportOptions = {}): Promise<string> {
  return JSON.stringify(await exportBackupObject(options));
}

/** Everything stored, as a downloadable Blob (application/json). */
export async function exportBackupBlob(options: ExportOptions = {}): Promise<Blob> {
  return new Blob([await exportBackup(options)], { type: 'application/json' });
}

/** Parses and validates a backup's text without touching storage. Throws BackupError naming the field. */
export function parseBackup(text: string): BackupFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BackupError(`This file is not a Gaitscope backup: it is not valid JSON (${(e as Error).message}).`, null);
  }
  const header = backupHeaderSchema.safeParse(raw);
  if (!header.success) {
    const { field, message } = describeZodError(header.error);
    throw new BackupError(`This file is not a Gaitscope backup this version can read: field ${field}: ${message}.`, field);
  }
  const parsed = backupSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, message } = describeZodError(parsed.error);
    throw new BackupError(`Backup field ${field}: ${message}. Nothing was imported.`, field);
  }
  const data = parsed.data;
  checkUnique(data.patients.map((p) => p.id), 'patients', 'id');
  checkUnique(data.sessions.map((s) => s.id), 'sessions', 'id');
  checkUnique(data.homeResults.map((h) => h.id), 'homeResults', 'id');
  checkUnique(data.exerciseLog.map((x) => `${x.date}\u0000${x.exerciseId}`), 'exerciseLog', 'date');
  return data;
}

function checkUnique(keys: string[], list: string, field: string): void {
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (seen.has(k)) throw new BackupError(`Backup field ${list}[${i}].${field}: duplicate of an earlier entry. Nothing was imported.`, `${list}[${i}].${field}`);
    seen.add(k);
  });
}

/** How an import treats what is already stored: 'merge' keeps it (same ids are overwritten), 'replace' clears it first. */
export type ImportMode = 'merge' | 'replace';

/** Counts of what an import wrote. */
export interface ImportResult {
  patients: number;
  sessions: number;
  homeResults: number;
  exerciseLog: number;
}

/** Validates and imports a backup, all-or-nothing in one transaction. Throws BackupError or StorageFullError. */
export async function importBackup(text: string, mode: ImportMode = 'merge'): Promise<ImportResult> {
  const data = parseBackup(text);
  const patients: Patient[] = data.patients.map((p) => ({ ...p, nameKey: nameKeyOf(p.name) }));
  const sessions: Session[] = data.sessions.map((s, i) => {
    const { video, ...rest } = s;
    const session = { ...rest } as Session;
    if (video) session.videoBlob = base64ToBlob(video.base64, video.mimeType, `sessions[${i}].video.base64`);
    return session;
  });
  const db = getDb();
  try {
    await db.transaction('rw', [db.patients, db.sessions, db.homeResults, db.exerciseLog, db.recordings, db.recordingChunks], async () => {
      if (mode === 'replace') {
        await Promise.all([db.patients.clear(), db.sessions.clear(), db.homeResults.clear(), db.exerciseLog.clear()]);
      }
      const inFile = new Set(patients.map((p) => p.id));
      for (const [i, s] of sessions.entries()) {
        if (!inFile.has(s.patientId) && !(await db.patients.get(s.patientId))) {
          throw new BackupError(
            `Backup field sessions[${i}].patientId: no patient with this id in the file or on this device. Nothing was imported.`,
            `sessions[${i}].patientId`,
          );
        }
      }
      await db.patients.bulkPut(patients);
      await db.sessions.bulkPut(sessions);
      await db.homeResults.bulkPut(data.homeResults);
      await db.exerciseLog.bulkPut(data.exerciseLog);
    });
  } catch (e) {
    rethrowWriteError(e, 'the backup');
  }
  return {
    patients: patients.length,
    sessions: sessions.length,
    homeResults: data.homeResults.length,
    exerciseLog: data.exerciseLog.length,
  };
}
