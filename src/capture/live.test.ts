import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EstimatedFrame, PoseEstimator } from './estimator.ts';
import { LivePoseLoop } from './live.ts';

/** A video whose frame callbacks the test fires by hand, at chosen times (ms). */
function fakeVideo() {
  let cb: ((now: number, meta: { mediaTime: number; expectedDisplayTime: number }) => void) | null = null;
  const video = {
    videoWidth: 640,
    videoHeight: 360,
    requestVideoFrameCallback(f: typeof cb) {
      cb = f;
      return 1;
    },
    cancelVideoFrameCallback() {
      cb = null;
    },
  };
  return {
    video: video as unknown as HTMLVideoElement,
    frame(nowMs: number) {
      const f = cb;
      cb = null;
      f?.(nowMs, { mediaTime: nowMs / 1000, expectedDisplayTime: nowMs });
    },
  };
}

/** An estimator that resolves only when the test says so; records every tS it was given. */
function slowEstimator() {
  const calls: number[] = [];
  const pending: (() => void)[] = [];
  let inFlight = 0;
  const est: PoseEstimator = {
    get busy() {
      return inFlight > 0;
    },
    estimate(_img, tS) {
      if (inFlight > 0) return Promise.reject(new Error('queued a frame behind a busy model'));
      inFlight++;
      calls.push(tS);
      return new Promise<EstimatedFrame>((resolve) =>
        pending.push(() => {
          inFlight--;
          resolve({ t: tS, keypoints: [], extra: { people: 1 } });
        }),
      );
    },
  };
  return { est, calls, finishOne: () => pending.shift()?.() };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('LivePoseLoop', () => {
  beforeEach(() => {
    vi.stubGlobal('createImageBitmap', async () => ({ close() {} }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('drops frames that arrive while the model is busy, never queues them, and keeps true timestamps', async () => {
    const v = fakeVideo();
    const { est, calls, finishOne } = slowEstimator();
    const seen: number[] = [];
    const loop = new LivePoseLoop(v.video, est, { onPose: (f) => seen.push(f.t), onError: (e) => { throw e; } });
    loop.start();
    v.frame(1000); // t = 0, sent
    await flush();
    v.frame(1033); // busy: dropped
    v.frame(1067); // busy: dropped
    await flush();
    expect(calls).toEqual([0]);
    finishOne();
    await flush();
    v.frame(1100); // free again: sent with its own time, not the dropped ones'
    await flush();
    finishOne();
    await flush();
    loop.stop();
    expect(calls.map((t) => Math.round(t * 1000))).toEqual([0, 100]);
    expect(seen.map((t) => Math.round(t * 1000))).toEqual([0, 100]);
    expect(loop.stats.dropped).toBe(2);
    expect(loop.stats.analysed).toBe(2);
  });

  it('reports an estimator failure once and stops', async () => {
    const v = fakeVideo();
    const errors: unknown[] = [];
    const est: PoseEstimator = { busy: false, estimate: () => Promise.reject(new Error('worker died')) };
    const loop = new LivePoseLoop(v.video, est, { onPose: () => {}, onError: (e) => errors.push(e) });
    loop.start();
    v.frame(0);
    await flush();
    await flush();
    v.frame(40);
    await flush();
    expect(errors).toHaveLength(1);
  });
});
