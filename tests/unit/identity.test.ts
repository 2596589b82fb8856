/**
 * One person per analysis (src/kinematics/identity.ts): frames where the pose model jumped to another body (a
 * passer-by, or the subject lost and something else taken) are left out with a warning, and the subject's metrics
 * stand; no walk of one person (synthetic in every camera, with noise, gaps, swaps or a treadmill; every
 * motion-capture track when ../shared/data is present) is taken for two.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTrack, makeSyntheticWalk, parsePoseTrack, type GaitReport, type PoseTrack, type SyntheticWalkOptions } from '../../src/kinematics/index.ts';
import type { ReportExtra } from '../../src/kinematics/types.ts';

type Frame = PoseTrack['frames'][number];
type Report = GaitReport & { extra: ReportExtra };
const analyze = (track: PoseTrack, heightM: number | null): Report => analyzeTrack(parsePoseTrack(structuredClone(track)), { heightM }) as Report;
const jumpWarning = (r: GaitReport): string | undefined => r.quality.warnings.find((w) => w.includes('jumped'));

/** Frames [fromS, toS) of `subject` replaced by the same-time frames of `other`, its points mapped by (x, y) → (cx + s(x − cx) + dx, cy + s(y − cy)). */
function otherBody(subject: PoseTrack, other: PoseTrack, fromS: number, toS: number, map: { dx: number; s: number }): PoseTrack {
  const o = structuredClone(subject);
  const cx = o.image.widthPx / 2;
  const cy = o.image.heightPx / 2;
  o.frames.forEach((f: Frame, i) => {
    if (f.t < fromS || f.t >= toS) return;
    const g = other.frames[i] as Frame;
    f.keypoints = g.keypoints.map((k) => (k[0] === null || k[1] === null ? [null, null, 0] : [Math.round((cx + map.s * (k[0] - cx) + map.dx) * 10) / 10, Math.round((cy + map.s * (k[1] - cy)) * 10) / 10, k[2]])) as Frame['keypoints'];
  });
  return o;
}

const walk = (o: SyntheticWalkOptions) => makeSyntheticWalk({ durationS: 6, keypointSet: 'blazepose33', ...o });

