/**
 * The `gaitscope` IndexedDB database (Dexie 4), schema versioned with migrations.
 * Bump the version and add an `.upgrade()` for every change; never edit an old version.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ExerciseDone, HomeResult, Patient, RecordingChunk, RecordingHeader, Session } from './types.ts';

/** Name of the IndexedDB database. */
export const DB_NAME = 'gaitscope';

/** Current schema version. */
export const DB_VERSION = 2;

/** Version 1 stores (patients and sessions only). Kept verbatim: migrations start from it. */
export const SCHEMA_V1 = Object.freeze({
  patients: 'id, name, createdAt',
  sessions: 'id, patientId, createdAt',
});

/** Version 2 stores: search key on patients, live recordings, home results, exercise log. */
export const SCHEMA_V2 = Object.freeze({
  patients: 'id, nameKey, createdAt',
  sessions: 'id, patientId, createdAt, [patientId+createdAt]',
  recordings: 'id, status, createdAt',
  recordingChunks: '[recordingId+seq], recordingId',
  homeResults: 'id, kind, createdAt',
  exerciseLog: '[date+exerciseId], date, exerciseId',
});

/** Search/sort key of a patient name. */
export function nameKeyOf(name: string): string {
  return name.trim().toLocaleLowerCase();
}

/** The Gaitscope database with its typed tables. */
export class GaitscopeDb extends Dexie {
  patients!: EntityTable<Patient, 'id'>;
  sessions!: EntityTable<Session, 'id'>;
  recordings!: EntityTable<RecordingHeader, 'id'>;
  recordingChunks!: Table<RecordingChunk, [string, number]>;
  homeResults!: EntityTable<HomeResult, 'id'>;
  exerciseLog!: Table<ExerciseDone, [string, string]>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores({ ...SCHEMA_V1 });
    this.version(2)
      .stores({ ...SCHEMA_V2 })
      .upgrade(async (tx) => {
        // v1 patients had no search key and could lack the optional fields.
        await tx
          .table('patients')
          .toCollection()
          .modify((p: Record<string, unknown>) => {
            const name = typeof p.name === 'string' ? p.name : '';
            p.name = name;
            p.nameKey = nameKeyOf(name);
            p.yearOfBirth ??= null;
            p.sex ??= 'unspecified';
            p.heightM ??= null;
            p.sideOfConcern ??= null;
            p.notes ??= '';
          });
        // v1 sessions were all gait sessions and could lack notes.
        await tx
          .table('sessions')
          .toCollection()
          .modify((s: Record<string, unknown>) => {
            s.kind ??= 'gait';
            s.clinicianNotes ??= '';
          });
      });
  }
}

let instance: GaitscopeDb | null = null;

/** The shared database connection, opened on first use. */
export function getDb(): GaitscopeDb {
  instance ??= new GaitscopeDb();
  return instance;
}

/** Closes the shared connection (tests, and before deleting the database). */
export function closeDb(): void {
  instance?.close();
  instance = null;
}

/** A random id (UUID v4 when the platform offers it). */
export function newId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
