/** TrackBuilder: frames → a formats.md §1 pose track with strictly increasing true timestamps. */
import { describe, expect, it } from 'vitest';
import { TrackBuilder } from '../../src/pose/track.ts';
import { COCO_17 } from '../../src/kinematics/keypoints.ts';
import { parsePoseTrack } from '../../src/kinematics/index.ts';
import type { KeypointTuple } from '../../src/kinematics/types.ts';

const kp = (x: number): KeypointTuple[] => COCO_17.map((_, i) => [x + i, 100 + i, 0.9]);
const none = (): KeypointTuple[] => COCO_17.map(() => [null, null, 0]);

describe('TrackBuilder', () => {
  it('builds a valid gaitscope.pose-track v1 with the frames, image size and source', () => {
    const b = new TrackBuilder({ keypointSet: 'coco17', keypointNames: COCO_17, source: { kind: 'video', name: 'walk.mp4', model: 'movenet-lightning' }, heightM: 1.7 });
    b.setImageSize(640, 480);
    expect(b.add({ t: 0, keypoints: kp(10), extra: { people: 1 } })).toBe(true);
    expect(b.add({ t: 0.0333, keypoints: none(), extra: { people: 0 } })).toBe(true);
    expect(b.add({ t: 0.07, keypoints: kp(12), extra: { people: 2 } })).toBe(true);
    const track = b.build();
    expect(track).toMatchObject({
      format: 'gaitscope.pose-track', version: 1, keypointSet: 'coco17', image: { widthPx: 640, heightPx: 480 }, view: null,
      subject: { heightM: 1.7 }, source: { kind: 'video', name: 'walk.mp4', model: 'movenet-lightning' },
    });
    expect(track.keypointNames).toEqual([...COCO_17]);
    expect(track.frames.map((f) => f.t)).toEqual([0, 0.0333, 0.07]);
    expect(track.frames[1]!.keypoints[0]).toEqual([null, null, 0]);
    expect(track.frames[0]).not.toHaveProperty('extra');
    expect(b.emptyFrames).toBe(1);
    expect(b.multiPersonFrames).toBe(1);
    expect(() => parsePoseTrack(JSON.parse(JSON.stringify(track)))).not.toThrow();
  });

  it('refuses frames whose t does not increase (no reordering, no duplicates) and counts them', () => {
    const b = new TrackBuilder({ keypointSet: 'coco17', keypointNames: COCO_17, source: { kind: 'camera' }, image: { widthPx: 10, heightPx: 10 } });
    expect(b.add({ t: 1, keypoints: kp(0) })).toBe(true);
    expect(b.add({ t: 1, keypoints: kp(0) })).toBe(false);
    expect(b.add({ t: 0.5, keypoints: kp(0) })).toBe(false);
    expect(b.add({ t: Number.NaN, keypoints: kp(0) })).toBe(false);
    expect(b.add({ t: 1.01, keypoints: kp(0) })).toBe(true);
    expect(b.rejected).toBe(3);
    expect(b.build().frames.map((f) => f.t)).toEqual([1, 1.01]);
  });

  it('copies frames (later changes to the input do not leak in) and rejects a wrong keypoint count', () => {
    const b = new TrackBuilder({ keypointSet: 'coco17', keypointNames: COCO_17, source: { kind: 'video' }, image: { widthPx: 10, heightPx: 10 } });
    const frame = { t: 0, keypoints: kp(5) };
    b.add(frame);
    frame.keypoints[0]![0] = 999;
    expect(b.build().frames[0]!.keypoints[0]![0]).toBe(5);
    expect(() => b.add({ t: 1, keypoints: kp(0).slice(1) })).toThrow(/16 keypoints, expected 17/);
    expect(() => new TrackBuilder({ keypointSet: 'coco17', keypointNames: COCO_17, source: { kind: 'video' } }).build()).toThrow(/image size/);
  });
});
