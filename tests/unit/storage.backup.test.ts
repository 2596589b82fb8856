import 'fake-indexeddb/auto';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addHomeResult,
  addSession,
  BackupError,
  closeDb,
  createPatient,
  deleteEverything,
  exportBackup,
  exportBackupObject,
  getSession,
  importBackup,
  listPatients,
  listSessions,
  markExerciseDone,
  StorageFullError,
  updateSessionNotes,
} from '../../src/storage/index.ts';
import { sampleGaitReport } from '../../src/ui/report/sample-report.ts';
import type { PoseTrack } from '../../src/kinematics/types.ts';

/** Loosely typed JSON for building broken backups by hand. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TRACK: PoseTrack = {
  format: 'gaitscope.pose-track',
  version: 1,
  keypointSet: 'coco17',
  keypointNames: ['nose', 'left_eye'],
  image: { widthPx: 640, heightPx: 480 },
  view: 'sagittal',
  subject: { heightM: 1.7 },
  frames: [
    { t: 0, keypoints: [[1, 2, 0.9], [null, null, 0]] },
    { t: 0.033, keypoints: [[1.5, 2.5, 0.8], [3, 4, 0.7]] },
  ],
};

/** Everything stored, as comparable data (no export time). */
async function snapshot(): Promise<unknown> {
  const { exportedAt: _t, ...rest } = await exportBackupObject();
  for (const s of rest.sessions) expect(s.id).toBeTypeOf('string');
  return rest;
}

async function seed(): Promise<{ patientId: string; sessionId: string }> {
  const p = await createPatient({ name: '<img src=x onerror=alert(1)>', yearOfBirth: 1970, sex: 'male', heightM: 1.78, sideOfConcern: 'left', notes: 'née "Ünal" — ü, 日本' });
  const sessionId = await addSession({
    patientId: p.id,
    kind: 'gait',
    report: sampleGaitReport(),
    track: TRACK,
    videoBlob: new Blob([new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 7) % 256))], { type: 'video/webm' }),
    createdAt: '2026-04-01T10:00:00.000Z',
  });
  await updateSessionNotes(sessionId, 'Walks without aid.');
  await addSession({ patientId: p.id, kind: 'single-leg', report: { holdLeftS: 12, holdRightS: 30 }, createdAt: '2026-04-08T10:00:00.000Z' });
  await addHomeResult('posture', { shoulderLevelDeg: -1.5 }, '2026-04-09T07:00:00.000Z');
  await markExerciseDone('2026-04-09', 'glute-bridge');
  return { patientId: p.id, sessionId };
}

beforeEach(async () => {
  await deleteEverything();
});
afterEach(() => closeDb());

describe('backup round trip', () => {
  it('restores exactly what was exported, videos included', async () => {
    const { patientId, sessionId } = await seed();
    const before = await snapshot();
    const text = await exportBackup();
    await deleteEverything();
    expect(await listPatients()).toEqual([]);
    const counts = await importBackup(text);
    expect(counts).toEqual({ patients: 1, sessions: 2, homeResults: 1, exerciseLog: 1 });
    expect(await snapshot()).toEqual(before);
    const s = await getSession(sessionId);
    expect(s?.track).toEqual(TRACK);
    expect(s?.videoBlob?.type).toBe('video/webm');
    expect(Array.from(new Uint8Array(await s!.videoBlob!.arrayBuffer())).slice(0, 4)).toEqual([0, 7, 14, 21]);
    expect((await listPatients('onerror'))[0]?.id).toBe(patientId);
  });

  it('can leave videos out', async () => {
    const { sessionId } = await seed();
    const text = await exportBackup({ includeVideos: false });
    expect(text).not.toContain('"video"');
    await deleteEverything();
    await importBackup(text);
    expect((await getSession(sessionId))?.videoBlob).toBeUndefined();
  });

  it('replace mode clears what was there; merge keeps it', async () => {
    await seed();
    const text = await exportBackup();
    await deleteEverything();
    const other = await createPatient({ name: 'Other' });
    await importBackup(text, 'merge');
    expect((await listPatients()).map((p) => p.name).sort()).toEqual(['<img src=x onerror=alert(1)>', 'Other']);
    await importBackup(text, 'replace');
    expect((await listPatients()).map((p) => p.name)).toEqual(['<img src=x onerror=alert(1)>']);
    expect(await listSessions(other.id)).toEqual([]);
  });
});

