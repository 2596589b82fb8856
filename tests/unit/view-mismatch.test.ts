/**
 * A view the caller gives that the keypoints clearly contradict (a side-view walk analysed as front/back, an easy slip
 * in the clinic's assessment type) is reported first thing, instead of a report of metrics read off the wrong geometry.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTrack, makeSyntheticWalk, parsePoseTrack, VIEW_MISMATCH_WARNING, type PoseTrack } from '../../src/kinematics/index.ts';

const mismatch = (warnings: readonly string[]): string[] => warnings.filter((w) => w.startsWith(VIEW_MISMATCH_WARNING));

describe('view given vs the view the keypoints show', () => {
  for (const keypointSet of ['blazepose33', 'coco17'] as const) {
    it(`${keypointSet}: a side-view walk analysed as frontal is reported; a front-view walk analysed as sagittal fails saying why`, () => {
      const side = makeSyntheticWalk({ camera: 'sagittal-left', keypointSet, durationS: 5 }).track;
      const front = makeSyntheticWalk({ camera: 'frontal-front', keypointSet, durationS: 5 }).track;
      const a = mismatch(analyzeTrack(side, { view: 'frontal' }).quality.warnings);
      expect(a).toHaveLength(1);
      expect(a[0]).toMatch(/side \(sagittal\) view .* analysed as a front or back \(frontal\) view/);
      // A front-view walk read as a side view has no side-view steps at all: the error says why.
      expect(() => analyzeTrack(front, { view: 'sagittal' })).toThrow(/too few steps.*\(the keypoints look like a front or back \(frontal\) view .* analysed as a side \(sagittal\) view/);
      // The right view, given or detected: nothing said.
      for (const [t, v] of [[side, 'sagittal'], [front, 'frontal'], [side, 'auto'], [front, 'auto']] as const) {
        expect(mismatch(analyzeTrack(t, { view: v }).quality.warnings)).toEqual([]);
      }
    });
  }
});

const mocapDir = path.resolve(import.meta.dirname, '../../../shared/data/mocap/tracks');
const haveData = existsSync(mocapDir);
if (!haveData) console.warn(`view-mismatch on motion capture SKIPPED: ${mocapDir} not found (shared data absent)`);

describe.skipIf(!haveData)('motion-capture tracks', () => {
  it('every track with its own view: no mismatch; every track with the other view: reported', () => {
    const files = readdirSync(mocapDir).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const track = JSON.parse(readFileSync(path.join(mocapDir, f), 'utf8')) as PoseTrack;
      const own = track.view as 'sagittal' | 'frontal';
      expect(mismatch(analyzeTrack(parsePoseTrack(structuredClone(track))).quality.warnings), f).toEqual([]);
      const other = own === 'sagittal' ? 'frontal' : 'sagittal';
      let warnings: string[];
      try {
        warnings = analyzeTrack(parsePoseTrack(structuredClone(track)), { view: other }).quality.warnings;
      } catch (e) {
        // A walk analysed with the wrong view may also be impossible to analyse (too few steps): that says enough.
        expect((e as Error).name, f).toBe('AnalysisImpossibleError');
        continue;
      }
      expect(mismatch(warnings), f).toHaveLength(1);
    }
  });
});
