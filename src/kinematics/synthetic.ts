/** Synthetic walking figure for tests (stub; being implemented). */
import type { PoseTrack } from './types.ts';

/** Options of the synthetic walker. */
export interface SyntheticWalkOptions {
  view?: 'sagittal' | 'frontal';
  fps?: number;
}

/** Generates a synthetic walk track and its truth. */
export function makeSyntheticWalk(_opts: SyntheticWalkOptions = {}): { track: PoseTrack; truth: Record<string, unknown> } {
  throw new Error('makeSyntheticWalk not implemented yet');
}
