/**
 * Knee flexion peak in swing when the peak falls in a keypoint gap (issue 3): artificial gaps of 67–200 ms are
 * knocked into clean tracks at every frame position that covers a swing's knee peak, and the per-stride knee peak
 * the report then gives is compared with the one of the untouched track. The guarantees under test:
 * - a value the report gives stays within GAP_BOUND_DEG of the gap-free value, and says it was imputed;
 * - a gap of at most 0.1 s (bridged by a local polynomial in the knee angle, KNEE_GAP_BRIDGE) always gives a value
 *   (the staggered pattern included, with the hip missing longer than the knee);
 * - a swing the report cannot measure is null with a warning.
 * (Interpolating the keypoints across the gap instead reads up to ~20° low on these cases.) Real data from
 * ../shared/data/mocap (skipped when absent) and a synthetic walker (always runs).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTrack, parsePoseTrack, type GaitReport, type PoseTrack, type ReportExtra } from '../../src/kinematics/index.ts';
import { KINEMATICS_DEFAULTS, type KinematicsSettings } from '../../src/kinematics/conventions.ts';
import { makeSyntheticWalk } from '../../src/kinematics/synthetic.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const tracksDir = path.resolve(projectRoot, '../shared/data/mocap/tracks');
const manifestPath = path.join(tracksDir, 'manifest.json');
const haveData = existsSync(manifestPath);
if (!haveData) console.warn(`knee-gap mocap validation SKIPPED: ${manifestPath} not found (shared data absent)`);

/**
 * A knee peak the report gives with a gap near it may differ from the gap-free one by at most this (°). Measured:
 * worst 1.7° for same-window gaps ≤ 0.1 s, 2.5° for the staggered pattern (gaps of 0.133 s, bridged until the limit
 * was lowered to 0.1 s, reached 3.1–3.8°).
 */
const GAP_BOUND_DEG = 3;

/**
 * A knee peak read from other gait cycles (gaps 0.11–0.2 s, KNEE_GAP_PATTERN) may differ from the gap-free one by at
 * most this (°), with a median of at most CYCLE_MEDIAN_DEG. Measured on the mocap tracks: median 0.9–1.7°, worst 4.5–5.3°
 * (the single best donor instead of the average: worst 6–7°).
 */
const CYCLE_BOUND_DEG = 5.5;
const CYCLE_MEDIAN_DEG = 2;

/**
 * Gap types over the tested side's leg, as [joints, first frame, end frame] relative to the gap start `s` and its
 * length `nf` (frames); `sc` = frames per 1/30 s. `staggered` is the pattern of the real dropout track
 * (opensim…__sagittal-right…__dropout): the hip missing longest, the knee less, the ankle/heel/foot least.
 */
const GAP_TYPES: Record<string, (s: number, nf: number, sc: number) => [readonly string[], number, number][]> = {
  wholeLeg: (s, nf) => [[['hip', 'knee', 'ankle', 'heel', 'foot_index'], s, s + nf]],
  lowerLeg: (s, nf) => [[['knee', 'ankle', 'heel', 'foot_index'], s, s + nf]],
  kneeOnly: (s, nf) => [[['knee'], s, s + nf]],
  staggered: (s, nf, sc) => [[['hip'], s - 2 * sc, s + nf + 3 * sc], [['knee'], s, s + nf], [['ankle', 'heel', 'foot_index'], s + sc, s + nf - sc]],
};

interface Case { type: string; lengthS: number; side: string; cleanDeg: number; gotDeg: number | null; warned: boolean; imputedSaid: boolean; fromCycles: boolean; keptInCycleCurve: boolean }

/** Knocks the `groups` ([joints, from, to)) of `side` out of the track. */
function withGap(track: PoseTrack, side: string, groups: [readonly string[], number, number][]): PoseTrack {
  const names = track.keypointNames as readonly string[];
  const idx = groups.map(([joints, from, to]) => ({ from, to, ks: new Set(joints.map((j) => names.indexOf(`${side}_${j}`)).filter((i) => i >= 0)) }));
  return {
    ...track,
    frames: track.frames.map((f, fi) => {
      const drop = idx.filter((g) => fi >= g.from && fi < g.to);
      return drop.length ? { ...f, keypoints: f.keypoints.map((kp, ki) => (drop.some((g) => g.ks.has(ki)) ? [null, null, 0] : kp)) as typeof f.keypoints } : f;
    }),
  };
}