describe('malformed backups', () => {
  async function expectRejected(text: string, field: RegExp | null, message?: RegExp): Promise<void> {
    const before = await snapshot();
    const err = await importBackup(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    if (field) expect((err as BackupError).field).toMatch(field);
    if (field) expect((err as BackupError).message).toContain((err as BackupError).field!);
    if (message) expect((err as BackupError).message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  }

  it('names the field that is wrong and imports nothing', async () => {
    await seed();
    const good = JSON.parse(await exportBackup()) as Json;
    await deleteEverything();
    const existing = await createPatient({ name: 'Already here' });
    const variant = (f: (b: Json) => void) => {
      const b = structuredClone(good);
      f(b);
      return JSON.stringify(b);
    };
    await expectRejected('{"format": "gaitscope.backup", ', null, /not valid JSON/);
    await expectRejected('[]', /^\(file\)$/);
    await expectRejected(variant((b) => (b.format = 'gaitscope.report')), /^format$/, /not a Gaitscope backup/);
    await expectRejected(variant((b) => (b.version = 2)), /^version$/);
    await expectRejected(variant((b) => (b.patients[0].yearOfBirth = '1970')), /^patients\[0\]\.yearOfBirth$/);
    await expectRejected(variant((b) => delete b.patients[0].name), /^patients\[0\]\.name$/);
    await expectRejected(variant((b) => (b.sessions[0].report.metrics.cadenceStepsPerMin = { value: 'fast' })), /^sessions\[0\]\.report\.metrics\.cadenceStepsPerMin\.value$/);
    await expectRejected(variant((b) => (b.sessions[0].report.format = 'x')), /^sessions\[0\]\.report\.format$/);
    await expectRejected(variant((b) => (b.sessions[1].kind = 'run')), /^sessions\[1\]\.kind$/);
    await expectRejected(variant((b) => (b.sessions[0].track.frames[1].keypoints[0] = [1, 2])), /^sessions\[0\]\.track\.frames\[1\]\.keypoints\[0\]/);
    await expectRejected(variant((b) => (b.sessions[0].video.base64 = 'not base64!')), /^sessions\[0\]\.video\.base64$/);
    await expectRejected(variant((b) => (b.exerciseLog[0].date = '9 April')), /^exerciseLog\[0\]\.date$/);
    // Valid patients first, then a session pointing nowhere: the patients must not land either.
    await expectRejected(variant((b) => (b.sessions[1].patientId = 'ghost')), /^sessions\[1\]\.patientId$/, /no patient with this id/);
    await expectRejected(variant((b) => b.patients.push({ ...b.patients[0] })), /^patients\[1\]\.id$/, /duplicate/);
    expect((await listPatients()).map((p) => p.id)).toEqual([existing.id]);
  });

  it('a storage failure half-way through leaves everything as it was', async () => {
    await seed();
    const text = await exportBackup();
    await deleteEverything();
    await createPatient({ name: 'Keep me' });
    const before = await snapshot();
    const proto = FakeObjectStore.prototype as unknown as { put: (...a: unknown[]) => unknown };
    const origPut = proto.put;
    let calls = 0;
    proto.put = function (this: unknown, ...args: unknown[]) {
      // Let the patients through, fail on a later write.
      if (++calls > 1) throw new DOMException('quota', 'QuotaExceededError');
      return origPut.apply(this, args);
    };
    try {
      await expect(importBackup(text)).rejects.toBeInstanceOf(StorageFullError);
    } finally {
      proto.put = origPut;
    }
    expect(calls).toBeGreaterThan(1);
    expect(await snapshot()).toEqual(before);
  });
});

describe('property: random and mutated backups', () => {
  /** Sets/deletes/replaces the value at a random path of a JSON value. */
  function mutate(value: unknown, choices: number[], replacement: unknown): unknown {
    const root = structuredClone(value);
    let cur: Json = root as Json;
    let i = 0;
    for (;;) {
      const keys = cur !== null && typeof cur === 'object' ? Object.keys(cur) : [];
      if (keys.length === 0) break;
      const pick = choices[i++];
      const key = keys[(pick ?? 0) % keys.length]!;
      const child = cur[key];
      const stopHere = pick === undefined || child === null || typeof child !== 'object' || (pick % 4 === 0 && i > 1);
      if (stopHere) {
        if ((pick ?? 0) % 3 === 0) {
          if (Array.isArray(cur)) cur.splice(Number(key), 1);
          else delete cur[key];
        } else cur[key] = replacement;
        return root;
      }
      cur = child;
    }
    return replacement;
  }

  it('random JSON never crashes the reader and never imports anything', async () => {
    await seed();
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string()), async (text) => {
        const err = await importBackup(text).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BackupError);
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('mutated backups either import whole or are rejected with a BackupError leaving storage unchanged', async () => {
    await seed();
    const good = JSON.parse(await exportBackup()) as Json;
    await deleteEverything();
    const keeper = await createPatient({ name: 'Keeper' });
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.oneof(fc.jsonValue(), fc.constant(null), fc.constant(''), fc.constant(-1), fc.constant('x')),
        fc.boolean(),
        fc.nat(),
        async (choices, replacement, truncate, cut) => {
          // Start each run from the same state.
          await importBackup(JSON.stringify({ ...good, patients: [], sessions: [], homeResults: [], exerciseLog: [] }), 'replace');
          await createPatient({ name: 'Keeper' }).catch(() => undefined);
          const before = await snapshot();
          let text = JSON.stringify(mutate(good, choices, replacement));
          if (truncate) text = text.slice(0, cut % Math.max(1, text.length));
          const result = await importBackup(text).catch((e: unknown) => e);
          if (result instanceof Error) {
            expect(result).toBeInstanceOf(BackupError);
            expect(await snapshot()).toEqual(before);
            rejected++;
          } else {
            // Accepted: everything in the file is now stored.
            const file = JSON.parse(text) as { patients: { id: string }[]; sessions: { id: string }[] };
            const after = (await snapshot()) as { patients: { id: string }[]; sessions: { id: string }[] };
            for (const p of file.patients) expect(after.patients.map((x) => x.id)).toContain(p.id);
            for (const s of file.sessions) expect(after.sessions.map((x) => x.id)).toContain(s.id);
            accepted++;
          }
        },
      ),
      { numRuns: 120 },
    );
    expect(rejected).toBeGreaterThan(10);
    expect(keeper.id).toBeTypeOf('string');
    console.info(`mutated backups: ${accepted} accepted whole, ${rejected} rejected`);
  });
});
