/** Where a posture or single-leg result is kept: this device's home history, or (from the clinic) the chosen patient's sessions. */
import { addHomeResult } from '../../storage/index.ts';
import { saveAssessmentSession } from '../patients/session.ts';

/** Kinds of standing-test result. */
export type StandingResultKind = 'posture' | 'single-leg';

/**
 * Saves a standing-test result: as a session of `patientId` when one is given (so it shows in the
 * patient's history), else in the home history on this device. Resolves to the words to show;
 * a storage failure (e.g. full) becomes words too, the result stays on screen.
 */
export async function saveStandingResult(kind: StandingResultKind, result: object, patientId: string | null | undefined): Promise<string> {
  // A plain JSON copy: Svelte state proxies cannot go into IndexedDB.
  const data = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
  try {
    if (patientId) {
      await saveAssessmentSession({ patientId, kind, report: data });
      return "Saved in the patient's history.";
    }
    await addHomeResult(kind, data);
    return 'Saved in your history on this device.';
  } catch (e) {
    return `Could not save this result: ${e instanceof Error ? e.message : String(e)}`;
  }
}
