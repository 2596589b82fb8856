/**
 * The report's summary warning that the leg keypoints are unreliable (report.ts, KINEMATICS_DEFAULTS.unreliableEventFraction):
 * a pose model that keeps mixing up the legs (BlazePose lite on a side view) leaves many implausible or missing gait
 * events, each dropped with its own warning; the summary says what that means for the whole report.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTrack, makeSyntheticWalk, UNRELIABLE_LEGS_WARNING, type PoseTrack } from '../../src/kinematics/index.ts';
import { summarise } from '../../src/assessment/summary.ts';
import { mulberry32 } from '../../src/kinematics/random.ts';
import type { KeypointName } from '../../src/kinematics/keypoints.ts';
import type { ReportExtra } from '../../src/kinematics/types.ts';

const UNRELIABLE = UNRELIABLE_LEGS_WARNING;

/** In random windows of `periodS` (each with probability `p`), the lower legs' left/right labels swapped for part of it. */
function mixUpLegs(track: PoseTrack, seed: number, periodS: number, p: number): void {
  const names = track.keypointNames;
  const pairs = ['knee', 'ankle', 'heel', 'foot_index'].map((j) => [names.indexOf(`left_${j}` as KeypointName), names.indexOf(`right_${j}` as KeypointName)] as const);
  const u = mulberry32(seed);
  let swapUntil = -Infinity;
  let next = 0;
  for (const f of track.frames) {
    if (f.t >= next) {
      next = f.t + periodS;
      swapUntil = u() < p ? f.t + periodS * (0.3 + 0.7 * u()) : -Infinity;
    }
    if (f.t >= swapUntil) continue;
    for (const [a, b] of pairs) {
      const k = f.keypoints;
      [k[a], k[b]] = [k[b] as (typeof k)[number], k[a] as (typeof k)[number]];
    }
  }
}

describe('unreliable leg keypoints', () => {
  it('a consistently labelled walk: no implausible event, no summary warning', () => {
    for (const seed of [1, 2, 3]) {
      const { track } = makeSyntheticWalk({ durationS: 10, fps: 30, camera: 'sagittal-left', noiseFraction: 0.002, seed });
      const r = analyzeTrack(track);
      expect((r.extra as ReportExtra | undefined)?.analysis.implausibleEventFraction).toBe(0);
      expect(r.quality.warnings.filter((w) => w.includes(UNRELIABLE))).toEqual([]);
      expect(summarise(r, []).filter((x) => x.startsWith('Caution'))).toEqual([]);
    }
  });

  it('legs mixed up in a third of the time: the report says the leg keypoints are unreliable, with the count', () => {
    for (const seed of [1, 2, 3]) {
      const { track } = makeSyntheticWalk({ durationS: 10, fps: 30, camera: 'sagittal-left', noiseFraction: 0.002, seed });
      mixUpLegs(track, seed * 77, 0.3, 0.5);
      const r = analyzeTrack(track);
      const f = (r.extra as ReportExtra | undefined)?.analysis.implausibleEventFraction ?? 0;
      expect(f).toBeGreaterThanOrEqual(0.15);
      const w = r.quality.warnings.filter((x) => x.includes(UNRELIABLE));
      expect(w).toHaveLength(1);
      // "N of M gait events", N/M the fraction in extra.analysis.
      const m = /(\d+) of (\d+) gait events/.exec(w[0] as string);
      expect(m).not.toBeNull();
      expect(Number(m?.[1]) / Number(m?.[2])).toBeCloseTo(f, 10);
      // Each dropped event also has its own warning.
      expect(r.quality.warnings.some((x) => x.includes('dropped'))).toBe(true);
      // The plain-words summary opens with it (it qualifies every finding after it) and does not repeat it.
      const lines = summarise(r, []);
      expect(lines[0]).toMatch(new RegExp(`^Caution: the left and right legs were not tracked reliably in this recording \\(${m?.[1]} of ${m?.[2]} `));
      expect(lines.filter((x) => x.includes(UNRELIABLE))).toEqual([]);
    }
  });
});