describe('another body in the track', () => {
  it('side view: a passer-by taken for the subject for 0.4 s mid-walk is left out; cadence and step length are the subject\'s, no step spans it', () => {
    const { track, truth } = walk({ camera: 'sagittal-left' });
    const passer = walk({ camera: 'sagittal-right', heightM: 1.55, cadenceStepsPerMin: 96, seed: 7 }).track;
    const t = otherBody(track, passer, 2.8, 3.2, { dx: 380, s: 1 });
    const rep = analyze(t, 1.7);
    expect(jumpWarning(rep), rep.quality.warnings.join('\n')).toMatch(/jumped 2 time/);
    expect(Math.abs((rep.metrics.cadenceStepsPerMin?.value as number) / truth.cadenceStepsPerMin - 1)).toBeLessThan(0.03);
    for (const side of ['left', 'right'] as const) expect(Math.abs((rep.metrics.stepLengthM?.[side]?.mean as number) - truth.stepLengthM)).toBeLessThan(0.04);
    for (const s of rep.extra.steps) if (s.stepTimeS !== null) expect(s.footStrikeS - s.stepTimeS < 3.2 && s.footStrikeS > 2.8, `step ending ${s.footStrikeS}`).toBe(false);
  });

  it('side view: the last third taken over by another walker: the analysis is of the subject seen most', () => {
    const { track, truth } = walk({ camera: 'sagittal-left' });
    const other = walk({ camera: 'sagittal-left', heightM: 1.5, cadenceStepsPerMin: 132, stepLengthM: 0.5, seed: 3 }).track;
    const rep = analyze(otherBody(track, other, 4, 99, { dx: -300, s: 0.8 }), 1.7);
    expect(jumpWarning(rep)).toMatch(/jumped 1 time/);
    expect(Math.abs((rep.metrics.cadenceStepsPerMin?.value as number) / truth.cadenceStepsPerMin - 1)).toBeLessThan(0.03);
    const strikes = [...rep.events.left.footStrikeS, ...rep.events.right.footStrikeS];
    expect(Math.max(...strikes)).toBeLessThan(4);
  });

  it('frontal view: a smaller (farther) person in the same line of sight for 0.4 s is told apart by size; the pelvic drop is the subject\'s', () => {
    const { track, truth } = walk({ camera: 'frontal-front', pelvicDropDeg: { left: 6, right: 2 } });
    const far = walk({ camera: 'frontal-front', heightM: 1.6, seed: 11, pelvicDropDeg: { left: 0, right: 0 } }).track;
    const rep = analyze(otherBody(track, far, 2.6, 3.0, { dx: 0, s: 0.5 }), 1.7);
    expect(jumpWarning(rep)).toMatch(/jumped 2 time/);
    expect(Math.abs((rep.metrics.cadenceStepsPerMin?.value as number) / truth.cadenceStepsPerMin - 1)).toBeLessThan(0.03);
    expect(Math.abs((rep.metrics.contralateralPelvicDropDeg?.left?.mean as number) - truth.pelvicDropDeg.left)).toBeLessThan(0.5);
  });

  it('a second pass after 1 s out of view (starting back at the far end, smaller) is the same patient', () => {
    const { track, truth } = walk({ camera: 'frontal-front', durationS: 4 });
    const o = structuredClone(track);
    const dt = (track.frames[1] as Frame).t - (track.frames[0] as Frame).t;
    const lastT = (track.frames[track.frames.length - 1] as Frame).t;
    const empty = track.keypointNames.map(() => [null, null, 0]) as Frame['keypoints'];
    let t = lastT + dt;
    for (; t < lastT + 1; t += dt) o.frames.push({ t: Math.round(t * 1000) / 1000, keypoints: structuredClone(empty) });
    for (const f of track.frames) o.frames.push({ t: Math.round((f.t + t) * 1000) / 1000, keypoints: structuredClone(f.keypoints) });
    const rep = analyze(o, 1.7);
    expect(jumpWarning(rep)).toBeUndefined();
    const strikes = [...rep.events.left.footStrikeS, ...rep.events.right.footStrikeS];
    expect(Math.max(...strikes), 'strikes in the second pass').toBeGreaterThan(t + 1);
    expect(Math.abs((rep.metrics.cadenceStepsPerMin?.value as number) / truth.cadenceStepsPerMin - 1)).toBeLessThan(0.03);
  });

  it('one person is never taken for two: synthetic walks in every camera, clean, noisy, with gaps, swaps, or on a treadmill', () => {
    const cams = ['sagittal-left', 'sagittal-right', 'frontal-front', 'frontal-back'] as const;
    const variants: SyntheticWalkOptions[] = [{}, { noiseFraction: 0.01 }, { gaps: 4 }, { swaps: 3 }, { treadmill: true }, { cadenceStepsPerMin: 140, stepLengthM: 0.85 }, { keypointSet: 'coco17', fps: 24 }];
    for (const camera of cams) {
      for (const v of variants) {
        const rep = analyze(walk({ camera, ...v }).track, 1.7);
        expect(jumpWarning(rep), `${camera} ${JSON.stringify(v)}`).toBeUndefined();
      }
    }
  });
});

const mocapDir = path.resolve(import.meta.dirname, '../..', '../shared/data/mocap');
const haveData = existsSync(path.join(mocapDir, 'tracks/manifest.json'));
if (!haveData) console.warn(`identity mocap test SKIPPED: ${mocapDir}/tracks/manifest.json not found (shared data absent)`);
interface Entry { file: string; heightM: number }

describe.skipIf(!haveData)('another body: motion-capture tracks', () => {
  it('no motion-capture track (every view, keypoint set and degradation) is taken for two bodies', () => {
    const entries = (JSON.parse(readFileSync(path.join(mocapDir, 'tracks/manifest.json'), 'utf8')) as { tracks: Entry[] }).tracks;
    for (const e of entries) {
      const rep = analyze(JSON.parse(readFileSync(path.join(mocapDir, 'tracks', e.file), 'utf8')) as PoseTrack, e.heightM);
      expect(jumpWarning(rep), e.file).toBeUndefined();
    }
  });
});