/** Every gap type × length × start frame such that the gap covers a stride's swing knee peak of the clean report. */
function gapCases(track: PoseTrack, heightM: number | null, lengthsS: readonly number[], settings: KinematicsSettings = KINEMATICS_DEFAULTS): Case[] {
  const base = analyzeTrack(track, { heightM });
  const extra = base.extra as unknown as ReportExtra;
  const tS = extra.series.tS;
  const frameT = track.frames.map((f) => f.t);
  const dtS = ((frameT[frameT.length - 1] as number) - (frameT[0] as number)) / (frameT.length - 1);
  const sc = Math.max(1, Math.round(1 / 30 / dtS));
  const out: Case[] = [];
  for (const st of extra.strides) {
    if (st.kneeFlexionPeakSwingDeg === null || st.footOffS === null) continue;
    const knee = extra.series.kneeFlexionDeg?.[st.side] ?? [];
    let peakT = NaN;
    let best = -Infinity;
    for (let i = 0; i < tS.length; i++) {
      const v = knee[i];
      const t = tS[i] as number;
      if (t >= st.footOffS && t <= st.endS && v !== null && v !== undefined && v > best) [best, peakT] = [v, t];
    }
    const peakFrame = frameT.findIndex((t) => t >= peakT - dtS / 2);
    for (const lengthS of lengthsS) {
      const nf = Math.max(1, Math.round(lengthS / dtS));
      for (let from = peakFrame - nf + 1; from <= peakFrame; from++) {
        for (const [type, groups] of Object.entries(GAP_TYPES)) {
          const rep: GaitReport = analyzeTrack(withGap(track, st.side, groups(from, nf, sc)), { heightM }, settings);
          const s = (rep.extra as unknown as ReportExtra).strides.find((x) => x.side === st.side && Math.abs(x.endS - st.endS) < 0.1);
          out.push({
            type, lengthS, side: st.side, cleanDeg: st.kneeFlexionPeakSwingDeg, gotDeg: s ? s.kneeFlexionPeakSwingDeg : null,
            warned: rep.quality.warnings.some((w) => w.startsWith('kneeFlexionPeakSwingDeg') || /phase\(s\) skipped/.test(w)),
            imputedSaid: rep.quality.warnings.some((w) => w.startsWith('kneeFlexionPeakSwingDeg') && w.includes('IMPUTED') && w.includes(`the ${st.side} swing`)),
            fromCycles: rep.quality.warnings.some((w) => w.startsWith('kneeFlexionPeakSwingDeg') && w.includes('other gait cycles') && w.includes(`the ${st.side} swing`)),
            keptInCycleCurve: ((rep.extra as unknown as ReportExtra).kneeFlexionCycle?.[st.side as 'left' | 'right']?.n ?? 0) >= (extra.kneeFlexionCycle?.[st.side as 'left' | 'right']?.n ?? 0),
          });
        }
      }
    }
  }
  return out;
}

function summary(cases: Case[]): string {
  const err = cases.filter((c) => c.gotDeg !== null).map((c) => Math.abs((c.gotDeg as number) - c.cleanDeg)).sort((a, b) => a - b);
  const q = (p: number): string => (err.length ? (err[Math.min(err.length - 1, Math.floor(p * err.length))] as number).toFixed(2) : '-');
  return `${cases.length} cases, ${err.length} valued, ${cases.length - err.length} null; |error| median ${q(0.5)} p95 ${q(0.95)} max ${err.length ? (err[err.length - 1] as number).toFixed(2) : '-'} °`;
}

function expectSafe(cases: Case[]): void {
  expect(cases.length).toBeGreaterThan(0);
  for (const c of cases) {
    const what = `${c.type} ${c.lengthS} s gap on the ${c.side} leg${c.fromCycles ? ' (from other cycles)' : ''}`;
    // A stride whose knee peak was not measured stays out of the mean knee curve, whatever the report did with its peak.
    expect(c.keptInCycleCurve, `${what}: the stride stays in the knee cycle curve (got ${c.gotDeg}° against ${c.cleanDeg.toFixed(1)}° gap-free)`).toBe(false);
    if (c.gotDeg === null) expect(c.warned, `${what}: null without a warning`).toBe(true);
    else {
      expect(Math.abs(c.gotDeg - c.cleanDeg), `${what}: ${c.gotDeg.toFixed(1)}° vs ${c.cleanDeg.toFixed(1)}° gap-free`).toBeLessThanOrEqual(c.fromCycles ? CYCLE_BOUND_DEG : GAP_BOUND_DEG);
      if (c.lengthS <= 0.1 + 1e-9) expect(c.fromCycles, `${what}: a short gap is bridged by the polynomial`).toBe(false);
      expect(c.imputedSaid, `${what}: a bridged value without the IMPUTED warning`).toBe(true);
    }
    if (c.lengthS <= 0.1 + 1e-9) expect(c.gotDeg, `${what}: a short gap is bridged`).not.toBeNull();
  }
}

