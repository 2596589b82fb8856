/**
 * Side-view step length with the camera's field of view given (AnalyzeOptions.cameraFovDeg): each heel is corrected
 * for its depth off the body's midline (scale.ts stepPerspectiveCorrectionPx). Without it, the near and the far foot
 * are read at the body's scale, which puts up to ±5 cm into single steps near the image edges. Synthetic walker
 * (always; its camera has a 65.2° field of view) and the motion-capture side-view tracks (../shared/data, skipped when
 * absent; cameras of about 65°).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTrack, parsePoseTrack, type ReportExtra } from '../../src/kinematics/index.ts';
import { makeSyntheticWalk } from '../../src/kinematics/synthetic.ts';

const tracksDir = path.resolve(import.meta.dirname, '../../../shared/data/mocap/tracks');
const haveData = existsSync(path.join(tracksDir, 'manifest.json'));
if (!haveData) console.warn(`step-perspective mocap check SKIPPED: ${tracksDir} not found (shared data absent)`);

const rms = (a: number[]): number => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);

/** Per-step errors (m) of the report's steps against `truth(side, t)` (null = no truth for that step). */
function stepErrors(extra: ReportExtra, truth: (side: string, t: number) => number | null): number[] {
  const out: number[] = [];
  for (const s of extra.steps) {
    const tv = truth(s.side, s.footStrikeS);
    if (tv !== null && s.stepLengthM !== null) out.push(s.stepLengthM - tv);
  }
  return out;
}

describe('side-view step length with the camera field of view given', () => {
  it('synthetic walker: the per-step error falls, and without the option the scale method does not claim a correction', () => {
    for (const camera of ['sagittal-left', 'sagittal-right'] as const) {
      const { track, truth } = makeSyntheticWalk({ camera, fps: 30, durationS: 8, seed: 5 });
      const plain = analyzeTrack(track, { heightM: 1.7 });
      const fov = analyzeTrack(track, { heightM: 1.7, cameraFovDeg: 65.2 });
      const e0 = stepErrors(plain.extra as unknown as ReportExtra, () => truth.stepLengthM);
      const e1 = stepErrors(fov.extra as unknown as ReportExtra, () => truth.stepLengthM);
      console.log(`${camera}: per-step RMS error ${(rms(e0) * 100).toFixed(1)} → ${(rms(e1) * 100).toFixed(1)} cm over ${e1.length} steps`);
      expect(e1.length).toBe(e0.length);
      expect(e1.length).toBeGreaterThan(6);
      expect(rms(e1)).toBeLessThan(0.6 * rms(e0));
      const method = (r: typeof plain): string => String((r.extra as unknown as ReportExtra).analysis?.scaleMethod ?? '');
      expect(method(fov)).toContain('field of view 65.2°');
      expect(method(plain)).not.toContain('field of view');
    }
  });

  it('finds the near foot from the data, not the labels: swapped labels or a mirrored image still gain', () => {
    for (const variant of [{ swapLabels: true }, { mirror: true }, { mirror: true, swapLabels: true }]) {
      const { track, truth } = makeSyntheticWalk({ camera: 'sagittal-left', fps: 30, durationS: 8, seed: 5, ...variant });
      const e0 = stepErrors(analyzeTrack(track, { heightM: 1.7 }).extra as unknown as ReportExtra, () => truth.stepLengthM);
      const e1 = stepErrors(analyzeTrack(track, { heightM: 1.7, cameraFovDeg: 65.2 }).extra as unknown as ReportExtra, () => truth.stepLengthM);
      console.log(`${JSON.stringify(variant)}: per-step RMS error ${(rms(e0) * 100).toFixed(1)} → ${(rms(e1) * 100).toFixed(1)} cm`);
      expect(rms(e1), JSON.stringify(variant)).toBeLessThan(0.6 * rms(e0));
    }
  });

  it.skipIf(!haveData)('motion-capture side-view tracks (clean, both trials and cameras): per-step RMS error falls by a third', () => {
    const dir = path.dirname(tracksDir);
    const entries = (JSON.parse(readFileSync(path.join(tracksDir, 'manifest.json'), 'utf8')) as { tracks: { file: string; view: string; variant: string; heightM: number; truth: string }[] }).tracks
      .filter((e) => e.view === 'sagittal' && e.variant === 'clean');
    const e0: number[] = [];
    const e1: number[] = [];
    for (const e of entries) {
      const steps = (JSON.parse(readFileSync(path.join(dir, 'truth', e.truth), 'utf8')) as { extra: { truth: { alternatives: { stepsAtFootStrike: { side: string; t: number; stepLengthM: number }[] } } } })
        .extra.truth.alternatives.stepsAtFootStrike;
      const truth = (side: string, t: number): number | null => steps.find((s) => s.side === side && Math.abs(s.t - t) < 0.1)?.stepLengthM ?? null;
      const track = parsePoseTrack(JSON.parse(readFileSync(path.join(tracksDir, e.file), 'utf8')));
      e0.push(...stepErrors(analyzeTrack(track, { heightM: e.heightM }).extra as unknown as ReportExtra, truth));
      e1.push(...stepErrors(analyzeTrack(track, { heightM: e.heightM, cameraFovDeg: 65 }).extra as unknown as ReportExtra, truth));
    }
    const worst = (a: number[]): number => Math.max(...a.map(Math.abs));
    console.log(`mocap side view: per-step RMS error ${(rms(e0) * 100).toFixed(1)} → ${(rms(e1) * 100).toFixed(1)} cm, worst ${(worst(e0) * 100).toFixed(1)} → ${(worst(e1) * 100).toFixed(1)} cm (${e1.length} steps)`);
    expect(e1.length).toBe(e0.length);
    expect(rms(e1)).toBeLessThan(0.67 * rms(e0));
    expect(worst(e1)).toBeLessThan(0.035);
  });
});
