/** Saving an analysis to a patient's history (the app shell calls this after an analysis). */
import type { GaitReport, PoseTrack } from '../../kinematics/types.ts';
import { addSession, type SessionKind } from '../../storage/index.ts';

/** Stores a gait analysis as a session of the patient; resolves to the new session id. Throws StorageFullError when storage is full. */
export async function saveGaitSession(input: { patientId: string; report: GaitReport; track?: PoseTrack | null; videoBlob?: Blob | null }): Promise<string> {
  return saveAssessmentSession({ ...input, kind: 'gait' });
}

/** Stores any assessment (gait, posture, single-leg) as a session of the patient; resolves to its id. */
export async function saveAssessmentSession(input: {
  patientId: string;
  kind: SessionKind;
  report: GaitReport | Record<string, unknown>;
  track?: PoseTrack | null;
  videoBlob?: Blob | null;
}): Promise<string> {
  return addSession({
    patientId: input.patientId,
    kind: input.kind,
    report: input.report,
    ...(input.track ? { track: input.track } : {}),
    ...(input.videoBlob ? { videoBlob: input.videoBlob } : {}),
  });
}
