/**
 * Records kept in the browser's IndexedDB (database `gaitscope`). Nothing here
 * leaves the device unless the user exports a backup file.
 */
import type { GaitReport, PoseTrack } from '../kinematics/types.ts';
import type { Side } from '../kinematics/keypoints.ts';

/** Sex as recorded by the clinician; 'unspecified' when not given. */
export type PatientSex = 'female' | 'male' | 'other' | 'unspecified';

/** Side the patient or clinician is worried about; null = none/unknown. */
export type SideOfConcern = Side | 'both' | null;

/** A patient (or a pseudonym). `createdAt` is an ISO 8601 timestamp. */
export interface Patient {
  id: string;
  /** Name or pseudonym, free text: always rendered as text, never as markup. */
  name: string;
  /** Lower-cased, trimmed name: the search/sort key (schema v2+). */
  nameKey: string;
  yearOfBirth: number | null;
  sex: PatientSex;
  /** Standing height in metres, or null if unknown. */
  heightM: number | null;
  sideOfConcern: SideOfConcern;
  notes: string;
  createdAt: string;
}

/** Fields a caller gives to create or edit a patient. */
export interface PatientInput {
  name: string;
  yearOfBirth?: number | null;
  sex?: PatientSex;
  heightM?: number | null;
  sideOfConcern?: SideOfConcern;
  notes?: string;
}

/** What kind of assessment a session holds. */
export type SessionKind = 'gait' | 'posture' | 'single-leg';

/** One assessment of a patient. `report` is a GaitReport for kind 'gait', the result object otherwise. */
export interface Session {
  id: string;
  patientId: string;
  /** ISO 8601 timestamp of when the session was saved. */
  createdAt: string;
  kind: SessionKind;
  report: GaitReport | Record<string, unknown>;
  track?: PoseTrack;
  videoBlob?: Blob;
  clinicianNotes: string;
}

/** Fields a caller gives to add a session. */
export interface SessionInput {
  patientId: string;
  kind: SessionKind;
  report: GaitReport | Record<string, unknown>;
  track?: PoseTrack;
  videoBlob?: Blob;
  clinicianNotes?: string;
  /** Defaults to now. */
  createdAt?: string;
}

/** Header of a live recording; its chunks are stored as they arrive. */
export interface RecordingHeader {
  id: string;
  status: 'recording' | 'done';
  mimeType: string;
  /** ISO 8601 timestamp of the start. */
  createdAt: string;
  patientId: string | null;
  kind: SessionKind | null;
}

/** One chunk of a live recording (e.g. a MediaRecorder `dataavailable` blob). */
export interface RecordingChunk {
  recordingId: string;
  /** 0, 1, 2, … in recording order. */
  seq: number;
  blob: Blob;
  /** Seconds from the start of the recording at which the chunk was delivered. */
  tS: number;
}

/** A home self-test result (posture check or single-leg stance), kept on this device. */
export interface HomeResult {
  id: string;
  kind: 'posture' | 'single-leg';
  createdAt: string;
  result: Record<string, unknown>;
}

/** One "I did this exercise today" mark; `date` is a local calendar date `YYYY-MM-DD`. */
export interface ExerciseDone {
  date: string;
  exerciseId: string;
}
