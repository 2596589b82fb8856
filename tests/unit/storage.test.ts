import 'fake-indexeddb/auto';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addHomeResult,
  addSession,
  appendRecordingChunk,
  closeDb,
  createPatient,
  DB_NAME,
  DB_VERSION,
  deleteEverything,
  deletePatient,
  deleteSession,
  deleteSessionVideo,
  finishRecording,
  getDb,
  getPatient,
  getSession,
  InvalidInputError,
  listExercisesDone,
  listHomeResults,
  listPatients,
  listSessions,
  listUnfinishedRecordings,
  markExerciseDone,
  RecordNotFoundError,
  recoverRecording,
  startRecording,
  StorageFullError,
  unmarkExerciseDone,
  updatePatient,
  updateSessionNotes,
} from '../../src/storage/index.ts';
import { SCHEMA_V1 } from '../../src/storage/db.ts';
import { sampleGaitReport } from '../../src/ui/report/sample-report.ts';

/** A minimal Web Storage for Node (which has no localStorage), to check deleteEverything empties it. */
class MemoryStorage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  clear() {
    this.m.clear();
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
}

beforeEach(async () => {
  await deleteEverything();
});
afterEach(() => {
  closeDb();
});

describe('patients', () => {
  it('creates, reads, updates and lists patients with search', async () => {
    const a = await createPatient({ name: '  Alice Martin ', yearOfBirth: 1961, sex: 'female', heightM: 1.64, sideOfConcern: 'right', notes: 'THR right 2026-09' });
    const b = await createPatient({ name: 'bob K.' });
    await createPatient({ name: '<img src=x onerror=alert(1)>' });
    expect(a.name).toBe('Alice Martin');
    expect(await getPatient(a.id)).toEqual(a);
    expect(b).toMatchObject({ yearOfBirth: null, sex: 'unspecified', heightM: null, sideOfConcern: null, notes: '' });

    expect((await listPatients()).map((p) => p.name)).toEqual(['<img src=x onerror=alert(1)>', 'Alice Martin', 'bob K.']);
    expect((await listPatients('ALI')).map((p) => p.id)).toEqual([a.id]);
    expect((await listPatients('thr right')).map((p) => p.id)).toEqual([a.id]); // notes are searched too
    expect((await listPatients('onerror')).map((p) => p.name)).toEqual(['<img src=x onerror=alert(1)>']);
    expect(await listPatients('nobody')).toEqual([]);

    const edited = await updatePatient(b.id, { name: 'Robert K.', yearOfBirth: 1980, heightM: 1.82 });
    expect(edited).toMatchObject({ id: b.id, name: 'Robert K.', nameKey: 'robert k.', yearOfBirth: 1980, heightM: 1.82, createdAt: b.createdAt });
    expect((await listPatients('robert')).map((p) => p.id)).toEqual([b.id]);
    await expect(updatePatient('missing', { name: 'x' })).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('rejects invalid input naming the field, and stores nothing', async () => {
    await expect(createPatient({ name: '   ' })).rejects.toMatchObject({ name: 'InvalidInputError', field: 'name' });
    await expect(createPatient({ name: 'A', yearOfBirth: 1850 })).rejects.toMatchObject({ field: 'yearOfBirth' });
    await expect(createPatient({ name: 'A', heightM: 17 })).rejects.toMatchObject({ field: 'heightM' });
    await expect(createPatient({ name: 'A', yearOfBirth: new Date().getFullYear() + 1 })).rejects.toBeInstanceOf(InvalidInputError);
    expect(await listPatients()).toEqual([]);
  });

  it('deleting a patient really removes them and every session, video included', async () => {
    const p = await createPatient({ name: 'Carla' });
    const q = await createPatient({ name: 'Dan' });
    const s1 = await addSession({ patientId: p.id, kind: 'gait', report: sampleGaitReport(), videoBlob: new Blob([new Uint8Array([1, 2, 3])], { type: 'video/webm' }) });
    const s2 = await addSession({ patientId: p.id, kind: 'posture', report: { shoulderLevelDeg: 1.2 } });
    const s3 = await addSession({ patientId: q.id, kind: 'gait', report: sampleGaitReport() });
    await deletePatient(p.id);
    expect(await getPatient(p.id)).toBeUndefined();
    expect(await getSession(s1)).toBeUndefined();
    expect(await getSession(s2)).toBeUndefined();
    expect(await listSessions(p.id)).toEqual([]);
    // Nothing of p is left anywhere in the raw stores.
    const db = getDb();
    const raw = JSON.stringify([await db.patients.toArray(), await db.sessions.toArray()]);
    expect(raw).not.toContain(p.id);
    expect(raw).not.toContain('Carla');
    expect((await getSession(s3))?.patientId).toBe(q.id);
  });
});

describe('sessions', () => {
  it('adds, lists in time order, edits notes, drops the video, deletes', async () => {
    const p = await createPatient({ name: 'Eve' });
    const report = sampleGaitReport();
    const later = await addSession({ patientId: p.id, kind: 'gait', report, createdAt: '2026-03-02T10:00:00.000Z' });
    const video = new Blob([new Uint8Array([9, 8, 7, 6])], { type: 'video/mp4' });
    const earlier = await addSession({ patientId: p.id, kind: 'gait', report, videoBlob: video, createdAt: '2026-01-15T10:00:00.000Z' });
    expect((await listSessions(p.id)).map((s) => s.id)).toEqual([earlier, later]);

    const got = await getSession(earlier);
    expect(got?.report).toEqual(report);
    expect(got?.clinicianNotes).toBe('');
    expect(new Uint8Array(await got!.videoBlob!.arrayBuffer())).toEqual(new Uint8Array([9, 8, 7, 6]));
    expect(got!.videoBlob!.type).toBe('video/mp4');

    await updateSessionNotes(earlier, 'Pain 3/10 after 10 min walking.');
    expect((await getSession(earlier))?.clinicianNotes).toBe('Pain 3/10 after 10 min walking.');
    await expect(updateSessionNotes('nope', 'x')).rejects.toBeInstanceOf(RecordNotFoundError);

    await deleteSessionVideo(earlier);
    const noVideo = await getSession(earlier);
    expect(noVideo?.videoBlob).toBeUndefined();
    expect(noVideo?.report).toEqual(report);

    await deleteSession(later);
    expect(await getSession(later)).toBeUndefined();
    expect((await listSessions(p.id)).map((s) => s.id)).toEqual([earlier]);
  });

  it('refuses a session for a patient that does not exist, storing nothing', async () => {
    await expect(addSession({ patientId: 'ghost', kind: 'gait', report: sampleGaitReport() })).rejects.toBeInstanceOf(RecordNotFoundError);
    expect(await getDb().sessions.count()).toBe(0);
  });
});

describe('live recordings', () => {
  it('keeps chunks across a "reload" and recovers them in order', async () => {
    const id = await startRecording({ mimeType: 'video/webm', kind: 'gait' });
    await appendRecordingChunk(id, 0, new Blob(['AA']), 0.5);
    await appendRecordingChunk(id, 2, new Blob(['CC']), 1.5);
    await appendRecordingChunk(id, 1, new Blob(['BB']), 1.0);
    closeDb(); // the page goes away mid-recording

    const unfinished = await listUnfinishedRecordings();
    expect(unfinished).toHaveLength(1);
    expect(unfinished[0]).toMatchObject({ id, status: 'recording', chunkCount: 3, bytes: 6, lastChunkTS: 1.5, mimeType: 'video/webm', kind: 'gait' });
    const blob = await recoverRecording(id);
    expect(blob.type).toBe('video/webm');
    expect(await blob.text()).toBe('AABBCC');

    const whole = await finishRecording(id);
    expect(await whole.text()).toBe('AABBCC');
    expect(await listUnfinishedRecordings()).toEqual([]);
    await expect(appendRecordingChunk('nope', 0, new Blob(['x']), 0)).rejects.toBeInstanceOf(RecordNotFoundError);
  });
});

describe('home results and exercise log', () => {
  it('stores results and done marks', async () => {
    await addHomeResult('posture', { shoulderLevelDeg: 2 }, '2026-02-01T08:00:00.000Z');
    await addHomeResult('single-leg', { holdS: 21 }, '2026-02-02T08:00:00.000Z');
    expect((await listHomeResults()).map((r) => r.kind)).toEqual(['posture', 'single-leg']);
    expect((await listHomeResults('single-leg'))[0]?.result).toEqual({ holdS: 21 });

    await markExerciseDone('2026-02-01', 'glute-bridge');
    await markExerciseDone('2026-02-01', 'glute-bridge'); // idempotent
    await markExerciseDone('2026-02-03', 'clamshell');
    expect(await listExercisesDone()).toEqual([
      { date: '2026-02-01', exerciseId: 'glute-bridge' },
      { date: '2026-02-03', exerciseId: 'clamshell' },
    ]);
    expect(await listExercisesDone('2026-02-02', '2026-02-28')).toEqual([{ date: '2026-02-03', exerciseId: 'clamshell' }]);
    await unmarkExerciseDone('2026-02-01', 'glute-bridge');
    expect(await listExercisesDone()).toHaveLength(1);
    await expect(markExerciseDone('1/2/2026', 'x')).rejects.toThrow(/YYYY-MM-DD/);
  });
});

describe('deleteEverything', () => {
  it('empties the database and localStorage', async () => {
    const ls = new MemoryStorage();
    (globalThis as Record<string, unknown>).localStorage = ls;
    try {
      ls.setItem('gaitscope.units', 'imperial');
      const p = await createPatient({ name: 'Fay' });
      await addSession({ patientId: p.id, kind: 'gait', report: sampleGaitReport() });
      await startRecording({ mimeType: 'video/webm' });
      await markExerciseDone('2026-01-01', 'x');
      await deleteEverything();
      expect(await listPatients()).toEqual([]);
      const db = getDb();
      expect(await db.sessions.count()).toBe(0);
      expect(await db.recordings.count()).toBe(0);
      expect(await db.exerciseLog.count()).toBe(0);
      expect(ls.length).toBe(0);
    } finally {
      delete (globalThis as Record<string, unknown>).localStorage;
    }
  });
});

describe('storage full', () => {
  it('turns QuotaExceededError into StorageFullError and leaves earlier data intact', async () => {
    const first = await createPatient({ name: 'Gil' });
    const sid = await addSession({ patientId: first.id, kind: 'gait', report: sampleGaitReport() });
    const proto = FakeObjectStore.prototype as unknown as Record<'add' | 'put', (...a: unknown[]) => unknown>;
    const orig = { add: proto.add, put: proto.put };
    const quota = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    proto.add = quota;
    proto.put = quota;
    try {
      const err = await addSession({ patientId: first.id, kind: 'gait', report: sampleGaitReport(), videoBlob: new Blob(['x']) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageFullError);
      expect((err as Error).message).toMatch(/full.*Nothing already saved was changed/s);
      await expect(createPatient({ name: 'Hal' })).rejects.toBeInstanceOf(StorageFullError);
      await expect(updatePatient(first.id, { name: 'Gil 2' })).rejects.toBeInstanceOf(StorageFullError);
    } finally {
      proto.add = orig.add;
      proto.put = orig.put;
    }
    expect((await listPatients()).map((p) => p.name)).toEqual(['Gil']);
    expect((await listSessions(first.id)).map((s) => s.id)).toEqual([sid]);
  });
});

describe('storage full while recording', () => {
  it('a chunk that does not fit fails with StorageFullError and the chunks before it are recoverable', async () => {
    const id = await startRecording({ mimeType: 'video/webm' });
    await appendRecordingChunk(id, 0, new Blob(['AA']), 1);
    await appendRecordingChunk(id, 1, new Blob(['BB']), 2);
    const proto = FakeObjectStore.prototype as unknown as { put: (...a: unknown[]) => unknown };
    const origPut = proto.put;
    proto.put = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    try {
      await expect(appendRecordingChunk(id, 2, new Blob(['CC']), 3)).rejects.toBeInstanceOf(StorageFullError);
    } finally {
      proto.put = origPut;
    }
    expect(await (await recoverRecording(id)).text()).toBe('AABB');
    expect((await listUnfinishedRecordings())[0]).toMatchObject({ id, chunkCount: 2, lastChunkTS: 2 });
  });
});

describe('schema migration', () => {
  it('upgrades a version-1 database to the current version, keeping and completing its data', async () => {
    closeDb();
    await Dexie.delete(DB_NAME);
    const v1 = new Dexie(DB_NAME);
    v1.version(1).stores({ ...SCHEMA_V1 });
    await v1.table('patients').add({ id: 'p1', name: 'Ida Old', yearOfBirth: 1950, createdAt: '2025-05-01T09:00:00.000Z' });
    await v1.table('sessions').add({ id: 's1', patientId: 'p1', createdAt: '2025-05-01T09:30:00.000Z', report: sampleGaitReport() });
    v1.close();

    const db = getDb();
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    const p = await getPatient('p1');
    expect(p).toEqual({
      id: 'p1',
      name: 'Ida Old',
      nameKey: 'ida old',
      yearOfBirth: 1950,
      sex: 'unspecified',
      heightM: null,
      sideOfConcern: null,
      notes: '',
      createdAt: '2025-05-01T09:00:00.000Z',
    });
    expect((await listPatients('old')).map((x) => x.id)).toEqual(['p1']);
    const s = await getSession('s1');
    expect(s).toMatchObject({ kind: 'gait', clinicianNotes: '' });
    expect(s?.report).toEqual(sampleGaitReport());
    expect((await listSessions('p1')).map((x) => x.id)).toEqual(['s1']);
    // Stores added in v2 work on the upgraded database.
    const rec = await startRecording({ mimeType: 'video/webm' });
    expect((await listUnfinishedRecordings()).map((r) => r.id)).toEqual([rec]);
  });
});
