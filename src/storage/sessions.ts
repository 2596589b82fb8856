/** Sessions (one assessment of a patient): add, list, read, edit notes, delete. */
import { Dexie } from 'dexie';
import { getDb, newId } from './db.ts';
import { RecordNotFoundError, rethrowWriteError } from './errors.ts';
import type { Session, SessionInput } from './types.ts';

/** Stores a session for an existing patient, in one transaction. Returns its id. */
export async function addSession(input: SessionInput): Promise<string> {
  const db = getDb();
  const session: Session = {
    id: newId(),
    patientId: input.patientId,
    createdAt: input.createdAt ?? new Date().toISOString(),
    kind: input.kind,
    report: input.report,
    clinicianNotes: input.clinicianNotes ?? '',
  };
  if (input.track !== undefined) session.track = input.track;
  if (input.videoBlob !== undefined) session.videoBlob = input.videoBlob;
  try {
    await db.transaction('rw', db.patients, db.sessions, async () => {
      if (!(await db.patients.get(input.patientId))) throw new RecordNotFoundError(`No patient with id ${input.patientId}`);
      await db.sessions.add(session);
    });
  } catch (e) {
    rethrowWriteError(e, 'the session');
  }
  return session.id;
}

/** Every session of a patient, oldest first. */
export async function listSessions(patientId: string): Promise<Session[]> {
  return getDb()
    .sessions.where('[patientId+createdAt]')
    .between([patientId, Dexie.minKey], [patientId, Dexie.maxKey])
    .toArray();
}

/** The most recent sessions of all patients, newest first. */
export async function listRecentSessions(limit = 10): Promise<Session[]> {
  return getDb().sessions.orderBy('createdAt').reverse().limit(limit).toArray();
}

/** One session, or undefined. */
export async function getSession(id: string): Promise<Session | undefined> {
  return getDb().sessions.get(id);
}

/** Saves the clinician's notes of a session. */
export async function updateSessionNotes(id: string, clinicianNotes: string): Promise<void> {
  const db = getDb();
  try {
    const n = await db.sessions.update(id, { clinicianNotes });
    if (n === 0) throw new RecordNotFoundError(`No session with id ${id}`);
  } catch (e) {
    rethrowWriteError(e, 'the notes');
  }
}

/** Removes only the video of a session (to free space); the report and track stay. */
export async function deleteSessionVideo(id: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.sessions, async () => {
    const s = await db.sessions.get(id);
    if (!s) throw new RecordNotFoundError(`No session with id ${id}`);
    delete s.videoBlob;
    await db.sessions.put(s);
  });
}

/** Deletes a session (report, track and video). */
export async function deleteSession(id: string): Promise<void> {
  await getDb().sessions.delete(id);
}