describe('knee peak with a gap over it: a value given is within the bound of the gap-free one, else null + warning', () => {
  it('synthetic walkers (left and right cameras, 30 and 60 fps)', () => {
    const cases: Case[] = [];
    for (const [camera, fps] of [['sagittal-left', 30], ['sagittal-right', 60]] as const) {
      const { track } = makeSyntheticWalk({ camera, fps, durationS: 4, seed: 3 });
      cases.push(...gapCases(track, 1.7, [0.067, 0.1, 0.133, 0.2]));
    }
    console.log(`knee-gap synthetic: ${summary(cases)}`);
    expectSafe(cases);
  });

  it.skipIf(!haveData)('mocap clean side-view tracks (both trials, both cameras, 30/60 fps, bp33/coco17)', () => {
    const entries = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { tracks: { file: string; view: string; variant: string; heightM: number }[] }).tracks
      .filter((e) => e.view === 'sagittal' && e.variant === 'clean');
    expect(entries.length).toBeGreaterThan(0);
    const cases: Case[] = [];
    for (const e of entries) {
      const track = parsePoseTrack(JSON.parse(readFileSync(path.join(tracksDir, e.file), 'utf8')));
      cases.push(...gapCases(track, e.heightM, [0.067, 0.1, 0.133, 0.2]));
    }
    for (const type of Object.keys(GAP_TYPES)) console.log(`knee-gap mocap ${type}: ${summary(cases.filter((c) => c.type === type))}`);
    expectSafe(cases);
  });

  it.skipIf(!haveData)('peaks from other gait cycles (every gap of 0.133–0.2 s, kneePeakFromOtherCycles: always; clean and dropped-frame tracks): within the bound, median within CYCLE_MEDIAN_DEG', () => {
    const entries = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { tracks: { file: string; view: string; variant: string; heightM: number }[] }).tracks
      .filter((e) => e.view === 'sagittal' && (e.variant === 'clean' || e.variant === 'irregular'));
    const always: KinematicsSettings = { ...KINEMATICS_DEFAULTS, kneePeakFromOtherCycles: 'always' };
    const cases: Case[] = [];
    for (const e of entries) {
      const track = parsePoseTrack(JSON.parse(readFileSync(path.join(tracksDir, e.file), 'utf8')));
      cases.push(...gapCases(track, e.heightM, [0.133, 0.2], always));
    }
    const cyc = cases.filter((c) => c.fromCycles);
    for (const type of Object.keys(GAP_TYPES)) console.log(`knee-gap mocap, from other cycles, ${type}: ${summary(cyc.filter((c) => c.type === type))}`);
    // Most gaps of this length over a peak are filled from other cycles (the rest have no matching donor: null + warning).
    expect(cyc.length).toBeGreaterThan(cases.length / 2);
    expectSafe(cases);
    const err = cyc.map((c) => Math.abs((c.gotDeg as number) - c.cleanDeg)).sort((a, b) => a - b);
    expect(err[err.length >> 1]).toBeLessThanOrEqual(CYCLE_MEDIAN_DEG);
  });

  it('peaks from other gait cycles on synthetic walkers (kneePeakFromOtherCycles: always)', () => {
    const always: KinematicsSettings = { ...KINEMATICS_DEFAULTS, kneePeakFromOtherCycles: 'always' };
    const cases: Case[] = [];
    for (const [camera, fps] of [['sagittal-left', 30], ['sagittal-right', 60]] as const) {
      const { track } = makeSyntheticWalk({ camera, fps, durationS: 4, seed: 3 });
      cases.push(...gapCases(track, 1.7, [0.133, 0.2], always));
    }
    const cyc = cases.filter((c) => c.fromCycles);
    console.log(`knee-gap synthetic, from other cycles: ${summary(cyc)}`);
    expect(cyc.length).toBeGreaterThan(cases.length / 2);
    expectSafe(cases);
  });
});
