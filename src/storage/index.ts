/** Local persistence of patients, sessions, live recordings and home results (IndexedDB via Dexie). */
export * from './types.ts';
export { DB_NAME, DB_VERSION, GaitscopeDb, getDb, closeDb } from './db.ts';
export { StorageFullError, BackupError, RecordNotFoundError, isQuotaError } from './errors.ts';
export { InvalidInputError, createPatient, listPatients, getPatient, updatePatient, deletePatient } from './patients.ts';
export { addSession, listSessions, listRecentSessions, getSession, updateSessionNotes, deleteSessionVideo, deleteSession } from './sessions.ts';
export {
  startRecording,
  appendRecordingChunk,
  finishRecording,
  listUnfinishedRecordings,
  recoverRecording,
  deleteRecording,
  type UnfinishedRecording,
} from './recordings.ts';
export { addHomeResult, listHomeResults, deleteHomeResult, localDate, markExerciseDone, unmarkExerciseDone, listExercisesDone } from './home.ts';
export { exportBackup, exportBackupBlob, exportBackupObject, parseBackup, importBackup, type ImportMode, type ImportResult } from './backup.ts';
export { STORAGE_STATEMENT, storageEstimate, requestPersistentStorage, formatBytes, deleteEverything, type StorageEstimate } from './maintenance.ts';
export { HEIGHT_RANGE_M, MIN_YEAR_OF_BIRTH, MAX_NAME_LENGTH, BACKUP_FORMAT, BACKUP_VERSION } from './schemas.ts';
