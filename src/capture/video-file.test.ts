import { describe, expect, it } from 'vitest';
import { estimateFrames, type DecodedFrame } from './video-file.ts';
import type { EstimatedFrame, PoseEstimator } from './estimator.ts';
import { CaptureError } from './errors.ts';

/** A stand-in image that records whether it was closed. */
class FakeImage {
  closed = false;
  constructor(readonly index: number) {}
  close(): void {
    this.closed = true;
  }
}

const frameTimesS = (n: number) => Array.from({ length: n }, (_, i) => i / 30);

/** A frame source over `timesS`; records when each decode started and finished relative to the estimator's log. */
function source(timesS: number[], log: string[], opts: { failAt?: number; decodeMs?: number } = {}) {
  const images: FakeImage[] = [];
  let i = 0;
  const next = async (): Promise<DecodedFrame | null> => {
    const k = i++;
    log.push(`decode-start ${k}`);
    await new Promise((r) => setTimeout(r, opts.decodeMs ?? 1));
    if (k === opts.failAt) throw new Error(`damaged frame ${k}`);
    if (k >= timesS.length) return null;
    const image = new FakeImage(k);
    images.push(image);
    log.push(`decode-end ${k}`);
    return { image: image as unknown as ImageBitmap, tS: timesS[k] as number };
  };
  return { next, images };
}

/** An estimator like the pose worker client: one frame at a time (refuses a second), takes `ms` per frame. */
function fakeEstimator(log: string[], opts: { ms?: number; failAt?: number; busyFirstMs?: number } = {}) {
  let inFlight = false;
  let foreign: Promise<void> | null = opts.busyFirstMs ? new Promise((r) => setTimeout(r, opts.busyFirstMs)).then(() => void (foreign = null)) : null;
  const seen: { index: number; tS: number }[] = [];
  const est: PoseEstimator & { idle(): Promise<void> } = {
    get busy() {
      return inFlight || foreign !== null;
    },
    idle: () => foreign ?? Promise.resolve(),
    async estimate(image, tS): Promise<EstimatedFrame> {
      const img = image as unknown as FakeImage;
      if (inFlight || foreign) throw new Error('busy: a frame is already in flight');
      inFlight = true;
      log.push(`estimate-start ${img.index}`);
      try {
        await new Promise((r) => setTimeout(r, opts.ms ?? 5));
        if (img.index === opts.failAt) throw new Error('model failed');
        seen.push({ index: img.index, tS });
        img.close(); // the worker closes the images it is sent
        log.push(`estimate-end ${img.index}`);
        return { t: tS, keypoints: [[img.index, img.index * 2, 0.9]], extra: { people: 1 } };
      } finally {
        inFlight = false;
      }
    },
  };
  return { est, seen };
}

describe('estimateFrames (decode pipelined with inference)', () => {
  it('estimates every frame exactly once, in order, with its own timestamp, one at a time', async () => {
    const log: string[] = [];
    const times = frameTimesS(12);
    const src = source(times, log);
    const { est, seen } = fakeEstimator(log);
    const done: number[] = [];
    const { frames, decodeError } = await estimateFrames(src.next, est, { onFrame: (_f, n) => done.push(n) });
    expect(decodeError).toBeNull();
    expect(seen.map((s) => s.index)).toEqual(times.map((_, i) => i));
    expect(frames.map((f) => f.t)).toEqual(times);
    expect(frames.map((f) => f.keypoints[0]?.[0])).toEqual(times.map((_, i) => i));
    expect(done).toEqual(times.map((_, i) => i + 1));
    expect(src.images.every((im) => im.closed)).toBe(true);
  });

  it('decodes the next frame while the current one is in the model', async () => {
    const log: string[] = [];
    const src = source(frameTimesS(5), log, { decodeMs: 1 });
    const { est } = fakeEstimator(log, { ms: 20 });
    await estimateFrames(src.next, est);
    for (let k = 0; k < 4; k++) {
      const startK = log.indexOf(`estimate-start ${k}`);
      const endK = log.indexOf(`estimate-end ${k}`);
      const nextDecoded = log.indexOf(`decode-end ${k + 1}`);
      // Frame k+1 was decoded after frame k went to the model and before its pose came back.
      expect(nextDecoded, log.join(', ')).toBeGreaterThan(startK);
      expect(nextDecoded, log.join(', ')).toBeLessThan(endK);
    }
  });

  it('keeps the frames before a decode error and reports it; nothing after is sent', async () => {
    const log: string[] = [];
    const src = source(frameTimesS(10), log, { failAt: 4 });
    const { est, seen } = fakeEstimator(log);
    const { frames, decodeError } = await estimateFrames(src.next, est);
    expect(frames.map((f) => f.t)).toEqual(frameTimesS(4));
    expect(seen).toHaveLength(4);
    expect(String((decodeError?.cause as Error).message)).toContain('damaged frame 4');
  });

  it('waits for a frame someone else sent (idle()) before the first frame, without a busy refusal', async () => {
    const log: string[] = [];
    const src = source(frameTimesS(3), log);
    const { est, seen } = fakeEstimator(log, { busyFirstMs: 30 });
    const { frames } = await estimateFrames(src.next, est);
    expect(frames).toHaveLength(3);
    expect(seen.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('on cancel, stops and closes the frame decoded ahead', async () => {
    const log: string[] = [];
    const src = source(frameTimesS(50), log);
    const { est, seen } = fakeEstimator(log, { ms: 5 });
    const abort = new AbortController();
    const run = estimateFrames(src.next, est, { signal: abort.signal, onFrame: (_f, n) => n === 3 && abort.abort() });
    await expect(run).rejects.toSatisfy((e: unknown) => e instanceof CaptureError && e.kind === 'cancelled');
    expect(seen).toHaveLength(3);
    // Every decoded image was either estimated (closed by the worker) or released by the pipeline.
    expect(src.images.length).toBe(4);
    expect(src.images.every((im) => im.closed)).toBe(true);
  });

  it('passes a model failure on and releases the frame decoded ahead', async () => {
    const log: string[] = [];
    const src = source(frameTimesS(10), log);
    const { est } = fakeEstimator(log, { failAt: 2 });
    await expect(estimateFrames(src.next, est)).rejects.toThrow('model failed');
    const ahead = src.images.find((im) => im.index === 3);
    expect(ahead?.closed).toBe(true);
  });
});
