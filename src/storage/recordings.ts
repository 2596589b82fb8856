/**
 * Live recordings written chunk by chunk as they happen, so a crash or reload
 * mid-recording loses at most the chunk in flight. On the next start the app
 * lists unfinished recordings and offers to recover them.
 */
import { getDb, newId } from './db.ts';
import { RecordNotFoundError, rethrowWriteError } from './errors.ts';
import type { RecordingHeader, SessionKind } from './types.ts';

/** An unfinished recording, with what was saved of it. */
export interface UnfinishedRecording extends RecordingHeader {
  chunkCount: number;
  bytes: number;
  /** Time of the last saved chunk, seconds from the start of the recording. */
  lastChunkTS: number | null;
}

/** Starts a recording header (status 'recording'). Returns its id. */
export async function startRecording(opts: {
  mimeType: string;
  patientId?: string | null;
  kind?: SessionKind | null;
  createdAt?: string;
}): Promise<string> {
  const header: RecordingHeader = {
    id: newId(),
    status: 'recording',
    mimeType: opts.mimeType,
    createdAt: opts.createdAt ?? new Date().toISOString(),
    patientId: opts.patientId ?? null,
    kind: opts.kind ?? null,
  };
  try {
    await getDb().recordings.add(header);
  } catch (e) {
    rethrowWriteError(e, 'the recording');
  }
  return header.id;
}

/** Appends one chunk (`seq` 0, 1, 2…; `tS` seconds since the start). Earlier chunks stay intact if this fails. */
export async function appendRecordingChunk(recordingId: string, seq: number, blob: Blob, tS: number): Promise<void> {
  const db = getDb();
  try {
    await db.transaction('rw', db.recordings, db.recordingChunks, async () => {
      const header = await db.recordings.get(recordingId);
      if (!header) throw new RecordNotFoundError(`No recording with id ${recordingId}`);
      await db.recordingChunks.put({ recordingId, seq, blob, tS });
    });
  } catch (e) {
    rethrowWriteError(e, 'the recording');
  }
}

/** Marks a recording finished and returns the whole video. */
export async function finishRecording(recordingId: string): Promise<Blob> {
  const db = getDb();
  await db.recordings.update(recordingId, { status: 'done' });
  return recoverRecording(recordingId);
}

/** Recordings left in status 'recording' (the page was closed or crashed mid-recording), oldest first. */
export async function listUnfinishedRecordings(): Promise<UnfinishedRecording[]> {
  const db = getDb();
  const headers = await db.recordings.where('status').equals('recording').sortBy('createdAt');
  const out: UnfinishedRecording[] = [];
  for (const h of headers) {
    const chunks = await db.recordingChunks.where('recordingId').equals(h.id).toArray();
    let bytes = 0;
    let last: number | null = null;
    for (const c of chunks) {
      bytes += c.blob.size;
      last = last === null ? c.tS : Math.max(last, c.tS);
    }
    out.push({ ...h, chunkCount: chunks.length, bytes, lastChunkTS: last });
  }
  return out;
}

/** The chunks saved so far, joined in order into one Blob of the recording's MIME type. */
export async function recoverRecording(recordingId: string): Promise<Blob> {
  const db = getDb();
  const header = await db.recordings.get(recordingId);
  if (!header) throw new RecordNotFoundError(`No recording with id ${recordingId}`);
  const chunks = await db.recordingChunks.where('[recordingId+seq]').between([recordingId, -Infinity], [recordingId, Infinity]).toArray();
  return new Blob(
    chunks.map((c) => c.blob),
    { type: header.mimeType },
  );
}

/** Deletes a recording and its chunks (after it was saved as a session, or discarded). */
export async function deleteRecording(recordingId: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.recordings, db.recordingChunks, async () => {
    await db.recordingChunks.where('recordingId').equals(recordingId).delete();
    await db.recordings.delete(recordingId);
  });
}
