/**
 * Pose-track files (formats.md §1): export as JSON, import back with validation
 * (parsePoseTrack names the offending field).
 */
import { parsePoseTrack, TrackFormatError } from '../kinematics/index.ts';
import type { PoseTrack } from '../kinematics/types.ts';

/** The pose track as the JSON text of formats.md §1. */
export function trackToJson(track: PoseTrack): string {
  return JSON.stringify(track);
}

/** A file name for an exported track: `<video name>.pose-track.json`. */
export function trackFileName(track: PoseTrack): string {
  const base = (track.source?.name ?? 'gaitscope').replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'gaitscope';
  return `${base}.pose-track.json`;
}

/** Offers the track as a download. */
export function downloadTrack(track: PoseTrack): void {
  const url = URL.createObjectURL(new Blob([trackToJson(track)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = trackFileName(track);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A pose-track file that could not be imported; `field` names the offending field ('' for not JSON). */
export class TrackImportError extends Error {
  override readonly name = 'TrackImportError';
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Reads and validates a pose-track file; throws TrackImportError with the field at fault. */
export async function importTrackFile(file: Blob & { name?: string }): Promise<PoseTrack> {
  const text = await file.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TrackImportError('', `${file.name ?? 'This file'} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parsePoseTrack(json);
  } catch (e) {
    if (e instanceof TrackFormatError) {
      throw new TrackImportError(e.field, `${file.name ?? 'This file'} is not a valid pose track: ${e.message}`, { cause: e });
    }
    throw e;
  }
}
